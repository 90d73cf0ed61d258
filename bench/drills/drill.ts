// What a drill is and what it reports, plus the small API helpers every drill uses (Prometheus' and Alertmanager's HTTP APIs).
import * as fs from "fs";
import { parse, stringify } from "yaml";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { parseStackConfig } from "../../model/config/parse";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { RuleFileDoc } from "../../tests/support/local-profile";
import { getJson } from "../../tests/support/poll";
import { loadRawStackConfig, secretsNeededBy } from "../../tests/support/stack-files";
import { cleanUpOnExit } from "../../tests/support/daemon";
import { makeTempDir, removeDir } from "../../tests/support/run-tool";
import { LocalStack, StackFiles } from "../local-stack";

export interface Check {
    readonly what: string;
    readonly ok: boolean;
    readonly detail: string;
}

/** What a drill found: its checks, its numbers, and every way its run differs from the rendered stack. */
export class Outcome {
    readonly checks: Check[] = [];
    readonly numbers: [string, string][] = [];
    readonly changes: string[] = [];
    /** Daemon output and other logs of the drill, by name (searched for secrets, written next to the report). */
    readonly logs: Record<string, string> = {};

    check(what: string, ok: boolean, detail: string): boolean {
        this.checks.push({ what, ok, detail });
        return ok;
    }
    number(name: string, value: string): void {
        this.numbers.push([name, value]);
    }
    change(text: string): void {
        this.changes.push(text);
    }
    keepLogs(prefix: string, logs: Readonly<Record<string, string>>): void {
        for (const [name, text] of Object.entries(logs)) this.logs[`${prefix}-${name}`] = text;
    }
    get passed(): boolean {
        return this.checks.length > 0 && this.checks.every((c) => c.ok);
    }
}

export interface Drill {
    readonly name: string;
    readonly title: string;
    run(outcome: Outcome): Promise<void>;
}

/** Logs of every drill run so far in this process (the secrets drill searches them). */
export const drillLogs: Record<string, string> = {};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const seconds = (ms: number, digits = 1): string => `${(ms / 1000).toFixed(digits)} s`;

/** A temp dir for the drill, removed afterwards (also if the run is interrupted). */
export async function inTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
    const dir = makeTempDir(`drill-${prefix}`);
    const forget = cleanUpOnExit(() => fs.rmSync(dir, { recursive: true, force: true }));
    try {
        return await body(dir);
    } finally {
        removeDir(dir);
        forget();
    }
}

/** Runs `body` on a started local stack and stops the stack afterwards, keeping its logs in `outcome`. */
export async function withStack<T>(outcome: Outcome, prefix: string, start: () => Promise<LocalStack>, body: (stack: LocalStack) => Promise<T>): Promise<T> {
    const stack = await start();
    try {
        return await body(stack);
    } finally {
        outcome.keepLogs(prefix, stack.logs());
        await stack.stop();
    }
}

/** A stack's files rendered from its Pulumi.<stack>.yaml (plus `overrides`), with fake values for the secrets its channels need. */
export function renderedStack(stack: "dev" | "prod", overrides: Readonly<Record<string, string>> = {}): StackFiles {
    const raw = { ...loadRawStackConfig(stack, secretsNeededBy(loadRawStackConfig(stack))), ...overrides };
    const config = parseStackConfig(raw, stack);
    return {
        config,
        prometheusYml: renderPrometheusConfig(config),
        ruleFiles: renderPrometheusRuleFiles(config),
        alertmanagerYml: renderAlertmanagerConfig(config),
    };
}

/** The rule files with `edit` applied to the named alerts (e.g. a shorter window); throws if an alert is missing. */
export function editAlerts(
    ruleFiles: Readonly<Record<string, string>>,
    alerts: readonly string[],
    edit: (rule: { expr: string; for?: string }) => void,
): Record<string, string> {
    const pending = new Set(alerts);
    const out: Record<string, string> = {};
    for (const [file, text] of Object.entries(ruleFiles)) {
        const doc = parse(text) as RuleFileDoc;
        for (const rule of doc.groups.flatMap((g) => g.rules)) {
            if (rule.alert && pending.delete(rule.alert)) edit(rule);
        }
        out[file] = stringify(doc, { lineWidth: 0 });
    }
    if (pending.size > 0) throw new Error(`alerts not in the rendered rules: ${[...pending].join(", ")}`);
    return out;
}

/** The rendered text of one alert rule (its expression and `for`), for the report. */
export function renderedAlert(ruleFiles: Readonly<Record<string, string>>, alert: string): { expr: string; for?: string; labels?: Record<string, string> } {
    const rule = Object.values(ruleFiles)
        .flatMap((text) => (parse(text) as RuleFileDoc).groups.flatMap((g) => g.rules))
        .find((r) => r.alert === alert);
    if (!rule) throw new Error(`${alert} is not in the rendered rules`);
    return rule;
}

// ------------------------------------------------------------------------------------------------------------- APIs

