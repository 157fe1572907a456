import type { KeyboardEvent, ReactNode, Ref } from 'react';

export interface SelectableProps {
  label: string;
  testId: string;
  selected: boolean;
  onOpen: () => void;
  /** The hit area, in mimic coordinates (at least 32 px tall on screen). */
  area: { x: number; y: number; width: number; height: number };
  ref?: Ref<SVGGElement>;
  children: ReactNode;
}

/** An object in the mimic that opens its faceplate on click, Enter or Space. */
export function Selectable({ label, testId, selected, onOpen, area, ref, children }: SelectableProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen();
    }
  };
  return (
    <g
      ref={ref}
      className="selectable"
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-expanded={selected}
      data-testid={testId}
      onClick={onOpen}
      onKeyDown={onKeyDown}
    >
      <rect className={`selectable__area${selected ? ' selectable__area--selected' : ''}`} {...area} rx={4} />
      {children}
    </g>
  );
}
