// `npm run dev-mail -- [--port N] [--http-port N] [--quiet]`: the example's development mail server as a
// process of its own: SMTP on 127.0.0.1:8725 (accepts every message, delivers none), the received
// messages at http://127.0.0.1:8726/messages for the HMI's Mailbox display. Runs until SIGINT/SIGTERM
// (or until Lineside, its parent, goes away).
import { parseArgs } from 'node:util';
import { DevMailServer } from './dev-mail-server.ts';

export const DEFAULT_DEV_MAIL_PORT = 8725;
export const DEFAULT_DEV_MAILBOX_PORT = 8726;
const USAGE = `usage: npm run dev-mail -- [--port N (${DEFAULT_DEV_MAIL_PORT})] [--http-port N (${DEFAULT_DEV_MAILBOX_PORT})] [--quiet]`;

export interface DevMailReadyMessage {
  type: 'dev-mail-ready';
  smtp: string;
  mailbox: string;
}

function port(text: string | undefined, fallback: number, name: string): number | undefined {
  const value = text === undefined ? fallback : Number(text);
  if (Number.isInteger(value) && value >= 0 && value <= 65535) return value;
  console.error(`--${name} must be a whole number from 0 to 65535, not "${text}"\n${USAGE}`);
  return undefined;
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string' }, 'http-port': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) return void console.log(USAGE);
  const smtpPort = port(values.port, DEFAULT_DEV_MAIL_PORT, 'port');
  const httpPort = port(values['http-port'], DEFAULT_DEV_MAILBOX_PORT, 'http-port');
  if (smtpPort === undefined || httpPort === undefined) {
    process.exitCode = 2;
    return;
  }
  const server = new DevMailServer({ smtpPort, httpPort });
  try {
    await server.start();
  } catch (error) {
    console.error(`the development mail server did not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const smtp = `smtp://127.0.0.1:${server.port}`;
  const mailbox = `${server.httpUrl}/messages`;
  if (!values.quiet) {
    console.log(`Development mail server: SMTP ${smtp} (accepts every message, delivers none); received messages at ${mailbox}`);
    console.log('Ctrl+C stops it.');
  }
  const stop = () => void server.close().then(() => process.connected && process.disconnect());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.send) {
    process.once('disconnect', stop);
    const ready: DevMailReadyMessage = { type: 'dev-mail-ready', smtp, mailbox };
    process.send(ready);
  }
}

if (import.meta.main) await main(process.argv.slice(2));
