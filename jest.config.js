/** Two suites, both run by `npm test`: fast unit tests, and suites that need the local stack. */
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];
const common = { testEnvironment: "node", transform: { "^.+\\.ts$": tsJest } };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/test/unit/**/*.test.ts", "<rootDir>/test/dev/**/*.test.ts"],
    },
    {
      ...common,
      displayName: "emulator",
      testMatch: ["<rootDir>/test/emulator/**/*.test.ts", "<rootDir>/test/browser/**/*.test.ts"],
      setupFilesAfterEnv: ["<rootDir>/test/support/emulator-setup.ts"],
    },
  ],
};
