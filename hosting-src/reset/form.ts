/**
 * The password form: field validation (on blur once something was typed, and on submit; errors
 * clear while fixing), the strength hint and the show/hide toggle. Submitting is outcomes.ts.
 */
import { ui } from "./dom";
import { config } from "./state";
import { estimateStrength, type StrengthScore } from "./strength";
import { announce, fill, text, type PageStringKey, type TemplateValues } from "./text";

/** A string-table entry with its values, or a literal message (the server's own wording). */
export type Problem = { key: PageStringKey; values?: TemplateValues } | { message: string };

interface Field {
  input: HTMLInputElement;
  output: HTMLElement;
  problem: () => Problem | null;
}

const STRENGTH_KEYS: Record<Exclude<StrengthScore, 0>, PageStringKey> = {
  1: "strengthWeak",
  2: "strengthFair",
  3: "strengthGood",
  4: "strengthStrong",
};

function passwordProblem(): Problem | null {
  const { minLength, maxLength } = config().policy;
  const length = [...ui.password.value].length;
  if (length === 0) return { key: "required" };
  if (length < minLength) return { key: "tooShort", values: { min: minLength } };
  if (length > maxLength) return { key: "tooLong", values: { max: maxLength } };
  return null;
}

function confirmProblem(): Problem | null {
  if (!ui.confirm.value) return { key: "confirmRequired" };
  return ui.confirm.value === ui.password.value ? null : { key: "mismatch" };
}

export const passwordField: Field = {
  input: ui.password,
  output: ui.passwordError,
  problem: passwordProblem,
};
const confirmField: Field = { input: ui.confirm, output: ui.confirmError, problem: confirmProblem };
const FIELDS = [passwordField, confirmField];

/** Shows an error at a field, or clears it. */
export function setFieldError(field: Field, problem: Problem | null): void {
  if (!problem) field.output.replaceChildren();
  else if ("message" in problem) field.output.textContent = problem.message;
  else fill(field.output, problem.key, problem.values);
  if (problem) field.input.setAttribute("aria-invalid", "true");
  else field.input.removeAttribute("aria-invalid");
}

function validateField(field: Field): boolean {
  const problem = field.problem();
  setFieldError(field, problem);
  return !problem;
}

const showsError = (field: Field) => field.input.getAttribute("aria-invalid") === "true";

function onFieldBlur(field: Field): void {
  if (field.input.value) validateField(field);
}

function onFieldInput(field: Field): void {
  if (showsError(field)) validateField(field);
  if (field !== passwordField) return;
  updateStrength();
  if (showsError(confirmField)) validateField(confirmField);
}

export function updateStrength(): void {
  const score = estimateStrength(ui.password.value, config().policy.minLength);
  ui.strength.dataset.score = String(score);
  ui.strengthValue.textContent = score ? text(STRENGTH_KEYS[score]) : "";
}

/** One toggle shows or hides both fields, so the customer can compare them. */
export function setRevealed(revealed: boolean): void {
  for (const field of FIELDS) field.input.type = revealed ? "text" : "password";
  ui.toggle.setAttribute("aria-pressed", String(revealed));
  ui.toggle.textContent = text(revealed ? "hide" : "show");
  ui.toggle.setAttribute("aria-label", text(revealed ? "hidePasswordAria" : "showPasswordAria"));
}

export function clearPasswords(): void {
  for (const field of FIELDS) {
    field.input.value = "";
    setFieldError(field, null);
  }
  setRevealed(false);
  updateStrength();
}

export function setReadOnly(readOnly: boolean): void {
  for (const field of FIELDS) field.input.readOnly = readOnly;
}

export function setFormError(message: string): void {
  ui.formError.textContent = message;
  if (message) announce(message);
}

/** Validates both fields on submit; `submit` runs only when they are fine. */
function onSubmit(event: SubmitEvent, submit: () => unknown): void {
  event.preventDefault();
  if (ui.submit.disabled) return;
  setFormError("");
  const invalid = FIELDS.filter((field) => !validateField(field));
  if (invalid.length) {
    invalid[0].input.focus();
    announce(invalid.map((field) => field.output.textContent).join(" "));
    return;
  }
  void submit();
}

export function wireForm(submit: () => unknown): void {
  ui.form.addEventListener("submit", (event) => onSubmit(event, submit));
  for (const field of FIELDS) {
    field.input.addEventListener("blur", () => onFieldBlur(field));
    field.input.addEventListener("input", () => onFieldInput(field));
  }
  ui.toggle.addEventListener("click", () => {
    setRevealed(ui.toggle.getAttribute("aria-pressed") !== "true");
  });
}
