/** Where a popup goes: beside its object (right, else left), inside the screen area, never over the frame above it. */
export function popupPosition(anchor: DOMRect, area: DOMRect, size: { width: number; height: number }, gap = 12): { left: number; top: number } {
  const rightSide = anchor.right - area.left + gap;
  const leftSide = anchor.left - area.left - gap - size.width;
  const left = rightSide + size.width <= area.width - 8 ? rightSide : leftSide >= 8 ? leftSide : Math.max(8, area.width - size.width - 8);
  const top = Math.min(Math.max(8, anchor.top - area.top), Math.max(8, area.height - size.height - 8));
  return { left, top };
}
