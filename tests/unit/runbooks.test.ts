// runbooks/<AlertName>.md: one per catalogued alert, with the agreed sections; every query in them parses with the
// grammars the dashboard tests use and names only catalogued metrics; every dashboard they link exists; every ops
// command they give exists. A new alert (alerts/catalog*.ts) fails here until its runbook is written.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { allAlertRules, runbookFileName } from "../../alerts/catalog";
import { isKnownMetric } from "../support/metric-lookup";
import { buildDashboards } from "../../dashboards";
import { opsCommands } from "../support/ops-commands";
import { parseLogql } from "../tools/logql";
import { metricNamesIn } from "../tools/promql";
import { catalogueFileOf, catalogueMetricHint } from "../support/where-to-fix";

const runbooksDir = path.join(__dirname, "..", "..", "runbooks");
const sections = ["Meaning", "Impact", "First checks", "Mitigation", "Escalation"];
// Labels Promtail attaches (render/promtail/config.ts, plus `filename` it adds to file targets).
const streamLabels = new Set(["job", "filename", "unit", "level", "cluster", "namespace", "pod", "container"]);

interface Fence {
    readonly lang: string;
    readonly body: string;
}

// Fences may be indented (inside a numbered list).
const fencesOf = (text: string): Fence[] => [...text.matchAll(/^ *```(\w*)\n([\s\S]*?)^ *```$/gm)].map((m) => ({ lang: m[1], body: m[2].trim() }));

/** `## Heading` -> its text, in file order. */
function sectionsOf(text: string): Map<string, string> {
    const out = new Map<string, string>();
    const parts = text.split(/^## /m).slice(1);
    for (const part of parts) {
        const newline = part.indexOf("\n");
        out.set(part.slice(0, newline).trim(), part.slice(newline + 1).trim());
    }
    return out;
}

const read = (alert: string) => {
    const file = path.join(runbooksDir, runbookFileName(alert));
    if (!fs.existsSync(file))
        throw new Error(
            `runbooks/${runbookFileName(alert)} does not exist: create it from the template in runbooks/README.md (${alert} is in ${catalogueFileOf(alert)})`,
        );
    return fs.readFileSync(file, "utf8");
};
const alerts = allAlertRules.map((a) => a.alert);

describe("runbooks", () => {
    it("exist for every alert of the catalogue (alerts/catalog*.ts)", () => {
        const missing = alerts.filter((a) => !fs.existsSync(path.join(runbooksDir, runbookFileName(a))));
        assert.deepEqual(
            missing.map(
                (a) =>
                    `alert ${a} (${catalogueFileOf(a)}) has no runbook: create runbooks/${runbookFileName(a)} with ${sections.map((s) => `## ${s}`).join(", ")} (template in runbooks/README.md)`,
            ),
            [],
        );
    });

    it("belong to catalogued alerts only (a renamed alert takes its runbook along)", () => {
        const files = fs.readdirSync(runbooksDir).filter((f) => f.endsWith(".md") && f !== "README.md");
        assert.deepEqual(
            files.filter((f) => !alerts.map(runbookFileName).includes(f)),
            [],
        );
    });

    for (const alert of alerts) {
        describe(runbookFileName(alert), () => {
            const text = () => read(alert);

            it(`has the title # ${alert} and the sections ${sections.join(", ")}, in order, none empty`, () => {
                assert.equal(text().split("\n")[0], `# ${alert}`, `runbooks/${runbookFileName(alert)}: the first line must be "# ${alert}"`);
                const found = sectionsOf(text());
                assert.deepEqual(
                    [...found.keys()],
                    sections,
                    `runbooks/${runbookFileName(alert)}: sections must be ${sections.map((s) => `## ${s}`).join(", ")}, in this order (runbooks/README.md)`,
                );
                for (const [name, body] of found) assert.ok(body.length > 40, `runbooks/${runbookFileName(alert)}: ## ${name} is (nearly) empty`);
            });

            it("gives in First checks a dashboard, a PromQL or LogQL query and an ops command", () => {
                const first = sectionsOf(text()).get("First checks") ?? "";
                const file = `runbooks/${runbookFileName(alert)}, ## First checks`;
                assert.match(first, /\/d\/[A-Za-z0-9_-]+/, `${file}: add a dashboard link (/d/<uid>, a uid from dashboards/README.md)`);
                assert.ok(
                    fencesOf(first).some((f) => f.lang === "promql" || f.lang === "logql"),
                    `${file}: add a \`\`\`promql or \`\`\`logql block with the query to run`,
                );
                assert.match(first, /npm run ops -- /, `${file}: add an ops command, e.g. npm run ops -- status`);
            });

            it("has queries that parse and name only catalogued metrics and Promtail's stream labels", () => {
                for (const fence of fencesOf(text())) {
                    if (fence.lang === "promql") {
                        for (const metric of metricNamesIn(fence.body))
                            assert.ok(
                                isKnownMetric(metric),
                                `runbooks/${runbookFileName(alert)}: ${metric} is not catalogued: ${catalogueMetricHint(metric)} (query: ${fence.body})`,
                            );
                    } else if (fence.lang === "logql") {
                        const parsed = parseLogql(fence.body);
                        assert.deepEqual(parsed.errors, [], `runbooks/${runbookFileName(alert)}: LogQL does not parse: ${fence.body}`);
                        assert.deepEqual(
                            parsed.streamLabels.filter((l) => !streamLabels.has(l)),
                            [],
                            `runbooks/${runbookFileName(alert)}: select streams by Promtail's labels only: ${fence.body}`,
                        );
                    }
                }
            });

            it("links only dashboards that exist, and gives only ops commands that exist", () => {
                const uids = new Set(buildDashboards().map((d) => d.uid));
                for (const [, uid] of text().matchAll(/\/d\/([A-Za-z0-9_-]+)/g))
                    assert.ok(uids.has(uid), `runbooks/${runbookFileName(alert)}: no dashboard with uid ${uid} (uids: dashboards/README.md)`);
                const commands = opsCommands();
                for (const [, words] of text().matchAll(/npm run ops -- ((?:[a-z-]+ ?)+)/g)) {
                    const [first, second] = words.trim().split(" ");
                    assert.ok(
                        commands.has(`${first} ${second}`) || commands.has(first),
                        `runbooks/${runbookFileName(alert)}: no ops command "${words.trim()}" (npm run ops -- --help lists them)`,
                    );
                }
            });
        });
    }
});
