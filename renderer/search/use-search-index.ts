import { useEffect, useRef, useState } from 'react';
import type { ScreenSummary } from '../../common/screens-contract.ts';
import { DISPLAYS, displayHref, displayNeeds, displayTitle, groupTitle, type DisplayId } from '../app/route.ts';
import { useServices } from '../app/services.tsx';
import { useAccess } from '../ui/access.tsx';
import type { TFunction } from 'i18next';
import { useT } from '../i18n/i18n.ts';
import { SearchIndex, type SearchEntry } from './search-index.ts';

/** `t` of the 'search' catalogue: the words entries carry (a screen's level, an alarm's state) are in the reader's language, so the search finds what it shows. */
type SearchT = TFunction<'search'>;

export function screenEntries(summaries: readonly ScreenSummary[], t: SearchT): SearchEntry[] {
  return summaries.map((s) => ({
    kind: 'screen',
    key: s.id,
    title: s.name,
    detail: [s.level ? t(`level.${s.level}`) : '', s.area ?? '', s.id].filter(Boolean).join(' · '),
    href: `#/screens/${s.id}`,
  }));
}

/** The displays under the titles the tabs show now (a German reader finds "Alarmhistorie"). */
function displayEntries(): (SearchEntry & { readonly id: DisplayId })[] {
  return DISPLAYS.map((d) => ({
    kind: 'display',
    key: d.id,
    id: d.id,
    title: displayTitle(d.id),
    detail: `${groupTitle(d.group)} · ${d.id}`,
    href: displayHref(d.id),
  }));
}

const priorityWord = (t: SearchT, priority: string) => t(`priority.${priority}`, { ns: 'alarms' });

/**
 * The global search's index, fed from what the window already holds: the tag store's paths and infos
 * and the alarm store's alarms (re-indexed only when their lists changed, checked at each search), the
 * screen list (read at each opening and again on each `screens.changed`, so a screen saved in the
 * editor is found at once), and, each time the search opens, the alarm definitions and work orders
 * (one read each, never per keystroke). `version` changes when an asynchronous source arrived.
 */
export function useSearchIndex(open: boolean): { index: SearchIndex; version: number; refresh(): void } {
  const { client, tags, alarms } = useServices();
  const { t } = useT('search');
  // Read by the asynchronous answers below, which outlive the render that asked.
  const tRef = useRef(t);
  tRef.current = t;
  const index = useRef<SearchIndex>(undefined);
  index.current ??= new SearchIndex();
  const seen = useRef<{ paths?: readonly string[]; alarms?: readonly unknown[]; t?: SearchT }>({});
  const screens = useRef<readonly ScreenSummary[]>([]);
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);

  // Screens: read on each opening and on every change (any client's save, create, rename or delete), so a
  // read refused or lost earlier (before sign-in, a reconnect) never leaves the screens out for good.
  const readScreens = useRef<() => void>(undefined);
  useEffect(() => {
    let stopped = false;
    let asked = 0;
    const read = () => {
      const mine = ++asked;
      client.call('screens.list', {}).then(
        (list) => {
          if (stopped || mine !== asked) return;
          screens.current = list;
          index.current!.set('screen', screenEntries(list, tRef.current));
          bump();
        },
        () => undefined,
      );
    };
    readScreens.current = read;
    if (client.state === 'open') read();
    const stops = [client.on('screens.changed', read), client.onDidChangeState((state) => state === 'open' && read())];
    return () => {
      stopped = true;
      stops.forEach((stop) => stop());
    };
  }, [client]);
  useEffect(() => {
    if (open) readScreens.current?.();
  }, [open]);

  // Open, the results follow the stores: a tag list that arrives or an alarm that comes and goes shows at once.
  useEffect(() => {
    if (!open) return;
    const stops = [tags.subscribePaths(bump), alarms.subscribe(bump)];
    return () => stops.forEach((stop) => stop());
  }, [open, tags, alarms]);

  // Displays: those the person may see (the top bar's tabs), again when someone else signs in; the
  // displays' titles and the screens' levels again in a new language.
  const access = useAccess();
  useEffect(() => {
    index.current!.set(
      'display',
      displayEntries().filter((entry) => access.may(displayNeeds(entry.id))),
    );
    index.current!.set('screen', screenEntries(screens.current, t));
    bump();
  }, [access, t]);

  // Alarm definitions and work orders: read when the search opens (a project without MES has no orders).
  useEffect(() => {
    if (!open) return;
    let stopped = false;
    client.call('alarms.definitions.list', {}).then(
      (list) => {
        if (stopped) return;
        index.current!.set(
          'alarm-definition',
          list.map(({ definition: d }) => ({ kind: 'alarm-definition', key: d.id, title: d.id, detail: `${d.message} · ${d.tag} · ${priorityWord(tRef.current, d.priority)}`, href: '#/alarm-definitions' })),
        );
        bump();
      },
      () => undefined,
    );
    client.call('workOrders.list', { includeDone: true }).then(
      (list) => {
        if (stopped) return;
        index.current!.set(
          'work-order',
          list.orders.map((o) => ({
            kind: 'work-order',
            key: o.key,
            title: o.order.id,
            detail: [o.order.material.code, o.order.material.description ?? '', o.order.workCentre, o.status].filter(Boolean).join(' · '),
            href: '#/work-orders',
          })),
        );
        bump();
      },
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [client, open]);

  /** Tags and alarms: indexed again only when the stores hold a new list. */
  const refresh = () => {
    const paths = tags.paths();
    if (paths !== seen.current.paths) {
      seen.current.paths = paths;
      index.current!.set(
        'tag',
        paths.map((path) => {
          const info = tags.get(path).info;
          return { kind: 'tag', key: path, title: path, detail: [info?.description ?? '', info?.units ?? ''].filter(Boolean).join(' · '), href: `#/tags?tag=${encodeURIComponent(path)}` };
        }),
      );
    }
    const active = alarms.list();
    if (active !== seen.current.alarms || t !== seen.current.t) {
      seen.current.alarms = active;
      seen.current.t = t;
      index.current!.set(
        'alarm',
        active.map((a) => ({
          kind: 'alarm',
          key: a.id,
          title: a.message,
          detail: [priorityWord(t, a.priority), a.acknowledged ? t('acknowledged') : t('unacknowledged'), a.id, a.area].filter(Boolean).join(' · '),
          href: `#/alarms?alarm=${encodeURIComponent(a.id)}`,
        })),
      );
    }
  };
  return { index: index.current, version, refresh };
}
