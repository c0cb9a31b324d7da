/** The local Pwned Passwords stand-in follows the range API's documented answers. */
import { createHash } from "node:crypto";
import { DEMO_BREACHED_PASSWORDS, startPwnedPasswordsApi } from "../../dev/pwned-passwords-api";
import type { RunningServer } from "../../dev/stand-in";

let api: RunningServer;
beforeAll(async () => (api = await startPwnedPasswordsApi()));
afterAll(() => api.close());

const [BREACHED] = Object.keys(DEMO_BREACHED_PASSWORDS);
const hash = createHash("sha1").update(BREACHED).digest("hex").toUpperCase();
const lines = async (prefix: string, padding: boolean) => {
  const response = await fetch(`${api.url}/range/${prefix}`, {
    headers: padding ? { "Add-Padding": "true" } : {},
  });
  return { status: response.status, lines: (await response.text()).split("\r\n").filter(Boolean) };
};

describe("Pwned Passwords stand-in", () => {
  it("lists the breached suffix with its count, case-insensitively in the prefix", async () => {
    const answer = await lines(hash.slice(0, 5).toLowerCase(), false);
    expect(answer).toEqual({
      status: 200,
      lines: [`${hash.slice(5)}:${DEMO_BREACHED_PASSWORDS[BREACHED]}`],
    });
  });

  it("pads to 800-1,000 lines with count-0 suffixes when asked, and answers 200 for every prefix", async () => {
    const padded = await lines("00000", true);
    expect(padded.status).toBe(200);
    expect(padded.lines.length).toBeGreaterThanOrEqual(800);
    expect(padded.lines.length).toBeLessThanOrEqual(1000);
    expect(padded.lines.every((line) => /^[0-9A-F]{35}:0$/.test(line))).toBe(true);
  });

  it("refuses a prefix that is not five hex characters with 400", async () => {
    expect((await lines("5BAA", false)).status).toBe(400);
    expect((await lines("5BAAG", false)).status).toBe(400);
  });
});
