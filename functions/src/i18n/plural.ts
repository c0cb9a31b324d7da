/**
 * A counted phrase ("1 minute", "30 minutes") in its forms by CLDR plural category, as
 * `Intl.PluralRules` names them. `other` is the one form every language has; a language may need
 * forms English lacks (few, many), which is why the type is this and not English's literal shape.
 */
export type PluralForms = Readonly<
  Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
>;

/** Types a phrase's forms as `PluralForms` in the reference locale (see above). */
export const plural = (forms: PluralForms): PluralForms => forms;
