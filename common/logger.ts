/**
 * Log lines with a level, from anywhere in the runtime (drivers included). The host decides where they
 * go (main/logger.ts: stdout for info, stderr for warnings and errors, debug only when asked for).
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogEntry {
  level: LogLevel;
  /** Who speaks: `opcua`, `opcua plc1`, `runtime`... */
  source: string;
  message: string;
}

export type Logger = (entry: LogEntry) => void;

/** True when `level` is at least as severe as `min`. */
export function atLeast(level: LogLevel, min: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(min);
}
