/**
 * The JS snippet in docs/mobile.md is the file the emulator suites run
 * (test/emulator/mobile-reset.test.ts, callable-app-check.test.ts): the guide must show it
 * verbatim, and every snippet must name the callables and the region the backend deploys.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REGION } from "../../../functions/src/config/region";
import { CALLABLES } from "../../../functions/src/contract/api";

const ROOT = join(__dirname, "..", "..", "..");
const guide = readFileSync(join(ROOT, "docs", "mobile.md"), "utf8");
const snippet = readFileSync(join(ROOT, "docs", "snippets", "mobile-reset.ts"), "utf8");

/** The guide's fenced code blocks in one language. */
const blocks = (language: string) =>
  [...guide.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

describe("docs/mobile.md", () => {
  it("shows docs/snippets/mobile-reset.ts verbatim", () => {
    expect(blocks("ts")).toContain(snippet);
  });

  it.each(["swift", "kotlin", "dart", "ts"])(
    "its %s snippet calls all three callables in the backend's region",
    (language) => {
      const code = blocks(language).join("\n");
      for (const name of Object.keys(CALLABLES)) expect(code).toContain(`"${name}"`);
      expect(code).toContain(`"${REGION}"`);
    },
  );

  it.each(["swift", "kotlin", "dart", "ts"])(
    "its %s snippet handles errors by details.code and reads the token from the fragment",
    (language) => {
      const code = blocks(language).join("\n");
      for (const code_ of ["weak_password", "token_expired", "token_used", "rate_limited"]) {
        expect(code).toContain(code_);
      }
      expect(code).toContain("token");
      expect(code).toMatch(/#/);
    },
  );
});
