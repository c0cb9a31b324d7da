/** Spanish, informal address ("tú"), as consumer apps in Spanish usually write. */
import { plural } from "../plural";
import type { Messages } from "./types";

/** As in en.ts: said by the API and by the page alike. */
const shared = {
  tooShort: "Usa al menos {min} caracteres.",
  tooLong: "Usa como máximo {max} caracteres.",
  weakPassword: "Esta contraseña es demasiado común o fácil de adivinar. Elige otra.",
  matchesEmail: "No uses tu dirección de correo electrónico como contraseña.",
  rateLimited: "Demasiados intentos. Espera unos minutos y vuelve a intentarlo.",
};

export const es: Messages = {
  email: {
    reset: {
      subject: "Restablece tu contraseña de {product}",
      preheader:
        "Elige una nueva contraseña para tu cuenta de {product}. El enlace funciona durante {duration}.",
      heading: "Restablece tu contraseña",
      greeting: "Hola:",
      body: "Alguien ha solicitado restablecer la contraseña de la cuenta {email} de {product}. Para elegir una nueva contraseña, usa el enlace de abajo.",
      button: "Restablecer contraseña",
      copyLink: "O copia este enlace en tu navegador:",
      expiry: "Este enlace funciona durante {duration} y solo una vez.",
      ignore:
        "Si no lo has solicitado tú, ignora este correo: tu contraseña seguirá siendo la misma.",
      signoff: "El equipo de {product}",
    },
    changed: {
      subject: "Se ha cambiado tu contraseña de {product}",
      preheader: "Se acaba de cambiar la contraseña de {email}.",
      heading: "Se ha cambiado tu contraseña",
      greeting: "Hola:",
      body: "La contraseña de tu cuenta {email} de {product} se cambió el {date}.",
      notYou: "Si no has sido tú, ponte en contacto con {support} de inmediato.",
      signoff: "El equipo de {product}",
    },
    common: {
      resetReason:
        "Recibes este correo porque se solicitó restablecer la contraseña de tu cuenta de {product}.",
      changedReason:
        "Recibes este correo porque se cambió la contraseña de tu cuenta de {product}.",
      questions: "¿Tienes preguntas? Escribe a {support}.",
    },
  },
  page: {
    ...shared,
    title: "Establece una nueva contraseña",
    loading: "Comprobando el enlace…",
    intro: "Elige una nueva contraseña para {email}.",
    passwordLabel: "Nueva contraseña",
    confirmLabel: "Confirma la nueva contraseña",
    show: "Mostrar",
    hide: "Ocultar",
    showPasswordAria: "Mostrar contraseña",
    hidePasswordAria: "Ocultar contraseña",
    policy:
      "Usa entre {min} y {max} caracteres. Evita las contraseñas habituales y tu dirección de correo electrónico.",
    strengthLabel: "Seguridad",
    strengthWeak: "Débil",
    strengthFair: "Aceptable",
    strengthGood: "Buena",
    strengthStrong: "Fuerte",
    mismatch: "Las contraseñas no coinciden.",
    required: "Introduce tu nueva contraseña.",
    confirmRequired: "Vuelve a escribir la nueva contraseña.",
    submit: "Guardar la nueva contraseña",
    submitting: "Guardando…",
    successTitle: "Contraseña cambiada",
    successBody: "Ya puedes iniciar sesión en {product} con tu nueva contraseña.",
    expiredTitle: "Este enlace ha caducado",
    expiredBody:
      "Por tu seguridad, los enlaces para restablecer la contraseña solo funcionan durante poco tiempo. Solicita uno nuevo desde la app de {product}.",
    usedTitle: "Este enlace ya se ha usado",
    usedBody:
      "Cada enlace funciona solo una vez. Si no has cambiado tu contraseña, solicita un enlace nuevo desde la app de {product} o ponte en contacto con {support}.",
    invalidTitle: "Este enlace no es válido",
    invalidBody:
      "Puede que el enlace esté incompleto o que se haya sustituido por uno más reciente. Usa el último correo que te enviamos o solicita un enlace nuevo desde la app de {product}.",
    temporaryTitle: "No hemos podido guardar tu contraseña",
    temporaryBody:
      "Es un problema temporal por nuestra parte. Tu enlace sigue funcionando: vuelve a intentarlo en un momento.",
    retry: "Volver a intentarlo",
    genericError: "Algo ha salido mal. Vuelve a intentarlo.",
    supportLine: "¿Necesitas ayuda? Escribe a {support}.",
    expiresAt: "Este enlace caduca a las {time}.",
  },
  units: {
    minutes: plural({ one: "{count} minuto", other: "{count} minutos" }),
    characters: plural({ one: "{count} carácter", other: "{count} caracteres" }),
  },
  api: {
    ...shared,
    requestAccepted:
      "Si existe una cuenta con esa dirección de correo electrónico, te hemos enviado un enlace para restablecer la contraseña. Revisa tu bandeja de entrada.",
    fieldRequired: "{field} es obligatorio",
    fieldNotString: "{field} debe ser una cadena de texto",
    fieldNotObject: "{field} debe ser un objeto",
    fieldTooLong: "{field} es demasiado largo",
    fieldAtMost: "{field} debe tener como máximo {length}",
    fieldInvalid: "{field} no es válido",
    emailInvalid: "{field} debe ser una dirección de correo electrónico válida",
    productIdInvalid: "{field} debe ser un ID o un slug de producto de Particle",
    localeInvalid: "{field} debe ser una etiqueta de idioma como en o de-DE",
    unknownFields: "{field} tiene campos desconocidos: {fields}",
    nestedTooDeeply: "{field} tiene demasiados niveles de anidamiento",
    typedValue: "{field} tiene un valor con un tipo no admitido",
    productNotServed: "{field} no está disponible aquí",
    passwordRejected: "No se ha aceptado esta contraseña. Elige otra.",
    breachedPassword:
      "Esta contraseña ha aparecido en una filtración de datos, así que otros podrían conocerla. Elige otra.",
    appCheckRequired:
      "No hemos podido comprobar que esta solicitud venga de nuestra app o sitio web. Recarga la página o actualiza la app y vuelve a intentarlo.",
    originNotAllowed: "No se aceptan solicitudes desde este sitio.",
    tokenInvalid: "Este enlace para restablecer la contraseña no es válido. Solicita uno nuevo.",
    tokenExpired: "Este enlace para restablecer la contraseña ha caducado. Solicita uno nuevo.",
    tokenUsed:
      "Este enlace para restablecer la contraseña ya se ha usado. Solicita uno nuevo si aún necesitas cambiar tu contraseña.",
    tokenInUse:
      "Este enlace para restablecer la contraseña se está usando ahora mismo. Espera un momento y comprueba si se ha cambiado tu contraseña.",
    upstreamUnavailable:
      "No hemos podido conectar con el servicio de cuentas. Tu enlace sigue funcionando: vuelve a intentarlo en un momento.",
    internal: "Algo ha salido mal por nuestra parte. Vuelve a intentarlo más tarde.",
    notFound: "Este punto de acceso no existe.",
    methodNotAllowed: "Usa {method} para este punto de acceso.",
    payloadTooLarge: "El cuerpo de la solicitud es demasiado grande.",
    signatureInvalid: "La firma de la solicitud falta, no es válida o es demasiado antigua.",
    unsupportedMediaType: "Envía el cuerpo de la solicitud como application/json.",
  },
};
