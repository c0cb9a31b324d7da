/**
 * App Check enforcement (ENFORCE_APP_CHECK=true) on every entry that can send a mail or check a
 * token: the callable and POST request / verify / complete, against the deployed function objects
 * served in-process with enforcement on (test/support/enforcing-functions.ts), so the checks
 * shown here are the backend's own: tokens are verified against the key set of the stack's App
 * Check stand-in (dev/app-check-api.ts), as the Admin SDK verifies Google's when deployed.
 * Tokens come from that stand-in's debug-token exchange, as the demo page gets them; the app's
 * side of the callable is the Firebase JS SDK with App Check set up.
 */
import { deleteApp, getApp, initializeApp, type FirebaseApp } from "firebase/app";
import { initializeAppCheck } from "firebase/app-check";
import {
  connectFunctionsEmulator,
  FunctionsError,
  getFunctions,
  httpsCallable,
} from "firebase/functions";
import { DEMO_APP_CHECK } from "../../../dev/demo-config";
import { REGION } from "../../../functions/src/config/region";
import type { CallableName } from "../../../functions/src/contract/api";
import {
  finishReset,
  passwordReset,
  startFirebase,
  type ResetLink,
} from "../../../docs/snippets/mobile-reset";
import { getMessages } from "../../../functions/src/i18n/messages";
import {
  serveEnforcingFunctions,
  type EnforcingFunctions,
} from "../../support/enforcing-functions";
import { appCheckProvider, unsignedAppCheckToken } from "../../support/app-check";
import { failureOf } from "../../support/failure";
import {
  firestoreDocuments,
  particleLogin,
  projectId,
  readResponse,
  resetAll,
  resetLinkFrom,
  tokenFrom,
  waitForMail,
} from "../../support/stack";

const appCheckUrl = process.env.STACK_APP_CHECK_URL ?? "";
const UNAUTHENTICATED = {
  error: { code: "unauthenticated", message: getMessages("en").api.appCheckRequired },
};

/** A token from the stand-in's debug exchange, for the demo app or another debug token. */
async function exchange(debugToken: string = DEMO_APP_CHECK.debugToken): Promise<Response> {
  const url = `${appCheckUrl}/v1/projects/${projectId}/apps/${DEMO_APP_CHECK.appId}:exchangeDebugToken`;
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ debug_token: debugToken }),
  });
}
const validToken = async () => ((await (await exchange()).json()) as { token: string }).token;

/** What the Functions emulator's debug mode accepts: decoded, not verified. */
const unsignedToken = () =>
  unsignedAppCheckToken(DEMO_APP_CHECK.appId, {
    iss: "https://firebaseappcheck.googleapis.com/0",
    aud: [`projects/${projectId}`],
  });

/** A valid token's header and claims with a signature of another key: a forgery. */
async function tamperedToken(): Promise<string> {
  const [head, body] = (await validToken()).split(".");
  const claims = JSON.parse(Buffer.from(body, "base64url").toString());
  const other = Buffer.from(JSON.stringify({ ...claims, sub: "1:0:web:attacker" }));
  return `${head}.${other.toString("base64url")}.${"A".repeat(342)}`;
}

let enforcing: EnforcingFunctions;
let url: string;
const apps: FirebaseApp[] = [];

function callable(token?: () => Promise<string>, name: CallableName = "requestPasswordReset") {
  const app = initializeApp(
    { projectId, apiKey: "demo-api-key", appId: DEMO_APP_CHECK.appId },
    `app-check-${apps.length}`,
  );
  apps.push(app);
  if (token) {
    initializeAppCheck(app, { provider: appCheckProvider(token) });
  }
  const functions = getFunctions(app, REGION);
  const { hostname, port } = new URL(url);
  connectFunctionsEmulator(functions, hostname, Number(port));
  return httpsCallable(functions, name);
}

