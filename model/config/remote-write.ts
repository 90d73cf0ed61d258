// Checks of monitoring:remoteWrite across its entries and against its secret: unique names, an entry for each `auth`,
// a queue Prometheus accepts with its defaults filled in.
import { durationSeconds } from "./durations";
import { RemoteWrite } from "./schema";

/** Prometheus 3's queue_config defaults, which a partly given queue is completed with. */
const prometheusQueueDefaults = { minShards: 1, maxShards: 50, minBackoff: "30ms", maxBackoff: "5s" } as const;

/** What the secret entry of each kind of auth holds, as the `pulumi config set` command shows it. */
const remoteWriteSecretPlaceholders: Readonly<Record<NonNullable<RemoteWrite["auth"]>["type"], string>> = {
    basic: "<password>",
    bearer: "<token>",
    sigv4: "<access-key-id>:<secret-access-key>",
};

/** One problem: where (inside monitoring:remoteWrite) and what. */
export interface RemoteWriteProblem {
    readonly path: readonly PropertyKey[];
    readonly text: string;
    /** Set when the problem is a missing secret entry: the entry's name and placeholder, for the command that sets it. */
    readonly missingSecret?: { readonly name: string; readonly placeholder: string };
}

/**
 * `secret`: whether monitoring:remoteWriteCredentials is set, and its entry names when they can be read (as for
 * scrapeCredentials, a set secret whose names cannot be read is taken as holding them).
 */
export function remoteWriteProblems(entries: readonly RemoteWrite[], secret: { set: boolean; names?: readonly string[] }): RemoteWriteProblem[] {
    const problems: RemoteWriteProblem[] = [];
    const seen = new Set<string>();
    entries.forEach((r, i) => {
        if (r.name !== undefined && seen.has(r.name)) problems.push({ path: [i, "name"], text: `names must be unique (got ${JSON.stringify(r.name)} twice)` });
        if (r.name !== undefined) seen.add(r.name);
        if (r.auth && r.name !== undefined && (!secret.set || (secret.names !== undefined && !secret.names.includes(r.name))))
            problems.push({
                path: [i, "auth"],
                text: `needs the secret monitoring:remoteWriteCredentials.${r.name}`,
                missingSecret: { name: r.name, placeholder: remoteWriteSecretPlaceholders[r.auth.type] },
            });
        const q = { ...prometheusQueueDefaults, ...r.queue };
        const shown = (field: keyof typeof prometheusQueueDefaults) => `${field} (${q[field]}${r.queue?.[field] === undefined ? ", Prometheus' default" : ""})`;
        if (q.minShards > q.maxShards) problems.push({ path: [i, "queue"], text: `${shown("minShards")} must not exceed ${shown("maxShards")}` });
        if (durationSeconds(q.minBackoff) > durationSeconds(q.maxBackoff))
            problems.push({ path: [i, "queue"], text: `${shown("minBackoff")} must not exceed ${shown("maxBackoff")}` });
    });
    return problems;
}
