/**
 * Brand theming. The colours come from the mails' own code (functions/src/mail/colors.ts), so a
 * brand gets the same button, text-on-button and link colours on the page as in its mails.
 * Brand values are untrusted: colours are parsed (never injected as CSS text) and names only
 * ever reach the DOM through textContent or attributes.
 */
import type { PageConfig } from "../../functions/src/contract/api";
import { brandPalette, normalizeHex } from "../../functions/src/mail/colors";

type Brand = PageConfig["brand"];

/** The card's background in light and dark mode (keep in sync with --surface in app.css). */
export const LIGHT_SURFACE = "#ffffff";
export const DARK_SURFACE = "#1a1d23";

/**
 * CSS custom properties for a brand: the fills (button, brand bar), the text on the button, and
 * the link and focus-ring colour on light and dark cards.
 */
export function brandProperties(brand: Pick<Brand, "primaryColor" | "accentColor">) {
  const light = brandPalette(brand, LIGHT_SURFACE);
  return {
    "--brand-primary": light.primary,
    "--brand-on-primary": light.onPrimary,
    "--brand-accent": normalizeHex(brand.accentColor) ?? light.primary,
    "--brand-link-light": light.link,
    "--brand-link-dark": brandPalette(brand, DARK_SURFACE).link,
  };
}

/** Sets the brand colours through the CSSOM, which the page's CSP (style-src 'self') allows. */
export function applyBrandColors(brand: Brand, root = document.documentElement): void {
  for (const [name, value] of Object.entries(brandProperties(brand))) {
    root.style.setProperty(name, value);
  }
}

/** Only https: or same-origin logos: anything else would be blocked by the CSP anyway. */
function logoSource(logoUrl: string | null): string | null {
  if (!logoUrl) return null;
  try {
    const url = new URL(logoUrl, location.href);
    return url.protocol === "https:" || url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

/** Shows the product logo (alt = product name), or the product name when there is no usable logo. */
export function renderBrandMark(container: HTMLElement, brand: Brand): void {
  const name = document.createElement("span");
  name.className = "brand-name";
  name.textContent = brand.productName;
  const source = logoSource(brand.logoUrl);
  if (!source) {
    container.replaceChildren(name);
    return;
  }
  const logo = document.createElement("img");
  logo.className = "brand-logo";
  logo.alt = brand.productName;
  logo.decoding = "async";
  logo.addEventListener("error", () => logo.replaceWith(name), { once: true });
  logo.src = source;
  container.replaceChildren(logo);
}
