import { useEffect, useMemo, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import type { Value } from '../../../common/data-value.ts';
import type { TagInfo } from '../../../common/tag.ts';
import { useServices } from '../../app/services.tsx';
import { i18n, useT } from '../../i18n/i18n.ts';
import { useCell } from '../../store/cell.ts';
import { useTag } from '../../store/use-tag.ts';
import { Feedback } from '../../ui/Feedback.tsx';
import { formatTime, formatValue } from '../../ui/value-format.ts';
import { ValueText } from '../../ui/ValueText.tsx';
import type { ScreenScope } from '../screen-scope.ts';
import { truthy } from '../symbols/view-types.ts';
import { useBound } from '../use-bound.ts';
import { useCommand, type WriteValue } from './use-command.ts';
import { agreeTolerance, checkEntry } from './write-check.ts';
import { confirmPhrase } from './command-phrase.ts';

export interface WriteRequest {
  tag: string;
  /** The value to write; undefined asks the operator for a number (setpoint entry). */
  value: WriteValue | undefined;
  confirm: boolean;
  label: string;
  /** Expression of the actual state the command leads to (a switch's value, a button's feedback). */
  feedback: string | undefined;
}

/** Commanded and actual agree: equal on/off state, or numbers within 1 % of the span. */
export function agrees(commanded: Value, actual: unknown, info: TagInfo | undefined): boolean {
  if (typeof commanded === 'boolean') return actual !== undefined && actual !== null && truthy(actual) === commanded;
  if (typeof commanded === 'number' && typeof actual === 'number') return Math.abs(actual - commanded) <= agreeTolerance(info);
  return commanded === actual;
}

/**
 * An operator write from a screen: shows the tag, its current value and the new one, asks to confirm,
 * then pending / accepted / refused with the runtime's reason; once accepted, commanded vs actual
 * until they agree. The runtime checks limits and permission again (tags.write).
 */
export function WriteDialog({ request, scope }: { request: WriteRequest; scope: ScreenScope }) {
  const tag = useTag(request.tag);
  const command = useCommand(request.tag);
  const { t } = useT('screens');
  const timeZone = useCell(useServices().plant.session)?.timeZone;
  const [text, setText] = useState('');
  const confirmRef = useRef<HTMLButtonElement>(null);
  const bindings = useMemo((): Record<string, string> => (request.feedback ? { feedback: request.feedback } : {}), [request.feedback]);
  const { bound } = useBound(bindings, scope);
  const actual = bound?.values['feedback'];
  const actualBad = bound ? bound.qualities['feedback']?.startsWith('Bad') : false;
  const { step } = command;
  const sentOnOpen = useRef(false);

  // Not this person's to write (no 'tags.write'): said at once, nothing offered to confirm.
  const refusal = scope.writeRefusal;
  useEffect(() => {
    if (request.value === undefined || sentOnOpen.current || refusal !== undefined) return;
    sentOnOpen.current = true;
    if (request.confirm) command.propose(request.value);
    else command.send(request.value);
  }, [request, command, refusal]);
  useEffect(() => {
    if (step.step === 'confirm') confirmRef.current?.focus();
  }, [step.step]);

  const show = (value: Value) => `${formatValue(tag.info, value)}${tag.info?.units && typeof value === 'number' ? ` ${tag.info.units}` : ''}`;
  const propose = () => {
    const checked = checkEntry(tag.info, text, t);
    if (!checked.ok) command.invalid(checked.reason);
    else if (request.confirm) command.propose(checked.value);
    else command.send(checked.value);
  };

  return (
    <div className="scr-write" data-testid="write-dialog" data-tag={request.tag}>
      <dl className="scr-write__values">
        <dt>{t('write.tag')}</dt>
        <dd className="scr-write__tag" data-project-text="">
          {request.tag}
        </dd>
        <dt>{t('write.current')}</dt>
        <dd>
          <ValueText state={tag} />
        </dd>
        {step.step === 'confirm' && (
          <>
            <dt>{t('write.new')}</dt>
            <dd data-testid="write-new">{show(step.value)}</dd>
          </>
        )}
      </dl>
      {refusal !== undefined && (
        <Feedback state="refused" testId="write-feedback" dataState="not-allowed">
          <strong>{t('write.notAllowed')}</strong> {refusal}
        </Feedback>
      )}
      {refusal === undefined && request.value === undefined && step.step !== 'confirm' && step.step !== 'pending' && (
        <form
          className="scr-write__entry"
          onSubmit={(event) => {
            event.preventDefault();
            propose();
          }}
        >
          <input className="scr-write__input" inputMode="decimal" autoFocus value={text} onChange={(e) => setText(e.target.value)} aria-label={t('write.inputLabel', { tag: request.tag })} data-testid="write-input" />
          <button type="submit" className="scr-write__button">
            {t('write.set')}
          </button>
        </form>
      )}
      {step.step === 'confirm' && (
        <div className="scr-write__confirm" data-testid="write-confirmation">
          <p className="scr-write__question" data-testid="write-question">
            <ConfirmQuestion phrase={confirmPhrase(request.label, step.value, tag.info, request.tag, show(step.value), t)} />
          </p>
          <button type="button" ref={confirmRef} className="scr-write__button scr-write__button--primary" onClick={() => command.send()} data-testid="write-confirm">
            {t('write.confirm')}
          </button>
          <button type="button" className="scr-write__button" onClick={command.cancel} data-testid="write-cancel">
            {t('write.cancel')}
          </button>
        </div>
      )}
      {step.step === 'pending' && (
        <Feedback state="pending" testId="write-feedback">
          {t('write.writing', { value: show(step.value) })}
        </Feedback>
      )}
      {step.step === 'invalid' && (
        <Feedback state="refused" testId="write-feedback" dataState="invalid">
          <strong>{t('write.notSentInvalid')}</strong> {step.reason}
        </Feedback>
      )}
      {step.step === 'refused' && (
        <Feedback state="refused" testId="write-feedback">
          <strong>{step.sent ? t('write.refused', { value: show(step.value) }) : t('write.notSent', { value: show(step.value) })}</strong> {step.reason}
        </Feedback>
      )}
      {step.step === 'accepted' && <Accepted commanded={step.value} at={formatTime(step.at, timeZone)} show={show} feedback={request.feedback !== undefined} actual={actual} actualBad={actualBad ?? false} info={tag.info} />}
    </div>
  );
}

/** The confirmation question, the project's words in it (object, action) marked as project texts. */
function ConfirmQuestion({ phrase }: { phrase: { key: string; params: Record<string, string> } }) {
  const { t } = useT('screens');
  return <Trans i18n={i18n} t={t} i18nKey={phrase.key} values={phrase.params} components={[<span key="object" data-project-text="" />, <span key="action" data-project-text="" />]} />;
}

function Accepted(props: { commanded: Value; at: string; show: (v: Value) => string; feedback: boolean; actual: unknown; actualBad: boolean; info: TagInfo | undefined }) {
  const { commanded, at, show, feedback, actual, actualBad, info } = props;
  const { t } = useT('screens');
  const agree = feedback && !actualBad && agrees(commanded, actual, info);
  const actualText = !feedback ? '' : actualBad || actual === null || actual === undefined ? t('write.unknown') : typeof actual === 'boolean' ? (actual ? t('write.on') : t('write.off')) : show(actual as Value);
  return (
    <Feedback state="accepted" testId="write-feedback" data={{ 'data-agree': feedback ? agree : undefined }}>
      <div>
        <Trans i18n={i18n} t={t} i18nKey="write.accepted" values={{ value: show(commanded), at }} components={[<strong key="accepted" />]} />
      </div>
      {feedback && (
        <>
          <dl className="scr-write__compare">
            <dt>{t('write.commanded')}</dt>
            <dd data-testid="write-commanded">{typeof commanded === 'boolean' ? (commanded ? t('write.on') : t('write.off')) : show(commanded)}</dd>
            <dt>{t('write.actual')}</dt>
            <dd data-testid="write-actual">{actualText}</dd>
          </dl>
          <div className="feedback__progress" data-testid="write-progress">
            {agree ? t('write.agrees') : t('write.waiting')}
          </div>
        </>
      )}
    </Feedback>
  );
}
