// The shape of the stack config (Pulumi.<stack>.yaml, namespace `monitoring:`), as zod schemas.
import { z } from "zod";
import { componentNames, defaultPorts, PortName } from "./catalog";
import { imageReferencePattern, isHostName, isHostPort, isPinnedImageReference } from "./hosts";

/** Prometheus' duration syntax (units from years to milliseconds, largest first, no spaces). */
export const durationPattern = /^(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
const durationHint = "a duration such as 15s, 1m, 30d or 1h30m (units y, w, d, h, m, s, ms)";

/** Prometheus' byte-size syntax for --storage.tsdb.retention.size. */
export const byteSizePattern = /^\d+(B|KB|MB|GB|TB|PB|EB)$/;
const byteSizeHint = "a size such as 512MB or 50GB (units B, KB, MB, GB, TB, PB, EB)";

const duration = z.string({ error: `expected ${durationHint}` }).regex(durationPattern, {
    error: `expected ${durationHint}`,
});

const port = z
    .number({ error: "expected a port number from 1 to 65535" })
    .int({ error: "expected a port number from 1 to 65535" })
    .min(1, { error: "expected a port number from 1 to 65535" })
    .max(65535, { error: "expected a port number from 1 to 65535" });

const portShape = Object.fromEntries(Object.keys(defaultPorts).map((k) => [k, port.optional()])) as Record<PortName, z.ZodOptional<typeof port>>;

const notificationChannels = ["email", "pagerduty", "slack"] as const;
const componentName = z.enum(componentNames, {
    error: `expected one of ${componentNames.join(", ")}`,
});

const imageShape = Object.fromEntries(
    componentNames.map((c) => [
        c,
        z
            .string()
            .regex(imageReferencePattern, {
                error: "expected an image reference such as prom/prometheus:v3.13.2 or registry.example.com:5000/prom/prometheus:v3.13.2",
            })
            .refine(isPinnedImageReference, {
                error: "expected a pinned tag or digest (not `latest` and not untagged)",
                // One line per problem: a reference that is not one at all is not also reported as unpinned.
                when: (payload) => typeof payload.value === "string" && imageReferencePattern.test(payload.value),
            })
            .optional(),
    ]),
) as Record<(typeof componentNames)[number], z.ZodOptional<z.ZodString>>;

const dnsLabelHint = "a DNS label (lowercase letters, digits and '-', at most 63 characters) such as monitoring";
const dnsLabel = z.string({ error: `expected ${dnsLabelHint}` }).regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: `expected ${dnsLabelHint}` });

const hostPort = z.string().refine(isHostPort, {
    error: "expected host:port with a port from 1 to 65535, such as orchestrator:8080 or [fd00::10]:8080 (host names at most 253 characters, labels at most 63)",
});

const jobName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_-]*$/, {
    error: "expected a job name of letters, digits, '_' and '-'",
});

/** Labels Prometheus sets itself (job, instance), the external one (cluster), and its reserved `__` names. */
const reservedTargetLabels = ["job", "instance", "cluster"];
const targetLabels = z
    .record(z.string(), z.string({ error: "expected a text value" }), { error: "expected an object of label names and values" })
    .superRefine((labels, ctx) => {
        for (const name of Object.keys(labels)) {
            if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || name.startsWith("__"))
                ctx.addIssue({ code: "custom", path: [name], message: "not a label name (letters, digits and '_', not starting with __)" });
            else if (reservedTargetLabels.includes(name))
                ctx.addIssue({ code: "custom", path: [name], message: `set by Prometheus itself (${reservedTargetLabels.join(", ")} are)` });
        }
    });

const selectorKey = "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
const selectorValue = "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
const selectorRequirements = [
    new RegExp(`^!?${selectorKey}$`),
    new RegExp(`^${selectorKey}\\s*(=|==|!=)\\s*(${selectorValue})?$`),
    new RegExp(`^${selectorKey}\\s+(in|notin)\\s*\\(\\s*${selectorValue}(\\s*,\\s*${selectorValue})*\\s*\\)$`),
];

/** Kubernetes' label selector grammar: requirements separated by commas outside parentheses. */
function isLabelSelector(text: string): boolean {
    const requirements = text.split(/,(?![^(]*\))/).map((r) => r.trim());
    return requirements.every((r) => selectorRequirements.some((pattern) => pattern.test(r)));
}

