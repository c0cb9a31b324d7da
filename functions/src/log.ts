import { logger } from "firebase-functions";
import type { EventAt } from "./contract/events";

type Fields = Record<string, unknown>;

/**
 * Structured events for alerting: `message` is always the bare event name (declared in
 * contract/events.ts at this severity) and fields stay top-level JSON. (logger.error() would
 * fold a stack trace into the message.)
 */
function write(severity: "INFO" | "WARNING" | "ERROR", event: string, fields: Fields = {}): void {
  logger.write({ ...fields, severity, message: event });
}

export const log = {
  info: (event: EventAt<"INFO">, fields?: Fields) => write("INFO", event, fields),
  warn: (event: EventAt<"WARNING">, fields?: Fields) => write("WARNING", event, fields),
  error: (event: EventAt<"ERROR">, fields?: Fields) => write("ERROR", event, fields),
};
