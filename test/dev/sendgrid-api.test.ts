/** Contract tests for the local SendGrid v3 stand-in, over real HTTP and with @sendgrid/mail. */
import { Client } from "@sendgrid/client";
import { MailService } from "@sendgrid/mail";
import {
  DEFAULT_SENDGRID_API_KEY,
  FULL_ACCESS_SENDGRID_API_KEY,
  NO_MAIL_SEND_SENDGRID_API_KEY,
  startSendgridApi,
} from "../../dev/sendgrid-api";
import type { RunningServer } from "../../dev/stand-in";

const KEY = "SG.test-key-abcd";
const RESTRICTED_KEY = "SG.restricted-key-wxyz";
const HELP = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.";
const TEMPLATE_ID = "d-0123456789abcdef0123456789abcdef";

let api: RunningServer;

interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

async function call(
  method: string,
  path: string,
  options: { key?: string; json?: unknown; raw?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const body =
    options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const response = await fetch(api.url + path, { method, headers, body });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json");
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: isJson ? JSON.parse(text) : null,
  };
}

function mail(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    personalizations: [{ to: [{ email: "alice@example.com", name: "Alice" }] }],
    from: { email: "no-reply@acme-lamp.example", name: "Acme Smart Lamp" },
    subject: "Reset your password",
    content: [
      { type: "text/plain", value: "Open http://127.0.0.1:5002/reset#token=abc" },
      {
        type: "text/html",
        value: '<p><a href="http://127.0.0.1:5002/reset#token=abc">Reset</a></p>',
      },
    ],
    ...overrides,
  };
}

const send = (payload: unknown, key = KEY) => call("POST", "/v3/mail/send", { key, json: payload });

type View = Record<string, unknown> & { id: string; to: string[] };
const messages = async (query = "") =>
  ((await call("GET", `/messages${query}`)).body as { messages: View[] }).messages;

/** The one validation error a payload with a single defect must produce. */
async function expectInvalid(payload: unknown, field: string | null, message: string) {
  const res = await send(payload);
  expect(res.status).toBe(400);
  const help = field === null ? null : HELP + field.replace(/\.\d+/g, "");
  expect(res.body).toEqual({ errors: [{ message, field, help }] });
  expect(await messages()).toEqual([]);
}

beforeAll(async () => {
  api = await startSendgridApi({
    port: 0,
    keys: { [KEY]: "full-access", [RESTRICTED_KEY]: ["stats.read"] },
    verifiedSenders: ["no-reply@acme-lamp.example"],
    unverifiedSenders: ["pending@acme-lamp.example"],
    authenticatedDomains: ["mail.acme.example"],
  });
});

afterAll(() => api.close());

beforeEach(async () => {
  expect((await call("POST", "/__control/reset")).status).toBe(200);
});

describe("authentication", () => {
  const INVALID = {
    errors: [
      {
        message: "The provided authorization grant is invalid, expired, or revoked",
        field: null,
        help: null,
      },
    ],
  };

  it("answers 401 without a key", async () => {
    const res = await call("POST", "/v3/mail/send", { json: mail() });
    expect(res).toMatchObject({ status: 401, body: INVALID });
  });

  it("answers 401 for an unknown key", async () => {
    expect(await send(mail(), "SG.unknown")).toMatchObject({ status: 401, body: INVALID });
  });

  it("answers 403 for a key without mail.send", async () => {
    const res = await send(mail(), RESTRICTED_KEY);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      errors: [{ message: "access forbidden", field: null, help: null }],
    });
  });

  it("uses the demo keys and the demo sender when nothing is configured", async () => {
    const other = await startSendgridApi({ port: 0 });
    try {
      const res = await fetch(`${other.url}/v3/mail/send`, {
        method: "POST",
        headers: {
          authorization: "Bearer SG.demo-sendgrid-api-key",
          "content-type": "application/json",
        },
        body: JSON.stringify(mail()),
      });
      expect(res.status).toBe(202);
      const sendWith = (key: string) =>
        fetch(`${other.url}/v3/mail/send`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify(mail()),
        });
      expect((await sendWith(FULL_ACCESS_SENDGRID_API_KEY)).status).toBe(202);
      expect((await sendWith(NO_MAIL_SEND_SENDGRID_API_KEY)).status).toBe(403);
      const senders = await fetch(`${other.url}/v3/verified_senders`, {
        headers: { authorization: `Bearer ${DEFAULT_SENDGRID_API_KEY}` },
      });
      expect(senders.status).toBe(403);
    } finally {
      await other.close();
    }
  });
});

