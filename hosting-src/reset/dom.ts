/** The reset page's elements (hosting/reset.html), looked up once when the module loads. */
function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`reset.html has no #${id}`);
  return element as T;
}

export const ui = {
  brand: byId("brand"),
  form: byId<HTMLFormElement>("reset-form"),
  intro: byId("intro"),
  policy: byId("password-policy"),
  password: byId<HTMLInputElement>("password"),
  confirm: byId<HTMLInputElement>("confirm"),
  toggle: byId<HTMLButtonElement>("toggle"),
  strength: byId("password-strength"),
  strengthValue: byId("strength-value"),
  passwordError: byId("password-error"),
  confirmError: byId("confirm-error"),
  formError: byId("form-error"),
  submit: byId<HTMLButtonElement>("submit"),
  expiry: byId("expiry"),
  messageIcon: byId("message-icon"),
  messageTitle: byId("message-title"),
  messageBody: byId("message-body"),
  retry: byId<HTMLButtonElement>("retry"),
  support: byId("support"),
  reload: byId<HTMLButtonElement>("reload"),
  announcer: byId("announcer"),
};
