import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../model/config/parse";
import { checkClientNamespaces, checkCluster, checkIngressClass, checkKubernetes, checkStorageClass } from "../../deploy/checks-kubernetes";
import { KubernetesProbe, ToolRun } from "../../deploy/probes";
import { fakeSecrets, loadRawStackConfig } from "../support/stack-files";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "..", "fixtures", "preflight", name), "utf8");
const kubectl = (stdout: string, exitCode = 0, stderr = ""): ToolRun => ({ found: true, exitCode, stdout, stderr });

/** The prod stack file with its secrets set, and `overrides` on top. */
function prod(overrides: Record<string, string> = {}) {
    return parseStackConfig({ ...loadRawStackConfig("prod"), ...fakeSecrets, ...overrides }, "prod");
}

/** A cluster that answers, with the recorded lists. */
const reachable: KubernetesProbe = {
    version: kubectl(fixture("kubectl-version.json")),
    namespaces: kubectl(fixture("namespaces.json")),
    storageClasses: kubectl(fixture("storageclasses.json")),
    ingressClasses: kubectl(fixture("ingressclasses.json")),
};

describe("preflight: the kubernetes platform (deploy/checks-kubernetes.ts)", () => {
    it("the fixtures are valid Kubernetes objects (kubernetes-models' OpenAPI validators)", async () => {
        const models: Record<string, any> = {
            Namespace: (await import("kubernetes-models/v1/Namespace")).Namespace,
            StorageClass: (await import("kubernetes-models/storage.k8s.io/v1/StorageClass")).StorageClass,
            IngressClass: (await import("kubernetes-models/networking.k8s.io/v1/IngressClass")).IngressClass,
        };
        for (const file of ["namespaces.json", "storageclasses.json", "ingressclasses.json"]) {
            const list = JSON.parse(fixture(file));
            assert.equal(list.kind, "List");
            for (const item of list.items) new models[item.kind](item).validate();
        }
    });

    describe("the cluster", () => {
        it("fails when kubectl gets no serverVersion (the recorded answer of kubectl without a cluster), with the fix", () => {
            const probe = { version: kubectl(fixture("kubectl-version-unreachable.stdout.json"), 1, fixture("kubectl-version-unreachable.stderr.txt")) };
            assert.deepEqual(checkCluster(probe), {
                status: "fail",
                message:
                    "Kubernetes cluster not reachable through the current kubeconfig context (The connection to the server localhost:8080 was refused - did you specify the right host or port?): select a reachable context (kubectl config use-context <name>) or set monitoring:kubeContext",
            });
            assert.match(checkCluster({ ...probe, context: "prod-eu" }).message, /through context prod-eu /);
        });
        it("fails when kubectl is missing", () => {
            assert.match(checkCluster({ version: { found: false } }).message, /^kubectl not found on PATH/);
        });
        it("passes a cluster that reports its version", () => {
            assert.deepEqual(checkCluster(reachable), { status: "ok", message: "Kubernetes v1.31.4 reachable through the current kubeconfig context" });
        });
        it("stops at an unreachable cluster: one line, not one per object", () => {
            const probe = {
                version: kubectl(fixture("kubectl-version-unreachable.stdout.json"), 1, "Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout"),
            };
            assert.equal(checkKubernetes(probe, prod(), "deploy").length, 1);
        });
    });

    describe("client namespaces", () => {
        it("pass when each exists", () => {
            assert.deepEqual(checkClientNamespaces(reachable, prod()), [{ status: "ok", message: "client namespaces present: provisioning" }]);
        });
        it("fail one that is missing and one that is being deleted, each with its fix", () => {
            const config = prod({ "monitoring:clientNamespaces": JSON.stringify(["provisioning", "payments", "billing"]) });
            assert.deepEqual(checkClientNamespaces(reachable, config), [
                {
                    status: "fail",
                    message:
                        "namespace billing (monitoring:clientNamespaces) is being deleted: wait for it to go, recreate it, or remove it from monitoring:clientNamespaces",
                },
                {
                    status: "fail",
                    message:
                        "namespace payments (monitoring:clientNamespaces) does not exist: create it (kubectl create namespace payments) or remove it from monitoring:clientNamespaces",
                },
            ]);
        });
        it("fail when the namespaces cannot be listed", () => {
            const probe = {
                ...reachable,
                namespaces: kubectl("", 1, 'Error from server (Forbidden): namespaces is forbidden: User "dev" cannot list resource "namespaces"'),
            };
            assert.match(checkClientNamespaces(probe, prod())[0].message, /^cannot list namespaces \(namespaces: Error from server \(Forbidden\)/);
        });
    });

    describe("storage class", () => {
        it("uses the cluster's default (by its annotation) and warns when it cannot expand", () => {
            assert.deepEqual(checkStorageClass(reachable, prod()), [
                {
                    status: "warn",
                    message:
                        "StorageClass standard does not allow volume expansion: monitoring:storageSizes cannot grow in place later; choose a class with allowVolumeExpansion: true if the data may outgrow its claims",
                },
            ]);
        });
        it("passes a named class that allows expansion", () => {
            assert.deepEqual(checkStorageClass(reachable, prod({ "monitoring:storageClass": "fast-ssd" })), [
                { status: "ok", message: "StorageClass fast-ssd present, allows volume expansion" },
            ]);
        });
        it("fails a named class the cluster lacks, listing the ones it has", () => {
            assert.deepEqual(checkStorageClass(reachable, prod({ "monitoring:storageClass": "gold" })), [
                {
                    status: "fail",
                    message:
                        "StorageClass gold (monitoring:storageClass) does not exist (classes in the cluster: fast-ssd, standard): set monitoring:storageClass to one of them",
                },
            ]);
        });
        it("fails when nothing is named and the cluster has no default class", () => {
            const noDefault = JSON.parse(fixture("storageclasses.json"));
            delete noDefault.items[0].metadata.annotations;
            const [result] = checkStorageClass({ ...reachable, storageClasses: kubectl(JSON.stringify(noDefault)) }, prod());
            assert.equal(result.status, "fail");
            assert.match(result.message, /^the cluster has no default StorageClass, so the stack's claims would stay Pending/);
        });
    });

    describe("ingress class (grafanaIngress is set in prod)", () => {
        it("passes the named class", () => {
            assert.deepEqual(checkIngressClass(reachable, prod()), [{ status: "ok", message: "IngressClass nginx present" }]);
        });
        it("fails a named class the cluster lacks", () => {
            const config = prod({
                "monitoring:grafanaIngress": JSON.stringify({ host: "grafana.ops.internal.net", tlsSecretName: "grafana-tls", className: "haproxy" }),
            });
            assert.deepEqual(checkIngressClass(reachable, config), [
                {
                    status: "fail",
                    message:
                        "IngressClass haproxy (monitoring:grafanaIngress.className) does not exist (classes in the cluster: nginx, traefik): install its ingress controller or set className to one of them",
                },
            ]);
        });
        it("without className, needs the cluster's default class", () => {
            const config = prod({ "monitoring:grafanaIngress": JSON.stringify({ host: "grafana.ops.internal.net", tlsSecretName: "grafana-tls" }) });
            assert.deepEqual(checkIngressClass(reachable, config), [{ status: "ok", message: "IngressClass nginx (the default) present" }]);
            const noDefault = JSON.parse(fixture("ingressclasses.json"));
            delete noDefault.items[0].metadata.annotations;
            assert.equal(checkIngressClass({ ...reachable, ingressClasses: kubectl(JSON.stringify(noDefault)) }, config)[0].status, "fail");
        });
        it("is not checked without grafanaIngress", () => {
            const raw = { ...loadRawStackConfig("prod"), ...fakeSecrets, "monitoring:grafanaUrl": "http://localhost:3000" };
            delete (raw as Record<string, string>)["monitoring:grafanaIngress"];
            assert.deepEqual(checkIngressClass(reachable, parseStackConfig(raw, "prod")), []);
        });
    });

    it("destroy needs only the cluster", () => {
        assert.equal(checkKubernetes(reachable, prod(), "destroy").length, 1);
        assert.equal(checkKubernetes(reachable, prod(), "deploy").length, 4);
    });
});
