// CustomResourceDefinitions the stack installs from upstream's published files (never copied into this repository).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The CRDs in `files` (URLs or paths), as one ConfigGroup whose every object `pulumi destroy` keeps: deleting a CRD
 * deletes every object of its kind in the cluster, the teams' own included. Objects of these kinds declared in the
 * same run depend on the result; the Kubernetes provider skips the dry run of a kind the API server does not serve
 * yet, so the first preview passes (tests/cluster/crds-same-run.test.ts runs it with the real CLI).
 */
export function installCrds(name: string, files: readonly string[], opts: pulumi.ComponentResourceOptions): pulumi.Resource {
    const keep: pulumi.ResourceTransform = ({ props, opts: child }) => ({ props, opts: { ...child, retainOnDelete: true } });
    return new k8s.yaml.v2.ConfigGroup(name, { files: [...files] }, { ...opts, retainOnDelete: true, transforms: [keep] });
}
