/**
 * The page's words: the `page` strings of the i18n catalogue, which the page-config answer
 * carries in the customer's language. Keys are typed by the catalogue (a misspelt or renamed key
 * does not compile), and text only ever reaches the DOM as text: strings and brand values are
 * untrusted.
 */
import type { PageStrings } from "../../functions/src/contract/api";
import { ui } from "./dom";
import { config } from "./state";

export type PageStringKey = keyof PageStrings;
/** A placeholder's value: text, or a node (a link, a <time>) put in as it is. */
export type TemplateValue = string | number | Node;
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

const EMAIL_PATTERN = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;

export function text(key: PageStringKey): string {
  return config().strings[key];
}

/** For keys named in reset.html (`data-text`), the one place they are not checked by the compiler. */
export function isPageStringKey(key: string | undefined): key is PageStringKey {
  return key !== undefined && Object.hasOwn(config().strings, key);
}

/** Fills `{name}` placeholders with strings or DOM nodes, without ever parsing HTML. */
export function fillTemplate(element: Element, template: string, values: TemplateValues = {}) {
  const parts = template.split(/(\{[A-Za-z]+\})/).map((part) => {
    const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
    if (!name || !Object.hasOwn(values, name)) return part;
    const value = values[name];
    return typeof value === "object" ? value.cloneNode(true) : String(value);
  });
  element.replaceChildren(...parts);
}

export function fill(element: Element, key: PageStringKey, values?: TemplateValues): void {
  fillTemplate(element, text(key), values);
}

export function createElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  content: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = content;
  return element;
}

function supportNode(): Node {
  const email = config().brand.supportEmail || "";
  if (!EMAIL_PATTERN.test(email)) return document.createTextNode(email);
  const link = createElement("a", "support-link", email);
  link.href = `mailto:${email}`;
  return link;
}

/** Placeholders any string may use. */
export function commonValues(): TemplateValues {
  return { product: config().brand.productName, support: supportNode() };
}

function formatTime(date: Date): string {
  const sameDay = date.toDateString() === new Date().toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { timeStyle: "short" }
    : { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(config().locale, options).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

export function timeNode(iso: string): HTMLTimeElement | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const node = createElement("time", "", formatTime(date));
  node.dateTime = date.toISOString();
  return node;
}

/** Clears then sets the live region, so that repeating the same message is announced again. */
export function announce(message: string): void {
  ui.announcer.textContent = "";
  setTimeout(() => {
    ui.announcer.textContent = message;
  }, 50);
}
