/**
 * Where the products file is and how it is read: `functions/products.json`, deployed with the
 * functions source (firebase.json's functions.ignore leaves it in). `PRODUCTS_FILE` points
 * elsewhere: the local stack's generated demo file, or a test's.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "./config-error";

/** From lib/config/ (deployed) and src/config/ (tests) alike: functions/products.json. */
export const REPOSITORY_PRODUCTS_FILE = path.join(__dirname, "..", "..", "products.json");

export function productsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PRODUCTS_FILE ? path.resolve(env.PRODUCTS_FILE) : REPOSITORY_PRODUCTS_FILE;
}

/**
 * The parsed file, or undefined when there is none (or it is empty): the params then describe
 * the one product. A file named by PRODUCTS_FILE must exist, so a typo can't drop products.
 */
export function readProductsFile(file = productsFilePath()): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    if (missing && file === REPOSITORY_PRODUCTS_FILE) return undefined;
    throw new ConfigError("PRODUCTS_FILE", `${file} cannot be read (${(error as Error).message})`);
  }
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      "products",
      `file ${file} is not valid JSON (${(error as Error).message})`,
    );
  }
}
