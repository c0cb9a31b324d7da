/**
 * Verify and complete (steps 4-6) against the emulators and the local Particle server: the new
 * password really becomes the customer's, once, and upstream trouble never burns the link.
 */
import { Timestamp } from "firebase-admin/firestore";
import { hashToken } from "../../functions/src/tokens/token";
import {
  api,
  db,
  injectFault,
  requestTokenByMail,
  logMark,
  mails,
  particleLogin,
  particleUrl,
  recordedRequests,
  resetAll,
  waitForLog,
  waitForMail,
} from "../support/stack";
import { format, getMessages } from "../../functions/src/i18n/messages";

/** The answers' English wording, from the catalogue the API answers from. */
const API = getMessages("en").api;

const NEW_PASSWORD = "lamp-glow-at-midnight-42";
const tokenDoc = (token: string) => db().collection("resetTokens").doc(hashToken(token));
const puts = async () => (await recordedRequests("particle")).filter((r) => r.method === "PUT");

beforeEach(resetAll);

describe("POST /api/password-reset/verify", () => {
  it("describes a live link without using it up", async () => {
    const token = await requestTokenByMail("alice@example.com", "de");
    const first = await api("verify", { token });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      email: "a•••@example.com",
      productId: "12345",
      productName: "Acme Smart Lamp",
      passwordPolicy: { minLength: 8, maxLength: 128 },
      expiresAt: (await tokenDoc(token).get()).get("expiresAt").toDate().toISOString(),
      locale: "de",
    });
    expect((await api("verify", { token })).status).toBe(200);
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
  });

  it.each([
    ["a random token", "A".repeat(43)],
    ["a malformed token", "not-a-token"],
    ["an empty token", ""],
  ])("answers token_invalid for %s", async (_, token) => {
    const response = await api("verify", { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: {
        code: "token_invalid",
        message: API.tokenInvalid,
      },
    });
  });

  it("answers token_invalid for a tampered token", async () => {
    const token = await requestTokenByMail("alice@example.com");
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect((await api("verify", { token: tampered })).body.error.code).toBe("token_invalid");
  });
});

