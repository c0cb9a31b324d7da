/**
 * Several products in one deployment, end to end through Hosting: the stack runs the demo's two
 * products (dev/demo-config.ts, demoProducts) with their own brand, sender, language, limits and
 * Particle token. The same email at both is two customers; a link acts on its own product only.
 */
import { de } from "../../functions/src/i18n/locales/de";
import { en } from "../../functions/src/i18n/locales/en";
import { format } from "../../functions/src/i18n/messages";
import { hashToken } from "../../functions/src/tokens/token";
import { failureOf } from "../support/failure";
import { demoProducts, stackPorts } from "../../dev/demo-config";
import { deliverResetMail } from "../../functions/src/handlers/deliver-reset-mail";
import {
  captureHandlerLogs,
  deliverInProcess,
  inProcessServices,
  stackConfig,
} from "../support/in-process";
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import {
  connectFunctionsEmulator,
  FunctionsError,
  getFunctions,
  httpsCallable,
} from "firebase/functions";
import {
  api,
  db,
  drainQueues,
  functionLogs,
  functionsUrl,
  hostingUrl,
  logMark,
  mails,
  particleLogin,
  projectId,
  recordedRequests,
  requestReset,
  resetAll,
  resetLinkFrom,
  tokenFrom,
  waitForMail,
  type ReceivedMail,
} from "../support/stack";

const LAMP = "12345";
const WIDGET = "67890";
const WIDGET_CLIENT = { id: "other-widget-app", secret: "other-client-secret" };
const LAMP_PASSWORD = "correct-horse-battery";
const WIDGET_PASSWORD = "alice-other-product";
const NEW_PASSWORD = "widgets-whirr-at-dawn-7";

/** A fresh client address per request, so the per-client limit stays out of the way. */
let clientNo = 0;
const client = () => `198.51.100.${++clientNo % 250}`;

