// Pure checks behind the policies: (resource type, inputs) -> problems, one line each. No Pulumi imports.
import { parse } from "yaml";
import { ownerLabelValues } from "../alerts/catalog";
import { routingSpec } from "../alerts/routing";

export type Props = Record<string, any>;

const workloadKinds = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet"];

/** Severities the routing tree routes explicitly (critical, warning, none): an alert with another one reaches no intended receiver. */
export const routedSeverities: readonly string[] = [
    ...new Set(routingSpec.route.routes.flatMap((r) => r.matchers.filter((m) => m.label === "severity" && m.op === "=").map((m) => m.value))),
].sort();

/** A reference pinned to a tag other than latest, or to a digest. */
export function isPinnedImage(ref: string): boolean {
    if (/@sha256:[a-f0-9]{64}$/.test(ref)) return true;
    const lastSegment = ref.slice(ref.lastIndexOf("/") + 1);
    const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : undefined;
    return tag !== undefined && tag !== "" && tag !== "latest";
}

function podSpecOf(type: string, props: Props): Props | undefined {
    return workloadKinds.includes(type) ? props?.spec?.template?.spec : undefined;
}

interface NamedContainer {
    readonly container: Props;
    readonly init: boolean;
}

function containersOf(podSpec: Props): NamedContainer[] {
    return [
        ...(podSpec.initContainers ?? []).map((c: Props) => ({ container: c, init: true })),
        ...(podSpec.containers ?? []).map((c: Props) => ({ container: c, init: false })),
    ];
}

/** Images of Docker images and Kubernetes workloads, pinned to a tag or digest and never `latest`. */
export function unpinnedImages(type: string, props: Props): string[] {
    const refs: string[] = [];
    if (type === "docker:index/remoteImage:RemoteImage") refs.push(String(props.name));
    // A container's image is the pulled image's id (sha256:...), or a reference when set directly.
    if (type === "docker:index/container:Container" && typeof props.image === "string" && !props.image.startsWith("sha256:")) refs.push(props.image);
    const podSpec = podSpecOf(type, props);
    if (podSpec) refs.push(...containersOf(podSpec).map((c) => String(c.container.image)));
    return refs.filter((ref) => !isPinnedImage(ref)).map((ref) => `image ${ref} is not pinned: use a tag other than latest, or a digest`);
}

/**
 * The one root container a node agent needs: an init container that only hands a host directory to the agent's user
 * (fsGroup does not apply to hostPath), with every capability dropped but CHOWN and no escalation.
 */
function isChownOnly(container: Props): boolean {
    const context = container.securityContext ?? {};
    const added: unknown[] = context.capabilities?.add ?? [];
    const dropped: unknown[] = context.capabilities?.drop ?? [];
    return (
        container.command?.[0] === "chown" &&
        added.length === 1 &&
        added[0] === "CHOWN" &&
        dropped.includes("ALL") &&
        context.allowPrivilegeEscalation === false &&
        context.privileged !== true
    );
}

/** Every Kubernetes container: requests and limits, probes (not on init containers), non-root (but a chown-only init container), no privilege escalation. */
export function unhardenedContainers(type: string, props: Props): string[] {
    const podSpec = podSpecOf(type, props);
    if (!podSpec) return [];
    const problems: string[] = [];
    const podNonRoot = podSpec.securityContext?.runAsNonRoot === true;
    for (const { container, init } of containersOf(podSpec)) {
        const name = `container ${container.name}`;
        for (const kind of ["requests", "limits"]) {
            for (const resource of ["cpu", "memory"]) {
                if (container.resources?.[kind]?.[resource] === undefined) problems.push(`${name}: no ${kind}.${resource}`);
            }
        }
        if (!init) {
            for (const probe of ["livenessProbe", "readinessProbe"]) if (!container[probe]) problems.push(`${name}: no ${probe}`);
        }
        const context = container.securityContext ?? {};
        const nonRoot = context.runAsNonRoot === true || (podNonRoot && context.runAsNonRoot !== false);
        if (!nonRoot && !(init && isChownOnly(container))) problems.push(`${name}: runAsNonRoot is not true`);
        if (context.allowPrivilegeEscalation !== false) problems.push(`${name}: allowPrivilegeEscalation is not false`);
        if (context.privileged === true) problems.push(`${name}: privileged`);
    }
    return problems;
}

/** Docker ports published only on the stack's bindAddress (never on every interface unless that is the setting). */
export function portsBeyondBindAddress(type: string, props: Props, bindAddress: string): string[] {
    if (type !== "docker:index/container:Container") return [];
    return (props.ports ?? [])
        .filter((p: Props) => p.external !== undefined && p.ip !== bindAddress)
        .map((p: Props) => `port ${p.external} is published on ${p.ip ?? "every interface"}, not on the bind address ${bindAddress}`);
}

/** StatefulSets keep their claims when deleted or scaled down, so data goes only on purpose. */
export function claimsNotRetained(type: string, props: Props): string[] {
    if (type !== "kubernetes:apps/v1:StatefulSet" || (props.spec?.volumeClaimTemplates ?? []).length === 0) return [];
    const policy = props.spec?.persistentVolumeClaimRetentionPolicy ?? {};
    return ["whenDeleted", "whenScaled"]
        .filter((k) => policy[k] !== "Retain")
        .map((k) => `persistentVolumeClaimRetentionPolicy.${k} is ${policy[k] ?? "unset"}, not Retain`);
}