type PromResponse<T> = { data: T };
export interface Sample {
    metric: Record<string, string>;
    value: [number, string];
}
export interface Series {
    metric: Record<string, string>;
    values: [number, string][];
}
export interface PromAlert {
    labels: Record<string, string>;
    state: "pending" | "firing";
    activeAt: string;
}

const promQuery = async (base: string, query: string): Promise<Sample[]> =>
    (await getJson<PromResponse<{ result: Sample[] }>>(`${base}/api/v1/query?query=${encodeURIComponent(query)}`, 10_000)).data.result;
/** Raw samples of a range selector (`metric[5m]`), as stored. */
export const promRaw = async (base: string, selector: string): Promise<Series[]> =>
    (await getJson<PromResponse<{ result: Series[] }>>(`${base}/api/v1/query?query=${encodeURIComponent(selector)}`, 10_000)).data.result;
const promAlerts = async (base: string): Promise<PromAlert[]> => (await getJson<PromResponse<{ alerts: PromAlert[] }>>(`${base}/api/v1/alerts`)).data.alerts;
export const scalar = async (base: string, query: string): Promise<number | undefined> => {
    const result = await promQuery(base, query);
    return result.length === 0 ? undefined : Number(result[0].value[1]);
};
export const firing = async (base: string, alert: string): Promise<PromAlert[]> =>
    (await promAlerts(base)).filter((a) => a.labels.alertname === alert && a.state === "firing");

/**
 * Waits until every target is up and every rule group evaluated at least every `groupsEveryAtMostS` has run once (a
 * 5-minute group, e.g. the SLOs' long windows or the dashboards' host charts, first runs up to 5 minutes after the start).
 */
export async function waitTargetsAndRules(base: string, timeoutMs = 60_000, groupsEveryAtMostS = 60): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        try {
            const targets = (await getJson<PromResponse<{ activeTargets: { health: string }[] }>>(`${base}/api/v1/targets`)).data.activeTargets;
            const groups = (await getJson<PromResponse<{ groups: { lastEvaluation: string; interval: number }[] }>>(`${base}/api/v1/rules`)).data.groups;
            const awaited = groups.filter((g) => g.interval <= groupsEveryAtMostS);
            if (targets.length > 0 && targets.every((t) => t.health === "up") && awaited.every((g) => !g.lastEvaluation.startsWith("0001"))) return;
        } catch {
            // not answering yet
        }
        if (Date.now() > deadline) throw new Error(`targets not all up or rules not evaluated within ${timeoutMs} ms on ${base}`);
        await sleep(250);
    }
}

export interface PostedAlert {
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    startsAt?: string;
    endsAt?: string;
}

/** POSTs alerts to Alertmanager's v2 API, as Prometheus does. */
export async function postAlerts(base: string, alerts: readonly PostedAlert[]): Promise<void> {
    const response = await fetch(`${base}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alerts),
        signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`POST ${base}/api/v2/alerts: ${response.status} ${await response.text()}`);
}

/** Re-posts `alerts` to every base URL every `everyMs` until stopped (Prometheus re-sends firing alerts the same way). */
export function keepPosting(bases: () => readonly string[], alerts: readonly PostedAlert[], everyMs: number): { stop(): Promise<void> } {
    let stopped = false;
    const loop = (async () => {
        while (!stopped) {
            await Promise.allSettled(bases().map((b) => postAlerts(b, alerts)));
            for (let waited = 0; waited < everyMs && !stopped; waited += 100) await sleep(100);
        }
    })();
    return {
        stop: async () => {
            stopped = true;
            await loop;
        },
    };
}

export interface AmAlert {
    labels: Record<string, string>;
    fingerprint: string;
    status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}
export const amAlerts = (base: string, timeoutMs = 10_000): Promise<AmAlert[]> => getJson<AmAlert[]>(`${base}/api/v2/alerts`, timeoutMs);
export interface AmStatus {
    cluster: { name: string; status: string; peers: { name: string; address: string }[] | null };
    config: { original: string };
}
export const amStatus = (base: string): Promise<AmStatus> => getJson<AmStatus>(`${base}/api/v2/status`);

/** SIGKILL to the daemon's process group (no clean shutdown), then waits for it to be gone. */
export async function killHard(daemon: { pid: number; stop(): Promise<void> }): Promise<void> {
    try {
        process.kill(-daemon.pid, "SIGKILL");
    } catch {
        // already gone
    }
    await daemon.stop();
}

/** Creates a silence of `name=value` for an hour; returns its id. */
export async function postSilence(base: string, name: string, value: string, comment: string): Promise<string> {
    const now = Date.now();
    const response = await fetch(`${base}/api/v2/silences`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
            matchers: [{ name, value, isRegex: false, isEqual: true }],
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now + 3_600_000).toISOString(),
            createdBy: "drills",
            comment,
        }),
        signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`POST ${base}/api/v2/silences: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { silenceID: string }).silenceID;
}

export const getSilences = (base: string): Promise<{ id: string; status: { state: string } }[]> => getJson(`${base}/api/v2/silences`);
