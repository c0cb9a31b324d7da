/**
 * The building blocks of every request schema: one definition per field, one message each. A
 * message here is the key of its text in the i18n catalogue (`api` section), so the answer is
 * worded in the request's language; parse.ts fills in the field's name and limit.
 */
import { z } from "zod";
import type { ApiMessageKey } from "../i18n/messages";

/** A catalogue key where zod takes a message; a renamed key fails to compile here. */
export const says = (key: ApiMessageKey): string => key;

/** A request body: exactly these fields, nothing else. */
export const requestObject = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, { error: says("fieldNotObject") });

/** "is required" when absent, "must be a string" when of another type. */
export const text = () =>
  z.string({
    error: (issue) => says(issue.input === undefined ? "fieldRequired" : "fieldNotString"),
  });

/** At most `max` characters, said with the number (the `{length}` of the message). */
export const atMost = (max: number) => text().max(max, says("fieldAtMost"));

export const emailField = atMost(254)
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: says("emailInvalid") }));

export const productIdField = atMost(64).regex(
  /^[A-Za-z0-9][A-Za-z0-9-]*$/,
  says("productIdInvalid"),
);

export const localeField = atMost(35).regex(
  /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/,
  says("localeInvalid"),
);

export const tokenField = atMost(128);