const credentialName = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|SERVICE_?KEY|WEBHOOK)/i;
// A credential written inline in a config file, rather than read from a secret file ($__file{...} or *_file keys).
const inlineCredential =
    /^\s*(?:-\s+)?(admin_password|password|auth_password|service_key|routing_key|api_url|secret_key|client_secret)\s*[:=]\s*(?!\$__file\{)(\S.*)$/im;

function isSecretsPath(path: string): boolean {
    return /\/secrets\//.test(path);
}

/** Credentials reach containers only as secret files or Secrets: never in env values, args or plain config files. */
export function plainCredentials(type: string, props: Props): string[] {
    const problems: string[] = [];
    if (type === "docker:index/container:Container") {
        for (const env of props.envs ?? []) {
            const [name] = String(env).split("=", 1);
            if (credentialName.test(name)) problems.push(`env ${name} carries a credential in plain text; upload it as a secret file`);
        }
        for (const upload of props.uploads ?? []) {
            const path = String(upload.file);
            if (isSecretsPath(path) && upload.permissions !== "0400") problems.push(`${path}: a credential file must be mode 0400`);
            if (!isSecretsPath(path) && typeof upload.content === "string" && inlineCredential.test(upload.content)) {
                problems.push(`${path}: a credential is written inline (${inlineCredential.exec(upload.content)![1]}); read it from a secret file`);
            }
        }
    }
    if (type === "kubernetes:core/v1:ConfigMap") {
        for (const [key, value] of Object.entries<unknown>(props.data ?? {})) {
            if (typeof value === "string" && inlineCredential.test(value))
                problems.push(`ConfigMap key ${key}: a credential is written inline (${inlineCredential.exec(value)![1]}); put it in a Secret`);
        }
    }
    const podSpec = podSpecOf(type, props);
    for (const { container } of podSpec ? containersOf(podSpec) : []) {
        for (const env of container.env ?? []) {
            if (credentialName.test(env.name) && env.value !== undefined)
                problems.push(`container ${container.name}: env ${env.name} has a plain value; use valueFrom.secretKeyRef`);
        }
    }
    return problems;
}

interface RuleLike {
    readonly name: string;
    readonly severity?: string;
    readonly owner?: string;
    readonly runbookUrl?: string;
}

/** The `owner` label's values (alerts/catalog.ts): who answers an alert. */
export const ownerValues: readonly string[] = Object.values(ownerLabelValues).sort();

function checkRules(rules: readonly RuleLike[], where: string): string[] {
    const problems: string[] = [];
    for (const rule of rules) {
        if (rule.severity === undefined || !routedSeverities.includes(rule.severity)) {
            problems.push(`${where}: alert ${rule.name} has severity ${rule.severity ?? "(none)"}; the routing tree routes ${routedSeverities.join(", ")}`);
        }
        if (rule.owner === undefined || !ownerValues.includes(rule.owner)) {
            problems.push(`${where}: alert ${rule.name} has owner ${rule.owner ?? "(none)"}; expected one of ${ownerValues.join(", ")}`);
        }
        if (!rule.runbookUrl || !/^https:\/\/\S+$/.test(rule.runbookUrl)) problems.push(`${where}: alert ${rule.name} has no https runbook_url`);
    }
    return problems;
}

/** Prometheus rule files among a resource's files: YAML documents with `groups`. */
function prometheusRuleFiles(type: string, props: Props): [string, string][] {
    const files: [string, string][] =
        type === "docker:index/container:Container"
            ? (props.uploads ?? []).map((u: Props) => [String(u.file), u.content])
            : type === "kubernetes:core/v1:ConfigMap"
              ? Object.entries<string>(props.data ?? {})
              : [];
    return files.filter(([name, content]) => /\.ya?ml$/.test(name) && typeof content === "string" && /^groups:/m.test(content));
}

/** Every alert rule (Grafana rule groups, Prometheus rule files) with a routed severity, an owner and a runbook URL. */
export function unroutedAlertRules(type: string, props: Props): string[] {
    if (type === "grafana:alerting/ruleGroup:RuleGroup") {
        const rules = (props.rules ?? []).map((r: Props) => ({
            name: r.name,
            severity: r.labels?.severity,
            owner: r.labels?.owner,
            runbookUrl: r.annotations?.runbook_url,
        }));
        return checkRules(rules, `rule group ${props.name}`);
    }
    return prometheusRuleFiles(type, props).flatMap(([file, content]) => {
        const doc = parse(content) as { groups?: { rules?: Props[] }[] };
        const rules = (doc.groups ?? [])
            .flatMap((g) => g.rules ?? [])
            .filter((r) => r.alert !== undefined)
            .map((r) => ({ name: r.alert, severity: r.labels?.severity, owner: r.labels?.owner, runbookUrl: r.annotations?.runbook_url }));
        return checkRules(rules, file);
    });
}
