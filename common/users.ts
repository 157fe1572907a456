import { z } from 'zod';
import { PERMISSIONS, ROLE_NAMES } from './permissions.ts';
import { LanguageCodeSchema, PreferencesSchema, ThemeNameSchema } from './preferences.ts';

/** User accounts, roles, sign-in and API tokens as the contract carries them (never a password hash). */

export const UserNameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'a user name is letters, digits, . _ @ and -, starting with a letter or digit');
/** A new password's length; the runtime also refuses common ones (main/core/users/password-policy.ts). */
export const PasswordSchema = z.string().min(12, 'a password has at least 12 characters').max(256);
/** The one-time code printed on the console of a fresh install (first start only). */
export const SetupCodeSchema = z.string().trim().min(1, 'enter the setup code printed on the console where Lineside started').max(64);
export const RoleNameSchema = z.enum(ROLE_NAMES);
export const PermissionSchema = z.enum(PERMISSIONS);

export const UserInfoSchema = z.object({
  name: z.string(),
  fullName: z.string(),
  role: RoleNameSchema,
  disabled: z.boolean(),
  createdAt: z.number(),
  /** Set while the next sign-in of this account waits after recent failures (it is never locked). */
  delayedUntil: z.number().nullable(),
  /** Recent failed sign-ins (forgotten after a success or 15 min). */
  failedAttempts: z.number().int(),
  /** The password was set by an administrator: the person must choose their own at the next sign-in. */
  mustChangePassword: z.boolean(),
});
export type UserInfo = z.infer<typeof UserInfoSchema>;

/** The signed-in person of a connection. */
export const SessionUserSchema = z.object({
  name: z.string(),
  fullName: z.string(),
  role: RoleNameSchema,
  /** Only `view` while `mustChangePassword`: the person may do nothing but choose a password. */
  permissions: z.array(PermissionSchema),
  /** Signed in with a password an administrator set: `users.changePassword` first. */
  mustChangePassword: z.boolean(),
  /** The person's own language and theme (null: the station's), kept by the runtime so they follow the person. */
  preferences: PreferencesSchema,
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const RoleInfoSchema = z.object({ role: RoleNameSchema, permissions: z.array(PermissionSchema) });
export type RoleInfo = z.infer<typeof RoleInfoSchema>;

export const ApiTokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(PermissionSchema),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfoSchema>;

const FullName = z.string().trim().max(120).default('');
const LoginResult = z.object({ user: SessionUserSchema, resumeToken: z.string() });

/**
 * An electronic signature (21 CFR Part 11 §11.200): the signer re-enters the password, says what the
 * signature means and why; a second person (verifier) signs too where the project asks for it. It
 * travels beside the call's params in the request frame (protocol.ts), checked before the handler runs.
 */
export const SignatureBlockSchema = z.strictObject({
  password: z.string().min(1).max(256),
  meaning: z.string().trim().min(1, 'say what the signature means').max(200),
  reason: z.string().trim().min(1, 'give a reason').max(1000),
  verifier: z.strictObject({ name: z.string().min(1).max(64), password: z.string().min(1).max(256) }).optional(),
});
export type SignatureBlock = z.infer<typeof SignatureBlockSchema>;

export const userCalls = {
  /**
   * Only while no user exists: creates the administrator and signs this connection in as them. Needs
   * the one-time setup code printed on the console of the first start (not just the station token).
   */
  'users.createFirstAdmin': {
    params: z.strictObject({ name: UserNameSchema, fullName: FullName, password: PasswordSchema, setupCode: SetupCodeSchema }),
    result: LoginResult,
  },
  /** Signs in (or switches the signed-in person of this station). `resumeToken` re-signs-in after a reconnect. */
  'users.login': { params: z.strictObject({ name: z.string().min(1).max(64), password: z.string().min(1).max(256) }), result: LoginResult },
  'users.resume': { params: z.strictObject({ resumeToken: z.string().min(1).max(200) }), result: LoginResult },
  'users.logout': {
    params: z.strictObject({ reason: z.enum(['user', 'inactivity']).default('user') }),
    result: z.object({ name: z.string() }),
  },
  /** Tells the runtime the person is still at the station (input seen), so the inactivity timeout restarts. */
  'users.keepAlive': { params: z.strictObject({}), result: z.object({ expiresAt: z.number() }) },
  'users.changePassword': {
    params: z.strictObject({ current: z.string().min(1).max(256), next: PasswordSchema }),
    result: z.object({ name: z.string() }),
  },
  'users.list': { params: z.strictObject({}), result: z.array(UserInfoSchema) },
  'users.create': {
    params: z.strictObject({ name: UserNameSchema, fullName: FullName, role: RoleNameSchema, password: PasswordSchema }),
    result: UserInfoSchema,
  },
  'users.update': {
    params: z.strictObject({ name: z.string().min(1).max(64), fullName: z.string().trim().max(120).optional(), role: RoleNameSchema.optional(), disabled: z.boolean().optional() }),
    result: UserInfoSchema,
  },
  /** Sets a new password (and clears the sign-in delay); the person must change it at the next sign-in. */
  'users.resetPassword': { params: z.strictObject({ name: z.string().min(1).max(64), password: PasswordSchema }), result: UserInfoSchema },
  'users.roles.list': { params: z.strictObject({}), result: z.array(RoleInfoSchema) },
  'users.roles.save': { params: z.strictObject({ role: RoleNameSchema, permissions: z.array(PermissionSchema).max(100) }), result: RoleInfoSchema },
  'users.tokens.list': { params: z.strictObject({}), result: z.array(ApiTokenInfoSchema) },
  /** The token text is in this reply only; the runtime keeps its hash. */
  'users.tokens.create': {
    params: z.strictObject({
      name: z.string().trim().min(1).max(80),
      scopes: z.array(PermissionSchema).min(1).max(100),
      expiresAt: z.number().int().positive().optional(),
    }),
    result: z.object({ token: z.string(), info: ApiTokenInfoSchema }),
  },
  'users.tokens.revoke': { params: z.strictObject({ id: z.string().min(1).max(64) }), result: ApiTokenInfoSchema },
  /**
   * The signed-in person's own language and theme; a field left out stays, null drops the person's own
   * choice (the station's default applies again). Kept in users.sqlite with the account.
   */
  'users.preferences.save': {
    params: z.strictObject({ language: LanguageCodeSchema.nullable().optional(), theme: ThemeNameSchema.nullable().optional() }),
    result: PreferencesSchema,
  },
} as const;

export const userEvents = {
  /** This connection's signed-in person changed (sign-in, switch, sign-out, inactivity). */
  /** `message`: why the runtime ended the session, in a sentence (a timeout, a disabled account, a changed password...). */
  'users.sessionChanged': z.object({
    user: SessionUserSchema.nullable(),
    reason: z.enum(['login', 'logout', 'inactivity', 'disabled']),
    message: z.string().optional(),
    /** `message` as a key of common/reasons.ts and its parameters, for the reader's language. */
    text: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).optional(),
  }),
} as const;
