import type { CallableRequest } from "firebase-functions/v2/https";
import { requestReset } from "../handlers/request-reset";
import { services } from "../services";
import { requestLanguages, toHttpsError } from "./error-response";

/** `requestPasswordReset` for the mobile apps: same semantics as POST /api/password-reset/request. */
export async function handleRequestPasswordReset(request: CallableRequest<unknown>) {
  const { headers, ip } = request.rawRequest;
  try {
    return await requestReset(
      services(),
      request.data,
      ip ?? "unknown",
      headers["accept-language"],
    );
  } catch (error) {
    const languages = requestLanguages({ body: request.data, headers });
    throw toHttpsError(error, "requestPasswordReset", languages);
  }
}
