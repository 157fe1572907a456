import type { TFunction } from 'i18next';
import { memo, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { qualityShortCode, severityOf } from '../../common/quality.ts';
import type { ScreenElement } from '../../screens/screen-schema.ts';
import { symbolTypeOf } from '../../screens/symbols/symbol-registry.ts';
import { expandTemplateInstance } from '../../screens/template-expansion.ts';
import { useT } from '../i18n/i18n.ts';
import { SvgAlarmMark } from '../ui/SvgAlarmMark.tsx';
import { codeBoxWidth, SvgQualityBox, SvgUncertainMark } from '../ui/SvgQualityBox.tsx';
import type { Bound } from './element-binder.ts';
import { formatDateTime, qualityText } from '../ui/value-format.ts';
import { childPath } from './alarm-marks.ts';
import { clearOfLater } from './canvas-layers.ts';
import { LIVE_TEXT } from './live-text.ts';
import type { ElementRequest, ScreenScope } from './screen-scope.ts';
import { SYMBOL_VIEWS } from './symbols/symbol-views.ts';
import { str, truthy } from './symbols/view-types.ts';
import { useBound } from './use-bound.ts';

export interface ElementViewProps {
  element: ScreenElement;
  scope: ScreenScope;
  /** Ids from the screen down to this element (`pump1/speed`): the element's `data-testid` is `element:<path>`. */
  path?: string;
  /**
   * Run mode: nothing drawn after this element covers it, so its readouts may be drawn on the
   * screen's readout canvas (`data-readouts="canvas"`, readout-painter.ts).
   */
  readoutCanvas?: boolean;
}

/** Memoised: an element's alarm mark re-renders on alarm changes, not on every value change of the element. */
const AlarmMark = memo(SvgAlarmMark);

/** Symbols that draw their own quality marker where the value would be; others get the marker beside them. */
const MARKS_OWN_QUALITY = new Set(['numeric-display', 'bar-graph', 'multi-state', 'tank', 'setpoint-entry', 'switch', 'instrument', 'control-valve', 'pipe', 'conveyor']);

/** What pressing the element asks for, in run mode; undefined when it is not interactive. */
function requestOf(element: ScreenElement, props: Readonly<Record<string, unknown>>, bound: Bound | undefined): ElementRequest | undefined {
  if (props['enabled'] === false) return undefined;
  const type = symbolTypeOf(element);
  const label = str(props['label']) || element.name || element.id;
  if (type === 'switch') {
    const current = bound?.values['value'];
    return { kind: 'write', element, tag: str(props['tag']), value: !truthy(current), confirm: props['confirm'] !== false, label };
  }
  if (type === 'setpoint-entry') return { kind: 'write', element, tag: str(props['tag']), value: undefined, confirm: props['confirm'] !== false, label };
  if (element.actions.length > 0) return { kind: 'actions', element, actions: element.actions };
  return undefined;
}

/**
 * One element of a screen, drawn in SVG: placed and rotated in its parent's space, its bindings
 * evaluated live (run mode) with its quality and alarm state shown on it, its actions run when pressed.
 * Re-renders only when its own tags change (memo + per-element subscriptions).
 */
export const ElementView = memo(function ElementView({ element, scope, path = element.id, readoutCanvas = false }: ElementViewProps) {
  const root = useRef<SVGGElement>(null);
  const { t } = useT('screens');
  const type = symbolTypeOf(element);
  const live = type === undefined ? undefined : LIVE_TEXT.get(type);
  const { bound } = useBound(element.bindings, scope, live && 'props' in element ? { live, props: element.props, root } : undefined);
  const expanded = useMemo(() => (element.kind === 'template' ? expandTemplateInstance(element, scope.templates) : undefined), [element, scope.templates]);
  if (bound && bound.values['visible'] === false) return null;

  const { width, height } = element;
  const transform = `translate(${element.x} ${element.y})${element.rotation ? ` rotate(${element.rotation} ${width / 2} ${height / 2})` : ''}`;
  const props = 'props' in element ? overlay(element.props, bound) : overlay({}, bound);
  const run = scope.mode === 'run';
  const asked = run ? requestOf(element, props, bound) : undefined;
  // A write this person may not make: drawn disabled, the reason on hover, nothing to confirm.
  const blocked = asked !== undefined && scope.writeRefusal !== undefined && writes(asked) ? scope.writeRefusal : undefined;
  const request = blocked === undefined ? asked : undefined;
  // One alarm, one mark: the canvas says which element marks which tag (alarm-marks.ts).
  const marks = run ? scope.alarmMarks?.get(path) : undefined;
  const severity = bound ? severityOf(bound.quality) : 'good';
  const code = bound ? (Object.keys(bound.errors).length ? 'ERR' : qualityShortCode(bound.quality)) : '';

  const onCanvas = run && readoutCanvas;
  let body;
  let leaf = false;
  if (element.kind === 'group') body = <Children elements={element.children} scope={scope} path={path} box={element} contentSize={element.contentSize} readoutCanvas={onCanvas} />;
  else if (expanded && !expanded.ok) body = <BrokenBox width={width} height={height} message={expanded.error.message} />;
  else if (expanded?.ok) body = <Children elements={expanded.value.children} scope={scope} path={path} box={element} contentSize={expanded.value.contentSize} readoutCanvas={onCanvas} />;
  else {
    const View = type === undefined ? undefined : SYMBOL_VIEWS.get(type);
    body = View ? (
      <View element={element} width={width} height={height} props={blocked === undefined ? props : { ...props, enabled: false }} bound={bound} scope={scope} />
    ) : (
      <BrokenBox width={width} height={height} message={t('element.unknownSymbol', { type })} />
    );
    leaf = View !== undefined;
  }

  const activate = (event: MouseEvent | KeyboardEvent) => {
    if (!request || !scope.onRequest) return;
    event.stopPropagation();
    event.preventDefault();
    scope.onRequest(request, event.currentTarget as Element);
  };
  const pressable =
    blocked !== undefined && asked
      ? { role: 'button', tabIndex: 0, 'aria-disabled': true, 'aria-label': ariaLabel(element, asked, props, t), 'aria-description': blocked, 'data-blocked': blocked }
      : request
        ? {
            role: 'button',
            tabIndex: 0,
            'aria-label': ariaLabel(element, request, props, t),
            onClick: activate,
            onKeyDown: (event: KeyboardEvent) => {
              if (event.key === 'Enter' || event.key === ' ') activate(event);
            },
          }
        : {};
  return (
    <g
      ref={root}
      transform={transform}
      data-testid={`element:${path}`}
      data-quality={bound ? severity : undefined}
      data-as-of={bound && severity !== 'good' ? bound.sourceTime : undefined}
      data-readouts={leaf && onCanvas ? 'canvas' : undefined}
      className={request ? 'scr-el scr-el--active' : blocked !== undefined ? 'scr-el scr-el--blocked' : 'scr-el'}
      {...pressable}
    >
      {(request ?? blocked) !== undefined && <rect className="scr-el__target" x={-4} y={-4} width={Math.max(width + 8, 32)} height={Math.max(height + 8, 32)} />}
      {body}
      {bound && severity !== 'good' && (type === undefined || !MARKS_OWN_QUALITY.has(type)) && <QualityOverlay width={width} severity={severity} code={code} height={height} />}
      {marks && <AlarmMark tags={marks} x={width + 2} y={-20} size={20} />}
      {bound && Object.keys(bound.errors).length > 0 ? (
        <title>{Object.values(bound.errors).join('\n')}</title>
      ) : (
        (blocked !== undefined || (bound && severity !== 'good')) && <title>{[blocked, bound && severity !== 'good' ? asOf(bound, t) : undefined].filter((line) => line !== undefined).join('\n')}</title>
      )}
    </g>
  );
});

/** Whether pressing the element would write a tag (a control symbol, or an element whose actions write). */
function writes(request: ElementRequest): boolean {
  return request.kind === 'write' || request.actions.some((action) => action.type === 'write');
}

/** What a value that is not good is worth: its quality in words and the age of its oldest input. */
function asOf(bound: Bound, t: TFunction<'screens'>): string {
  return bound.sourceTime === undefined ? qualityText(bound.quality) : t('element.asOf', { quality: qualityText(bound.quality), time: formatDateTime(bound.sourceTime) });
}

function overlay(props: Readonly<Record<string, unknown>>, bound: Bound | undefined): Readonly<Record<string, unknown>> {
  if (!bound) return props;
  return { ...props, ...bound.values };
}

function ariaLabel(element: ScreenElement, request: ElementRequest, props: Readonly<Record<string, unknown>>, t: TFunction<'screens'>): string {
  const name = str(props['label']) || element.name || element.id.split('/').pop()!;
  if (request.kind === 'write') return t('element.write', { name, tag: request.tag });
  const first = request.actions[0];
  if (first?.type === 'faceplate') return t('element.faceplate', { name });
  if (first?.type === 'navigate') return t('element.navigate', { name, screen: first.screen });
  return name;
}

function Children({
  elements,
  scope,
  path,
  box,
  contentSize,
  readoutCanvas,
}: {
  elements: readonly ScreenElement[];
  scope: ScreenScope;
  path: string;
  box: { id: string; width: number; height: number };
  contentSize: { width: number; height: number } | undefined;
  readoutCanvas: boolean;
}) {
  const clear = useMemo(() => (readoutCanvas ? clearOfLater(elements) : undefined), [readoutCanvas, elements]);
  const scale = contentSize ? `scale(${box.width / contentSize.width} ${box.height / contentSize.height})` : undefined;
  return (
    <g transform={scale}>
      {elements.map((child) => (
        <ElementView key={child.id} element={child} scope={scope} path={childPath(path, box, child)} readoutCanvas={clear?.has(child.id) ?? false} />
      ))}
    </g>
  );
}

/**
 * Not good: the short code under the symbol's right corner (labels sit above symbols), the symbol itself
 * hatched by its view; uncertain adds a dashed outline round the still-drawn symbol.
 */
function QualityOverlay({ width, height, severity, code }: { width: number; height: number; severity: 'bad' | 'uncertain'; code: string }) {
  if (severity === 'uncertain') {
    return (
      <g>
        <rect className="scr-uncertain-outline" x={-3} y={-3} width={width + 6} height={height + 6} />
        <SvgUncertainMark right={width + 3} y={-6} code={code} />
      </g>
    );
  }
  const w = codeBoxWidth(code);
  return <SvgQualityBox x={Math.max(0, width - w)} y={height + 3} width={w} height={17} code={code} />;
}

/** A part of the document that cannot be drawn (unknown template or symbol): visible, with the reason. */
function BrokenBox({ width, height, message }: { width: number; height: number; message: string }) {
  return (
    <g data-testid="broken-element">
      <rect className="scr-broken" width={Math.max(width, 24)} height={Math.max(height, 24)} />
      <text className="scr-label" x={4} y={14}>
        {message}
      </text>
    </g>
  );
}
