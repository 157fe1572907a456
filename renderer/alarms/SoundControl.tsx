import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';

/** The annunciation state, Silence (F9) and a mute switch for the window. */
export function SoundControl() {
  const { annunciator } = useServices();
  const { t } = useT('alarms');
  const state = useCell(annunciator.state);
  return (
    <div className="alarm-sound" data-testid="alarm-sound" data-state={state}>
      <span className={`alarm-sound__state alarm-sound__state--${state}`}>{t(`sound.${state}`)}</span>
      <button type="button" className="button alarm-sound__silence" onClick={() => annunciator.silence()} disabled={state !== 'sounding'} title={t('sound.silenceTitle')} data-testid="alarm-silence">
        {t('sound.silence')}
      </button>
      <button type="button" className="button alarm-sound__mute" aria-pressed={state === 'muted'} onClick={() => annunciator.setMuted(!annunciator.muted)} data-testid="alarm-mute">
        {state === 'muted' ? t('sound.unmute') : t('sound.mute')}
      </button>
    </div>
  );
}
