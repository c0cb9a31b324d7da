/**
 * `firebase deploy` runs firebase.json's functions predeploy commands before it uploads
 * anything, and stops at the first that fails. They are run here the way firebase-tools runs
 * them (lib/deploy/lifecycleHooks.js: a shell, cwd the project folder, PROJECT_DIR and
 * RESOURCE_DIR set): a bad products file must stop the deploy there, naming product and setting.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import firebaseJson from "../../../firebase.json";
import { demoProducts, stackPorts } from "../../../dev/demo-config";

const ROOT = join(__dirname, "..", "..", "..");
const [functionsConfig] = firebaseJson.functions;
const [checkCommand] = functionsConfig.predeploy;

function runPredeployCheck(env: Record<string, string> = {}) {
  const result = spawnSync(checkCommand, {
    shell: true,
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      GCLOUD_PROJECT: "demo-deploy",
      PROJECT_DIR: ROOT,
      RESOURCE_DIR: join(ROOT, functionsConfig.source),
      PRODUCTS_FILE: "",
      ...env,
    },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "predeploy-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("functions predeploy", () => {
  it("checks the products file first, before the build and the upload", () => {
    expect(checkCommand).toBe('npm --prefix "$PROJECT_DIR" run check-products');
    expect(functionsConfig.predeploy.at(-1)).toBe('npm --prefix "$RESOURCE_DIR" run build');
  });

  it("passes the repository's products file", () => {
    const { status, out } = runPredeployCheck();
    expect(out).toContain("✔ functions/products.json: ");
    expect(status).toBe(0);
  }, 60_000);

  it("stops the deploy on a bad entry, naming the product and the setting", () => {
    const products = demoProducts(stackPorts({}));
    products.products[1].BRAND_PRIMARY_COLOR = "orange";
    const file = join(dir, "products.json");
    writeFileSync(file, JSON.stringify(products));
    const { status, out } = runPredeployCheck({ PRODUCTS_FILE: file });
    expect(out).toContain(
      `✘ ${file}: Invalid configuration: products[67890].BRAND_PRIMARY_COLOR must be a hex colour like #00AEEF`,
    );
    expect(status).not.toBe(0);
  }, 60_000);
});
