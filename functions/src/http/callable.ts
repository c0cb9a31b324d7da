import type { CallableRequest } from "firebase-functions/v2/https";
import { requireAppCheck } from "../app-check/require-app-check";
import { APP_CHECK_HEADER, type CallableName, type CallableResult } from "../contract/api";
import { completeReset } from "../handlers/complete-reset";
import { requestReset } from "../handlers/request-reset";
import { verifyReset } from "../handlers/verify-reset";
import { services, type Services } from "../services";
import { clientAddress } from "./client-address";
import { requestLanguages, toHttpsError } from "./error-response";

type Run<C extends CallableName> = (
  services: Services,
  data: unknown,
  clientKey: string,
  acceptLanguage: unknown,
) => Promise<CallableResult<C>>;

/**
 * The callables for the mobile apps: the same handlers as their JSON endpoints (contract/api.ts
 * CALLABLES), with the same client key (the trusted front end's hop), so the same limits and
 * machine codes.
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
  const { headers } = request.rawRequest;
  const run: Run<C> = HANDLERS[name];
  try {
    const parts = services();
    // The SDK checked the token already (enforceAppCheck), except in the emulator, which only
    // decodes it: one check of our own holds in both.
    await requireAppCheck(parts, request.rawRequest.header(APP_CHECK_HEADER));
    const client = clientAddress(request.rawRequest, parts.config().trustedProxyHops);
    return await run(parts, request.data, client, headers["accept-language"]);
  } catch (error) {
    const languages = requestLanguages({ body: request.data, headers });
    throw toHttpsError(error, name, languages);
  }
}
