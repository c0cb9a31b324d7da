/**
 * App Check enforcement on `requestPasswordReset`, switched on through the ENFORCE_APP_CHECK param
 * as an operator would. The demo stack runs with it off (the demo page has no App Check
 * provider), so here the deployed function object is served in-process on a local port, with the
 * demo settings and the Firebase debug mode the Functions emulator uses: a token is decoded, not
 * verified, so only its absence can be refused here (verifying needs Google's keys; that is the
 * Admin SDK's job in production). The app's side is the Firebase JS SDK's `httpsCallable`, with
 * App Check's custom provider.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { deleteApp, getApp, initializeApp, type FirebaseApp } from "firebase/app";
import { initializeAppCheck } from "firebase/app-check";
import {
  connectFunctionsEmulator,
  FunctionsError,
  getFunctions,
  httpsCallable,
} from "firebase/functions";
import { demoSettings, stackPorts } from "../../dev/demo-config";
import { REGION } from "../../functions/src/config/region";
import {
  firestoreDocuments,
  hostingUrl,
  particleUrl,
  projectId,
  particleLogin,
  resetAll,
  resetLinkFrom,
  sendgridUrl,
  waitForMail,
} from "../support/stack";
import { failureOf } from "../support/failure";
import { CALLABLES, type CallableName } from "../../functions/src/contract/api";
import {
  finishReset,
  passwordReset,
  startFirebase,
  type ResetLink,
} from "../../docs/snippets/mobile-reset";
import { unsignedAppCheckProvider } from "../support/app-check";

const APP_ID = "1:0:web:0";
const savedEnv = { ...process.env };
let server: Server;
let url: string;
const apps: FirebaseApp[] = [];

function callable(withAppCheck: boolean, name: CallableName = "requestPasswordReset") {
  const app = initializeApp(
    { projectId, apiKey: "demo-api-key", appId: APP_ID },
    `app-check-${apps.length}`,
  );
  apps.push(app);
  if (withAppCheck) {
    initializeAppCheck(app, {
      provider: unsignedAppCheckProvider(APP_ID),
    });
  }
  const functions = getFunctions(app, REGION);
  const { hostname, port } = new URL(url);
  connectFunctionsEmulator(functions, hostname, Number(port));
  return httpsCallable(functions, name);
}

beforeAll(async () => {
  const ports = stackPorts(process.env);
  Object.assign(process.env, {
    ...demoSettings(ports),
    PARTICLE_API_URL: particleUrl,
    SENDGRID_API_URL: sendgridUrl,
    RESET_PAGE_URL: `${hostingUrl}/reset`,
    ENFORCE_APP_CHECK: "true",
    CLOUD_TASKS_EMULATOR_HOST: `127.0.0.1:${ports.emulators.tasks}`,
    FIREBASE_DEBUG_MODE: "true",
    FIREBASE_DEBUG_FEATURES: JSON.stringify({ skipTokenVerification: true }),
  });
  // Loaded only now: firebase-functions reads its debug mode when it is first loaded.
  const deployed = await import("../../functions/src/index");
  const app = express();
  app.use(express.json());
  for (const name of Object.keys(CALLABLES) as CallableName[]) {
    app.post(`/${projectId}/${REGION}/${name}`, (req, res) => deployed[name](req as never, res));
  }
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(apps.map((app) => deleteApp(app)));
  await new Promise((resolve) => server.close(resolve));
  process.env = savedEnv;
});

beforeEach(resetAll);

describe("requestPasswordReset with ENFORCE_APP_CHECK=true", () => {
  it("refuses an app without App Check: unauthenticated, nothing stored, no mail", async () => {
    const error = await failureOf(FunctionsError, () =>
      callable(false)({ email: "alice@example.com" }),
    );
    expect(error.code).toBe("functions/unauthenticated");
    expect(error.message).toMatch(/^Unauthenticated\b/);
    expect(await firestoreDocuments()).toEqual([]);
  });

  it("serves an app that sends its App Check token: the customer gets the mail", async () => {
    const result = await callable(true)({ email: "alice@example.com" });
    expect(result.data).toEqual({ ok: true, message: expect.any(String) });
    const [mail] = await waitForMail("alice@example.com");
    expect(mail.subject).toMatch(/password/i);
  });
});

/** A guessed token sent to each of the two token-checking callables. */
const TOKEN_CHECKS = [
  ["verifyPasswordReset", { token: "A".repeat(43) }],
  ["completePasswordReset", { token: "A".repeat(43), password: "lamp-glow-at-midnight-42" }],
] as const;

describe("verifyPasswordReset and completePasswordReset with ENFORCE_APP_CHECK=true", () => {
  it.each(TOKEN_CHECKS)(
    "%s refuses an app without App Check before any token check: nothing stored",
    async (name, data) => {
      const error = await failureOf(FunctionsError, () => callable(false, name)(data));
      expect(error.code).toBe("functions/unauthenticated");
      // A refused token check would have left the client's failure counter behind.
      expect(await firestoreDocuments()).toEqual([]);
    },
  );

  it.each(TOKEN_CHECKS)(
    "%s serves an app with App Check: the token itself is checked",
    async (name, data) => {
      const error = await failureOf(FunctionsError, () => callable(true, name)(data));
      expect(error.details).toEqual({ code: "token_invalid" });
    },
  );

  it("the mobile guide's snippet, with its App Check setup, finishes a reset", async () => {
    const functions = startFirebase(
      { projectId, apiKey: "demo-api-key", appId: APP_ID },
      unsignedAppCheckProvider(APP_ID),
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
