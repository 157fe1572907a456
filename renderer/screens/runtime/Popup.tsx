import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n.ts';
import { Dialog } from '../../ui/Dialog.tsx';

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
  const { t } = useT('screens');
  return (
    <Dialog as="aside" className="scr-popup" style={{ left: position.left, top: position.top, width }} label={title} testId={testId} onClose={onClose}>
      <header className="scr-popup__header">
        <h2 className="scr-popup__title" data-project-text="">
          {title}
        </h2>
        <button type="button" className="scr-popup__close" onClick={onClose} aria-label={t('popup.close', { title })} data-testid="popup-close">
          ×
        </button>
      </header>
      {children}
    </Dialog>
  );
}
