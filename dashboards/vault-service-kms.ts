// Vault Service KMS: encryption operations, secret operations and their latency (the guide's dashboard 4).
import { platformJobs } from "../alerts/catalog";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { latencyTargets, processCpu, promTimeseries, runbooks, serviceSpans, serviceStatus, stat, sumRate, thresholds, traces } from "./common";

const latency = "provisioning_kms_latency_seconds";

export function vaultServiceKmsDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-vault-kms",
        title: "Vault Service KMS",
        description: "KMS encryptions and decryptions, secret operations and KMS latency of the vault service.",
        tags: ["vault-service", "kms"],
        variableMetric: "provisioning_kms_encryptions_total",
        traces: true,
        alerts: ["VaultServiceDown", "KmsHighLatency"],
        panels: [
            "Summary",
            serviceStatus("vault service", "VaultServiceDown"),
            stat("Encryptions", "ops", "KMS encryptions per second.", sumRate("provisioning_kms_encryptions_total", [])),
            stat("Decryptions", "ops", "KMS decryptions per second.", sumRate("provisioning_kms_decryptions_total", [])),
            stat(
                "KMS p95 latency",
                "s",
                "95th percentile KMS latency over 5 minutes (the KMS latency SLO: 99% within 500ms; KmsHighLatency pages on its fast burn).",
                `max(job:provisioning_kms_latency_seconds:p95_rate5m{job=~"$job"})`,
            )
                .thresholds(thresholds(0.5))
                .links(runbooks("KmsHighLatency")),
            "Operations",
            promTimeseries("KMS operations", "ops", "Encryptions and decryptions per second.", [
                [sumRate("provisioning_kms_encryptions_total"), "encrypt {{job}}"],
                [sumRate("provisioning_kms_decryptions_total"), "decrypt {{job}}"],
            ]),
            promTimeseries("Secret operations", "ops", "Secret operations per second.", [[sumRate("provisioning_secrets_operations_total"), "{{job}}"]]),
            promTimeseries("KMS latency", "s", "Latency quantiles of KMS operations (encryptions and decryptions).", latencyTargets(latency, true))
                .thresholds(thresholds(0.5))
                .links(runbooks("KmsHighLatency")),
            processCpu("Vault service CPU", "vault service"),
            "Traces",
            traces(
                "Slow or failed KMS traces",
                "Recent vault service traces with a span in error or slower than 500ms, the KMS latency SLO threshold (Tempo).",
                serviceSpans(platformJobs.vaultService, "(status = error || duration > 500ms)"),
            ).links(runbooks("KmsHighLatency")),
        ],
    });
}
