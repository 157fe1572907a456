import { atLeast, LOG_LEVELS, type LogEntry, type LogLevel, type Logger } from '../common/logger.ts';

/** The least severe level printed: LINESIDE_LOG_LEVEL (debug, info, warn, error), default info. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const wanted = env['LINESIDE_LOG_LEVEL']?.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(wanted ?? '') ? (wanted as LogLevel) : 'info';
}

/** `warn opcua plc1: the server at ... is unreachable` (info lines carry no level word, as before). */
export function formatLogEntry(entry: LogEntry): string {
  const text = entry.message.includes('\n')
    ? entry.message
        .split('\n')
        .map((l, i) => (i === 0 ? l : `  ${l}`))
        .join('\n')
    : entry.message;
  return entry.level === 'info' ? `${entry.source}: ${text}` : `${entry.level} ${entry.source}: ${text}`;
}

/** Every entry at or above `min` as one line through `write` (the runtime's `log` option). */
export function lineLogger(write: (line: string) => void, min: LogLevel = logLevelFromEnv()): Logger {
  return (entry) => {
    if (atLeast(entry.level, min)) write(formatLogEntry(entry));
  };
}

/** The hosts' logger: info (and debug, when asked for) on stdout, warnings and errors on stderr. */
export function consoleLogger(min: LogLevel = logLevelFromEnv()): Logger {
  return (entry) => {
    if (!atLeast(entry.level, min)) return;
    if (atLeast(entry.level, 'warn')) console.error(formatLogEntry(entry));
    else console.log(formatLogEntry(entry));
  };
}
