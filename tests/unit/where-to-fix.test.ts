// The hints failing checks give (tests/support/where-to-fix.ts) name real files and entries: literal expectations.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { catalogueFileOf, catalogueMetricHint, dashboardFileOf, fixtureToAdd, metricCatalogueFileFor, runbookLinkToAdd } from "../support/where-to-fix";
import { projectRoot } from "../support/stack-files";

describe("where a failing check is fixed (tests/support/where-to-fix.ts)", () => {
    it("names the catalogue file of each kind of alert", () => {
        assert.equal(catalogueFileOf("OrchestratorDown"), "alerts/catalog-platform.ts");
        assert.equal(catalogueFileOf("LokiDown"), "alerts/catalog-stack.ts");
        assert.equal(catalogueFileOf("KubePodCrashLooping"), "alerts/catalog-kubernetes.ts");
    });

    it("names the fixture list and file to add a promtool case to", () => {
        assert.equal(
            fixtureToAdd("KubePodCrashLooping"),
            'add { alert: "KubePodCrashLooping", firing: {series, at, expected}, healthy: {series, at} } to kubernetesFixtures in tests/tools/rule-fixtures-kubernetes.ts (the alert is in alerts/catalog-kubernetes.ts; shape in tests/tools/rule-fixture-types.ts)',
        );
    });

    it("finds each built-in dashboard's source file by its uid", () => {
        assert.equal(dashboardFileOf("prov-kubernetes"), "dashboards/kubernetes.ts");
        assert.equal(dashboardFileOf("prov-monitoring-stack"), "dashboards/stack-health.ts");
        assert.equal(dashboardFileOf("custom-infrastructure"), "user/dashboards/ (uid custom-infrastructure)");
    });

    it("suggests the dashboard that charts an alert's metrics for its runbook link", () => {
        assert.equal(
            runbookLinkToAdd("KmsHighLatency", "histogram_quantile(0.95, sum by (le) (rate(provisioning_kms_latency_seconds_bucket[5m]))) > 0.5"),
            'KmsHighLatency: add "KmsHighLatency" to the alerts: [...] list of dashboards/vault-service-kms.ts (prov-vault-kms, which charts provisioning_kms_latency_seconds)',
        );
    });

    it("sends an unknown metric to the catalogue file of its kind, and every such file exists", () => {
        assert.equal(metricCatalogueFileFor("provisioning_widgets_total"), "alerts/metrics-platform.ts");
        assert.equal(metricCatalogueFileFor("node_widgets"), "alerts/metrics.ts");
        assert.equal(metricCatalogueFileFor("kube_pod_widgets"), "alerts/metrics.ts");
        assert.equal(metricCatalogueFileFor("loki_widgets"), "alerts/metrics.ts");
        assert.match(
            catalogueMetricHint("provisioning_widgets_total"),
            /^fix the name, or catalogue provisioning_widgets_total \(name, type, help, labels, source\) in alerts\/metrics-platform\.ts/,
        );
        for (const f of [
            "alerts/metrics-platform.ts",
            "alerts/metrics.ts",
            "alerts/recording-rules.ts",
            "alerts/groups.ts",
            "tests/support/dashboard-areas.ts",
            "tests/tools/rule-fixture-types.ts",
        ]) {
            assert.ok(fs.existsSync(path.join(projectRoot, f)), f);
        }
    });
});
