/** A process line through the given points (no value of its own, so always neutral grey). */
export function Pipe({ points }: { points: readonly (readonly [number, number])[] }) {
  return <polyline className="pipe" points={points.map(([x, y]) => `${x},${y}`).join(' ')} />;
}

/** A flow direction arrow at a point on a pipe. */
export function FlowArrow({ x, y, direction }: { x: number; y: number; direction: 'right' | 'down' | 'up' }) {
  const d =
    direction === 'right'
      ? `M ${x - 4} ${y - 5} L ${x + 4} ${y} L ${x - 4} ${y + 5} Z`
      : direction === 'down'
        ? `M ${x - 5} ${y - 4} L ${x} ${y + 4} L ${x + 5} ${y - 4} Z`
        : `M ${x - 5} ${y + 4} L ${x} ${y - 4} L ${x + 5} ${y + 4} Z`;
  return <path className="pipe__arrow" d={d} />;
}
