// `npm run preview-summary`: Pulumi's `preview --json` (fixtures in its documented shape) -> Markdown for reviewers.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { asPreviewDigest, PreviewFormatError, previewMarkdown } from "../../scripts/preview-markdown";
import { projectRoot } from "../support/stack-files";

const fixture = (name: string) => path.join(projectRoot, "tests", "fixtures", name);
const load = (name: string) => JSON.parse(fs.readFileSync(fixture(name), "utf8"));

function cli(...args: string[]) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(projectRoot, "scripts", "preview-summary.ts"), ...args], {
        cwd: projectRoot,
        encoding: "utf8",
    });
}

const expectedChanges = `### pulumi preview: 1 to create, 2 to update, 2 to replace, 1 to delete (58 unchanged)

#### DATA AT RISK: replaced or deleted data holders

| change | component | resource | fields |
| --- | --- | --- | --- |
| **replace** | Loki | volume monitoring-dev-loki-data | name (forces replacement) |
| **delete** | Promtail | volume monitoring-dev-promtail-positions | - |

#### Grafana

| change | resource | fields |
| --- | --- | --- |
| replace | container monitoring-dev-grafana | entrypoints (forces replacement), uploads |

#### GrafanaContent

| change | resource | fields |
| --- | --- | --- |
| update | dashboard "Platform Overview" | configJson |
| update | rule group provisioning_alerts (alert rules HighWorkflowFailureRate, ApiHighLatency) | ApiHighLatency.annotations, HighWorkflowFailureRate.for |
| create | ContactPoint pagerduty | - |
`;

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

describe("npm run preview-summary (CLI)", function () {
    this.timeout(30_000);

    it("prints the summary of a preview file, with an optional title", () => {
        const result = cli(fixture("preview-dev-changes.json"), "--title", "dev");
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.stdout, expectedChanges.replace("### pulumi preview:", "### dev:"));
    });

    const badCases: [string[], RegExp][] = [
        [
            ["package.json"],
            /^preview-summary: package\.json is not a Pulumi preview: expected an object with steps\[\] of \{op, urn\} and changeSummary, as `pulumi preview --json` writes\n$/,
        ],
        [["README.md"], /^preview-summary: README\.md is not JSON; expected the output of `pulumi preview --json`\n$/],
        [["no-such.json"], /^preview-summary: no-such\.json: cannot read the file; usage: npm run preview-summary -- <preview\.json> \[--title <text>\]\n$/],
        [[], /^preview-summary: usage: npm run preview-summary -- <preview\.json> \[--title <text>\]\n$/],
        [["--stack", "dev"], /^preview-summary: unknown option --stack; usage/],
    ];
    for (const [args, message] of badCases) {
        it(`rejects ${JSON.stringify(args)} with one line and exit 2`, () => {
            const result = cli(...args);
            assert.equal(result.status, 2);
            assert.match(result.stderr, message);
            assert.equal(result.stdout, "");
        });
    }
});
