/**
 * The callables the apps use and the JSON endpoints the page uses are twins (contract/api.ts
 * CALLABLES): the same cases sent to both get the same result, or the same machine code
 * (`details.code` / `error.code`) and the same message. The callable side is the Firebase JS
 * SDK's httpsCallable against the Functions emulator, the HTTP side the page's path through
 * Hosting.
 */
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import {
  connectFunctionsEmulator,
  getFunctions,
  httpsCallable,
  type HttpsCallable,
} from "firebase/functions";
import { Timestamp } from "firebase-admin/firestore";
import { messageOf } from "../../docs/snippets/mobile-reset";
import { REGION } from "../../functions/src/config/region";
import { CALLABLES } from "../../functions/src/contract/api";
import { getMessages } from "../../functions/src/i18n/messages";
import { hashToken } from "../../functions/src/tokens/token";
import {
  api,
  callCallable,
  db,
  functionsUrl,
  mapConcurrent,
  particleLogin,
  projectId,
  recordedRequests,
  requestTokenByMail,
  resetAll,
} from "../support/stack";

const NEW_PASSWORD = "lamp-glow-at-midnight-42";
type Twin = "verify" | "complete";

let app: FirebaseApp;
const callables = {} as Record<Twin, HttpsCallable<unknown, unknown>>;

beforeAll(() => {
  app = initializeApp({ projectId, apiKey: "demo-api-key", appId: "1:0:web:0" }, "parity-test");
  const functions = getFunctions(app, REGION);
  const { hostname, port } = new URL(functionsUrl);
  connectFunctionsEmulator(functions, hostname, Number(port));
  callables.verify = httpsCallable(functions, "verifyPasswordReset");
  callables.complete = httpsCallable(functions, "completePasswordReset");
});

afterAll(() => deleteApp(app));
beforeEach(resetAll);

type Outcome = { result: unknown } | { code: string; message: string };

async function overHttp(twin: Twin, data: unknown): Promise<Outcome> {
  const response = await api(twin, data);
  if (response.status === 200) return { result: response.body };
  return { code: response.body.error.code, message: response.body.error.message };
}

async function overCallable(twin: Twin, data: unknown): Promise<Outcome> {
  try {
    return { result: (await callables[twin](data)).data };
  } catch (error) {
    const details = (error as { details?: { code: string } }).details;
    return { code: details?.code ?? "(no details.code)", message: messageOf(error) };
  }
}

/** Sends `data` to both twins (HTTP first) and expects the same outcome, with this code. */
async function expectTwins(twin: Twin, data: unknown, code: string): Promise<Outcome> {
  const http = await overHttp(twin, data);
  const callable = await overCallable(twin, data);
  expect(http).toEqual({ code, message: expect.any(String) });
  expect(callable).toEqual(http);
  return http;
}

const tokenDoc = (token: string) => db().collection("resetTokens").doc(hashToken(token));
const expire = (token: string) =>
  tokenDoc(token).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1) });
const puts = async () => (await recordedRequests("particle")).filter((r) => r.method === "PUT");

