/**
 * The contract's names are types, not strings: each line marked `@ts-expect-error` must fail to
 * compile (`npm run typecheck` covers tests), so a misspelt or renamed error code, log event or
 * task payload field is caught wherever it is used. If one of them compiled, the directive itself
 * would be the type error. The runtime half checks the same names exist.
 */
import { ERROR_STATUS, type ErrorCode } from "../../../functions/src/contract/errors";
import { LOG_EVENTS, type EventAt } from "../../../functions/src/contract/events";
import type { TaskPayload } from "../../../functions/src/contract/tasks";
import { ResetError } from "../../../functions/src/errors";

describe("contract names are checked by the compiler", () => {
  it("error codes", () => {
    const used: ErrorCode = "token_used";
    // @ts-expect-error: not an error code
    const misspelt: ErrorCode = "token_usd";
    // @ts-expect-error: domain errors take only declared codes
    expect(() => new ResetError("token_expird", "x")).toBeDefined();
    expect(ERROR_STATUS[used]).toBe(409);
    expect(misspelt in ERROR_STATUS).toBe(false);
  });

  it("log events, at their severity", () => {
    const info: EventAt<"INFO"> = "reset.mail_sent";
    // @ts-expect-error: declared as an ERROR event, so log.info() refuses it
    const wrongSeverity: EventAt<"INFO"> = "particle.config_error";
    // @ts-expect-error: not declared at all
    const unknown: EventAt<"ERROR"> = "particle.config_eror";
    expect(LOG_EVENTS[info].severity).toBe("INFO");
    expect(LOG_EVENTS[wrongSeverity].severity).toBe("ERROR");
    expect(unknown in LOG_EVENTS).toBe(false);
  });

  it("task payloads", () => {
    const changed: TaskPayload<"deliverPasswordChangedMail"> = {
      productId: "12345",
      email: "alice@example.com",
      locale: "en",
      changedAt: "2026-12-01T12:00:00.000Z",
      // @ts-expect-error: a field the consumer's schema doesn't have
      requestId: "r1",
    };
    expect(changed.productId).toBe("12345");
  });
});
