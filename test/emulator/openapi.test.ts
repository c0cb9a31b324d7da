/**
 * Live answers of the deployed API (through Hosting's rewrite) against docs/openapi.json: every
 * status and body a client can get must be one the document describes.
 */
import { ENDPOINTS } from "../../functions/src/contract/api";
import { OPENAPI_PATH } from "../../functions/src/contract/paths";
import { createValidator, loadOpenApi } from "../support/openapi-validator";
import { api, hostingUrl, requestTokenByMail, readResponse, resetAll } from "../support/stack";

const doc = loadOpenApi();
const check = createValidator(doc);
const { request, verify, complete, pageConfig } = ENDPOINTS;

beforeAll(resetAll);

async function post(path: string, body: unknown, init: RequestInit = {}) {
  return readResponse(
    await fetch(`${hostingUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      ...init,
    }),
  );
}

describe("the API's answers match docs/openapi.json", () => {
  it("serves the committed document at GET /api/openapi.json", async () => {
    const served = await readResponse(await fetch(`${hostingUrl}${OPENAPI_PATH}`));
    expect(served.status).toBe(200);
    expect(served.body).toEqual(doc);
  });

  it.each([
    ["request: accepted", request.path, { email: "alice@example.com" }, 200],
    ["request: invalid email", request.path, { email: "not-an-email" }, 400],
    ["request: unknown field", request.path, { email: "a@example.com", admin: true }, 400],
    ["verify: unknown token", verify.path, { token: "x".repeat(43) }, 400],
    ["verify: no token", verify.path, {}, 400],
    ["complete: unknown token", complete.path, { token: "y".repeat(43), password: "p" }, 400],
  ])("%s", async (_, path, body, status) => {
    const answer = await post(path, body, {
      headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${status}` },
    });
    expect(answer.status).toBe(status);
    expect(check("POST", path, answer.status, answer.body)).toEqual([]);
  });

  it("a whole reset: verify, a weak password, completion, a replay", async () => {
    const token = await requestTokenByMail("bob@example.com");
    const verified = await api("verify", { token });
    expect(check("POST", verify.path, verified.status, verified.body)).toEqual([]);
    expect(verified.status).toBe(200);
    const weak = await api("complete", { token, password: "password" });
    expect(weak.status).toBe(400);
    expect(check("POST", complete.path, weak.status, weak.body)).toEqual([]);
    const done = await api("complete", { token, password: "a-new-long-passphrase" });
    expect(done.status).toBe(200);
    expect(check("POST", complete.path, done.status, done.body)).toEqual([]);
    const replay = await api("complete", { token, password: "a-new-long-passphrase" });
    expect(replay.status).toBe(409);
    expect(check("POST", complete.path, replay.status, replay.body)).toEqual([]);
  });

  it("page config, and the edge's own errors", async () => {
    const config = await readResponse(await fetch(`${hostingUrl}${pageConfig.path}?locale=de`));
    expect(config.status).toBe(200);
    expect(check("GET", pageConfig.path, config.status, config.body)).toEqual([]);

    const wrongMethod = await readResponse(await fetch(`${hostingUrl}${request.path}`));
    expect(wrongMethod.status).toBe(405);
    expect(check("GET", request.path, 405, wrongMethod.body)).toEqual([
      `no operation GET ${request.path}`,
    ]);
    expect(check("POST", request.path, 405, wrongMethod.body)).toEqual([]);

    const text = await post(request.path, "", { headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    expect(check("POST", request.path, text.status, text.body)).toEqual([]);

    const big = await post(verify.path, { token: "z".repeat(20_000) });
    expect(big.status).toBe(413);
    expect(check("POST", verify.path, big.status, big.body)).toEqual([]);
  });
});
