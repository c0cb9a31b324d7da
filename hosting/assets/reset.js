/**
 * The hosted "choose a new password" page. The reset token arrives only in the URL fragment, is
 * removed from the address bar at once and then lives in memory (and sessionStorage, so a reload
 * still works) until the link reaches an end state.
 *
 * States: loading → form | message (success, expired, used, invalid, temporary failure) |
 * unavailable (no page configuration, so no localized strings).
 */
import { applyBrandColors, renderBrandMark } from "./theme.js";

const API = "/api/password-reset";
const STORAGE_KEY = "password-reset-link";
const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur"]);
const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
const PRODUCT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const EMAIL_PATTERN = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;
const STRENGTH_KEYS = ["", "strengthWeak", "strengthFair", "strengthGood", "strengthStrong"];

/** End states of a link: nothing more to do on this page except contact support. */
const END_STATES = {
  success: { tone: "success", title: "successTitle", body: "successBody" },
  token_expired: { tone: "warning", title: "expiredTitle", body: "expiredBody", support: true },
  // usedBody names the support address itself.
  token_used: { tone: "warning", title: "usedTitle", body: "usedBody" },
  token_invalid: { tone: "error", title: "invalidTitle", body: "invalidBody", support: true },
};

/** Body text of the retryable failure view, by error code; anything else is "temporary". */
const FAILURE_BODIES = { rate_limited: "rateLimited", internal: "genericError" };

const byId = (id) => document.getElementById(id);
const ui = {
  brand: byId("brand"),
  form: byId("reset-form"),
  intro: byId("intro"),
  policy: byId("password-policy"),
  password: byId("password"),
  confirm: byId("confirm"),
  toggle: byId("toggle"),
  strength: byId("password-strength"),
  strengthValue: byId("strength-value"),
  passwordError: byId("password-error"),
  confirmError: byId("confirm-error"),
  formError: byId("form-error"),
  submit: byId("submit"),
  expiry: byId("expiry"),
  messageIcon: byId("message-icon"),
  messageTitle: byId("message-title"),
  messageBody: byId("message-body"),
  retry: byId("retry"),
  support: byId("support"),
  reload: byId("reload"),
  announcer: byId("announcer"),
};

/** link: { token, lang, product } from the fragment; config: the page-config answer. */
const page = { link: { token: "", lang: "", product: "" }, config: null, retry: null };

// ---------------------------------------------------------------------------------------------
// The reset link

function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    token: params.get("token") || "",
    lang: params.get("lang") || "",
    product: params.get("product") || "",
  };
}

/** Reads the link, then removes the fragment so the token is not left in the address bar. */
function takeLink() {
  if (!location.hash) return recallLink();
  const link = readFragment();
  history.replaceState(null, "", location.pathname);
  if (link.token) rememberLink(link);
  else forgetLink();
  return link;
}

function rememberLink(link) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(link));
  } catch {
    // Storage disabled: the page still works, only a reload loses the link.
  }
}

function recallLink() {
  try {
    return { ...page.link, ...JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "{}") };
  } catch {
    return page.link;
  }
}

function forgetLink() {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

// ---------------------------------------------------------------------------------------------
// Backend calls

class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** A code for answers without our JSON error body (network failure, proxy error pages). */
function codeForStatus(status) {
  if (status === 429) return "rate_limited";
  return status === 0 || status >= 502 ? "upstream_unavailable" : "internal";
}

async function callApi(path, init = {}) {
  let response;
  try {
    response = await fetch(`${API}/${path}`, {
      ...init,
      cache: "no-store",
      credentials: "same-origin",
      headers: { Accept: "application/json", ...init.headers },
    });
  } catch {
    throw new ApiError("upstream_unavailable", "", 0);
  }
  const body = await response.json().catch(() => null);
  if (response.ok && body) return body;
  const error = (body && body.error) || {};
  throw new ApiError(
    error.code || codeForStatus(response.status),
    error.message || "",
    response.status,
  );
}

function postJson(path, data) {
  return callApi(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(data),
  });
}

