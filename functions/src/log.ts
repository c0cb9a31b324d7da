import { logger } from "firebase-functions";

type Fields = Record<string, unknown>;

/**
 * Structured events for alerting: `message` is always the bare event name and fields stay
 * top-level JSON. (logger.error() would fold a stack trace into the message.)
 */
function write(severity: "INFO" | "WARNING" | "ERROR", event: string, fields: Fields = {}): void {
  logger.write({ ...fields, severity, message: event });
}

export const log = {
  info: (event: string, fields?: Fields) => write("INFO", event, fields),
  warn: (event: string, fields?: Fields) => write("WARNING", event, fields),
  error: (event: string, fields?: Fields) => write("ERROR", event, fields),
};
