import { startRuntime, type Runtime, type RuntimeOptions } from '../../main/runtime.ts';
import { seedTestUsers } from './users.ts';

export interface TestRuntimeOptions extends RuntimeOptions {
  /** One account per role (test/support/users.ts), as `startExample` makes them. Default true. */
  seedUsers?: boolean;
}

/**
 * Starts a runtime on a project for a test (the gateway on a free port unless `port` says otherwise):
 * throws with the runtime's own reason when it does not start, seeds the test users unless told not
 * to (a runtime whose seeding fails is disposed first). The caller disposes the runtime. To test a
 * refused start, call `startRuntime` itself and look at its Result.
 */
export async function startTestRuntime({ seedUsers = true, ...options }: TestRuntimeOptions): Promise<Runtime> {
  const started = await startRuntime(options);
  if (!started.ok) throw new Error(started.error.message);
  const runtime = started.value;
  if (seedUsers) {
    await seedTestUsers(runtime).catch(async (error: unknown) => {
      await runtime.dispose();
      throw error;
    });
  }
  return runtime;
}