/** Kubernetes discovery of a service's pods (or a Service's endpoints) in the namespaces Prometheus watches. */
const kubernetesDiscovery = z.strictObject({
    role: z.enum(["pod", "service"], { error: "expected pod (its pods) or service (the endpoints of its Services)" }),
    namespaces: z.array(dnsLabel).min(1, { error: "expected at least one namespace (leave the field out for clientNamespaces)" }).optional(),
    // Kubernetes' label selector syntax, as `kubectl get pods -l` takes it.
    selector: z
        .string()
        .refine(isLabelSelector, {
            error: "expected a label selector such as app.kubernetes.io/name=payments (key=value, key!=value, key in (a,b), key, !key; comma-separated)",
        })
        .optional(),
    annotation: z
        .string()
        .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?(=[-A-Za-z0-9_.]*)?$/, {
            error: "expected an annotation key, optionally =value, such as example.com/scrape=true",
        })
        .optional(),
    port: z.union([port, z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)], { error: "expected a port number or a port name such as metrics" }).optional(),
});

/** How Prometheus authenticates to a target; the secret is monitoring:scrapeCredentials.<job>. */
const scrapeCredentials = z
    .strictObject({
        type: z.enum(["bearer", "basic"], { error: "expected bearer (a token) or basic (a user name and password)" }),
        username: z.string().min(1, { error: "expected a user name" }).optional(),
    })
    .refine((c) => (c.type === "basic") === (c.username !== undefined), { error: "basic needs a username; bearer takes none" });

const platformTargetSchema = z
    .strictObject({
        job: jobName,
        targets: z.array(hostPort).min(1, { error: "expected at least one host:port target" }).optional(),
        kubernetes: kubernetesDiscovery.optional(),
        metricsPath: z.string().startsWith("/", { error: "expected a path starting with /" }).optional(),
        scheme: z.enum(["http", "https"]).optional(),
        scrapeInterval: duration.optional(),
        labels: targetLabels.optional(),
        credentials: scrapeCredentials.optional(),
    })
    .refine((t) => (t.targets === undefined) !== (t.kubernetes === undefined), {
        error: "expected either targets: [host:port, ...] or kubernetes: {role, selector} (one of them)",
    });

const email = z.string().regex(/^[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[^\s@<>()[\]]+$/, {
    error: "expected a plain e-mail address such as ops@example.com (not a Markdown link)",
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: "expected a time of day HH:MM (00:00 to 24:00)" });
/** Alertmanager's weekday order: a range runs forward from sunday to saturday (saturday:sunday is refused). */
export const weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const weekdayHint = "a weekday or range such as saturday or monday:friday (ranges run forward in a week that starts on sunday)";
/** Severities a maintenance window can mute; the Watchdog (severity none) keeps its heartbeat through maintenance. */
export const mutableSeverities = ["critical", "warning", "info"] as const;

/** IANA zone names this runtime knows (Intl's canonical list, plus UTC, which the list leaves out). */
function isIanaTimeZone(name: string): boolean {
    return name === "UTC" || Intl.supportedValuesOf("timeZone").includes(name);
}

function isWeekdaySpec(spec: string): boolean {
    const days = spec.split(":");
    const order = days.map((d) => (weekdayNames as readonly string[]).indexOf(d));
    return days.length <= 2 && order.every((i) => i >= 0) && (order.length === 1 || order[0] <= order[1]);
}

/** A recurring maintenance window, in Alertmanager's time-interval terms (fields left out mean "every"). */
const maintenanceWindowSchema = z.strictObject({
    weekdays: z.array(z.string().refine(isWeekdaySpec, { error: `expected ${weekdayHint}` })).optional(),
    // A range that crosses midnight (22:00 to 02:00) is split into two at render time (Alertmanager's ranges end by 24:00).
    times: z
        .array(
            z
                .strictObject({ start: clockTime, end: clockTime })
                .refine((t) => t.start !== "24:00", { error: "expected a start time from 00:00 to 23:59" })
                .refine((t) => t.start !== t.end, { error: "expected different start and end times (leave times out for the whole day)" }),
        )
        .optional(),
    location: z.string().refine(isIanaTimeZone, { error: "expected an IANA time zone name known to this runtime, such as UTC or Europe/Berlin" }).optional(),
    severities: z
        .array(z.enum(mutableSeverities, { error: `expected one of ${mutableSeverities.join(", ")}` }))
        .min(1, { error: "expected at least one severity (leave the field out to mute all)" })
        .optional(),
});

const dnsSubdomainHint = "a DNS subdomain name (lowercase letters, digits, '-' and '.') such as grafana-tls";
const dnsSubdomain = z
    .string({ error: `expected ${dnsSubdomainHint}` })
    .regex(/^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: `expected ${dnsSubdomainHint}` });

