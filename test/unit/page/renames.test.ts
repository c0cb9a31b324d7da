/**
 * The reset page (hosting-src/reset/) takes the contract's names as types, like the functions
 * do (see test/unit/contract/renames.test.ts): each `@ts-expect-error` line must fail to compile
 * (`npm run typecheck`), so renaming an error code or a catalogue key breaks the page's build
 * too. The page's own code is checked by hosting-src/tsconfig.json; this file shows the names it
 * accepts. The runtime half checks reset.html, whose `data-text` keys the compiler cannot see.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ERROR_STATUS } from "../../../functions/src/contract/errors";
import { ENDPOINT_PATHS } from "../../../functions/src/contract/paths";
import { en } from "../../../functions/src/i18n/locales/en";
import type { ApiError, postJson } from "../../../hosting-src/reset/api-client";
import type { text } from "../../../hosting-src/reset/text";

type PageKey = Parameters<typeof text>[0];
type PageErrorCode = ApiError["code"];

describe("the reset page's contract names are checked by the compiler", () => {
  it("message keys", () => {
    const key: PageKey = "usedTitle";
    // @ts-expect-error: not a key of the catalogue's `page` section
    const renamed: PageKey = "usedTitel";
    // @ts-expect-error: an `api` message is not one of the page's strings
    const apiOnly: PageKey = "requestAccepted";
    expect(en.page[key]).toBe("This link was already used");
    expect(Object.hasOwn(en.page, renamed)).toBe(false);
    expect(Object.hasOwn(en.page, apiOnly)).toBe(false);
  });

  it("error codes", () => {
    const code: PageErrorCode = "token_used";
    // @ts-expect-error: not an error code of the contract
    const misspelt: PageErrorCode = "token_usd";
    expect(ERROR_STATUS[code]).toBe(409);
    expect(misspelt in ERROR_STATUS).toBe(false);
  });

  it("endpoints and their bodies", () => {
    // Compiled, never called: a call type-checks its endpoint name and body together.
    const calls = (post: typeof postJson) => [
      post("verify", { token: "t" }),
      // @ts-expect-error: the complete body needs the password
      post("complete", { token: "t" }),
      // @ts-expect-error: page-config is a GET without a body
      post("pageConfig", {}),
    ];
    expect(calls).toBeInstanceOf(Function);
    expect(ENDPOINT_PATHS.complete).toEqual({
      method: "POST",
      path: "/api/password-reset/complete",
    });
  });
});

describe("reset.html", () => {
  const html = readFileSync(path.resolve(__dirname, "../../../hosting/reset.html"), "utf8");
  const keys = [...html.matchAll(/\bdata-text="([^"]*)"/g)].map((match) => match[1]);

  it("names only keys of the catalogue's page strings in data-text", () => {
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key) => !Object.hasOwn(en.page, key))).toEqual([]);
  });

  it("loads the bundled page script and no inline script (the CSP allows none)", () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes]) => attributes.trim())).toEqual([
      'type="module" src="/assets/reset.js"',
    ]);
    expect(scripts.every(([, , body]) => body.trim() === "")).toBe(true);
  });
});
