// Every Kubernetes object one workload needs, as plain data (apiVersion, kind, the rest): pure, so tests can check each
// against the Kubernetes OpenAPI schema without an engine.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { Workload } from "../../components/base/workload";
import { clusterAccess } from "./cluster-access";
import { configFiles } from "./config-files";
import { controller, disruptionBudget } from "./controller";
import { DeclaredObject } from "./declared-object";
import { networkPolicy } from "./network-policy";
import { ingress, services } from "./services";
import { discoveryAccess, serviceAccount } from "./workload-access";

/** Every object of one workload, in the order they are declared; `checksumKey` (secret) keys the credentials' hash. */
export function workloadObjects(config: StackConfig, workload: Workload, checksumKey: pulumi.Input<string>): DeclaredObject[] {
    const { objects: fileObjects, annotations } = configFiles(config, workload, checksumKey);
    return [
        serviceAccount(config, workload),
        ...discoveryAccess(config, workload),
        ...clusterAccess(config, workload),
        ...fileObjects,
        ...services(config, workload),
        ...controller(config, workload, annotations),
        ...disruptionBudget(config, workload),
        networkPolicy(config, workload),
        ...ingress(config, workload),
    ];
}