describe("each callable is the twin of its JSON endpoint", () => {
  it("the contract pairs them by name", () => {
    expect(CALLABLES).toEqual({
      requestPasswordReset: "request",
      verifyPasswordReset: "verify",
      completePasswordReset: "complete",
    });
  });

  it.each([
    ["a random token", { token: "A".repeat(43) }, "token_invalid"],
    ["a malformed token", { token: "not-a-token" }, "token_invalid"],
    ["an empty token", { token: "" }, "token_invalid"],
    ["no token", {}, "invalid_argument"],
    ["a token that is no string", { token: 42 }, "invalid_argument"],
    ["a too long token", { token: "A".repeat(129) }, "invalid_argument"],
    ["an unknown field", { token: "A".repeat(43), extra: 1 }, "invalid_argument"],
    ["an array", [], "invalid_argument"],
  ])("verify: %s", async (_, data, code) => {
    await expectTwins("verify", data, code);
  });

  it.each([
    ["a random token", { token: "A".repeat(43), password: NEW_PASSWORD }, "token_invalid"],
    ["no password", { token: "A".repeat(43) }, "invalid_argument"],
    ["a password that is no string", { token: "A".repeat(43), password: 1 }, "invalid_argument"],
    [
      "an unknown field",
      { token: "A".repeat(43), password: NEW_PASSWORD, x: 1 },
      "invalid_argument",
    ],
  ])("complete: %s", async (_, data, code) => {
    await expectTwins("complete", data, code);
  });

  it("verify: a live link is described alike, and stays live", async () => {
    const token = await requestTokenByMail("alice@example.com", "de");
    const http = await overHttp("verify", { token });
    expect(http).toEqual({ result: expect.objectContaining({ email: "a•••@example.com" }) });
    expect(await overCallable("verify", { token })).toEqual(http);
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
  });

  it.each([
    ["a common password", "password123"],
    ["a short password", "short"],
    ["a too long password", "x".repeat(129)],
    ["the email itself", "Alice@Example.com"],
  ])("complete: %s is weak_password alike and keeps the link", async (_, password) => {
    const token = await requestTokenByMail("alice@example.com");
    await expectTwins("complete", { token, password }, "weak_password");
    expect(await puts()).toEqual([]);
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
  });

  it("an expired link is token_expired on both, in the mail's language", async () => {
    const token = await requestTokenByMail("bob@example.com", "fr");
    await expire(token);
    const french = { code: "token_expired", message: getMessages("fr").api.tokenExpired };
    expect(await expectTwins("verify", { token }, "token_expired")).toEqual(french);
    expect(
      await expectTwins("complete", { token, password: NEW_PASSWORD }, "token_expired"),
    ).toEqual(french);
    expect(await puts()).toEqual([]);
  });

  it("complete succeeds alike, and a used link is token_used on both", async () => {
    const forHttp = await requestTokenByMail("alice@example.com");
    const forCallable = await requestTokenByMail("bob@example.com");
    const http = await overHttp("complete", { token: forHttp, password: NEW_PASSWORD });
    expect(http).toEqual({ result: { ok: true } });
    expect(await overCallable("complete", { token: forCallable, password: NEW_PASSWORD })).toEqual(
      http,
    );
    expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(200);
    expect(await particleLogin("bob@example.com", NEW_PASSWORD)).toBe(200);

    for (const token of [forHttp, forCallable]) {
      await expectTwins("verify", { token }, "token_used");
      await expectTwins("complete", { token, password: NEW_PASSWORD }, "token_used");
    }
    expect(await puts()).toHaveLength(2);
  });

  it("failed token checks count against one limit per client, whichever twin they used", async () => {
    // The SDK cannot set X-Forwarded-For, so this client speaks the callable protocol itself.
    const client = "203.0.113.77";
    const guess = { token: "A".repeat(43) };
    // 3 × CLIENT_RATE_LIMIT = 60 failures: half over HTTP, half over the callables. One at a
    // time, so that every one is counted before the next is checked.
    const answers = await mapConcurrent(
      Array.from({ length: 60 }, (_, i) => i),
      1,
      (i) =>
        i % 2 === 0
          ? api("verify", guess, { client })
          : callCallable(guess, { client, name: "verifyPasswordReset" }),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 400));

    const http = await api("verify", guess, { client });
    expect(http.status).toBe(429);
    expect(http.body.error.code).toBe("rate_limited");
    const retryAfter = Number(http.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    for (const name of ["verifyPasswordReset", "completePasswordReset"] as const) {
      const data = name === "verifyPasswordReset" ? guess : { ...guess, password: NEW_PASSWORD };
      const callable = await callCallable(data, { client, name });
      expect(callable.status).toBe(429);
      expect(callable.body.error).toEqual({
        status: "RESOURCE_EXHAUSTED",
        message: http.body.error.message,
        details: { code: "rate_limited", retryAfterSeconds: expect.any(Number) },
      });
      expect(callable.body.error.details.retryAfterSeconds).toBeLessThanOrEqual(retryAfter);
    }
    // Another client is not affected.
    expect((await api("verify", guess, { client: "203.0.113.78" })).status).toBe(400);
  });
});
