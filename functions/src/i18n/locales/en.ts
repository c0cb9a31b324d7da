/** English: the reference locale. Its shape is the `Messages` type every other locale must match. */
import { plural } from "../plural";

/** Said both by the API and by the page's own checks: written once, used in both sections. */
const shared = {
  // Counts here are password lengths, never below 8 (config.ts), so always plural in every
  // language served (unit-tested); the page fills them in itself, so they stay plain numbers.
  tooShort: "Use at least {min} characters.",
  tooLong: "Use at most {max} characters.",
  weakPassword: "This password is too common or too easy to guess. Choose another one.",
  matchesEmail: "Don't use your email address as your password.",
  rateLimited: "Too many attempts. Wait a few minutes and try again.",
};

export const en = {
  email: {
    reset: {
      subject: "Reset your {product} password",
      preheader: "Choose a new password for your {product} account. The link works for {duration}.",
      heading: "Reset your password",
      greeting: "Hello,",
      body: "Someone asked to reset the password for the {product} account {email}. To choose a new password, use the link below.",
      button: "Reset password",
      copyLink: "Or copy this link into your browser:",
      expiry: "This link works for {duration} and only once.",
      ignore: "If you didn't ask for this, ignore this email: your password stays the same.",
      signoff: "The {product} team",
    },
    changed: {
      subject: "Your {product} password was changed",
      preheader: "The password for {email} was just changed.",
      heading: "Your password was changed",
      greeting: "Hello,",
      body: "The password for your {product} account {email} was changed on {date}.",
      notYou: "If this wasn't you, contact {support} right away.",
      signoff: "The {product} team",
    },
    common: {
      resetReason:
        "You received this email because a password reset was requested for your {product} account.",
      changedReason:
        "You received this email because the password for your {product} account was changed.",
      questions: "Questions? Contact {support}.",
    },
  },
  page: {
    ...shared,
    title: "Set a new password",
    loading: "Checking your link…",
    intro: "Choose a new password for {email}.",
    passwordLabel: "New password",
    confirmLabel: "Confirm new password",
    show: "Show",
    hide: "Hide",
    showPasswordAria: "Show password",
    hidePasswordAria: "Hide password",
    policy: "Use {min} to {max} characters. Avoid common passwords and your email address.",
    strengthLabel: "Strength",
    strengthWeak: "Weak",
    strengthFair: "Fair",
    strengthGood: "Good",
    strengthStrong: "Strong",
    mismatch: "The passwords don't match.",
    required: "Enter your new password.",
    confirmRequired: "Type the new password again.",
    submit: "Set new password",
    submitting: "Saving…",
    successTitle: "Password changed",
    successBody: "You can now sign in to {product} with your new password.",
    expiredTitle: "This link has expired",
    expiredBody:
      "For your security, reset links only work for a short time. Request a new one from the {product} app.",
    usedTitle: "This link was already used",
    usedBody:
      "Each link works only once. If you didn't change your password, request a new link from the {product} app or contact {support}.",
    invalidTitle: "This link isn't valid",
    invalidBody:
      "The link may be incomplete or replaced by a newer one. Use the latest email we sent, or request a new link from the {product} app.",
    temporaryTitle: "We couldn't save your password",
    temporaryBody:
      "This is a temporary problem on our side. Your link still works: try again in a moment.",
    retry: "Try again",
    genericError: "Something went wrong. Please try again.",
    supportLine: "Need help? Contact {support}.",
    expiresAt: "This link expires at {time}.",
  },
  /** Counted phrases, filled into `{duration}`-like placeholders by `countPhrase`. */
  units: {
    minutes: plural({ one: "{count} minute", other: "{count} minutes" }),
    characters: plural({ one: "{count} character", other: "{count} characters" }),
  },
  /**
   * Messages of API answers, by the key a ResetError carries. `{field}` is the request field's
   * name as the contract spells it (email, productId…), never translated.
   */
  api: {
    ...shared,
    requestAccepted:
      "If an account exists for that email address, we've sent a link to reset the password. Check your inbox.",
    fieldRequired: "{field} is required",
    fieldNotString: "{field} must be a string",
    fieldNotObject: "{field} must be an object",
    fieldTooLong: "{field} is too long",
    fieldAtMost: "{field} must be at most {length}",
    fieldInvalid: "{field} is not valid",
    emailInvalid: "{field} must be a valid email address",
    productIdInvalid: "{field} must be a Particle product id or slug",
    localeInvalid: "{field} must be a language tag like en or de-DE",
    unknownFields: "{field} has unknown field(s): {fields}",
    nestedTooDeeply: "{field} is nested too deeply",
    typedValue: "{field} has an unsupported typed value",
    productNotServed: "{field} is not served here",
    passwordRejected: "This password was not accepted. Choose another one.",
    breachedPassword:
      "This password has appeared in a data breach, so others may know it. Choose another one.",
    appCheckRequired:
      "This request could not be verified as coming from our app or site. Reload the page or update the app, then try again.",
    originNotAllowed: "Requests from this site are not accepted.",
    tokenInvalid: "This reset link isn't valid. Request a new one.",
    tokenExpired: "This reset link has expired. Request a new one.",
    tokenUsed:
      "This reset link was already used. Request a new one if you still need to change your password.",
    tokenInUse:
      "This reset link is being used right now. Wait a moment, then check whether your password was changed.",
    upstreamUnavailable:
      "We couldn't reach the account service. Your link still works: try again in a moment.",
    internal: "Something went wrong on our side. Please try again later.",
    notFound: "No such endpoint.",
    methodNotAllowed: "Use {method} for this endpoint.",
    payloadTooLarge: "The request body is too large.",
    signatureInvalid: "The request signature is missing, invalid or too old.",
    unsupportedMediaType: "Send the request body as application/json.",
  },
};
