export interface Disposable {
  dispose(): void;
}

/** A typed event source (`onDidX` style): listeners subscribe and get a Disposable back. */
export class Emitter<T> {
  private listeners: Array<(event: T) => void> = [];

  readonly event = (listener: (event: T) => void): Disposable => {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  fire(event: T): void {
    for (const listener of this.listeners) listener(event);
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  dispose(): void {
    this.listeners = [];
  }
}

/** Disposes many things in reverse order of registration (the order they were started). */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];

  add<D extends Disposable>(item: D): D {
    this.items.push(item);
    return item;
  }

  dispose(): void {
    const items = this.items.reverse();
    this.items = [];
    for (const item of items) item.dispose();
  }
}
