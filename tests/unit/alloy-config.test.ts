// monitoring:logAgent: alloy. No Alloy binary, grammar or schema package exists for this machine (npm has none that
// Grafana keeps), so config.alloy is held to explicit facts: the same labels as promtail.yml's (both come from
// render/promtail/log-spec.ts), every component and attribute one the Alloy reference documents, every reference
// resolving to a declared component, balanced blocks; and the workload it runs in, under the mock engine.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { renderAlloyConfig } from "../../render/promtail/alloy-config";
import { renderPromtailConfig } from "../../render/promtail/log-spec";
import { renderStackFiles } from "../../render/stack-files";
import { fileKey } from "../../platform/kubernetes/objects";
import { runWithMocks } from "../support/mock-run";
import { manifestOf, schemaErrors } from "../support/kubernetes-schema";
import { fakeSecrets, loadRawStackConfig, loadStackConfig, readStackFile, placeholdersAllowed } from "../support/stack-files";

const prodSecrets = ["pagerdutyServiceKey", "slackWebhookUrl", "deadMansSwitchUrl"];
const withAlloy = (stack: string) =>
    parseStackConfig({ ...loadRawStackConfig(stack, stack === "prod" ? prodSecrets : []), "monitoring:logAgent": "alloy" }, stack);

/** Arguments and blocks the Alloy reference documents for each component used (grafana.com/docs/alloy/latest/reference/components). */
const documented: Record<string, readonly string[]> = {
    "loki.write": ["endpoint", "external_labels", "max_streams"],
    "local.file_match": ["path_targets", "sync_period", "ignore_older_than"],
    "loki.source.file": ["targets", "forward_to", "encoding", "tail_from_end", "legacy_positions_file"],
    "loki.relabel": ["forward_to", "max_cache_size", "rule"],
    "loki.source.journal": ["forward_to", "format_as_json", "labels", "matches", "max_age", "path", "relabel_rules"],
    "loki.process": ["forward_to", "stage.cri", "stage.static_labels"],
    "discovery.kubernetes": ["role", "api_server", "kubeconfig_file", "namespaces", "selectors"],
    "discovery.relabel": ["targets", "rule"],
};
const ruleAttributes = ["source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"];

interface Component {
    readonly name: string;
    readonly label: string;
    /** Attribute and block names directly inside it. */
    readonly members: string[];
    readonly rules: string[][];
}

