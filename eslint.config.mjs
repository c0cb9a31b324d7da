import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "functions/lib/**",
      "node_modules/**",
      "test-artifacts/**",
      "bench/results/**",
      // Built from hosting-src/ by scripts/build-hosting.ts.
      "hosting/assets/landing.js",
      "hosting/assets/reset.js",
      "hosting/assets/chunks/",
      ".stack/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["hosting-src/**/*.ts"],
    languageOptions: { sourceType: "module", globals: globals.browser },
  },
  {
    // The reset page takes the contract's names, not its zod schemas: types only from the modules
    // that import zod or the catalogue (scripts/build-hosting.ts also refuses any bundled package).
    files: ["hosting-src/reset/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [{ name: "zod", message: "The page bundles no zod.", allowTypeImports: true }],
          patterns: [
            {
              group: ["**/contract/api", "**/contract/fields", "**/i18n/**"],
              message: "Use `import type`: at run time the page imports only contract/paths.ts.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  prettier,
);
