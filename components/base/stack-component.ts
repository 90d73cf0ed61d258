// The shape every one of the seven components shares: validate, ask the platform to run a workload, expose URLs.
import * as pulumi from "@pulumi/pulumi";
import { ComponentName, PortName } from "../../model/config/catalog";
import { StackConfig } from "../../model/config/types";
import { Platform, Workload } from "./workload";
import { internalUrl } from "../../model/endpoints";

export interface StackComponentArgs {
    /** The validated stack config; each component reads its own slice (ports, image, retention). */
    readonly config: StackConfig;
    /** Where the component runs: Docker for dev, Kubernetes for prod. Chosen once by the stack. */
    readonly platform: Platform;
}

export abstract class StackComponent extends pulumi.ComponentResource {
    /** URL of the component's main port inside the stack's network (what other components use). */
    public readonly internalUrl: pulumi.Output<string>;
    /** URL of the component's main port from outside (browser, platform stacks). */
    public readonly externalUrl: pulumi.Output<string>;
    /** Resources that are up once the component runs; dependants wait on them. */
    public ready: readonly pulumi.Resource[] = [];

    protected constructor(
        className: string,
        name: string,
        component: ComponentName,
        mainPort: PortName,
        args: StackComponentArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(`monitoring:index:${className}`, name, {}, opts);
        if (!args.config.components.includes(component)) {
            throw new pulumi.ResourceError(
                `${className} is declared but monitoring:components does not include ${component} (got ${JSON.stringify(args.config.components)})`,
                this,
            );
        }
        const port = args.config.ports[mainPort];
        this.internalUrl = pulumi.output(internalUrl(component, port));
        this.externalUrl = pulumi.output(args.platform.externalUrl(component, port));
    }

    /** Hands the workload to the platform, its resources as children of this component. */
    protected run(name: string, platform: Platform, workload: Workload): void {
        this.ready = platform.deploy(name, workload, this).ready;
    }
}
