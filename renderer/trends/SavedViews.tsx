import { useState } from 'react';
import type { TrendView } from '../../common/trend-views.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { FeedbackLine, useFeedback } from '../ui/Feedback.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import type { Pen } from './pens.ts';
import type { TimeRange } from './time-range.ts';
import { problemText } from '../ui/texts.ts';

interface Props {
  pens: readonly Pen[];
  range: TimeRange;
  onOpen(view: TrendView): void;
}

/** Saved views, shared through the runtime: pick one to open, save the current one under a name, delete. */
export function SavedViews({ pens, range, onOpen }: Props) {
  const { client } = useServices();
  const { t } = useT('trends');
  const read = useCall('trends.views.list', {});
  const views = read.data ?? [];
  const reload = read.retry;
  const [selected, setSelected] = useState('');
  const [name, setName] = useState('');
  // Views saved at another station while this one was cut off are read again on reconnect (useCall does).
  const command = useFeedback();

  const save = () => {
    const trimmed = name.trim() || selected;
    if (!trimmed || pens.length === 0) return;
    const span = Math.round(range.to - range.from);
    const params = { name: trimmed, pens: pens.map((pen) => pen.path), live: range.live, span, ...(range.live ? {} : { from: Math.round(range.from) }) };
    void command.run(
      t('views.saving', { name: trimmed }),
      async () => {
        const view = await client.call('trends.views.save', params);
        setSelected(view.name);
        setName('');
        reload();
        return view;
      },
      (view) => t('views.saved', { name: view.name }),
      (error) => t('views.notSaved', { reason: problemText(error) }),
    );
  };
  const remove = () => {
    if (!selected) return;
    void command.run(
      t('views.deleting', { name: selected }),
      async () => {
        await client.call('trends.views.delete', { name: selected });
        setSelected('');
        reload();
      },
      () => t('views.deleted', { name: selected }),
      (error) => t('views.notDeleted', { reason: problemText(error) }),
    );
  };

  return (
    <div className="trend__views" data-testid="trend-views">
      <label className="trend__views-label">
        {t('views.view')}
        <select
          className="trend__select"
          value={selected}
          data-testid="trend-view-select"
          onFocus={reload}
          onChange={(event) => {
            setSelected(event.target.value);
            const view = views.find((v) => v.name === event.target.value);
            if (view) onOpen(view);
          }}
        >
          <option value="">{t('views.none')}</option>
          {views.map((view) => (
            <option key={view.name} value={view.name}>
              {view.name}
            </option>
          ))}
        </select>
      </label>
      <input className="tags__filter trend__view-name" placeholder={t('views.namePlaceholder')} aria-label={t('views.name')} value={name} maxLength={80} onChange={(event) => setName(event.target.value)} data-testid="trend-view-name" />
      <button type="button" className="button" onClick={save} disabled={pens.length === 0 || !(name.trim() || selected)} data-testid="trend-view-save">
        {t('views.save')}
      </button>
      <button type="button" className="button" onClick={remove} disabled={!selected} data-testid="trend-view-delete">
        {t('views.delete')}
      </button>
      {command.feedback.state === 'idle' && <LoadProblem call={read} what={t('views.listFailed')} inline />}
      <FeedbackLine feedback={command.feedback} testId="trend-view-message" inline />
    </div>
  );
}
