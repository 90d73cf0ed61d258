// The log agent on Kubernetes survives its node: a node without a journal does not stop it, and its positions outlive
// a rollout on a directory of the node that an init container hands to the agent's unprivileged user.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { renderPromtailConfig } from "../../render/promtail/log-spec";
import { MockRun } from "../support/mock-run";
import { manifestOf } from "../support/kubernetes-schema";
import { loadStackConfig } from "../support/stack-files";
import { runProd } from "../support/prod-run";

const daemonSet = (run: MockRun, name: string) =>
    run.resources
        .filter((r) => r.type === "kubernetes:apps/v1:DaemonSet")
        .map(manifestOf)
        .find((d) => d.metadata.name === name)!;

describe("the log agent on Kubernetes nodes (mock engine)", function () {
    this.timeout(60_000);
    let run: MockRun;
    before(async () => {
        run = await runProd();
        assert.ifError(run.error);
    });

    it("reads the journal without naming a directory, so a node without /var/log/journal does not stop it (dev keeps its path)", () => {
        const journalOf = (text: string) => parse(text).scrape_configs.find((j: any) => j.job_name === "journald").journal;
        assert.deepEqual(journalOf(renderPromtailConfig(loadStackConfig("prod", ["pagerdutyServiceKey", "slackWebhookUrl"]))), {
            max_age: "12h",
            labels: { job: "systemd-journal" },
        });
        assert.equal(journalOf(renderPromtailConfig(loadStackConfig("dev"))).path, "/var/log/journal");
    });

    it("mounts both journals and the machine id so that a node lacking them gets them empty instead of a pod that cannot start", () => {
        const spec = daemonSet(run, "promtail").spec.template.spec;
        const hostPaths = Object.fromEntries(spec.volumes.filter((v: any) => v.hostPath).map((v: any) => [v.hostPath.path, v.hostPath.type]));
        assert.equal(hostPaths["/var/log"], "Directory");
        assert.equal(hostPaths["/run/log/journal"], "DirectoryOrCreate");
        assert.equal(hostPaths["/etc/machine-id"], "FileOrCreate");
        const mounts = spec.containers[0].volumeMounts.filter((m: any) => ["/var/log", "/run/log/journal", "/etc/machine-id"].includes(m.mountPath));
        assert.equal(mounts.length, 3);
        for (const m of mounts) assert.equal(m.readOnly, true, m.mountPath);
    });

    it("keeps its positions in a directory of the node, handed to its user by a root init container that may only chown", () => {
        const spec = daemonSet(run, "promtail").spec.template.spec;
        assert.deepEqual(
            spec.volumes.find((v: any) => v.name === "positions"),
            {
                name: "positions",
                hostPath: { path: "/var/lib/monitoring-prod-promtail/positions", type: "DirectoryOrCreate" },
            },
        );
        assert.ok(spec.containers[0].volumeMounts.some((m: any) => m.name === "positions" && m.mountPath === "/var/lib/promtail" && !m.readOnly));
        const [init] = spec.initContainers;
        assert.deepEqual(init.command, ["chown", "65534:65534", "/var/lib/promtail"]);
        assert.deepEqual(init.volumeMounts, [{ name: "positions", mountPath: "/var/lib/promtail" }]);
        assert.deepEqual(init.securityContext.capabilities, { drop: ["ALL"], add: ["CHOWN"] });
        assert.equal(init.securityContext.allowPrivilegeEscalation, false);
        assert.equal(init.securityContext.readOnlyRootFilesystem, true);
        assert.equal(spec.containers[0].securityContext.runAsUser, 65534);
        assert.equal(spec.initContainers.length, 1);
    });

    it("gives the node agent without state (Node Exporter) no node directory and no init container", () => {
        const spec = daemonSet(run, "node-exporter").spec.template.spec;
        assert.equal(spec.initContainers, undefined);
        assert.ok(!spec.volumes.some((v: any) => v.hostPath?.path?.startsWith("/var/lib/monitoring-")));
    });
});
