// Time to page: the real prometheus and alertmanager (the deployed versions, npm run tools) run the dev stack's rendered files (addresses and
// paths made local, receivers made local webhooks, timing untouched); a platform failure happens at T0 and the clock
// stops when the pager's webhook is called. Each trial is a stack of its own; trials run side by side, started a few
// seconds apart, so their failures fall at different points of the scrape and evaluation cycles.
import * as fs from "fs";
import { parse, stringify } from "yaml";
import { criticalGroupName, platformGroupInterval } from "../alerts/groups";
import { renderPrometheusRuleFiles } from "../render/prometheus/rule-files";
import { routingSpec } from "../alerts/routing";
import { renderAlertmanagerConfig } from "../render/alertmanager/config";
import { durationSeconds } from "../model/config/durations";
import { parseStackConfig } from "../model/config/parse";
import { renderPrometheusConfig } from "../render/prometheus/config";
import { RuleFileDoc } from "../tests/support/local-profile";
import { done, getJson, notYet, waitFor } from "../tests/support/poll";
import { loadRawStackConfig, secretsNeededBy } from "../tests/support/stack-files";
import { cleanUpOnExit, Daemon } from "../tests/support/daemon";
import { makeTempDir, removeDir, requireTool } from "../tests/support/run-tool";
import { LocalStack, startLocalStack, StackFiles } from "./local-stack";

/** The alerts timed: a service that stops answering, and a database connection that is lost. */
export const timedAlerts = ["DatabaseConnectionLoss", "OrchestratorDown"] as const;
export type TimedAlert = (typeof timedAlerts)[number];

/** How a stack is timed: this project's settings, or the guide's (every job at 15s, every platform group at 30s). */
export type VariantName = "this project" | "guide settings";

export interface PageTiming {
    readonly variant: VariantName;
    readonly alert: TimedAlert;
    /** Seconds from the failure to the pager's webhook. */
    readonly seconds: number;
}

export interface VariantCost {
    readonly variant: VariantName;
    /** Samples Prometheus scrapes per second from every target of the dev stack run here. */
    readonly samplesPerSecond: number;
    /** Rule evaluations (alerting and recording rules) Prometheus runs per second. */
    readonly ruleEvaluationsPerSecond: number;
}

export interface Variant extends StackFiles {
    readonly name: VariantName;
}

const pager = "pagerduty";

/**
 * The dev stack as rendered from Pulumi.dev.yaml (its critical health rules are Prometheus' whoever evaluates the rest).
 * The guide variant scrapes the platform's jobs at the global 15s and evaluates the critical group at the guide's 30s,
 * everything else unchanged.
 */
function variants(): Variant[] {
    const raw = loadRawStackConfig("dev", secretsNeededBy(loadRawStackConfig("dev")));
    const tuned = parseStackConfig(raw, "dev");
    const guideTargets = tuned.platformTargets.map((t) => ({ job: t.job, targets: [...t.targets] }));
    const guide = parseStackConfig({ ...raw, "monitoring:platformTargets": JSON.stringify(guideTargets) }, "dev");
    const guideRules = Object.fromEntries(
        Object.entries(renderPrometheusRuleFiles(guide)).map(([file, text]) => {
            const doc = parse(text) as RuleFileDoc;
            for (const g of doc.groups) if (g.name === criticalGroupName) g.interval = platformGroupInterval;
            return [file, stringify(doc, { lineWidth: 0 })];
        }),
    );
    return [
        {
            name: "this project",
            config: tuned,
            prometheusYml: renderPrometheusConfig(tuned),
            ruleFiles: renderPrometheusRuleFiles(tuned),
            alertmanagerYml: renderAlertmanagerConfig(tuned),
        },
        {
            name: "guide settings",
            config: guide,
            prometheusYml: renderPrometheusConfig(guide),
            ruleFiles: guideRules,
            alertmanagerYml: renderAlertmanagerConfig(guide),
        },
    ];
}

/** The rule's `for` plus the route's group_wait: no pipeline can page sooner. */
export function floorSeconds(variant: Variant, alert: TimedAlert): number {
    const rule = Object.values(variant.ruleFiles)
        .flatMap((text) => (parse(text) as RuleFileDoc).groups.flatMap((g) => g.rules))
        .find((r) => r.alert === alert);
    if (!rule?.for) throw new Error(`${alert} has no \`for\` in the rendered rules`);
    return durationSeconds(rule.for) + durationSeconds(routingSpec.route.groupWait);
}

/** Samples scraped and rules evaluated per second, from the rendered intervals and what each target served. */
function cost(variant: Variant, samplesPerScrape: Readonly<Record<string, number>>): VariantCost {
    const prometheus = parse(variant.prometheusYml) as {
        global: { scrape_interval: string };
        scrape_configs: { job_name: string; scrape_interval?: string }[];
    };
    let samplesPerSecond = 0;
    for (const job of prometheus.scrape_configs) {
        if (!(job.job_name in samplesPerScrape)) continue;
        samplesPerSecond += samplesPerScrape[job.job_name] / durationSeconds(job.scrape_interval ?? prometheus.global.scrape_interval);
    }
    const evaluationInterval = durationSeconds(variant.config.evaluationInterval);
    const ruleEvaluationsPerSecond = Object.values(variant.ruleFiles)
        .flatMap((text) => (parse(text) as RuleFileDoc).groups)
        .reduce((sum, g) => sum + g.rules.length / (g.interval ? durationSeconds(g.interval) : evaluationInterval), 0);
    return { variant: variant.name, samplesPerSecond, ruleEvaluationsPerSecond };
}