/** A Kubernetes annotation key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
const annotationKey = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** Kubernetes quantities this program accepts (a subset of the API's syntax that it can compare). */
export const storageQuantityPattern = /^[1-9]\d*(Mi|Gi|Ti)$/;
export const cpuQuantityPattern = /^([1-9]\d*m|\d+(\.\d{1,3})?)$/;
export const memoryQuantityPattern = /^[1-9]\d*(Ki|Mi|Gi|Ti)$/;
const storageQuantity = z.string({ error: "expected a size such as 10Gi (units Mi, Gi, Ti)" }).regex(storageQuantityPattern, {
    error: "expected a size such as 10Gi (units Mi, Gi, Ti)",
});
const resourceAmounts = z.strictObject({
    cpu: z.string().regex(cpuQuantityPattern, { error: "expected CPU such as 250m or 2" }).optional(),
    memory: z.string().regex(memoryQuantityPattern, { error: "expected memory such as 256Mi or 4Gi (units Ki, Mi, Gi, Ti)" }).optional(),
});
const componentResources = z.strictObject({ requests: resourceAmounts.optional(), limits: resourceAmounts.optional() });

/** Components that keep data on a volume claim on Kubernetes. */
export const claimedComponents = ["prometheus", "grafana", "loki", "tempo", "alertmanager"] as const;

