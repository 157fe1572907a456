import type { ParameterValues } from '../../../screens/expression/tokenizer.ts';
import type { Screen, ScreenElement, Template } from '../../../screens/screen-schema.ts';
import { useT } from '../../i18n/i18n.ts';
import type { ScreenScope } from '../screen-scope.ts';
import { ScreenCanvas } from '../ScreenCanvas.tsx';
import { Popup } from './Popup.tsx';
import { WriteDialog, type WriteRequest } from './WriteDialog.tsx';

export type PopupContent =
  /** `subject`: what the faceplate is of (its title after the template's name). */
  { kind: 'faceplate'; template: Template; params: ParameterValues; subject: string } | { kind: 'screen'; screen: Screen } | { kind: 'write'; request: WriteRequest };

export interface OpenPopup {
  key: number;
  content: PopupContent;
  position: { left: number; top: number };
}

const PADDING = 24;

export function popupWidth(content: PopupContent): number {
  switch (content.kind) {
    case 'faceplate':
      return content.template.size.width + PADDING;
    case 'screen':
      return Math.min(content.screen.size.width, 720) + PADDING;
    case 'write':
      return 320;
  }
}

/** A faceplate: the template drawn at 1:1 with its parameter values, as one template instance. */
function faceplateDocument(template: Template, params: ParameterValues) {
  const { width, height } = template.size;
  return {
    id: `faceplate-${template.id}`,
    size: template.size,
    elements: [{ id: 'fp', kind: 'template' as const, template: template.id, params, x: 0, y: 0, width, height, rotation: 0, locked: false, bindings: {}, actions: [] }],
  };
}

/** Whether a document has commands (elements that write): a faceplate then says at once when they are not this person's. */
function writes(elements: readonly ScreenElement[]): boolean {
  return elements.some((e) => e.actions.some((a) => a.type === 'write') || (e.kind === 'symbol' && (e.symbol === 'switch' || e.symbol === 'setpoint-entry')) || (e.kind === 'group' && writes(e.children)));
}

/** The popup's content with the library's current version of its document (a save elsewhere shows at once). */
function current(content: PopupContent, screens: ReadonlyMap<string, Screen>, templates: ReadonlyMap<string, Template>): PopupContent {
  if (content.kind === 'faceplate') return { ...content, template: templates.get(content.template.id) ?? content.template };
  if (content.kind === 'screen') return { ...content, screen: screens.get(content.screen.id) ?? content.screen };
  return content;
}

/** Whether the document a popup shows is still in the library (one deleted elsewhere closes its popup). */
export function popupStillThere(content: PopupContent, screens: ReadonlyMap<string, Screen>, templates: ReadonlyMap<string, Template>): boolean {
  if (content.kind === 'faceplate') return templates.has(content.template.id);
  if (content.kind === 'screen') return screens.has(content.screen.id);
  return true;
}

export function ScreenPopups({ popups, scope, screens, onClose }: { popups: readonly OpenPopup[]; scope: ScreenScope; screens: ReadonlyMap<string, Screen>; onClose(key: number): void }) {
  const { t } = useT('screens');
  return (
    <>
      {popups.map(({ key, content: opened, position }) => {
        const close = () => onClose(key);
        const content = current(opened, screens, scope.templates);
        const width = popupWidth(content);
        switch (content.kind) {
          case 'faceplate': {
            const title = t('popup.faceplateTitle', { template: content.template.name, subject: content.subject });
            return (
              <Popup key={key} title={title} position={position} width={width} testId={`faceplate:${content.template.id}`} onClose={close}>
                <ScreenCanvas document={faceplateDocument(content.template, content.params)} scope={scope} fit="none" testId={`faceplate-canvas:${content.template.id}`} label={title} />
                {scope.writeRefusal !== undefined && writes(content.template.elements) && (
                  <p className="access-note scr-popup__note" role="note" data-testid="faceplate-not-allowed">
                    {scope.writeRefusal}
                  </p>
                )}
              </Popup>
            );
          }
          case 'screen':
            return (
              <Popup key={key} title={content.screen.name} position={position} width={width} testId={`popup:${content.screen.id}`} onClose={close}>
                <ScreenCanvas document={content.screen} scope={scope} label={content.screen.name} />
              </Popup>
            );
          case 'write':
            return (
              <Popup key={key} title={content.request.label} position={position} width={width} testId="write-popup" onClose={close}>
                <WriteDialog request={content.request} scope={scope} />
              </Popup>
            );
        }
      })}
    </>
  );
}