type PromResponse<T> = { data: T };

/** Waits until every target is up and the critical rules have been evaluated, so T0 finds a steady stack. */
async function waitSteady(prometheus: Daemon): Promise<Record<string, number>> {
    return waitFor(
        "every target up and the rules evaluated",
        async () => {
            const { data } = await getJson<PromResponse<{ activeTargets: { labels: { job: string }; health: string }[] }>>(
                `${prometheus.baseUrl}/api/v1/targets`,
            );
            const down = data.activeTargets.filter((t) => t.health !== "up").map((t) => t.labels.job);
            if (data.activeTargets.length === 0 || down.length > 0) return notYet(`not up: ${down.join(", ") || "no targets yet"}`);
            const rules = await getJson<PromResponse<{ groups: { name: string; lastEvaluation: string }[] }>>(`${prometheus.baseUrl}/api/v1/rules`);
            const unevaluated = rules.data.groups.filter((g) => g.lastEvaluation.startsWith("0001")).map((g) => g.name);
            if (unevaluated.length > 0) return notYet(`not yet evaluated: ${unevaluated.join(", ")}`);
            const samples = await getJson<PromResponse<{ result: { metric: { job: string }; value: [number, string] }[] }>>(
                `${prometheus.baseUrl}/api/v1/query?query=${encodeURIComponent("sum by (job) (scrape_samples_scraped)")}`,
            );
            return done(Object.fromEntries(samples.data.result.map((r) => [r.metric.job, Number(r.value[1])])));
        },
        60_000,
        250,
    );
}

/**
 * A wait before the failure of `trial`'s `phase`, spread over 30 s (the longest cycle involved: the guide's evaluation
 * interval) by the golden ratio, so the failures of the trials fall at different points of every shorter cycle too.
 */
function phaseDelayMs(trial: number, phase: number): number {
    const fraction = ((trial + 1) * 0.6180339887 + phase * 0.7548776662) % 1;
    return Math.floor(fraction * 30_000);
}

/** Starts `failure` at T0 and returns the seconds until the pager's webhook receives `alert` firing. */
async function timeToPage(stack: LocalStack, alert: TimedAlert, failure: () => Promise<void> | void, limitSeconds: number): Promise<number> {
    const t0 = Date.now();
    await failure();
    const paged = await waitFor(
        `${alert} on the pager`,
        async () => {
            const hit = stack.webhook.receivedOn(pager).find((n) => n.body.status === "firing" && n.body.alerts.some((a) => a.labels.alertname === alert));
            return hit ? done(hit.receivedAt) : notYet(`${stack.webhook.received().length} notifications, none for ${alert}`);
        },
        limitSeconds * 1000,
        50,
    );
    return (paged - t0) / 1000;
}

/** One trial: the database connection is lost, then (restored) the orchestrator stops. */
async function runTrial(variant: Variant, index: number, startDelayMs: number): Promise<{ timings: PageTiming[]; samples: Record<string, number> }> {
    await new Promise((r) => setTimeout(r, startDelayMs));
    const dir = makeTempDir(`page-time-${index}`);
    const forget = cleanUpOnExit(() => fs.rmSync(dir, { recursive: true, force: true }));
    const stack = await startLocalStack(variant, dir);
    try {
        const samples = await waitSteady(stack.prometheus);
        const limit = (alert: TimedAlert) => 3 * floorSeconds(variant, alert);
        await new Promise((r) => setTimeout(r, phaseDelayMs(index, 0)));
        const db = await timeToPage(
            stack,
            "DatabaseConnectionLoss",
            () => stack.orchestrator.setGauge("provisioning_database_connected", 0),
            limit("DatabaseConnectionLoss"),
        );
        stack.orchestrator.setGauge("provisioning_database_connected", 1);
        await new Promise((r) => setTimeout(r, phaseDelayMs(index, 1)));
        const down = await timeToPage(stack, "OrchestratorDown", () => stack.orchestrator.stop(), limit("OrchestratorDown"));
        return {
            timings: [
                { variant: variant.name, alert: "DatabaseConnectionLoss", seconds: db },
                { variant: variant.name, alert: "OrchestratorDown", seconds: down },
            ],
            samples,
        };
    } finally {
        await stack.stop();
        removeDir(dir);
        forget();
    }
}

export interface PageTimeResults {
    readonly variants: readonly Variant[];
    readonly timings: readonly PageTiming[];
    readonly costs: readonly VariantCost[];
}

/** `runs` trials of each variant, side by side, started `staggerMs` apart. */
export async function measurePageTime(runs: number, staggerMs = 2_500): Promise<PageTimeResults> {
    for (const tool of ["prometheus", "alertmanager", "node_exporter"]) requireTool(tool);
    const all = variants();
    const trials = all.flatMap((v) => Array.from({ length: runs }, () => v));
    const results = await Promise.all(trials.map((v, i) => runTrial(v, i, i * staggerMs)));
    const costs = all.map((v) => cost(v, results[trials.indexOf(v)].samples));
    return { variants: all, timings: results.flatMap((r) => r.timings), costs };
}
