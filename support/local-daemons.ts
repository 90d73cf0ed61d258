// The pinned daemons (npm run tools) started with the stack's rendered command lines, made local: paths into a temp directory, addresses
// on 127.0.0.1 (free ports), receivers as local webhooks. One start-up for the live tests, the paging benchmark and
// the drills; a caller that changes anything else says so through replaceArgs/dropArgs.
import * as path from "path";
import { platformJobs } from "../alerts/catalog";
import { routingSpec } from "../alerts/routing";
import { StackConfig } from "../model/config/types";
import { alertmanagerArgs } from "../render/alertmanager/config";
import { nodeExporterWorkload } from "../components/node-exporter";
import { prometheusArgs } from "../render/prometheus/config";
import { Daemon, startDaemon } from "./daemon";
import { PlatformService } from "./platform-stand-in";

export const serviceOfJob: Readonly<Record<string, PlatformService>> = {
    [platformJobs.orchestrator]: "orchestrator",
    [platformJobs.controlCenter]: "control-center",
    [platformJobs.vaultService]: "vault-service",
};
/** Self-scrape jobs of components not run here (no binaries on this machine). */
export const droppedJobs = ["grafana", "loki", "promtail", "tempo"];
/** Receivers that become a webhook on /<name>; the Watchdog's blackhole stays without any. */
export const webhookReceivers = routingSpec.receivers.map((r) => r.name).filter((r) => r !== "blackhole");

/** A rendered command line without the flags named in `replaced` (compared by name, before any `=`). */
const withoutFlags = (args: readonly string[], replaced: readonly string[]): string[] => args.filter((a) => !replaced.includes(a.split("=")[0]));
/** The flag names of `args` (`--a=b` -> `--a`). */
const flagNames = (args: readonly string[]): string[] => args.map((a) => a.split("=")[0]);

export interface AlertmanagerLaunch {
    /** Directory holding alertmanager.yml; the data directory is `<dir>/alertmanager-data`. */
    readonly dir: string;
    readonly port?: number;
    /** Flags that replace the rendered ones of the same name (e.g. the cluster flags made local). */
    readonly replaceArgs?: readonly string[];
    /** Rendered flags dropped without replacement. */
    readonly dropArgs?: readonly string[];
}

/** Alertmanager with the rendered command line, its paths and addresses made local. */
export function startAlertmanager(config: StackConfig, launch: AlertmanagerLaunch): Promise<Daemon> {
    const local = [
        `--config.file=${path.join(launch.dir, "alertmanager.yml")}`,
        `--storage.path=${path.join(launch.dir, "alertmanager-data")}`,
        "--web.listen-address=127.0.0.1:{port}",
        "--web.external-url=http://127.0.0.1:{port}/",
        ...(launch.replaceArgs ?? []),
    ];
    const rendered = withoutFlags(alertmanagerArgs(config, "http://unused"), [...flagNames(local), ...(launch.dropArgs ?? [])]);
    return startDaemon("alertmanager", [...local, ...rendered], "/-/ready", 15_000, { port: launch.port });
}

export interface PrometheusLaunch {
    /** Directory holding prometheus.yml; the data directory is `<dir>/prometheus-data` unless `dataDir` says otherwise. */
    readonly dir: string;
    readonly port?: number;
    readonly dataDir?: string;
    /** Flags that replace the rendered ones of the same name, or are added. */
    readonly replaceArgs?: readonly string[];
    /** How long to wait for /-/ready. Default: 60 s (a backfilled data directory takes long to open). */
    readonly timeoutMs?: number;
}

/** Prometheus with the rendered command line, its paths and addresses made local. */
export function startPrometheus(config: StackConfig, launch: PrometheusLaunch): Promise<Daemon> {
    const local = [
        `--config.file=${path.join(launch.dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${launch.dataDir ?? path.join(launch.dir, "prometheus-data")}`,
        "--web.listen-address=127.0.0.1:{port}",
        "--web.external-url=http://127.0.0.1:{port}/",
        ...(launch.replaceArgs ?? []),
    ];
    const rendered = withoutFlags(prometheusArgs(config, "http://unused"), flagNames(local));
    return startDaemon("prometheus", [...local, ...rendered], "/-/ready", launch.timeoutMs ?? 60_000, { port: launch.port });
}

/** node_exporter reading this host's /proc, /sys and / directly (the container reads them from /host mounts). */
export function startNodeExporter(config: StackConfig): Promise<Daemon> {
    return startDaemon(
        "node_exporter",
        [
            ...withoutFlags(nodeExporterWorkload(config).args, ["--path.procfs", "--path.sysfs", "--path.rootfs", "--web.listen-address"]),
            "--web.listen-address=127.0.0.1:{port}",
        ],
        "/metrics",
    );
}
