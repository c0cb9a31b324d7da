/** `npm start`: the whole system locally, until Ctrl-C. */
import { startStack } from "./stack/run-stack";

async function main(): Promise<void> {
  const stack = await startStack({ echo: true });
  const { urls } = stack;
  console.log(`
  ┌──────────────────────────────────────────────────────────────────────┐
    Particle password reset: local stack is up (Ctrl-C stops everything)

    Demo "forgot password" screen  ${urls.hosting}/
    Local inbox (SendGrid)         ${urls.sendgrid}/
    Reset page                     ${urls.hosting}/reset   (opened from the mail)
    App links (demo app)           ${urls.hosting}/.well-known/apple-app-site-association
                                   ${urls.hosting}/.well-known/assetlinks.json
    Local Particle API             ${urls.particle}
    Functions emulator             ${urls.functions}
    Firestore emulator             ${urls.firestore}

    Demo products and customers (pick one on the demo screen):
      Acme Smart Lamp  12345  alice@, bob@, carol@example.com   ${urls.hosting}/?product=12345
      Other Widget     67890  dave@, alice@example.com          ${urls.hosting}/?product=67890

    What happened to a customer's requests (SendGrid's events included):
      FIRESTORE_EMULATOR_HOST=${urls.firestore} GCLOUD_PROJECT=${stack.env.GCLOUD_PROJECT} \
        npm run support -- status alice@example.com --product 12345
    Make mail to an address bounce (or "dropped", or "deliver" again):
      curl -X PUT ${urls.sendgrid}/__control/webhook/outcomes \
        -H 'content-type: application/json' -d '{"email":"bob@example.com","outcome":"bounce"}'
  └──────────────────────────────────────────────────────────────────────┘
`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n[stack] stopping…");
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: Error) => {
  console.error(`\n[stack] ${error.message}`);
  process.exit(1);
});
