/**
 * The catalogue's shape, which English defines. The other locales are typed against it here
 * rather than through messages.ts, which imports them.
 */
import type { en } from "./en";

export type Messages = typeof en;
