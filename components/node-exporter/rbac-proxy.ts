// kube-rbac-proxy in front of node_exporter on Kubernetes: a sidecar of the node agent's workload.
import { PortClient } from "../../model/clients";
import { helperImages } from "../../model/config/catalog";
import { StackConfig } from "../../model/config/types";
import { Sidecar } from "../base/workload";

/** TLS versions of the ciphers kube-prometheus allows the proxy (ECDHE with AES-GCM or ChaCha20 only). */
const proxyCipherSuites = [
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
];

/**
 * kube-rbac-proxy on the node's address and node_exporter's port: it serves TLS (its own certificate) and lets a request
 * through only when its bearer token may `get` the non-resource URL /metrics (TokenReview + SubjectAccessReview).
 */
export function nodeExporterProxy(config: StackConfig, clients: readonly PortClient[]): Sidecar {
    const port = config.ports.nodeExporter;
    return {
        name: "kube-rbac-proxy",
        image: helperImages.kubeRbacProxy,
        args: [`--secure-listen-address=[$(IP)]:${port}`, `--tls-cipher-suites=${proxyCipherSuites.join(",")}`, `--upstream=http://127.0.0.1:${port}/`],
        ports: [{ name: "nodeExporter", port, protocol: "tcp", clients }],
        env: [{ name: "IP", instance: "ip" }],
        // The image's nonroot user.
        user: { uid: 65532, gid: 65532 },
        resources: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "20m", memory: "40Mi" } },
        healthPort: port,
        authenticatesClients: true,
    };
}
