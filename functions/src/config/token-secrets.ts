/**
 * The Particle token secrets the functions declare, read when firebase-tools loads index.ts to
 * learn what each function declares (discovery, at deploy and in the emulator): a function may
 * read only the secrets it declares. Kept free of zod and the config model so that loading
 * index.ts stays small for every cold start; the products file's entries, names included, are
 * validated by `parseProductsFile` in the predeploy step, at `npm start` and at first config use.
 */
import { secretParam } from "./params";
import { readProductsFile } from "./products-file";

/** The shared Particle token; a product may name its own secret instead. */
export const DEFAULT_PARTICLE_SECRET = "PARTICLE_ACCESS_TOKEN";

/** The shared token secret and every product's own, once each, as params for index.ts. */
export function particleTokenSecrets(file: unknown = readProductsFile()) {
  const products = (file as { products?: unknown } | undefined)?.products;
  const names = (Array.isArray(products) ? products : []).flatMap((entry: unknown) => {
    const name = (entry as { PARTICLE_ACCESS_TOKEN_SECRET?: unknown } | null)
      ?.PARTICLE_ACCESS_TOKEN_SECRET;
    return typeof name === "string" ? [name] : [];
  });
  return [...new Set([DEFAULT_PARTICLE_SECRET, ...names])].map(secretParam);
}
