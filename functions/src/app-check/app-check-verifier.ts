/**
 * App Check token verification. Deployed, the Admin SDK verifies (`getAppCheck().verifyToken`,
 * with Google's keys from https://firebaseappcheck.googleapis.com/v1/jwks), as
 * https://firebase.google.com/docs/app-check/custom-resource-backend prescribes.
 *
 * Offline the Admin SDK cannot reach those keys, and the Functions emulator skips verification
 * for callables altogether (it runs firebase-functions with the `skipTokenVerification` debug
 * feature: tokens are decoded, never checked). So the local stack has its own App Check
 * stand-in (dev/app-check-api.ts) that signs tokens with a key of its own and serves the public
 * half as a JWKS; `createJwksVerifier` checks tokens against it the way the same page describes
 * for a JWT library: RS256, signed by a key of the set, issuer
 * `https://firebaseappcheck.googleapis.com/<project number>`, audience containing
 * `projects/<project>`, not expired. It is only ever chosen inside the emulator (config.ts).
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from "node:crypto";
import { fetchWithTimeout } from "../outbound/http-retry";

export class AppCheckTokenError extends Error {
  constructor(readonly reason: string) {
    super(`App Check token refused: ${reason}`);
    this.name = "AppCheckTokenError";
  }
}

export interface AppCheckVerifier {
  /** Resolves with the app's id when the token is valid; throws AppCheckTokenError otherwise. */
  verify(token: string): Promise<{ appId: string }>;
}

/** Production: the Admin SDK, loaded on first use so other paths don't pay for it. */
export function createAdminVerifier(): AppCheckVerifier {
  return {
    async verify(token) {
      const [{ getAppCheck }, { adminApp }] = await Promise.all([
        import("firebase-admin/app-check"),
        import("../admin-app"),
      ]);
      try {
        const { appId } = await getAppCheck(adminApp()).verifyToken(token);
        return { appId };
      } catch (error) {
        throw new AppCheckTokenError((error as { code?: string }).code ?? "invalid");
      }
    },
  };
}

const ISSUER_PREFIX = "https://firebaseappcheck.googleapis.com/";

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new AppCheckTokenError("malformed");
}

export interface JwksVerifierOptions {
  jwksUrl: string;
  projectId: string;
  now?: () => Date;
  timeoutMs?: number;
}

/** The emulator's verifier: the Admin SDK's checks, against the local stand-in's key set. */
export function createJwksVerifier(options: JwksVerifierOptions): AppCheckVerifier {
  const now = options.now ?? (() => new Date());
  let keys: Map<string, KeyObject> | undefined;

  async function fetchKeys(): Promise<Map<string, KeyObject>> {
    try {
      const response = await fetchWithTimeout(options.jwksUrl, {}, options.timeoutMs ?? 3000);
      if (!response.ok) throw new Error(`status ${response.status}`);
      const body = (await response.json()) as { keys?: Array<JsonWebKey & { kid?: string }> };
      return new Map(
        (body.keys ?? []).map((jwk) => [
          String(jwk.kid),
          createPublicKey({ key: jwk, format: "jwk" }),
        ]),
      );
    } catch {
      throw new AppCheckTokenError("jwks_unavailable");
    }
  }

  async function keyFor(kid: string): Promise<KeyObject> {
    if (!keys?.has(kid)) keys = await fetchKeys();
    const key = keys.get(kid);
    if (!key) throw new AppCheckTokenError("unknown_key");
    return key;
  }

  return {
    async verify(token) {
      const parts = token.split(".");
      if (parts.length !== 3) throw new AppCheckTokenError("malformed");
      const [head, body, signature] = parts;
      const header = decodePart(head);
      const claims = decodePart(body);
      if (header.alg !== "RS256" || typeof header.kid !== "string") {
        throw new AppCheckTokenError("wrong_algorithm");
      }
      const key = await keyFor(header.kid);
      const signed = Buffer.from(`${head}.${body}`);
      if (!verify("RSA-SHA256", signed, key, Buffer.from(signature, "base64url"))) {
        throw new AppCheckTokenError("bad_signature");
      }
      const audience = Array.isArray(claims.aud) ? claims.aud : [];
      if (!audience.includes(`projects/${options.projectId}`)) {
        throw new AppCheckTokenError("wrong_audience");
      }
      if (typeof claims.iss !== "string" || !claims.iss.startsWith(ISSUER_PREFIX)) {
        throw new AppCheckTokenError("wrong_issuer");
      }
      if (typeof claims.sub !== "string" || claims.sub === "") {
        throw new AppCheckTokenError("no_subject");
      }
      if (typeof claims.exp !== "number" || claims.exp * 1000 <= now().getTime()) {
        throw new AppCheckTokenError("expired");
      }
      return { appId: claims.sub };
    },
  };
}
