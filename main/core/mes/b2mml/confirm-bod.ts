import type { Result } from '../../../../common/result.ts';
import { fail, ok } from '../../../../common/result.ts';
import type { BodHeader } from './bod.ts';
import { applicationArea, readHeader } from './bod.ts';
import { DecodeError, Reader } from './reader.ts';
import type { XmlNode } from './xml.ts';
import { buildB2mml, parseB2mml } from './xml.ts';

/** An acknowledgement of one BOD: accepted, or rejected with the reasons a person should read. */
export type Confirmation = {
  /** The BODID being confirmed. */
  originalBodId: string;
  originalSenderId?: string;
  originalCreationDateTime: string;
  accepted: boolean;
  /** Why it was rejected (or notes on an acceptance, e.g. "stale: revision 3 stored"). */
  notes: string[];
};

export type ConfirmOptions = { senderId: string; bodId: string; createdAt: string };

/** A ConfirmBOD (B2MML V0701): ResponseExpression actionCode Accepted or Rejected, notes in the BOD. */
export function encodeConfirmBod(confirmation: Confirmation, options: ConfirmOptions): string {
  const original: XmlNode = {
    ...(confirmation.originalSenderId ? { Sender: { LogicalID: confirmation.originalSenderId } } : {}),
    CreationDateTime: confirmation.originalCreationDateTime,
    BODID: confirmation.originalBodId,
  };
  const verdict = confirmation.accepted ? 'Accepted' : 'Rejected';
  return buildB2mml(
    'ConfirmBOD',
    {
      ApplicationArea: applicationArea(options.senderId, options.bodId, options.createdAt, 'Never'),
      DataArea: {
        Confirm: {
          OriginalApplicationArea: original,
          ResponseCriteria: { ResponseExpression: { '@_actionCode': verdict } },
        },
        BOD: {
          OriginalApplicationArea: original,
          Description: verdict,
          ...(confirmation.notes.length > 0 ? { Note: confirmation.notes } : {}),
        },
      },
    },
    false,
  );
}

/** The confirmation a header asks for, given whether the message was accepted. */
export function confirmationWanted(header: BodHeader, accepted: boolean): boolean {
  return header.confirmation === 'Always' || (header.confirmation === 'OnError' && !accepted);
}

/** Reads a peer's ConfirmBOD for a BOD Lineside sent. */
export function decodeConfirmBod(xml: string): Result<Confirmation & { header: BodHeader }> {
  const parsed = parseB2mml(xml);
  if (!parsed.ok) return parsed;
  if (parsed.value.root !== 'ConfirmBOD') return fail('bad-request', `${parsed.value.root}: expected ConfirmBOD`, parsed.value.root);
  const root = new Reader(parsed.value.node, 'ConfirmBOD');
  try {
    const header = readHeader(root, undefined);
    const data: Reader = root.required('DataArea');
    const confirm: Reader = data.required('Confirm');
    const bod = data.children('BOD')[0];
    const original: Reader | undefined = confirm.child('OriginalApplicationArea') ?? bod?.child('OriginalApplicationArea');
    if (!original) confirm.fail('required element is missing', 'OriginalApplicationArea');
    const codes = confirm.children('ResponseCriteria').map((c) => c.child('ResponseExpression')?.attribute('actionCode'));
    const code = codes.find((c) => c !== undefined);
    if (code !== 'Accepted' && code !== 'Rejected') {
      confirm.fail(`actionCode "${code ?? ''}" is neither Accepted nor Rejected`, 'ResponseCriteria/ResponseExpression');
    }
    const notes = (bod?.children('Note') ?? []).map((n) => n.ownText()).filter((n) => n !== '');
    const senderId = original.child('Sender')?.text('LogicalID');
    return ok({
      header,
      originalBodId: original.requiredText('BODID'),
      ...(senderId ? { originalSenderId: senderId } : {}),
      originalCreationDateTime: original.requiredText('CreationDateTime'),
      accepted: code === 'Accepted',
      notes,
    });
  } catch (error) {
    if (error instanceof DecodeError) return fail('bad-request', error.message, error.path);
    throw error;
  }
}
