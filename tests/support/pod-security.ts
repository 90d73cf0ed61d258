// The Pod Security Standards' `restricted` level (Kubernetes docs, "Pod Security Standards", v1.33), rule by rule, as a
// pure check of a pod spec: what the API server's admission would refuse in a namespace that enforces it.

/** Volume types the restricted level allows. */
const allowedVolumeTypes = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
/** The baseline level's safe sysctls (restricted inherits baseline). */
const safeSysctls = new Set([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
]);
const allowedSeLinuxTypes = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

type Spec = Record<string, any>;

/** Every violation of the restricted level in a pod spec, one line each; none when the pod would be admitted. */
export function restrictedViolations(spec: Spec): string[] {
    const problems: string[] = [];
    const pod = spec.securityContext ?? {};
    const containers: Spec[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
    // Baseline: host namespaces, host paths, host ports, privileged, added capabilities, AppArmor, SELinux, /proc, sysctls.
    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[field] === true) problems.push(`${field} is true`);
    if (pod.windowsOptions?.hostProcess === true) problems.push("pod windowsOptions.hostProcess is true");
    for (const v of spec.volumes ?? []) {
        const type = Object.keys(v).find((k) => k !== "name");
        if (!type || !allowedVolumeTypes.has(type)) problems.push(`volume ${v.name} is of type ${type}`);
    }
    for (const sysctl of pod.sysctls ?? []) if (!safeSysctls.has(sysctl.name)) problems.push(`sysctl ${sysctl.name} is not safe`);
    const seccomp = (ctx: Spec | undefined) => ctx?.seccompProfile?.type;
    const okSeccomp = (type: string | undefined) => type === "RuntimeDefault" || type === "Localhost";
    if (seccomp(pod) !== undefined && !okSeccomp(seccomp(pod))) problems.push(`pod seccompProfile is ${seccomp(pod)}`);
    const checkSeLinux = (where: string, o: Spec | undefined) => {
        if (!o) return;
        if (!allowedSeLinuxTypes.has(o.type ?? "")) problems.push(`${where} seLinuxOptions.type is ${o.type}`);
        if (o.user || o.role) problems.push(`${where} sets seLinuxOptions.user or role`);
    };
    checkSeLinux("pod", pod.seLinuxOptions);
    const appArmor = (where: string, p: Spec | undefined) => {
        if (p && p.type !== "RuntimeDefault" && p.type !== "Localhost") problems.push(`${where} appArmorProfile is ${p.type}`);
    };
    appArmor("pod", pod.appArmorProfile);
    if (pod.runAsUser === 0) problems.push("pod runAsUser is 0");
    for (const c of containers) {
        const where = `container ${c.name}`;
        const ctx = c.securityContext ?? {};
        if (ctx.privileged === true) problems.push(`${where} is privileged`);
        if (ctx.windowsOptions?.hostProcess === true) problems.push(`${where} windowsOptions.hostProcess is true`);
        for (const p of c.ports ?? []) if (p.hostPort !== undefined && p.hostPort !== 0) problems.push(`${where} uses hostPort ${p.hostPort}`);
        if (ctx.procMount !== undefined && ctx.procMount !== "Default") problems.push(`${where} procMount is ${ctx.procMount}`);
        checkSeLinux(where, ctx.seLinuxOptions);
        appArmor(where, ctx.appArmorProfile);
        // Restricted: no escalation, non-root, seccomp, capabilities dropped.
        if (ctx.allowPrivilegeEscalation !== false) problems.push(`${where} allowPrivilegeEscalation is not false`);
        if (!(ctx.runAsNonRoot === true || (ctx.runAsNonRoot === undefined && pod.runAsNonRoot === true))) problems.push(`${where} runAsNonRoot is not true`);
        if (ctx.runAsUser === 0) problems.push(`${where} runAsUser is 0`);
        const type = seccomp(ctx) ?? seccomp(pod);
        if (!okSeccomp(type)) problems.push(`${where} seccompProfile is ${type ?? "unset"}`);
        if (!(ctx.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where} does not drop ALL capabilities`);
        for (const cap of ctx.capabilities?.add ?? []) if (cap !== "NET_BIND_SERVICE") problems.push(`${where} adds capability ${cap}`);
    }
    return problems;
}
