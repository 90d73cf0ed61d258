// The program refuses example.com-style hosts in a kubernetes stack, one line per key, unless monitoring:allowPlaceholders.
import { strict as assert } from "assert";
import { parseStackConfig } from "../../model/config/parse";
import { runWithMocks } from "../support/mock-run";
import { fakeSecrets, loadRawStackConfig, readStackFile, realProdValues } from "../support/stack-files";
import { configProblems } from "../support/config-problems";

/** The four lines the prod test stack (a copy of the shipped Pulumi.prod.yaml) gets, written out (never recomputed with the code under test). */
const prodLines = [
    'monitoring:alertEmailTo: "ops@example.com" is a documentation placeholder (RFC 2606); set the address that receives alert e-mail in Pulumi.prod.yaml (or monitoring:allowPlaceholders: true to deploy it anyway)',
    'monitoring:alertEmailFrom: "alerts@provisioning.example.com" is a documentation placeholder (RFC 2606); set the sender address of alert e-mail, one your SMTP relay accepts in Pulumi.prod.yaml (or monitoring:allowPlaceholders: true to deploy it anyway)',
    'monitoring:smtpSmarthost: "smtp.example.com:587" is a documentation placeholder (RFC 2606); set your SMTP relay as host:port in Pulumi.prod.yaml (or monitoring:allowPlaceholders: true to deploy it anyway)',
    'monitoring:grafanaIngress.host: "grafana.provisioning.example.com" is a documentation placeholder (RFC 2606); set the DNS name of Grafana\'s Ingress, which points at your ingress controller and its certificate covers in Pulumi.prod.yaml (or monitoring:allowPlaceholders: true to deploy it anyway)',
];

const problemsOf = (raw: Record<string, string>, stack: string): readonly string[] => configProblems(raw, stack, { refusePlaceholders: true });

describe("placeholders refused in a kubernetes stack (monitoring:allowPlaceholders)", function () {
    this.timeout(60_000);
    const prod = () => ({ ...readStackFile("prod"), ...fakeSecrets });

    it("stops the program on the prod test stack as Pulumi.prod.yaml ships, one line per placeholder naming key and what to set, declaring nothing", async () => {
        const run = await runWithMocks("prod", prod(), Object.keys(fakeSecrets));
        assert.ok(run.error, "the program stops");
        assert.equal(run.error.message, `Invalid stack configuration:\n${prodLines.map((l) => `  - ${l}`).join("\n")}`);
        assert.equal(run.resources.length, 0);
    });

    it("lists placeholders with every other problem at once", () => {
        assert.deepEqual(problemsOf({ ...prod(), "monitoring:scrapeInterval": "soon" }, "prod").length, 5);
    });

    it("deploys the same file with monitoring:allowPlaceholders: true", () => {
        assert.deepEqual(problemsOf({ ...prod(), "monitoring:allowPlaceholders": "true" }, "prod"), []);
    });

    it("deploys it with the placeholders replaced, and no override", async () => {
        assert.deepEqual(problemsOf({ ...prod(), ...realProdValues }, "prod"), []);
        const run = await runWithMocks("prod", { ...prod(), ...realProdValues }, Object.keys(fakeSecrets));
        assert.ifError(run.error);
        assert.ok(run.resources.length > 50);
    });

    it("leaves docker stacks alone (dev names no real host to reach)", () => {
        assert.deepEqual(problemsOf({ ...loadRawStackConfig("dev"), "monitoring:externalHost": "monitoring.example.com" }, "dev"), []);
    });

    it("is only asked for by the program: npm run render and the stack-file readers parse without it", () => {
        assert.equal(parseStackConfig(prod(), "prod").allowPlaceholders, false);
    });

    it("validates the key", () => {
        assert.deepEqual(
            problemsOf({ ...prod(), "monitoring:allowPlaceholders": '"yes"' }, "prod")[0],
            'monitoring:allowPlaceholders: expected true or false (got "yes")',
        );
    });
});
