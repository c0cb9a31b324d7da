import { createHash, randomBytes } from "node:crypto";

/** 256 bits from the CSPRNG, base64url: 43 characters, safe in a URL fragment. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Only this hash is stored; a database leak doesn't reveal usable links. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
