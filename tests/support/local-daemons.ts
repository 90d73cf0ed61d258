// The pinned daemons (npm run tools) started with the stack's rendered command lines, made local: paths into a temp
// directory, addresses on 127.0.0.1 (free ports), receivers as local webhooks. One start-up for the live tests, the
// paging benchmark and the drills; a caller that changes anything else says so through replaceArgs.
import * as path from "path";
import { platformJobs } from "../../alerts/catalog";
import { routingSpec } from "../../alerts/routing";
import { StackConfig } from "../../model/config/types";
import { alertmanagerArgs } from "../../render/alertmanager/config";
import { nodeExporterWorkload } from "../../components/node-exporter";
import { prometheusArgs } from "../../render/prometheus/config";
import { Daemon, startDaemon } from "./daemon";
import { PlatformService } from "./platform-stand-in";

export const serviceOfJob: Readonly<Record<string, PlatformService>> = {
    [platformJobs.orchestrator]: "orchestrator",
    [platformJobs.controlCenter]: "control-center",
    [platformJobs.vaultService]: "vault-service",
};
/** Self-scrape jobs of workloads these runs do not start (Grafana, Loki, Promtail and Tempo cannot be built here; the collector has its own test). */
export const droppedJobs = ["grafana", "loki", "promtail", "tempo", "otel-collector"];
/** Receivers that become a webhook on /<name>; the Watchdog's blackhole stays without any. */
export const webhookReceivers = routingSpec.receivers.map((r) => r.name).filter((r) => r !== "blackhole");

/** A rendered command line without the flags named in `dropped` (compared by name, before any `=`). */
const withoutFlags = (args: readonly string[], dropped: readonly string[]): string[] => args.filter((a) => !dropped.includes(a.split("=")[0]));

/** Where a daemon runs: `dir` holds its config file and data; `replaceArgs` replace the rendered flags of the same name (or are added). */
export type Launch = { readonly dir: string; readonly port?: number; readonly replaceArgs?: readonly string[] };

/** The daemon's paths and listen address made local, its other flags as rendered (but those replaced). */
function startLocal(tool: string, local: string[], rendered: readonly string[], launch: Launch, timeoutMs: number) {
    const own = [...local, "--web.listen-address=127.0.0.1:{port}", "--web.external-url=http://127.0.0.1:{port}/", ...(launch.replaceArgs ?? [])];
    return startDaemon(
        tool,
        [
            ...own,
            ...withoutFlags(
                rendered,
                own.map((a) => a.split("=")[0]),
            ),
        ],
        "/-/ready",
        timeoutMs,
        { port: launch.port },
    );
}

/** Alertmanager with the rendered command line, its data in `<dir>/alertmanager-data`. */
export function startAlertmanager(config: StackConfig, launch: Launch): Promise<Daemon> {
    const local = [`--config.file=${path.join(launch.dir, "alertmanager.yml")}`, `--storage.path=${path.join(launch.dir, "alertmanager-data")}`];
    return startLocal("alertmanager", local, alertmanagerArgs(config, "http://unused"), launch, 15_000);
}

/** Prometheus with the rendered command line, its data in `<dir>/prometheus-data`; ready within 60 s unless `timeoutMs` says otherwise. */
export function startPrometheus(config: StackConfig, launch: Launch & { readonly timeoutMs?: number }): Promise<Daemon> {
    const local = [`--config.file=${path.join(launch.dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(launch.dir, "prometheus-data")}`];
    return startLocal("prometheus", local, prometheusArgs(config, "http://unused"), launch, launch.timeoutMs ?? 60_000);
}

/** node_exporter reading this host's /proc, /sys and / directly (the container reads them from /host mounts). */
export function startNodeExporter(config: StackConfig): Promise<Daemon> {
    const rendered = withoutFlags(nodeExporterWorkload(config).args, ["--path.procfs", "--path.sysfs", "--path.rootfs", "--web.listen-address"]);
    return startDaemon("node_exporter", [...rendered, "--web.listen-address=127.0.0.1:{port}"], "/metrics");
}
