// Containers next to a workload's own: its sidecars, and the reloader that makes in-place reloads happen on Kubernetes.
import type * as k8s from "@pulumi/kubernetes";
import { helperImages } from "../../model/config/catalog";
import { InPlaceReload, Sidecar, WorkloadEnv } from "../../components/base/workload";
import { kubernetesPortName } from "./labels";

type Container = k8s.types.input.core.v1.Container;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** The restricted Pod Security level's container rules, and a read-only root: what every container here runs with. */
export function hardenedContext(user: { uid: number; gid: number }): k8s.types.input.core.v1.SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: user.uid,
        runAsGroup: user.gid,
        capabilities: { drop: ["ALL"] },
    };
}

/** Environment variables, the node's and the pod's own name and address from the downward API. */
export function containerEnv(env: readonly WorkloadEnv[] | undefined): Partial<Container> {
    if (!env || env.length === 0) return {};
    const fieldPath = (e: WorkloadEnv) =>
        "nodeName" in e ? "spec.nodeName" : "instance" in e ? (e.instance === "ip" ? "status.podIP" : "metadata.name") : undefined;
    return {
        env: env.map((e) => {
            const field = fieldPath(e);
            return field ? { name: e.name, valueFrom: { fieldRef: { fieldPath: field } } } : { name: e.name, value: (e as { value: string }).value };
        }),
    };
}

export function sidecarContainer(sidecar: Sidecar): Container {
    const probe = { tcpSocket: { port: sidecar.healthPort }, periodSeconds: 10, timeoutSeconds: 5 };
    return {
        name: sidecar.name,
        image: sidecar.image,
        args: [...sidecar.args],
        ports: sidecar.ports.map((p) => ({ name: kubernetesPortName(p.name), containerPort: p.port, protocol: "TCP" })),
        ...containerEnv(sidecar.env),
        resources: { requests: { ...sidecar.resources.requests }, limits: { ...sidecar.resources.limits } },
        startupProbe: { ...probe, failureThreshold: 30 },
        livenessProbe: { ...probe, failureThreshold: 6 },
        readinessProbe: { ...probe, failureThreshold: 3 },
        securityContext: hardenedContext(sidecar.user),
    };
}

/** Port of the reloader's /healthz and /metrics, inside the pod (no NetworkPolicy admits anyone to it). */
const reloaderPort = 8080;

/**
 * prometheus-config-reloader watching the mounted config file and the directories below it: on a change it sends SIGHUP
 * to the process (the pod shares one process namespace) and checks the reload on the process's own status URL. No HTTP
 * reload endpoint is involved, so the process needs no lifecycle API that other pods could call.
 */
export function reloaderContainer(reload: InPlaceReload, configFiles: readonly string[], mount: VolumeMount, user: { uid: number; gid: number }): Container {
    const dirs = [...new Set(configFiles.map((f) => f.slice(0, f.lastIndexOf("/"))).filter((d) => d !== reload.dir))].sort();
    const mainFile = configFiles.find((f) => f.slice(0, f.lastIndexOf("/")) === reload.dir);
    const probe = { httpGet: { path: "/healthz", port: reloaderPort }, periodSeconds: 10, timeoutSeconds: 5 };
    return {
        name: "config-reloader",
        image: helperImages.configReloader,
        args: [
            `--listen-address=:${reloaderPort}`,
            "--reload-method=signal",
            `--process-executable-name=${reload.processName}`,
            `--runtimeinfo-url=${reload.statusUrl}`,
            ...(mainFile ? [`--config-file=${mainFile}`] : []),
            ...dirs.map((d) => `--watched-dir=${d}`),
        ],
        ports: [{ name: "reloader", containerPort: reloaderPort, protocol: "TCP" }],
        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
        startupProbe: { ...probe, failureThreshold: 30 },
        livenessProbe: { ...probe, failureThreshold: 6 },
        readinessProbe: { ...probe, failureThreshold: 3 },
        // Same user as the process it signals: a signal needs no capability then.
        securityContext: hardenedContext(user),
        volumeMounts: [{ ...mount, readOnly: true }],
    };
}
