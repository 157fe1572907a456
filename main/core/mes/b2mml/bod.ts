import type { Reader } from './reader.ts';
import { DecodeError } from './reader.ts';

/** What a peer asked for in return: ISA-95 Part 5's confirmation code. */
export type ConfirmationRequest = 'Always' | 'OnError' | 'Never';

/** A BOD's ApplicationArea, kept so an acknowledgement can quote it back. */
export type BodHeader = {
  senderId?: string;
  bodId?: string;
  creationDateTime: string;
  confirmation: ConfirmationRequest;
};

const UTC_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/** An xsd:dateTime with an explicit offset, as a UTC ISO 8601 string; a local time without offset is ambiguous. */
export function utcTime(reader: Reader, name: string): string | undefined {
  const text = reader.text(name);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (!UTC_OFFSET.test(text) || Number.isNaN(ms)) {
    throw new DecodeError(`${reader.path}/${name}`, `"${text}" is not an ISO 8601 date-time with a UTC offset (e.g. 2026-03-01T06:00:00Z)`);
  }
  return new Date(ms).toISOString();
}

export function readHeader(root: Reader, verbElement: Reader | undefined): BodHeader {
  const area: Reader = root.required('ApplicationArea');
  const creationDateTime = utcTime(area, 'CreationDateTime');
  if (creationDateTime === undefined) area.fail('required element is missing or empty', 'CreationDateTime');
  const sender = area.child('Sender');
  const code = sender?.text('ConfirmationCode');
  if (code !== undefined && code !== 'Always' && code !== 'OnError' && code !== 'Never') {
    sender!.fail(`"${code}" is not Always, OnError or Never`, 'ConfirmationCode');
  }
  const acknowledge = verbElement?.attribute('acknowledgeCode');
  // The stronger of the two requests wins: either place may ask for an acknowledgement.
  const asked = [code, acknowledge];
  const confirmation: ConfirmationRequest = asked.includes('Always') ? 'Always' : asked.includes('OnError') ? 'OnError' : 'Never';
  const header: BodHeader = { creationDateTime, confirmation };
  const senderId = sender?.text('LogicalID');
  if (senderId !== undefined) header.senderId = senderId;
  const bodId = area.text('BODID');
  if (bodId !== undefined) header.bodId = bodId;
  return header;
}

/** The ApplicationArea Lineside sends: who it is, when, the BOD id and whether it wants a ConfirmBOD. */
export function applicationArea(senderId: string, bodId: string, createdAt: string, confirmation: ConfirmationRequest) {
  return {
    Sender: { LogicalID: senderId, ConfirmationCode: confirmation },
    CreationDateTime: createdAt,
    BODID: bodId,
  };
}
