// Where the stack's components are: flags, then environment variables, then the stack's outputs; pure (the outputs are
// read by commands/stack-outputs.ts).
import { usageError } from "./errors";

export const componentKeys = ["prometheus", "alertmanager", "grafana", "loki", "tempo"] as const;
export type ComponentKey = (typeof componentKeys)[number];

export const componentTitle: Readonly<Record<ComponentKey, string>> = {
    prometheus: "Prometheus",
    alertmanager: "Alertmanager",
    grafana: "Grafana",
    loki: "Loki",
    tempo: "Tempo",
};

/** The environment variable that overrides each URL (and the stack outputs). */
export const urlEnv: Readonly<Record<ComponentKey, string>> = {
    prometheus: "PROMETHEUS_URL",
    alertmanager: "ALERTMANAGER_URL",
    grafana: "GRAFANA_URL",
    loki: "LOKI_URL",
    tempo: "TEMPO_URL",
};

/** The stack output holding each URL (program/program.ts). */
const urlOutput: Readonly<Record<ComponentKey, string>> = {
    prometheus: "prometheusUrl",
    alertmanager: "alertmanagerUrl",
    grafana: "grafanaUrl",
    loki: "lokiUrl",
    tempo: "tempoUrl",
};

export const flagOf = (key: ComponentKey): string => `--${key}-url`;

export interface Endpoints {
    readonly urls: Partial<Record<ComponentKey, string>>;
    readonly grafanaUser?: string;
    readonly grafanaPassword?: string;
}

/** How to do without the stack outputs, for every message that needs them. */
export function howToPassUrls(keys: readonly ComponentKey[]): string {
    return `pass ${keys.map(flagOf).join(", ")} or set ${keys.map((k) => urlEnv[k]).join(", ")}${keys.includes("grafana") ? " (and GRAFANA_PASSWORD)" : ""}`;
}

function checkedUrl(source: string, value: string): string {
    let url: URL | undefined;
    try {
        url = new URL(value);
    } catch {
        url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
        throw usageError(`${source}: expected an http(s) URL such as http://localhost:9090 (got ${JSON.stringify(value)})`);
    }
    return value.replace(/\/+$/, "");
}

/** URLs and Grafana credentials from flags and environment alone; pure. */
function fromFlagsAndEnv(flags: Partial<Record<ComponentKey, string>>, env: NodeJS.ProcessEnv): Endpoints {
    const urls: Partial<Record<ComponentKey, string>> = {};
    for (const key of componentKeys) {
        const flag = flags[key];
        const fromEnv = env[urlEnv[key]];
        if (flag !== undefined) urls[key] = checkedUrl(flagOf(key), flag);
        else if (fromEnv !== undefined && fromEnv !== "") urls[key] = checkedUrl(urlEnv[key], fromEnv);
    }
    return { urls, grafanaUser: env.GRAFANA_USER || undefined, grafanaPassword: env.GRAFANA_PASSWORD || undefined };
}

/** Flags and environment over the stack outputs (`pulumi stack output --json`); pure. */
function withStackOutputs(own: Endpoints, outputs: Readonly<Record<string, unknown>>): Endpoints {
    const urls: Partial<Record<ComponentKey, string>> = {};
    for (const key of componentKeys) {
        const output = outputs[urlOutput[key]];
        urls[key] = own.urls[key] ?? (typeof output === "string" ? checkedUrl(`stack output ${urlOutput[key]}`, output) : undefined);
        if (urls[key] === undefined) delete urls[key];
    }
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return {
        urls,
        grafanaUser: own.grafanaUser ?? str(outputs.grafanaAdminUser),
        grafanaPassword: own.grafanaPassword ?? str(outputs.grafanaAdminPassword),
    };
}

/**
 * The endpoints a command needs: flags and environment first; the stack outputs are read only when a needed URL is
 * missing from both. Throws a usage error naming what is still missing and how to pass it.
 */
export function resolveEndpoints(
    needed: readonly ComponentKey[],
    flags: Partial<Record<ComponentKey, string>>,
    env: NodeJS.ProcessEnv,
    stack: string,
    loadOutputs: (stack: string, missing: readonly ComponentKey[]) => Record<string, unknown>,
): Endpoints {
    const own = fromFlagsAndEnv(flags, env);
    const missingOwn = needed.filter((k) => own.urls[k] === undefined);
    // Grafana's API needs its admin password too: GRAFANA_PASSWORD, else the stack output.
    const needsPassword = needed.includes("grafana") && own.grafanaPassword === undefined;
    if (missingOwn.length === 0 && !needsPassword) return own;
    const merged = withStackOutputs(own, loadOutputs(stack, needsPassword && !missingOwn.includes("grafana") ? [...missingOwn, "grafana"] : missingOwn));
    const stillMissing = needed.filter((k) => merged.urls[k] === undefined);
    if (stillMissing.length > 0) {
        throw usageError(
            `stack ${stack} has no output for ${stillMissing.map((k) => componentTitle[k]).join(", ")} (not deployed?); ${howToPassUrls(stillMissing)}`,
        );
    }
    if (needed.includes("grafana") && merged.grafanaPassword === undefined) {
        throw usageError(`stack ${stack} has no output grafanaAdminPassword; set GRAFANA_PASSWORD (and GRAFANA_USER if not admin)`);
    }
    return merged;
}
