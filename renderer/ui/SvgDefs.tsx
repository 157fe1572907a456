/** Shared SVG patterns of a mimic: the hatch that marks bad quality. Render once per <svg>. */
export function SvgDefs() {
  return (
    <defs>
      <pattern id="hatch-bad" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" className="hatch-bad__bg" />
        <line x1="0" y1="0" x2="0" y2="6" className="hatch-bad__line" />
      </pattern>
    </defs>
  );
}
