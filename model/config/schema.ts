// Every key of the stack config (Pulumi.<stack>.yaml, `monitoring:`): its zod schema, default (one, or per platform) and the line
// Pulumi.yaml and docs/configuration.md show; both are generated from here (npm run config-reference), a test keeps them in step.
import { z } from "zod";
import { sortedRecord } from "../common/sorted-keys";
import {
    componentNames,
    defaultImages,
    defaultPlatformJobs,
    defaultPorts,
    defaultResources,
    defaultRunbookBaseUrl,
    defaultStorageSizes,
    portNames,
    workloadNames,
} from "./catalog";
import { imageReferencePattern, isHostName, isHostPort, isPinnedImageReference } from "./hosts";

export type PlatformName = "docker" | "kubernetes";

/** Prometheus' duration syntax (units from years to milliseconds, largest first, no spaces). */
export const durationPattern = /^(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
/** Prometheus' label-name syntax, which alert names share. */
export const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Prometheus' byte-size syntax for --storage.tsdb.retention.size. */
export const byteSizePattern = /^\d+(B|KB|MB|GB|TB|PB|EB)$/;
/** Kubernetes quantities this program accepts (a subset of the API's syntax that it can compare). */
export const storageQuantityPattern = /^[1-9]\d*(Mi|Gi|Ti)$/;
export const cpuQuantityPattern = /^([1-9]\d*m|\d+(\.\d{1,3})?)$/;
export const memoryQuantityPattern = /^[1-9]\d*(Ki|Mi|Gi|Ti)$/;

/** A string matching `pattern`; anything else, a missing value included, gets `hint`. */
const text = (pattern: RegExp, hint: string) => z.string({ error: `expected ${hint}` }).regex(pattern, { error: `expected ${hint}` });
const wholeNumber = (min: number, max: number, hint: string) =>
    z.number({ error: hint }).int({ error: hint }).min(min, { error: hint }).max(max, { error: hint });
const yesNo = z.boolean({ error: "expected true or false" });
const httpUrl = (hint: string) => z.url({ protocol: /^https?$/, error: hint });
const fields = <K extends string, S extends z.ZodType>(names: readonly K[], field: (name: K) => S) =>
    z.strictObject(Object.fromEntries(names.map((n) => [n, field(n)])) as Record<K, S>);

const duration = text(durationPattern, "a duration such as 15s, 1m, 30d or 1h30m (units y, w, d, h, m, s, ms)");
const port = wholeNumber(1, 65535, "expected a port number from 1 to 65535");
const dnsLabel = text(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS label (lowercase letters, digits and '-', at most 63 characters) such as monitoring");
const dnsSubdomain = text(
    /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "a DNS subdomain name (lowercase letters, digits, '-' and '.') such as grafana-tls",
);
const hostPort = z.string().refine(isHostPort, {
    error: "expected host:port with a port from 1 to 65535, such as orchestrator:8080 or [fd00::10]:8080 (host names at most 253 characters, labels at most 63)",
});
const email = text(/^[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[^\s@<>()[\]]+$/, "a plain e-mail address such as ops@example.com (not a Markdown link)");
const sortedUnique = (list: readonly string[]) => [...new Set(list)].sort();

/** A record of string values whose keys must pass `check` (which returns the problem, or undefined). */
const checkedRecord = (hint: string, valueHint: string, check: (name: string) => string | undefined) =>
    z
        .record(z.string(), z.string({ error: `expected ${valueHint}` }), { error: `expected an object of ${hint}` })
        .superRefine((record, ctx) => {
            for (const name of Object.keys(record)) {
                const problem = check(name);
                if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem });
            }
        })
        .transform(sortedRecord);

/** Labels Prometheus sets itself (job, instance) and the external one (cluster). */
const reservedTargetLabels = ["job", "instance", "cluster"];
const targetLabels = checkedRecord("label names and values", "a text value", (name) =>
    !labelNamePattern.test(name) || name.startsWith("__")
        ? "not a label name (letters, digits and '_', not starting with __)"
        : reservedTargetLabels.includes(name)
          ? `set by Prometheus itself (${reservedTargetLabels.join(", ")} are)`
          : undefined,
);

const selectorKey = "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
const selectorValue = "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
const selectorRequirements = [
    new RegExp(`^!?${selectorKey}$`),
    new RegExp(`^${selectorKey}\\s*(=|==|!=)\\s*(${selectorValue})?$`),
    new RegExp(`^${selectorKey}\\s+(in|notin)\\s*\\(\\s*${selectorValue}(\\s*,\\s*${selectorValue})*\\s*\\)$`),
];
/** Kubernetes' label selector grammar: requirements separated by commas outside parentheses. */
const isLabelSelector = (selector: string) => selector.split(/,(?![^(]*\))/).every((r) => selectorRequirements.some((p) => p.test(r.trim())));

/** Kubernetes discovery of a service's pods (or a Service's endpoints) in the namespaces Prometheus watches. */
const kubernetesDiscovery = z.strictObject({
    role: z.enum(["pod", "service"], { error: "expected pod (its pods) or service (the endpoints of its Services)" }),
    namespaces: z.array(dnsLabel).min(1, { error: "expected at least one namespace (leave the field out for clientNamespaces)" }).optional(),
    selector: z
        .string()
        .refine(isLabelSelector, {
            error: "expected a label selector such as app.kubernetes.io/name=payments (key=value, key!=value, key in (a,b), key, !key; comma-separated)",
        })
        .optional(),
    annotation: text(new RegExp(`^${selectorKey}(=[-A-Za-z0-9_.]*)?$`), "an annotation key, optionally =value, such as example.com/scrape=true").optional(),
    port: z.union([port, z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)], { error: "expected a port number or a port name such as metrics" }).optional(),
});

