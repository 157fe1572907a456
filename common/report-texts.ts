import { reasonTextId, shiftTextId, tagTextId, unitsTextId } from './project-texts.ts';
import type { ReportContent } from './reports-contract.ts';

/**
 * A report's project texts in one language (texts/<lang>.json): the shift's name, each line's count
 * units, downtime reasons (in the stop list and the Pareto) and key values' descriptions. `text` gives a
 * translation by text id, or undefined: that text stays as the report stored it, in the project's
 * default language. The stored report (and what its signature covers) is not changed: this is a copy
 * for one export.
 */
export function reportInLanguage(content: ReportContent, text: (id: string) => string | undefined): ReportContent {
  const reason = (line: string, code: string, stored: string) => text(reasonTextId(line, code)) ?? stored;
  return {
    ...content,
    shift: { ...content.shift, shift: text(shiftTextId(content.shift.shift)) ?? content.shift.shift },
    production: content.production.map((p) => ({ ...p, units: text(unitsTextId(p.line)) ?? p.units })),
    oee: content.oee.map((o) => ({
      ...o,
      pareto: o.pareto.map((p) => ({ ...p, reason: reason(o.line, p.code, p.reason) })),
      downtime: o.downtime.map((d) => ({ ...d, reason: reason(o.line, d.code, d.reason) })),
    })),
    keyValues: content.keyValues.map((k) => ({ ...k, description: text(tagTextId(k.tag)) ?? k.description })),
  };
}
