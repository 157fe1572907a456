import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import type { SoundState } from './annunciator.ts';

const TEXT: Readonly<Record<SoundState, string>> = {
  unarmed: 'Sound not armed: click or press a key',
  armed: 'Sound armed',
  sounding: 'Sounding',
  silenced: 'Silenced',
  muted: 'Sound muted',
};

/** The annunciation state, Silence (F9) and a mute switch for the window. */
export function SoundControl() {
  const { annunciator } = useServices();
  const state = useCell(annunciator.state);
  return (
    <div className="alarm-sound" data-testid="alarm-sound" data-state={state}>
      <span className={`alarm-sound__state alarm-sound__state--${state}`}>{TEXT[state]}</span>
      <button type="button" className="button alarm-sound__silence" onClick={() => annunciator.silence()} disabled={state !== 'sounding'} title="Silence the horn until a new alarm (F9)" data-testid="alarm-silence">
        Silence
      </button>
      <button type="button" className="button alarm-sound__mute" aria-pressed={state === 'muted'} onClick={() => annunciator.setMuted(!annunciator.muted)} data-testid="alarm-mute">
        {state === 'muted' ? 'Unmute' : 'Mute'}
      </button>
    </div>
  );
}
