import { ResetError } from "../errors";
import type { ApiMessageKey } from "../i18n/messages";
import { COMMON_PASSWORDS } from "./common-passwords";

export type PasswordProblem = "too_short" | "too_long" | "common" | "matches_email";

export interface PasswordRules {
  minLength: number;
  maxLength: number;
}

/** Length in characters as a person counts them (code points), per NIST 800-63B. */
export function findPasswordProblem(
  password: string,
  rules: PasswordRules,
  email: string,
): PasswordProblem | null {
  const length = [...password].length;
  const lowered = password.toLowerCase();
  const [localPart] = email.toLowerCase().split("@");
  if (length < rules.minLength) return "too_short";
  if (length > rules.maxLength) return "too_long";
  if (COMMON_PASSWORDS.has(lowered)) return "common";
  if (lowered === email.toLowerCase() || lowered === localPart) return "matches_email";
  return null;
}

const MESSAGES: Readonly<Record<PasswordProblem, ApiMessageKey>> = {
  too_short: "tooShort",
  too_long: "tooLong",
  common: "weakPassword",
  matches_email: "matchesEmail",
};

/** The `weak_password` answer, explained in the language of the reset request. */
export function passwordProblemError(
  problem: PasswordProblem,
  rules: PasswordRules,
  locale: string,
): ResetError {
  return new ResetError("weak_password", MESSAGES[problem], {
    params: { min: rules.minLength, max: rules.maxLength },
    locale,
  });
}
