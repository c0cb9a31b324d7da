/**
 * A local stand-in for Have I Been Pwned's Pwned Passwords range API, after its documentation
 * (https://haveibeenpwned.com/API/v3#PwnedPasswords, "Searching by range"):
 * - `GET /range/{first 5 hex characters of the SHA-1}` (not case-sensitive) answers 200 with
 *   `SUFFIX:COUNT` lines, one per breached hash with that prefix (35 upper-case hex characters);
 *   every prefix answers 200, none 404;
 * - with the `Add-Padding: true` header the answer is padded with random suffixes whose count is
 *   0, to 800-1,000 lines, so its size doesn't tell which prefix was asked for;
 * - a prefix that is not five hex characters gets 400.
 * Its breached list is a small demo one (below); requests are recorded by the control API, so a
 * test can show that only the five characters leave the backend.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { startStandIn, type ListenOptions, type Reply, type RunningServer } from "./stand-in";

/** Passwords the demo treats as breached: long and uncommon enough to pass the local policy. */
export const DEMO_BREACHED_PASSWORDS: Readonly<Record<string, number>> = {
  "correct horse battery staple": 1_832,
  "Tr0ub4dor&3": 97,
  "acme-lamp-2024!": 3,
};

const sha1 = (value: string) =>
  createHash("sha1").update(value, "utf8").digest("hex").toUpperCase();

function errorReply(status: number): Reply {
  // The real API answers errors as plain text; the stand-in's base sends JSON, which our client
  // never reads (any non-200 is "check unavailable").
  return { status, body: { error: status === 400 ? "invalid hash prefix" : "error" } };
}

export function startPwnedPasswordsApi(
  options: ListenOptions & { breached?: Readonly<Record<string, number>> } = {},
): Promise<RunningServer> {
  const breached = Object.entries(options.breached ?? DEMO_BREACHED_PASSWORDS).map(
    ([password, count]) => ({ hash: sha1(password), count }),
  );
  return startStandIn(
    {
      api(router) {
        router.get("/range/:prefix", (req, res) => {
          const prefix = req.params.prefix.toUpperCase();
          if (!/^[0-9A-F]{5}$/.test(prefix)) return void res.status(400).type("text").send("");
          const lines = breached
            .filter(({ hash }) => hash.startsWith(prefix))
            .map(({ hash, count }) => `${hash.slice(5)}:${count}`);
          if (req.headers["add-padding"] === "true") {
            const target = randomInt(800, 1001);
            while (lines.length < target) {
              lines.push(`${randomBytes(18).toString("hex").slice(0, 35).toUpperCase()}:0`);
            }
            lines.sort();
          }
          res.status(200).type("text/plain").send(lines.join("\r\n"));
        });
      },
      errorReply,
      reset: () => undefined,
    },
    options,
  );
}
