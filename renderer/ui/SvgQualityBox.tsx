/**
 * Bad quality in a mimic: a hatched, outlined box with the short code where the value would be, so
 * a lost or invalid value can never be read as a number.
 */
export function SvgQualityBox({ x, y, width, height, code }: { x: number; y: number; width: number; height: number; code: string }) {
  return (
    <g className="qbox" data-testid="quality-marker" data-code={code}>
      <rect x={x} y={y} width={width} height={height} className="qbox__rect" />
      <text x={x + width / 2} y={y + height / 2} className="qbox__code" textAnchor="middle" dominantBaseline="central">
        {code}
      </text>
    </g>
  );
}

/** Uncertain quality in a mimic: a small dashed tag with the code, right-aligned at `right`, over the dimmed value. */
export function SvgUncertainMark({ right, y, code }: { right: number; y: number; code: string }) {
  const width = Math.max(22, code.length * 7 + 8);
  const x = right - width;
  return (
    <g className="umark" data-testid="quality-marker" data-code={code}>
      <rect x={x} y={y - 12} width={width} height={15} rx="2" className="umark__rect" />
      <text x={x + width / 2} y={y - 1} className="umark__code" textAnchor="middle">
        {code}
      </text>
    </g>
  );
}

/** Just wide enough for the code, so the box never covers a neighbouring label. */
export function codeBoxWidth(code: string): number {
  return Math.max(34, Math.round(code.length * 8 + 10));
}
