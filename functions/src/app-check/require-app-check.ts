/**
 * With ENFORCE_APP_CHECK on, every entry that can send a mail or check a token (the callable and
 * POST request / verify / complete) needs a valid App Check token in `X-Firebase-AppCheck`,
 * checked before any other work, so a refused request costs no Firestore operation.
 */
import { ResetError } from "../errors";
import { log } from "../log";
import type { Services } from "../services";
import { AppCheckTokenError } from "./app-check-verifier";

export async function requireAppCheck(services: Services, header: unknown): Promise<void> {
  if (!services.config().appCheck.enforced) return;
  const token = typeof header === "string" ? header.trim() : "";
  if (token === "") {
    log.warn("request.app_check_refused", { reason: "missing" });
    throw new ResetError("unauthenticated", "appCheckRequired");
  }
  try {
    await services.appCheck().verify(token);
  } catch (error) {
    if (!(error instanceof AppCheckTokenError)) throw error;
    log.warn("request.app_check_refused", { reason: error.reason });
    throw new ResetError("unauthenticated", "appCheckRequired");
  }
}