// https://www.twilio.com/docs/api/errors/60222 and
// https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sender-identity
describe("sender identity", () => {
  const NOT_VERIFIED = {
    errors: [
      {
        message:
          "The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements",
        field: "from",
        help: null,
      },
    ],
  };

  it.each([
    ["an unknown address", "someone@elsewhere.example"],
    ["a Single Sender that never completed verification", "pending@acme-lamp.example"],
    ["another address at a verified sender's domain", "sales@acme-lamp.example"],
    ["a parent of an authenticated domain", "x@acme.example"],
  ])("refuses %s with 403 and field from, and stores nothing", async (_, from) => {
    const res = await send(mail({ from: { email: from } }));
    expect(res).toMatchObject({ status: 403, body: NOT_VERIFIED });
    expect(await messages()).toEqual([]);
  });

  it.each([
    ["a verified Single Sender, in any case", "No-Reply@Acme-Lamp.example"],
    ["an address in an authenticated domain", "hello@mail.acme.example"],
    ["an address in a subdomain of one", "hello@eu.mail.acme.example"],
  ])("accepts %s", async (_, from) => {
    expect((await send(mail({ from: { email: from } }))).status).toBe(202);
  });

  it("checks the key before the sender: a key without mail.send gets access forbidden", async () => {
    const res = await send(mail({ from: { email: "someone@elsewhere.example" } }), RESTRICTED_KEY);
    expect(res).toMatchObject({
      status: 403,
      body: { errors: [{ message: "access forbidden", field: null, help: null }] },
    });
  });

  // Sandbox mode validates "the form, type, and shape" of the request only:
  // https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sandbox-mode
  it("does not check the sender in sandbox mode", async () => {
    const sandboxed = mail({
      from: { email: "someone@elsewhere.example" },
      mail_settings: { sandbox_mode: { enable: true } },
    });
    expect((await send(sandboxed)).status).toBe(200);
  });
});

describe("GET /v3/verified_senders and GET /v3/whitelabel/domains", () => {
  it("lists every Single Sender with its verified flag", async () => {
    const res = await call("GET", "/v3/verified_senders", { key: KEY });
    expect(res.status).toBe(200);
    const { results } = res.body as { results: Array<Record<string, unknown>> };
    expect(results.map((r) => [r.from_email, r.verified, r.locked])).toEqual([
      ["no-reply@acme-lamp.example", true, false],
      ["pending@acme-lamp.example", false, false],
    ]);
    expect(Object.keys(results[0]).sort()).toEqual(
      [
        "address",
        "address2",
        "city",
        "country",
        "from_email",
        "from_name",
        "id",
        "locked",
        "nickname",
        "reply_to",
        "reply_to_name",
        "state",
        "verified",
        "zip",
      ].sort(),
    );
  });

  it("lists the authenticated domains as a bare array", async () => {
    const res = await call("GET", "/v3/whitelabel/domains", { key: KEY });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ domain: "mail.acme.example", valid: true, default: true }),
    ]);
  });

  it.each(["/v3/verified_senders", "/v3/whitelabel/domains"])(
    "answers %s with 401 without a valid key and 403 for a key without the scope",
    async (path) => {
      expect((await call("GET", path)).status).toBe(401);
      expect(await call("GET", path, { key: RESTRICTED_KEY })).toMatchObject({
        status: 403,
        body: { errors: [{ message: "access forbidden", field: null, help: null }] },
      });
    },
  );
});

