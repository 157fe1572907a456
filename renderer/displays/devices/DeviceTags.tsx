import { useMemo, useState } from 'react';
import { useServices } from '../../app/services.tsx';
import { useTagPaths } from '../../store/use-tag.ts';
import { TagRow } from '../tags/TagRow.tsx';

/** The tags a device feeds, live from the window's tag store (value with units, quality, source time). */
export function DeviceTags({ device }: { device: string }) {
  const { tags } = useServices();
  const paths = useTagPaths();
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const own = useMemo(() => paths.filter((path) => tags.get(path).info?.device === device), [paths, tags, device]);
  return (
    <section className="devices__panel devices__panel--tags" aria-label={`Tags of ${device}`} data-testid="device-tags">
      <h2 className="devices__panel-title">
        Tags <span className="devices__muted">{own.length}</span>
      </h2>
      <div className="devices__scroll">
        <table className="tags__table devices__tags">
          <colgroup>
            <col className="devices__tag-path" />
            <col className="devices__tag-description" />
            <col className="devices__tag-value" />
            <col className="devices__tag-quality" />
            <col className="devices__tag-time" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Description</th>
              <th scope="col" className="tags__num">
                Value
              </th>
              <th scope="col">Quality</th>
              <th scope="col">Source time</th>
            </tr>
          </thead>
          <tbody>
            {own.map((path) => (
              <TagRow key={path} path={path} selected={path === selected} onSelect={setSelected} />
            ))}
          </tbody>
        </table>
        {own.length === 0 && <p className="devices__empty">{paths.length === 0 ? 'Waiting for tags…' : 'This device feeds no tags.'}</p>}
      </div>
    </section>
  );
}
