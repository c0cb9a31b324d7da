/**
 * Checks an HTTP answer against docs/openapi.json: the operation's response for that status must
 * exist and its JSON Schema (2020-12, as OpenAPI 3.1 uses) must accept the body. Ajv does the
 * validating; this only finds the schema.
 */
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { OPENAPI_FILE } from "../../scripts/openapi";

interface Operation {
  responses: Record<string, { content?: { "application/json"?: { schema: object } } }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

export function loadOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(OPENAPI_FILE, "utf8")) as OpenApiDocument;
}

export function createValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "openapi", components: doc.components });
  return (method: string, apiPath: string, status: number, body: unknown): string[] => {
    const operation = doc.paths[apiPath]?.[method.toLowerCase()];
    if (!operation) return [`no operation ${method} ${apiPath}`];
    const response = operation.responses[String(status)];
    if (!response) return [`${method} ${apiPath} documents no ${status} response`];
    const schema = response.content?.["application/json"]?.schema as { $ref?: string };
    if (!schema?.$ref) return [`${method} ${apiPath} ${status} has no JSON schema`];
    const validate = ajv.getSchema(`openapi${schema.$ref}`);
    if (!validate) return [`unresolvable ${schema.$ref}`];
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
}
