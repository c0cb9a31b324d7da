/**
 * The HTTP contract as an OpenAPI 3.1 document, generated from the same zod schemas the handlers
 * parse with (contract/api.ts), so it cannot drift from the code. Committed as
 * docs/openapi.json (`npm run openapi` rewrites it; a unit test fails when it is stale) and
 * served by the API at `GET /api/openapi.json`. OpenAPI 3.1 schemas are JSON Schema 2020-12,
 * which is what zod's `toJSONSchema` writes: https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import { z } from "zod";
import { APP_CHECK_HEADER, ENDPOINTS, errorBody } from "./api";
import { ERROR_STATUS, type ErrorCode } from "./errors";

type JsonSchema = Record<string, unknown>;

function schema(type: z.ZodType, io: "input" | "output"): JsonSchema {
  // The document declares the dialect once (OpenAPI 3.1's default), not every schema.
  const converted = z.toJSONSchema(type, { io }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });

function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, "internal" as const]) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, shared]) => [
      String(status),
      {
        description: `error.code: ${shared.join(", ")}`,
        content: json("ErrorBody"),
        ...(status === 429 || status === 503
          ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "seconds" } } }
          : {}),
      },
    ]),
  );
}

export function openApiDocument() {
  const schemas: Record<string, JsonSchema> = { ErrorBody: schema(errorBody, "output") };
  const paths: Record<string, unknown> = {};
  for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
    const resultName = `${capitalized(name)}Result`;
    schemas[resultName] = schema(endpoint.result, "output");
    const operation: Record<string, unknown> = {
      operationId: name,
      summary: endpoint.summary,
      responses: {
        "200": { description: "OK", content: json(resultName) },
        ...errorResponses(endpoint.errors),
      },
    };
    if ("body" in endpoint) {
      const bodyName = `${capitalized(name)}Body`;
      schemas[bodyName] = schema(endpoint.body, "input");
      operation.requestBody = { required: true, content: json(bodyName) };
    }
    if ("appCheck" in endpoint) {
      operation.parameters = [
        {
          name: APP_CHECK_HEADER,
          in: "header",
          required: false,
          description: "App Check token; required when the deployment sets ENFORCE_APP_CHECK",
          schema: { type: "string" },
        },
      ];
    }
    if ("query" in endpoint) {
      const query = schema(endpoint.query, "input") as { properties: Record<string, JsonSchema> };
      operation.parameters = Object.entries(query.properties).map(([param, paramSchema]) => ({
        name: param,
        in: "query",
        required: false,
        schema: paramSchema,
      }));
    }
    paths[endpoint.path] = { [endpoint.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Particle password reset",
      version: "1.0.0",
      description:
        "Same-origin JSON API behind Firebase Hosting's /api/** rewrite. Errors are " +
        '{"error": {"code", "message"}} with a stable machine code. Apps use the callable ' +
        "requestPasswordReset (same body and answer) through the Firebase SDK instead.",
    },
    paths,
    components: { schemas },
  };
}
