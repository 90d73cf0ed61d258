// The ops CLI's route matcher (ops/route-match.ts), held to the real `amtool config routes test` (amtool
// 0.28.1, the deployed version): on the dev and prod stacks' rendered alertmanager.yml and on a tree that uses every routing feature (nesting,
// inherited receivers, continue, matchers with each operator, the deprecated match and match_re).
import { strict as assert } from "assert";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { receiversFor, routesFor } from "../../ops/route-match";
import { loadStackConfig, stackNames } from "../support/stack-files";
import { assertSucceeded, makeTempDir, removeDir, runTool, writeFiles } from "../support/run-tool";

const everyFeature = `
route:
  receiver: root
  routes:
    - receiver: db
      matchers: ['team=~"db|storage"']
      continue: true
      routes:
        - receiver: db-pager
          matchers: ['severity="critical"']
        - match: { env: prod }
    - receiver: frontend
      match_re: { service: "api|web" }
    - matchers: ['severity!="none"', 'team!~"ops.*"']
      routes:
        - receiver: catchall
          matchers: ['zone=""']
receivers: [{ name: root }, { name: db }, { name: db-pager }, { name: frontend }, { name: catchall }]
`;

const labelSets: readonly Record<string, string>[] = [
    {},
    { severity: "critical" },
    { severity: "warning" },
    { severity: "info" },
    { severity: "none" },
    { severity: "critical", alertname: "OrchestratorDown", cluster: "provisioning-dev" },
    { team: "db", severity: "critical" },
    { team: "db", env: "prod" },
    { team: "storage", env: "dev", zone: "a" },
    { team: "dba" },
    { service: "api" },
    { service: "apis", team: "ops-x" },
    { team: "ops", severity: "warning" },
    { team: "web", zone: "eu" },
    { severity: "none", team: "db" },
];

function amtoolReceivers(dir: string, labels: Readonly<Record<string, string>>): string {
    const args = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    // amtool needs at least one label; an empty label set is the same as one whose value is empty.
    const result = runTool("amtool", ["config", "routes", "test", "--config.file=alertmanager.yml", ...(args.length > 0 ? args : ['x=""'])], dir);
    assertSucceeded(result);
    assert.doesNotMatch(result.stdout + result.stderr, /level=WARN/, result.command);
    return result.stdout.trim();
}

describe("ops route matcher against amtool config routes test", () => {
    let dir: string | undefined;
    before(() => (dir = makeTempDir("ops-routes")));
    after(() => removeDir(dir));

    const configs: [string, () => string][] = [
        ...stackNames().map((s): [string, () => string] => [`the ${s} stack's alertmanager.yml`, () => renderAlertmanagerConfig(loadStackConfig(s))]),
        ["a tree using every routing feature", () => everyFeature],
    ];
    for (const [name, yaml] of configs) {
        it(`agrees with amtool on ${name} for ${labelSets.length} label sets`, () => {
            const text = yaml();
            writeFiles(dir!, { "alertmanager.yml": text });
            const disagreements = labelSets
                .map((labels) => ({ labels, ours: receiversFor(text, labels).join(","), amtool: amtoolReceivers(dir!, labels) }))
                .filter((r) => r.ours !== r.amtool);
            assert.deepEqual(disagreements, []);
        });
    }

    it("routes the dev stack's severities as the README says (literal expectations)", () => {
        const text = renderAlertmanagerConfig(loadStackConfig("dev"));
        assert.deepEqual(receiversFor(text, { severity: "critical" }), ["pagerduty", "team-email"]);
        assert.deepEqual(receiversFor(text, { severity: "warning" }), ["slack"]);
        assert.deepEqual(receiversFor(text, { severity: "info" }), ["team-email"]);
        assert.deepEqual(receiversFor(text, { severity: "none" }), ["blackhole"]);
    });

    it("gives the feature tree's tricky cases the receivers Alertmanager's rules imply", () => {
        // continue on the db route: the catch-all is tried too; nested routes inherit the parent's receiver.
        assert.deepEqual(receiversFor(everyFeature, { team: "db", severity: "critical" }), ["db-pager", "catchall"]);
        assert.deepEqual(receiversFor(everyFeature, { team: "db", env: "prod" }), ["db", "catchall"]);
        // Regexes are anchored: "apis" is no "api", "dba" no "db".
        assert.deepEqual(receiversFor(everyFeature, { service: "apis", team: "ops-x" }), ["root"]);
        assert.deepEqual(receiversFor(everyFeature, { team: "dba" }), ["catchall"]);
        // A parent without a receiver whose children do not match is itself the match, with the inherited receiver.
        assert.deepEqual(receiversFor(everyFeature, { team: "web", zone: "eu" }), ["root"]);
    });

    it("reports each matching route's mute and active time intervals, which child routes do not inherit", () => {
        const tree = `
route:
  receiver: team-email
  routes:
    - receiver: slack
      matchers: ['severity="warning"']
      mute_time_intervals: [maintenance]
      routes:
        - receiver: slack-db
          matchers: ['team="db"']
    - receiver: pagerduty
      matchers: ['severity="critical"']
      active_time_intervals: [office-hours]
`;
        assert.deepEqual(routesFor(tree, { severity: "warning" }), [{ receiver: "slack", muteTimeIntervals: ["maintenance"], activeTimeIntervals: [] }]);
        assert.deepEqual(routesFor(tree, { severity: "warning", team: "db" }), [{ receiver: "slack-db", muteTimeIntervals: [], activeTimeIntervals: [] }]);
        assert.deepEqual(routesFor(tree, { severity: "critical" }), [{ receiver: "pagerduty", muteTimeIntervals: [], activeTimeIntervals: ["office-hours"] }]);
    });
});
