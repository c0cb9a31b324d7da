/**
 * WCAG 2.x contrast, to put readable text on operator-chosen brand colours. Kept tiny and free
 * of imports: the reset page (hosting-src/reset/theme.ts) bundles this same module, so mail and
 * page pick their colours with one algorithm.
 */
export const LIGHT_TEXT = "#ffffff";
export const DARK_TEXT = "#111111";

/** "#abc" or "#AABBCC" → "#aabbcc"; null for anything that is not a 3- or 6-digit hex colour. */
export function normalizeHex(value: string): string | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match) return null;
  const hex = match[1].toLowerCase();
  return `#${hex.length === 3 ? hex.replace(/./g, "$&$&") : hex}`;
}

/** Relative luminance (WCAG 2.x, sRGB). Throws on a value that is not a hex colour. */
export function relativeLuminance(color: string): number {
  const hex = normalizeHex(color);
  if (!hex) throw new TypeError(`Not a hex colour: ${color}`);
  const [r, g, b] = [1, 3, 5].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio between two hex colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}

/** White or near-black, whichever contrasts more with the background. */
export function readableTextColor(background: string): typeof LIGHT_TEXT | typeof DARK_TEXT {
  return contrastRatio(background, LIGHT_TEXT) >= contrastRatio(background, DARK_TEXT)
    ? LIGHT_TEXT
    : DARK_TEXT;
}

/** WCAG AA for body-size text. */
export const MIN_TEXT_CONTRAST = 4.5;
/** Used when a brand colour is not a valid hex colour: it must never reach a style attribute. */
export const FALLBACK_PRIMARY = "#00aeef";

/**
 * The link colour on `background`: the first brand colour readable there (AA), else the plain
 * text colour for that background. Links keep the brand where they can and stay legible always.
 */
export function readableLinkColor(candidates: readonly string[], background: string): string {
  const readable = candidates
    .map(normalizeHex)
    .find((color) => color !== null && contrastRatio(color, background) >= MIN_TEXT_CONTRAST);
  return readable ?? readableTextColor(background);
}

export interface BrandColors {
  primaryColor: string;
  accentColor: string;
}

export interface BrandPalette {
  /** Fill of the call-to-action button. */
  primary: string;
  /** Text on that fill. */
  onPrimary: string;
  /** Links (and on the page, focus rings) on `background`: the accent first, then the primary. */
  link: string;
}

/** A brand's colours made safe and readable on a card of colour `background`. */
export function brandPalette(brand: BrandColors, background: string): BrandPalette {
  const primary = normalizeHex(brand.primaryColor) ?? FALLBACK_PRIMARY;
  return {
    primary,
    onPrimary: readableTextColor(primary),
    link: readableLinkColor([brand.accentColor, primary], background),
  };
}