/** How Prometheus authenticates to a target; the secret is monitoring:scrapeCredentials.<job>. */
const scrapeCredentials = z
    .strictObject({
        type: z.enum(["bearer", "basic"], { error: "expected bearer (a token) or basic (a user name and password)" }),
        username: z.string().min(1, { error: "expected a user name" }).optional(),
    })
    .refine((c) => (c.type === "basic") === (c.username !== undefined), { error: "basic needs a username; bearer takes none" });

const platformTarget = z
    .strictObject({
        job: text(/^[a-zA-Z_][a-zA-Z0-9_-]*$/, "a job name of letters, digits, '_' and '-'"),
        targets: z.array(hostPort, { error: "expected a list of host:port targets" }).min(1, { error: "expected at least one host:port target" }).optional(),
        kubernetes: kubernetesDiscovery.optional(),
        metricsPath: z.string().startsWith("/", { error: "expected a path starting with /" }).default("/metrics"),
        scheme: z.enum(["http", "https"]).default("http"),
        scrapeInterval: duration.optional(),
        labels: targetLabels.optional(),
        credentials: scrapeCredentials.optional(),
    })
    .refine((t) => (t.targets === undefined) !== (t.kubernetes === undefined), {
        error: "expected either targets: [host:port, ...] or kubernetes: {role, selector} (one of them)",
    });

/** Headers Prometheus sets on a remote write itself (its config refuses them); Authorization comes from `auth`. */
const reservedRemoteWriteHeaders = [
    "accept-encoding",
    "connection",
    "content-encoding",
    "content-length",
    "content-type",
    "host",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "user-agent",
    "www-authenticate",
    "x-amz-content-sha256",
    "x-amz-date",
    "x-amz-security-token",
    "x-prometheus-remote-read-version",
    "x-prometheus-remote-write-version",
];
const remoteWriteHeaders = checkedRecord("header names and values", "a text value", (name) =>
    !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)
        ? "not a header name (letters, digits and '-', such as X-Scope-OrgID)"
        : name.toLowerCase() === "authorization"
          ? "not as a header: set auth ({type: bearer}, {type: basic, username} or {type: sigv4, region}) and its secret monitoring:remoteWriteCredentials.<name>"
          : reservedRemoteWriteHeaders.includes(name.toLowerCase())
            ? "set by Prometheus itself; any other header is accepted, such as X-Scope-OrgID"
            : undefined,
);

