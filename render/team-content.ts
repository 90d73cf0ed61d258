// A team stack's dashboards and PromQL alert rules (program/team-monitoring.ts): checked before any resource, rendered as Grafana's provider compares.
import { promqlSyntaxErrors } from "../alerts/promql-syntax";
import { normalizeDashboardJson } from "../dashboards/normalize";
import { parsedJson } from "../model/common/parsed-json";
import { durationPattern, routedSeverities, teamNamePattern } from "../model/config/schema";
import { teamFolderUid } from "../model/folders";
import { kebabRuleUid, promqlRule } from "./grafana-content/alert-rule-groups";

/** A dashboard: Grafana's JSON model (an object, or its text as exported); it goes to the team's folder. */
export interface TeamDashboard {
    readonly json: Record<string, unknown> | string;
    /** Only the team's own folder is accepted; leave it out. */
    readonly folderUid?: string;
}

/** A Grafana-managed alert rule on Prometheus' data; it carries `team=<team>` so Alertmanager routes it to the team. */
export interface TeamAlertRule {
    readonly name: string;
    readonly expr: string;
    /** How long the condition holds before the alert fires (a Prometheus duration). Default: 0s. */
    readonly for?: string;
    readonly severity: "critical" | "warning" | "info";
    readonly summary: string;
    readonly description?: string;
    readonly labels?: Readonly<Record<string, string>>;
    /** Only the team's own folder is accepted; leave it out. */
    readonly folderUid?: string;
}

export interface TeamContent {
    readonly dashboards?: readonly TeamDashboard[];
    readonly alertRules?: readonly TeamAlertRule[];
}

/** Set by the stack: a team may not relabel its alerts into another team's route or another cluster. */
const reservedLabels = ["team", "severity", "cluster"];
const ruleNamePattern = /^[A-Za-z][A-Za-z0-9_]*$/;

const teamRuleUid = (team: string, rule: string) => kebabRuleUid(`t-${team}-`, rule);

function dashboardModel(d: TeamDashboard): Record<string, unknown> | undefined {
    if (typeof d.json !== "string") return d.json;
    const parsed = parsedJson(d.json);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** Every problem of a team's content, one line each, naming the dashboard or rule and what is accepted. */
export function teamContentProblems(team: string, content: TeamContent): string[] {
    if (!teamNamePattern.test(team)) return [`team ${JSON.stringify(team)}: expected the team's name in monitoring:teams, such as payments`];
    const folder = teamFolderUid(team);
    const problems: string[] = [];
    const foreign = (what: string, uid: string | undefined) => {
        if (uid !== undefined && uid !== folder)
            problems.push(`${what}: folder ${uid} is not the folder of team ${team}; a team writes only to its own (${folder})`);
    };
    const uids = new Set<string>();
    (content.dashboards ?? []).forEach((d, i) => {
        const model = dashboardModel(d);
        const what = `dashboard ${typeof model?.uid === "string" ? model.uid : `[${i}]`}`;
        foreign(what, d.folderUid);
        if (model === undefined) return void problems.push(`${what}: expected Grafana's dashboard JSON (an object)`);
        if (typeof model.uid !== "string" || typeof model.title !== "string") problems.push(`${what}: expected a uid and a title`);
        else if (uids.has(model.uid)) problems.push(`${what}: uid used twice; each dashboard needs its own`);
        if (typeof model.uid === "string") uids.add(model.uid);
    });
    const ruleUids = new Set<string>();
    (content.alertRules ?? []).forEach((r, i) => {
        const what = `alert rule ${ruleNamePattern.test(r.name) ? r.name : `[${i}]`}`;
        foreign(what, r.folderUid);
        if (!ruleNamePattern.test(r.name))
            problems.push(`${what}: expected a name of letters, digits and '_' such as PaymentsFailing (got ${JSON.stringify(r.name)})`);
        else if (ruleUids.has(teamRuleUid(team, r.name))) problems.push(`${what}: named twice (or alike in its first 40 characters); name each rule once`);
        ruleUids.add(teamRuleUid(team, r.name));
        for (const error of promqlSyntaxErrors(r.expr).slice(0, 1)) problems.push(`${what}: expr is not PromQL (${error})`);
        if (r.for !== undefined && !durationPattern.test(r.for)) problems.push(`${what}: for: expected a duration such as 5m (got ${JSON.stringify(r.for)})`);
        if (!routedSeverities.includes(r.severity))
            problems.push(`${what}: severity: expected one of ${routedSeverities.join(", ")} (got ${JSON.stringify(r.severity)})`);
        if (!r.summary) problems.push(`${what}: expected a summary (what is wrong, for the person paged)`);
        for (const label of Object.keys(r.labels ?? {}).filter((l) => reservedLabels.includes(l)))
            problems.push(`${what}: label ${label} is set by the stack (${reservedLabels.join(", ")} are); leave it out`);
    });
    return problems;
}

/** The team's dashboards as canonical JSON (the provider's stored form, so a refresh shows no change). */
export function teamDashboards(content: TeamContent): { uid: string; configJson: string }[] {
    return (content.dashboards ?? []).map((d) => {
        const model = dashboardModel(d)!;
        return { uid: model.uid as string, configJson: normalizeDashboardJson(model) };
    });
}

/** The team's rule group: every rule in its folder, evaluated every minute, labelled with the team and its severity. */
export function teamRuleGroup(team: string, content: TeamContent) {
    return {
        name: `team-${team}`,
        folderUid: teamFolderUid(team),
        intervalSeconds: 60,
        rules: (content.alertRules ?? []).map((r) => ({
            ...promqlRule(teamRuleUid(team, r.name), r.name, r.for, r.expr),
            labels: { ...r.labels, severity: r.severity, team },
            annotations: { summary: r.summary, ...(r.description ? { description: r.description } : {}) },
        })),
    };
}