describe("POST /api/password-reset/complete", () => {
  it("sets the password at Particle once, confirms by mail, and cannot be replayed", async () => {
    const token = await requestTokenByMail("alice@example.com");
    const mark = logMark();
    const response = await api("complete", { token, password: NEW_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });

    expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(200);
    expect(await particleLogin("alice@example.com", "correct-horse-battery")).toBe(400);

    const [put] = await puts();
    expect(put.path).toBe("/v1/products/12345/customers/alice%40example.com");
    expect(put.headers.authorization).toBe("Bearer demo-particle-access-token");
    expect(put.body).toEqual({ password: NEW_PASSWORD });
    expect(JSON.stringify(put)).not.toContain("access_token");

    expect((await tokenDoc(token).get()).get("state")).toBe("used");
    const replay = await api("complete", { token, password: "another-fine-password" });
    expect(replay.status).toBe(409);
    expect(replay.body).toEqual({
      error: { code: "token_used", message: API.tokenUsed },
    });
    expect(await puts()).toHaveLength(1);

    await waitForLog(mark, "changed.mail_sent");
    const received = await waitForMail("alice@example.com", 2);
    const notice = received[1];
    expect(notice.subject).toMatch(/password/i);
    expect(notice.text).toContain("Acme Smart Lamp");
    expect(notice.text).not.toMatch(/\/reset#token=/);
    expect(notice.html).not.toMatch(/\/reset#token=/);
  });

  it.each([
    ["a common password", "password123", API.weakPassword],
    ["a short password", "short", format(API.tooShort, { min: 8 })],
    ["a too long password", "x".repeat(129), format(API.tooLong, { max: 128 })],
    ["the email itself", "Alice@Example.com", API.matchesEmail],
  ])("refuses %s and keeps the link usable", async (_, password, message) => {
    const token = await requestTokenByMail("alice@example.com");
    const response = await api("complete", { token, password });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: "weak_password", message } });
    expect(await puts()).toEqual([]);
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);
  });

  it("localizes the password advice in the language of the request", async () => {
    const token = await requestTokenByMail("alice@example.com", "de");
    const response = await api("complete", { token, password: "short" });
    expect(response.body.error.code).toBe("weak_password");
    expect(response.body.error.message).toBe(format(getMessages("de").api.tooShort, { min: 8 }));
  });

  it("answers in the language of the link's mail once the token is known, whatever the request says", async () => {
    const token = await requestTokenByMail("alice@example.com", "de");
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);
    const french = { headers: { "accept-language": "fr-CH, fr;q=0.9" } };
    const replay = await api("complete", { token, password: NEW_PASSWORD }, french);
    expect(replay.body).toEqual({
      error: { code: "token_used", message: getMessages("de").api.tokenUsed },
    });
    // An unknown token has no language of its own: the request's is used.
    const unknown = await api("verify", { token: "A".repeat(43) }, french);
    expect(unknown.body).toEqual({
      error: { code: "token_invalid", message: getMessages("fr").api.tokenInvalid },
    });
  });

  it("retries a transient Particle 503 itself", async () => {
    await injectFault("particle", { method: "PUT", status: 503, times: 1 });
    const token = await requestTokenByMail("bob@example.com");
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);
    expect((await puts()).map((r) => r.status)).toEqual([503, 200]);
    expect(await particleLogin("bob@example.com", NEW_PASSWORD)).toBe(200);
  });

  it("honours Particle's Retry-After on 429", async () => {
    await injectFault("particle", { method: "PUT", status: 429, retryAfter: 1, times: 1 });
    const token = await requestTokenByMail("bob@example.com");
    const started = Date.now();
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await puts()).map((r) => r.status)).toEqual([429, 200]);
  });

  it("keeps the link usable when Particle stays down, so the customer can retry", async () => {
    await injectFault("particle", { method: "PUT", status: 503, times: 3 });
    const token = await requestTokenByMail("carol@example.com");
    const failed = await api("complete", { token, password: NEW_PASSWORD });
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({
      error: {
        code: "upstream_unavailable",
        message: API.upstreamUnavailable,
      },
    });
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
    expect(await particleLogin("carol@example.com", "tr0ub4dor&3")).toBe(200);

    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);
    expect(await particleLogin("carol@example.com", NEW_PASSWORD)).toBe(200);
  });

  it("keeps the link on a timeout or refused connection too", async () => {
    await injectFault("particle", { method: "PUT", drop: true, times: 3 });
    const token = await requestTokenByMail("carol@example.com");
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(503);
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
  });

  // https://docs.particle.io/reference/cloud-apis/api/ "Errors - API users": an API user lacking
  // a permission gets a standard 400 unauthorized. That is our configuration, not the password.
  it.each([
    ["401 (token invalid or expired)", 401, undefined, { status: 401 }],
    [
      "400 unauthorized {error, error_description}",
      400,
      {
        error: "unauthorized",
        error_description: "API user is missing the required scope: customers:update",
      },
      { status: 400, code: "unauthorized" },
    ],
    [
      "400 unauthorized {ok:false, error}",
      400,
      { ok: false, error: "unauthorized" },
      { status: 400, code: "unauthorized" },
    ],
  ])(
    "treats Particle %s as a configuration error: logged, link kept, not a weak password",
    async (_, status, body, logged) => {
      await injectFault("particle", { method: "PUT", status, body, times: 1 });
      const token = await requestTokenByMail("alice@example.com");
      const mark = logMark();
      const response = await api("complete", { token, password: NEW_PASSWORD });
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe("upstream_unavailable");
      const [entry] = await waitForLog(mark, "particle.config_error");
      expect(entry).toMatchObject({ severity: "ERROR", productId: "12345", ...logged });
      expect(await puts()).toHaveLength(1);
      expect((await tokenDoc(token).get()).get("state")).toBe("live");
      expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);
    },
  );

  it("still reads any other Particle 400 as the password refused", async () => {
    const body = { ok: false, error: "Password must be at least 8 characters long." };
    await injectFault("particle", { method: "PUT", status: 400, body, times: 1 });
    const token = await requestTokenByMail("alice@example.com");
    const response = await api("complete", { token, password: NEW_PASSWORD });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: {
        code: "weak_password",
        message: API.passwordRejected,
      },
    });
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
  });

  // Particle documents no Retry-After on 429 and says an immediate retry will not help:
  // https://docs.particle.io/reference/cloud-apis/api/ "API rate limits".
  it("answers a Particle 429 without Retry-After at once, with a Retry-After of its own", async () => {
    await injectFault("particle", { method: "PUT", status: 429, times: 1 });
    const token = await requestTokenByMail("bob@example.com");
    const response = await api("complete", { token, password: NEW_PASSWORD });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe("upstream_unavailable");
    expect(response.headers.get("retry-after")).toBe("60");
    expect((await puts()).map((r) => r.status)).toEqual([429]);
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
  });

  it("ends the link when the customer no longer exists at Particle", async () => {
    const token = await requestTokenByMail("bob@example.com");
    const removed = await fetch(`${particleUrl}/v1/products/12345/customers/bob%40example.com`, {
      method: "DELETE",
      headers: { authorization: "Bearer demo-full-user-token" },
    });
    expect(removed.status).toBe(200);
    const response = await api("complete", { token, password: NEW_PASSWORD });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: "token_invalid", message: API.tokenInvalid },
    });
    expect((await tokenDoc(token).get()).get("state")).toBe("revoked");
  });

  it("lets exactly one of two simultaneous submissions through", async () => {
    await injectFault("particle", { method: "PUT", delayMs: 300 });
    const token = await requestTokenByMail("alice@example.com");
    const results = await Promise.all([
      api("complete", { token, password: NEW_PASSWORD }),
      api("complete", { token, password: "a-different-strong-one" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe("token_used");
    expect(await puts()).toHaveLength(1);
  });

  it("refuses an expired link without calling Particle", async () => {
    const token = await requestTokenByMail("alice@example.com");
    await tokenDoc(token).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1) });
    const response = await api("complete", { token, password: NEW_PASSWORD });
    expect(response.status).toBe(410);
    expect(response.body.error.code).toBe("token_expired");
    expect(await puts()).toEqual([]);
  });

  it("refuses a link whose sibling was used", async () => {
    const older = await requestTokenByMail("alice@example.com");
    const newer = await requestTokenByMail("alice@example.com");
    expect((await api("complete", { token: newer, password: NEW_PASSWORD })).status).toBe(200);
    const response = await api("complete", { token: older, password: "another-new-password-2" });
    expect(response.body.error.code).toBe("token_invalid");
    expect(await puts()).toHaveLength(1);
  });

  it("does not leak the new password or the token into the logs", async () => {
    const mark = logMark();
    const token = await requestTokenByMail("carol@example.com");
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);
    await waitForLog(mark, "changed.mail_sent");
    const { functionLogs } = await import("../support/stack");
    const logged = JSON.stringify(functionLogs(mark));
    expect(logged).toContain("reset.completed");
    for (const secret of [NEW_PASSWORD, token, "carol@example.com", "demo-particle-access-token"]) {
      expect(logged).not.toContain(secret);
    }
    expect(await mails("carol@example.com")).toHaveLength(2);
  });
});
