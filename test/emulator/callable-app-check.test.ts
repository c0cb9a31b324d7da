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
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { CustomProvider, initializeAppCheck } from "firebase/app-check";
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
  resetAll,
  sendgridUrl,
  waitForMail,
} from "../support/stack";
import { failureOf } from "../support/failure";

/** An unsigned App Check token for the demo app, as the debug mode accepts it. */
function appCheckToken(appId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "none", typ: "JWT" })}.${part({ sub: appId, iat: now, exp: now + 3600 })}.`;
}

const APP_ID = "1:0:web:0";
const savedEnv = { ...process.env };
let server: Server;
let url: string;
const apps: FirebaseApp[] = [];

function callable(withAppCheck: boolean) {
  const app = initializeApp(
    { projectId, apiKey: "demo-api-key", appId: APP_ID },
    `app-check-${apps.length}`,
  );
  apps.push(app);
  if (withAppCheck) {
    initializeAppCheck(app, {
      provider: new CustomProvider({
        getToken: async () => ({
          token: appCheckToken(APP_ID),
          expireTimeMillis: Date.now() + 3_600_000,
        }),
      }),
    });
  }
  const functions = getFunctions(app, REGION);
  const { hostname, port } = new URL(url);
  connectFunctionsEmulator(functions, hostname, Number(port));
  return httpsCallable(functions, "requestPasswordReset");
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
  const { requestPasswordReset } = await import("../../functions/src/index");
  const app = express();
  app.use(express.json());
  app.post(`/${projectId}/${REGION}/requestPasswordReset`, (req, res) =>
    requestPasswordReset(req as never, res),
  );
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
