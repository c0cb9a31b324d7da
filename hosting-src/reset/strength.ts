/** A rough strength estimate from length and character classes: a hint only, the server decides. */
const CLASSES: readonly [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[^A-Za-z0-9]/, 33],
];

/** 0 for nothing typed, else 1 (weak) to 4 (strong). */
export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export function estimateStrength(password: string, minLength: number): StrengthScore {
  if (!password) return 0;
  const pool = CLASSES.reduce(
    (sum, [pattern, size]) => sum + (pattern.test(password) ? size : 0),
    0,
  );
  const distinct = new Set(password).size;
  const length = [...password].length;
  const bits = Math.min(length, distinct * 2) * Math.log2(pool);
  if (length < minLength || bits < 40) return 1;
  if (bits < 60) return 2;
  return bits < 80 ? 3 : 4;
}