const resetMails = async (to: string) =>
  (await mails(to)).filter((mail) => /\/reset#token=/.test(mail.text));

/** Asks for a reset at one product and returns the mail that arrives. */
async function resetMailAt(email: string, productId?: string): Promise<ReceivedMail> {
  const before = (await resetMails(email)).length;
  const response = await requestReset(email, productId ? { productId } : {}, client());
  expect(response.status).toBe(200);
  const received = await waitForMail(email, before + 1);
  return received[received.length - 1];
}

const puts = async () =>
  (await recordedRequests("particle")).filter((r) => r.method === "PUT").map((r) => r.path);

beforeEach(resetAll);

describe("two brands, one deployment", () => {
  it("each product's mail comes from its own sender, in its brand and its default language", async () => {
    const lamp = await resetMailAt("alice@example.com");
    const widget = await resetMailAt("alice@example.com", WIDGET);

    expect([lamp.from, lamp.fromName, lamp.replyTo]).toEqual([
      "no-reply@acme-lamp.example",
      "Acme Smart Lamp",
      "support@acme-lamp.example",
    ]);
    expect([widget.from, widget.fromName, widget.replyTo]).toEqual([
      "hello@other-widget.example",
      "Other Widget",
      "help@other-widget.example",
    ]);
    // No locale and no Accept-Language we speak: each product's default language.
    expect(lamp.subject).toBe(format(en.email.reset.subject, { product: "Acme Smart Lamp" }));
    expect(widget.subject).toBe(format(de.email.reset.subject, { product: "Other Widget" }));
    expect(widget.html).toContain("/assets/other-widget-logo.svg");
    expect(widget.html).toContain("Other Widget GmbH, 2 Gadget Lane, Berlin");
    expect(widget.html.toUpperCase()).toContain("#E4572E");
    expect(widget.html).not.toContain("Acme");
    expect(lamp.html).not.toContain("Other Widget");
    // Each link names its product and language; its lifetime is the product's (20 vs 30 min).
    expect(resetLinkFrom(lamp)).toMatch(/#token=[\w-]+&lang=en&product=12345$/);
    expect(resetLinkFrom(widget)).toMatch(/#token=[\w-]+&lang=de&product=67890$/);
    expect(widget.text).toContain("20");
    const lifetime = async (mail: ReceivedMail) => {
      const doc = await db()
        .collection("resetTokens")
        .doc(hashToken(tokenFrom(resetLinkFrom(mail))))
        .get();
      return doc.get("expiresAt").toMillis() - doc.get("createdAt").toMillis();
    };
    expect(await lifetime(lamp)).toBe(30 * 60_000);
    expect(await lifetime(widget)).toBe(20 * 60_000);
  });

  it("a request's own language still wins over the product's default", async () => {
    const response = await requestReset("dave@example.com", { productId: WIDGET, locale: "fr" });
    expect(response.status).toBe(200);
    const [mail] = await waitForMail("dave@example.com");
    expect(resetLinkFrom(mail)).toMatch(/&lang=fr&product=67890$/);
  });

  it("a product may be named by its slug; the token and link carry its id", async () => {
    const mail = await resetMailAt("dave@example.com", "other-widget-67890");
    expect(mail.from).toBe("hello@other-widget.example");
    expect(resetLinkFrom(mail)).toMatch(/&product=67890$/);
  });

  it("the page's configuration is the product's, by id or slug, in its language", async () => {
    const config = async (query: string) =>
      (await fetch(`${hostingUrl}/api/password-reset/page-config?${query}`)).json();
    const widget = await config("productId=67890");
    expect(widget).toMatchObject({
      productId: WIDGET,
      locale: "de",
      brand: {
        productName: "Other Widget",
        logoUrl: `${hostingUrl}/assets/other-widget-logo.svg`,
        primaryColor: "#E4572E",
        accentColor: "#3B1F2B",
        supportEmail: "help@other-widget.example",
      },
      policy: { minLength: 10, maxLength: 128 },
    });
    expect(widget.strings.title).toBe(de.page.title);
    expect(await config("productId=other-widget-67890")).toEqual(widget);
    expect(await config("productId=67890&locale=en")).toMatchObject({ locale: "en" });
    expect(await config("")).toMatchObject({ productId: LAMP, locale: "en" });
  });

  it("a product this deployment doesn't serve is invalid_argument naming the field, everywhere", async () => {
    const expected = {
      error: {
        code: "invalid_argument",
        message: format(en.api.productNotServed, { field: "productId" }),
      },
    };
    const request = await requestReset("alice@example.com", { productId: "99999" }, client());
    expect([request.status, request.body]).toEqual([400, expected]);
    const page = await fetch(`${hostingUrl}/api/password-reset/page-config?productId=99999`, {
      headers: { "accept-language": "en" },
    });
    expect([page.status, await page.json()]).toEqual([400, expected]);

    const app: FirebaseApp = initializeApp(
      { projectId, apiKey: "demo-api-key", appId: "1:0:web:0" },
      "products-test",
    );
    try {
      const functions = getFunctions(app, "us-central1");
      const { hostname, port } = new URL(functionsUrl);
      connectFunctionsEmulator(functions, hostname, Number(port));
      const call = httpsCallable(functions, "requestPasswordReset");
      const error = await failureOf(FunctionsError, () =>
        call({ email: "a@example.com", productId: "99999" }),
      );
      expect(error.code).toBe("functions/invalid-argument");
      expect(error.message).toBe(`${expected.error.message} [400]`);
      expect(error.details).toEqual({ code: "invalid_argument" });
      // The slug works there too.
      await expect(
        call({ email: "dave@example.com", productId: "other-widget-67890" }),
      ).resolves.toMatchObject({ data: { ok: true } });
      await waitForMail("dave@example.com");
    } finally {
      await deleteApp(app);
    }
  });
});

describe("the same email at two products is two customers", () => {
  it("eligibility is per product: each product's customer list, read with its own token", async () => {
    const mark = logMark();
    for (const [email, productId] of [
      ["bob@example.com", WIDGET], // a customer of the lamp only
      ["dave@example.com", LAMP], // a customer of the widget only
      ["dave@example.com", WIDGET],
    ] as const) {
      expect((await requestReset(email, { productId }, client())).status).toBe(200);
    }
    await drainQueues(mark);
    expect((await mails("bob@example.com")).length).toBe(0);
    const daves = await mails("dave@example.com");
    expect(daves.map((mail) => mail.from)).toEqual(["hello@other-widget.example"]);
    const notEligible = functionLogs(mark).filter((e) => e.message === "reset.not_eligible");
    expect(notEligible.map((e) => e.productId).sort()).toEqual([LAMP, WIDGET]);
    // Each product's list was read with that product's own token (neither may read the other's).
    const lists = (await recordedRequests("particle")).filter((r) => r.method === "GET");
    const tokensFor = (productId: string) => [
      ...new Set(
        lists
          .filter((r) => r.path.startsWith(`/v1/products/${productId}/`))
          .map((r) => `${r.headers.authorization} ${r.status}`),
      ),
    ];
    expect(tokensFor(LAMP)).toEqual(["Bearer demo-particle-access-token 200"]);
    expect(tokensFor(WIDGET)).toEqual(["Bearer demo-token-other-product 200"]);
  });

  it("limits are per product: the widget's 2 mails an hour don't use up the lamp's 3", async () => {
    const mark = logMark();
    for (let i = 0; i < 3; i++) {
      expect(
        (await requestReset("alice@example.com", { productId: WIDGET }, client())).status,
      ).toBe(200);
      expect((await requestReset("alice@example.com", { productId: LAMP }, client())).status).toBe(
        200,
      );
    }
    await drainQueues(mark);
    const senders = (await resetMails("alice@example.com")).map((mail) => mail.from);
    expect(senders.filter((from) => from === "hello@other-widget.example")).toHaveLength(2);
    expect(senders.filter((from) => from === "no-reply@acme-lamp.example")).toHaveLength(3);
    const limited = functionLogs(mark).filter((e) => e.message === "reset.email_rate_limited");
    expect(limited.map((e) => e.productId)).toEqual([WIDGET]);
  });

  it("a link acts on its own product only: the widget's link changes alice's widget password, not her lamp's", async () => {
    const widgetLink = resetLinkFrom(await resetMailAt("alice@example.com", WIDGET));
    const lampLink = resetLinkFrom(await resetMailAt("alice@example.com", LAMP));
    const token = tokenFrom(widgetLink);

    const verified = await api("verify", { token });
    expect(verified.body).toEqual({
      email: "a•••@example.com",
      productId: WIDGET,
      productName: "Other Widget",
      expiresAt: expect.any(String),
      locale: "de",
      passwordPolicy: { minLength: 10, maxLength: 128 },
    });
    // The body can't name another product: the token alone decides.
    const redirected = await api("complete", { token, password: NEW_PASSWORD, productId: LAMP });
    expect([redirected.status, redirected.body.error.code]).toEqual([400, "invalid_argument"]);
    // The widget's own policy (at least 10 characters) applies to its links, in its language.
    const short = await api("complete", { token, password: "nine-char" });
    expect(short.body.error.code).toBe("weak_password");
    expect(short.body.error.message).toContain("10");
    expect(await puts()).toEqual([]);

    expect((await api("complete", { token, password: NEW_PASSWORD })).body).toEqual({ ok: true });
    expect(await puts()).toEqual(["/v1/products/67890/customers/alice%40example.com"]);
    expect(await particleLogin("alice@example.com", NEW_PASSWORD, WIDGET_CLIENT)).toBe(200);
    expect(await particleLogin("alice@example.com", LAMP_PASSWORD)).toBe(200);
    expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(400);

    // The lamp's link still works, on the lamp only.
    const lampToken = tokenFrom(lampLink);
    expect((await api("verify", { token: lampToken })).body.productId).toBe(LAMP);
    expect((await api("complete", { token: lampToken, password: "nine-char" })).body).toEqual({
      ok: true,
    });
    expect((await puts()).slice(1)).toEqual(["/v1/products/12345/customers/alice%40example.com"]);
    expect(await particleLogin("alice@example.com", WIDGET_PASSWORD, WIDGET_CLIENT)).toBe(400);
    expect(await particleLogin("alice@example.com", NEW_PASSWORD, WIDGET_CLIENT)).toBe(200);

    // Each "password changed" notice in its product's brand and language.
    const notices = await eventuallyNotices("alice@example.com", 2);
    expect(notices.map((mail) => [mail.from, mail.subject]).sort()).toEqual([
      ["hello@other-widget.example", format(de.email.changed.subject, { product: "Other Widget" })],
      [
        "no-reply@acme-lamp.example",
        format(en.email.changed.subject, { product: "Acme Smart Lamp" }),
      ],
    ]);
  });
});

describe("eligibility modes are per product (in-process, real Firestore and local servers)", () => {
  beforeAll(() => captureHandlerLogs());
  afterAll(() => jest.restoreAllMocks());

  it("one product may mail anyone while the other mails only its listed customers", async () => {
    const file = demoProducts(stackPorts({}));
    file.products[1].ELIGIBILITY = "anyone";
    const services = inProcessServices({ config: stackConfig({}, file) });
    const token = await deliverInProcess(services, "stranger@example.com", WIDGET);
    expect(token).toMatch(/^[\w-]{43}$/);

    await deliverResetMail(
      services,
      {
        requestId: crypto.randomUUID(),
        productId: LAMP,
        email: "stranger@example.com",
        locale: "en",
        requestedAt: services.now().toISOString(),
      },
      { attempt: 1, maxAttempts: 5 },
    );
    expect((await mails("stranger@example.com")).map((mail) => mail.from)).toEqual([
      "hello@other-widget.example",
    ]);
  });
});

async function eventuallyNotices(email: string, count: number): Promise<ReceivedMail[]> {
  const received = await waitForMail(email, count + 2);
  return received.filter((mail) => !/\/reset#token=/.test(mail.text));
}