describe("payload validation", () => {
  it("rejects a body that is not JSON", async () => {
    const res = await call("POST", "/v3/mail/send", { key: KEY, raw: "{not json" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: "Bad Request", field: null, help: null }] });
  });

  it("requires personalizations", async () => {
    const message =
      "The personalizations field is required and must have at least one personalization.";
    await expectInvalid(mail({ personalizations: undefined }), "personalizations", message);
    await expectInvalid(mail({ personalizations: [] }), "personalizations", message);
  });

  it("requires a non-empty to array in each personalization", async () => {
    const message =
      "The to array is required for all personalization objects, and must have at least one email object with a valid email address.";
    await expectInvalid(mail({ personalizations: [{ to: [] }] }), "personalizations.0.to", message);
    const second = [{ to: [{ email: "a@example.com" }] }, { subject: "x" }];
    await expectInvalid(mail({ personalizations: second }), "personalizations.1.to", message);
  });

  it("requires valid recipient addresses", async () => {
    const payload = mail({ personalizations: [{ to: [{ email: "not-an-email" }] }] });
    await expectInvalid(
      payload,
      "personalizations.0.to.0.email",
      "Does not contain a valid address.",
    );
    const cc = mail({
      personalizations: [{ to: [{ email: "a@example.com" }], cc: [{ email: "b@" }] }],
    });
    await expectInvalid(cc, "personalizations.0.cc.0.email", "Does not contain a valid address.");
  });

  it("rejects duplicate recipients within a personalization", async () => {
    const payload = mail({
      personalizations: [{ to: [{ email: "a@example.com" }], bcc: [{ email: "A@example.com" }] }],
    });
    await expectInvalid(
      payload,
      "personalizations.0",
      "Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [a@example.com] in the personalizations.0.bcc field.",
    );
  });

  it("allows 1000 recipients and rejects 1001", async () => {
    const recipients = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ to: [{ email: `user${i}@example.com` }] }));
    expect((await send(mail({ personalizations: recipients(1000) }))).status).toBe(202);
    const res = await send(mail({ personalizations: recipients(1001) }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [
        {
          message:
            "The total number of recipients must be no more than 1000. This includes all recipients defined within the to, cc, and bcc parameters, across each object that you include in the personalizations array.",
          field: "personalizations",
          help: `${HELP}personalizations`,
        },
      ],
    });
  });

  it("requires from.email and checks it", async () => {
    await expectInvalid(
      mail({ from: undefined }),
      "from.email",
      'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}.',
    );
    await expectInvalid(
      mail({ from: { email: "acme lamp" } }),
      "from.email",
      "The from email does not contain a valid address.",
    );
  });

  it("requires a subject unless a template or every personalization provides one", async () => {
    await expectInvalid(
      mail({ subject: undefined }),
      "subject",
      "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
    );
    const perPersonalization = mail({
      subject: undefined,
      personalizations: [{ to: [{ email: "a@example.com" }], subject: "Hi" }],
    });
    expect((await send(perPersonalization)).status).toBe(202);
  });

  it("requires content unless a template_id is given", async () => {
    const message =
      "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.";
    await expectInvalid(mail({ content: undefined }), "content", message);
    await expectInvalid(mail({ content: [] }), "content", message);
  });

  it("requires a non-empty value and type in each content block", async () => {
    await expectInvalid(
      mail({ content: [{ type: "text/plain", value: "" }] }),
      "content.0.value",
      "The content value must be a string at least one character in length.",
    );
    await expectInvalid(
      mail({ content: [{ value: "hello" }] }),
      "content.0.type",
      "The content type must be a string at least one character in length.",
    );
  });

  it("requires text/plain before text/html", async () => {
    await expectInvalid(
      mail({
        content: [
          { type: "text/html", value: "<p>Hi</p>" },
          { type: "text/plain", value: "Hi" },
        ],
      }),
      "content",
      "If present, text/plain and text/html may only be provided in this order: text/plain, then text/html, then any other content.",
    );
    const htmlOnly = mail({ content: [{ type: "text/html", value: "<p>Hi</p>" }] });
    expect((await send(htmlOnly)).status).toBe(202);
  });

  it("checks the template_id format", async () => {
    await expectInvalid(
      mail({ template_id: "d-not-a-template" }),
      "template_id",
      "The template_id must be a valid GUID, you provided 'd-not-a-template'.",
    );
  });

  it("rejects header values with CR or LF", async () => {
    const message =
      "Header values must be strings without carriage return or line feed characters.";
    await expectInvalid(
      mail({ headers: { "X-Test": "a\r\nBcc: evil@example.com" } }),
      "headers",
      message,
    );
    const personalization = { to: [{ email: "a@example.com" }], headers: { "X-Test": "a\nb" } };
    await expectInvalid(
      mail({ personalizations: [personalization] }),
      "personalizations.0.headers",
      message,
    );
  });

  it("checks reply_to", async () => {
    await expectInvalid(
      mail({ reply_to: { email: "nope" } }),
      "reply_to.email",
      "The reply_to email does not contain a valid address.",
    );
  });

  it("reports every problem at once", async () => {
    const res = await send({ personalizations: [], content: [] });
    expect((res.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      "personalizations",
      "from.email",
      "subject",
      "content",
    ]);
  });

  it("accepts dynamic templates and the optional settings without complaint", async () => {
    const res = await send({
      personalizations: [
        { to: [{ email: "bob@example.com" }], dynamic_template_data: { name: "Bob", link: "x" } },
      ],
      from: { email: "no-reply@acme-lamp.example" },
      reply_to: { email: "support@acme-lamp.example" },
      template_id: TEMPLATE_ID,
      categories: ["password-reset"],
      custom_args: { product: "12345" },
      headers: { "X-Entity-Ref-ID": "abc" },
      asm: { group_id: 1 },
      mail_settings: { bypass_list_management: { enable: false } },
      tracking_settings: { click_tracking: { enable: false, enable_text: false } },
    });
    expect(res.status).toBe(202);
    const [stored] = await messages();
    expect(stored).toMatchObject({
      to: ["bob@example.com"],
      subject: null,
      text: null,
      html: null,
      templateId: TEMPLATE_ID,
      dynamicTemplateData: { name: "Bob", link: "x" },
      replyTo: "support@acme-lamp.example",
    });
  });
});

