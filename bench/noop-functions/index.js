/**
 * Benchmark only, never deployed (see package.json). Two jobs:
 * - `benchNoop`: the no-op callable that requestPasswordReset's latency is divided by (figure 2);
 * - the cold-start baseline: a bare firebase-functions module exporting one hello-world callable
 *   (figure 3). firebase-functions resolves from the repository's hoisted node_modules.
 */
const { onCall } = require("firebase-functions/v2/https");

exports.benchNoop = onCall(() => ({ ok: true, message: "hello" }));
