import { z } from 'zod';
import { CALL_ACCESS } from '../../common/call-access.ts';
import type { CallName } from '../../common/contract.ts';
import type { Problem, ProblemCode, Result } from '../../common/result.ts';
import { ProblemSchema } from '../../common/protocol.ts';
import { problemFromZod } from '../../common/zod-problem.ts';

export interface RestRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** Who is calling: `token:<name>` for an API token, `station` for the station token (view only). */
  user: { name: string; role: string; permissions: readonly string[] };
  /** The client's address, for the audit trail. */
  station: string;
}

export interface RestRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI path template, e.g. `/api/v1/tags/{path}`. */
  path: string;
  /** A path parameter that may contain slashes (tag paths do). */
  greedyParam?: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * The contract call this route does the same as: its access (common/call-access.ts) is checked
   * before `handle` runs, so REST and WebSocket permissions cannot differ.
   */
  call: CallName;
  query?: Q;
  /** The JSON request body (POST/PUT), parsed before `handle` runs; a bad body is a 400 naming the field. */
  body?: B;
  /** The answer; `contentType` for downloads (default application/json). */
  response: { description: string; schema: z.ZodType; contentType?: string };
  /** Problem codes this route can answer with besides 401 (documented as responses). */
  problems?: ProblemCode[];
  handle(request: RestRequest & { query: z.output<Q>; body: z.output<B> }): Result<unknown> | Promise<Result<unknown>>;
}

const STATUS: Record<ProblemCode, number> = {
  'bad-request': 400,
  'unknown-call': 404,
  unauthenticated: 401,
  forbidden: 403,
  'signature-required': 428,
  'not-found': 404,
  conflict: 409,
  'not-writable': 403,
  'type-mismatch': 400,
  'out-of-range': 400,
  'device-offline': 503,
  'device-error': 502,
  'config-error': 500,
  'shutting-down': 503,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(problem: Problem): number {
  return STATUS[problem.code];
}

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  names: string[];
}

/**
 * The REST API: a table of routes, each with its zod schemas. The same table answers requests and
 * writes the OpenAPI document, so the documentation cannot drift from what is served. Later
 * capabilities add their routes with `add`.
 */
export class RestApi {
  private readonly routes: CompiledRoute[] = [];

  add<Q extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(route: RestRoute<Q, B>): void {
    const names: string[] = [];
    const source = route.path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        names.push(name);
        return name === route.greedyParam ? '(.+)' : '([^/]+)';
      })
      .join('');
    this.routes.push({ route: route as unknown as RestRoute, pattern: new RegExp(`^${source}$`), names });
  }

  /** Every route, in the order added (tests walk them all). */
  list(): readonly RestRoute[] {
    return this.routes.map((r) => r.route);
  }

  /** The route for a request, or undefined; `methodAllowed` false when the path exists for another method. */
  match(method: string, pathname: string): { route: RestRoute; params: Record<string, string> } | { route: undefined; pathExists: boolean } {
    let pathExists = false;
    for (const { route, pattern, names } of this.routes) {
      const m = pattern.exec(pathname);
      if (!m) continue;
      pathExists = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    return { route: undefined, pathExists };
  }

  parseQuery(route: RestRoute, search: URLSearchParams): Result<Record<string, unknown>> {
    const raw = Object.fromEntries(search.entries());
    if (!route.query) return { ok: true, value: raw };
    const parsed = route.query.safeParse(raw);
    return parsed.success ? { ok: true, value: parsed.data as Record<string, unknown> } : { ok: false, error: problemFromZod(parsed.error, 'query') };
  }

  parseBody(route: RestRoute, body: unknown): Result<unknown> {
    if (!route.body) return { ok: true, value: undefined };
    const parsed = route.body.safeParse(body);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: problemFromZod(parsed.error, 'body') };
  }

  openapi(info: { title: string; version: string; description: string }): unknown {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const { route, names } of this.routes) {
      const parameters = [
        ...names.map((name) => ({
          name,
          in: 'path',
          required: true,
          schema: { type: 'string' },
          description: name === route.greedyParam ? 'May contain slashes (they are part of the URL path), or be percent-encoded.' : undefined,
        })),
        ...queryParameters(route.query),
      ];
      const responses: Record<string, unknown> = {
        200: { description: route.response.description, content: { [route.response.contentType ?? 'application/json']: { schema: toSchema(route.response.schema) } } },
        401: { $ref: '#/components/responses/Unauthenticated' },
      };
      const access = CALL_ACCESS[route.call];
      if (access !== 'public' && access !== 'view') responses[403] = { description: `Problem: forbidden (the token lacks the scope ${access})`, content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemResponse' } } } };
      for (const code of route.problems ?? []) {
        responses[String(STATUS[code])] = { description: `Problem: ${code}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemResponse' } } } };
      }
      const requestBody = route.body ? { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) } } } : undefined;
      if (route.body) responses[400] ??= { description: 'Problem: bad-request', content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemResponse' } } } };
      (paths[route.path] ??= {})[route.method.toLowerCase()] = {
        summary: route.summary,
        description: [route.description, `Needs the scope \`${CALL_ACCESS[route.call]}\` (as the call ${route.call}).`].filter(Boolean).join(' '),
        tags: [route.tag],
        parameters,
        requestBody,
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info,
      security: [{ bearer: [] }],
      paths,
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (`lsk_...`, created by an administrator in the Users view, with scopes), or the station token printed by `npm run serve` (LINESIDE_TOKEN), which only reads (scope view).',
          },
        },
        schemas: { ProblemResponse: toSchema(z.object({ error: ProblemSchema })) },
        responses: {
          Unauthenticated: {
            description: 'Missing or wrong bearer token.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemResponse' } } },
          },
        },
      },
    };
  }
}

function toSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
}

function queryParameters(query: z.ZodType | undefined): unknown[] {
  if (!query) return [];
  const json = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
    description: (schema as { description?: string }).description,
  }));
}

/** A route's binary answer (a download) instead of JSON. */
export class FileResponse {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Buffer;

  constructor(file: { fileName: string; contentType: string; body: Buffer }) {
    this.fileName = file.fileName;
    this.contentType = file.contentType;
    this.body = file.body;
  }
}
