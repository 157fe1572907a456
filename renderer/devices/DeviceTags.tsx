import { useMemo, useState } from 'react';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useTagPaths } from '../store/use-tag.ts';
import { TagTable } from '../ui/TagTable.tsx';

/** The tags a device feeds, live from the window's tag store (value with units, quality, source time). */
export function DeviceTags({ device, selected: shown, onSelect, note }: { device: string; selected?: string | undefined; onSelect?: (path: string | undefined) => void; note?: string | undefined }) {
  const { tags } = useServices();
  const { t } = useT('devices');
  const paths = useTagPaths();
  const [ownSelected, setOwnSelected] = useState<string | undefined>(undefined);
  const selected = onSelect ? shown : ownSelected;
  const setSelected = onSelect ?? setOwnSelected;
  const own = useMemo(() => paths.filter((path) => tags.get(path).info?.device === device), [paths, tags, device]);
  return (
    <section className="devices__panel devices__panel--tags" aria-label={t('tags.label', { device })} data-testid="device-tags">
      <h2 className="devices__panel-title">
        {t('tags.title')} <span className="devices__muted">{own.length}</span>
      </h2>
      {note && (
        <p className="devices__tags-note" data-testid="device-tags-note">
          {note}
        </p>
      )}
      <TagTable paths={own} selected={selected} onSelect={setSelected} label={t('tags.label', { device })} className="devices__tags-scroll" />
      {own.length === 0 && <p className="devices__empty">{paths.length === 0 ? t('tags.waiting') : t('tags.none')}</p>}
    </section>
  );
}
