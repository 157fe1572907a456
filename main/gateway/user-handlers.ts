import type { userCalls } from '../../common/users.ts';
import { ok } from '../../common/result.ts';
import type { Actor } from '../core/users/user-service.ts';
import type { ClientContext, Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';
import { failWith } from '../../common/reasons.ts';

type UserHandlers = { [C in keyof typeof userCalls]: Handler<C> };

export function actorOf(client: ClientContext): Actor {
  return { name: client.user.name, role: client.user.role, station: client.station };
}

/** The `users.*` calls: sign-in on this connection, own password, and (users.manage) administration. */
export function createUserHandlers(services: GatewayServices): UserHandlers {
  const { users } = services;
  const signedIn = (client: ClientContext, reply: { user: NonNullable<ClientContext['signedIn']>; resumeToken: string }) => {
    client.login.begin(reply.resumeToken);
    client.setSignedIn(reply.user);
    client.sendEvent({ event: 'users.sessionChanged', data: { user: reply.user, reason: 'login' } });
    return ok(reply);
  };
  return {
    'users.createFirstAdmin': async (params, client) => {
      const created = await users.createFirstAdmin(params, client.station);
      return created.ok ? signedIn(client, created.value) : created;
    },
    'users.login': async ({ name, password }, client) => {
      const result = await users.login(name, password, client.station, client.signedIn?.name);
      return result.ok ? signedIn(client, result.value) : result;
    },
    'users.resume': ({ resumeToken }, client) => {
      const resumed = users.resume(resumeToken, client.station, true);
      return resumed.ok ? signedIn(client, { user: resumed.value, resumeToken }) : resumed;
    },
    'users.logout': ({ reason }, client) => {
      const person = client.signedIn;
      client.login.end(person, reason);
      client.setSignedIn(undefined);
      client.sendEvent({ event: 'users.sessionChanged', data: { user: null, reason: reason === 'user' ? 'logout' : 'inactivity' } });
      return ok({ name: person?.name ?? '' });
    },
    'users.keepAlive': (_params, client) => {
      const token = client.login.resumeToken;
      return token === undefined ? failWith('unauthenticated', 'session.notSignedIn', {}, 'session') : ok({ expiresAt: users.expiresAt(token) });
    },
    'users.changePassword': ({ current, next }, client) => users.changePassword(actorOf(client), current, next, client.login.resumeToken),
    'users.list': () => ok(users.list()),
    'users.create': (params, client) => users.create(actorOf(client), params),
    'users.update': (params, client) => users.update(actorOf(client), params),
    'users.resetPassword': ({ name, password }, client) => users.resetPassword(actorOf(client), name, password),
    'users.roles.list': () => ok(users.roles()),
    'users.roles.save': ({ role, permissions }, client) => users.saveRole(actorOf(client), role, permissions),
    'users.tokens.list': () => ok(users.tokens()),
    'users.tokens.create': (params, client) => users.createToken(actorOf(client), params),
    'users.tokens.revoke': ({ id }, client) => users.revokeToken(actorOf(client), id),
    'users.preferences.save': (params, client) => {
      const saved = users.savePreferences(client.user.name, params);
      if (saved.ok && client.signedIn) client.setSignedIn({ ...client.signedIn, preferences: saved.value });
      return saved;
    },
  };
}
