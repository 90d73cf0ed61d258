// `npm run bench -- --only replay`: the healthy week and every incident replayed through the prod stack's rendered rules by
// the real promtool, and each alert that fired routed by the rendered alertmanager.yml: pages, chat messages, time to page.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { receiversFor } from "../../ops/route-match";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { recordingGroupName, ruleFileNames } from "../../alerts/groups";
import { makeTempDir, removeDir, requireTool } from "../../tests/support/run-tool";
import { loadRawStackConfig, secretsNeededBy } from "../../tests/support/stack-files";
import { minutesPerDay } from "./platform-model";
import { platformSeries } from "./platform-week";
import { matcherMatches, parseMatcher } from "../../ops/matchers";
import { episodesChecks, firingMinuteQuery, ReplayCheck, ReplayGroup, replayTestFile } from "./replay-file";
import { afterMinutes, defaultHistoryMinutes, healthyWeek, IncidentScenario, incidentScenarios } from "./scenarios";

/** The prod stack (every channel, so page and chat are told apart), with Prometheus evaluating every alert. */
export function replayStack(): StackConfig {
    const raw = loadRawStackConfig("prod", secretsNeededBy(loadRawStackConfig("prod")));
    return parseStackConfig({ ...raw, "monitoring:platformAlertsEvaluator": "prometheus" }, "prod");
}

/**
 * The rendered rule files, less the recording groups no page or chat message reads: the SLOs' 1d, 3d and 30d windows
 * (tickets and the budget panels; promtool evaluates every group every minute, and those windows read days of samples
 * at each step) and the dashboards' groups.
 */
export function replayRuleFiles(config: StackConfig, ruleDir?: string): Record<string, string> {
    const files = ruleDir
        ? Object.fromEntries(Object.values(ruleFileNames).map((name) => [name, fs.readFileSync(path.join(ruleDir, name), "utf8")]))
        : renderPrometheusRuleFiles(config);
    const recording = parse(files[ruleFileNames.recording]) as { groups: { name: string }[] };
    return { ...files, [ruleFileNames.recording]: stringify({ groups: recording.groups.filter((g) => g.name === recordingGroupName) }) };
}

/** One alert's firing episodes in a replay, and where the rendered alertmanager.yml sends it. */
export interface Fired {
    readonly alert: string;
    readonly severity: string;
    readonly job: string;
    readonly episodes: number;
    readonly receivers: readonly string[];
    /** Minutes from the incident's start to its first and last firing evaluation (incidents only). */
    readonly first?: number;
    readonly last?: number;
    /** An alert that fired throughout, and whose inhibition rule mutes this one: it never notifies. */
    readonly inhibitedBy?: string;
}

export interface IncidentResult {
    readonly scenario: IncidentScenario;
    readonly fired: readonly Fired[];
}

export interface ReplayResult {
    readonly week: readonly Fired[];
    readonly incidents: readonly IncidentResult[];
    readonly seconds: number;
}

/** The samples promtool reports it got for `expr` (none when the check passed with no samples expected). */
function gotSamples(output: string, expr: string): { labels: Record<string, string>; value: number }[] {
    const at = output.indexOf(`expr: ${JSON.stringify(expr)}`);
    if (at < 0) return [];
    const line = output
        .slice(at)
        .split("\n")
        .find((l) => l.trim().startsWith("got:"))!;
    const text = line.trim().slice("got:".length).trim();
    if (text === "nil") return [];
    return [...text.matchAll(/\{([^}]*)\} ([-+0-9.eE]+)/g)].map((m) => ({
        labels: Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]])),
        value: Number(m[2]),
    }));
}

/** Runs one replay group through promtool, expecting nothing, and reads what it got instead. */
function replay(dir: string, ruleFiles: readonly string[], group: ReplayGroup): string {
    const file = `${group.name.replace(/[^a-z0-9]+/gi, "-")}.test.yml`;
    fs.writeFileSync(path.join(dir, file), replayTestFile(ruleFiles, [group]));
    requireTool("promtool");
    const result = spawnSync("promtool", ["test", "rules", file], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw new Error(`promtool test rules ${file}: ${result.error.message}`);
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0 && !output.includes("got:")) throw new Error(`promtool test rules ${file} exited ${result.status}:\n${output}`);
    return output;
}

