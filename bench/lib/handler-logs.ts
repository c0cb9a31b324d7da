/**
 * The structured events of handlers run in the benchmark's own process (figure 7), collected
 * instead of printed. A static import, so that this is the CommonJS `firebase-functions` the
 * handlers log through (a dynamic `import()` of it would load its separate ESM build).
 */
import { logger } from "firebase-functions";

export interface LogEntry {
  message: string;
  [field: string]: unknown;
}

export function captureHandlerLogs(): { entries: LogEntry[]; restore: () => void } {
  const entries: LogEntry[] = [];
  const write = logger.write;
  logger.write = (entry) => void entries.push(entry as unknown as LogEntry);
  return { entries, restore: () => void (logger.write = write) };
}
