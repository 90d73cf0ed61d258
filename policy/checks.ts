// Pure checks behind the policies: (resource type, inputs) -> problems, one line each. No Pulumi imports.
import { parse } from "yaml";
import { ownerLabelValues } from "../alerts/catalog";
import { routeSeverity, routingSpec } from "../alerts/routing";
import { isPinnedImageReference } from "../model/config/hosts";

export type Props = Record<string, any>;

/** Severities the routing tree routes explicitly (critical, warning, info, none): an alert with another one reaches no intended receiver. */
export const routedSeverities: readonly string[] = [...new Set(routingSpec.route.routes.flatMap((r) => routeSeverity(r) ?? []))].sort();

/** The `owner` label's values (alerts/catalog.ts): who answers an alert. */
export const ownerValues: readonly string[] = Object.values(ownerLabelValues).sort();

function containersOf(type: string, props: Props): { container: Props; init: boolean; podSpec: Props }[] {
    const workloads = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet"];
    const podSpec = workloads.includes(type) ? props?.spec?.template?.spec : undefined;
    if (!podSpec) return [];
    const of = (list: Props[] | undefined, init: boolean) => (list ?? []).map((container) => ({ container, init, podSpec }));
    return [...of(podSpec.initContainers, true), ...of(podSpec.containers, false)];
}

export function unpinnedImages(type: string, props: Props): string[] {
    const refs = containersOf(type, props).map((c) => String(c.container.image));
    if (type === "docker:index/remoteImage:RemoteImage") refs.push(String(props.name));
    // A container's image is the pulled image's id (sha256:...), or a reference when set directly.
    if (type === "docker:index/container:Container" && typeof props.image === "string" && !props.image.startsWith("sha256:")) refs.push(props.image);
    return refs.filter((ref) => !isPinnedImageReference(ref)).map((ref) => `image ${ref} is not pinned: use a tag other than latest, or a digest`);
}

/** The one root container a node agent needs: an init container that only chowns a host directory (fsGroup skips hostPath), all else dropped. */
function isChownOnly(container: Props): boolean {
    const context = container.securityContext ?? {};
    const added: unknown[] = context.capabilities?.add ?? [];
    const chownOnly = added.length === 1 && added[0] === "CHOWN" && (context.capabilities?.drop ?? []).includes("ALL");
    return container.command?.[0] === "chown" && chownOnly && context.allowPrivilegeEscalation === false && context.privileged !== true;
}

/** Every Kubernetes container: requests and limits, probes (not on init containers), non-root (but a chown-only init container), no privilege escalation. */
export function unhardenedContainers(type: string, props: Props): string[] {
    return containersOf(type, props).flatMap(({ container, init, podSpec }) => {
        const name = `container ${container.name}`;
        const context = container.securityContext ?? {};
        const nonRoot = context.runAsNonRoot === true || (podSpec.securityContext?.runAsNonRoot === true && context.runAsNonRoot !== false);
        return [
            ...["requests", "limits"].flatMap((kind) =>
                ["cpu", "memory"].filter((r) => container.resources?.[kind]?.[r] === undefined).map((r) => `${name}: no ${kind}.${r}`),
            ),
            ...(init ? [] : ["livenessProbe", "readinessProbe"].filter((probe) => !container[probe]).map((probe) => `${name}: no ${probe}`)),
            ...(!nonRoot && !(init && isChownOnly(container)) ? [`${name}: runAsNonRoot is not true`] : []),
            ...(context.allowPrivilegeEscalation !== false ? [`${name}: allowPrivilegeEscalation is not false`] : []),
            ...(context.privileged === true ? [`${name}: privileged`] : []),
        ];
    });
}

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

/** Credentials reach containers only as secret files or Secrets: never in env values, args or plain config files. */
export function plainCredentials(type: string, props: Props): string[] {
    const problems: string[] = [];
    const inline = (text: unknown) => (typeof text === "string" ? inlineCredential.exec(text)?.[1] : undefined);
    if (type === "docker:index/container:Container") {
        for (const [name] of (props.envs ?? []).map((env: unknown) => String(env).split("=", 1))) {
            if (credentialName.test(name)) problems.push(`env ${name} carries a credential in plain text; upload it as a secret file`);
        }
        for (const upload of props.uploads ?? []) {
            const path = String(upload.file);
            const isSecretFile = /\/secrets\//.test(path);
            if (isSecretFile && upload.permissions !== "0400") problems.push(`${path}: a credential file must be mode 0400`);
            if (!isSecretFile && inline(upload.content))
                problems.push(`${path}: a credential is written inline (${inline(upload.content)}); read it from a secret file`);
        }
    }
    if (type === "kubernetes:core/v1:ConfigMap") {
        for (const [key, value] of Object.entries<unknown>(props.data ?? {})) {
            if (inline(value)) problems.push(`ConfigMap key ${key}: a credential is written inline (${inline(value)}); put it in a Secret`);
        }
    }
    for (const { container } of containersOf(type, props)) {
        for (const env of container.env ?? []) {
            if (credentialName.test(env.name) && env.value !== undefined)
                problems.push(`container ${container.name}: env ${env.name} has a plain value; use valueFrom.secretKeyRef`);
        }
    }
    return problems;
}

function ruleProblems(where: string, name: string, rule: Props): string[] {
    const alert = `${where}: alert ${name}`;
    const { severity, owner } = rule.labels ?? {};
    const problems: string[] = [];
    if (!routedSeverities.includes(severity ?? ""))
        problems.push(`${alert} has severity ${severity ?? "(none)"}; the routing tree routes ${routedSeverities.join(", ")}`);
    if (!ownerValues.includes(owner ?? "")) problems.push(`${alert} has owner ${owner ?? "(none)"}; expected one of ${ownerValues.join(", ")}`);
    if (!/^https:\/\/\S+$/.test(rule.annotations?.runbook_url ?? "")) problems.push(`${alert} has no https runbook_url`);
    return problems;
}

/** Every alert rule (Grafana rule groups, Prometheus rule files among a resource's YAML files) with a routed severity, an owner and a runbook URL. */
export function unroutedAlertRules(type: string, props: Props): string[] {
    if (type === "grafana:alerting/ruleGroup:RuleGroup") return (props.rules ?? []).flatMap((r: Props) => ruleProblems(`rule group ${props.name}`, r.name, r));
    const files: [string, unknown][] =
        type === "docker:index/container:Container"
            ? (props.uploads ?? []).map((u: Props) => [String(u.file), u.content])
            : type === "kubernetes:core/v1:ConfigMap"
              ? Object.entries(props.data ?? {})
              : [];
    return files
        .filter(([name, content]) => /\.ya?ml$/.test(name) && typeof content === "string" && /^groups:/m.test(content))
        .flatMap(([file, content]) => {
            const groups = (parse(content as string) as { groups?: { rules?: Props[] }[] }).groups ?? [];
            return groups.flatMap((g) => g.rules ?? []).flatMap((r) => (r.alert === undefined ? [] : ruleProblems(file, r.alert, r)));
        });
}
