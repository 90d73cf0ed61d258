// Finds placeholder hosts and addresses (RFC 2606's example domains) left in a stack's config; pure, no policy.
import { StackConfig } from "./types";

export interface PlaceholderFinding {
    /** The config key as written in Pulumi.<stack>.yaml, with a path for list items (`monitoring:platformTargets[0].targets[1]`). */
    readonly key: string;
    readonly value: string;
}

/** RFC 2606 reserves these second-level domains and top-level domains for documentation: nothing real answers there. */
const reservedDomains = ["example.com", "example.net", "example.org"];
const reservedTopLevel = ["example", "invalid"];

/** True when `host` is one of the documentation domains or below one (`grafana.provisioning.example.com`). */
export function isPlaceholderHost(host: string): boolean {
    const name = host.toLowerCase().replace(/\.$/, "");
    if (reservedDomains.some((d) => name === d || name.endsWith(`.${d}`))) return true;
    // A single label (`example`) is a plain host name, such as a container's alias, not a top-level domain.
    const labels = name.split(".");
    return labels.length > 1 && reservedTopLevel.includes(labels[labels.length - 1]);
}

/** Host part of an e-mail address, a host:port, or a URL; the value itself otherwise. */
export function hostOf(value: string): string {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        try {
            return new URL(value).hostname;
        } catch {
            return value;
        }
    }
    const afterAt = value.includes("@") ? value.slice(value.lastIndexOf("@") + 1) : value;
    return afterAt.replace(/:\d+$/, "");
}

/** Every host or address in the config that is still a documentation placeholder, in a stable order. */
export function findPlaceholders(config: StackConfig): PlaceholderFinding[] {
    const candidates: PlaceholderFinding[] = [];
    const add = (key: string, value: string | undefined) => {
        if (value !== undefined) candidates.push({ key: `monitoring:${key}`, value });
    };
    add("externalHost", config.externalHost);
    if (config.notificationChannels.includes("email")) (["alertEmailTo", "alertEmailFrom", "smtpSmarthost"] as const).forEach((k) => add(k, config[k]));
    add("grafanaUrl", config.grafanaUrl);
    add("grafanaIngress.host", config.grafanaIngress?.host);
    add("grafanaHttpRoute.host", config.grafanaHttpRoute?.host);
    config.remoteWrite.forEach((r, i) => add(`remoteWrite[${i}].url`, r.url));
    config.platformTargets.forEach((t, i) => t.targets.forEach((target, j) => add(`platformTargets[${i}].targets[${j}]`, target)));
    return candidates.filter((c) => isPlaceholderHost(hostOf(c.value)));
}

/** What to put in each key instead of its placeholder, by the key's name without list positions. */
const whatToSet: Readonly<Record<string, string>> = {
    externalHost: "the host name people reach the stack on",
    alertEmailTo: "the address that receives alert e-mail",
    alertEmailFrom: "the sender address of alert e-mail, one your SMTP relay accepts",
    smtpSmarthost: "your SMTP relay as host:port",
    grafanaUrl: "the http(s) URL the Pulumi CLI reaches Grafana on",
    "grafanaIngress.host": "the DNS name of Grafana's Ingress, which points at your ingress controller and its certificate covers",
    "grafanaHttpRoute.host": "the DNS name of Grafana's HTTPRoute, which points at your gateway and its listener's certificate covers",
    remoteWrite: "the remote-write URL of your long-term storage",
    platformTargets: "the host:port the service's metrics are scraped on",
};

/** One line per placeholder (key, value, what to set) unless allowPlaceholders: nothing answers there, so pages, e-mail and the Grafana provider go nowhere. */
export function placeholderProblems(config: StackConfig): string[] {
    if (config.allowPlaceholders) return [];
    return findPlaceholders(config).map((f) => {
        const name = f.key.replace(/^monitoring:/, "").replace(/\[.*$/, "");
        return (
            `${f.key}: ${JSON.stringify(f.value)} is a documentation placeholder (RFC 2606); ` +
            `set ${whatToSet[name] ?? "the real value"} in Pulumi.${config.stack}.yaml (or monitoring:allowPlaceholders: true to deploy it anyway)`
        );
    });
}
