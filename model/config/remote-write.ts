// Checks of monitoring:remoteWrite across entries and its secret: unique names, an entry per `auth`, a queue Prometheus accepts (defaults filled in).
import { durationSeconds } from "./durations";
import { HasEntry, missingEntryText, Say } from "./messages";
import { RemoteWrite } from "./schema";

/** Prometheus 3's queue_config defaults, which a partly given queue is completed with. */
const prometheusQueueDefaults = { minShards: 1, maxShards: 50, minBackoff: "30ms", maxBackoff: "5s" } as const;

/** What the secret entry of each kind of auth holds, as the `pulumi config set` command shows it. */
const remoteWriteSecretPlaceholders: Readonly<Record<NonNullable<RemoteWrite["auth"]>["type"], string>> = {
    basic: "<password>",
    bearer: "<token>",
    sigv4: "<access-key-id>:<secret-access-key>",
};

/** `hasEntry`: whether monitoring:remoteWriteCredentials holds an entry (of a name). */
export function remoteWriteProblems(entries: readonly RemoteWrite[], hasEntry: HasEntry, say: Say): void {
    const seen = new Set<string>();
    const at = (path: PropertyKey[], text: string) => say("remoteWrite", text, path);
    entries.forEach((r, i) => {
        if (r.name !== undefined && seen.has(r.name)) at([i, "name"], `names must be unique (got ${JSON.stringify(r.name)} twice)`);
        if (r.name !== undefined) seen.add(r.name);
        if (r.auth && r.name !== undefined && !hasEntry("remoteWriteCredentials", r.name))
            at([i, "auth"], missingEntryText("remoteWriteCredentials", r.name, remoteWriteSecretPlaceholders[r.auth.type]));
        const q = { ...prometheusQueueDefaults, ...r.queue };
        const shown = (field: keyof typeof prometheusQueueDefaults) => `${field} (${q[field]}${r.queue?.[field] === undefined ? ", Prometheus' default" : ""})`;
        if (q.minShards > q.maxShards) at([i, "queue"], `${shown("minShards")} must not exceed ${shown("maxShards")}`);
        if (durationSeconds(q.minBackoff) > durationSeconds(q.maxBackoff)) at([i, "queue"], `${shown("minBackoff")} must not exceed ${shown("maxBackoff")}`);
    });
}
