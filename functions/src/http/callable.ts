import type { CallableRequest } from "firebase-functions/v2/https";
import { requestReset } from "../handlers/request-reset";
import { services } from "../services";
import { toHttpsError } from "./error-response";

/** `requestPasswordReset` for the mobile apps: same semantics as POST /api/password-reset/request. */
export async function handleRequestPasswordReset(request: CallableRequest<unknown>) {
  try {
    return await requestReset(services(), request.data, request.rawRequest.ip ?? "unknown");
  } catch (error) {
    throw toHttpsError(error, "requestPasswordReset");
  }
}
