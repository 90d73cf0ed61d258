// The checks across teams and the rest of the config (monitoring:teams): one line per problem, before anything is deployed.
import { HasEntry, missingEntryText, Say } from "./messages";
import { Team } from "./schema";
import { ConfigSlice } from "./types";

// The parser's own targets (before discovery's namespaces are filled in): only their job names are read here.
type Parts = ConfigSlice<"teams" | "components" | "clientNamespaces" | "alertEmailFrom" | "smtpSmarthost"> & {
    readonly platformTargets: readonly { readonly job: string }[];
};

/** A team's scrape job where its stack lists its targets in a file (no cluster API); Prometheus sets it, as it sets `team`. */
export const teamTargetsJob = (team: string): string => `team-${team}`;
/** That file, in the directory the monitoring stack outputs as `scrapeTargetsDir`. */
export const teamTargetsFileName = (team: string): string => `team-${team}.json`;

/** The secret entry that holds a team receiver's credential: `monitoring:teamSecrets.<team>-<kind>`. */
export const teamSecretEntry = (team: string, kind: "slack" | "pagerduty") => `${team}-${kind}`;

/** The receivers of a team that read a credential from monitoring:teamSecrets, with the value each entry holds. */
export function teamSecretKinds(team: Team): { kind: "slack" | "pagerduty"; value: string }[] {
    return [
        ...(team.receivers.slack !== undefined ? [{ kind: "slack" as const, value: "<webhook-url>" }] : []),
        ...(team.receivers.pagerduty === true ? [{ kind: "pagerduty" as const, value: "<routing-key>" }] : []),
    ];
}

/** `namespacesAllowed`: undefined when the platform itself was refused; `checkNamespaces`: whether clientNamespaces was valid. */
export function teamProblems(c: Parts, namespacesAllowed: boolean | undefined, checkNamespaces: boolean, hasEntry: HasEntry, say: Say): void {
    if (c.teams.length === 0) return;
    // Without Grafana a team has its routes and its targets' label, but no folder, token or editors.
    if (!c.components.includes("alertmanager")) say("teams", "teams need the component alertmanager (their alerts' routes); add it to monitoring:components");
    const names = new Set<string>();
    const owners = new Map<string, string>();
    c.teams.forEach((t, i) => {
        if (names.has(t.name)) say("teams", `team ${t.name} is named twice; name each team once`, [i, "name"]);
        if ((t.editors ?? []).length > 0 && !c.components.includes("grafana"))
            say("teams", "editors edit the team's Grafana folder; add grafana to monitoring:components or leave editors out", [i, "editors"]);
        if (c.platformTargets.some((p) => p.job === teamTargetsJob(t.name)))
            say(
                "teams",
                `job ${teamTargetsJob(t.name)} of monitoring:platformTargets is the scrape job of team ${t.name}'s own targets; name that job otherwise`,
                [i, "name"],
            );
        names.add(t.name);
        if (t.namespaces && namespacesAllowed === false) say("teams", "namespaces need platform kubernetes; leave them out on docker", [i, "namespaces"]);
        for (const ns of t.namespaces ?? []) {
            const owner = owners.get(ns);
            if (owner !== undefined && owner !== t.name)
                say("teams", `namespace ${ns} belongs to team ${owner} already; a namespace belongs to one team`, [i, "namespaces"]);
            owners.set(ns, owner ?? t.name);
            if (namespacesAllowed && checkNamespaces && !c.clientNamespaces.includes(ns))
                say("teams", `Prometheus does not watch namespace ${ns}; add it to monitoring:clientNamespaces`, [i, "namespaces"]);
        }
        for (const { kind, value } of teamSecretKinds(t)) {
            const entry = teamSecretEntry(t.name, kind);
            if (!hasEntry("teamSecrets", entry)) say("teams", missingEntryText("teamSecrets", entry, value), [i, "receivers", kind]);
        }
        if (t.receivers.email !== undefined && (c.alertEmailFrom === undefined || c.smtpSmarthost === undefined))
            say("teams", "e-mail goes through the stack's SMTP relay; set monitoring:alertEmailFrom and monitoring:smtpSmarthost", [i, "receivers", "email"]);
    });
}

/** monitoring:prometheusOperator: a cluster, teams with namespaces to watch, and the Prometheus and Alertmanager it feeds. */
export function prometheusOperatorProblems(
    c: Pick<Parts, "teams" | "components"> & { readonly prometheusOperator?: object },
    namespacesAllowed: boolean | undefined,
    say: Say,
): void {
    if (c.prometheusOperator === undefined) return;
    if (namespacesAllowed === false) say("prometheusOperator", "the Prometheus Operator needs platform kubernetes; leave it out on docker");
    else if (!c.teams.some((t) => t.namespaces?.length))
        say("prometheusOperator", "the Prometheus Operator watches the teams' namespaces; give a team of monitoring:teams its namespaces");
    const missing = (["prometheus", "alertmanager"] as const).filter((n) => !c.components.includes(n));
    if (missing.length > 0)
        say(
            "prometheusOperator",
            `the Prometheus Operator writes to Prometheus and alerts through Alertmanager; add ${missing.join(" and ")} to monitoring:components`,
        );
}

/** A team's entry in the monitoring stack's `teams` output: its folder and token where the stack runs Grafana, its namespaces. */
export interface TeamAccess {
    readonly folderUid?: string;
    readonly token?: string;
    readonly namespaces?: readonly string[];
}
