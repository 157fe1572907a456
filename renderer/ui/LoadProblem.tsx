import { useT } from '../i18n/i18n.ts';
import './ui.css';
import type { Call } from './use-call.ts';
import { problemText } from './texts.ts';

interface Props {
  readonly call: Pick<Call<unknown>, 'error' | 'loading' | 'retry'>;
  /** What could not be read, as a person says it ("Could not list the certificates"). */
  readonly what: string;
  readonly className?: string | undefined;
  /** A note in a toolbar line rather than a paragraph of its own. */
  readonly inline?: boolean;
}

/** Why a read failed, in words, with a Retry that reads again. Nothing while the read is fine. */
export function LoadProblem({ call, what, className, inline = false }: Props) {
  const { t } = useT('ui');
  const classes = `load-problem${inline ? ' load-problem--inline' : ''}${className ? ` ${className}` : ''}`;
  if (!call.error) return null;
  const Tag = inline ? 'span' : 'p';
  return (
    <Tag className={classes} role="alert" data-testid="load-problem">
      {what}: {problemText(call.error)}{' '}
      <button type="button" className="button load-problem__retry" onClick={call.retry} disabled={call.loading}>
        {call.loading ? t('loadProblem.reading') : t('loadProblem.retry')}
      </button>
    </Tag>
  );
}
