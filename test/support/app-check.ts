import { CustomProvider } from "firebase/app-check";

/**
 * An unsigned App Check token for an app id, as the Firebase debug mode of the Functions
 * emulator accepts it (decoded, not verified: verifying needs Google's keys).
 */
export function unsignedAppCheckToken(appId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "none", typ: "JWT" })}.${part({ sub: appId, iat: now, exp: now + 3600 })}.`;
}

/** An App Check provider for the JS SDK that hands out such tokens. */
export function unsignedAppCheckProvider(appId: string): CustomProvider {
  return new CustomProvider({
    getToken: async () => ({
      token: unsignedAppCheckToken(appId),
      expireTimeMillis: Date.now() + 3_600_000,
    }),
  });
}
