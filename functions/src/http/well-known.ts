/**
 * Serves the association files (contract/api.ts APP_LINK_FILES) behind their Hosting rewrites:
 * `application/json` with a 200 and no redirect, as Apple and Google ask
 * (https://developer.apple.com/documentation/xcode/supporting-associated-domains,
 * https://developer.android.com/training/app-links/troubleshoot: "served over HTTPS without
 * redirects"); 404 when no app is configured, so nothing claims the links.
 */
import type { Request } from "firebase-functions/v2/https";
import type { Response } from "express";
import type { AppConfig } from "../config/config";
import { APP_LINK_FILES } from "../contract/paths";
import { ResetError } from "../errors";
import { appleAppSiteAssociation, assetLinks } from "../handlers/association-files";
import { errorBody, httpStatus, requestLanguages, toResetError } from "./error-response";

const FILES: Record<string, (config: AppConfig) => object | null> = {
  [APP_LINK_FILES.apple]: appleAppSiteAssociation,
  [APP_LINK_FILES.android]: assetLinks,
};

export function createWellKnownHandler(config: () => AppConfig) {
  return (req: Request, res: Response): void => {
    res.removeHeader("X-Powered-By");
    res.set("X-Content-Type-Options", "nosniff");
    try {
      const file = FILES[req.path];
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.set("Allow", "GET");
        throw new ResetError("method_not_allowed", "methodNotAllowed", {
          params: { method: "GET" },
        });
      }
      const document = file?.(config()) ?? null;
      if (document === null) throw new ResetError("not_found", "notFound");
      // A few minutes in caches: a changed app list shows soon, and the CDNs fetch rarely.
      res.set("Cache-Control", "public, max-age=300");
      // Node's own setter and a Buffer: Express would append "; charset=utf-8" to the type.
      res.setHeader("Content-Type", "application/json");
      res.status(200).send(Buffer.from(JSON.stringify(document)));
    } catch (error) {
      const known = toResetError(error, "appLinks");
      res.set("Cache-Control", "no-store");
      res.status(httpStatus(known.code)).json(errorBody(known, requestLanguages(req)));
    }
  };
}
