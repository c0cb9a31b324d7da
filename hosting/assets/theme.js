/**
 * Brand theming shared by the hosted pages. Brand values come from configuration and are treated
 * as untrusted: colours are parsed (never injected as CSS text) and names only ever reach the DOM
 * through textContent or attributes.
 */

const WHITE = [255, 255, 255];
const NEAR_BLACK = [17, 17, 17];
/** Card background in dark mode (keep in sync with --surface in app.css). */
const DARK_SURFACE = [26, 29, 35];
const TEXT_CONTRAST = 4.5;

/** "#abc" or "#aabbcc" to [r, g, b]; null for anything else. */
export function parseHexColor(value) {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value || "").trim());
  if (!match) return null;
  const hex = match[1].length === 3 ? match[1].replace(/./g, "$&$&") : match[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function toHex(rgb) {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2.x relative luminance. */
export function relativeLuminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a, b) {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The text colour (white or near-black) that reads best on the given background. */
export function readableTextOn(background) {
  return contrastRatio(WHITE, background) >= contrastRatio(NEAR_BLACK, background)
    ? WHITE
    : NEAR_BLACK;
}

function mix(from, to, amount) {
  return from.map((c, i) => c + (to[i] - c) * amount);
}

/**
 * The colour closest to `color` (moving towards `target`, black or white) that reaches `ratio`
 * against `background`. Binary search keeps the hue and changes the brand colour as little as
 * possible.
 */
export function withContrast(color, background, target, ratio = TEXT_CONTRAST) {
  if (contrastRatio(color, background) >= ratio) return color;
  let low = 0;
  let high = 1;
  for (let step = 0; step < 12; step += 1) {
    const middle = (low + high) / 2;
    if (contrastRatio(mix(color, target, middle), background) >= ratio) high = middle;
    else low = middle;
  }
  return mix(color, target, high).map(Math.round);
}

/**
 * CSS custom properties for a brand: the colours themselves (for fills such as the button), the
 * text colour to put on them, and text-safe variants for links and focus rings on light and dark
 * cards.
 */
export function brandProperties(brand) {
  const primary = parseHexColor(brand.primaryColor);
  const accent = parseHexColor(brand.accentColor) || primary;
  if (!primary) return {};
  return {
    "--brand-primary": toHex(primary),
    "--brand-on-primary": toHex(readableTextOn(primary)),
    "--brand-accent": toHex(accent),
    "--brand-on-accent": toHex(readableTextOn(accent)),
    "--brand-text-light": toHex(withContrast(primary, WHITE, [0, 0, 0])),
    "--brand-text-dark": toHex(withContrast(primary, DARK_SURFACE, WHITE)),
  };
}

/** Sets the brand colours through the CSSOM, which the page's CSP (style-src 'self') allows. */
export function applyBrandColors(brand, root = document.documentElement) {
  for (const [name, value] of Object.entries(brandProperties(brand))) {
    root.style.setProperty(name, value);
  }
}

/** Only https: or same-origin logos: anything else would be blocked by the CSP anyway. */
function logoSource(logoUrl) {
  if (!logoUrl) return null;
  try {
    const url = new URL(logoUrl, location.href);
    return url.protocol === "https:" || url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

/** Shows the product logo (alt = product name), or the product name when there is no usable logo. */
export function renderBrandMark(container, brand) {
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
