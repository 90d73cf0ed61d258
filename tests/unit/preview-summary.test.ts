// `npm run preview-summary`'s pure part (its CLI: tests/tools/preview-summary-cli.test.ts): Pulumi's `preview --json` (fixtures in its documented shape) -> Markdown for reviewers.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { asPreviewDigest, PreviewFormatError, previewMarkdown } from "../../scripts/preview-summary";
import { expectedChanges } from "../support/preview-expected";
import { projectRoot } from "../support/stack-files";

const fixture = (name: string) => path.join(projectRoot, "tests", "fixtures", name);
const load = (name: string) => JSON.parse(fs.readFileSync(fixture(name), "utf8"));

describe("preview summary (pure)", () => {
    it("groups by component, names dashboards by title, rule groups by their alert rules, containers and volumes by name", () => {
        assert.equal(previewMarkdown(asPreviewDigest(load("preview-dev-changes.json"))), expectedChanges);
    });

    it("puts replaced and deleted data holders first, marked as data at risk, and nowhere else", () => {
        const text = previewMarkdown(asPreviewDigest(load("preview-dev-changes.json")));
        assert.ok(text.indexOf("DATA AT RISK") < text.indexOf("#### Grafana"));
        assert.equal(text.split("monitoring-dev-loki-data").length, 2, "listed once");
    });

    it("marks a deleted StatefulSet and claim on Kubernetes as data at risk, an updated one not", () => {
        const step = (op: string, type: string, name: string) => ({
            op,
            urn: `urn:pulumi:prod::monitoring::monitoring:index:MonitoringStack$monitoring:index:Prometheus$${type}::monitoring-prometheus-${name}`,
            oldState: { type, inputs: { metadata: { name } } },
            detailedDiff: null,
        });
        const digest = asPreviewDigest({
            steps: [
                step("delete", "kubernetes:apps/v1:StatefulSet", "prometheus"),
                step("delete", "kubernetes:core/v1:PersistentVolumeClaim", "data-prometheus-0"),
                { ...step("update", "kubernetes:apps/v1:StatefulSet", "loki"), diffReasons: ["spec"] },
            ],
            changeSummary: { delete: 2, update: 1 },
        });
        assert.equal(
            previewMarkdown(digest),
            [
                "### pulumi preview: 1 to update, 2 to delete (0 unchanged)",
                "",
                "#### DATA AT RISK: replaced or deleted data holders",
                "",
                "| change | component | resource | fields |",
                "| --- | --- | --- | --- |",
                "| **delete** | Prometheus | StatefulSet prometheus | - |",
                "| **delete** | Prometheus | claim data-prometheus-0 | - |",
                "",
                "#### Prometheus",
                "",
                "| change | resource | fields |",
                "| --- | --- | --- |",
                "| update | StatefulSet loki | spec |",
                "",
            ].join("\n"),
        );
    });

    it("says so when nothing changes", () => {
        assert.equal(previewMarkdown(asPreviewDigest(load("preview-dev-no-changes.json"))), "### pulumi preview: no changes (64 unchanged)\n");
    });

    it("never prints a value, so a secret cannot reach a pull request comment", () => {
        const digest = load("preview-dev-changes.json");
        digest.steps[1].newState.inputs.configJson = '{"title":"Platform Overview","secret":"s3cret-value"}';
        assert.ok(!previewMarkdown(asPreviewDigest(digest)).includes("s3cret-value"));
    });

    it("rejects documents that are not a preview", () => {
        for (const bad of [[], { steps: [] }, { steps: [{ op: "create" }], changeSummary: {} }, { steps: "x", changeSummary: {} }, null]) {
            assert.throws(() => asPreviewDigest(bad), PreviewFormatError, JSON.stringify(bad));
        }
    });
});