/** Episodes per alert summed over the checks, each alert routed by alertmanager.yml. */
function fired(output: string, checks: readonly ReplayCheck[], alertmanagerYaml: string, cluster: string): Fired[] {
    const episodes = new Map<string, number>();
    for (const s of checks.flatMap((c) => gotSamples(output, c.expr))) {
        const key = [s.labels.alertname, s.labels.severity, s.labels.job ?? ""].join("/");
        episodes.set(key, (episodes.get(key) ?? 0) + s.value);
    }
    return [...episodes].sort().map(([key, n]) => {
        const [alert, severity, job] = key.split("/");
        return { alert, severity, job, episodes: n, receivers: receiversFor(alertmanagerYaml, { alertname: alert, severity, job, cluster }) };
    });
}

interface InhibitRule {
    readonly source_matchers: readonly string[];
    readonly target_matchers: readonly string[];
    readonly equal?: readonly string[];
}

/** Marks each alert that a rendered inhibition mutes for all its firing time (its source fired from before to after it). */
function withInhibitions(fired: readonly Fired[], alertmanagerYaml: string, cluster: string): Fired[] {
    const rules = ((parse(alertmanagerYaml) as { inhibit_rules?: InhibitRule[] }).inhibit_rules ?? []).map((r) => ({
        source: r.source_matchers.map(parseMatcher),
        target: r.target_matchers.map(parseMatcher),
        equal: r.equal ?? [],
    }));
    const labels = (f: Fired): Record<string, string> => ({ alertname: f.alert, severity: f.severity, job: f.job, cluster });
    return fired.map((target) => {
        const source = fired.find(
            (s) =>
                s !== target &&
                rules.some(
                    (r) =>
                        r.target.every((m) => matcherMatches(m, labels(target))) &&
                        r.source.every((m) => matcherMatches(m, labels(s))) &&
                        r.equal.every((l) => labels(s)[l] === labels(target)[l]),
                ) &&
                s.first! <= target.first! &&
                s.last! >= target.last!,
        );
        return source ? { ...target, inhibitedBy: source.alert } : target;
    });
}

export interface ReplayOptions {
    /** The incidents only, without the healthy week (which takes minutes). */
    readonly incidentsOnly?: boolean;
    /** Rule files to replay instead of this checkout's (e.g. `npm run render -- --stack prod` of an older commit, its prometheus/rules). */
    readonly ruleDir?: string;
}

export function runReplay(log: (line: string) => void, options: ReplayOptions = {}): ReplayResult {
    const incidentsOnly = options.incidentsOnly ?? false;
    const began = Date.now();
    const config = replayStack();
    const alertmanagerYaml = renderAlertmanagerConfig(config);
    const dir = makeTempDir("replay");
    try {
        const files = replayRuleFiles(config, options.ruleDir);
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        const ruleFiles = Object.keys(files).sort();
        if (!incidentsOnly)
            log(`replaying the healthy week (${healthyWeek.minutes / minutesPerDay} days, ${healthyWeek.countedFrom / minutesPerDay} of history) ...`);
        const weekChecks = episodesChecks(healthyWeek.countedFrom, healthyWeek.minutes);
        const weekOut = incidentsOnly
            ? ""
            : replay(dir, ruleFiles, {
                  name: "healthy week",
                  series: platformSeries(healthyWeek.start, healthyWeek.minutes),
                  minutes: healthyWeek.minutes,
                  checks: weekChecks,
              });
        const incidents = incidentScenarios.map((scenario) => {
            log(`replaying: ${scenario.name} ...`);
            const history = scenario.history ?? defaultHistoryMinutes;
            const minutes = history + afterMinutes;
            const episodes = episodesChecks(0, minutes);
            const [first, last] = (["min", "max"] as const).map((edge) => firingMinuteQuery(edge, minutes - 1, history));
            const out = replay(dir, ruleFiles, {
                name: scenario.name,
                series: platformSeries(scenario.at - history, minutes, scenario.incident),
                minutes,
                checks: [...episodes, ...[first, last].map((expr) => ({ expr, at: minutes - 1, expected: [] }))],
            });
            const edge = (expr: string, f: Fired) => gotSamples(out, expr).find((s) => s.labels.alertname === f.alert && (s.labels.job ?? "") === f.job)?.value;
            const timed = fired(out, episodes, alertmanagerYaml, config.cluster).map((f) => ({ ...f, first: edge(first, f), last: edge(last, f) }));
            return { scenario, fired: withInhibitions(timed, alertmanagerYaml, config.cluster) };
        });
        return { week: fired(weekOut, weekChecks, alertmanagerYaml, config.cluster), incidents, seconds: (Date.now() - began) / 1000 };
    } finally {
        removeDir(dir);
    }
}
