import { useCallback, useState, type ReactNode } from 'react';
import { isPermission, ROLE_NAMES, type RoleName } from '../../common/permissions.ts';
import { isCallError, type CallError } from '../client/call-error.ts';
import { i18n } from '../i18n/i18n.ts';
import { needsPermissionText, problemText } from './texts.ts';
import './ui.css';

/** Where a command stands (HMI: every write shows pending, accepted or refused with the reason). */
export type FeedbackState = 'pending' | 'accepted' | 'refused';

export type FeedbackValue = { readonly state: 'idle' } | { readonly state: FeedbackState; readonly text: string };

interface FeedbackProps {
  readonly state: FeedbackState;
  /** What tests and people find it by: each place names its own ("alarm-feedback", "wo-feedback"…). */
  readonly testId?: string | undefined;
  /** The data-state attribute, when a place names its states otherwise (the write dialog's 'invalid'). */
  readonly dataState?: string | undefined;
  /** A line of its own (default) or a short note beside a control. */
  readonly inline?: boolean;
  readonly className?: string | undefined;
  /** More data-* attributes a place reports (the write dialog's data-agree). */
  readonly data?: { readonly [name: `data-${string}`]: string | boolean | undefined };
  readonly children: ReactNode;
}

/**
 * The one look of command feedback: pending dashed and muted, accepted with a bar on the left,
 * refused framed and bold. Each differs by shape and weight, not only by colour.
 */
export function Feedback({ state, testId, dataState, inline = false, className, data, children }: FeedbackProps) {
  const classes = `feedback feedback--${state}${inline ? ' feedback--inline' : ''}${className ? ` ${className}` : ''}`;
  const props = { ...data, className: classes, role: 'status', 'data-testid': testId, 'data-state': dataState ?? state };
  return inline ? <span {...props}>{children}</span> : <div {...props}>{children}</div>;
}

/** A `FeedbackValue` shown, or nothing while idle. */
export function FeedbackLine({ feedback, testId, inline, className }: { feedback: FeedbackValue; testId?: string; inline?: boolean; className?: string }) {
  if (feedback.state === 'idle') return null;
  return (
    <Feedback state={feedback.state} testId={testId} inline={inline} className={className}>
      {feedback.text}
    </Feedback>
  );
}

const ui = (key: string, options?: Record<string, unknown>): string => i18n.t(key, { ns: 'ui', ...options });

/** The runtime's reason for a refusal in the reader's language, saying first whether it was a missing permission (named by its phrase). */
export function refusalText(error: unknown): string {
  if (isCallError(error) && error.code === 'offline') return ui('feedback.notSent', { reason: problemText(error) });
  if (isCallError(error) && error.code === 'forbidden') return ui('feedback.notAllowed', { reason: forbiddenReason(error) });
  return ui('feedback.refused', { reason: problemText(error) });
}

/**
 * A permission refusal in plain words: the gateway names the missing permission in the problem's path
 * and the person in its text's parameters ("maintenance (role maintenance) lacks the permission
 * tags.write"); people read "Needs the permission ‘Write tag values’ — signed in as maintenance.". Any
 * other refusal (a password to change first, an API token's scope) keeps the runtime's words, translated.
 */
export function forbiddenReason(error: CallError): string {
  const permission = error.path;
  if (permission === undefined || !isPermission(permission)) return problemText(error);
  // The person from the text's parameters; from the English message when there are none (a runtime from before the keys).
  const params = error.text?.key === 'access.lacksPermission' ? error.text.params : undefined;
  const parsed = params ? undefined : /^(\S+) \(role (\w+)\) lacks the permission /.exec(error.message);
  const name = params ? params['name'] : parsed?.[1];
  const role = params ? params['role'] : parsed?.[2];
  return needsPermissionText(permission, typeof name === 'string' && typeof role === 'string' && isRole(role) ? { name, role } : undefined);
}

/**
 * One command at a time with its feedback: `run(pendingText, action, acceptedText)` shows pending, then
 * accepted (the text made from the result) or refused (the runtime's reason, or `refused(error)`); it
 * resolves to whether the command was accepted, so the caller can close a form.
 */
export function useFeedback() {
  const [feedback, setFeedback] = useState<FeedbackValue>({ state: 'idle' });
  const run = useCallback(async <T,>(pendingText: string, action: () => Promise<T>, accepted: (result: T) => string, refused: (error: unknown) => string = refusalText): Promise<boolean> => {
    setFeedback({ state: 'pending', text: pendingText });
    try {
      const result = await action();
      setFeedback({ state: 'accepted', text: accepted(result) });
      return true;
    } catch (error) {
      setFeedback({ state: 'refused', text: refused(error) });
      return false;
    }
  }, []);
  const clear = useCallback(() => setFeedback({ state: 'idle' }), []);
  return { feedback, run, set: setFeedback, clear };
}

/**
 * A named command with its feedback, for places where the name says it all: `act('Hold', run)` shows
 * "Hold: pending…", then "Hold: accepted — <what run resolved to>" or "Hold: refused — <the runtime's
 * reason>". Shown with `<FeedbackLine feedback={state} />`.
 */
export function useAction(): [FeedbackValue, (what: string, run: () => Promise<string | undefined>) => void] {
  const { feedback, run } = useFeedback();
  const act = useCallback(
    (what: string, action: () => Promise<string | undefined>) => {
      void run(
        ui('feedback.actionPending', { what }),
        action,
        (detail) => (detail ? ui('feedback.actionAcceptedDetail', { what, detail }) : ui('feedback.actionAccepted', { what })),
        (error) => ui('feedback.actionRefused', { what, reason: reasonOf(error) }),
      );
    },
    [run],
  );
  return [feedback, act];
}

/** The runtime's reason alone (no "Refused."), in the reader's language, a missing permission named by its phrase. */
export function reasonOf(error: unknown): string {
  if (isCallError(error) && error.code === 'forbidden') return forbiddenReason(error);
  return problemText(error);
}

function isRole(name: string): name is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(name);
}
