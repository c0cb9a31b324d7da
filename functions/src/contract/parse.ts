import type { z } from "zod";
import { ResetError } from "../errors";

/** zod at the door: the first problem, named by field, as an `invalid_argument`. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "request";
  const problem =
    issue.code === "unrecognized_keys"
      ? `has unknown field(s): ${issue.keys.map((k) => k.slice(0, 40)).join(", ")}`
      : issue.message;
  throw new ResetError("invalid_argument", `${field} ${problem}`.slice(0, 300));
}
