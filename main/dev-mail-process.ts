import { join } from 'node:path';
import { startChildService, type ChildService } from './child-service.ts';

export type DevMailProcess = ChildService;

/**
 * Starts the example's development mail server (examples/dev-mail/main.ts: SMTP on 127.0.0.1:8725, the
 * mailbox on 8726) as a child process, as the example's notify.json expects, and resolves once it serves.
 */
export function startDevMailProcess(exampleDir: string): Promise<DevMailProcess> {
  return startChildService<{ type?: string; smtp?: string; mailbox?: string }>({
    main: join(exampleDir, '..', 'dev-mail', 'main.ts'),
    name: 'the development mail server',
    readyType: 'dev-mail-ready',
    startMs: 30_000,
    exitHint: ' (are ports 8725/8726 taken? use --no-dev-mail)',
    describe: (message, pid) => `Development mail server running (pid ${pid}): ${message.smtp}, received mail at ${message.mailbox} and in the HMI's Mailbox display`,
  });
}
