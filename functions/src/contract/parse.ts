import type { z } from "zod";
import { ResetError } from "../errors";
import { isApiMessageKey, type MessageValue } from "../i18n/messages";

/**
 * zod at the door: the first problem, named by field, as an `invalid_argument`. The schemas'
 * messages are catalogue keys (fields.ts); a message that is none (a zod default) says only
 * that the field is not valid.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = (issue.path.length ? issue.path.join(".") : "request").slice(0, 100);
  if (issue.code === "unrecognized_keys") {
    const fields = issue.keys.map((k) => k.slice(0, 40)).join(", ");
    throw new ResetError("invalid_argument", "unknownFields", {
      params: { field, fields: fields.slice(0, 250) },
    });
  }
  const key = isApiMessageKey(issue.message) ? issue.message : "fieldInvalid";
  const params: Record<string, MessageValue> = { field };
  if (key === "fieldAtMost" && issue.code === "too_big") {
    params.length = { count: Number(issue.maximum), unit: "characters" };
  }
  throw new ResetError("invalid_argument", key, { params });
}
