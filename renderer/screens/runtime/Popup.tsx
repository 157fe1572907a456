import { useEffect, useRef, type ReactNode } from 'react';

export interface PopupProps {
  title: string;
  position: { left: number; top: number };
  width: number;
  testId: string;
  onClose(): void;
  children: ReactNode;
}

/** A faceplate or dialog beside its object, inside the screen area (so never over the alarm banner). Escape or × closes it. */
export function Popup({ title, position, width, testId, onClose, children }: PopupProps) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (node && !node.contains(document.activeElement)) node.focus();
  }, []);
  return (
    <aside
      ref={ref}
      className="scr-popup"
      style={{ left: position.left, top: position.top, width }}
      role="dialog"
      aria-label={title}
      data-testid={testId}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header className="scr-popup__header">
        <h2 className="scr-popup__title">{title}</h2>
        <button type="button" className="scr-popup__close" onClick={onClose} aria-label={`Close ${title}`} data-testid="popup-close">
          ×
        </button>
      </header>
      {children}
    </aside>
  );
}
