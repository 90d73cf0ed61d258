// A workload's files on Kubernetes: a ConfigMap for the plain ones, a Secret for credentials, and the hashes that roll its pods.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { Workload } from "../../components/base/workload";
import { DeclaredObject, meta } from "./declared-object";
import { fileKey } from "./labels";
import { configMapName, reloadsInPlace, secretName } from "./pod";

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * ConfigMap of the plain files and Secret of the credentials, keyed by path; plus the hashes that roll the pods. The
 * credentials' hash is an HMAC under the stack's secret `checksumKey`: safe to show in the pod template (whoever can read
 * it cannot test guesses of a weak password against it), so it is not a secret and the template's diff stays readable.
 */
export function configFiles(
    config: StackConfig,
    workload: Workload,
    checksumKey: pulumi.Input<string>,
): { objects: DeclaredObject[]; annotations: Record<string, pulumi.Input<string>> } {
    const plain = workload.files.filter((f) => !f.secret);
    const secret = workload.files.filter((f) => f.secret);
    const objects: DeclaredObject[] = [];
    const annotations: Record<string, pulumi.Input<string>> = {};
    if (plain.length > 0) {
        const data = Object.fromEntries(plain.map((f) => [fileKey(f.path), f.content as string]).sort(([a], [b]) => (a < b ? -1 : 1)));
        objects.push({ object: { apiVersion: "v1", kind: "ConfigMap", metadata: meta(config, workload, configMapName(workload)), data }, keepsData: false });
        // Files the process reloads in place never roll its pods: a restart would cost a WAL replay.
        const restartOnly = plain.filter((f) => !reloadsInPlace(workload, f.path)).map((f) => fileKey(f.path));
        if (restartOnly.length > 0) annotations["checksum/config"] = sha256(JSON.stringify(Object.fromEntries(restartOnly.sort().map((k) => [k, data[k]]))));
    }
    if (secret.length > 0) {
        const stringData = Object.fromEntries(secret.map((f) => [fileKey(f.path), pulumi.secret(f.content)]));
        objects.push({
            object: { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: meta(config, workload, secretName(workload)), stringData },
            keepsData: false,
        });
        annotations["checksum/secrets"] = pulumi.unsecret(
            pulumi
                .all([checksumKey, ...secret.map((f) => f.content)])
                .apply(([key, ...values]) => crypto.createHmac("sha256", key).update(JSON.stringify(values)).digest("hex")),
        );
    }
    return { objects, annotations };
}
