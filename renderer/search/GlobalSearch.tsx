import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n/i18n.ts';
import { Dialog } from '../ui/Dialog.tsx';
import type { SearchEntry, SearchKind } from './search-index.ts';
import { useSearchIndex } from './use-search-index.ts';
import '../styles/search.css';

const PER_KIND = 8;
/** Kinds whose second line is project data only (a description, a message and tag, an order's material); the others mix in words of the interface. */
const PROJECT_DETAIL: ReadonlySet<SearchKind> = new Set(['tag', 'alarm-definition', 'work-order']);

/**
 * The frame's search: Ctrl+K (or the top bar's button) opens it over the display; what is typed finds
 * screens, displays, tags, active alarms, alarm definitions and work orders, grouped by kind, best first.
 * ↑/↓ choose, Enter opens, Escape closes (focus back where it was).
 */
export function GlobalSearch() {
  // The top bar's button is the frame's; the dialog's texts are the 'search' catalogue's.
  const { t } = useT('frame');
  const [open, setOpen] = useState(false);
  const search = useSearchIndex(open);
  const close = useCallback(() => setOpen(false), []);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button type="button" className="topbar__search" onClick={() => setOpen(true)} aria-haspopup="dialog" aria-keyshortcuts="Control+K" title={t('search.openTitle')} data-testid="search-open">
        <span aria-hidden="true">⌕</span> {t('search.open')} <kbd>{t('search.shortcut')}</kbd>
      </button>
      {/* On the body, not in the top bar: the dialog takes no part in the bar's layout. */}
      {open && createPortal(<SearchDialog search={search} onClose={close} />, document.body)}
    </>
  );
}

function SearchDialog({ search, onClose }: { search: ReturnType<typeof useSearchIndex>; onClose(): void }) {
  const { index, version, refresh } = search;
  const { t } = useT('search');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // Into the field after the dialog took note of where the focus was (not autoFocus: it would move the focus before that).
  useEffect(() => input.current?.focus(), []);
  // Below the alarm banner, which stays visible and usable; going to another display (a tab, the banner) closes it.
  const [top] = useState(() => document.querySelector('.hmi__banner-slot')?.getBoundingClientRect().bottom ?? 0);
  useEffect(() => {
    window.addEventListener('hashchange', onClose);
    return () => window.removeEventListener('hashchange', onClose);
  }, [onClose]);
  const groups = useMemo(() => {
    refresh();
    return index.search(query, PER_KIND);
    // `version`: an asynchronous source arrived; refresh() picks up the stores' own changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refresh is a fresh closure each render over stable stores
  }, [index, query, version]);
  const hits = useMemo(() => groups.flatMap((g) => g.hits.map((h) => h.entry)), [groups]);
  const at = Math.min(chosen, Math.max(hits.length - 1, 0));

  const go = (entry: SearchEntry | undefined) => {
    if (!entry) return;
    onClose();
    window.location.hash = entry.href;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const move = (to: number) => {
      event.preventDefault();
      setChosen(Math.max(0, Math.min(to, hits.length - 1)));
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'PageDown') move(at + PER_KIND);
    else if (event.key === 'PageUp') move(at - PER_KIND);
    else if (event.key === 'Enter') {
      event.preventDefault();
      go(hits[at]);
    }
  };

  let row = 0;
  return (
    <div className="search-backdrop" style={{ top }} onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <Dialog className="search-dialog" modal label={t('dialog')} onClose={onClose} testId="global-search">
        <input
          className="search-dialog__input"
          type="search"
          role="combobox"
          aria-expanded="true"
          aria-controls="search-results"
          aria-activedescendant={hits.length ? `search-hit-${at}` : undefined}
          aria-autocomplete="list"
          aria-label={t('input')}
          placeholder={t('placeholder')}
          value={query}
          ref={input}
          onChange={(event) => {
            setQuery(event.target.value);
            setChosen(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="search-input"
        />
        <div id="search-results" className="search-dialog__results" role="listbox" aria-label={t('results')} data-testid="search-results" data-query={query}>
          {groups.length === 0 && <p className="search-dialog__none">{t('none', { query })}</p>}
          {groups.map((group) => (
            <div key={group.kind} role="group" aria-labelledby={`search-group-${group.kind}`} className="search-group" data-testid={`search-group:${group.kind}`}>
              <div id={`search-group-${group.kind}`} className="search-group__title" role="presentation">
                {t(`kind.${group.kind}`)}
                <span className="search-group__count">{group.total > group.hits.length ? t('count', { shown: group.hits.length, total: group.total }) : group.total}</span>
              </div>
              {group.hits.map(({ entry }) => {
                const i = row++;
                return (
                  <div
                    key={entry.key}
                    id={`search-hit-${i}`}
                    role="option"
                    aria-selected={i === at}
                    className={`search-hit${i === at ? ' search-hit--chosen' : ''}`}
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => go(entry)}
                    ref={i === at ? (node) => node?.scrollIntoView({ block: 'nearest' }) : undefined}
                    data-testid="search-hit"
                    data-kind={entry.kind}
                    data-key={entry.key}
                  >
                    <span className="search-hit__title" data-project-text={entry.kind === 'display' ? undefined : ''}>
                      {entry.title}
                    </span>
                    <span className="search-hit__detail" data-project-text={PROJECT_DETAIL.has(entry.kind) ? '' : undefined}>
                      {entry.detail}
                    </span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <p className="search-dialog__keys" aria-hidden="true">
          {t('keys')}
        </p>
      </Dialog>
    </div>
  );
}
