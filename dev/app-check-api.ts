/**
 * A local stand-in for Firebase App Check's token service, so that `ENFORCE_APP_CHECK=true`
 * really enforces offline. After the App Check REST API
 * (https://firebase.google.com/docs/reference/appcheck/rest):
 * - `POST /v1/projects/{project}/apps/{app}:exchangeDebugToken` with a registered debug token
 *   (`debugToken`, or `debug_token` as the JS SDK sends it) answers `{token, ttl: "3600s"}`;
 *   an unregistered one gets Google's 403 error body;
 * - `GET /v1/jwks` serves the public keys tokens are signed with.
 * Tokens are RS256 JWTs with the claims https://firebase.google.com/docs/app-check/custom-resource-backend
 * lists: `iss` https://firebaseappcheck.googleapis.com/<project number>, `aud`
 * [projects/<number>, projects/<id>], `sub` the app id, `exp`. The key pair is made at start, so
 * no token outlives its stand-in. Browsers call it from the demo page: it answers CORS for any
 * origin (it holds nothing secret).
 */
import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { startStandIn, fail, isRecord, type ListenOptions, type RunningServer } from "./stand-in";

const TTL_SECONDS = 3600;

export interface AppCheckStandIn extends RunningServer {
  /** Signs a token as the exchange would (tests: expired, other project, …). */
  issue(claims: { projectId: string; appId: string; expiresInSeconds?: number }): string;
}

const googleError = (status: number, message: string, reason: string) => ({
  error: { code: status, message, status: reason },
});

export async function startAppCheckApi(
  options: ListenOptions & { debugTokens: readonly string[] },
): Promise<AppCheckStandIn> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };

  function issue({
    projectId,
    appId,
    expiresInSeconds = TTL_SECONDS,
  }: Parameters<AppCheckStandIn["issue"]>[0]) {
    // App ids read "1:<project number>:<platform>:<hash>".
    const projectNumber = appId.split(":")[1] ?? "0";
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const head = part({ alg: "RS256", typ: "JWT", kid });
    const body = part({
      iss: `https://firebaseappcheck.googleapis.com/${projectNumber}`,
      sub: appId,
      aud: [`projects/${projectNumber}`, `projects/${projectId}`],
      iat: now,
      exp: now + expiresInSeconds,
    });
    const signature = createSign("RSA-SHA256")
      .update(`${head}.${body}`)
      .sign(privateKey, "base64url");
    return `${head}.${body}.${signature}`;
  }

  const server = await startStandIn(
    {
      api(router) {
        router.use((req, res, next) => {
          res.set({
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Headers":
              req.headers["access-control-request-headers"] ?? "content-type",
            "Access-Control-Allow-Methods": "GET, POST",
          });
          if (req.method === "OPTIONS") return void res.status(204).end();
          next();
        });
        router.get("/v1/jwks", (_req, res) => void res.json({ keys: [jwk] }));
        router.post(/^\/v1\/projects\/([^/]+)\/apps\/([^/]+):exchangeDebugToken$/, (req, res) => {
          const [projectId, appId] = [req.params[0], req.params[1]];
          const body = isRecord(req.body) ? req.body : {};
          const debugToken = body.debugToken ?? body.debug_token;
          if (typeof debugToken !== "string" || !options.debugTokens.includes(debugToken)) {
            fail(403, googleError(403, "App attestation failed.", "PERMISSION_DENIED"));
          }
          res.json({ token: issue({ projectId, appId }), ttl: `${TTL_SECONDS}s` });
        });
      },
      errorReply: (status) => ({ status, body: googleError(status, "Error", "UNKNOWN") }),
      reset: () => undefined,
    },
    options,
  );
  return { ...server, issue };
}
