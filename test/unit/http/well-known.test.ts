/**
 * The `appLinks` function's handler over real HTTP, with settings the demo stack doesn't use:
 * no apps (both files 404, so nothing claims the links), one platform only, and a reset page
 * under another path. test/emulator/app-links.test.ts fetches the files through Hosting.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { parseConfig, type AppConfig } from "../../../functions/src/config/config";
import { APP_LINK_FILES } from "../../../functions/src/contract/paths";
import { createWellKnownHandler } from "../../../functions/src/http/well-known";
import { getMessages } from "../../../functions/src/i18n/messages";
import { demoSettings, stackPorts } from "../../../dev/demo-config";

const NO_APPS = {
  APPLE_TEAM_ID: "",
  APPLE_BUNDLE_IDS: "",
  ANDROID_PACKAGE_NAMES: "",
  ANDROID_SHA256_FINGERPRINTS: "",
};

let config: AppConfig;
let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(createWellKnownHandler(() => config) as never);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const configure = (overrides: Record<string, string>) => {
  config = parseConfig({ ...demoSettings(stackPorts({})), ...overrides });
};
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { redirect: "manual", headers });

describe("association files", () => {
  it.each(Object.values(APP_LINK_FILES))(
    "%s is a JSON 404, never cached, when no app is configured",
    async (path) => {
      configure(NO_APPS);
      const response = await get(path, { "accept-language": "de" });
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({
        error: { code: "not_found", message: getMessages("de").api.notFound },
      });
    },
  );

  it("serves Apple's file and a 404 for Android's when only iOS apps are configured", async () => {
    configure({ ...NO_APPS, APPLE_TEAM_ID: "ABCDE12345", APPLE_BUNDLE_IDS: "com.a.b,com.a.c" });
    const apple = await get(APP_LINK_FILES.apple);
    expect(apple.status).toBe(200);
    expect(apple.headers.get("content-type")).toBe("application/json");
    expect(apple.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await apple.json()).toEqual({
      applinks: {
        details: [
          {
            appIDs: ["ABCDE12345.com.a.b", "ABCDE12345.com.a.c"],
            components: [{ "/": "/reset", comment: "Password reset links only" }],
          },
        ],
      },
    });
    expect((await get(APP_LINK_FILES.android)).status).toBe(404);
  });

  it("claims the configured page's path, whatever it is", async () => {
    configure({ RESET_PAGE_URL: "https://account.example.com/lamp/reset-password" });
    const apple = await (await get(APP_LINK_FILES.apple)).json();
    expect(apple.applinks.details[0].components[0]["/"]).toBe("/lamp/reset-password");
    const android = await (await get(APP_LINK_FILES.android)).json();
    expect(android[0].relation_extensions).toEqual({
      "delegate_permission/common.handle_all_urls": {
        dynamic_app_link_components: [{ "/": "/lamp/reset-password" }],
      },
    });
  });

  it("is a 404 for any other path", async () => {
    configure({});
    expect((await get("/.well-known/openid-configuration")).status).toBe(404);
  });
});