/** Only well-formed values are passed on; the backend falls back to its defaults otherwise. */
function loadConfig(locale, productId) {
  const query = new URLSearchParams();
  if (LOCALE_PATTERN.test(locale)) query.set("locale", locale);
  if (PRODUCT_PATTERN.test(productId)) query.set("productId", productId);
  return callApi(`page-config?${query}`);
}

/** Turns a promise into { value } or { error }, for flows that render errors rather than throw. */
function settle(promise) {
  return promise.then(
    (value) => ({ value }),
    (error) => ({ error }),
  );
}

// ---------------------------------------------------------------------------------------------
// Text (always through textContent: strings and brand values are untrusted)

function text(key) {
  const value = page.config && page.config.strings[key];
  return typeof value === "string" ? value : "";
}

/** Fills `{name}` placeholders with strings or DOM nodes, without ever parsing HTML. */
function fillTemplate(element, template, values = {}) {
  const parts = template.split(/(\{[A-Za-z]+\})/).map((part) => {
    const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
    if (!name || !(name in values)) return part;
    const value = values[name];
    return value && typeof value === "object" ? value.cloneNode(true) : String(value);
  });
  element.replaceChildren(...parts);
}

function fill(element, key, values) {
  fillTemplate(element, text(key), values);
}

function createElement(tag, className, content) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = content;
  return element;
}

function supportNode() {
  const email = page.config.brand.supportEmail || "";
  if (!EMAIL_PATTERN.test(email)) return document.createTextNode(email);
  const link = createElement("a", "support-link", email);
  link.href = `mailto:${email}`;
  return link;
}

/** Placeholders any string may use. */
function commonValues() {
  return { product: page.config.brand.productName, support: supportNode() };
}

