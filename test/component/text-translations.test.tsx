import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { alarmTextId } from '../../common/project-texts.ts';
import { TextTranslations } from '../../renderer/ui/TextTranslations.tsx';
import { renderHmi } from './support/render-hmi.tsx';

const ID = alarmTextId('Line1/Tank/Level/Hi');
const german = (texts: Record<string, string>) => ({ language: 'de', default: 'en', translated: ['de'], revision: 1, texts });

describe('TextTranslations: one text in the project’s other languages', () => {
  it('shows the default language’s text and the saved German, and saves a change with texts.save', async () => {
    let saved: Record<string, string> = { [ID]: 'Füllstand {value} hoch' };
    const rendered = await renderHmi(<TextTranslations id={ID} text="Level {value} high" field="message" />, {
      as: 'engineer',
      handlers: {
        'texts.get': ({ language }) => (language === 'de' ? german(saved) : { language, default: 'en', translated: ['de'], revision: 1, texts: {} }),
        'texts.save': ({ texts }) => {
          saved = Object.fromEntries(Object.entries({ ...saved, ...texts }).filter((e): e is [string, string] => e[1] !== null));
          return { language: 'de', revision: 2, texts: saved };
        },
      },
    });
    const field = (await screen.findByTestId('translation:de')) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('Füllstand {value} hoch'));
    expect(screen.getByText('Level {value} high')).toBeTruthy();
    expect(screen.getByText('Message in other languages')).toBeTruthy();
    const save = screen.getByTestId('translations-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(field, { target: { value: 'Füllstand {value} zu hoch' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(screen.getByTestId('translations-feedback').getAttribute('data-state')).toBe('accepted'));
    expect(rendered.gateway.paramsOf('texts.save')).toEqual([{ language: 'de', texts: { [ID]: 'Füllstand {value} zu hoch' } }]);
  });

  it('an emptied field removes the translation (null); a refusal is shown with the runtime’s reason', async () => {
    const rendered = await renderHmi(<TextTranslations id={ID} text="Level {value} high" field="message" />, {
      as: 'engineer',
      handlers: {
        'texts.get': ({ language }) => (language === 'de' ? german({ [ID]: 'Füllstand {value} hoch' }) : { language, default: 'en', translated: ['de'], revision: 1, texts: {} }),
        'texts.save': () => {
          throw { code: 'bad-request', message: 'texts["alarm|Line1/Tank/Level/Hi|message"]: the translation leaves out {value}, which the message shows' };
        },
      },
    });
    const field = (await screen.findByTestId('translation:de')) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('Füllstand {value} hoch'));
    fireEvent.change(field, { target: { value: '' } });
    fireEvent.click(screen.getByTestId('translations-save'));
    await waitFor(() => expect(screen.getByTestId('translations-feedback').getAttribute('data-state')).toBe('refused'));
    expect(screen.getByTestId('translations-feedback').textContent).toContain('leaves out {value}');
    expect(rendered.gateway.paramsOf('texts.save')).toEqual([{ language: 'de', texts: { [ID]: null } }]);
  });

  it('shows nothing when the project has no other language, and waits for a new alarm to be saved', async () => {
    const none = await renderHmi(<TextTranslations id={ID} text="Level high" field="message" />, {
      as: 'engineer',
      handlers: { 'texts.get': ({ language }) => ({ language, default: 'en', translated: [], revision: 0, texts: {} }) },
    });
    await waitFor(() => expect(none.gateway.paramsOf('texts.get').length).toBeGreaterThan(0));
    expect(screen.queryByTestId(`translations:${ID}`)).toBeNull();
    none.unmount();
    await renderHmi(<TextTranslations id={ID} text="Level high" field="message" notYet />, {
      as: 'engineer',
      handlers: { 'texts.get': ({ language }) => ({ language, default: 'en', translated: ['de'], revision: 0, texts: {} }) },
    });
    await screen.findByTestId('translation:de');
    expect(screen.queryByTestId('translations-save')).toBeNull();
    expect(screen.getByText('Save it first, then its translations.')).toBeTruthy();
  });
});
