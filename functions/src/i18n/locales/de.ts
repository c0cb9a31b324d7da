/** German, formal address ("Sie"), as customers of a business expect. */
import type { Messages } from "../messages";

export const de: Messages = {
  email: {
    reset: {
      subject: "Passwort für {product} zurücksetzen",
      preheader:
        "Wählen Sie ein neues Passwort für Ihr {product}-Konto. Der Link ist {minutes} Minuten gültig.",
      heading: "Passwort zurücksetzen",
      greeting: "Hallo,",
      body: "jemand hat angefordert, das Passwort für das {product}-Konto {email} zurückzusetzen. Über den Link unten können Sie ein neues Passwort wählen.",
      button: "Passwort zurücksetzen",
      copyLink: "Oder kopieren Sie diesen Link in Ihren Browser:",
      expiry: "Dieser Link ist {minutes} Minuten lang gültig und funktioniert nur einmal.",
      ignore:
        "Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.",
      signoff: "Ihr {product}-Team",
    },
    changed: {
      subject: "Ihr Passwort für {product} wurde geändert",
      preheader: "Das Passwort für {email} wurde soeben geändert.",
      heading: "Ihr Passwort wurde geändert",
      greeting: "Hallo,",
      body: "das Passwort für Ihr {product}-Konto {email} wurde am {date} geändert.",
      notYou: "Falls Sie das nicht waren, wenden Sie sich bitte umgehend an {support}.",
      signoff: "Ihr {product}-Team",
    },
    common: {
      resetReason:
        "Sie erhalten diese E-Mail, weil für Ihr {product}-Konto das Zurücksetzen des Passworts angefordert wurde.",
      changedReason:
        "Sie erhalten diese E-Mail, weil das Passwort Ihres {product}-Kontos geändert wurde.",
      questions: "Fragen? Wenden Sie sich an {support}.",
    },
  },
  page: {
    title: "Neues Passwort festlegen",
    loading: "Link wird geprüft …",
    intro: "Wählen Sie ein neues Passwort für {email}.",
    passwordLabel: "Neues Passwort",
    confirmLabel: "Neues Passwort bestätigen",
    show: "Anzeigen",
    hide: "Verbergen",
    showPasswordAria: "Passwort anzeigen",
    hidePasswordAria: "Passwort verbergen",
    policy:
      "Verwenden Sie {min} bis {max} Zeichen. Vermeiden Sie gängige Passwörter und Ihre E-Mail-Adresse.",
    strengthLabel: "Stärke",
    strengthWeak: "Schwach",
    strengthFair: "Mittel",
    strengthGood: "Gut",
    strengthStrong: "Stark",
    mismatch: "Die Passwörter stimmen nicht überein.",
    tooShort: "Verwenden Sie mindestens {min} Zeichen.",
    tooLong: "Verwenden Sie höchstens {max} Zeichen.",
    required: "Geben Sie Ihr neues Passwort ein.",
    confirmRequired: "Geben Sie das neue Passwort noch einmal ein.",
    submit: "Neues Passwort speichern",
    submitting: "Wird gespeichert …",
    successTitle: "Passwort geändert",
    successBody: "Sie können sich jetzt mit Ihrem neuen Passwort bei {product} anmelden.",
    expiredTitle: "Dieser Link ist abgelaufen",
    expiredBody:
      "Zu Ihrer Sicherheit sind Links zum Zurücksetzen nur kurze Zeit gültig. Fordern Sie in der {product}-App einen neuen an.",
    usedTitle: "Dieser Link wurde bereits verwendet",
    usedBody:
      "Jeder Link funktioniert nur einmal. Falls Sie Ihr Passwort nicht geändert haben, fordern Sie in der {product}-App einen neuen Link an oder wenden Sie sich an {support}.",
    invalidTitle: "Dieser Link ist ungültig",
    invalidBody:
      "Der Link ist möglicherweise unvollständig oder wurde durch einen neueren ersetzt. Verwenden Sie die zuletzt von uns gesendete E-Mail oder fordern Sie in der {product}-App einen neuen Link an.",
    temporaryTitle: "Wir konnten Ihr Passwort nicht speichern",
    temporaryBody:
      "Das ist ein vorübergehendes Problem bei uns. Ihr Link ist weiterhin gültig: Versuchen Sie es gleich noch einmal.",
    retry: "Erneut versuchen",
    weakPassword:
      "Dieses Passwort ist zu verbreitet oder zu leicht zu erraten. Wählen Sie ein anderes.",
    matchesEmail: "Verwenden Sie nicht Ihre E-Mail-Adresse als Passwort.",
    rateLimited: "Zu viele Versuche. Warten Sie ein paar Minuten und versuchen Sie es dann erneut.",
    genericError: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
    supportLine: "Brauchen Sie Hilfe? Wenden Sie sich an {support}.",
    expiresAt: "Dieser Link läuft um {time} ab.",
  },
  api: {
    invalid_argument: "Bitte überprüfen Sie Ihre Eingaben und versuchen Sie es erneut.",
    weak_password:
      "Dieses Passwort ist zu verbreitet oder zu leicht zu erraten. Wählen Sie ein anderes.",
    token_invalid: "Dieser Link zum Zurücksetzen ist ungültig. Fordern Sie einen neuen an.",
    token_expired: "Dieser Link zum Zurücksetzen ist abgelaufen. Fordern Sie einen neuen an.",
    token_used:
      "Dieser Link zum Zurücksetzen wurde bereits verwendet. Fordern Sie einen neuen an, falls Sie Ihr Passwort noch ändern möchten.",
    rate_limited:
      "Zu viele Versuche. Warten Sie ein paar Minuten und versuchen Sie es dann erneut.",
    upstream_unavailable:
      "Der Kontodienst ist gerade nicht erreichbar. Ihr Link ist weiterhin gültig: Versuchen Sie es gleich noch einmal.",
    internal: "Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es später erneut.",
    requestAccepted:
      "Falls ein Konto mit dieser E-Mail-Adresse existiert, haben wir einen Link zum Zurücksetzen des Passworts gesendet. Sehen Sie in Ihrem Posteingang nach.",
  },
};
