/** What the page knows while it runs: the link it was opened with and the loaded configuration. */
import type { PageConfig } from "../../functions/src/contract/api";

/** The reset link's fragment: `#token=…&lang=…&product=…`. */
export interface ResetLink {
  token: string;
  lang: string;
  product: string;
}

export const NO_LINK: ResetLink = { token: "", lang: "", product: "" };

export const page: {
  link: ResetLink;
  config: PageConfig | null;
  /** What the message view's retry button does, when it shows one. */
  retry: (() => unknown) | null;
} = { link: NO_LINK, config: null, retry: null };

/** The configuration; every view but "unavailable" is shown only once it has loaded. */
export function config(): PageConfig {
  if (!page.config) throw new Error("The page configuration has not loaded");
  return page.config;
}