async function post(path: string, body: unknown, appCheck?: string) {
  const response = await fetch(`${url}/api/password-reset/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(appCheck === undefined ? {} : { "x-firebase-appcheck": appCheck }),
    },
    body: JSON.stringify(body),
  });
  return readResponse(response);
}

beforeAll(async () => {
  enforcing = await serveEnforcingFunctions();
  url = enforcing.url;
});

afterAll(async () => {
  await Promise.all(apps.map((app) => deleteApp(app)));
  await enforcing.close();
});

beforeEach(resetAll);

describe("the App Check stand-in's debug-token exchange", () => {
  it("answers a registered debug token with a token and its ttl, and refuses any other", async () => {
    const answer = await exchange();
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ token: expect.any(String), ttl: "3600s" });
    const refused = await exchange("not-registered");
    expect(refused.status).toBe(403);
  });
});

describe("requestPasswordReset with ENFORCE_APP_CHECK=true", () => {
  it("refuses an app without App Check: unauthenticated, nothing stored", async () => {
    const error = await failureOf(FunctionsError, () => callable()({ email: "alice@example.com" }));
    expect(error.code).toBe("functions/unauthenticated");
    expect(await firestoreDocuments()).toEqual([]);
  });

  it.each([
    ["an unsigned token (the emulator's SDK alone would take it)", async () => unsignedToken()],
    ["a token signed by another key", tamperedToken],
  ])("refuses %s with unauthenticated and its message, nothing stored", async (_, token) => {
    const error = await failureOf(FunctionsError, () =>
      callable(token)({ email: "alice@example.com" }),
    );
    expect(error.code).toBe("functions/unauthenticated");
    // The JS SDK appends the HTTP status to the server's message.
    expect(error.message).toBe(`${UNAUTHENTICATED.error.message} [401]`);
    expect(error.details).toEqual({ code: "unauthenticated" });
    expect(await firestoreDocuments()).toEqual([]);
  });

  it("serves an app that sends a token from the debug exchange: the customer gets the mail", async () => {
    const result = await callable(validToken)({ email: "alice@example.com" });
    expect(result.data).toEqual({ ok: true, message: expect.any(String) });
    const [mail] = await waitForMail("alice@example.com");
    expect(mail.subject).toMatch(/password/i);
  });
});

describe("POST /api/password-reset/* with ENFORCE_APP_CHECK=true", () => {
  const bodies = {
    request: { email: "alice@example.com" },
    verify: { token: "A".repeat(43) },
    complete: { token: "A".repeat(43), password: "lamp-glow-at-midnight-42" },
  };

  it.each(Object.entries(bodies))(
    "%s without X-Firebase-AppCheck, with an unsigned or a forged one: 401 unauthenticated, nothing stored",
    async (path, body) => {
      for (const header of [undefined, "", unsignedToken(), await tamperedToken()]) {
        const answer = await post(path, body, header);
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual(UNAUTHENTICATED);
      }
      expect(await firestoreDocuments()).toEqual([]);
    },
  );

  it("request, verify and complete with a valid token work end to end", async () => {
    const token = await validToken();
    expect((await post("request", { email: "bob@example.com" }, token)).status).toBe(200);
    const [mail] = await waitForMail("bob@example.com");
    const link = tokenFrom(resetLinkFrom(mail));
    expect((await post("verify", { token: link }, token)).status).toBe(200);
    const done = await post(
      "complete",
      { token: link, password: "lamp-glow-at-midnight-42" },
      token,
    );
    expect(done.status).toBe(200);
  });
});

/** A guessed token sent to each of the two token-checking callables. */
const TOKEN_CHECKS = [
  ["verifyPasswordReset", { token: "A".repeat(43) }],
  ["completePasswordReset", { token: "A".repeat(43), password: "lamp-glow-at-midnight-42" }],
] as const;

describe("verifyPasswordReset and completePasswordReset with ENFORCE_APP_CHECK=true", () => {
  it.each(TOKEN_CHECKS)(
    "%s refuses an app without App Check or with a forged token, before any token check",
    async (name, data) => {
      // Without a token the SDK refuses (enforceAppCheck); a forged one is refused by our check.
      const missing = await failureOf(FunctionsError, () => callable(undefined, name)(data));
      expect(missing.code).toBe("functions/unauthenticated");
      const forged = await failureOf(FunctionsError, () => callable(tamperedToken, name)(data));
      expect(forged.code).toBe("functions/unauthenticated");
      expect(forged.details).toEqual({ code: "unauthenticated" });
      // A refused token check would have left the client's failure counter behind.
      expect(await firestoreDocuments()).toEqual([]);
    },
  );

  it.each(TOKEN_CHECKS)(
    "%s serves an app with a valid token: the reset token itself is checked",
    async (name, data) => {
      const error = await failureOf(FunctionsError, () => callable(validToken, name)(data));
      expect(error.details).toEqual({ code: "token_invalid" });
    },
  );

  it("the mobile guide's snippet, with its App Check setup, finishes a reset", async () => {
    const functions = startFirebase(
      { projectId, apiKey: "demo-api-key", appId: DEMO_APP_CHECK.appId },
      appCheckProvider(validToken),
    );
    const { hostname, port } = new URL(url);
    connectFunctionsEmulator(functions, hostname, Number(port));
    apps.push(getApp()); // deleted after the suite, with the others
    const reset = passwordReset(functions);

    await reset.request({ email: "carol@example.com" });
    const [mail] = await waitForMail("carol@example.com");
    const seen: ResetLink[] = [];
    const ask = async (link: ResetLink) => {
      seen.push(link);
      return "lamp-glow-at-midnight-42";
    };
    expect(await finishReset(reset, resetLinkFrom(mail), ask)).toBe("done");
    expect(seen.map((link) => link.email)).toEqual(["c•••@example.com"]);
    expect(await particleLogin("carol@example.com", "lamp-glow-at-midnight-42")).toBe(200);
    // This process logs the completion, not the stack: wait for the notice here.
    await waitForMail("carol@example.com", 2);
  });
});
