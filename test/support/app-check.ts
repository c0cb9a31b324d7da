import { CustomProvider } from "firebase/app-check";

/**
 * An unsigned App Check token for an app id, as the Firebase debug mode of the Functions
 * emulator accepts it (decoded, not verified: verifying needs Google's keys); `claims` adds to
 * or replaces the standard ones.
 */
export function unsignedAppCheckToken(appId: string, claims: object = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: appId, iat: now, exp: now + 3600, ...claims };
  return `${part({ alg: "none", typ: "JWT" })}.${part(payload)}.`;
}

/** An App Check provider for the JS SDK that hands out `token()`'s tokens. */
export function appCheckProvider(token: () => Promise<string>): CustomProvider {
  return new CustomProvider({
    getToken: async () => ({ token: await token(), expireTimeMillis: Date.now() + 3_600_000 }),
  });
}

/** A provider handing out unsigned tokens for an app id. */
export const unsignedAppCheckProvider = (appId: string) =>
  appCheckProvider(async () => unsignedAppCheckToken(appId));
