import { useMemo } from 'react';
import { severityOf } from '../../../common/quality.ts';
import { useT } from '../../i18n/i18n.ts';
import { cssColor } from '../palette.ts';
import { sanitiseSvg, svgFromDataUrl, svgToDataUrl } from '../svg-sanitise.ts';
import { num, str, type SymbolView } from './view-types.ts';

const ASPECT: Readonly<Record<string, string>> = { contain: 'xMidYMid meet', cover: 'xMidYMid slice', fill: 'none' };

export const TextView: SymbolView = (p) => {
  const align = p.props['align'];
  const anchor = align === 'center' ? 'middle' : align === 'right' ? 'end' : 'start';
  const x = align === 'center' ? p.width / 2 : align === 'right' ? p.width : 0;
  const size = num(p.props['fontSize'], 14);
  // A text computed from bad values (a reject rate with the links down) is struck through and faint, beside its code box: never a live-looking number.
  const bad = p.bound !== undefined && severityOf(p.bound.qualities['text'] ?? 'Good') === 'bad';
  return (
    <text
      className={bad ? 'scr-text scr-text--bad' : 'scr-text'}
      data-text-quality={bad ? 'bad' : undefined}
      x={x}
      y={p.height / 2 + size * 0.35}
      textAnchor={anchor}
      fontSize={size}
      fontWeight={p.props['bold'] === true ? 700 : 400}
      style={{ fill: cssColor(p.props['color'], 'var(--text)') }}
      data-project-text=""
    >
      {str(p.props['text'])}
    </text>
  );
};

const shapeStyle = (props: Readonly<Record<string, unknown>>) => ({
  fill: cssColor(props['fill'], 'var(--equip-off)'),
  stroke: cssColor(props['stroke'], 'var(--pipe)'),
  strokeWidth: num(props['strokeWidth'], 1),
});

export const RectangleView: SymbolView = (p) => <rect width={p.width} height={p.height} rx={num(p.props['cornerRadius'])} style={shapeStyle(p.props)} />;

export const EllipseView: SymbolView = (p) => <ellipse cx={p.width / 2} cy={p.height / 2} rx={p.width / 2} ry={p.height / 2} style={shapeStyle(p.props)} />;

export const LineView: SymbolView = (p) => {
  const [x1, y1] = (p.props['from'] as [number, number] | undefined) ?? [0, 0];
  const [x2, y2] = (p.props['to'] as [number, number] | undefined) ?? [p.width, 0];
  return <line x1={x1} y1={y1} x2={x2} y2={y2} style={{ stroke: cssColor(p.props['stroke'], 'var(--pipe)'), strokeWidth: num(p.props['strokeWidth'], 1) }} />;
};

export const PolylineView: SymbolView = (p) => {
  const points = ((p.props['points'] as [number, number][] | undefined) ?? []).map(([x, y]) => `${x},${y}`).join(' ');
  const style = shapeStyle(p.props);
  return p.props['closed'] === true ? <polygon points={points} style={style} /> : <polyline points={points} style={{ ...style, fill: 'none' }} />;
};

/** An image not drawn: its source (project data), or why it cannot be drawn (`problem`). */
function AssetBox({ width, height, src, problem }: { width: number; height: number; src: string; problem?: string }) {
  return (
    <g>
      <rect className="scr-asset" width={width} height={height} />
      <text className="scr-label" x={6} y={16} data-project-text={problem === undefined ? '' : undefined}>
        {problem ?? src}
      </text>
    </g>
  );
}

export const ImageView: SymbolView = (p) => {
  const src = str(p.props['src']);
  if (!src.startsWith('data:image/')) return <AssetBox width={p.width} height={p.height} src={src} />;
  if (src.startsWith('data:image/svg+xml')) return <SvgView {...p} />;
  return <image href={src} width={p.width} height={p.height} preserveAspectRatio={ASPECT[str(p.props['fit'])] ?? ASPECT['contain']} />;
};

/** An imported SVG, cleaned of scripts, handlers and external references, drawn as an image. */
export const SvgView: SymbolView = (p) => {
  const src = str(p.props['src']);
  const { t } = useT('screens');
  const clean = useMemo(() => {
    const text = svgFromDataUrl(src);
    if (text === undefined) return undefined;
    const result = sanitiseSvg(text, new DOMParser(), new XMLSerializer());
    return result.ok ? svgToDataUrl(result.svg) : undefined;
  }, [src]);
  if (!clean) return <AssetBox width={p.width} height={p.height} src={src} problem={src.startsWith('data:') ? t('symbol.svgUnreadable') : undefined} />;
  return <image href={clean} width={p.width} height={p.height} preserveAspectRatio={ASPECT[str(p.props['fit'])] ?? ASPECT['contain']} data-testid="svg-import" />;
};
