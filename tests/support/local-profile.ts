// The rendered prometheus.yml, rule files and alertmanager.yml, changed only where a local run must differ from a deployment:
// addresses (127.0.0.1 and free ports instead of the stack's host names), paths, timing (the "test profile": seconds instead
// of minutes) and the receivers' integrations (local webhooks instead of PagerDuty, Slack and e-mail). Everything else,
// above all the route tree, inhibitions, alert expressions and labels, stays as rendered; the test checks that.
import { parse, stringify } from "yaml";

type StaticConfig = { targets: string[]; labels?: Record<string, string> };
export type ScrapeJob = { job_name: string; scrape_interval?: string; scrape_timeout?: string; static_configs: StaticConfig[]; [key: string]: unknown };

export type PrometheusDoc = Record<string, unknown> & {
    global: { scrape_interval: string; scrape_timeout?: string; evaluation_interval: string; [key: string]: unknown };
    alerting?: { alertmanagers: { static_configs: StaticConfig[] }[] };
    rule_files: string[];
    scrape_configs: ScrapeJob[];
};

export type RuleDoc = { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
export type RuleFileDoc = { groups: { name: string; interval?: string; rules: RuleDoc[] }[] };

export type AlertmanagerDoc = Record<string, unknown> & { route: Record<string, unknown>; receivers: ({ name: string } & Record<string, unknown>)[] };

const toYaml = (doc: unknown): string => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });

export interface LocalPrometheusOptions {
    /** Scrape and evaluation interval of the test profile (also the scrape timeout, which may not exceed it); absent: as rendered. */
    readonly interval?: string;
    readonly alertmanager: string;
    /** Local target of every job that is kept, by job name; every other job must be listed in `dropJobs`. */
    readonly targets: Readonly<Record<string, string>>;
    /** Jobs of components this run does not start, removed (their targets would only be down). */
    readonly dropJobs: readonly string[];
    readonly ruleFilesGlob: string;
}

/** The local prometheus.yml: rendered text in, YAML text out. Throws on a job neither kept nor dropped. */
export function localPrometheusConfig(rendered: string, options: LocalPrometheusOptions): string {
    const doc = parse(rendered) as PrometheusDoc;
    const { interval } = options;
    // Test profile: scrape and evaluate every `interval`, a per-job interval (a platform target's scrapeInterval) too.
    const timing = interval === undefined ? {} : { scrape_interval: interval, scrape_timeout: interval };
    if (interval !== undefined) Object.assign(doc.global, timing, { evaluation_interval: interval });
    if (!doc.alerting || doc.alerting.alertmanagers.length !== 1) throw new Error("expected exactly one Alertmanager in prometheus.yml");
    doc.alerting.alertmanagers[0].static_configs = [{ targets: [options.alertmanager] }];
    if (doc.rule_files.length !== 1) throw new Error(`expected one rule_files glob, got ${JSON.stringify(doc.rule_files)}`);
    doc.rule_files = [options.ruleFilesGlob];
    const unknown = doc.scrape_configs.map((j) => j.job_name).filter((j) => !(j in options.targets) && !options.dropJobs.includes(j));
    if (unknown.length > 0) throw new Error(`scrape jobs neither started nor dropped by the local run: ${unknown.join(", ")}`);
    doc.scrape_configs = doc.scrape_configs
        .filter((job) => !options.dropJobs.includes(job.job_name))
        .map((job) => {
            const targets = job.static_configs.flatMap((s) => s.targets);
            if (targets.length !== 1) throw new Error(`job ${job.job_name}: expected one target, got ${targets.join(", ")}`);
            const local = { ...job, static_configs: job.static_configs.map((s) => ({ ...s, targets: [options.targets[job.job_name]] })) };
            return job.scrape_interval === undefined ? local : { ...local, ...timing };
        });
    const missing = Object.keys(options.targets).filter((j) => !doc.scrape_configs.some((s) => s.job_name === j));
    if (missing.length > 0) throw new Error(`no rendered scrape job for ${missing.join(", ")}`);
    // Nothing leaves the machine (dev renders none).
    delete doc.remote_write;
    return toYaml(doc);
}

/** Every group's evaluation `interval` (the rendered 15s/30s would make each step wait that long), and the shortened `for` of the alerts under test. */
export type LocalRuleOptions = { readonly interval?: string; readonly alertFor: Readonly<Record<string, string>> };

/** The local rule files: file name -> rendered text in, file name -> YAML text out. */
export function localRuleFiles(rendered: Readonly<Record<string, string>>, options: LocalRuleOptions): Record<string, string> {
    const pending = new Set(Object.keys(options.alertFor));
    const local: Record<string, string> = {};
    for (const [file, text] of Object.entries(rendered)) {
        const doc = parse(text) as RuleFileDoc;
        for (const group of doc.groups) {
            if (options.interval !== undefined) group.interval = options.interval;
            for (const rule of group.rules) {
                if (rule.alert === undefined || !(rule.alert in options.alertFor)) continue;
                if (rule.for === undefined) throw new Error(`${rule.alert} has no \`for\` to shorten`);
                rule.for = options.alertFor[rule.alert];
                pending.delete(rule.alert);
            }
        }
        local[file] = toYaml(doc);
    }
    if (pending.size > 0) throw new Error(`alerts to shorten not in the rendered rules: ${[...pending].join(", ")}`);
    return local;
}

/** The root route's timers (the rendered 10s would make each notification wait that long), the webhook that replaces each named receiver's integrations, and the receivers that must have none (the Watchdog's blackhole). */
type LocalAlertmanagerOptions = { groupWait?: string; groupInterval?: string; webhooks: Readonly<Record<string, string>>; silentReceivers: readonly string[] };

/** Keys of a receiver that configure an integration (pagerduty_configs, email_configs, ...). */
export const integrationKeys = (receiver: Record<string, unknown>): string[] => Object.keys(receiver).filter((k) => k.endsWith("_configs"));

/** The local alertmanager.yml: rendered text in, YAML text out. The route tree is untouched apart from its two timers. */
export function localAlertmanagerConfig(rendered: string, options: LocalAlertmanagerOptions): string {
    const doc = parse(rendered) as AlertmanagerDoc;
    if (options.groupWait !== undefined) doc.route.group_wait = options.groupWait;
    if (options.groupInterval !== undefined) doc.route.group_interval = options.groupInterval;
    const names = doc.receivers.map((r) => r.name);
    const unknown = [...Object.keys(options.webhooks), ...options.silentReceivers].filter((n) => !names.includes(n));
    if (unknown.length > 0) throw new Error(`no rendered receiver named ${unknown.join(", ")}`);
    doc.receivers = doc.receivers.map((receiver) => {
        if (options.silentReceivers.includes(receiver.name)) {
            if (integrationKeys(receiver).length > 0) throw new Error(`receiver ${receiver.name} was rendered with integrations`);
            return receiver;
        }
        const url = options.webhooks[receiver.name];
        if (url === undefined) throw new Error(`receiver ${receiver.name} has neither a webhook nor is it silent`);
        // Whatever the stack renders for it (pagerduty_configs, slack_configs, email_configs; nothing in dev, which has
        // no channel) is replaced by one webhook to the local receiver, which keeps resolved notifications as the others do.
        const kept = Object.fromEntries(Object.entries(receiver).filter(([k]) => !k.endsWith("_configs")));
        return { ...kept, name: receiver.name, webhook_configs: [{ url, send_resolved: true }] };
    });
    return toYaml(doc);
}
