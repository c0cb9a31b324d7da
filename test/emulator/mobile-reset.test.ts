/**
 * The in-app flow of docs/mobile.md, run exactly as written: docs/snippets/mobile-reset.ts through
 * the Firebase JS SDK, connected to the Functions emulator. Request, the mail (the local SendGrid
 * records it), the link handed to the app, verify, complete, and the local Particle server
 * accepting the new password.
 */
import { deleteApp, getApp } from "firebase/app";
import { connectFunctionsEmulator } from "firebase/functions";
import {
  finishReset,
  messageOf,
  nextStep,
  passwordReset,
  startFirebase,
  tokenFromLink,
  type ResetLink,
} from "../../docs/snippets/mobile-reset";
import { format, getMessages } from "../../functions/src/i18n/messages";
import {
  functionsUrl,
  particleLogin,
  projectId,
  resetAll,
  resetLinkFrom,
  tokenFrom,
  waitForMail,
} from "../support/stack";
import { unsignedAppCheckProvider } from "../support/app-check";

const API = getMessages("en").api;
const NEW_PASSWORD = "lamp-glow-at-midnight-42";
const APP_ID = "1:0:web:0";

let reset: ReturnType<typeof passwordReset>;

beforeAll(() => {
  const functions = startFirebase(
    { projectId, apiKey: "demo-api-key", appId: APP_ID },
    unsignedAppCheckProvider(APP_ID),
  );
  const { hostname, port } = new URL(functionsUrl);
  connectFunctionsEmulator(functions, hostname, Number(port));
  reset = passwordReset(functions);
});

// App Check's token refresh would keep jest alive.
afterAll(() => deleteApp(getApp()));
beforeEach(resetAll);

/** Asks the app's customer for a password: these answers, in turn, and what they were told. */
function customerTyping(...passwords: string[]) {
  const asked: Array<{ link: ResetLink; problem?: string }> = [];
  const ask = async (link: ResetLink, problem?: string) => {
    asked.push({ link, problem });
    const next = passwords.shift();
    if (next === undefined) throw new Error("the customer gave up");
    return next;
  };
  return { ask, asked };
}

async function mailedLink(email: string): Promise<string> {
  const [mail] = await waitForMail(email);
  return resetLinkFrom(mail);
}

describe("the mobile guide's JS snippet, against the emulators", () => {
  it("request → mail → link → verify → complete: Particle accepts the new password", async () => {
    const requested = await reset.request({ email: "alice@example.com" });
    expect(requested.data).toEqual({ ok: true, message: API.requestAccepted });

    const link = await mailedLink("alice@example.com");
    expect(tokenFromLink(link)).toBe(tokenFrom(link));

    const customer = customerTyping("password123", NEW_PASSWORD);
    expect(await finishReset(reset, link, customer.ask)).toBe("done");
    const expected: ResetLink = {
      email: "a•••@example.com",
      productName: "Acme Smart Lamp",
      expiresAt: expect.any(String),
      locale: "en",
      passwordPolicy: { minLength: 8, maxLength: 128 },
    };
    // Asked twice: the common password was refused with the server's own words.
    expect(customer.asked).toEqual([
      { link: expect.objectContaining(expected), problem: undefined },
      { link: expect.objectContaining(expected), problem: API.weakPassword },
    ]);

    expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(200);
    expect(await particleLogin("alice@example.com", "correct-horse-battery")).toBe(400);
    // The "password changed" notice follows, as after the web page.
    const [, notice] = await waitForMail("alice@example.com", 2);
    expect(notice.text).not.toMatch(/\/reset#token=/);

    // The same link again: used up, the app asks for a new one.
    const again = customerTyping(NEW_PASSWORD);
    expect(await finishReset(reset, link, again.ask)).toBe("request_new_link");
    expect(again.asked).toEqual([]);
  });

  it("speaks the mail's language in its answers", async () => {
    await reset.request({ email: "bob@example.com", locale: "de" });
    const link = await mailedLink("bob@example.com");
    const customer = customerTyping("short", NEW_PASSWORD);
    expect(await finishReset(reset, link, customer.ask)).toBe("done");
    expect(customer.asked[0].link.locale).toBe("de");
    expect(customer.asked[1].problem).toBe(format(getMessages("de").api.tooShort, { min: 8 }));
  });

  it.each([
    ["no fragment", "https://reset.example/reset"],
    ["no token in it", "https://reset.example/reset#lang=de"],
    ["an empty token", "https://reset.example/reset#token=&lang=de"],
  ])("reads a link with %s as no token", async (_, link) => {
    expect(tokenFromLink(link)).toBeNull();
    expect(await finishReset(reset, link, customerTyping().ask)).toBe("request_new_link");
  });

  it("tells the app what to do from details.code", async () => {
    const invalid = await reset.verify({ token: "A".repeat(43) }).catch((error) => error);
    expect(nextStep(invalid)).toBe("request_new_link");
    expect(messageOf(invalid)).toBe(API.tokenInvalid);

    const malformed = await reset.request({ email: "nope" }).catch((error) => error);
    expect(nextStep(malformed)).toBe("fix_input");
    expect(messageOf(malformed)).toBe("email must be a valid email address");

    for (let i = 0; i < 20; i++) await reset.request({ email: `someone${i}@example.com` });
    const limited = await reset.request({ email: "carol@example.com" }).catch((error) => error);
    expect(nextStep(limited)).toBe("wait");
    expect(limited.details).toEqual({
      code: "rate_limited",
      retryAfterSeconds: expect.any(Number),
    });
    expect(nextStep(new Error("offline"))).toBe("retry_later");
  });
});
