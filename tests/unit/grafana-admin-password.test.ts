// Grafana's admin password follows the stack's secret at every start, so `pulumi destroy` (data retained) followed by
// `pulumi up` with a newly generated password does not lock the Grafana provider out with 401.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { grafanaStartScript } from "../../render/grafana/config";
import { fileKey } from "../../platform/kubernetes/objects";
import { manifestOf } from "../support/kubernetes-schema";
import { MockRun, ofType, runWithMocks } from "../support/mock-run";
import { plainStrings, unwrapSecrets } from "../support/secrets";
import { fakeSecrets, readStackFile, placeholdersAllowed } from "../support/stack-files";

const expectedScript = [
    "set -e",
    "if [ -s '/var/lib/grafana/grafana.db' ]; then",
    "  grafana cli --homepath '/usr/share/grafana' --config '/etc/grafana/grafana.ini' admin reset-admin-password --password-from-stdin < '/etc/grafana/secrets/admin-password' > /dev/null",
    "fi",
    `exec '/run.sh' "$@"`,
].join("\n");

const grafanaContainer = (run: MockRun) =>
    run.resources.find((r) => r.type === "docker:index/container:Container" && r.inputs.name === "monitoring-dev-grafana")!;
const uploadOf = (container: { inputs: Record<string, any> }, file: string) =>
    unwrapSecrets(container.inputs.uploads).find((u: { file: string }) => u.file === file)?.content;

describe("Grafana's admin password survives destroy and up (mock engine)", function () {
    this.timeout(60_000);
    const firstPassword = "first-generated-password-aaaaaaaaaa";
    const secondPassword = "second-generated-password-bbbbbbbbb";
    let first: MockRun;
    let second: MockRun;
    before(async () => {
        first = await runWithMocks("dev", readStackFile("dev"), [], {}, firstPassword);
        // After `pulumi destroy` the state is gone, so `pulumi up` generates a new password; the volume was retained.
        second = await runWithMocks("dev", readStackFile("dev"), [], {}, secondPassword);
        assert.ifError(first.error);
        assert.ifError(second.error);
    });

    it("keeps Grafana's database on the same named, retained volume across the two runs", () => {
        const volumeOf = (run: MockRun) => ofType(run, "docker:index/volume:Volume").find((v) => v.inputs.name === "monitoring-dev-grafana-data")!;
        for (const run of [first, second]) {
            assert.ok(volumeOf(run), "monitoring-dev-grafana-data");
            assert.equal(volumeOf(run).options.retainOnDelete, true);
        }
    });

    it("starts Grafana through the reset, reading the new password from its secret file, in both runs", () => {
        for (const [run, password] of [
            [first, firstPassword],
            [second, secondPassword],
        ] as const) {
            const container = grafanaContainer(run);
            assert.deepEqual(container.inputs.entrypoints, ["/bin/sh", "-c", expectedScript]);
            assert.equal(uploadOf(container, "/etc/grafana/secrets/admin-password"), password);
            // The provider logs in with the very password the reset wrote.
            const [provider] = ofType(run, "pulumi:providers:grafana");
            assert.equal(JSON.stringify(unwrapSecrets(provider.inputs.auth)), JSON.stringify(`admin:${password}`));
        }
    });

    it("never puts the password in arguments, environment or any plain input", () => {
        for (const [run, password] of [
            [first, firstPassword],
            [second, secondPassword],
        ] as const) {
            const plain = plainStrings(run.resources.map((r) => r.inputs)).join("\n");
            assert.ok(!plain.includes(password), "password only inside secrets");
        }
    });

    it("resets the password on Kubernetes too, in the container's command", async () => {
        const prod = await runWithMocks(
            "prod",
            { ...readStackFile("prod"), ...placeholdersAllowed, ...fakeSecrets },
            Object.keys(fakeSecrets),
            {},
            secondPassword,
        );
        assert.ifError(prod.error);
        const deployment = prod.resources
            .filter((r) => r.type === "kubernetes:apps/v1:Deployment")
            .map(manifestOf)
            .find((d) => d.metadata.name === "grafana")!;
        const container = deployment.spec.template.spec.containers.find((c: { name: string }) => c.name === "grafana");
        assert.deepEqual(container.command, ["/bin/sh", "-c", expectedScript]);
        assert.equal(container.args, undefined);
        const secret = prod.resources
            .filter((r) => r.type === "kubernetes:core/v1:Secret")
            .map(manifestOf)
            .find((s) => s.metadata.name === "grafana-secrets")!;
        assert.equal(secret.stringData[fileKey("/etc/grafana/secrets/admin-password")], secondPassword);
        assert.ok(
            !plainStrings(prod.resources.map((r) => r.inputs))
                .join("\n")
                .includes(secondPassword),
        );
    });
});

describe("Grafana's start script, run with sh against stand-ins for grafana and /run.sh", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "grafana-start-"));
        fs.mkdirSync(path.join(dir, "bin"));
        // Stand-in CLI: records its arguments and what it read on stdin.
        fs.writeFileSync(path.join(dir, "bin", "grafana"), `#!/bin/sh\nprintf '%s\\n' "$*" > '${dir}/cli-args'\ncat > '${dir}/cli-stdin'\n`, { mode: 0o755 });
        fs.writeFileSync(path.join(dir, "run.sh"), `#!/bin/sh\necho started > '${dir}/server'\n`, { mode: 0o755 });
        fs.writeFileSync(path.join(dir, "admin-password"), "s3cret-from-pulumi");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const script = () =>
        grafanaStartScript({
            database: path.join(dir, "grafana.db"),
            passwordFile: path.join(dir, "admin-password"),
            configFile: "/etc/grafana/grafana.ini",
            homePath: "/usr/share/grafana",
            imageEntrypoint: path.join(dir, "run.sh"),
        });
    const start = () => execFileSync("/bin/sh", ["-c", script()], { env: { PATH: `${dir}/bin:/usr/bin:/bin` }, encoding: "utf8" });

    it("leaves a first start (no database yet) to Grafana's own admin creation", () => {
        const output = start();
        assert.equal(fs.existsSync(path.join(dir, "cli-args")), false);
        assert.equal(fs.readFileSync(path.join(dir, "server"), "utf8"), "started\n");
        assert.equal(output, "");
    });

    it("resets the password of a retained database from stdin, then starts the server, printing nothing", () => {
        fs.writeFileSync(path.join(dir, "grafana.db"), "retained");
        const output = start();
        assert.equal(
            fs.readFileSync(path.join(dir, "cli-args"), "utf8"),
            "cli --homepath /usr/share/grafana --config /etc/grafana/grafana.ini admin reset-admin-password --password-from-stdin\n",
        );
        assert.equal(fs.readFileSync(path.join(dir, "cli-stdin"), "utf8"), "s3cret-from-pulumi");
        assert.equal(fs.readFileSync(path.join(dir, "server"), "utf8"), "started\n");
        assert.equal(output, "");
    });

    it("does not start the server when the reset fails", () => {
        fs.writeFileSync(path.join(dir, "grafana.db"), "retained");
        fs.writeFileSync(path.join(dir, "bin", "grafana"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
        assert.throws(start);
        assert.equal(fs.existsSync(path.join(dir, "server")), false);
    });
});
