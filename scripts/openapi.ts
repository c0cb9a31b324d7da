/** `npm run openapi`: writes docs/openapi.json from the contract (functions/src/contract). */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "../functions/src/contract/openapi";

export const OPENAPI_FILE = path.join(__dirname, "..", "docs", "openapi.json");

export const renderOpenApi = () => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

if (require.main === module) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`Wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