/** What each kind of remote-write auth needs besides its secret (monitoring:remoteWriteCredentials.<name>), in one line. */
const remoteWriteAuthFields = {
    basic: { needs: ["username"], takes: ["username"], line: "basic needs a username and takes no other field (the password is the secret)" },
    bearer: { needs: [], takes: [], line: "bearer takes no other field (the token is the secret)" },
    sigv4: { needs: ["region"], takes: ["region", "roleArn"], line: "sigv4 needs a region and takes an optional roleArn (the keys are the secret)" },
} as const;
const remoteWriteAuth = z
    .strictObject({
        type: z.enum(["basic", "bearer", "sigv4"], { error: "expected basic (user name and password), bearer (a token) or sigv4 (AWS keys)" }),
        username: z.string().min(1, { error: "expected a user name" }).optional(),
        region: text(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1").optional(),
        roleArn: text(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "an IAM role ARN such as arn:aws:iam::123456789012:role/remote-write").optional(),
    })
    .superRefine((auth, ctx) => {
        const { needs, takes, line } = remoteWriteAuthFields[auth.type];
        const given = Object.keys(auth).filter((k) => k !== "type");
        if (needs.some((f) => !given.includes(f)) || given.some((f) => !(takes as readonly string[]).includes(f)))
            ctx.addIssue({ code: "custom", message: line });
    });

const labelName = text(labelNamePattern, "a label name such as job or __name__");
/** RE2, which Prometheus uses, has no lookaround and no back-references; JavaScript checks the rest of the syntax. */
const isRe2Regex = (r: string) => {
    try {
        new RegExp(r);
    } catch {
        return false;
    }
    return !/\(\?<?[=!]|\\[1-9]/.test(r);
};
/** A Prometheus relabel rule, with Prometheus' own field names so examples from remote-storage vendors paste as they are. */
const writeRelabelRule = z
    .strictObject({
        action: z.enum(["keep", "drop", "replace", "labeldrop", "labelkeep"], { error: "expected keep, drop, replace, labeldrop or labelkeep" }),
        source_labels: z.array(labelName, { error: "expected a list of label names" }).min(1, { error: "expected at least one label name" }).optional(),
        separator: z.string().optional(),
        regex: z.string().refine(isRe2Regex, { error: "expected a regular expression in RE2 syntax (no lookaround), such as go_.*" }).optional(),
        target_label: labelName.optional(),
        replacement: z.string().optional(),
    })
    .superRefine((rule, ctx) => {
        const has = (f: keyof typeof rule) => rule[f] !== undefined;
        const problem =
            (rule.action === "keep" || rule.action === "drop") && !has("source_labels")
                ? `${rule.action} needs source_labels (and a regex, default (.*))`
                : rule.action === "replace" && !has("target_label")
                  ? "replace needs target_label"
                  : (rule.action === "labeldrop" || rule.action === "labelkeep") &&
                      (!has("regex") || has("source_labels") || has("target_label") || has("replacement") || has("separator"))
                    ? `${rule.action} takes a regex over label names and no other field`
                    : undefined;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** Prometheus' queue_config, in this file's camelCase; left out: Prometheus' defaults (docs/configuration.md). */
const remoteWriteQueue = z.strictObject({
    capacity: wholeNumber(1, 1_000_000, "expected samples buffered per shard, from 1 to 1000000").optional(),
    maxShards: wholeNumber(1, 1000, "expected a number of shards from 1 to 1000").optional(),
    minShards: wholeNumber(1, 1000, "expected a number of shards from 1 to 1000").optional(),
    maxSamplesPerSend: wholeNumber(1, 100_000, "expected samples per request, from 1 to 100000").optional(),
    batchSendDeadline: duration.optional(),
    minBackoff: duration.optional(),
    maxBackoff: duration.optional(),
});

/** A remote-write destination; with auth, its secret is monitoring:remoteWriteCredentials.<name>. */
const remoteWriteEntry = z
    .strictObject({
        url: httpUrl("expected an http(s) URL such as https://mimir.example.com/api/v1/push"),
        name: text(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/, "a name of letters, digits, '_' and '-' (at most 63 characters), such as mimir").optional(),
        headers: remoteWriteHeaders.optional(),
        auth: remoteWriteAuth.optional(),
        writeRelabel: z.array(writeRelabelRule, { error: "expected a list of relabel rules" }).optional(),
        queue: remoteWriteQueue.optional(),
    })
    .refine((r) => r.auth === undefined || r.name !== undefined, {
        error: "expected a name when auth is set: the secret is monitoring:remoteWriteCredentials.<name>",
        path: ["name"],
    });
export type RemoteWrite = z.output<typeof remoteWriteEntry>;

/** S3's bucket naming rules: 3 to 63 lowercase letters, digits, '.' and '-', a letter or digit at each end, no "..", no IP address, no reserved affix. */
const isS3BucketName = (name: string) =>
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name);
const bucketName = z.string({ error: "expected an S3 bucket name such as prod-metrics" }).refine(isS3BucketName, {
    error: "expected an S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, such as prod-metrics",
});
/** The signals that keep their data in the object store, one bucket each. */
export const objectStorageSignals = ["metrics", "logs", "traces"] as const;
export type ObjectStorageSignal = (typeof objectStorageSignals)[number];

/** An S3-compatible object store (AWS S3, MinIO, Ceph RGW, R2, GCS's XML API): one bucket per signal; its keys are monitoring:objectStorageCredentials. */
const objectStorage = z
    .strictObject({
        endpoint: httpUrl("expected the store's http(s) URL such as https://s3.eu-west-1.amazonaws.com or http://minio.storage:9000").refine(
            (u) => /^https?:\/\/[^/?#@]+\/?$/.test(u),
            { error: "expected the store's http(s) URL without a path, query or user, such as https://s3.eu-west-1.amazonaws.com" },
        ),
        region: text(/^[a-z0-9][a-z0-9-]{0,62}$/, "a region such as eu-west-1 (for stores without regions: us-east-1)").default("us-east-1"),
        buckets: fields(objectStorageSignals, () => bucketName.optional()).refine((b) => Object.values(b).some((name) => name !== undefined), {
            error: `expected a bucket for at least one of ${objectStorageSignals.join(", ")}`,
        }),
        forcePathStyle: yesNo.optional(),
    })
    // Unset: path style except on AWS itself, whose virtual-hosted style is the one that outlives its deprecation of paths.
    .transform((o) => ({ ...o, forcePathStyle: o.forcePathStyle ?? !/\.amazonaws\.com(\.cn)?$/.test(new URL(o.endpoint).hostname) }));
export type ObjectStorage = z.output<typeof objectStorage>;

/** Alertmanager's weekday order: a range runs forward from sunday to saturday (saturday:sunday is refused). */
export const weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
/** The severities routed to a person (alerts/routing.ts), all that a maintenance window can mute: the Watchdog (severity none) keeps its heartbeat. */
export const routedSeverities = ["critical", "warning", "info"] as const;
const clockTime = text(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time of day HH:MM (00:00 to 24:00)");
const isWeekdaySpec = (spec: string) => {
    const order = spec.split(":").map((d) => (weekdayNames as readonly string[]).indexOf(d));
    return order.length <= 2 && order.every((i) => i >= 0) && (order.length === 1 || order[0] <= order[1]);
};
/** IANA zone names this runtime knows (Intl's canonical list, plus UTC, which the list leaves out). */
const isIanaTimeZone = (name: string) => name === "UTC" || Intl.supportedValuesOf("timeZone").includes(name);

/** A recurring maintenance window, in Alertmanager's time-interval terms (fields left out mean "every"). */
const maintenanceWindow = z.strictObject({
    weekdays: z
        .array(
            z.string().refine(isWeekdaySpec, {
                error: "expected a weekday or range such as saturday or monday:friday (ranges run forward in a week that starts on sunday)",
            }),
        )
        .optional(),
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
        .array(z.enum(routedSeverities, { error: `expected one of ${routedSeverities.join(", ")}` }))
        .min(1, { error: "expected at least one severity (leave the field out to mute all)" })
        .optional(),
});
export type MaintenanceWindow = z.output<typeof maintenanceWindow>;

const image = z
    .string()
    .regex(imageReferencePattern, {
        error: "expected an image reference such as prom/prometheus:v3.13.2 or registry.example.com:5000/prom/prometheus:v3.13.2",
    })
    .refine(isPinnedImageReference, {
        error: "expected a pinned tag or digest (not `latest` and not untagged)",
        // One line per problem: a reference that is not one at all is not also reported as unpinned.
        when: (payload) => typeof payload.value === "string" && imageReferencePattern.test(payload.value),
    });
const storageQuantity = text(storageQuantityPattern, "a size such as 10Gi (units Mi, Gi, Ti)");
const amounts = (d: { cpu: string; memory: string }) =>
    z
        .strictObject({
            cpu: text(cpuQuantityPattern, "CPU such as 250m or 2").default(d.cpu),
            memory: text(memoryQuantityPattern, "memory such as 256Mi or 4Gi (units Ki, Mi, Gi, Ti)").default(d.memory),
        })
        .prefault({});
const fqdn = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/;
/** A Kubernetes annotation key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
const annotationKey = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** Grafana's organisation roles a group can be given through single sign-on. */
export const grafanaRoles = ["Admin", "Editor", "Viewer"] as const;
const httpsUrl = (hint: string) => z.url({ protocol: /^https$/, error: hint });
const fqdnHost = text(fqdn, "a fully qualified host name such as grafana.example.com").refine(isHostName, {
    error: "expected a host name of at most 253 characters with labels of at most 63",
    when: (payload) => typeof payload.value === "string" && fqdn.test(payload.value),
});
// A group becomes a JMESPath raw string in grafana.ini: no quote or backslash (which would end or escape it), no ini comment sign.
const groupName = text(/^[^'\\\n\r;#]+$/, "a group name without quotes, backslashes, ';' or '#'");

/** Grafana's generic OAuth client: the provider's three endpoints (Grafana reads no discovery document), groups mapped to roles. */
const grafanaSso = z.strictObject({
    name: text(/^[A-Za-z0-9 ._-]{1,40}$/, "a button label of letters, digits, spaces, '.', '_' and '-'").default("SSO"),
    authUrl: httpsUrl("expected the https URL of the provider's authorization endpoint"),
    tokenUrl: httpsUrl("expected the https URL of the provider's token endpoint"),
    apiUrl: httpsUrl("expected the https URL of the provider's userinfo endpoint"),
    clientId: text(/^[A-Za-z0-9._:@/-]+$/, "the client ID the provider issued for Grafana"),
    scopes: z
        .array(text(/^[A-Za-z0-9._:/-]+$/, "a scope such as openid or groups"), {
            error: "expected a list of scopes such as [openid, profile, email, groups]",
        })
        .min(1, { error: "expected at least one scope" })
        .default(["openid", "profile", "email", "groups"]),
    groupsClaim: text(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, "a claim name or dotted path such as groups or realm_access.roles").default(
        "groups",
    ),
    roles: fields(grafanaRoles, () =>
        z.array(groupName, { error: "expected a list of group names" }).min(1, { error: "expected at least one group" }).optional(),
    ).refine((r) => Object.values(r).some((groups) => groups !== undefined), { error: "expected groups for at least one of Admin, Editor, Viewer" }),
    allowSignUp: yesNo.default(true),
});
export type GrafanaSso = z.output<typeof grafanaSso>;

const notificationChannels = ["email", "pagerduty", "slack"] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** A team's name: its folder `team-<name>`, its label `team=<name>` (TeamMonitoring checks the same). */
export const teamNamePattern = /^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$/;

/** A team: its Grafana folder, service account and token, its namespaces, and where alerts labelled `team=<name>` go. */
const team = z.strictObject({
    name: text(teamNamePattern, "a team name of lowercase letters, digits and '-' (at most 30 characters) such as payments"),
    namespaces: z.array(dnsLabel, { error: "expected a list of namespaces such as [payments]" }).transform(sortedUnique).optional(),
    receivers: z
        .strictObject({
            email: email.optional(),
            slack: text(/^#[a-z0-9_-]+$/, "a Slack channel such as #payments-alerts").optional(),
            pagerduty: yesNo.optional(),
        })
        .refine((r) => r.email !== undefined || r.slack !== undefined || r.pagerduty === true, {
            error: "expected at least one of email, slack or pagerduty: true",
        }),
    editors: z.array(email, { error: "expected a list of Grafana users' e-mail addresses" }).transform(sortedUnique).optional(),
});
export type Team = z.output<typeof team>;

/** Thanos over the Prometheus replicas: a sidecar in each shipping blocks to the metrics bucket, Query, a Store Gateway, one Compactor. */
const thanos = z.strictObject({
    enabled: yesNo,
    // How long the Compactor keeps each resolution in the bucket (Thanos' --retention.resolution-*; 0d: for ever).
    retention: z.strictObject({ raw: duration.default("30d"), fiveMinutes: duration.default("180d"), oneHour: duration.default("1y") }).prefault({}),
    compactorStorage: storageQuantity.default("20Gi"),
});
export type Thanos = z.output<typeof thanos>;

/** A key's default: one value for every platform, or one per platform; written as in a stack file (`{stack}`: its name), then parsed. */
type Default = { readonly all: unknown } | { readonly [P in PlatformName]: unknown };
const key = <S extends z.ZodType>(schema: S, dflt?: Default) => ({ schema, default: dflt });
const always = (all: unknown): Default => ({ all });
const byPlatform = (docker: unknown, kubernetes: unknown): Default => ({ docker, kubernetes });
/** A key of one field per name, each with its own default: unset, every field takes its default. */
const perName = <K extends string, S extends z.ZodType>(names: readonly K[], field: (name: K) => S) => key(fields(names, field), always({}));

/** Every key this program reads and its default (none: unset), in the reference's order; any other key is refused as a typo. */
export const configKeys = {
    platform: key(z.enum(["docker", "kubernetes"], { error: "expected docker or kubernetes" }), always("docker")),
    cluster: key(text(/^[a-zA-Z0-9_.-]+$/, "a label value of letters, digits, '.', '_' and '-'"), always("provisioning-{stack}")),
    components: key(
        z
            .array(z.enum(componentNames, { error: `expected one of ${componentNames.join(", ")}` }), {
                error: `expected a list of components from ${componentNames.join(", ")}`,
            })
            .min(1, { error: "expected at least one component" })
            .transform((list) => componentNames.filter((c) => list.includes(c))),
        always(componentNames),
    ),
    ports: perName(portNames, (p) => port.default(defaultPorts[p])),
    bindAddress: key(z.union([z.ipv4(), z.ipv6()], { error: "expected an IP address such as 127.0.0.1 or 0.0.0.0" }), always("127.0.0.1")),
    externalHost: key(
        z.string().refine(isHostName, { error: "expected a host name such as localhost (at most 253 characters, labels at most 63) or an IPv4 address" }),
        always("localhost"),
    ),
    scrapeInterval: key(duration, always("15s")),
    evaluationInterval: key(duration, always("15s")),
    prometheusRetentionTime: key(duration, byPlatform("7d", "30d")),
    prometheusRetentionSize: key(
        text(byteSizePattern, "a size such as 512MB or 50GB (units B, KB, MB, GB, TB, PB, EB)").optional(),
        byPlatform(undefined, "50GB"),
    ),
    lokiRetention: key(duration, byPlatform("168h", "720h")),
    tempoRetention: key(duration, byPlatform("72h", "336h")),
    platformTargets: key(
        z.array(platformTarget, { error: "expected a list of {job, targets} objects" }),
        byPlatform(defaultPlatformJobs("host.docker.internal"), defaultPlatformJobs()),
    ),
    remoteWrite: key(z.array(remoteWriteEntry, { error: "expected a list of {url, name?, headers?, auth?, writeRelabel?, queue?} objects" }), always([])),
    objectStorage: key(objectStorage.optional()),
    thanos: key(thanos, always({ enabled: false })),
    lokiObjectStorageFrom: key(
        z
            .string({ error: "expected a day such as 2027-01-15 (UTC, YYYY-MM-DD)" })
            // Unquoted in a stack file, YAML makes the day a timestamp, which the Pulumi CLI hands over in Go's format.
            .transform((day) => day.replace(/^(\d{4}-\d{2}-\d{2}) 00:00:00 \+0000 UTC$/, "$1"))
            .pipe(text(/^\d{4}-\d{2}-\d{2}$/, "a day such as 2027-01-15 (UTC, YYYY-MM-DD)"))
            .optional(),
    ),
    images: perName(componentNames, (c) => image.default(defaultImages[c])),
    grafanaAdminUser: key(text(/^[a-zA-Z0-9_.@-]+$/, "a user name"), always("admin")),
    notificationChannels: key(
        z
            .array(z.enum(notificationChannels, { error: `expected one of ${notificationChannels.join(", ")}` }), {
                error: `expected a list of channels from ${notificationChannels.join(", ")}`,
            })
            .refine((list) => new Set(list).size === list.length, { error: "expected each channel at most once" })
            .transform((list) => [...list].sort()),
        always([]),
    ),
    alertEmailTo: key(email.optional()),
    alertEmailFrom: key(email.optional()),
    smtpSmarthost: key(hostPort.optional()),
    smtpUsername: key(z.string().min(1).optional()),
    slackChannel: key(text(/^#[a-z0-9_-]+$/, "a Slack channel such as #provisioning-alerts").optional()),
    dockerHost: key(text(/^(unix|tcp|ssh|npipe):\/\//, "a Docker host URL such as unix:///var/run/docker.sock").optional()),
    retainDataOnDestroy: key(yesNo, always(true)),
    platformAlertsEvaluator: key(z.enum(["grafana", "prometheus"], { error: "expected grafana or prometheus" })),
    grafanaUrl: key(httpUrl("expected the http(s) URL the Pulumi CLI reaches Grafana on").optional()),
    namespace: key(dnsLabel, always("monitoring")),
    clientNamespaces: key(
        z.array(dnsLabel, { error: "expected a list of namespaces such as [provisioning]" }).transform(sortedUnique),
        always(["provisioning"]),
    ),
    storageClass: key(dnsSubdomain.optional()),
    storageSizes: perName(Object.keys(defaultStorageSizes) as (keyof typeof defaultStorageSizes)[], (c) => storageQuantity.default(defaultStorageSizes[c])),
    resources: perName(workloadNames, (c) =>
        z.strictObject({ requests: amounts(defaultResources[c].requests), limits: amounts(defaultResources[c].limits) }).prefault({}),
    ),
    grafanaIngress: key(
        z
            .strictObject({
                host: fqdnHost,
                tlsSecretName: dnsSubdomain,
                className: dnsSubdomain.optional(),
                controllerNamespace: dnsLabel.default("ingress-nginx"),
                // e.g. cert-manager.io/cluster-issuer: letsencrypt: whatever the cluster's ingress controller and issuer read.
                annotations: checkedRecord("annotation keys and string values", "a string value", (k) =>
                    annotationKey.test(k) ? undefined : "not an annotation key (expected keys such as cert-manager.io/cluster-issuer)",
                ).default({}),
            })
            .optional(),
    ),
    grafanaHttpRoute: key(
        z
            .strictObject({
                host: fqdnHost,
                gateway: z.strictObject({
                    name: dnsSubdomain,
                    namespace: dnsLabel,
                    sectionName: dnsSubdomain.optional(),
                    // Where the gateway's proxies run, when its implementation puts them elsewhere than the Gateway object.
                    proxyNamespace: dnsLabel.optional(),
                }),
            })
            .optional(),
    ),
    grafanaSso: key(grafanaSso.optional()),
    alertmanagerReplicas: key(wholeNumber(1, 7, "expected a whole number of replicas from 1 to 7 (0 or unset: the platform's default)"), byPlatform(1, 3)),
    prometheusReplicas: key(wholeNumber(1, 2, "expected 1 or 2 replicas (0 or unset: the platform's default)"), byPlatform(1, 2)),
    kubeContext: key(z.string().min(1, { error: "expected the name of a kubeconfig context" }).optional()),
    runbookBaseUrl: key(
        httpUrl("expected the http(s) URL runbooks/ is browsed at, such as https://github.com/<org>/<repo>/blob/main/runbooks").transform((u) =>
            u.replace(/\/+$/, ""),
        ),
        always(defaultRunbookBaseUrl),
    ),
    logAgent: key(z.enum(["promtail", "alloy"], { error: "expected promtail or alloy" }), always("promtail")),
    otlpCollector: key(yesNo, always(true)),
    maintenanceWindows: key(z.array(maintenanceWindow, { error: "expected a list of {weekdays?, times?, location?, severities?} windows" }), always([])),
    allowPlaceholders: key(yesNo, always(false)),
    allowNoHeartbeat: key(yesNo, always(false)),
    teams: key(z.array(team, { error: "expected a list of {name, namespaces?, receivers, editors?} teams" }), always([])),
    prometheusOperator: key(
        z
            .strictObject(
                { crds: z.enum(["install", "existing"], { error: "expected install (the stack installs them) or existing (the cluster has them)" }) },
                { error: "expected {crds: install or existing}" },
            )
            .optional(),
    ),
} as const;

export type ConfigKey = keyof typeof configKeys;

/** Each key's line: Pulumi.yaml's description and the reference's "accepted" column; with the shown default where the value would not read well. */
export const keyDocs: Readonly<Record<ConfigKey, string | readonly [accepted: string, shownDefault: string]>> = {
    platform: "where the stack runs: `docker` or `kubernetes`",
    cluster: "label value; the `cluster` external label on every series and alert",
    components: [`list of ${componentNames.map((c) => `\`${c}\``).join(", ")}; \`promtail\` needs \`loki\``, "all seven"],
    ports: [
        `object with any of ${Object.entries(defaultPorts)
            .map(([p, n]) => `\`${p}\` ${n}`)
            .join(", ")}; 1–65535, each used once (Tempo's OTLP ports share the collector's numbers, behind it)`,
        "the guide's table",
    ],
    bindAddress: "IPv4/IPv6 address published ports bind to",
    externalHost: "host name in the exported URLs",
    scrapeInterval: "Prometheus duration (`15s`, `1m`, `1h30m`): how often Prometheus scrapes",
    evaluationInterval: "Prometheus duration: how often Prometheus evaluates its rules",
    prometheusRetentionTime: "duration; becomes `--storage.tsdb.retention.time`",
    prometheusRetentionSize: "size (`512MB`, `50GB`); becomes `--storage.tsdb.retention.size`",
    lokiRetention: "whole days of at least 24h (Loki's index period)",
    tempoRetention: "duration; Tempo's block retention",
    platformTargets: ["every service Prometheus scrapes, one entry each (see [Scrape targets](#scrape-targets))", "the guide's three jobs, scraped every `2s`"],
    remoteWrite: [
        "list of `{url, name?, headers?, auth?, writeRelabel?, queue?}`: push metrics to long-term storage (see [Remote write](#remote-write))",
        "none",
    ],
    objectStorage: [
        "(kubernetes) `{endpoint, region? (us-east-1), buckets: {metrics?, logs?, traces?}, forcePathStyle?}`: an S3-compatible store, a bucket per signal; keys in `objectStorageCredentials` (see [Object storage](#object-storage))",
        "none: every signal on its volume",
    ],
    thanos: [
        "(kubernetes) `{enabled, retention?: {raw? (30d), fiveMinutes? (180d), oneHour? (1y)}, compactorStorage? (20Gi)}`: Thanos sidecars ship Prometheus' blocks to `objectStorage.buckets.metrics`; Grafana reads through Thanos Query (see [Thanos](kubernetes.md#thanos-metrics-beyond-one-prometheus))",
        "`{enabled: false}`",
    ],
    lokiObjectStorageFrom: [
        "(kubernetes) the first day (UTC, `YYYY-MM-DD`, after the deploy) Loki writes to the `logs` bucket, for a stack that kept logs on its volume until then: the older logs stay readable; Loki keeps one replica until the key is removed (see [Object storage](#object-storage))",
        "none: every day in the bucket, three Loki replicas",
    ],
    images: ["object per component; a tag or digest, never `latest`", "the pinned tags in [docker.md](docker.md) (`model/config/catalog.ts`)"],
    grafanaAdminUser: "Grafana's admin user name",
    notificationChannels: "list of `email`, `pagerduty`, `slack`; each needs the keys and secrets below",
    alertEmailTo: "plain address; required by `email`",
    alertEmailFrom: "plain address; required by `email`",
    smtpSmarthost: "`host:port` of the SMTP relay; required by `email`",
    smtpUsername: ["SMTP login, when the relay wants one", "the sender address"],
    slackChannel: "`#channel`; required by `slack`",
    dockerHost: ["(docker) `unix://`, `tcp://` or `ssh://` URL of another Docker engine", "the local engine"],
    retainDataOnDestroy: "whether data volumes, claims and the namespace outlive `pulumi destroy`: `true` or `false`",
    platformAlertsEvaluator: [
        "who evaluates the platform's alerts: `grafana` or `prometheus` (see [Grafana as code](grafana.md#grafana-as-code))",
        "`grafana` when Grafana can deliver (a channel or the stack's Alertmanager), else `prometheus`",
    ],
    grafanaUrl: ["`http(s)://` URL the Pulumi CLI reaches Grafana on, for the Grafana provider", "Grafana's external URL"],
    namespace: "(kubernetes) DNS label of at most 58 characters; the stack's namespace (node agents: `<namespace>-node`)",
    clientNamespaces: "(kubernetes) namespaces of the platform's services: discovered by Prometheus and Promtail, admitted to push logs and traces",
    storageClass: [
        "(kubernetes) StorageClass of every claim; fixed once the claims exist (see [Changing the storage class](kubernetes.md#changing-the-storage-class))",
        "the cluster's default",
    ],
    storageSizes: [
        "(kubernetes) object per component, `Mi`/`Gi`/`Ti`; Prometheus' claim must exceed `prometheusRetentionSize`; grows claims where the StorageClass allows, never shrinks them",
        Object.entries(defaultStorageSizes)
            .map(([c, s]) => `${c} \`${s}\``)
            .join(", "),
    ],
    resources: [
        "(kubernetes) `{<component>: {requests?: {cpu?, memory?}, limits?: {cpu?, memory?}}}` over the defaults; a request above its limit is an error",
        "`model/config/catalog.ts`",
    ],
    grafanaIngress:
        "(kubernetes) `{host, tlsSecretName, className?, controllerNamespace? (ingress-nginx), annotations?}`: an Ingress for Grafana (annotations such as `cert-manager.io/cluster-issuer: letsencrypt`)",
    grafanaHttpRoute:
        "(kubernetes) `{host, gateway: {name, namespace, sectionName?, proxyNamespace?}}`: a Gateway API HTTPRoute for Grafana instead of `grafanaIngress` (see [HTTPRoute](kubernetes.md#grafana-through-a-gateway-api-httproute))",
    grafanaSso:
        "`{authUrl, tokenUrl, apiUrl, clientId, roles: {Admin?, Editor?, Viewer?: [groups]}, name?, scopes?, groupsClaim?, allowSignUp?}`: sign-in through your identity provider (see [Single sign-on](grafana.md#single-sign-on))",
    alertmanagerReplicas: "1–7, more than one only on kubernetes (a gossip cluster); 0 means the default",
    prometheusReplicas: "1 or 2, two only on kubernetes (each scrapes and alerts; Alertmanager deduplicates); 0 means the default",
    kubeContext: ["(kubernetes) kubeconfig context to deploy to", "the current context"],
    runbookBaseUrl: "`http(s)://` URL where `runbooks/` is browsed; every `runbook_url` and dashboard runbook link is `<base>/<AlertName>.md`",
    logAgent: "which agent ships the logs: `promtail` or `alloy` (Promtail reached end of life on 2026-03-02)",
    otlpCollector:
        "if `true`, one OTLP endpoint (the OpenTelemetry Collector, outputs `otlpGrpcEndpoint` and `otlpHttpEndpoint`) takes metrics, logs and traces to Prometheus, Loki and Tempo (see [Send OTLP](how-to/send-otlp.md))",
    maintenanceWindows: ["windows in which Alertmanager mutes notifications (see [Maintenance windows](#maintenance-windows))", "none"],
    allowPlaceholders: "if `true`, deploy a kubernetes stack that still names documentation hosts (see [Placeholders](#placeholders))",
    allowNoHeartbeat: "if `true`, deploy a kubernetes stack with Alertmanager but without the `deadMansSwitchUrl` secret (see [Secrets](#secrets))",
    teams: [
        "teams that serve themselves: `{name, namespaces? (kubernetes), receivers: {email?, slack?, pagerduty?}, editors?}` (see [Teams](teams.md))",
        "none",
    ],
    prometheusOperator:
        "(kubernetes) `{crds: install or existing}`: the Prometheus Operator reads the teams' ServiceMonitor, PodMonitor and PrometheusRule objects; `existing` where the cluster has the CRDs already (see [Teams](teams.md#servicemonitor-podmonitor-and-prometheusrule))",
};

/** Secret keys, read only through Pulumi's secret API: what each is, when it is needed; `entries`: set one entry at a time (its name). */
export const secrets = {
    grafanaAdminPassword: {
        placeholder: "<password>",
        what: "Grafana's admin password",
        doc: "optional: generated (32 characters, `@pulumi/random`) when unset",
    },
    pagerdutyServiceKey: { placeholder: "<integration-key>", what: "PagerDuty routing key", doc: "required when `notificationChannels` includes `pagerduty`" },
    slackWebhookUrl: { placeholder: "<webhook-url>", what: "Slack incoming webhook URL", doc: "required when `notificationChannels` includes `slack`" },
    smtpPassword: { placeholder: "<password>", what: "SMTP password", doc: "optional, for an SMTP relay that wants a login" },
    deadMansSwitchUrl: {
        placeholder: "<heartbeat-url>",
        what: "URL of an external heartbeat check, sent the always-firing Watchdog every minute",
        doc: "required on `kubernetes` with Alertmanager, unless `allowNoHeartbeat: true` (see [Secrets](#secrets)); optional on `docker`",
    },
    grafanaSsoClientSecret: {
        placeholder: "<client-secret>",
        what: "the client secret the identity provider issued for Grafana",
        doc: "required when `grafanaSso` is set",
    },
    scrapeCredentials: {
        placeholder: "<token-or-password>",
        entries: "<job>",
        what: "token or password of each `platformTargets` job with `credentials`, one entry per job",
        doc: "required when a `platformTargets` entry has `credentials`",
    },
    teamSecrets: {
        placeholder: "<webhook-url-or-key>",
        entries: "<team>-slack",
        what: "each team's Slack webhook URL (`<team>-slack`) and PagerDuty routing key (`<team>-pagerduty`), one entry each",
        doc: "required for a team whose `receivers` include `slack` or `pagerduty`",
    },
    remoteWriteCredentials: {
        placeholder: "<password-or-token>",
        entries: "<name>",
        what: "password (basic), token (bearer) or `<access-key-id>:<secret-access-key>` (sigv4) of each `remoteWrite` entry with `auth`, one entry per `name`",
        doc: "required when a `remoteWrite` entry has `auth`",
    },
    objectStorageCredentials: {
        placeholder: "<access-key-id>",
        entries: "accessKeyId",
        what: "the object store's access key: two entries, `accessKeyId` and `secretAccessKey`",
        doc: "required when `objectStorage` is set",
    },
} as const satisfies Record<string, { placeholder: string; what: string; doc: string; entries?: string }>;
export type SecretKey = keyof typeof secrets;
export const secretKeys = Object.keys(secrets) as SecretKey[];

/** What each notification channel needs: settings in the stack file, secrets set with `pulumi config set --secret`. */
export const channelRequirements: Readonly<Record<NotificationChannel, { settings: readonly ConfigKey[]; secrets: readonly SecretKey[] }>> = {
    email: { settings: ["alertEmailTo", "alertEmailFrom", "smtpSmarthost"], secrets: [] },
    pagerduty: { settings: [], secrets: ["pagerdutyServiceKey"] },
    slack: { settings: ["slackChannel"], secrets: ["slackWebhookUrl"] },
};

/** A schema without its optional, default and transform wrappers: what a value must look like. */
export function unwrapped(schema: z.ZodType): z.ZodType {
    const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    if (def.type === "pipe") return unwrapped(def.in!);
    return def.innerType ? unwrapped(def.innerType) : schema;
}

/** The Pulumi config type of a key (Pulumi.yaml's `type:`); anything but a string arrives in the program as JSON text. */
export function configType(schema: z.ZodType): { type: "string" | "integer" | "boolean" | "array" | "object"; items?: string } {
    const inner = unwrapped(schema);
    if (inner instanceof z.ZodNumber) return { type: "integer" };
    if (inner instanceof z.ZodBoolean) return { type: "boolean" };
    if (inner instanceof z.ZodObject || inner instanceof z.ZodRecord) return { type: "object" };
    if (inner instanceof z.ZodArray) return { type: "array", items: configType(inner.element as z.ZodType).type };
    return { type: "string" };
}
