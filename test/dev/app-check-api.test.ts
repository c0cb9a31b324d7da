/**
 * The local App Check stand-in and the emulator-only verifier that checks its tokens the way the
 * Admin SDK checks Google's (RS256, key set, issuer, audience, subject, expiry).
 */
import {
  AppCheckTokenError,
  createJwksVerifier,
} from "../../functions/src/app-check/app-check-verifier";
import { startAppCheckApi, type AppCheckStandIn } from "../../dev/app-check-api";

const APP_ID = "1:123456789:web:abc";
const PROJECT = "demo-project";
let standIn: AppCheckStandIn;
let verifier: ReturnType<typeof createJwksVerifier>;

beforeAll(async () => {
  standIn = await startAppCheckApi({ debugTokens: ["registered-debug-token"] });
  verifier = createJwksVerifier({ jwksUrl: `${standIn.url}/v1/jwks`, projectId: PROJECT });
});
afterAll(() => standIn.close());

const refusal = (reason: string) => new AppCheckTokenError(reason);

describe("App Check stand-in and JWKS verifier", () => {
  it("exchanges a registered debug token (either field name) for a token the verifier accepts", async () => {
    for (const body of [
      { debug_token: "registered-debug-token" },
      { debugToken: "registered-debug-token" },
    ]) {
      const response = await fetch(
        `${standIn.url}/v1/projects/${PROJECT}/apps/${APP_ID}:exchangeDebugToken`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        },
      );
      expect(response.status).toBe(200);
      const { token, ttl } = (await response.json()) as { token: string; ttl: string };
      expect(ttl).toBe("3600s");
      await expect(verifier.verify(token)).resolves.toEqual({ appId: APP_ID });
    }
  });

  it("refuses an unregistered debug token with Google's 403 body", async () => {
    const response = await fetch(
      `${standIn.url}/v1/projects/${PROJECT}/apps/${APP_ID}:exchangeDebugToken`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"debug_token":"guess"}',
      },
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: 403, message: "App attestation failed.", status: "PERMISSION_DENIED" },
    });
  });

  it("refuses tokens for another project, expired ones, tampered and malformed ones", async () => {
    await expect(
      verifier.verify(standIn.issue({ projectId: "other", appId: APP_ID })),
    ).rejects.toEqual(refusal("wrong_audience"));
    const expired = standIn.issue({ projectId: PROJECT, appId: APP_ID, expiresInSeconds: -5 });
    await expect(verifier.verify(expired)).rejects.toEqual(refusal("expired"));
    const [head, , signature] = standIn.issue({ projectId: PROJECT, appId: APP_ID }).split(".");
    const forgedClaims = Buffer.from(
      JSON.stringify({ sub: "1:0:web:evil", aud: [`projects/${PROJECT}`], exp: 9e9 }),
    ).toString("base64url");
    await expect(verifier.verify(`${head}.${forgedClaims}.${signature}`)).rejects.toEqual(
      refusal("bad_signature"),
    );
    await expect(verifier.verify("not-a-token")).rejects.toEqual(refusal("malformed"));
  });

  it("refuses every token when the key set can't be fetched", async () => {
    const offline = createJwksVerifier({
      jwksUrl: "http://127.0.0.1:9/v1/jwks",
      projectId: PROJECT,
    });
    const token = standIn.issue({ projectId: PROJECT, appId: APP_ID });
    await expect(offline.verify(token)).rejects.toEqual(refusal("jwks_unavailable"));
  });
});
