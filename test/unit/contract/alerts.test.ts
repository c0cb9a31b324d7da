/**
 * README's "Alerts" list is the catalogue's (contract/events.ts), and every event on it is one
 * the code really logs: an alert on a name nothing writes would never fire.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { LOG_EVENTS } from "../../../functions/src/contract/events";
import { ALERT_EVENTS, README, readmeSection } from "../../../scripts/alerts";

const SOURCE = path.join(__dirname, "../../../functions/src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}

const logged = new Set(
  sourceFiles(SOURCE).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/log\.(?:info|warn|error)\(\s*"([a-z_.]+)"/g)].map(
      (m) => m[1],
    ),
  ),
);

describe("alerts", () => {
  const section = readmeSection(readFileSync(README, "utf8"));
  const listed = [...section.matchAll(/^\| `([a-z_.]+)` +\|/gm)].map((m) => m[1]);

  it("README lists exactly the catalogue's alert events (run `npm run alerts` after a change)", () => {
    expect(listed).toEqual(ALERT_EVENTS);
    expect(ALERT_EVENTS.length).toBeGreaterThanOrEqual(10);
  });

  it("bounces and drops alert on a rate, not on every one", () => {
    expect(ALERT_EVENTS).toEqual(expect.arrayContaining(["mail.bounced", "mail.dropped"]));
    for (const event of ["mail.bounced", "mail.dropped"] as const) {
      expect(LOG_EVENTS[event].alertAbove).toEqual({ count: 10, minutes: 60 });
      expect(section).toContain(`--condition-display-name="more than 10 ${event} in 60 min"`);
    }
  });

  it.each(ALERT_EVENTS)("%s is logged by the code, at ERROR, with ready commands", (event) => {
    expect(logged.has(event)).toBe(true);
    // Rate alerts are for events that happen now and then (a bounce): WARNING, and a threshold.
    const above = (LOG_EVENTS[event] as { alertAbove?: { count: number; minutes: number } })
      .alertAbove;
    expect(LOG_EVENTS[event].severity).toBe(above ? "WARNING" : "ERROR");
    expect(section).toContain(
      above
        ? `"alignmentPeriod": "${above.minutes * 60}s", "perSeriesAligner": "ALIGN_SUM"}' \\\n  --if='> ${above.count}'`
        : "",
    );
    const metric = event.replace(/\./g, "_");
    expect(section).toContain(
      `gcloud logging metrics create ${metric} --project=PROJECT_ID \\\n  --description="${event}" --log-filter='resource.type="cloud_run_revision" AND jsonPayload.message="${event}"'`,
    );
    expect(section).toContain(`metric.type="logging.googleapis.com/user/${metric}"`);
  });

  it("every catalogued event is logged somewhere, and nothing is logged that isn't catalogued", () => {
    expect([...logged].sort()).toEqual(Object.keys(LOG_EVENTS).sort());
  });
});
