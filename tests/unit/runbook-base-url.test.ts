// monitoring:runbookBaseUrl: validated, and the one base of every runbook_url (Prometheus rules, Grafana rules) and of
// every runbook link on the built-in dashboards, as <base>/<AlertName>.md (the files in runbooks/).
import { strict as assert } from "assert";
import { parse } from "yaml";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { ConfigError, parseStackConfig } from "../../model/config/parse";
import { grafanaRuleGroupSpecs } from "../../render/grafana-content/alert-rule-groups";
import { renderDashboardFiles } from "../../render/stack-files";
import { readStackFile } from "../support/stack-files";

const base = "https://github.com/acme/monitoring/blob/main/runbooks";

describe("monitoring:runbookBaseUrl", () => {
    const dev = readStackFile("dev");
    const withBase = (value: string) => parseStackConfig({ ...dev, "monitoring:runbookBaseUrl": value }, "dev");

    it("defaults to the guide's runbook site and drops a trailing slash", () => {
        assert.equal(parseStackConfig(dev, "dev").runbookBaseUrl, "https://runbooks.provisioning.example.com");
        assert.equal(withBase(`${base}/`).runbookBaseUrl, base);
    });

    it("rejects anything but an http(s) URL, naming the key and what is accepted", () => {
        for (const bad of ["runbooks/", "ftp://example.com/runbooks"]) {
            assert.throws(
                () => withBase(bad),
                (err: unknown) =>
                    err instanceof ConfigError &&
                    err.problems.some((p) => p.startsWith("monitoring:runbookBaseUrl") && p.includes("expected the http(s) URL runbooks/ is browsed at")),
            );
        }
    });

    it("builds every Prometheus rule's runbook_url as <base>/<AlertName>.md", () => {
        const config = withBase(base);
        const rules = Object.values(renderPrometheusRuleFiles(config)).flatMap((text) =>
            (parse(text) as { groups: { rules: { alert?: string; annotations?: Record<string, string> }[] }[] }).groups.flatMap((g) => g.rules),
        );
        const alerts = rules.filter((r) => r.alert !== undefined);
        assert.ok(alerts.length > 10);
        for (const r of alerts) assert.equal(r.annotations?.runbook_url, `${base}/${r.alert}.md`);
        assert.equal(alerts.find((r) => r.alert === "Watchdog")?.annotations?.runbook_url, "https://github.com/acme/monitoring/blob/main/runbooks/Watchdog.md");
    });

    it("builds every Grafana rule's runbook_url the same way", () => {
        const config = parseStackConfig({ ...dev, "monitoring:runbookBaseUrl": base, "monitoring:platformAlertsEvaluator": "grafana" }, "dev");
        const rules = grafanaRuleGroupSpecs(config).flatMap((g) => g.rules);
        assert.ok(rules.length > 0);
        for (const r of rules) assert.equal(r.annotations.runbook_url, `${base}/${r.name}.md`);
    });

    it("moves every runbook link of the built-in dashboards under the base, leaving none on the default site", () => {
        const files = renderDashboardFiles(withBase(base));
        const text = Object.values(files).join("\n");
        assert.ok(text.includes(`"url":"${base}/OrchestratorDown.md"`), "no rebased runbook link");
        assert.ok(!text.includes("runbooks.provisioning.example.com"), "a runbook link still on the default site");
    });
});
