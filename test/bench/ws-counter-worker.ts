// A WebSocket client in its own thread: subscribes to every tag and counts what arrives. Values carry
// the time they were pushed into the driver (ms since the epoch, sub-millisecond), so the delay of
// each change from driver to client is measured here.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, token, maxRateMs, prefix } = workerData as { url: string; token: string; maxRateMs: number; prefix?: string };
const socket = new WebSocket(url.replace(/^http/, 'ws') + '/ws', ['lineside.v1'], { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
let received = 0;
let latencies: number[] = [];
const now = () => performance.timeOrigin + performance.now();

socket.on('open', () => socket.send(JSON.stringify({ id: 1, call: 'tags.subscribe', params: prefix === undefined ? { maxRateMs } : { maxRateMs, prefix } })));
socket.on('message', (data) => {
  const frame = JSON.parse(data.toString()) as { id?: number; event?: string; data?: { changes: [number, number][] } };
  if (frame.id === 1) return parentPort!.postMessage({ type: 'subscribed' });
  if (frame.event !== 'tags.changed') return;
  const t = now();
  const changes = frame.data!.changes;
  received += changes.length;
  for (const change of changes) if (change[1] > 1e12) latencies.push(t - change[1]);
});
parentPort!.on('message', (message: { type: 'count' | 'latencies' | 'close' }) => {
  if (message.type === 'count') parentPort!.postMessage({ type: 'count', received, at: now() });
  if (message.type === 'latencies') {
    parentPort!.postMessage({ type: 'latencies', latencies });
    latencies = [];
  }
  if (message.type === 'close') {
    socket.close();
    parentPort!.close();
  }
});