describe("accepted sends and the message store", () => {
  it("answers 202 with an empty body and X-Message-Id, and stores the message", async () => {
    const res = await send(mail());
    expect(res.status).toBe(202);
    expect(res.text).toBe("");
    const id = res.headers.get("x-message-id");
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const list = await messages();
    expect(list).toEqual([
      {
        id,
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        from: "no-reply@acme-lamp.example",
        fromName: "Acme Smart Lamp",
        replyTo: null,
        to: ["alice@example.com"],
        cc: [],
        bcc: [],
        subject: "Reset your password",
        text: "Open http://127.0.0.1:5002/reset#token=abc",
        html: '<p><a href="http://127.0.0.1:5002/reset#token=abc">Reset</a></p>',
        templateId: null,
        dynamicTemplateData: null,
        apiKeyLast4: "abcd",
        payload: mail(),
      },
    ]);
    expect((await call("GET", `/messages/${id}`)).body).toEqual(list[0]);
    expect(JSON.stringify(list)).not.toContain(KEY);
  });

  it("lists newest last, filters by ?to= and clears with DELETE /messages", async () => {
    const to = (email: string) => mail({ personalizations: [{ to: [{ email }] }] });
    await send(to("first@example.com"));
    await send(to("second@example.com"));
    await send(to("First@Example.com"));
    expect((await messages()).map((m) => m.to[0])).toEqual([
      "first@example.com",
      "second@example.com",
      "First@Example.com",
    ]);
    expect(await messages("?to=first%40example.com")).toHaveLength(2);
    expect(await messages("?to=nobody%40example.com")).toEqual([]);

    expect((await call("DELETE", "/messages")).status).toBe(200);
    expect(await messages()).toEqual([]);
  });

  it("answers 404 for an unknown message id", async () => {
    expect((await call("GET", "/messages/nope")).status).toBe(404);
  });

  it("answers 200 in sandbox mode and stores nothing", async () => {
    const res = await send(mail({ mail_settings: { sandbox_mode: { enable: true } } }));
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(res.headers.get("x-message-id")).toBeNull();
    expect(await messages()).toEqual([]);
  });

  it("still validates in sandbox mode", async () => {
    const res = await send(
      mail({ subject: undefined, mail_settings: { sandbox_mode: { enable: true } } }),
    );
    expect(res.status).toBe(400);
  });
});

