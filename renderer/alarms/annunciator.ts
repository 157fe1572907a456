import type { AlarmPriority, AlarmSummary } from '../../common/alarms.ts';
import { Cell } from '../store/cell.ts';

/** 'unarmed': the browser has not allowed audio yet (no user gesture); 'silenced' until a new alarm. */
export type SoundState = 'unarmed' | 'armed' | 'sounding' | 'silenced' | 'muted';

interface Tone {
  readonly hz: number;
  /** Beep lengths and the gaps after them, in ms; the pattern repeats. */
  readonly pattern: readonly number[];
}

/** Higher pitch and a faster pattern for a more urgent priority, so the priority can be heard. */
export const TONES: Readonly<Record<AlarmPriority, Tone>> = {
  critical: { hz: 988, pattern: [150, 100, 150, 100, 150, 600] },
  high: { hz: 784, pattern: [250, 250, 250, 900] },
  medium: { hz: 587, pattern: [400, 1600] },
  low: { hz: 440, pattern: [300, 4700] },
};

/**
 * Audible annunciation: sounds the tone of the highest unacknowledged priority until it is silenced
 * or acknowledged; a newly raised unacknowledged alarm sounds again after a silence. Browsers allow
 * audio only after a user gesture, so it arms on the first click or key and says so until then.
 */
export class Annunciator {
  readonly state = new Cell<SoundState>('unarmed');
  #context: AudioContext | undefined;
  #muted = false;
  #silenced = false;
  #priority: AlarmPriority | undefined;
  #lastUnack = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #step = 0;
  readonly #target: EventTarget;
  readonly #arm = () => this.#tryArm();

  constructor(target: EventTarget = window) {
    this.#target = target;
    target.addEventListener('pointerdown', this.#arm, true);
    target.addEventListener('keydown', this.#arm, true);
  }

  /** Follows the banner summary: which priority (if any) should sound. */
  update(summary: AlarmSummary | undefined): void {
    const unack = summary?.totalUnacknowledged ?? 0;
    if (unack > this.#lastUnack) this.#silenced = false;
    this.#lastUnack = unack;
    this.#priority = summary?.highestUnacknowledged;
    this.#apply();
  }

  silence(): void {
    this.#silenced = true;
    this.#apply();
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#apply();
  }

  get muted(): boolean {
    return this.#muted;
  }

  dispose(): void {
    this.#target.removeEventListener('pointerdown', this.#arm, true);
    this.#target.removeEventListener('keydown', this.#arm, true);
    this.#stop();
    void this.#context?.close().catch(() => {});
    this.#context = undefined;
  }

  #tryArm(): void {
    if (this.#context?.state === 'running') return;
    if (typeof AudioContext === 'undefined') return;
    try {
      this.#context ??= new AudioContext();
      void this.#context.resume().then(
        () => this.#apply(),
        () => {},
      );
    } catch {
      // No audio device: the banner keeps saying that sound is not armed.
    }
  }

  #apply(): void {
    const armed = this.#context?.state === 'running';
    const shouldSound = armed && !this.#muted && !this.#silenced && this.#priority !== undefined;
    if (shouldSound && this.#timer === undefined) {
      this.#step = 0;
      this.#tick();
    } else if (!shouldSound) this.#stop();
    this.state.set(!armed ? 'unarmed' : this.#muted ? 'muted' : shouldSound ? 'sounding' : this.#silenced && this.#priority ? 'silenced' : 'armed');
  }

  #tick(): void {
    const context = this.#context;
    const priority = this.#priority;
    if (!context || !priority) return this.#stop();
    const tone = TONES[priority];
    const index = this.#step % tone.pattern.length;
    const ms = tone.pattern[index]!;
    if (index % 2 === 0) beep(context, tone.hz, ms);
    this.#step++;
    this.#timer = setTimeout(() => this.#tick(), ms);
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function beep(context: AudioContext, hz: number, ms: number): void {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'square';
  oscillator.frequency.value = hz;
  const start = context.currentTime;
  const end = start + ms / 1000;
  // Short ramps: no clicks.
  gain.gain.setValueAtTime(0, start);
  gain.gain.linearRampToValueAtTime(0.15, start + 0.01);
  gain.gain.setValueAtTime(0.15, end - 0.01);
  gain.gain.linearRampToValueAtTime(0, end);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(start);
  oscillator.stop(end);
}
