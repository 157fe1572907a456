import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
import './ui.css';

interface DialogProps {
  /** What the dialog is about, for screen readers (or `labelledBy` naming its title's id). */
  readonly label?: string | undefined;
  readonly labelledBy?: string | undefined;
  /** 'alertdialog' for a question that interrupts ("Delete it?"), 'dialog' otherwise. */
  readonly role?: 'dialog' | 'alertdialog';
  /** Blocks the rest of the page (an overlay): said to assistive technology with aria-modal. */
  readonly modal?: boolean;
  /** Escape calls it (a cancel). Without it Escape does nothing: a dialog that must be answered. */
  readonly onClose?: (() => void) | undefined;
  readonly className: string;
  readonly testId?: string | undefined;
  readonly style?: CSSProperties | undefined;
  /** A faceplate is an aside beside its object; every other dialog a div. */
  readonly as?: 'div' | 'aside';
  /** More data-* attributes a place reports (data-state, data-elsewhere…). */
  readonly data?: { readonly [name: `data-${string}`]: string | boolean | undefined };
  readonly children: ReactNode;
}

/**
 * The one dialog of the renderer, for overlays, faceplates and inline confirmations alike. It takes the
 * focus when it opens (unless a field in it already has it, e.g. `autoFocus`), Escape cancels it when
 * it has `onClose`, and when it closes the focus goes back to where it was (the button that opened
 * it), so a keyboard user in the control room never lands at the top of the page.
 */
export function Dialog({ label, labelledBy, role = 'dialog', modal = false, onClose, className, testId, style, as = 'div', data, children }: DialogProps) {
  const ref = useRef<HTMLElement>(null);
  useDialogFocus(ref);
  useModalEscape(modal, onClose);
  const Tag = as;
  return (
    <Tag
      {...data}
      ref={ref as RefObject<HTMLDivElement>}
      className={className}
      style={style}
      role={role}
      aria-modal={modal ? true : undefined}
      aria-label={label}
      aria-labelledby={labelledBy}
      data-testid={testId}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.defaultPrevented || !onClose) return;
        event.preventDefault();
        // A dialog inside another (a confirmation in a faceplate) closes alone.
        event.stopPropagation();
        onClose();
      }}
    >
      {children}
    </Tag>
  );
}

/**
 * A modal dialog (sign-in, signature) is cancelled by Escape wherever the focus is, even when a click on
 * the alarm banner (which it never covers) took the focus out of it. A dialog inside handles its own
 * Escape first and marks it handled (preventDefault), so one key closes one dialog.
 */
function useModalEscape(modal: boolean, onClose: (() => void) | undefined): void {
  const latest = useRef(onClose);
  latest.current = onClose;
  const closable = onClose !== undefined;
  useEffect(() => {
    if (!modal || !closable) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      latest.current?.();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [modal, closable]);
}

/** Focus in on open (unless already inside), and back to what had it before on close. */
export function useDialogFocus(ref: RefObject<HTMLElement | null>): void {
  // Where the focus was, read at the first render: by the time this dialog's layout effect runs, a field
  // in it with `autoFocus` (sign-in's user name) has already taken the focus, and the opener would be lost.
  // An SVG element may be the opener too (a pump on a mimic opens its faceplate).
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement || document.activeElement instanceof SVGElement ? document.activeElement : undefined));
  useLayoutEffect(() => {
    const before = opener;
    const node = ref.current;
    if (node && !node.contains(document.activeElement)) node.focus({ preventScroll: true });
    return () => {
      const now = document.activeElement;
      // Only when the focus was in the dialog (or fell to the page with it): never steal it from elsewhere.
      const lost = now === null || now === document.body || (node?.contains(now) ?? false);
      if (lost && before?.isConnected) before.focus({ preventScroll: true });
    };
  }, [ref, opener]);
}
