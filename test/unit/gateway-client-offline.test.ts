import { afterEach, describe, expect, it } from 'vitest';
import { isCallError } from '../../renderer/client/call-error.ts';
import { GatewayClient, isCommand } from '../../renderer/client/gateway-client.ts';

/** A socket that never opens, or opens when the test says: the link to the runtime is down until then. */
class DownSocket {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: string[] = [];
  send(frame: string): void {
    this.sent.push(frame);
  }
  close(): void {}
}

let client: GatewayClient | undefined;
afterEach(() => client?.dispose());

function downClient(): { client: GatewayClient; socket: () => DownSocket } {
  let socket: DownSocket | undefined;
  client = new GatewayClient({
    url: 'ws://127.0.0.1:1/ws',
    token: 't',
    createSocket: () => (socket = new DownSocket()) as unknown as WebSocket,
  });
  return { client, socket: () => socket! };
}

describe('GatewayClient while the link to the runtime is down', () => {
  it('refuses a write at once, saying it was not sent, and sends nothing later', async () => {
    const { client, socket } = downClient();
    expect(client.state).toBe('connecting');
    const started = Date.now();
    const error = await client.call('tags.write', { path: 'Line1/Pump/Start', value: true }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(isCallError(error) && error.code).toBe('offline');
    expect((error as Error).message).toBe('No connection to the runtime — the command was not sent');
    socket().onopen?.({});
    expect(client.state).toBe('open');
    expect(socket().sent).toEqual([]);
  });

  it('lets a read wait for the link and sends it once open', async () => {
    const { client, socket } = downClient();
    let settled = false;
    const read = client.call('tags.list', {}).finally(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    socket().onopen?.({});
    const frame = JSON.parse(socket().sent[0]!) as { id: number; call: string };
    expect(frame.call).toBe('tags.list');
    socket().onmessage?.({ data: JSON.stringify({ id: frame.id, ok: true, result: [] }) });
    await expect(read).resolves.toEqual([]);
  });

  it('counts every call that needs more than view as a command, and sign-in and reads as not', () => {
    expect(isCommand('tags.write')).toBe(true);
    expect(isCommand('alarms.acknowledge')).toBe(true);
    expect(isCommand('config.tags.save')).toBe(true);
    expect(isCommand('users.logout')).toBe(true);
    expect(isCommand('users.login')).toBe(false);
    expect(isCommand('users.resume')).toBe(false);
    expect(isCommand('tags.read')).toBe(false);
  });
});