describe("fault injection", () => {
  it("answers SendGrid-shaped 429 with Retry-After and rate-limit headers", async () => {
    await call("POST", "/__control/faults", {
      json: { path: "^/v3/mail/send$", status: 429, retryAfter: 5, times: 1 },
    });
    const res = await send(mail());
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ errors: [{ field: null, message: "too many requests" }] });
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    expect(await messages()).toEqual([]);
    expect((await send(mail())).status).toBe(202);
  });

  it("answers SendGrid-shaped 500 and 503", async () => {
    await call("POST", "/__control/faults", { json: { status: 500, times: 1 } });
    await call("POST", "/__control/faults", { json: { status: 503, times: 1 } });
    expect(await send(mail())).toMatchObject({
      status: 500,
      body: { errors: [{ field: null, message: "internal error" }] },
    });
    expect(await send(mail())).toMatchObject({
      status: 503,
      body: { errors: [{ field: null, message: "service unavailable" }] },
    });
  });

  it("never faults or records the inbox routes", async () => {
    await call("POST", "/__control/faults", { json: { status: 503 } });
    expect((await call("GET", "/messages")).status).toBe(200);
    expect((await call("GET", "/")).status).toBe(200);
    expect((await send(mail())).status).toBe(503);
    const log = (await call("GET", "/__control/requests")).body as {
      requests: Array<{ path: string; status: number }>;
    };
    expect(log.requests.map((r) => [r.path, r.status])).toEqual([["/v3/mail/send", 503]]);
  });

  it("clears messages on reset", async () => {
    await send(mail());
    await call("POST", "/__control/reset");
    expect(await messages()).toEqual([]);
  });
});

describe("with the real @sendgrid/mail client", () => {
  function mailService(key: string): MailService {
    const client = new Client();
    client.setApiKey(key); // first: setApiKey resets the base URL
    client.setDefaultRequest("baseUrl", `${api.url}/`);
    const service = new MailService();
    service.setClient(client);
    return service;
  }

  it("sends successfully with status 202", async () => {
    const [response] = await mailService(KEY).send({
      to: "carol@example.com",
      from: { email: "no-reply@acme-lamp.example", name: "Acme Smart Lamp" },
      subject: "Your password was changed",
      text: "It was changed.",
      html: "<p>It was changed.</p>",
    });
    expect(response.statusCode).toBe(202);
    expect(response.headers["x-message-id"]).toEqual(expect.any(String));
    const [stored] = await messages("?to=carol%40example.com");
    expect(stored).toMatchObject({
      subject: "Your password was changed",
      text: "It was changed.",
      html: "<p>It was changed.</p>",
    });
  });

  it("sends a dynamic template", async () => {
    const [response] = await mailService(KEY).send({
      to: "dave@example.com",
      from: "no-reply@acme-lamp.example",
      templateId: TEMPLATE_ID,
      dynamicTemplateData: { link: "http://127.0.0.1:5002/reset#token=t" },
    });
    expect(response.statusCode).toBe(202);
    const [stored] = await messages();
    expect(stored.dynamicTemplateData).toEqual({ link: "http://127.0.0.1:5002/reset#token=t" });
  });

  it("rejects with a ResponseError carrying code 401 and errors[]", async () => {
    const message = {
      to: "carol@example.com",
      from: "no-reply@acme.example",
      subject: "x",
      text: "x",
    };
    const error = await mailService("SG.wrong")
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).constructor.name).toBe("ResponseError");
    expect(error).toMatchObject({
      code: 401,
      response: {
        body: {
          errors: [
            {
              message: "The provided authorization grant is invalid, expired, or revoked",
              field: null,
              help: null,
            },
          ],
        },
      },
    });
  });

  it("surfaces validation errors as a ResponseError with code 400", async () => {
    const error = await mailService(KEY)
      .send({ to: "carol@example.com", from: "not an address", subject: "x", text: "x" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 400,
      response: { body: { errors: [expect.objectContaining({ field: "from.email" })] } },
    });
  });
});

