// Plain JS on purpose: it runs before dependencies (and tsx) exist. Installs them when missing
// or when package.json changed since the last install.
const { execSync } = require("node:child_process");
const { existsSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const marker = join(root, "node_modules", ".package-lock.json");
const manifests = ["package.json", "functions/package.json", "package-lock.json"].map((f) =>
  join(root, f),
);
const stale =
  !existsSync(marker) ||
  manifests.some((file) => existsSync(file) && statSync(file).mtimeMs > statSync(marker).mtimeMs);

if (stale) {
  console.log("[setup] installing dependencies (npm install)…");
  execSync("npm install --no-audit --no-fund", { cwd: root, stdio: "inherit" });
}
