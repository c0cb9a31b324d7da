/**
 * The reset request (steps 1-3) end to end: Hosting rewrite -> Functions -> Firestore -> Cloud
 * Tasks -> local SendGrid, with eligibility checked against the local Particle server.
 */
import { Timestamp } from "firebase-admin/firestore";
import { hashToken } from "../../functions/src/tokens/token";
import {
  api,
  db,
  DEMO_CLIENT,
  firestoreDocuments,
  functionLogs,
  hostingUrl,
  injectFault,
  logMark,
  mails,
  particleUrl,
  recordedRequests,
  requestReset,
  resetAll,
  resetLinkFrom,
  sleep,
  tokenFrom,
  waitForLog,
  waitForMail,
} from "../support/stack";
import { format, getMessages } from "../../functions/src/i18n/messages";

/** The answers' English wording, from the catalogue the API answers from. */
const API = getMessages("en").api;

const ACCEPTED = {
  ok: true,
  message: API.requestAccepted,
};

beforeEach(resetAll);

describe("POST /api/password-reset/request", () => {
  it("mails a known customer exactly one branded link whose token only exists hashed", async () => {
    const mark = logMark();
    const response = await requestReset("Alice@Example.com", { locale: "en" });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(ACCEPTED);
    expect(response.headers.get("cache-control")).toBe("no-store");

    const [mail] = await waitForMail("alice@example.com");
    await waitForLog(mark, "reset.mail_sent");
    expect(await mails()).toHaveLength(1);
    expect(mail.subject).toContain("Acme Smart Lamp");
    expect(mail.payload.from).toEqual({
      email: "no-reply@acme-lamp.example",
      name: "Acme Smart Lamp",
    });
    expect(mail.payload.reply_to).toEqual({ email: "support@acme-lamp.example" });

    const link = resetLinkFrom(mail);
    expect(link).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/reset#token=[A-Za-z0-9_-]{43}&lang=en&product=12345$/,
    );
    expect(link.startsWith(`${hostingUrl}/reset#`)).toBe(true);
    expect(new URL(link).search).toBe("");
    const token = tokenFrom(link);
    expect(mail.html).toContain(`href="${link.replace(/&/g, "&amp;")}"`);

    const stored = await db().collection("resetTokens").doc(hashToken(token)).get();
    expect(stored.exists).toBe(true);
    expect(stored.data()).toMatchObject({
      productId: "12345",
      email: "alice@example.com",
      state: "live",
      delivery: { state: "sent", attempts: 1 },
    });
    const lifetime = stored.get("expiresAt").toMillis() - stored.get("createdAt").toMillis();
    expect(lifetime).toBe(30 * 60 * 1000);

    const everything = JSON.stringify(await firestoreDocuments());
    expect(everything).not.toContain(token);
  });

  it("answers an unknown email byte for byte like a known one and mails nothing", async () => {
    const mark = logMark();
    const known = await requestReset("bob@example.com");
    const unknown = await requestReset("nobody@example.com");
    expect(unknown.status).toBe(known.status);
    expect(unknown.text).toBe(known.text);
    await waitForLog(mark, "reset.not_eligible");
    await waitForMail("bob@example.com");
    expect(await mails("nobody@example.com")).toEqual([]);
    const tokens = await db().collection("resetTokens").get();
    expect(tokens.docs.map((d) => d.get("email"))).toEqual(["bob@example.com"]);
  });

  it("keeps the older link working when a newer one is requested", async () => {
    await requestReset("carol@example.com");
    const [first] = await waitForMail("carol@example.com");
    await requestReset("carol@example.com");
    const both = await waitForMail("carol@example.com", 2);
    const second = both.find((m) => m.id !== first.id)!;

    const older = await api("verify", { token: tokenFrom(resetLinkFrom(first)) });
    expect(older.status).toBe(200);
    expect(older.body.email).toBe("c•••@example.com");
    const newer = await api("verify", { token: tokenFrom(resetLinkFrom(second)) });
    expect(newer.status).toBe(200);
    expect(newer.body.email).toBe("c•••@example.com");
  });

  it("refuses an expired link even before the TTL policy deletes it", async () => {
    await requestReset("alice@example.com");
    const token = tokenFrom(resetLinkFrom((await waitForMail("alice@example.com"))[0]));
    await db()
      .collection("resetTokens")
      .doc(hashToken(token))
      .update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    const response = await api("verify", { token });
    expect(response.status).toBe(410);
    expect(response.body.error.code).toBe("token_expired");
  });

  it("sends exactly the per-email limit of mails under 20 concurrent requests", async () => {
    const mark = logMark();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => requestReset("bob@example.com", {}, `10.0.0.${i}`)),
    );
    expect(new Set(responses.map((r) => `${r.status} ${r.text}`)).size).toBe(1);
    expect(responses[0].status).toBe(200);
    // Generous: deliveries that lose the race for the email's record too often are retried by
    // the queue with backoff, which a loaded machine stretches.
    await waitForLog(mark, "reset.email_rate_limited", 17, 120_000);
    await waitForLog(mark, "reset.mail_sent", 3, 30_000);
    expect(await mails("bob@example.com")).toHaveLength(3);
    // Each mail's link stays live: requests by others never end a link already sent.
    const live = await db().collection("resetTokens").where("state", "==", "live").get();
    expect(live.size).toBe(3);
  }, 180_000);

  it("limits requests per client with 429, Retry-After and the error shape", async () => {
    const mark = logMark();
    for (let i = 0; i < 20; i++) {
      expect((await requestReset(`someone${i}@example.com`, {}, "203.0.113.9")).status).toBe(200);
    }
    const limited = await requestReset("alice@example.com", {}, "203.0.113.9");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(500);
    expect(limited.body).toEqual({
      error: {
        code: "rate_limited",
        message: API.rateLimited,
      },
    });
    expect((await requestReset("alice@example.com", {}, "203.0.113.10")).status).toBe(200);
    // Let the queued deliveries finish so they can't leak into the next test.
    await waitForLog(mark, "reset.not_eligible", 20);
    await waitForMail("alice@example.com");
  });

  it.each([
    ["a missing email", {}, "email is required"],
    ["a malformed email", { email: "not-an-email" }, "email must be a valid email address"],
    [
      "an unknown field",
      { email: "alice@example.com", role: "admin" },
      "request has unknown field(s): role",
    ],
    [
      "an unknown product",
      { email: "alice@example.com", productId: "99999" },
      "productId is not served here",
    ],
  ])("rejects %s with 400 and writes nothing", async (_, body, message) => {
    const mark = logMark();
    const response = await api("request", body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: "invalid_argument", message } });
    expect(await firestoreDocuments()).toEqual([]);
    expect(functionLogs(mark).map((e) => e.message)).not.toContain("reset.requested");
  });

  it("answers wrong methods, content types and sizes with the error shape", async () => {
    const get = await api("request", undefined, { method: "GET" });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(get.body.error.code).toBe("method_not_allowed");
    const form = await api("request", undefined, {
      contentType: "text/plain",
      raw: "email=a@b.co",
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe("unsupported_media_type");
    const huge = await api("request", { email: "a@b.co", pad: "x".repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("payload_too_large");
    const missing = await api("nope", {});
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    expect(await firestoreDocuments()).toEqual([]);
  });

  it("answers in the request's language: its locale, else Accept-Language, else English", async () => {
    const spanish = { headers: { "accept-language": "es-ES,es;q=0.9" } };
    const named = await api("request", { email: "nope", locale: "de-AT" }, spanish);
    expect(named.body.error.message).toBe(
      format(getMessages("de").api.emailInvalid, { field: "email" }),
    );
    const unnamed = await api("request", { email: "nope" }, spanish);
    expect(unnamed.body.error.message).toBe(
      format(getMessages("es").api.emailInvalid, { field: "email" }),
    );
    // Edge errors, before any body is read: Accept-Language.
    const get = await api("request", undefined, { method: "GET", ...spanish });
    expect(get.body.error.message).toBe(
      format(getMessages("es").api.methodNotAllowed, { method: "POST" }),
    );
    const form = await api("request", undefined, {
      contentType: "text/plain",
      raw: "email=a@b.co",
      headers: { "accept-language": "fr" },
    });
    expect(form.body.error.message).toBe(getMessages("fr").api.unsupportedMediaType);
    expect((await api("nope", {})).body.error.message).toBe(API.notFound);

    const mark = logMark();
    const accepted = await api("request", { email: "nobody@example.com" }, spanish);
    expect(accepted.body).toEqual({ ok: true, message: getMessages("es").api.requestAccepted });
    await waitForLog(mark, "reset.not_eligible");
  });
});

describe("delivery through SendGrid", () => {
  it("retries a 503 and delivers exactly one mail", async () => {
    await injectFault("sendgrid", { path: "^/v3/mail/send$", status: 503, times: 1 });
    const mark = logMark();
    await requestReset("alice@example.com");
    await waitForMail("alice@example.com");
    await waitForLog(mark, "reset.mail_sent");
    await sleep(1500);
    expect(await mails("alice@example.com")).toHaveLength(1);
    const sends = (await recordedRequests("sendgrid")).filter((r) => r.path === "/v3/mail/send");
    expect(sends.map((r) => r.status)).toEqual([503, 202]);
    const tokens = await db().collection("resetTokens").get();
    const states = tokens.docs.map((d) => [
      d.get("state"),
      d.get("delivery.state"),
      d.get("delivery.attempts"),
    ]);
    // The first attempt's undelivered link is superseded by the retry's.
    expect(states).toEqual(
      expect.arrayContaining([
        ["live", "sent", 2],
        ["superseded", "retrying", 1],
      ]),
    );
  });

  it("records a 401 as a failed delivery and does not retry", async () => {
    await injectFault("sendgrid", { path: "^/v3/mail/send$", status: 401 });
    const mark = logMark();
    await requestReset("alice@example.com");
    const [entry] = await waitForLog(mark, "mail.config_error");
    expect(entry).toMatchObject({ severity: "ERROR", status: 401, attempt: 1 });
    await sleep(3000);
    const sends = (await recordedRequests("sendgrid")).filter((r) => r.path === "/v3/mail/send");
    expect(sends).toHaveLength(1);
    const [token] = (await db().collection("resetTokens").get()).docs;
    expect(token.get("delivery")).toMatchObject({ state: "failed", attempts: 1, error: "401" });
  });
});

describe("eligibility from the customer mirror", () => {
  it("a customer who signs up at Particle and asks for a reset at once gets the mail", async () => {
    // The mirror is complete and fresh after a first request …
    await requestReset("alice@example.com");
    await waitForMail("alice@example.com");
    // … then the app signs a new customer up (as particle-api-js createCustomer does) …
    const signUp = await fetch(`${particleUrl}/v1/products/12345/customers`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.id}:${DEMO_CLIENT.secret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ email: "just-joined@example.com", password: "fresh-password-1" }),
    });
    expect(signUp.status).toBe(200);
    // … and the customer forgets the password straight away: a refresh finds the new customer.
    const mark = logMark();
    expect((await requestReset("just-joined@example.com")).status).toBe(200);
    await waitForMail("just-joined@example.com");
    expect(functionLogs(mark).filter((e) => e.message === "eligibility.refreshed")).toHaveLength(1);
  });
});
