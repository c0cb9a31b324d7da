/** The building blocks of every request schema: one definition per field, one message each. */
import { z } from "zod";

/** A request body: exactly these fields, nothing else. */
export const requestObject = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, { error: "must be an object" });

/** "is required" when absent, "must be a string" when of another type. */
export const text = () =>
  z.string({
    error: (issue) => (issue.input === undefined ? "is required" : "must be a string"),
  });

export const emailField = text()
  .max(254, "must be at most 254 characters")
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "must be a valid email address" }));

export const productIdField = text()
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "must be a Particle product id or slug");

export const localeField = text()
  .max(35, "must be at most 35 characters")
  .regex(/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/, "must be a language tag like en or de-DE");

export const tokenField = text().max(128, "must be at most 128 characters");
