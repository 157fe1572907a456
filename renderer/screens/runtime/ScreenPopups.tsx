import type { ParameterValues } from '../../../screens/expression/tokenizer.ts';
import type { Screen, Template } from '../../../screens/screen-schema.ts';
import type { ScreenScope } from '../screen-scope.ts';
import { ScreenCanvas } from '../ScreenCanvas.tsx';
import { Popup } from './Popup.tsx';
import { WriteDialog, type WriteRequest } from './WriteDialog.tsx';

export type PopupContent =
  | { kind: 'faceplate'; template: Template; params: ParameterValues; title: string }
  | { kind: 'screen'; screen: Screen }
  | { kind: 'write'; request: WriteRequest };

export interface OpenPopup {
  key: number;
  content: PopupContent;
  position: { left: number; top: number };
  width: number;
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

export function ScreenPopups({ popups, scope, onClose }: { popups: readonly OpenPopup[]; scope: ScreenScope; onClose(key: number): void }) {
  return (
    <>
      {popups.map(({ key, content, position, width }) => {
        const close = () => onClose(key);
        switch (content.kind) {
          case 'faceplate':
            return (
              <Popup key={key} title={content.title} position={position} width={width} testId={`faceplate:${content.template.id}`} onClose={close}>
                <ScreenCanvas document={faceplateDocument(content.template, content.params)} scope={scope} fit="none" testId={`faceplate-canvas:${content.template.id}`} label={content.title} />
              </Popup>
            );
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
