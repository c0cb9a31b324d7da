import { format, getMessages, type Locale } from "../i18n/messages";
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

/** The customer-facing explanation, in the language of the reset request. */
export function passwordProblemMessage(
  problem: PasswordProblem,
  rules: PasswordRules,
  locale: Locale,
): string {
  const { page } = getMessages(locale);
  const values = { min: rules.minLength, max: rules.maxLength };
  const template = {
    too_short: page.tooShort,
    too_long: page.tooLong,
    common: page.weakPassword,
    matches_email: page.matchesEmail,
  }[problem];
  return format(template, values);
}
