import type { CallableRequest } from "firebase-functions/v2/https";
import { requireAppCheck } from "../app-check/require-app-check";
import { APP_CHECK_HEADER } from "../contract/api";
import { requestReset } from "../handlers/request-reset";
import { services } from "../services";
import { clientAddress } from "./client-address";
import { requestLanguages, toHttpsError } from "./error-response";

/** `requestPasswordReset` for the mobile apps: same semantics as POST /api/password-reset/request. */
export async function handleRequestPasswordReset(request: CallableRequest<unknown>) {
  const { headers } = request.rawRequest;
  try {
    const parts = services();
    // The SDK checked the token already (enforceAppCheck), except in the emulator, which only
    // decodes it: one check of our own holds in both.
    await requireAppCheck(parts, request.rawRequest.header(APP_CHECK_HEADER));
    const client = clientAddress(request.rawRequest, parts.config().trustedProxyHops);
    return await requestReset(parts, request.data, client, headers["accept-language"]);
  } catch (error) {
    const languages = requestLanguages({ body: request.data, headers });
    throw toHttpsError(error, "requestPasswordReset", languages);
  }
}
