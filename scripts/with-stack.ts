/** `tsx scripts/with-stack.ts -- <command…>`: runs the command inside the local stack. */
import { spawn } from "node:child_process";
import { startStack } from "./stack/run-stack";

async function main(): Promise<number> {
  const separator = process.argv.indexOf("--");
  const command = process.argv.slice(separator === -1 ? 2 : separator + 1);
  if (command.length === 0) throw new Error("usage: with-stack -- <command> [args…]");
  console.log("[stack] starting emulators and local Particle/SendGrid servers…");
  const started = Date.now();
  const stack = await startStack({ echo: process.env.STACK_ECHO === "1" });
  console.log(
    `[stack] ready in ${((Date.now() - started) / 1000).toFixed(1)} s; emulator log: ${stack.logFile}`,
  );
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(command[0], command.slice(1), {
        stdio: "inherit",
        env: stack.env,
        shell: false,
      });
      child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
      // Interrupted: end the command, then fall through to stopping the stack.
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => child.kill(signal));
      }
    });
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[stack] ${error.message}`);
    process.exit(1);
  },
);
