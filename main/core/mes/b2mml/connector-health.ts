import type { ConnectorHealth } from '../../../../common/mes-config.ts';
import type { Disposable } from '../../../../common/emitter.ts';
import { Emitter } from '../../../../common/emitter.ts';

/** A connector's health with change events; errors are kept after recovery until the next one. */
export class HealthTracker {
  private state: ConnectorHealth = { status: 'off' };
  private readonly emitter = new Emitter<ConnectorHealth>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  get current(): ConnectorHealth {
    return this.state;
  }

  onDidChange(listener: (health: ConnectorHealth) => void): Disposable {
    return this.emitter.event(listener);
  }

  status(status: ConnectorHealth['status']): void {
    if (this.state.status === status) return;
    this.set({ ...this.state, status });
  }

  success(): void {
    const next = { ...this.state, status: 'ok' as const, lastSuccessAt: this.now() };
    this.set(next);
  }

  error(message: string, status: ConnectorHealth['status'] = 'error'): void {
    this.set({ ...this.state, status, lastError: message, lastErrorAt: this.now() });
  }

  dispose(): void {
    this.set({ ...this.state, status: 'off' });
    this.emitter.dispose();
  }

  private set(next: ConnectorHealth): void {
    this.state = next;
    this.emitter.fire(next);
  }
}
