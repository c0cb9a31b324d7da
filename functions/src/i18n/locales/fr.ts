/**
 * French, formal address ("vous"). A no-break space (\u00a0) goes before ":", "?" and "!" as
 * French typography requires, so the punctuation never wraps onto a line of its own.
 */
import { plural } from "../plural";
import type { Messages } from "./types";

/** As in en.ts: said by the API and by the page alike. */
const shared = {
  tooShort: "Utilisez au moins {min}\u00a0caractères.",
  tooLong: "Utilisez au maximum {max}\u00a0caractères.",
  weakPassword:
    "Ce mot de passe est trop courant ou trop facile à deviner. Choisissez-en un autre.",
  matchesEmail: "N’utilisez pas votre adresse e-mail comme mot de passe.",
  rateLimited: "Trop de tentatives. Patientez quelques minutes, puis réessayez.",
};

export const fr: Messages = {
  email: {
    reset: {
      subject: "Réinitialisez votre mot de passe {product}",
      preheader:
        "Choisissez un nouveau mot de passe pour votre compte {product}. Le lien est valable {duration}.",
      heading: "Réinitialisez votre mot de passe",
      greeting: "Bonjour,",
      body: "Quelqu’un a demandé la réinitialisation du mot de passe du compte {product} associé à l’adresse {email}. Pour choisir un nouveau mot de passe, utilisez le lien ci-dessous.",
      button: "Réinitialiser le mot de passe",
      copyLink: "Ou copiez ce lien dans votre navigateur\u00a0:",
      expiry: "Ce lien est valable {duration} et ne fonctionne qu’une seule fois.",
      ignore:
        "Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail\u00a0: votre mot de passe reste inchangé.",
      signoff: "L’équipe {product}",
    },
    changed: {
      subject: "Votre mot de passe {product} a été modifié",
      preheader: "Le mot de passe de {email} vient d’être modifié.",
      heading: "Votre mot de passe a été modifié",
      greeting: "Bonjour,",
      body: "Le mot de passe de votre compte {product} associé à l’adresse {email} a été modifié le {date}.",
      notYou: "Si vous n’êtes pas à l’origine de ce changement, contactez immédiatement {support}.",
      signoff: "L’équipe {product}",
    },
    common: {
      resetReason:
        "Vous recevez cet e-mail, car une réinitialisation du mot de passe a été demandée pour votre compte {product}.",
      changedReason:
        "Vous recevez cet e-mail, car le mot de passe de votre compte {product} a été modifié.",
      questions: "Des questions\u00a0? Contactez {support}.",
    },
  },
  page: {
    ...shared,
    title: "Définir un nouveau mot de passe",
    loading: "Vérification du lien…",
    intro: "Choisissez un nouveau mot de passe pour {email}.",
    passwordLabel: "Nouveau mot de passe",
    confirmLabel: "Confirmer le nouveau mot de passe",
    show: "Afficher",
    hide: "Masquer",
    showPasswordAria: "Afficher le mot de passe",
    hidePasswordAria: "Masquer le mot de passe",
    policy:
      "Utilisez entre {min} et {max}\u00a0caractères. Évitez les mots de passe courants et votre adresse e-mail.",
    strengthLabel: "Robustesse",
    strengthWeak: "Faible",
    strengthFair: "Moyen",
    strengthGood: "Bon",
    strengthStrong: "Fort",
    mismatch: "Les mots de passe ne correspondent pas.",
    required: "Saisissez votre nouveau mot de passe.",
    confirmRequired: "Saisissez à nouveau le nouveau mot de passe.",
    submit: "Enregistrer le nouveau mot de passe",
    submitting: "Enregistrement…",
    successTitle: "Mot de passe modifié",
    successBody:
      "Vous pouvez maintenant vous connecter à {product} avec votre nouveau mot de passe.",
    expiredTitle: "Ce lien a expiré",
    expiredBody:
      "Pour votre sécurité, les liens de réinitialisation ne fonctionnent que pendant une courte durée. Demandez-en un nouveau depuis l’application {product}.",
    usedTitle: "Ce lien a déjà été utilisé",
    usedBody:
      "Chaque lien ne fonctionne qu’une seule fois. Si vous n’avez pas modifié votre mot de passe, demandez un nouveau lien depuis l’application {product} ou contactez {support}.",
    invalidTitle: "Ce lien n’est pas valide",
    invalidBody:
      "Le lien est peut-être incomplet ou a été remplacé par un lien plus récent. Utilisez le dernier e-mail que nous vous avons envoyé ou demandez un nouveau lien depuis l’application {product}.",
    temporaryTitle: "Nous n’avons pas pu enregistrer votre mot de passe",
    temporaryBody:
      "Il s’agit d’un problème temporaire de notre côté. Votre lien fonctionne toujours\u00a0: réessayez dans un instant.",
    retry: "Réessayer",
    genericError: "Une erreur s’est produite. Veuillez réessayer.",
    supportLine: "Besoin d’aide\u00a0? Contactez {support}.",
    expiresAt: "Ce lien expire à {time}.",
  },
  units: {
    minutes: plural({ one: "{count}\u00a0minute", other: "{count}\u00a0minutes" }),
    characters: plural({ one: "{count}\u00a0caractère", other: "{count}\u00a0caractères" }),
  },
  api: {
    ...shared,
    requestAccepted:
      "Si un compte existe pour cette adresse e-mail, nous vous avons envoyé un lien pour réinitialiser le mot de passe. Consultez votre boîte de réception.",
    fieldRequired: "{field} est obligatoire",
    fieldNotString: "{field} doit être une chaîne de caractères",
    fieldNotObject: "{field} doit être un objet",
    fieldTooLong: "{field} est trop long",
    fieldAtMost: "{field} doit comporter au maximum {length}",
    fieldInvalid: "{field} n’est pas valide",
    emailInvalid: "{field} doit être une adresse e-mail valide",
    productIdInvalid: "{field} doit être un identifiant ou un slug de produit Particle",
    localeInvalid: "{field} doit être une balise de langue comme en ou de-DE",
    unknownFields: "{field} contient des champs inconnus\u00a0: {fields}",
    nestedTooDeeply: "{field} est imbriqué trop profondément",
    typedValue: "{field} contient une valeur typée non prise en charge",
    productNotServed: "{field} n’est pas pris en charge ici",
    passwordRejected: "Ce mot de passe n’a pas été accepté. Choisissez-en un autre.",
    breachedPassword:
      "Ce mot de passe figure dans une fuite de données\u00a0: d’autres peuvent le connaître. Choisissez-en un autre.",
    appCheckRequired:
      "Nous n’avons pas pu vérifier que cette demande vient de notre application ou de notre site. Rechargez la page ou mettez l’application à jour, puis réessayez.",
    originNotAllowed: "Les demandes provenant de ce site ne sont pas acceptées.",
    tokenInvalid: "Ce lien de réinitialisation n’est pas valide. Demandez-en un nouveau.",
    tokenExpired: "Ce lien de réinitialisation a expiré. Demandez-en un nouveau.",
    tokenUsed:
      "Ce lien de réinitialisation a déjà été utilisé. Demandez-en un nouveau si vous devez toujours modifier votre mot de passe.",
    tokenInUse:
      "Ce lien de réinitialisation est en cours d’utilisation. Patientez un instant, puis vérifiez si votre mot de passe a été modifié.",
    upstreamUnavailable:
      "Le service de comptes est momentanément indisponible. Votre lien fonctionne toujours\u00a0: réessayez dans un instant.",
    internal: "Une erreur s’est produite de notre côté. Veuillez réessayer plus tard.",
    notFound: "Ce point d’accès n’existe pas.",
    methodNotAllowed: "Utilisez {method} pour ce point d’accès.",
    payloadTooLarge: "Le corps de la requête est trop volumineux.",
    signatureInvalid: "La signature de la requête est absente, invalide ou trop ancienne.",
    unsupportedMediaType: "Envoyez le corps de la requête au format application/json.",
  },
};
