// CustomResourceDefinitions the stack installs from upstream's published files (never copied into this repository).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * Kept by `pulumi destroy`: deleting a CRD deletes every object of its kind, the teams' own included. Objects of these kinds declared
 * in the same run depend on it; the provider skips the dry run of a kind not served yet (tests/cluster/crds-same-run.test.ts).
 */
export function installCrds(name: string, files: readonly string[], opts: pulumi.ComponentResourceOptions): pulumi.Resource {
    const keep: pulumi.ResourceTransform = ({ props, opts: child }) => ({ props, opts: { ...child, retainOnDelete: true } });
    return new k8s.yaml.v2.ConfigGroup(name, { files: [...files] }, { ...opts, retainOnDelete: true, transforms: [keep] });
}
