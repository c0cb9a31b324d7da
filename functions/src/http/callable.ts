import type { CallableRequest } from "firebase-functions/v2/https";
import type { CallableName, CallableResult } from "../contract/api";
import { completeReset } from "../handlers/complete-reset";
import { requestReset } from "../handlers/request-reset";
import { verifyReset } from "../handlers/verify-reset";
import { services, type Services } from "../services";
import { requestLanguages, toHttpsError } from "./error-response";

type Run<C extends CallableName> = (
  services: Services,
  data: unknown,
  clientKey: string,
  acceptLanguage: unknown,
) => Promise<CallableResult<C>>;

/**
 * The callables for the mobile apps: the same handlers as their JSON endpoints (contract/api.ts
 * CALLABLES), with the same client key (`req.ip`), so the same limits and machine codes.
 */
const HANDLERS: { [C in CallableName]: Run<C> } = {
  requestPasswordReset: (s, data, client, acceptLanguage) =>
    requestReset(s, data, client, acceptLanguage),
  verifyPasswordReset: (s, data, client) => verifyReset(s, data, client),
  completePasswordReset: (s, data, client) => completeReset(s, data, client),
};

export async function handleCallable<C extends CallableName>(
  name: C,
  request: CallableRequest<unknown>,
): Promise<CallableResult<C>> {
  const { headers, ip } = request.rawRequest;
  const run: Run<C> = HANDLERS[name];
  try {
    return await run(services(), request.data, ip ?? "unknown", headers["accept-language"]);
  } catch (error) {
    const languages = requestLanguages({ body: request.data, headers });
    throw toHttpsError(error, name, languages);
  }
}
