import { strict as assert } from "assert";
import { applyKeys, parseCommandLine } from "../../deploy/cli";
import { chooseBackend, envPrefix, needsPassphrase } from "../../deploy/project";
import { deploySummary, heartbeatNote, keptData, previewSummaryArgs } from "../../deploy/operations";
import { formatReport, hasFailures } from "../../deploy/preflight";
import { parseStackConfig } from "../../model/config/parse";
import { loadRawStackConfig, loadStackConfig } from "../support/stack-files";

const stacks = ["dev", "prod"];

describe("npm run deploy|destroy|preflight: the parts around Pulumi (deploy/)", () => {
    describe("command line", () => {
        it("reads a stack and the flags each command takes", () => {
            assert.deepEqual(parseCommandLine(["deploy", "dev"], stacks), { command: "deploy", stack: "dev", yes: false, preview: false });
            assert.deepEqual(parseCommandLine(["deploy", "--yes", "prod", "--preview"], stacks), {
                command: "deploy",
                stack: "prod",
                yes: true,
                preview: true,
            });
            assert.deepEqual(parseCommandLine(["destroy", "dev", "--yes"], stacks), { command: "destroy", stack: "dev", yes: true, preview: false });
            assert.deepEqual(parseCommandLine(["preflight", "prod"], stacks), { command: "preflight", stack: "prod", yes: false, preview: false });
        });
        it("rejects bad usage with one line naming what is accepted", () => {
            assert.deepEqual(parseCommandLine(["deploy"], stacks), {
                error: "expected exactly one stack name (stacks with a Pulumi.<stack>.yaml here: dev, prod)",
            });
            assert.deepEqual(parseCommandLine(["deploy", "dev", "prod"], stacks), {
                error: "expected exactly one stack name (stacks with a Pulumi.<stack>.yaml here: dev, prod)",
            });
            assert.deepEqual(parseCommandLine(["deploy", "staging"], stacks), {
                error: 'unknown stack "staging" (stacks with a Pulumi.<stack>.yaml here: dev, prod)',
            });
            assert.deepEqual(parseCommandLine(["deploy", "dev", "--force"], stacks), { error: "unknown flag --force (accepted: --yes, --preview)" });
            assert.deepEqual(parseCommandLine(["destroy", "dev", "--preview"], stacks), { error: "destroy does not take --preview (accepted: --yes)" });
            assert.deepEqual(parseCommandLine(["preflight", "dev", "--yes"], stacks), { error: "preflight does not take --yes (accepted: no flags)" });
            assert.deepEqual(parseCommandLine(["deploy", "dev", "--yes=no"], stacks), { error: "--yes takes no value (accepted: --yes, --preview)" });
            assert.deepEqual(parseCommandLine(["up", "dev"], stacks), { error: 'unknown command "up" (accepted: deploy, destroy, preflight)' });
        });
    });

    describe("backend, chosen as the Pulumi CLI chooses it", () => {
        const none = { accessTokenSet: false };
        it("PULUMI_BACKEND_URL first, then Pulumi.yaml's backend, then the current login, then a token", () => {
            const all = { envBackendUrl: "s3://state", projectBackendUrl: "gs://project", loggedInUrl: "https://api.pulumi.com", accessTokenSet: true };
            assert.equal(chooseBackend(all).url, "s3://state");
            assert.equal(chooseBackend({ ...all, envBackendUrl: undefined }).url, "gs://project");
            assert.equal(chooseBackend({ ...all, envBackendUrl: undefined, projectBackendUrl: undefined }).url, "https://api.pulumi.com");
            assert.deepEqual(chooseBackend({ accessTokenSet: true }), {
                description: "Pulumi Cloud (PULUMI_ACCESS_TOKEN)",
                url: "https://api.pulumi.com",
                env: {},
            });
            assert.deepEqual(chooseBackend({ ...none, loggedInUrl: "file://~" }).env, {}, "an existing login is used as it is");
        });
        it("falls back to the local file backend through the environment, leaving the user's login alone", () => {
            const choice = chooseBackend(none);
            assert.deepEqual(choice.env, { PULUMI_BACKEND_URL: "file://~" });
            assert.equal(envPrefix(choice), "PULUMI_BACKEND_URL=file://~ ");
            assert.equal(envPrefix(chooseBackend({ ...none, loggedInUrl: "file://~" })), "");
        });
        it("needs a passphrase unless Pulumi Cloud or another secrets provider keeps the secrets", () => {
            assert.equal(needsPassphrase("file://~", undefined), true);
            assert.equal(needsPassphrase("s3://state", undefined), true);
            assert.equal(needsPassphrase("https://api.pulumi.com", undefined), false);
            assert.equal(needsPassphrase("file://~", "awskms://alias/pulumi"), false);
            assert.equal(needsPassphrase("https://api.pulumi.com", "passphrase"), true);
        });
    });

    describe("report", () => {
        it("one line per check, and a last line that says nothing changed when something failed", () => {
            const results = [
                { status: "ok" as const, message: "Node.js 22.12.0" },
                { status: "fail" as const, message: "Pulumi CLI not found on PATH: install it" },
                { status: "warn" as const, message: "StorageClass standard does not allow volume expansion" },
            ];
            assert.deepEqual(formatReport("dev", results), [
                "preflight for stack dev:",
                "  ok    Node.js 22.12.0",
                "  FAIL  Pulumi CLI not found on PATH: install it",
                "  warn  StorageClass standard does not allow volume expansion",
                "preflight: 1 problem to fix first; nothing was changed",
            ]);
            assert.equal(hasFailures(results), true);
            assert.equal(hasFailures([results[0], results[2]]), false, "a warning does not block");
            assert.equal(formatReport("dev", [results[0]])[2], "preflight: ready");
        });
    });

    describe("summary after deploy", () => {
        const outputs = {
            grafanaUrl: { value: "http://localhost:3000", secret: false },
            prometheusUrl: { value: "http://localhost:9090", secret: false },
            otlpGrpcEndpoint: { value: "localhost:4317", secret: false },
            grafanaAdminUser: { value: "admin", secret: false },
            grafanaAdminPassword: { value: "s3cr3t-Pa55", secret: true },
            components: { value: ["prometheus", "grafana"], secret: false },
        };
        it("lists the URLs and the command that shows the Grafana password, never the password", () => {
            const lines = deploySummary("dev", outputs, "PULUMI_BACKEND_URL=file://~ ");
            assert.deepEqual(lines, [
                "stack dev is up:",
                "  Grafana      http://localhost:3000",
                "  Prometheus   http://localhost:9090",
                "  OTLP gRPC    localhost:4317",
                "Grafana's break-glass login: admin; its password: PULUMI_BACKEND_URL=file://~ npm run ops -- grafana-password --stack dev",
                "all outputs: PULUMI_BACKEND_URL=file://~ pulumi stack output --stack dev",
            ]);
            assert.ok(!lines.join("\n").includes("s3cr3t-Pa55"));
        });
        it("says that no heartbeat leaves a stack whose Watchdog goes nowhere (dev), and nothing when one is set", () => {
            assert.deepEqual(heartbeatNote(loadStackConfig("dev")), [
                "No heartbeat leaves this stack: monitoring:deadMansSwitchUrl is not set, so the Watchdog goes to a blackhole and nobody is told " +
                    "when Prometheus or Alertmanager dies (set it with: pulumi config set --secret monitoring:deadMansSwitchUrl <heartbeat-url>).",
            ]);
            assert.deepEqual(heartbeatNote(loadStackConfig("dev", ["deadMansSwitchUrl"])), []);
            assert.deepEqual(heartbeatNote(loadStackConfig("prod")), []);
        });
    });

    describe("what destroy keeps", () => {
        it("dev keeps its volumes (retainDataOnDestroy: true) and says how to remove them", () => {
            assert.deepEqual(keptData(loadStackConfig("dev")), [
                "Data is kept (monitoring:retainDataOnDestroy: true): the Docker volumes of Prometheus, Grafana, Loki, Tempo, Alertmanager and Promtail stay,",
                "and the next deploy of this stack uses them again. To delete them on purpose afterwards:",
                "  docker volume rm $(docker volume ls -q --filter label=org.provisioning.monitoring.stack=dev)",
            ]);
        });
        it("prod keeps the namespace and the claims, not the StatefulSets (E2E.md bug 4), and says how to remove them", () => {
            assert.deepEqual(keptData(loadStackConfig("prod")), [
                "Data is kept (monitoring:retainDataOnDestroy: true): namespace monitoring and the claims of Grafana, Prometheus, Alertmanager,",
                "Loki and Tempo stay in the cluster, and the next deploy of this stack mounts them again. To delete them on purpose afterwards:",
                "  kubectl -n monitoring delete pvc --all && kubectl delete namespace monitoring",
            ]);
        });
        it("says the data goes when retainDataOnDestroy is false", () => {
            const config = parseStackConfig({ ...loadRawStackConfig("dev"), "monitoring:retainDataOnDestroy": "false" }, "dev");
            assert.deepEqual(keptData(config), ["monitoring:retainDataOnDestroy is false: destroy DELETES the stack's data (its Docker volumes)."]);
        });
    });

    it("passes the JSON preview to `npm run preview-summary -- <preview.json> [--title <text>]` (issue 10's interface)", () => {
        assert.deepEqual(previewSummaryArgs("/tmp/p/preview.json", "dev"), [
            "run",
            "--silent",
            "preview-summary",
            "--",
            "/tmp/p/preview.json",
            "--title",
            "Preview of stack dev",
        ]);
    });

    describe("hidden passphrase input", () => {
        it("ends at Enter, deletes on Backspace, cancels on Ctrl-C", () => {
            assert.deepEqual(applyKeys("", "pass"), { line: "pass", done: false, cancelled: false });
            assert.deepEqual(applyKeys("pass", "x\u007fword\r"), { line: "password", done: true, cancelled: false });
            assert.deepEqual(applyKeys("pa", "\u0003"), { line: "pa", done: true, cancelled: true });
        });
    });
});
