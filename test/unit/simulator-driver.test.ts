import { describe, it, expect, afterEach } from 'vitest';
import type { DriverChange, StatusChange } from '../../drivers/api.ts';
import { SimulatorConfigSchema, SimulatorDriver, simulatorDriverFactory } from '../../drivers/simulator/simulator-driver.ts';
import { parseAddress } from '../../drivers/simulator/address.ts';

const WAIT_MS = 2000;

/** A clock the test moves by hand; each call of now() (the driver's ticks call it) can be awaited. */
class TestClock {
  time = Date.UTC(2025, 0, 6, 6, 0, 0);
  #waiters: { calls: number; resolve: () => void }[] = [];
  now = (): number => {
    for (const waiter of this.#waiters) if (--waiter.calls <= 0) waiter.resolve();
    this.#waiters = this.#waiters.filter((w) => w.calls > 0);
    return this.time;
  };
  /** Resolves after the clock has been read `calls` more times (a few ticks of the driver). */
  read(calls: number): Promise<void> {
    return bounded(new Promise((resolve) => this.#waiters.push({ calls, resolve })), 'clock reads');
  }
}

/** Collects listener calls; `next()` waits (bounded) for the next batch. */
class Batches {
  readonly received: (readonly DriverChange[])[] = [];
  #taken = 0;
  #wake: (() => void) | undefined;
  readonly listener = (changes: readonly DriverChange[]): void => {
    this.received.push(changes);
    this.#wake?.();
  };
  async next(): Promise<Map<number, DriverChange['value']>> {
    if (this.#taken >= this.received.length) {
      await bounded(new Promise<void>((resolve) => (this.#wake = resolve)), 'a batch of changes');
    }
    const batch = this.received[this.#taken++] ?? [];
    return new Map(batch.map((c) => [c.handle, c.value]));
  }
  get pending(): number {
    return this.received.length - this.#taken;
  }
}

async function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const drivers: SimulatorDriver[] = [];
afterEach(() => {
  for (const driver of drivers.splice(0)) driver.dispose();
});

function makeDriver(config: Record<string, unknown> = { model: 'bottling-line' }): { driver: SimulatorDriver; clock: TestClock } {
  const clock = new TestClock();
  const driver = new SimulatorDriver(SimulatorConfigSchema.parse({ tickMs: 10, ...config }), { deviceName: 'sim', projectDir: '.', dataDir: '.', now: clock.now });
  drivers.push(driver);
  return { driver, clock };
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('simulator driver', () => {
  it('is created by the registered factory', () => {
    const driver = simulatorDriverFactory.create(SimulatorConfigSchema.parse({}), { deviceName: 'sim', projectDir: '.', dataDir: '.', now: () => 0 });
    expect(driver).toBeInstanceOf(SimulatorDriver);
    expect(simulatorDriverFactory.protocol).toBe('simulator');
    driver.dispose();
  });

  it('reports connecting then ok on connect, and off on disconnect', async () => {
    const { driver } = makeDriver();
    const statuses: StatusChange[] = [];
    driver.onDidChangeStatus((change) => statuses.push(change));
    expect(driver.status).toBe('off');
    await driver.connect();
    expect(statuses.map((s) => s.status)).toEqual(['connecting', 'ok']);
    await driver.disconnect();
    expect(statuses.map((s) => s.status)).toEqual(['connecting', 'ok', 'off']);
    expect(driver.status).toBe('off');
  });

  it('reads bad and refuses writes while not connected', async () => {
    const { driver } = makeDriver();
    const [value] = await driver.read([{ handle: 1, address: 'memory()' }]);
    expect(value?.quality).toBe('BadNotConnected');
    expect(await driver.write('memory()', 1)).toMatchObject({ ok: false, error: { code: 'device-offline' } });
  });

  it('sends current values on subscribe, then only what changed, once per tick', async () => {
    const { driver, clock } = makeDriver();
    await driver.connect();
    const batches = new Batches();
    driver.subscribe(
      [
        { handle: 1, address: 'memory(initial=5)' },
        { handle: 2, address: 'sine(period=10s, min=0, max=10)' },
        { handle: 3, address: 'model:Counters.Good' },
        { handle: 4, address: 'model:Conveyor.SpeedSetpointRaw' },
      ],
      batches.listener,
    );

    const first = await batches.next();
    expect([...first.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(first.get(1)).toEqual({ value: 5, quality: 'Good', sourceTime: clock.time, serverTime: clock.time });
    expect(first.get(4)?.value).toBe(3000);

    // The clock stands still, so only the written value changes.
    expect(await driver.write('memory(initial=5)', 7)).toEqual({ ok: true, value: undefined });
    const second = await batches.next();
    expect([...second.keys()]).toEqual([1]);
    expect(second.get(1)?.value).toBe(7);

    clock.time += 2500;
    const third = await batches.next();
    expect(third.has(2)).toBe(true);
    expect(third.has(1)).toBe(false);
    expect(third.has(4)).toBe(false);
    expect(third.get(2)?.sourceTime).toBe(clock.time);
  });

  it('reports bad quality first when subscribed before connect, then good values', async () => {
    const { driver } = makeDriver();
    const batches = new Batches();
    driver.subscribe(
      [
        { handle: 1, address: 'model:T101.LevelRaw' },
        { handle: 2, address: 'model:Nope' },
      ],
      batches.listener,
    );
    const first = await batches.next();
    expect(first.get(1)?.quality).toBe('BadNotConnected');
    expect(first.get(2)?.quality).toBe('BadConfigurationError');
    await driver.connect();
    const second = await batches.next();
    expect(second.get(1)?.quality).toBe('Good');
    expect(second.get(1)?.value).toBe(Math.round(0.62 * 27648));
    // Connecting re-sends every item, a misconfigured one included: it stays bad.
    expect(second.get(2)?.quality).toBe('BadConfigurationError');
  });

  it('writes the speed setpoint and memory, and refuses what is not writable', async () => {
    const { driver, clock } = makeDriver();
    await driver.connect();
    expect((await driver.write('model:Conveyor.SpeedSetpointRaw', 4200)).ok).toBe(true);
    const [raw, bpm] = await driver.read([
      { handle: 1, address: 'model:Conveyor.SpeedSetpointRaw' },
      { handle: 2, address: 'model:Conveyor.SpeedSetpoint' },
    ]);
    expect(raw).toMatchObject({ value: 4200, quality: 'Good' });
    expect(bpm?.value).toBe(420);
    expect(await driver.write('model:Conveyor.SpeedSetpointRaw', 9000)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });

    expect((await driver.write('memory(initial=true)', false)).ok).toBe(true);
    expect((await driver.read([{ handle: 1, address: 'memory(initial=true)' }]))[0]?.value).toBe(false);
    expect(await driver.write('memory(initial=true)', 3)).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });

    const refused = await driver.write('sine(10s)', 1);
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-writable' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/only memory\(\.\.\.\) and writable model variables/);
    expect(await driver.write('model:Filler.Speed', 1)).toMatchObject({ ok: false, error: { code: 'not-writable' } });
    expect(await driver.write('model:Filler.Nope', 1)).toMatchObject({ ok: false, error: { code: 'config-error' } });
    expect(clock.time).toBeGreaterThan(0);
  });

  it('advances signals by the injected clock', async () => {
    const { driver, clock } = makeDriver({});
    await driver.connect();
    const batches = new Batches();
    driver.subscribe(
      [
        { handle: 1, address: 'counter(rate=10/s)' },
        { handle: 2, address: 'random(min=0, max=1)' },
      ],
      batches.listener,
    );
    expect((await batches.next()).get(1)?.value).toBe(0);
    clock.time += 1000;
    const after = await batches.next();
    expect(after.get(1)?.value).toBe(10);
    const walk = after.get(2)?.value;
    expect(typeof walk === 'number' && walk >= 0 && walk <= 1 && walk !== 0.5).toBe(true);
  });

  it('simulates a communication loss and recovers with a full resend', async () => {
    const { driver, clock } = makeDriver();
    await driver.connect();
    const statuses: StatusChange[] = [];
    driver.onDidChangeStatus((change) => statuses.push(change));
    const batches = new Batches();
    driver.subscribe(
      [
        { handle: 1, address: 'memory(initial=1)' },
        { handle: 2, address: 'ramp(period=1m)' },
      ],
      batches.listener,
    );
    await batches.next();

    driver.setCommunication(false);
    expect(driver.status).toBe('error');
    expect(statuses).toEqual([{ status: 'error', error: 'simulated communication loss', at: clock.time }]);
    expect((await driver.read([{ handle: 1, address: 'memory(initial=1)' }]))[0]?.quality).toBe('BadNotConnected');
    expect(await driver.write('memory(initial=1)', 2)).toMatchObject({ ok: false, error: { code: 'device-offline' } });
    // Time passes and the ramp moves, but nothing is pushed during the loss.
    clock.time += 5000;
    await clock.read(5);
    expect(batches.pending).toBe(0);

    driver.setCommunication(true);
    expect(statuses.map((s) => s.status)).toEqual(['error', 'ok']);
    const resent = await batches.next();
    expect([...resent.keys()].sort()).toEqual([1, 2]);
    expect(resent.get(1)).toMatchObject({ value: 1, quality: 'Good' });
    expect((await driver.write('memory(initial=1)', 2)).ok).toBe(true);
  });

  it('stops pushing to a disposed subscription', async () => {
    const { driver, clock } = makeDriver({});
    await driver.connect();
    const batches = new Batches();
    const subscription = driver.subscribe([{ handle: 1, address: 'counter()' }], batches.listener);
    await batches.next();
    subscription.dispose();
    clock.time += 1000;
    await clock.read(5);
    expect(batches.pending).toBe(0);
  });

  it('leaves no timer behind after disconnect or dispose', async () => {
    const before = timers();
    const { driver } = makeDriver();
    const statuses: string[] = [];
    driver.onDidChangeStatus((change) => statuses.push(change.status));
    await driver.connect();
    expect(timers()).toBe(before + 1);
    await driver.disconnect();
    expect(timers()).toBe(before);
    await driver.connect();
    driver.subscribe([{ handle: 1, address: 'sine()' }], () => undefined);
    expect(timers()).toBe(before + 1);
    driver.dispose();
    expect(timers()).toBe(before);
    expect(statuses.at(-1)).toBe('off');
    expect(driver.status).toBe('off');
    await expect(driver.connect()).rejects.toThrow(/disposed/);
    expect(timers()).toBe(before);
  });

  it('browses model variables and the function syntaxes', async () => {
    const { driver } = makeDriver();
    const root = await driver.browse();
    if (!root.ok) throw new Error(root.error.message);
    const level = root.value.find((n) => n.address === 'model:T101.LevelRaw');
    expect(level).toMatchObject({ name: 'T101.LevelRaw', dataType: 'int16' });
    expect(level?.description).toMatch(/27648/);
    const functionsNode = root.value.find((n) => n.browsePath === 'functions');
    expect(functionsNode?.description).toMatch(/sine\(period=60s, min=0, max=100\)/);

    const functions = await driver.browse('functions');
    if (!functions.ok) throw new Error(functions.error.message);
    expect(functions.value.map((n) => n.name)).toEqual(['sine', 'ramp', 'square', 'random', 'counter', 'memory']);
    for (const node of functions.value) expect(parseAddress(node.address ?? '').ok).toBe(true);
    expect(await driver.browse('elsewhere')).toMatchObject({ ok: false, error: { code: 'not-found' } });

    const bare = makeDriver({}).driver;
    const bareRoot = await bare.browse();
    expect(bareRoot.ok && bareRoot.value.map((n) => n.name)).toEqual(['Functions']);
  });
});
