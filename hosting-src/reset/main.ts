/**
 * The hosted "choose a new password" page (hosting/reset.html), bundled to
 * hosting/assets/reset.js by scripts/build-hosting.ts. Loading reads the page configuration,
 * then checks the token (with an App Check token when the configuration asks for one), then
 * shows the form or a message.
 */
import type { PageConfig, VerifyResult } from "../../functions/src/contract/api";
import { ApiError, appCheckHeaders, loadConfig, postJson, settle } from "./api-client";
import { ui } from "./dom";
import { setRevealed, updateStrength, wireForm } from "./form";
import { takeLink } from "./link";
import { completeReset, showEndState, showFailure } from "./outcomes";
import { page, type ResetLink } from "./state";
import {
  announce,
  commonValues,
  createElement,
  fill,
  isPageStringKey,
  text,
  timeNode,
} from "./text";
import { applyBrandColors, renderBrandMark } from "./theme";
import { showUnavailable, showView, withBusy } from "./views";

const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur"]);

function applyConfig(config: PageConfig): void {
  page.config = config;
  const root = document.documentElement;
  root.lang = config.locale;
  root.dir = RTL_LANGUAGES.has(config.locale.split("-")[0]) ? "rtl" : "ltr";
  document.title = `${text("title")} · ${config.brand.productName}`;
  applyBrandColors(config.brand);
  renderBrandMark(ui.brand, config.brand);
  for (const element of document.querySelectorAll<HTMLElement>("[data-text]")) {
    const key = element.dataset.text;
    if (isPageStringKey(key)) element.textContent = text(key);
  }
  const { minLength, maxLength } = config.policy;
  fill(ui.policy, "policy", { min: minLength, max: maxLength });
  setRevealed(false);
  updateStrength();
}

/** The token is bound to a product (and was sent in a language): brand the page after it. */
function needsOtherConfig(config: PageConfig, verified: VerifyResult, link: ResetLink): boolean {
  const otherProduct = Boolean(verified.productId) && verified.productId !== config.productId;
  const otherLocale = !link.lang && Boolean(verified.locale) && verified.locale !== config.locale;
  return otherProduct || otherLocale;
}

async function start(link: ResetLink): Promise<void> {
  page.link = link;
  let loaded = await settle(loadConfig(link.lang || navigator.language, link.product));
  // A product the deployment doesn't serve (an edited link): start from the default product's
  // page; the verify answer then names the token's own product.
  if (loaded.error?.code === "invalid_argument" && link.product) {
    loaded = await settle(loadConfig(link.lang || navigator.language, ""));
  }
  if (loaded.error) return showUnavailable();
  let config = loaded.value;
  // After the config: it tells whether the check needs an App Check token.
  const { token } = link;
  const verified = token
    ? await settle(
        appCheckHeaders(config).then((headers) => postJson("verify", { token }, headers)),
      )
    : null;
  if (verified?.value && needsOtherConfig(config, verified.value, link)) {
    const locale = link.lang || verified.value.locale;
    config = (await settle(loadConfig(locale, verified.value.productId))).value ?? config;
  }
  applyConfig(config);
  if (!verified) return showEndState("token_invalid");
  if (verified.error) return showVerifyFailure(verified.error);
  showForm(verified.value);
}

function showVerifyFailure(error: ApiError): void {
  // A malformed token is just an invalid link to the customer.
  const failure =
    error.code === "invalid_argument" ? new ApiError("token_invalid", "", error.status) : error;
  showFailure(failure, "genericError", () => withBusy(ui.retry, "loading", () => start(page.link)));
}

function showForm({ email, expiresAt }: VerifyResult): void {
  const emailNode = createElement("bdi", "email", email);
  fill(ui.intro, "intro", { ...commonValues(), email: emailNode });
  const time = timeNode(expiresAt);
  if (time) fill(ui.expiry, "expiresAt", { time });
  else ui.expiry.replaceChildren();
  showView("form");
  announce(ui.intro.textContent ?? "");
}

function init(): void {
  wireForm(() => completeReset(ui.submit));
  ui.retry.addEventListener("click", () => page.retry?.());
  ui.reload.addEventListener("click", () => withBusy(ui.reload, null, () => start(page.link)));
  // A new link pasted into this tab only changes the fragment: start over with it.
  window.addEventListener("hashchange", () => location.reload());
  void start(takeLink());
}

init();
