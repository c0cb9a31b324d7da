/**
 * The delivery task's policies, driven in-process with the real Firestore emulator and the local
 * Particle and SendGrid servers: eligibility modes, dynamic templates, and retry decisions.
 */
import { logger } from "firebase-functions";
import type { AppConfig } from "../../functions/src/config/config";
import type { ResetMailTask } from "../../functions/src/contract/tasks";
import { deliverResetMail } from "../../functions/src/handlers/deliver-reset-mail";
import { RetryLater } from "../../functions/src/tasks/task";
import { createServices } from "../../functions/src/services";
import type { TaskQueue } from "../../functions/src/tasks/task-queue";
import { hashToken } from "../../functions/src/tokens/token";
import { importAllowlist } from "../../scripts/import-allowlist";
import {
  db,
  hostingUrl,
  injectFault,
  mails,
  recordedRequests,
  resetAll,
  resetLinkFrom,
  tokenFrom,
} from "../support/stack";
import { stackConfig, stackSecrets } from "../support/in-process";

const TEMPLATE_ID = "d-0123456789abcdef0123456789abcdef";

const noTasks: TaskQueue = {
  enqueue: () => Promise.reject(new Error("no task expected")),
};

function deliver(config: AppConfig, email: string, attempt = 1) {
  const services = createServices({
    config: () => config,
    secrets: stackSecrets(),
    db,
    tasks: () => noTasks,
  });
  const payload: ResetMailTask = {
    requestId: crypto.randomUUID(),
    productId: "12345",
    email,
    locale: "en",
    requestedAt: new Date().toISOString(),
  };
  return {
    payload,
    run: (n = attempt) => deliverResetMail(services, payload, { attempt: n, maxAttempts: 5 }),
  };
}

beforeEach(resetAll);
// The handlers log structured events when run in-process; keep the test output readable.
beforeAll(() => {
  jest.spyOn(logger, "write").mockImplementation(() => undefined);
});
afterAll(() => jest.restoreAllMocks());

describe("eligibility", () => {
  it("allowlist: mails listed emails only, even if Particle knows others", async () => {
    const config = stackConfig({ ELIGIBILITY: "allowlist" });
    const imported = await importAllowlist(
      db(),
      "12345",
      "# customers\nListed@Example.com\nnot-an-email\n",
    );
    expect(imported).toEqual({
      written: 1,
      rejected: [{ line: 3, reason: "not a valid email address" }],
    });

    await deliver(config, "listed@example.com").run();
    await deliver(config, "alice@example.com").run();
    expect((await mails()).map((m) => m.to)).toEqual([["listed@example.com"]]);
    expect((await recordedRequests("particle")).length).toBe(0);

    await importAllowlist(db(), "12345", "listed@example.com", "remove");
    await deliver(config, "listed@example.com").run();
    expect(await mails()).toHaveLength(1);
  });

  it("anyone: mails any address and leaves the decision to Particle at completion", async () => {
    await deliver(stackConfig({ ELIGIBILITY: "anyone" }), "stranger@example.com").run();
    expect((await mails("stranger@example.com")).length).toBe(1);
  });

  it("particle: pages through the customer list with the Bearer token", async () => {
    await deliver(stackConfig({}), "customer060@example.com").run();
    expect((await mails("customer060@example.com")).length).toBe(1);
    const lists = (await recordedRequests("particle")).filter((r) => r.method === "GET");
    expect(lists[0].path).toBe("/v1/products/12345/customers");
    expect(lists[0].headers.authorization).toBe("Bearer demo-particle-access-token");
  });

  it("particle: a lookup outage asks the queue to retry; a bad token gives up quietly", async () => {
    await injectFault("particle", { method: "GET", status: 503, times: 3 });
    await expect(deliver(stackConfig({}), "alice@example.com").run()).rejects.toBeInstanceOf(
      RetryLater,
    );
    await injectFault("particle", { method: "GET", status: 401 });
    await expect(deliver(stackConfig({}), "bob@example.com").run()).resolves.toBeUndefined();
    expect(await mails()).toEqual([]);
  });
});

describe("mail content", () => {
  it("uses the SendGrid dynamic template when one is configured", async () => {
    const warn = jest.spyOn(console, "warn");
    await deliver(stackConfig({ SENDGRID_TEMPLATE_RESET: TEMPLATE_ID }), "alice@example.com").run();
    // The template data has quotes ("didn't"); the SDK's unstructured warning about them stays off.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    const [mail] = await mails("alice@example.com");
    expect(mail.payload.template_id).toBe(TEMPLATE_ID);
    expect(mail.payload.content).toBeUndefined();
    const personalization = (mail.payload.personalizations as Array<Record<string, any>>)[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const data = personalization.dynamic_template_data;
    expect(data).toMatchObject({
      product_name: "Acme Smart Lamp",
      ttl_minutes: 30,
      email: "alice@example.com",
    });
    expect(data.reset_url).toMatch(
      new RegExp(`^${hostingUrl}/reset#token=[A-Za-z0-9_-]{43}&lang=en&product=12345$`),
    );
    const stored = await db()
      .collection("resetTokens")
      .doc(hashToken(tokenFrom(data.reset_url)))
      .get();
    expect(stored.exists).toBe(true);
  });

  it("turns off click tracking so the link reaches the customer unaltered", async () => {
    await deliver(stackConfig({}), "alice@example.com").run();
    const [mail] = await mails("alice@example.com");
    expect(mail.payload.tracking_settings).toEqual({
      click_tracking: { enable: false, enable_text: false },
    });
    expect(resetLinkFrom(mail)).toContain("#token=");
  });
});

describe("retries", () => {
  it("a retried delivery re-issues its link without counting against the email's limit", async () => {
    const config = stackConfig({ EMAIL_RATE_LIMIT: "1" });
    await injectFault("sendgrid", { path: "^/v3/mail/send$", status: 429, times: 1 });
    const task = deliver(config, "alice@example.com");
    await expect(task.run(1)).rejects.toBeInstanceOf(RetryLater);
    await task.run(2);
    const received = await mails("alice@example.com");
    expect(received).toHaveLength(1);
    const live = await db().collection("resetTokens").where("state", "==", "live").get();
    expect(live.docs.map((d) => d.id)).toEqual([hashToken(tokenFrom(resetLinkFrom(received[0])))]);
  });

  it("gives up after the last attempt and records the failure", async () => {
    await injectFault("sendgrid", { path: "^/v3/mail/send$", status: 500 });
    await expect(deliver(stackConfig({}), "alice@example.com").run(5)).resolves.toBeUndefined();
    const [token] = (await db().collection("resetTokens").get()).docs;
    expect(token.get("delivery")).toMatchObject({ state: "failed", attempts: 5, error: "500" });
  });
});
