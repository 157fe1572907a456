import { useState } from 'react';
import { sanitiseSvg } from '../../screens/svg-sanitise.ts';
import { imageFileToDataUrl, sizeProblem, type ImageFileResult } from './image-file.ts';
import { useT } from '../../i18n/i18n.ts';

/** Reads a File in the browser and turns it into an image element's source (image-file.ts). */
export async function readImageFile(file: File, only?: 'svg'): Promise<ImageFileResult> {
  const size = sizeProblem(file.name, file.size);
  if (size) return { ok: false, error: size };
  const bytes = new Uint8Array(await file.arrayBuffer());
  return imageFileToDataUrl(file.name, bytes, (text) => sanitiseSvg(text, new DOMParser(), new XMLSerializer()), only);
}

/** "Load from file…" for image and SVG elements: the picture is stored in the document as a data URL. */
export function ImageSourceField({ src, svgOnly, disabled, onSource }: { src: string; svgOnly: boolean; disabled: boolean; onSource: (src: string) => void }) {
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>(undefined);
  const { t } = useT('editor');
  const stored = src.startsWith('data:') ? t('image.stored', { kib: Math.ceil((src.length * 3) / 4 / 1024) }) : src;
  return (
    <div className="editor-field editor-image-file" data-testid="image-source">
      <span className="editor-field__title">{t('image.picture')}</span>
      <div>
        <label className={`button editor-small${disabled ? ' is-disabled' : ''}`}>
          {t('image.load')}
          <input
            type="file"
            className="editor-visually-hidden"
            accept={svgOnly ? 'image/svg+xml,.svg' : 'image/png,image/jpeg,image/svg+xml,.png,.jpg,.jpeg,.svg'}
            disabled={disabled}
            data-testid="image-file"
            onChange={async (event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              input.value = '';
              if (!file) return;
              const read = await readImageFile(file, svgOnly ? 'svg' : undefined);
              if (!read.ok) {
                setMessage({ error: true, text: read.error });
                return;
              }
              setMessage({
                error: false,
                text: read.removed
                  ? t('image.loadedCleaned', { file: file.name, kind: read.kind.toUpperCase(), kib: Math.ceil(read.bytes / 1024), count: read.removed })
                  : t('image.loaded', { file: file.name, kind: read.kind.toUpperCase(), kib: Math.ceil(read.bytes / 1024) }),
              });
              onSource(read.src);
            }}
          />
        </label>
        <span className="editor-muted editor-image-file__now" data-testid="image-source-now">
          {src === 'data:image/png;base64,' || src === 'data:image/svg+xml;base64,' ? t('image.none') : stored}
        </span>
      </div>
      {message && (
        <span className={message.error ? 'editor-field__error' : 'editor-muted'} role={message.error ? 'alert' : 'status'} data-testid={message.error ? 'image-file-error' : 'image-file-ok'}>
          {message.text}
        </span>
      )}
    </div>
  );
}
