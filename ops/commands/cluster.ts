// The stack's `cluster` label: --cluster, else Prometheus' own external label (what every real alert carries).
import { parse } from "yaml";
import { PromEnvelope } from "../api-types";
import { usageError } from "../errors";
import { call } from "../http";
import { Context } from "./context";

export async function clusterLabel(ctx: Context, flag: string | undefined): Promise<string> {
    if (flag !== undefined) {
        if (!/^[a-zA-Z0-9_.-]+$/.test(flag))
            throw usageError(`--cluster: expected a label value of letters, digits, '.', '_' and '-' (got ${JSON.stringify(flag)})`);
        return flag;
    }
    const endpoints = ctx.endpoints(["prometheus"]);
    const prom = ctx.endpoint(endpoints, "prometheus");
    const { data } = await call<PromEnvelope<{ yaml: string }>>(prom, "GET", "/api/v1/status/config");
    const cluster = (parse(data.yaml) as { global?: { external_labels?: Record<string, string> } }).global?.external_labels?.cluster;
    if (cluster === undefined) throw usageError(`Prometheus at ${prom.baseUrl} has no external label "cluster"; pass --cluster <name>`);
    return cluster;
}
