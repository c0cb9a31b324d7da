/** German, formal address ("Sie"), as customers of a business expect. */
import { plural } from "../plural";
import type { Messages } from "./types";

/** As in en.ts: said by the API and by the page alike. */
const shared = {
  tooShort: "Verwenden Sie mindestens {min} Zeichen.",
  tooLong: "Verwenden Sie höchstens {max} Zeichen.",
  weakPassword:
    "Dieses Passwort ist zu verbreitet oder zu leicht zu erraten. Wählen Sie ein anderes.",
  matchesEmail: "Verwenden Sie nicht Ihre E-Mail-Adresse als Passwort.",
  rateLimited: "Zu viele Versuche. Warten Sie ein paar Minuten und versuchen Sie es dann erneut.",
};

export const de: Messages = {
  email: {
    reset: {
      subject: "Passwort für {product} zurücksetzen",
      preheader:
        "Wählen Sie ein neues Passwort für Ihr {product}-Konto. Der Link ist {duration} gültig.",
      heading: "Passwort zurücksetzen",
      greeting: "Hallo,",
      body: "jemand hat angefordert, das Passwort für das {product}-Konto {email} zurückzusetzen. Über den Link unten können Sie ein neues Passwort wählen.",
      button: "Passwort zurücksetzen",
      copyLink: "Oder kopieren Sie diesen Link in Ihren Browser:",
      expiry: "Dieser Link ist {duration} lang gültig und funktioniert nur einmal.",
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
    ...shared,
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
    genericError: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
    supportLine: "Brauchen Sie Hilfe? Wenden Sie sich an {support}.",
    expiresAt: "Dieser Link läuft um {time} ab.",
  },
  units: {
    minutes: plural({ one: "{count} Minute", other: "{count} Minuten" }),
    characters: plural({ one: "{count} Zeichen", other: "{count} Zeichen" }),
  },
  api: {
    ...shared,
    requestAccepted:
      "Falls ein Konto mit dieser E-Mail-Adresse existiert, haben wir einen Link zum Zurücksetzen des Passworts gesendet. Sehen Sie in Ihrem Posteingang nach.",
    fieldRequired: "{field} ist erforderlich",
    fieldNotString: "{field} muss eine Zeichenkette sein",
    fieldNotObject: "{field} muss ein Objekt sein",
    fieldTooLong: "{field} ist zu lang",
    fieldAtMost: "{field} darf höchstens {length} lang sein",
    fieldInvalid: "{field} ist ungültig",
    emailInvalid: "{field} muss eine gültige E-Mail-Adresse sein",
    productIdInvalid: "{field} muss eine Particle-Produkt-ID oder ein Produkt-Slug sein",
    localeInvalid: "{field} muss ein Sprach-Tag wie en oder de-DE sein",
    unknownFields: "{field} enthält unbekannte Felder: {fields}",
    nestedTooDeeply: "{field} ist zu tief verschachtelt",
    typedValue: "{field} enthält einen nicht unterstützten typisierten Wert",
    productNotServed: "{field} wird hier nicht unterstützt",
    passwordRejected: "Dieses Passwort wurde nicht akzeptiert. Wählen Sie ein anderes.",
    breachedPassword:
      "Dieses Passwort ist in einem Datenleck aufgetaucht und könnte anderen bekannt sein. Wählen Sie ein anderes.",
    appCheckRequired:
      "Diese Anfrage konnte nicht als Anfrage unserer App oder Website bestätigt werden. Laden Sie die Seite neu oder aktualisieren Sie die App und versuchen Sie es dann erneut.",
    originNotAllowed: "Anfragen von dieser Website werden nicht angenommen.",
    tokenInvalid: "Dieser Link zum Zurücksetzen ist ungültig. Fordern Sie einen neuen an.",
    tokenExpired: "Dieser Link zum Zurücksetzen ist abgelaufen. Fordern Sie einen neuen an.",
    tokenUsed:
      "Dieser Link zum Zurücksetzen wurde bereits verwendet. Fordern Sie einen neuen an, falls Sie Ihr Passwort noch ändern möchten.",
    tokenInUse:
      "Dieser Link zum Zurücksetzen wird gerade verwendet. Warten Sie einen Moment und prüfen Sie dann, ob Ihr Passwort geändert wurde.",
    upstreamUnavailable:
      "Der Kontodienst ist gerade nicht erreichbar. Ihr Link ist weiterhin gültig: Versuchen Sie es gleich noch einmal.",
    internal: "Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es später erneut.",
    notFound: "Diesen Endpunkt gibt es nicht.",
    methodNotAllowed: "Verwenden Sie {method} für diesen Endpunkt.",
    payloadTooLarge: "Der Inhalt der Anfrage ist zu groß.",
    signatureInvalid: "Die Signatur der Anfrage fehlt, ist ungültig oder zu alt.",
    unsupportedMediaType: "Senden Sie den Inhalt der Anfrage als application/json.",
  },
};