/** Every key this program reads, one schema each; a key not listed here is rejected as a typo. */
export const configKeySchemas = {
    platform: z.enum(["docker", "kubernetes"], { error: "expected docker or kubernetes" }),
    cluster: z.string().regex(/^[a-zA-Z0-9_.-]+$/, { error: "expected a label value of letters, digits, '.', '_' and '-'" }),
    components: z
        .array(componentName, { error: `expected a list of components from ${componentNames.join(", ")}` })
        .min(1, { error: "expected at least one component" }),
    ports: z.strictObject(portShape),
    bindAddress: z.union([z.ipv4(), z.ipv6()], { error: "expected an IP address such as 127.0.0.1 or 0.0.0.0" }),
    externalHost: z
        .string()
        .refine(isHostName, { error: "expected a host name such as localhost (at most 253 characters, labels at most 63) or an IPv4 address" }),
    scrapeInterval: duration,
    evaluationInterval: duration,
    prometheusRetentionTime: duration,
    prometheusRetentionSize: z.string().regex(byteSizePattern, { error: `expected ${byteSizeHint}` }),
    lokiRetention: duration,
    tempoRetention: duration,
    platformTargets: z.array(platformTargetSchema, { error: "expected a list of {job, targets} objects" }),
    remoteWrite: z.array(z.strictObject({ url: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }) })),
    images: z.strictObject(imageShape),
    grafanaAdminUser: z.string().regex(/^[a-zA-Z0-9_.@-]+$/, { error: "expected a user name" }),
    alertEmailTo: email,
    alertEmailFrom: email,
    smtpSmarthost: hostPort,
    smtpUsername: z.string().min(1),
    slackChannel: z.string().regex(/^#[a-z0-9_-]+$/, { error: "expected a Slack channel such as #provisioning-alerts" }),
    dockerHost: z.string().regex(/^(unix|tcp|ssh|npipe):\/\//, { error: "expected a Docker host URL such as unix:///var/run/docker.sock" }),
    notificationChannels: z
        .array(z.enum(notificationChannels, { error: `expected one of ${notificationChannels.join(", ")}` }))
        .refine((list) => new Set(list).size === list.length, { error: "expected each channel at most once" }),
    retainDataOnDestroy: z.boolean({ error: "expected true or false" }),
    platformAlertsEvaluator: z.enum(["grafana", "prometheus"], { error: "expected grafana or prometheus" }),
    grafanaUrl: z.url({ protocol: /^https?$/, error: "expected the http(s) URL the Pulumi CLI reaches Grafana on" }),
    maintenanceWindows: z
        .array(maintenanceWindowSchema, { error: "expected a list of {weekdays?, times?, location?, severities?} windows" })
        .min(1, { error: "expected at least one window (leave the key out for none)" }),
    namespace: dnsLabel,
    storageClass: dnsSubdomain,
    storageSizes: z.strictObject(
        Object.fromEntries(claimedComponents.map((c) => [c, storageQuantity.optional()])) as Record<
            (typeof claimedComponents)[number],
            z.ZodOptional<typeof storageQuantity>
        >,
    ),
    resources: z.strictObject(
        Object.fromEntries(componentNames.map((c) => [c, componentResources.optional()])) as Record<
            (typeof componentNames)[number],
            z.ZodOptional<typeof componentResources>
        >,
    ),
    grafanaIngress: z.strictObject({
        host: z
            .string()
            .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "expected a fully qualified host name such as grafana.example.com" })
            .refine(isHostName, {
                error: "expected a host name of at most 253 characters with labels of at most 63",
                when: (payload) => typeof payload.value === "string" && /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/.test(payload.value),
            }),
        tlsSecretName: dnsSubdomain,
        className: dnsSubdomain.optional(),
        controllerNamespace: dnsLabel.optional(),
        // e.g. cert-manager.io/cluster-issuer: letsencrypt: whatever the cluster's ingress controller and issuer read.
        annotations: z
            .record(z.string(), z.string({ error: "expected a string value" }), { error: "expected an object of annotation keys and string values" })
            .superRefine((annotations, ctx) => {
                for (const key of Object.keys(annotations)) {
                    if (!annotationKey.test(key))
                        ctx.addIssue({ code: "custom", path: [key], message: "not an annotation key (expected keys such as cert-manager.io/cluster-issuer)" });
                }
            })
            .optional(),
    }),
    alertmanagerReplicas: z
        .number({ error: "expected a whole number of replicas from 1 to 7" })
        .int({ error: "expected a whole number of replicas from 1 to 7" })
        .min(1, { error: "expected a whole number of replicas from 1 to 7" })
        .max(7, { error: "expected a whole number of replicas from 1 to 7" }),
    prometheusReplicas: z
        .number({ error: "expected 1 or 2 replicas" })
        .int({ error: "expected 1 or 2 replicas" })
        .min(1, { error: "expected 1 or 2 replicas" })
        .max(2, { error: "expected 1 or 2 replicas" }),
    clientNamespaces: z.array(dnsLabel, { error: "expected a list of namespaces such as [provisioning]" }),
    kubeContext: z.string().min(1, { error: "expected the name of a kubeconfig context" }),
    runbookBaseUrl: z.url({
        protocol: /^https?$/,
        error: "expected the http(s) URL runbooks/ is browsed at, such as https://github.com/<org>/<repo>/blob/main/runbooks",
    }),
    logAgent: z.enum(["promtail", "alloy"], { error: "expected promtail or alloy" }),
    allowPlaceholders: z.boolean({ error: "expected true or false" }),
    allowNoHeartbeat: z.boolean({ error: "expected true or false" }),
} as const;

/** Secret keys: read only through Pulumi's secret API so they stay secret in every input and output. */
export const secretKeys = ["grafanaAdminPassword", "pagerdutyServiceKey", "slackWebhookUrl", "smtpPassword", "deadMansSwitchUrl", "scrapeCredentials"] as const;

/** Secrets holding an object (set per entry with `pulumi config set --secret --path`); the others hold text. */
export const objectSecretKeys: readonly SecretKey[] = ["scrapeCredentials"];
export type SecretKey = (typeof secretKeys)[number];

export type NotificationChannel = (typeof notificationChannels)[number];

export type ConfigKey = keyof typeof configKeySchemas;

/** What each notification channel needs: settings in the stack file, secrets set with `pulumi config set --secret`. */
export const channelRequirements: Readonly<Record<NotificationChannel, { settings: readonly ConfigKey[]; secrets: readonly SecretKey[] }>> = {
    email: { settings: ["alertEmailTo", "alertEmailFrom", "smtpSmarthost"], secrets: [] },
    pagerduty: { settings: [], secrets: ["pagerdutyServiceKey"] },
    slack: { settings: ["slackChannel"], secrets: ["slackWebhookUrl"] },
};
