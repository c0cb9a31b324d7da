import { ENDPOINTS } from "../../../functions/src/contract/api";
import { ERROR_STATUS } from "../../../functions/src/contract/errors";
import { openApiDocument } from "../../../functions/src/contract/openapi";
import { createValidator, loadOpenApi } from "../../support/openapi-validator";

describe("docs/openapi.json", () => {
  it("is what the contract generates (run `npm run openapi` after changing contract/api.ts)", () => {
    expect(loadOpenApi()).toEqual(openApiDocument());
  });

  it("documents every endpoint with its result and the error statuses its codes map to", () => {
    const doc = loadOpenApi();
    for (const endpoint of Object.values(ENDPOINTS)) {
      const operation = doc.paths[endpoint.path][endpoint.method.toLowerCase()];
      const statuses = Object.keys(operation.responses).sort();
      const expected = new Set([
        "200",
        ...[...endpoint.errors, "internal" as const].map((code) => String(ERROR_STATUS[code])),
      ]);
      expect(statuses).toEqual([...expected].sort());
    }
  });

  it("has schemas that accept the contract's answers and refuse other shapes", () => {
    const check = createValidator(loadOpenApi());
    const verify = ENDPOINTS.verify.path;
    const valid = {
      email: "a•••@example.com",
      productId: "12345",
      productName: "Acme Smart Lamp",
      expiresAt: "2026-12-01T12:30:00.000Z",
      locale: "en",
      passwordPolicy: { minLength: 8, maxLength: 128 },
    };
    expect(check("POST", verify, 200, valid)).toEqual([]);
    expect(check("POST", verify, 200, { ...valid, extra: 1 })).toEqual([
      "/ must NOT have additional properties",
    ]);
    expect(check("POST", verify, 410, { error: { code: "token_expired", message: "x" } })).toEqual(
      [],
    );
    expect(check("POST", verify, 410, { error: { code: "gone", message: "x" } })).toEqual([
      "/error/code must be equal to one of the allowed values",
    ]);
    expect(check("POST", verify, 503, {})).toEqual([`POST ${verify} documents no 503 response`]);
  });
});
