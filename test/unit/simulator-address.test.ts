import { describe, it, expect } from 'vitest';
import { parseAddress, functionSyntax } from '../../drivers/simulator/address.ts';
import { SimulatorConfigSchema, simulatorDriverFactory } from '../../drivers/simulator/simulator-driver.ts';

function parsed(text: string) {
  const result = parseAddress(text);
  if (!result.ok) throw new Error(`expected '${text}' to parse: ${result.error.message}`);
  return result.value;
}

function problem(text: string): string {
  const result = parseAddress(text);
  if (result.ok) throw new Error(`expected '${text}' to be refused`);
  expect(result.error.code).toBe('config-error');
  return result.error.message;
}

describe('simulator address parser', () => {
  it('reads function calls with named arguments, units and defaults', () => {
    expect(parsed('sine(period=60s, min=0, max=100)').address).toEqual({ kind: 'sine', periodMs: 60_000, min: 0, max: 100 });
    expect(parsed('sine()').address).toEqual({ kind: 'sine', periodMs: 60_000, min: 0, max: 100 });
    expect(parsed('  square( period = 500ms , max=1 )  ').address).toEqual({ kind: 'square', periodMs: 500, min: 0, max: 1 });
    expect(parsed('ramp(5m, -10, 2.5e1)').address).toEqual({ kind: 'ramp', periodMs: 300_000, min: -10, max: 25 });
    expect(parsed('ramp(period=1h)').address).toMatchObject({ periodMs: 3_600_000 });
    expect(parsed('random(min=20, max=80)').address).toEqual({ kind: 'random', min: 20, max: 80 });
  });

  it('reads rates and literals', () => {
    expect(parsed('counter()').address).toEqual({ kind: 'counter', perSecond: 10 });
    expect(parsed('counter(rate=30/min)').address).toEqual({ kind: 'counter', perSecond: 0.5 });
    expect(parsed('counter(3600 / h)').address).toEqual({ kind: 'counter', perSecond: 1 });
    expect(parsed('counter(5)').address).toEqual({ kind: 'counter', perSecond: 5 });
    expect(parsed('memory()').address).toEqual({ kind: 'memory', initial: 0 });
    expect(parsed('memory(initial=true)').address).toEqual({ kind: 'memory', initial: true });
    expect(parsed('memory("open, closed")').address).toEqual({ kind: 'memory', initial: 'open, closed' });
  });

  it('gives addresses that mean the same signal the same key', () => {
    expect(parsed('memory()').key).toBe(parsed('memory(initial=0)').key);
    expect(parsed('sine(1m)').key).toBe(parsed('sine(period=60s, min=0, max=100)').key);
    expect(parsed('sine(1m)').key).not.toBe(parsed('sine(2m)').key);
  });

  it('reads model addresses', () => {
    expect(parsed('model:T101.LevelRaw')).toEqual({ address: { kind: 'model', variable: 'T101.LevelRaw' }, key: 'model:T101.LevelRaw' });
  });

  it('writes each function syntax so that it parses back to the defaults', () => {
    for (const fn of ['sine', 'ramp', 'square', 'random', 'counter', 'memory'] as const) {
      expect(parsed(functionSyntax(fn)).key).toBe(parsed(`${fn}()`).key);
    }
  });

  it.each([
    ['', /empty/],
    ['T101.Level', /'T101.Level' is not a simulator address/],
    ['model:', /needs a model variable name/],
    ['model:T101 Level', /needs a model variable name/],
    ['sinus(10s)', /unknown function 'sinus' \(known: sine, ramp, square, random, counter, memory\)/],
    ['sine(period=abc)', /sine: period must be a duration such as 500ms, 10s, 5m or 1h, not 'abc'/],
    ['sine(period=10)', /period must be a duration.*not '10'/],
    ['sine(period=0s)', /period must be longer than 0/],
    ['sine(amplitude=3)', /sine has no parameter 'amplitude' \(it takes period, min, max\)/],
    ['sine(min=five)', /sine: min must be a number, not 'five'/],
    ['sine(min=5, max=1)', /sine: min \(5\) must be less than max \(1\)/],
    ['random(min=5, max=5)', /random: min \(5\) must be less than max \(5\)/],
    ['sine(period=10s', /sine\(\.\.\.\) is missing its closing '\)'/],
    ['sine(10s) extra', /unexpected 'extra' after sine/],
    ['sine(10s (x))', /unexpected '\('/],
    ['sine(min=1, 10s)', /positional argument '10s' follows a named one/],
    ['random(1, 2, 3)', /random takes at most 2 argument\(s\) \(min, max\), got 3/],
    ['sine(min=1, min=2)', /sine: min is given twice/],
    ['sine(, 1)', /argument 1 has no value/],
    ['counter(rate=0/s)', /counter: rate must be more than 0/],
    ['counter(rate=fast)', /rate must be a rate such as 10\/s/],
    ['memory(initial=maybe)', /initial must be a number, true, false or a "quoted string"/],
    ['memory("open)', /not closed/],
  ])('refuses %j naming the problem', (text, message) => {
    expect(problem(text)).toMatch(message);
  });
});

describe('simulator address validation against the config', () => {
  const withModel = SimulatorConfigSchema.parse({ model: 'bottling-line' });
  const withoutModel = SimulatorConfigSchema.parse({});

  it('accepts model variables of the configured model and functions without one', () => {
    expect(simulatorDriverFactory.validateAddress('model:T101.LevelRaw', withModel)).toEqual({ ok: true, value: undefined });
    expect(simulatorDriverFactory.validateAddress('sine(10s)', withoutModel).ok).toBe(true);
  });

  it('names an unknown variable and lists the known ones', () => {
    const result = simulatorDriverFactory.validateAddress('model:T101.Volume', withModel);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('config-error');
    expect(result.error.message).toMatch(/unknown model variable 'T101.Volume'/);
    expect(result.error.message).toContain('T101.LevelRaw');
  });

  it('refuses model addresses when the device has no model', () => {
    const result = simulatorDriverFactory.validateAddress('model:T101.LevelRaw', withoutModel);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/this device has no model/);
  });

  it('passes parse errors through', () => {
    const result = simulatorDriverFactory.validateAddress('sine(min=9, max=1)', withModel);
    expect(result.ok ? '' : result.error.message).toMatch(/min \(9\) must be less than max \(1\)/);
  });
});

describe('simulator config', () => {
  it('fills defaults', () => {
    expect(SimulatorConfigSchema.parse({})).toEqual({ tickMs: 100, seed: 1 });
  });

  it.each([
    [{ tickMs: 5 }, 'tickMs'],
    [{ tickMs: 100.5 }, 'tickMs'],
    [{ model: 'brewery' }, 'model'],
    [{ speed: 3 }, ''],
  ])('refuses %j', (config, field) => {
    const result = SimulatorConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    if (!result.success && field) expect(result.error.issues[0]?.path).toEqual([field]);
  });
});
