import type { RoleName } from '../../common/permissions.ts';
import { ROLE_NAMES } from '../../common/permissions.ts';
import type { Runtime } from '../../main/runtime.ts';

/** The test accounts: one per role, named after it, with a known password. */
export const TEST_USERS: Readonly<Record<RoleName, { name: string; password: string }>> = Object.fromEntries(ROLE_NAMES.map((role) => [role, { name: role, password: `${role}-test-password` }])) as Record<
  RoleName,
  { name: string; password: string }
>;

/**
 * Creates the test accounts through the runtime's own user service, as an administrator would: the
 * first administrator on an empty data folder, then one user per other role. Idempotent.
 */
export async function seedTestUsers(runtime: Pick<Runtime, 'users'>): Promise<void> {
  const { users } = runtime;
  const station = 'test-seed';
  if (users.firstStart) {
    const created = await users.createFirstAdmin({ name: TEST_USERS.admin.name, fullName: 'Test Admin', password: TEST_USERS.admin.password, setupCode: users.setupCode ?? '' }, station);
    if (!created.ok) throw new Error(`seeding the admin failed: ${created.error.message}`);
  }
  const existing = new Set(users.list().map((u) => u.name));
  const admin = { name: TEST_USERS.admin.name, role: 'admin', station };
  for (const role of ROLE_NAMES) {
    if (existing.has(TEST_USERS[role].name)) continue;
    // Seeded by tooling, not handed out by an administrator: no password change at the first sign-in.
    const made = await users.create(admin, { name: TEST_USERS[role].name, fullName: `Test ${role}`, role, password: TEST_USERS[role].password }, { temporary: false });
    if (!made.ok) throw new Error(`seeding ${role} failed: ${made.error.message}`);
  }
}
