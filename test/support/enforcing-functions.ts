/**
 * The deployed function objects (functions/src/index.ts) served in-process on a local port with
 * the demo settings, ENFORCE_APP_CHECK=true and the environment the Functions emulator gives them
 * (its debug mode, in which the SDK only decodes App Check tokens), so the App Check checks seen
 * are the backend's own: tokens are verified against the key set of the stack's App Check
 * stand-in (dev/app-check-api.ts), as the Admin SDK verifies Google's when deployed. They share
 * the stack's Firestore and stand-ins. Routes: `/api/**` (the JSON API) and the callables at the
 * Functions emulator's paths (`/<project>/<region>/<name>`).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { demoSettings, stackPorts } from "../../dev/demo-config";
import { REGION } from "../../functions/src/config/region";
import { CALLABLES, type CallableName } from "../../functions/src/contract/api";
import { hostingUrl, particleUrl, projectId, pwnedPasswordsUrl, sendgridUrl } from "./stack";

export interface EnforcingFunctions {
  url: string;
  /** Stops the server and restores the environment. */
  close(): Promise<void>;
}

export async function serveEnforcingFunctions(): Promise<EnforcingFunctions> {
  const savedEnv = { ...process.env };
  const ports = stackPorts(process.env);
  Object.assign(process.env, {
    ...demoSettings(ports),
    PARTICLE_API_URL: particleUrl,
    SENDGRID_API_URL: sendgridUrl,
    PWNED_PASSWORDS_API_URL: pwnedPasswordsUrl,
    RESET_PAGE_URL: `${hostingUrl}/reset`,
    ENFORCE_APP_CHECK: "true",
    APP_CHECK_EMULATOR_JWKS_URL: `${process.env.STACK_APP_CHECK_URL ?? ""}/v1/jwks`,
    CLOUD_TASKS_EMULATOR_HOST: `127.0.0.1:${ports.emulators.tasks}`,
    // What the Functions emulator sets for every function it runs.
    FUNCTIONS_EMULATOR: "true",
    FIREBASE_DEBUG_MODE: "true",
    FIREBASE_DEBUG_FEATURES: JSON.stringify({ skipTokenVerification: true, enableCors: true }),
  });
  // Loaded only now: firebase-functions reads its debug mode when it is first loaded.
  const deployed = await import("../../functions/src/index");
  const app = express();
  app.use(
    express.json({
      verify: (req, _res, raw) => Object.assign(req, { rawBody: raw }),
    }),
  );
  for (const name of Object.keys(CALLABLES) as CallableName[]) {
    app.post(`/${projectId}/${REGION}/${name}`, (req, res) => deployed[name](req as never, res));
  }
  app.use("/api", (req, res) => {
    Object.assign(req, { url: req.originalUrl });
    return deployed.api(req as never, res);
  });
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      process.env = savedEnv;
    },
  };
}
