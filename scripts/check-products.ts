/**
 * `npm run check-products`: the products file, checked before `firebase deploy` uploads anything
 * (firebase.json's functions predeploy) and before `npm start` runs. Each entry's own values and
 * names are checked here; the params' values, which a deploy prompts for, are checked together
 * with them when the functions first load their configuration.
 */
import path from "node:path";
import { ConfigError, parseProductsFile } from "../functions/src/config/config";
import { productsFilePath, readProductsFile } from "../functions/src/config/products-file";

export interface ProductsFileSummary {
  file: string;
  productIds: string[];
  /** Particle token secrets the entries name (PARTICLE_ACCESS_TOKEN is always declared too). */
  secrets: string[];
}

/** Throws ConfigError naming the product and the setting. */
export function checkProductsFile(file = productsFilePath()): ProductsFileSummary {
  const entries = parseProductsFile(readProductsFile(file));
  return {
    file,
    productIds: entries.map((entry) => entry.PARTICLE_PRODUCT_ID),
    secrets: [...new Set(entries.flatMap((entry) => entry.PARTICLE_ACCESS_TOKEN_SECRET ?? []))],
  };
}

function main(): number {
  const file = productsFilePath();
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith("..") ? relative : file;
  try {
    const { productIds, secrets } = checkProductsFile(file);
    const listed = productIds.length
      ? `${productIds.length} product(s) besides the params' own: ${productIds.join(", ")}`
      : "no entries: the params describe the one product";
    const extra = secrets.length ? `; token secrets to set: ${secrets.join(", ")}` : "";
    console.log(`✔ ${shown}: ${listed}${extra}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`✘ ${shown}: ${error.message}`);
    return 1;
  }
}

if (require.main === module) process.exit(main());
