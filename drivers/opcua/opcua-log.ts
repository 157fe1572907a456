import { format } from 'node:util';
import { setDebugLogger, setErrorLogger, setTraceLogger, setWarningLogger } from 'node-opcua-debug';
import type { Disposable } from '../../common/emitter.ts';
import type { LogLevel, Logger } from '../../common/logger.ts';

/**
 * node-opcua prints its own diagnostics with console.log (stdout), coloured, from anywhere in the
 * library. node-opcua-debug lets a program replace those printers, process-wide: these send each line
 * to the loggers of the OPC UA drivers alive in this process, with its level (error, warning, debug),
 * and never to stdout. The library's lines cannot be told apart by device, so each goes once to every
 * distinct logger (the runtime hands all its devices the same one). With no driver alive, lines go to
 * the last logger there was, or nowhere.
 */
const loggers = new Map<Logger, number>();
let last: Logger | undefined;
let installed = false;

/** node-opcua's first argument is where the line comes from: `{ filename, callerline }`. */
interface Caller {
  filename?: string;
  callerline?: number;
}

// Colours come as ANSI escapes (node-opcua uses chalk); a log file or journal wants plain text.
// eslint-disable-next-line no-control-regex -- ESC starts the escapes this strips
const ANSI = /\u001b\[[0-9;]*m/g;

function printer(level: LogLevel): (caller?: unknown, ...args: unknown[]) => void {
  return (caller, ...args) => {
    const where = caller as Caller | undefined;
    const message = format(...args)
      .replace(ANSI, '')
      .trim();
    if (message === '') return;
    const source = where?.filename ? `opcua ${where.filename}` : 'opcua';
    const targets = loggers.size > 0 ? [...loggers.keys()] : last ? [last] : [];
    for (const logger of targets) logger({ level, source, message });
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  setErrorLogger(printer('error'));
  setWarningLogger(printer('warn'));
  setTraceLogger(printer('debug'));
  setDebugLogger(printer('debug'));
}

/** Routes node-opcua's log lines to `logger` until disposed (counted: several drivers may share one logger). */
export function routeOpcuaLog(logger: Logger | undefined): Disposable {
  install();
  if (!logger) return { dispose: () => undefined };
  loggers.set(logger, (loggers.get(logger) ?? 0) + 1);
  last = logger;
  let disposed = false;
  return {
    dispose: () => {
      if (disposed) return;
      disposed = true;
      const count = (loggers.get(logger) ?? 1) - 1;
      if (count > 0) loggers.set(logger, count);
      else loggers.delete(logger);
    },
  };
}
