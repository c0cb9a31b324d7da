/**
 * Only the configured origins' pages may call the callable (ALLOWED_ORIGINS; the demo stack
 * lists its own Hosting origin). Through the real stack: straight to the Functions emulator,
 * whose own CORS layer would allow every origin, and through the Hosting rewrite.
 */
import { getMessages } from "../../../functions/src/i18n/messages";
import {
  callCallable,
  firestoreDocuments,
  hostingUrl,
  functionsUrl,
  resetAll,
} from "../../support/stack";

const FOREIGN = "https://evil.example";

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,x-firebase-appcheck",
    },
  });

beforeEach(resetAll);

describe.each([
  ["straight to the Functions emulator", `${functionsUrl}/requestPasswordReset`, false],
  ["through the Hosting rewrite", `${hostingUrl}/api/callable/requestPasswordReset`, true],
])("the callable %s", (_, url, viaHosting) => {
  it("gives a foreign page's preflight no CORS permission, so the browser sends nothing", async () => {
    const answer = await preflight(url, FOREIGN);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(answer.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("refuses a foreign origin's call that comes anyway: permission-denied, origin_not_allowed, nothing queued", async () => {
    const answer = await callCallable(
      { email: "alice@example.com" },
      { viaHosting, headers: { origin: FOREIGN } },
    );
    expect(answer.status).toBe(403);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(answer.body).toEqual({
      error: {
        status: "PERMISSION_DENIED",
        message: getMessages("en").api.originNotAllowed,
        details: { code: "origin_not_allowed" },
      },
    });
    expect(await firestoreDocuments()).toEqual([]);
  });

  it("lets the Hosting site's own page call it, with exactly its origin allowed", async () => {
    const answer = await preflight(url, hostingUrl);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(hostingUrl);
    expect(answer.headers.get("access-control-allow-methods")).toBe("POST");
    expect(answer.headers.get("access-control-allow-headers")).toBe(
      "content-type,x-firebase-appcheck",
    );
    const call = await callCallable(
      { email: "nobody@example.com" },
      { viaHosting, headers: { origin: hostingUrl } },
    );
    expect(call.status).toBe(200);
    expect(call.headers.get("access-control-allow-origin")).toBe(hostingUrl);
  });

  it("serves apps, which send no Origin, as before", async () => {
    expect((await callCallable({ email: "nobody@example.com" }, { viaHosting })).status).toBe(200);
  });
});