/** The components of our own rendered layout (two-space indents, one statement per line). */
function componentsOf(text: string): Component[] {
    const out: Component[] = [];
    let current: Component | undefined;
    let rule: string[] | undefined;
    for (const line of text.split("\n")) {
        const top = /^([a-z_.]+) "([a-z_]+)" \{$/.exec(line);
        if (top) out.push((current = { name: top[1], label: top[2], members: [], rules: [] }));
        const member = /^ {2}([a-z_.]+)( =| \{)/.exec(line);
        if (top || member) rule = undefined;
        if (member && current) current.members.push(member[1]);
        if (/^ {2}rule \{$/.test(line) && current) current.rules.push((rule = []));
        const inRule = /^ {4}([a-z_]+) =/.exec(line);
        if (inRule && rule) rule.push(inRule[1]);
    }
    return out;
}

/** Every label the config sets: job values, target labels and external labels. */
function alloyLabels(text: string): Set<string> {
    const labels = new Set<string>();
    for (const m of text.matchAll(/target_label = "([^"]+)"/g)) if (!m[1].startsWith("__") && m[1] !== "job") labels.add(m[1]);
    for (const m of text.matchAll(/"job" = "([^"]+)"/g)) labels.add(`job=${m[1]}`);
    for (const m of text.matchAll(/replacement = "([^"]+)"\n\s+target_label = "job"/g)) labels.add(`job=${m[1]}`);
    for (const m of text.matchAll(/external_labels = \{ "([^"]+)" = "([^"]+)" \}/g)) labels.add(`${m[1]}=${m[2]}`);
    return labels;
}

function promtailLabels(text: string): Set<string> {
    const doc = parse(text);
    const labels = new Set<string>();
    for (const [k, v] of Object.entries(doc.clients[0].external_labels)) labels.add(`${k}=${v}`);
    for (const job of doc.scrape_configs) {
        const jobLabel = job.static_configs?.[0].labels.job ?? job.journal?.labels.job;
        if (jobLabel) labels.add(`job=${jobLabel}`);
        for (const r of job.relabel_configs ?? []) {
            if (r.target_label === "job") labels.add(`job=${r.replacement}`);
            else if (!r.target_label.startsWith("__")) labels.add(r.target_label);
        }
    }
    return labels;
}

describe("monitoring:logAgent: alloy", () => {
    it("defaults to promtail, and rejects another agent naming the key and what is accepted", () => {
        assert.equal(loadStackConfig("dev").logAgent, "promtail");
        assert.throws(() => parseStackConfig({ "monitoring:logAgent": "fluent-bit" }, "x"), /monitoring:logAgent.*expected promtail or alloy/);
    });

    for (const stack of ["dev", "prod"]) {
        it(`sets exactly promtail.yml's labels (${stack})`, () => {
            const promtail = promtailLabels(renderPromtailConfig(loadStackConfig(stack, stack === "prod" ? prodSecrets : [])));
            const alloy = alloyLabels(renderAlloyConfig(withAlloy(stack)));
            assert.deepEqual([...alloy].sort(), [...promtail].sort());
            assert.ok(promtail.has("job=systemd-journal") && promtail.has("unit") && promtail.has("level"), "the check sees the journal's labels");
            if (stack === "prod") for (const l of ["namespace", "pod", "container", "job=kubernetes-pods"]) assert.ok(alloy.has(l), l);
        });

        it(`uses only documented components and attributes, and every reference names a declared component (${stack})`, () => {
            const text = renderAlloyConfig(withAlloy(stack));
            const components = componentsOf(text);
            assert.ok(components.length >= 6);
            for (const c of components) {
                assert.ok(documented[c.name], `${c.name} is not a component this check knows`);
                for (const m of c.members) assert.ok(documented[c.name].includes(m), `${c.name}: ${m} is not a documented argument or block`);
                for (const r of c.rules) for (const a of r) assert.ok(ruleAttributes.includes(a), `${c.name} rule: ${a}`);
            }
            const declared = new Set(components.map((c) => `${c.name}.${c.label}`));
            for (const m of text.matchAll(/\b((?:loki|local|discovery)\.[a-z_.]+)\.(receiver|targets|output|rules)\b/g)) {
                assert.ok(declared.has(m[1]), `${m[0]} names no declared component`);
            }
            assert.equal((text.match(/\{/g) ?? []).length, (text.match(/\}/g) ?? []).length, "balanced braces");
            assert.equal((text.match(/\[/g) ?? []).length, (text.match(/\]/g) ?? []).length, "balanced brackets");
            for (const line of text.split("\n")) assert.equal((line.match(/"/g) ?? []).length % 2, 0, `unbalanced quotes: ${line}`);
        });
    }

    it("reads the journal from its directory on Docker, and from the journal library's search on Kubernetes", () => {
        assert.match(renderAlloyConfig(withAlloy("dev")), /path = "\/var\/log\/journal"/);
        assert.doesNotMatch(renderAlloyConfig(withAlloy("prod")), /path = /);
        assert.doesNotMatch(renderAlloyConfig(withAlloy("dev")), /discovery\.kubernetes/);
        assert.match(renderAlloyConfig(withAlloy("prod")), /field = "spec\.nodeName=" \+ sys\.env\("HOSTNAME"\)/);
    });

    it("is rendered by `npm run render` at the path it is mounted on, instead of promtail.yml", () => {
        const files = renderStackFiles(withAlloy("dev"));
        assert.equal(files["alloy/config.alloy"], renderAlloyConfig(withAlloy("dev")));
        assert.equal(files["promtail/promtail.yml"], undefined);
    });

    it("runs Alloy on Docker too: the dev container gets config.alloy, its data volume handed to its user (mock engine)", async function () {
        this.timeout(60_000);
        const run = await runWithMocks("dev", { ...readStackFile("dev"), "monitoring:logAgent": "alloy" });
        assert.ifError(run.error);
        const containers = run.resources.filter((r) => r.type === "docker:index/container:Container");
        const agent = containers.find((c) => c.inputs.name === "monitoring-dev-promtail")!;
        const images = run.resources.filter((r) => r.type === "docker:index/remoteImage:RemoteImage").map((r) => r.inputs.name);
        assert.ok(images.includes("grafana/alloy:v1.21.2") && !images.includes("grafana/promtail:3.6.11"), images.join(", "));
        assert.deepEqual(agent.inputs.command, [
            "run",
            "/etc/alloy/config.alloy",
            "--server.http.listen-addr=0.0.0.0:9080",
            "--storage.path=/var/lib/alloy/data",
            "--disable-reporting",
        ]);
        const uploads = (agent.inputs.uploads ?? []) as { file: string; content: string }[];
        assert.equal(uploads.find((u) => u.file === "/etc/alloy/config.alloy")?.content, renderAlloyConfig(withAlloy("dev")));
        const init = containers.find((c) => JSON.stringify(c.inputs.command ?? []).includes("473:473"));
        assert.ok(init, "a volume-init container hands the data volume to uid 473");
    });

    it("runs Alloy pinned in the log agent's DaemonSet, on its port, as its own user, with positions on the node (mock engine)", async function () {
        this.timeout(60_000);
        const run = await runWithMocks(
            "prod",
            { ...readStackFile("prod"), ...placeholdersAllowed, ...fakeSecrets, "monitoring:logAgent": "alloy" },
            Object.keys(fakeSecrets),
        );
        assert.ifError(run.error);
        const resources = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.deepEqual((await Promise.all(resources.map(schemaErrors))).flat(), []);
        const daemonSet = resources
            .filter((r) => r.type === "kubernetes:apps/v1:DaemonSet")
            .map(manifestOf)
            .find((d) => d.metadata.name === "promtail")!;
        const spec = daemonSet.spec.template.spec;
        const [container] = spec.containers;
        assert.equal(container.image, "grafana/alloy:v1.21.2");
        assert.deepEqual(container.args, [
            "run",
            "/etc/alloy/config.alloy",
            "--server.http.listen-addr=0.0.0.0:9080",
            "--storage.path=/var/lib/alloy/data",
            "--disable-reporting",
        ]);
        assert.equal(container.readinessProbe.httpGet.path, "/-/ready");
        assert.deepEqual([spec.securityContext.runAsUser, spec.securityContext.supplementalGroups], [473, [0, 4]]);
        assert.deepEqual(spec.volumes.find((v: any) => v.name === "alloy-data").hostPath, {
            path: "/var/lib/monitoring-prod-promtail/alloy-data",
            type: "DirectoryOrCreate",
        });
        assert.deepEqual(spec.initContainers[0].command, ["chown", "473:473", "/var/lib/alloy/data"]);
        const configMap = resources.map(manifestOf).find((o) => o.kind === "ConfigMap" && o.metadata.name === "promtail-config")!;
        assert.equal(configMap.data[fileKey("/etc/alloy/config.alloy")], renderAlloyConfig(withAlloy("prod")));
    });
});