describe("web inbox", () => {
  const hostile = "<script>alert(1)</script>";

  it("lists mail newest first and escapes a hostile subject", async () => {
    await send(mail({ subject: "Older message" }));
    await send(mail({ subject: hostile }));
    const res = await call("GET", "/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.text).not.toContain(hostile);
    expect(res.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(res.text.indexOf("&lt;script&gt;")).toBeLessThan(res.text.indexOf("Older message"));
    expect(res.text.match(/<script/g)).toHaveLength(1); // only our own /inbox.js
    expect(res.text).toMatch(/<iframe [^>]*srcdoc="[^"]*"/); // the newest mail is open
  });

  it("sets a strict CSP and no-referrer", async () => {
    const res = await call("GET", "/");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.text).toContain('<script src="/inbox.js" defer></script>');
    const script = await call("GET", "/inbox.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
  });

  it("renders the HTML part escaped in a sandboxed srcdoc iframe, and the text part", async () => {
    const link = '<a href="http://example.com/?a=1&b=2">link</a>';
    const html = `<p onclick="x()">Hi 'there' & ${link}</p>${hostile}`;
    const res = await send(
      mail({
        subject: hostile,
        content: [
          { type: "text/plain", value: `Plain ${hostile}` },
          { type: "text/html", value: html },
        ],
      }),
    );
    expect(res.status).toBe(202);
    await send(mail({ subject: "A later message" }));
    const latest = (await call("GET", "/")).text;
    expect(latest).toContain("<h2>A later message</h2>");

    const id = res.headers.get("x-message-id") as string;
    const page = (await call("GET", `/?id=${encodeURIComponent(id)}`)).text;

    const iframe = /<iframe[^>]*>/.exec(page)?.[0] ?? "";
    expect(iframe).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    const srcdoc = /srcdoc="([^"]*)"/.exec(iframe)?.[1] ?? "";
    const decoded = srcdoc
      .replaceAll("&quot;", '"')
      .replaceAll("&#39;", "'")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&amp;", "&");
    expect(decoded).toBe(`<base target="_blank">${html}`);
    expect(page).toContain(`<pre>Plain &lt;script&gt;alert(1)&lt;/script&gt;</pre>`);
    expect(page).not.toContain(hostile);
  });

  it("shows the template id and dynamic data for template sends", async () => {
    const res = await send(
      mail({
        subject: undefined,
        content: undefined,
        template_id: TEMPLATE_ID,
        personalizations: [
          { to: [{ email: "a@example.com" }], dynamic_template_data: { name: "<b>Eve</b>" } },
        ],
      }),
    );
    const id = res.headers.get("x-message-id") as string;
    const page = (await call("GET", `/?id=${id}`)).text;
    expect(page).toContain(TEMPLATE_ID);
    expect(page).toContain("&quot;name&quot;: &quot;&lt;b&gt;Eve&lt;/b&gt;&quot;");
    expect(page).not.toContain("<b>Eve</b>");
  });

  it("clears the inbox from the Clear button", async () => {
    await send(mail());
    const res = await fetch(`${api.url}/clear`, { method: "POST", redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(await messages()).toEqual([]);
  });
});
