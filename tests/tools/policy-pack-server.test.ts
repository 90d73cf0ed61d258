// The policy pack as the Pulumi engine meets it: policy/index.ts started as a process serves Pulumi's analyzer gRPC
// protocol on 127.0.0.1, lists its policies and answers Analyze for a resource. No Pulumi CLI involved.
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { projectRoot } from "../support/stack-files";

const grpc = require("@grpc/grpc-js");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

describe("policy pack served over Pulumi's analyzer protocol", function () {
    this.timeout(30_000);
    let pack: ChildProcess;
    let client: any;

    before(async () => {
        // From the pack's directory, as the CLI starts it: @pulumi/policy resolves from the repository root's node_modules.
        pack = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", 'require("./index.ts")'], {
            cwd: path.join(projectRoot, "policy"),
            stdio: ["ignore", "pipe", "pipe"],
        });
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            pack.stdout!.on("data", (chunk) => {
                out += chunk;
                const match = /^(\d+)\s*$/m.exec(out);
                if (match) resolve(Number(match[1]));
            });
            pack.on("exit", (code) => reject(new Error(`policy pack exited with ${code}`)));
        });
        client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        pack?.kill();
    });

    it("announces the six mandatory policies", async () => {
        const info = await call<any>(client, "getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), "monitoring-policies");
        assert.deepEqual(
            info
                .getPoliciesList()
                .map((p: any) => p.getName())
                .sort(),
            [
                "alert-rules-routed-with-runbooks",
                "claims-kept-on-delete",
                "credentials-only-as-secrets",
                "docker-ports-on-bind-address",
                "hardened-kubernetes-containers",
                "pinned-images",
            ],
        );
    });

    it("reports a latest image as a mandatory violation, and nothing for a pinned one", async () => {
        const analyze = (name: string) => {
            const request = new analyzerPb.AnalyzeRequest();
            request.setType("docker:index/remoteImage:RemoteImage");
            request.setUrn("urn:pulumi:dev::monitoring::docker:index/remoteImage:RemoteImage::image");
            request.setName("image");
            request.setProperties(Struct.fromJavaScript({ name, keepLocally: true }));
            // The engine always sends the resource's options (protect, aliases, ...); empty ones here.
            request.setOptions(new analyzerPb.AnalyzerResourceOptions());
            return call<any>(client, "analyze", request);
        };
        const bad = (await analyze("grafana/grafana:latest")).getDiagnosticsList();
        assert.deepEqual(
            bad.map((d: any) => [d.getPolicyname(), d.getMessage(), d.getEnforcementlevel()]),
            [
                [
                    "pinned-images",
                    "Images are pinned to a tag or digest, never latest.\nimage grafana/grafana:latest is not pinned: use a tag other than latest, or a digest",
                    analyzerPb.EnforcementLevel.MANDATORY,
                ],
            ],
        );
        assert.deepEqual((await analyze("grafana/grafana:13.1.3")).getDiagnosticsList(), []);
    });
});
