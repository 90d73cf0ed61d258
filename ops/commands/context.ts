// What every command gets: the global options, the endpoints resolver and where to print.
import { ComponentKey, componentTitle, Endpoints, resolveEndpoints } from "../endpoints";
import { Endpoint } from "../http";
import { colours, Colours, useColour } from "../format";
import { usageError } from "../errors";
import { readStackOutputs } from "./stack-outputs";

export interface GlobalOptions {
    readonly stack: string;
    readonly json: boolean;
    readonly color: boolean;
    readonly prometheusUrl?: string;
    readonly alertmanagerUrl?: string;
    readonly grafanaUrl?: string;
    readonly lokiUrl?: string;
    readonly tempoUrl?: string;
}

export interface Context {
    readonly options: GlobalOptions;
    readonly colours: Colours;
    /** Endpoints for `needed` (and whichever others are known), resolved once per call. */
    endpoints(needed: readonly ComponentKey[]): Endpoints;
    endpoint(endpoints: Endpoints, key: ComponentKey): Endpoint;
    print(text: string): void;
    /** Machine-readable output of --json: one JSON document on stdout. */
    printJson(value: unknown): void;
}

export function makeContext(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
    const flags: Partial<Record<ComponentKey, string>> = {
        prometheus: options.prometheusUrl,
        alertmanager: options.alertmanagerUrl,
        grafana: options.grafanaUrl,
        loki: options.lokiUrl,
        tempo: options.tempoUrl,
    };
    return {
        options,
        colours: colours(!options.json && useColour(process.stdout.isTTY === true, env, options.color)),
        endpoints: (needed) => resolveEndpoints(needed, flags, env, options.stack, readStackOutputs),
        endpoint: (endpoints, key) => {
            const baseUrl = endpoints.urls[key];
            if (baseUrl === undefined) throw usageError(`no URL for ${componentTitle[key]}`);
            if (key !== "grafana") return { component: componentTitle[key], baseUrl };
            const password = endpoints.grafanaPassword;
            if (password === undefined)
                throw usageError(
                    `no Grafana password: set GRAFANA_PASSWORD or deploy with the stack outputs readable (pulumi stack output grafanaAdminPassword --show-secrets)`,
                );
            return { component: "Grafana", baseUrl, basicAuth: { user: endpoints.grafanaUser ?? "admin", password } };
        },
        print: (text) => process.stdout.write(`${text}\n`),
        printJson: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    };
}
