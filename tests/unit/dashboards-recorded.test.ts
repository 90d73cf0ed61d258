// The heavy panels (issue 13's query speed) read the dashboard recording rules' series, filtered by the same variables,
// and the query benchmark can rebuild their raw form to compare against.
import { strict as assert } from "assert";
import { rawTargets } from "../../bench/queries/run";
import { buildDashboards } from "../../dashboards/index";
import { panelsOf } from "../../dashboards/queries";

type Target = { expr: string; instant?: boolean };
const targetsOf = (uid: string, title: string): Target[] => {
    const d = buildDashboards().find((x) => x.uid === uid);
    const panel = d && panelsOf(d.json).find((p) => p.title === title);
    assert.ok(panel, `${uid} / ${title} not found`);
    return panel.targets as Target[];
};
const filter = `{job=~"$job", instance=~"$instance"}`;

describe("heavy panels over recorded series", () => {
    it("charts CPU by mode and filesystem usage from the recorded series", () => {
        assert.deepEqual(
            targetsOf("prov-system-resources", "CPU by mode").map((t) => t.expr),
            [`avg by (instance, mode) (instance_mode:node_cpu_seconds:avg_rate5m${filter})`],
        );
        assert.deepEqual(
            targetsOf("prov-system-resources", "Filesystem usage").map((t) => t.expr),
            [`instance_mountpoint:node_filesystem_used:ratio${filter}`],
        );
    });

    it("keeps the latency panels on raw buckets (with exemplars, for trace links): no recorded series there", () => {
        const panels: [string, string, string][] = [
            ["prov-control-center-api", "Request latency", "provisioning_api_requests_duration_seconds"],
            ["prov-orchestrator", "Workflow duration", "provisioning_workflow_duration_seconds"],
            ["prov-orchestrator", "Task duration", "provisioning_task_duration_seconds"],
            ["prov-vault-kms", "KMS latency", "provisioning_kms_latency_seconds"],
        ];
        for (const [uid, title, h] of panels) {
            const targets = targetsOf(uid, title) as (Target & { exemplar?: boolean })[];
            assert.ok(
                targets.some((t) => t.expr.includes(`${h}_bucket{`) && t.exemplar === true),
                `${uid} / ${title}`,
            );
            assert.deepEqual(
                targets.filter((t) => /:rate5m/.test(t.expr)),
                [],
                `${uid} / ${title} reads recorded series`,
            );
        }
    });

    it("asks the whole-range database stats as instant queries (one evaluation, not one per step)", () => {
        for (const title of ["Connected time", "Connection changes"]) {
            const targets = targetsOf("prov-database", title);
            assert.equal(targets.length, 1, title);
            assert.equal(targets[0].instant, true, title);
        }
    });

    it("rebuilds a panel's raw form for the benchmark: the recorded selector becomes the rule's expression over $__rate_interval", () => {
        assert.deepEqual(rawTargets([{ expr: `avg by (instance, mode) (instance_mode:node_cpu_seconds:avg_rate5m${filter})` }]), [
            {
                expr: 'avg by (instance, mode) ((avg by (job, instance, mode) (rate(node_cpu_seconds_total{job=~"$job", instance=~"$instance", mode!="idle"}[$__rate_interval]))))',
                instant: undefined,
            },
        ]);
        assert.deepEqual(rawTargets([{ expr: "sum(changes(x[$__range]))", instant: true }]), [{ expr: "sum(changes(x[$__range]))", instant: false }]);
        assert.deepEqual(rawTargets([{ expr: "up", instant: true }]), [{ expr: "up", instant: true }]);
    });
});
