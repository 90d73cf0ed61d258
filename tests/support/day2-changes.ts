// One changed value per config key for the day-2 tests (the mock engine's before/after pairs and the prod run on a real
// API server), or the reason a key has no in-place change.
import { realProdValues } from "./stack-files";

/** Single sign-on through an identity provider, as a stack file would set it (example.com: the prod runs allow placeholders). */
export const exampleSso = {
    authUrl: "https://login.example.com/oauth2/authorize",
    tokenUrl: "https://login.example.com/oauth2/token",
    apiUrl: "https://login.example.com/oauth2/userinfo",
    clientId: "grafana",
    roles: { Admin: ["monitoring-admins"], Editor: ["provisioning-oncall"], Viewer: ["provisioning"] },
};

/** `with`: other keys the after-run sets too (a pair that only runs together with them). */
export type Change = { prod?: string; dev?: string; why?: string; with?: Record<string, string> };

/** One changed value per key (JSON text for lists and objects); `why` where a key has no before/after pair. */
export const changes: Record<string, Change> = {
    platform: { why: "docker and kubernetes are different stacks (dev, prod), not a change of one" },
    kubeContext: { why: "another cluster: the stack would start there from nothing (a new stack is the honest way)" },
    dockerHost: { why: "another Docker engine: the stack would start there from nothing (a new stack is the honest way)" },
    namespace: { why: "moves the stack: every object is created in the new namespace; retained data stays in the old one (docs/kubernetes.md)" },
    cluster: { prod: "provisioning-production-eu", dev: "provisioning-dev-2" },
    components: { prod: '["prometheus","grafana","loki","promtail","alertmanager","node-exporter"]', dev: '["prometheus","grafana","alertmanager"]' },
    ports: { prod: '{"grafana":3001,"nodeExporter":9200}', dev: '{"grafana":3001,"prometheus":9091}' },
    bindAddress: { prod: "0.0.0.0", dev: "0.0.0.0" },
    externalHost: { prod: "monitoring.example.com", dev: "monitoring.local" },
    scrapeInterval: { prod: "30s", dev: "30s" },
    evaluationInterval: { prod: "30s", dev: "30s" },
    prometheusRetentionTime: { prod: "15d", dev: "3d" },
    prometheusRetentionSize: { prod: "40GB", dev: "5GB" },
    lokiRetention: { prod: "240h", dev: "48h" },
    tempoRetention: { prod: "72h", dev: "24h" },
    platformTargets: {
        prod: '[{"job":"orchestrator","targets":["orchestrator.provisioning.svc:8080"]}]',
        dev: '[{"job":"orchestrator","targets":["host.docker.internal:8080"]}]',
    },
    remoteWrite: { prod: '[{"url":"https://archive.example.com/api/v1/write"}]', dev: '[{"url":"https://archive.example.com/api/v1/write"}]' },
    objectStorage: {
        prod: '{"endpoint":"http://minio.storage:9000","buckets":{"metrics":"prod-metrics"}}',
        with: { "monitoring:objectStorageCredentials": '{"accessKeyId":"AKIAFAKE","secretAccessKey":"fake-secret-key"}' },
    },
    // The move of a deployed stack's logs and traces to the store: Loki keeps its volume's period (and one replica).
    lokiObjectStorageFrom: {
        prod: "2027-01-15",
        with: {
            "monitoring:objectStorage": '{"endpoint":"http://minio.storage:9000","buckets":{"logs":"prod-logs","traces":"prod-traces"}}',
            "monitoring:objectStorageCredentials": '{"accessKeyId":"AKIAFAKE","secretAccessKey":"fake-secret-key"}',
        },
    },
    images: { prod: '{"prometheus":"prom/prometheus:v3.13.1","loki":"grafana/loki:3.7.5"}', dev: '{"prometheus":"prom/prometheus:v3.13.1"}' },
    grafanaAdminUser: { prod: "ops", dev: "ops" },
    alertEmailTo: { prod: "oncall@example.com" },
    alertEmailFrom: { prod: "monitoring@provisioning.example.com" },
    smtpSmarthost: { prod: "smtp2.example.com:587" },
    smtpUsername: { prod: "alerts" },
    slackChannel: { prod: "#provisioning-oncall" },
    notificationChannels: { prod: '["pagerduty"]', dev: '["pagerduty"]' },
    retainDataOnDestroy: { prod: "false", dev: "false" },
    platformAlertsEvaluator: { prod: "prometheus", dev: "prometheus" },
    grafanaUrl: { prod: "http://localhost:3000", dev: "http://127.0.0.1:3000" },
    maintenanceWindows: { prod: '[{"weekdays":["saturday","sunday"]}]', dev: '[{"times":[{"start":"22:00","end":"24:00"}]}]' },
    logAgent: { prod: "alloy", dev: "alloy" },
    otlpCollector: { prod: "false", dev: "false" },
    // The prod runs deploy the shipped file's placeholders with the override; turning it off needs the real values.
    allowPlaceholders: { prod: "false", with: realProdValues, dev: "true" },
    // Dropping the heartbeat from prod takes the opt-out; dev never needs one.
    allowNoHeartbeat: { prod: "true", with: { "monitoring:deadMansSwitchUrl": "" }, dev: "true" },
    runbookBaseUrl: { prod: "https://github.com/example/monitoring/blob/main/runbooks", dev: "https://github.com/example/monitoring/blob/main/runbooks" },
    storageClass: { why: "a bound claim's class cannot change: refused before any claim is touched (see the storage class tests)" },
    storageSizes: { prod: '{"prometheus":"80Gi","loki":"60Gi","grafana":"10Gi","tempo":"30Gi","alertmanager":"2Gi"}' },
    resources: { prod: '{"prometheus":{"limits":{"memory":"8Gi"}},"loki":{"requests":{"cpu":"500m"}}}' },
    grafanaIngress: {
        prod: '{"host":"grafana.ops.example.com","tlsSecretName":"grafana-ops-tls","className":"nginx","annotations":{"cert-manager.io/cluster-issuer":"letsencrypt"}}',
    },
    // The Ingress gives way to the route (the two are refused together).
    grafanaHttpRoute: {
        prod: '{"host":"grafana.ops.example.com","gateway":{"name":"public","namespace":"gateways","sectionName":"https"}}',
        with: { "monitoring:grafanaIngress": "" },
    },
    grafanaSso: { why: "needs its client secret: the grafanaSsoClientSecret pair sets both" },
    alertmanagerReplicas: { prod: "5" },
    prometheusReplicas: { prod: "1" },
    clientNamespaces: { prod: '["provisioning","provisioning-jobs"]' },
    // Secrets (rotated).
    grafanaAdminPassword: { prod: "rotated-admin-password", dev: "rotated-admin-password" },
    pagerdutyServiceKey: { prod: "rotated-pagerduty-key" },
    slackWebhookUrl: { prod: "https://hooks.slack.invalid/services/ROTATED" },
    smtpPassword: { prod: "rotated-smtp-password" },
    deadMansSwitchUrl: { prod: "https://heartbeat.example.com/ping/rotated", dev: "https://heartbeat.example.com/ping/dev" },
    teams: {
        prod: '[{"name":"payments","receivers":{"email":"payments@example.com"},"editors":["ana@example.com"]}]',
    },
    // The CRDs are the cluster's here (the cluster tests install them from the release's module); a team with a namespace.
    prometheusOperator: {
        prod: '{"crds":"existing"}',
        with: { "monitoring:teams": '[{"name":"payments","namespaces":["provisioning"],"receivers":{"email":"payments@example.com"}}]' },
    },
    teamSecrets: {
        prod: '{"payments-slack":"https://hooks.slack.invalid/services/ROTATED"}',
        with: { "monitoring:teams": '[{"name":"payments","receivers":{"slack":"#payments-alerts"}}]' },
    },
    grafanaSsoClientSecret: {
        prod: "rotated-sso-client-secret",
        dev: "rotated-sso-client-secret",
        with: { "monitoring:grafanaSso": JSON.stringify(exampleSso) },
    },
    scrapeCredentials: {
        prod: '{"payments":"rotated-token"}',
        with: { "monitoring:platformTargets": '[{"job":"payments","targets":["payments.provisioning.svc:9100"],"credentials":{"type":"bearer"}}]' },
    },
    // Thanos turned on: a sidecar in Prometheus' pod template and three workloads of its own, nothing replaced.
    thanos: {
        prod: '{"enabled":true}',
        with: {
            "monitoring:objectStorage": '{"endpoint":"http://minio.storage:9000","buckets":{"metrics":"prod-metrics"}}',
            "monitoring:objectStorageCredentials": '{"accessKeyId":"AKIAFAKE","secretAccessKey":"fake-secret-key"}',
        },
    },
    objectStorageCredentials: {
        prod: '{"accessKeyId":"AKIAROTATED","secretAccessKey":"rotated-secret-key"}',
        with: { "monitoring:objectStorage": '{"endpoint":"http://minio.storage:9000","buckets":{"metrics":"prod-metrics"}}' },
    },
    remoteWriteCredentials: {
        prod: '{"mimir":"rotated-password"}',
        with: { "monitoring:remoteWrite": '[{"url":"https://mimir.example.com/api/v1/push","name":"mimir","auth":{"type":"basic","username":"tenant"}}]' },
    },
};
