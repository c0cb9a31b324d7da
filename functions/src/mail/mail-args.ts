import { SENDGRID_CUSTOM_ARGS } from "../contract/api";

/** Which of a reset's two mails a SendGrid event is about. */
export type MailKind = "reset" | "changed";

/**
 * The custom args that bring a mail's SendGrid events back to its reset's record: the token's
 * hash (the record's id; the raw token stays in the link only) and which mail it is.
 */
export function mailArgs(tokenHash: string, mail: MailKind): Record<string, string> {
  return { [SENDGRID_CUSTOM_ARGS.record]: tokenHash, [SENDGRID_CUSTOM_ARGS.mail]: mail };
}
