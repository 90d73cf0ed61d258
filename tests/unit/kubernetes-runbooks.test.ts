// Every alert of alerts/catalog-kubernetes.ts has its runbook, runbooks/<AlertName>.md, in the shared layout, with
// queries that parse and name only catalogued metrics.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { kubernetesAlerts } from "../../alerts/catalog-kubernetes";
import { isKnownMetric } from "../support/metric-lookup";
import { parsePromql } from "../tools/promql";
import { projectRoot } from "../support/stack-files";
import { catalogueMetricHint } from "../support/where-to-fix";

const sections = ["## Meaning", "## Impact", "## First checks", "## Mitigation", "## Escalation"];

describe("runbooks of the Kubernetes alerts", () => {
    for (const alert of kubernetesAlerts.map((a) => a.alert)) {
        it(`${alert}: runbooks/${alert}.md with the five sections in order and valid PromQL`, () => {
            const file = path.join(projectRoot, "runbooks", `${alert}.md`);
            assert.ok(
                fs.existsSync(file),
                `runbooks/${alert}.md is missing: create it from the template in runbooks/README.md (${alert} is in alerts/catalog-kubernetes.ts)`,
            );
            const text = fs.readFileSync(file, "utf8");
            assert.ok(text.startsWith(`# ${alert}\n`), `runbooks/${alert}.md: the first line must be "# ${alert}"`);
            const at = sections.map((s) => text.indexOf(`\n${s}\n`));
            assert.ok(
                at.every((i) => i > 0),
                `runbooks/${alert}.md: sections ${sections.filter((_, i) => at[i] < 0).join(", ")} missing`,
            );
            assert.deepEqual(
                [...at].sort((a, b) => a - b),
                at,
                `runbooks/${alert}.md: sections in the order ${sections.join(", ")}`,
            );
            const queries = [...text.matchAll(/```promql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
            assert.ok(queries.length > 0, `runbooks/${alert}.md: add at least one \`\`\`promql block to start from`);
            for (const q of queries) {
                const parsed = parsePromql(q);
                assert.deepEqual(parsed.errors, [], q);
                for (const s of parsed.selectors)
                    assert.ok(
                        s.metric && isKnownMetric(s.metric),
                        `runbooks/${alert}.md: ${q}: unknown metric ${s.metric}: ${catalogueMetricHint(String(s.metric))}`,
                    );
            }
        });
    }
});
