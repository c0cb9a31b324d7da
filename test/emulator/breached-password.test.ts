/**
 * The breached-password check (BREACHED_PASSWORD_CHECK=on in the demo stack) against the local
 * Pwned Passwords stand-in (dev/pwned-passwords-api.ts), through the Hosting rewrite.
 */
import { createHash } from "node:crypto";
import { DEMO_BREACHED_PASSWORDS } from "../../dev/pwned-passwords-api";
import { getMessages } from "../../functions/src/i18n/messages";
import {
  api,
  injectFault,
  logMark,
  particleLogin,
  recordedRequests,
  requestTokenByMail,
  resetAll,
  waitForLog,
} from "../support/stack";

const [BREACHED, ALSO_BREACHED] = Object.keys(DEMO_BREACHED_PASSWORDS);
const GOOD_PASSWORD = "lamp-glow-at-midnight-42";
const sha1 = (value: string) => createHash("sha1").update(value).digest("hex").toUpperCase();

beforeEach(resetAll);

describe("POST /api/password-reset/complete with the breached-password check on", () => {
  it("refuses a breached password with weak_password and its own message, keeps the link, and sends only five hex characters", async () => {
    const token = await requestTokenByMail("alice@example.com", "de");
    const refused = await api("complete", { token, password: BREACHED });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: { code: "weak_password", message: getMessages("de").api.breachedPassword },
    });
    expect(await particleLogin("alice@example.com", BREACHED)).toBe(400);

    const [asked] = await recordedRequests("pwnedPasswords");
    expect(asked.method).toBe("GET");
    expect(asked.path).toBe(`/range/${sha1(BREACHED).slice(0, 5)}`);
    expect(asked.headers["add-padding"]).toBe("true");
    const sent = JSON.stringify(asked);
    expect(sent).not.toContain(sha1(BREACHED).slice(5, 10));
    expect(sent).not.toContain(BREACHED);

    // The same link still works with a password nobody has leaked.
    expect((await api("complete", { token, password: GOOD_PASSWORD })).status).toBe(200);
    expect(await particleLogin("alice@example.com", GOOD_PASSWORD)).toBe(200);
  });

  it.each([
    ["drops the connection", { drop: true }, "unreachable"],
    ["answers 503", { status: 503 }, "status_503"],
  ])(
    "fails open when the service %s: the password is accepted and password.breach_check_failed logged",
    async (_, fault, reason) => {
      const token = await requestTokenByMail("bob@example.com");
      await injectFault("pwnedPasswords", { path: "^/range/", ...fault });
      const mark = logMark();
      const done = await api("complete", { token, password: ALSO_BREACHED });
      expect(done.status).toBe(200);
      expect(await particleLogin("bob@example.com", ALSO_BREACHED)).toBe(200);
      const [event] = await waitForLog(mark, "password.breach_check_failed");
      expect(event).toMatchObject({ severity: "WARNING", reason });
    },
  );
});
