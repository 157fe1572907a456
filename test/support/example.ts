import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlant, type Plant } from '../../examples/plant/plant.ts';
import { EXAMPLE_PROJECT_DIR, startRuntime, type Runtime, type RuntimeOptions } from '../../main/runtime.ts';
import { freePort } from './free-port.ts';
import { seedTestUsers } from './users.ts';

/** The example runtime plus the plant it runs against, which a test may stop and start again. */
export interface ExampleRuntime extends Runtime {
  /** The plant now serving (after `startPlant`, the new one). */
  readonly plant: Plant;
  /** The copy of the example project the runtime loaded, with the plant's ports in its devices. */
  readonly projectDir: string;
  /** Stops the plant's servers (the runtime keeps running and reconnecting). */
  stopPlant(): Promise<void>;
  /** Serves the same model again on the same ports, as a restarted PLC server would. */
  startPlant(): Promise<Plant>;
}

/** Where the example's notifications go in a test: a mail server the test started (`test/support/dev-mail.ts`). */
export interface ExampleNotify {
  smtpPort: number;
  mailboxUrl?: string | undefined;
}

/**
 * A copy of the example project whose devices point at the plant's ports, and whose MES connector
 * points at `mesBaseUrl` (without one it is disabled, so no test talks to an MES it did not start).
 * Its notify.json sends to `notify`'s mail server; without one it is removed (no test mails a server it did not start).
 */
async function exampleProjectFor(plant: Plant, into: string, mesBaseUrl?: string, notify?: ExampleNotify): Promise<string> {
  const projectDir = join(into, 'project');
  await cp(EXAMPLE_PROJECT_DIR, projectDir, { recursive: true, filter: (source) => !source.includes('.lineside-data') });
  const file = join(projectDir, 'project.json');
  const project = JSON.parse(await readFile(file, 'utf8')) as { devices: { name: string; config: Record<string, unknown> }[] };
  for (const device of project.devices) {
    if (device.name === 'plant-opcua') device.config['endpointUrl'] = plant.opcuaEndpoint;
    else if (device.name === 'plant-modbus') device.config['port'] = plant.modbusPort;
    else throw new Error(`the example project has a device this helper does not know: ${device.name}`);
  }
  await writeFile(file, `${JSON.stringify(project, null, 2)}\n`);
  const mesFile = join(projectDir, 'mes.json');
  const mes = JSON.parse(await readFile(mesFile, 'utf8')) as { connectors: { enabled?: boolean; options: Record<string, unknown> }[] };
  for (const connector of mes.connectors) {
    if (mesBaseUrl === undefined) connector.enabled = false;
    else connector.options['baseUrl'] = mesBaseUrl;
  }
  await writeFile(mesFile, `${JSON.stringify(mes, null, 2)}\n`);
  // The CMMS is the MES simulator's: the test's, else none (no test asks a CMMS it did not start).
  const maintenanceFile = join(projectDir, 'maintenance.json');
  const maintenance = JSON.parse(await readFile(maintenanceFile, 'utf8')) as { cmms?: { url: string } };
  if (mesBaseUrl === undefined) delete maintenance.cmms;
  else if (maintenance.cmms) maintenance.cmms.url = `${new URL(mesBaseUrl).origin}/cmms`;
  await writeFile(maintenanceFile, `${JSON.stringify(maintenance, null, 2)}\n`);
  const notifyFile = join(projectDir, 'notify.json');
  if (!notify) await unlink(notifyFile);
  else {
    const settings = JSON.parse(await readFile(notifyFile, 'utf8')) as { email: { port: number }; devMailboxUrl?: string };
    settings.email.port = notify.smtpPort;
    if (notify.mailboxUrl) settings.devMailboxUrl = notify.mailboxUrl;
    else delete settings.devMailboxUrl;
    await writeFile(notifyFile, `${JSON.stringify(settings, null, 2)}\n`);
  }
  return projectDir;
}

/**
 * The example as tests use it: the example plant (OPC UA and Modbus TCP servers) on free ports, and the
 * example project run against it on a free gateway port, with its own empty data folder (history, alarm
 * journal) that is removed on dispose. `dispose` stops the runtime, then the plant. Unless `seedUsers`
 * is false, one account per role exists (test/support/users.ts): sign in with `signIn(page, role)` or
 * `loginAs(client, role)`.
 */
export async function startExample(
  options: Partial<Omit<RuntimeOptions, 'projectDir'>> & { prepareProject?: (projectDir: string) => Promise<void>; seedUsers?: boolean; mesBaseUrl?: string; notify?: ExampleNotify } = {},
): Promise<ExampleRuntime> {
  const { prepareProject, seedUsers = true, mesBaseUrl, notify, ...runtimeOptions } = options;
  const workDir = await mkdtemp(join(tmpdir(), 'lineside-example-'));
  const plantDir = join(workDir, 'plant');
  const ports = { opcuaPort: await freePort(), modbusPort: await freePort() };
  let plant: Plant | undefined;
  let plantStopped = false;
  const cleanUp = async () => {
    await plant?.dispose();
    await rm(workDir, { recursive: true, force: true });
  };
  let runtime: Runtime;
  let projectDir: string;
  try {
    plant = await startPlant({ ...ports, dataDir: plantDir });
    projectDir = await exampleProjectFor(plant, workDir, mesBaseUrl, notify);
    await prepareProject?.(projectDir);
    const started = await startRuntime({ projectDir, port: 0, dataDir: join(workDir, 'data'), ...runtimeOptions });
    if (!started.ok) throw new Error(`the example did not start: ${started.error.message}`);
    runtime = started.value;
    if (seedUsers)
      await seedTestUsers(runtime).catch(async (error: unknown) => {
        await runtime.dispose();
        throw error;
      });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const current = (): Plant => plant!;
  return {
    ...runtime,
    url: runtime.url,
    token: runtime.token,
    projectName: runtime.projectName,
    projectDir,
    get plant() {
      return current();
    },
    stopPlant: async () => {
      plantStopped = true;
      await current().dispose();
    },
    startPlant: async () => {
      if (!plantStopped) throw new Error('the plant is running: stop it first');
      plant = await startPlant({ ...ports, dataDir: plantDir, model: current().model });
      plantStopped = false;
      return plant;
    },
    dispose: async () => {
      await runtime.dispose();
      await cleanUp();
    },
  };
}
