/**
 * Which web pages may call the callable. Firebase's callables allow every origin by default
 * (`cors` defaults to true for onCall: https://firebase.google.com/docs/reference/functions/firebase-functions.https.httpsoptions),
 * so any site could make its visitors' browsers request resets, each from its own address. Here
 * only ALLOWED_ORIGINS may, by default the Hosting site's own origins. Apps send no Origin and
 * are not affected. Done in the guard, before the SDK, because the Functions emulator's
 * `enableCors` debug feature turns any `cors` list into "allow all".
 */
import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import cors from "cors";
import { getConfig, type AppConfig } from "../config/config";

/** ALLOWED_ORIGINS, or the Hosting site's default domains when it is empty. */
export function allowedOrigins(config: Pick<AppConfig, "allowedOrigins">, projectId: string) {
  return (
    config.allowedOrigins ?? [
      `https://${projectId}.web.app`,
      `https://${projectId}.firebaseapp.com`,
    ]
  );
}

export type CorsOutcome = "continue" | "answered" | "refused";

/**
 * Sets the CORS answer for an allowed origin (and answers its preflight); a page of any other
 * origin gets no CORS headers, so the browser stops it at the preflight, and a request that
 * arrives anyway is "refused" for the caller to answer. Requests without Origin continue.
 */
export async function applyCors(req: Request, res: Response): Promise<CorsOutcome> {
  const origin = req.headers.origin;
  if (origin === undefined && req.method !== "OPTIONS") return "continue";
  const allowed = allowedOrigins(getConfig(), process.env.GCLOUD_PROJECT ?? "");
  if (origin !== undefined && !allowed.includes(origin)) {
    if (req.method !== "OPTIONS") return "refused";
    res.status(204).end();
    return "answered";
  }
  const middleware = cors({
    origin: allowed,
    methods: ["POST"],
    maxAge: 3600,
    preflightContinue: true,
  });
  await new Promise<void>((resolve) => middleware(req, res, () => resolve()));
  if (req.method !== "OPTIONS") return "continue";
  res.status(204).end();
  return "answered";
}