function formatTime(date) {
  const sameDay = date.toDateString() === new Date().toDateString();
  const options = sameDay ? { timeStyle: "short" } : { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(page.config.locale, options).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

function timeNode(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const node = createElement("time", "", formatTime(date));
  node.dateTime = date.toISOString();
  return node;
}

/** Clears then sets the live region, so that repeating the same message is announced again. */
function announce(message) {
  ui.announcer.textContent = "";
  setTimeout(() => {
    ui.announcer.textContent = message;
  }, 50);
}

// ---------------------------------------------------------------------------------------------
// Views

function showView(name, { focus = "heading" } = {}) {
  for (const view of document.querySelectorAll("[data-view]")) {
    view.hidden = view.dataset.view !== name;
  }
  const heading = document.querySelector(`[data-view="${name}"] h1`);
  if (focus === "heading") heading.focus();
  else if (focus) focus.focus();
}

function currentView() {
  return document.querySelector("[data-view]:not([hidden])").dataset.view;
}

/** The message view: an end state, or a failure with a retry button when `retry` is given. */
function showMessage({ tone, title, body, support = false, retry = null }) {
  ui.messageIcon.dataset.tone = tone;
  fill(ui.messageTitle, title, commonValues());
  fill(ui.messageBody, body, commonValues());
  ui.support.hidden = !support;
  if (support) fill(ui.support, "supportLine", commonValues());
  page.retry = retry;
  ui.retry.hidden = !retry;
  showView("message");
  announce(`${ui.messageTitle.textContent}. ${ui.messageBody.textContent}`);
}

/** Success and dead links end the flow: drop the token and the typed passwords. */
function showEndState(name) {
  forgetLink();
  clearPasswords();
  showMessage(END_STATES[name]);
}

/** A failure the customer can retry; `title` says what failed (checking the link, or saving). */
function showFailure(error, title, retry) {
  if (END_STATES[error.code]) return showEndState(error.code);
  showMessage({
    tone: "error",
    title,
    body: FAILURE_BODIES[error.code] || "temporaryBody",
    support: true,
    retry,
  });
}

function showUnavailable() {
  document.title = "Reset your password";
  showView("unavailable");
}

// ---------------------------------------------------------------------------------------------
// Loading the page: configuration and token verification run in parallel

function applyConfig(config) {
  page.config = config;
  const root = document.documentElement;
  root.lang = config.locale;
  root.dir = RTL_LANGUAGES.has(config.locale.split("-")[0]) ? "rtl" : "ltr";
  document.title = `${text("title")} · ${config.brand.productName}`;
  applyBrandColors(config.brand);
  renderBrandMark(ui.brand, config.brand);
  for (const element of document.querySelectorAll("[data-text]")) {
    element.textContent = text(element.dataset.text);
  }
  const { minLength, maxLength } = config.policy;
  fill(ui.policy, "policy", { min: minLength, max: maxLength });
  setRevealed(false);
  updateStrength();
}

/** The token is bound to a product (and was sent in a language): brand the page after it. */
function needsOtherConfig(config, verified, link) {
  const otherProduct = verified.productId && String(verified.productId) !== config.productId;
  const otherLocale = !link.lang && verified.locale && verified.locale !== config.locale;
  return otherProduct || otherLocale;
}

async function start(link) {
  page.link = link;
  const verification = link.token ? settle(postJson("verify", { token: link.token })) : null;
  const loaded = await settle(loadConfig(link.lang || navigator.language, link.product));
  if (loaded.error) return showUnavailable();
  const verified = verification && (await verification);
  let config = loaded.value;
  if (verified && verified.value && needsOtherConfig(config, verified.value, link)) {
    const locale = link.lang || verified.value.locale;
    config = (await settle(loadConfig(locale, String(verified.value.productId)))).value || config;
  }
  applyConfig(config);
  if (!verified) return showEndState("token_invalid");
  if (verified.error) return showVerifyFailure(verified.error);
  showForm(verified.value);
}

function showVerifyFailure(error) {
  // A malformed token is just an invalid link to the customer.
  const failure = error.code === "invalid_argument" ? { code: "token_invalid" } : error;
  showFailure(failure, "genericError", () => withBusy(ui.retry, "loading", () => start(page.link)));
}

function showForm({ email, expiresAt }) {
  const emailNode = createElement("bdi", "email", email);
  fill(ui.intro, "intro", { ...commonValues(), email: emailNode });
  const time = timeNode(expiresAt);
  if (time) fill(ui.expiry, "expiresAt", { time });
  else ui.expiry.replaceChildren();
  showView("form");
  announce(ui.intro.textContent);
}

// ---------------------------------------------------------------------------------------------
// The form: validation, strength hint, show/hide, submission

function passwordProblem() {
  const { minLength, maxLength } = page.config.policy;
  const length = [...ui.password.value].length;
  if (length === 0) return { key: "required" };
  if (length < minLength) return { key: "tooShort", values: { min: minLength } };
  if (length > maxLength) return { key: "tooLong", values: { max: maxLength } };
  return null;
}

function confirmProblem() {
  if (!ui.confirm.value) return { key: "confirmRequired" };
  return ui.confirm.value === ui.password.value ? null : { key: "mismatch" };
}

const FIELDS = [
  { input: ui.password, output: ui.passwordError, problem: passwordProblem },
  { input: ui.confirm, output: ui.confirmError, problem: confirmProblem },
];

const [passwordField, confirmField] = FIELDS;
const fieldOf = (input) => FIELDS.find((field) => field.input === input);

/** Shows an error (a string-table entry or a literal message) at a field, or clears it. */
function setFieldError(field, problem) {
  if (!problem) field.output.replaceChildren();
  else if (problem.message) field.output.textContent = problem.message;
  else fill(field.output, problem.key, problem.values);
  if (problem) field.input.setAttribute("aria-invalid", "true");
  else field.input.removeAttribute("aria-invalid");
}

function validateField(field) {
  const problem = field.problem();
  setFieldError(field, problem);
  return !problem;
}

const showsError = (field) => field.input.getAttribute("aria-invalid") === "true";

/** Errors appear on blur (once something was typed) and on submit, and clear while fixing. */
function onFieldBlur(event) {
  const field = fieldOf(event.target);
  if (field.input.value) validateField(field);
}

function onFieldInput(event) {
  const field = fieldOf(event.target);
  if (showsError(field)) validateField(field);
  if (field !== passwordField) return;
  updateStrength();
  if (showsError(confirmField)) validateField(confirmField);
}

/** A rough estimate from length and character classes: a hint only, the server has the rules. */
function estimateStrength(password, minLength) {
  if (!password) return 0;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];
  const pool = [26, 26, 10, 33].reduce(
    (sum, size, i) => sum + (classes[i].test(password) ? size : 0),
    0,
  );
  const distinct = new Set(password).size;
  const length = [...password].length;
  const bits = Math.min(length, distinct * 2) * Math.log2(pool);
  if (length < minLength || bits < 40) return 1;
  if (bits < 60) return 2;
  return bits < 80 ? 3 : 4;
}

function updateStrength() {
  const score = estimateStrength(ui.password.value, page.config.policy.minLength);
  ui.strength.dataset.score = String(score);
  ui.strengthValue.textContent = text(STRENGTH_KEYS[score]);
}

/** One toggle shows or hides both fields, so the customer can compare them. */
function setRevealed(revealed) {
  for (const field of FIELDS) field.input.type = revealed ? "text" : "password";
  ui.toggle.setAttribute("aria-pressed", String(revealed));
  ui.toggle.textContent = text(revealed ? "hide" : "show");
  ui.toggle.setAttribute("aria-label", text(revealed ? "hidePasswordAria" : "showPasswordAria"));
}

function clearPasswords() {
  for (const field of FIELDS) {
    field.input.value = "";
    setFieldError(field, null);
  }
  setRevealed(false);
  updateStrength();
}

function setFormError(message) {
  ui.formError.textContent = message;
  if (message) announce(message);
}

/** Disables a button and shows the busy text while a task runs. */
async function withBusy(button, busyKey, task) {
  const label = button.querySelector(".button-label");
  const idle = label.textContent;
  const view = button.closest("[data-view]");
  button.disabled = true;
  button.classList.add("is-busy");
  view.setAttribute("aria-busy", "true");
  if (text(busyKey)) label.textContent = text(busyKey);
  try {
    return await task();
  } finally {
    button.disabled = false;
    button.classList.remove("is-busy");
    view.removeAttribute("aria-busy");
    label.textContent = idle;
  }
}

function onSubmit(event) {
  event.preventDefault();
  if (ui.submit.disabled) return;
  setFormError("");
  const invalid = FIELDS.filter((field) => !validateField(field));
  if (invalid.length) {
    invalid[0].input.focus();
    announce(invalid.map((field) => field.output.textContent).join(" "));
    return;
  }
  completeReset(ui.submit);
}

async function completeReset(button) {
  for (const field of FIELDS) field.input.readOnly = true;
  const request = { token: page.link.token, password: ui.password.value };
  const outcome = await settle(withBusy(button, "submitting", () => postJson("complete", request)));
  for (const field of FIELDS) field.input.readOnly = false;
  if (outcome.error) showCompleteFailure(outcome.error);
  else showEndState("success");
}

/** Problems the customer fixes in the form; everything else leaves the form. */
function showCompleteFailure(error) {
  if (error.code === "weak_password") {
    if (currentView() !== "form") showView("form", { focus: false });
    setFieldError(passwordField, { message: error.message || text("weakPassword") });
    ui.password.focus();
    announce(ui.passwordError.textContent);
  } else if (error.code === "rate_limited" || error.code === "invalid_argument") {
    if (currentView() !== "form") showView("form", { focus: false });
    setFormError(text(error.code === "rate_limited" ? "rateLimited" : "genericError"));
    ui.submit.focus();
  } else {
    // Temporary failure: the link still works, and the typed passwords are kept for the retry.
    showFailure(error, "temporaryTitle", () => completeReset(ui.retry));
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring

function init() {
  ui.form.addEventListener("submit", onSubmit);
  for (const field of FIELDS) {
    field.input.addEventListener("blur", onFieldBlur);
    field.input.addEventListener("input", onFieldInput);
  }
  ui.toggle.addEventListener("click", () => {
    setRevealed(ui.toggle.getAttribute("aria-pressed") !== "true");
  });
  ui.retry.addEventListener("click", () => page.retry && page.retry());
  ui.reload.addEventListener("click", () => withBusy(ui.reload, "", () => start(page.link)));
  // A new link pasted into this tab only changes the fragment: start over with it.
  window.addEventListener("hashchange", () => location.reload());
  start(takeLink());
}

init();
