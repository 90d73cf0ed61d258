// The dev stack's rendered files on the pinned daemons (npm run tools), on 127.0.0.1: platform stand-ins, node_exporter, Alertmanager,
// Prometheus and a local webhook for every receiver. One place starts them for the paging benchmark and the drills;
// addresses, paths and receivers are made local (tests/support/local-profile.ts), everything else stays as rendered
// unless a caller changes it on purpose (and says so).
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { platformJobs } from "../alerts/catalog";
import { StackConfig } from "../model/config/types";
import { AlertmanagerDoc, localAlertmanagerConfig, LocalRuleOptions, localPrometheusConfig, localRuleFiles } from "../tests/support/local-profile";
import { PlatformStandIn, startPlatformStandIn } from "../tests/support/platform-stand-in";
import { startWebhookReceiver, WebhookReceiver } from "../tests/support/webhook-receiver";
import { Daemon, freePort } from "../tests/support/daemon";
import { writeFiles } from "../tests/support/run-tool";
import { serviceOfJob, droppedJobs, webhookReceivers, startAlertmanager, startPrometheus, startNodeExporter } from "../tests/support/local-daemons";

/** The rendered files a local stack runs. */
export interface StackFiles {
    readonly config: StackConfig;
    readonly prometheusYml: string;
    readonly ruleFiles: Readonly<Record<string, string>>;
    readonly alertmanagerYml: string;
}

/** The local alertmanager.yml: every receiver a webhook on `webhookBaseUrl`; `route` overrides root-route keys (stated by the caller). */
export function localAlertmanagerYml(rendered: string, webhookBaseUrl: string, route: Readonly<Record<string, string>> = {}): string {
    const local = localAlertmanagerConfig(rendered, {
        webhooks: Object.fromEntries(webhookReceivers.map((r) => [r, `${webhookBaseUrl}/${r}`])),
        silentReceivers: ["blackhole"],
    });
    if (Object.keys(route).length === 0) return local;
    const doc = parse(local) as AlertmanagerDoc;
    Object.assign(doc.route, route);
    return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

export interface LocalStackOptions {
    /** Root-route keys of alertmanager.yml changed for this run (e.g. repeat_interval). */
    readonly route?: Readonly<Record<string, string>>;
    /** Rule changes (group intervals, shortened `for`); none by default. */
    readonly rules?: LocalRuleOptions;
    /** A change of the local prometheus.yml (parsed) before it is written, e.g. a replica label. */
    readonly prometheusDoc?: (doc: Record<string, any>) => void;
    /** Extra or replaced Prometheus flags (e.g. a shorter resend delay). */
    readonly prometheusArgs?: readonly string[];
    /** Start Prometheus (default) or leave it to the caller. */
    readonly withPrometheus?: boolean;
}

export interface LocalStack {
    readonly dir: string;
    readonly webhook: WebhookReceiver;
    readonly standIns: ReadonlyMap<string, PlatformStandIn>;
    readonly orchestrator: PlatformStandIn;
    readonly nodeExporter: Daemon;
    readonly alertmanager: Daemon;
    /** The current Prometheus (replaced by restartPrometheus). */
    readonly prometheus: Daemon;
    readonly prometheusPort: number;
    /** Starts Prometheus (again) on the same port, config and data directory. */
    startPrometheus(): Promise<Daemon>;
    /** Everything each daemon printed, by name (restarted daemons keep their earlier output). */
    logs(): Record<string, string>;
    stop(): Promise<void>;
}

/** Starts the whole local stack in `dir`; stops whatever it started if any step fails. */
export async function startLocalStack(files: StackFiles, dir: string, options: LocalStackOptions = {}): Promise<LocalStack> {
    const started: { stop(): Promise<void> }[] = [];
    const stopAll = async () => void (await Promise.allSettled([...started].reverse().map((s) => s.stop())));
    const earlierLogs: string[] = [];
    try {
        const webhook = await startWebhookReceiver();
        started.push({ stop: () => webhook.close() });
        const standIns = new Map<string, PlatformStandIn>();
        for (const target of files.config.platformTargets) {
            const standIn = await startPlatformStandIn(serviceOfJob[target.job]);
            standIns.set(target.job, standIn);
            started.push(standIn);
        }
        const nodeExporter = await startNodeExporter(files.config);
        started.push(nodeExporter);
        writeFiles(dir, { "alertmanager.yml": localAlertmanagerYml(files.alertmanagerYml, webhook.baseUrl, options.route) });
        const alertmanager = await startAlertmanager(files.config, { dir });
        started.push(alertmanager);
        const prometheusPort = await freePort();
        const rulesDir = path.join(dir, "rules");
        fs.mkdirSync(rulesDir);
        writeFiles(rulesDir, localRuleFiles(files.ruleFiles, options.rules ?? { alertFor: {} }));
        const prometheusYml = localPrometheusConfig(files.prometheusYml, {
            alertmanager: `127.0.0.1:${alertmanager.port}`,
            targets: {
                prometheus: `127.0.0.1:${prometheusPort}`,
                alertmanager: `127.0.0.1:${alertmanager.port}`,
                "node-exporter": `127.0.0.1:${nodeExporter.port}`,
                ...Object.fromEntries([...standIns].map(([job, s]) => [job, s.address])),
            },
            dropJobs: droppedJobs,
            ruleFilesGlob: path.join(rulesDir, "*.yml"),
        });
        const doc = parse(prometheusYml) as Record<string, any>;
        options.prometheusDoc?.(doc);
        writeFiles(dir, { "prometheus.yml": stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }) });
        let prometheus: Daemon | undefined;
        const launch = async (): Promise<Daemon> => {
            if (prometheus) earlierLogs.push(prometheus.output());
            const daemon = await startPrometheus(files.config, { dir, port: prometheusPort, replaceArgs: options.prometheusArgs });
            prometheus = daemon;
            started.push(daemon);
            return daemon;
        };
        if (options.withPrometheus !== false) await launch();
        return {
            dir,
            webhook,
            standIns,
            orchestrator: standIns.get(platformJobs.orchestrator)!,
            nodeExporter,
            alertmanager,
            get prometheus() {
                if (!prometheus) throw new Error("Prometheus has not been started");
                return prometheus;
            },
            prometheusPort,
            startPrometheus: launch,
            logs: () => ({
                alertmanager: alertmanager.output(),
                "node-exporter": nodeExporter.output(),
                prometheus: [...earlierLogs, prometheus?.output() ?? ""].join("\n"),
            }),
            stop: stopAll,
        };
    } catch (err) {
        await stopAll();
        throw err;
    }
}
