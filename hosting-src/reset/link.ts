/**
 * The reset link. The token arrives only in the URL fragment, is removed from the address bar at
 * once and then lives in memory (and sessionStorage, so a reload still works) until the link
 * reaches an end state.
 */
import { NO_LINK, type ResetLink } from "./state";

const STORAGE_KEY = "password-reset-link";

function readFragment(): ResetLink {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    token: params.get("token") || "",
    lang: params.get("lang") || "",
    product: params.get("product") || "",
  };
}

/** Reads the link, then removes the fragment so the token is not left in the address bar. */
export function takeLink(): ResetLink {
  if (!location.hash) return recallLink();
  const link = readFragment();
  history.replaceState(null, "", location.pathname);
  if (link.token) rememberLink(link);
  else forgetLink();
  return link;
}

function rememberLink(link: ResetLink): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(link));
  } catch {
    // Storage disabled: the page still works, only a reload loses the link.
  }
}

/** Only string fields are taken from storage: anything else there is not ours. */
function recallLink(): ResetLink {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "{}");
    const field = (name: keyof ResetLink): string => {
      const value = stored && typeof stored === "object" && (stored as ResetLink)[name];
      return typeof value === "string" ? value : NO_LINK[name];
    };
    return { token: field("token"), lang: field("lang"), product: field("product") };
  } catch {
    return NO_LINK;
  }
}

export function forgetLink(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}
