/** One region for every function; firebase.json's Hosting rewrites name the same one. */
export const REGION = "us-central1";
