// Every resource a mock run declares, as the URN Pulumi gives it: type chain, name, and the parent it hangs under.
import * as pulumi from "@pulumi/pulumi";
import { MockRun, RecordedResource } from "./mock-run";

function urnOf(resource: pulumi.Resource): Promise<string> {
    return new Promise((done) => resource.urn.apply(done));
}

/** `urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`, as the engine builds it (the root stack adds no type). */
async function urnLine(stack: string, project: string, resource: RecordedResource): Promise<string> {
    const parent = resource.options.parent;
    const parentUrn = parent ? await urnOf(parent) : undefined;
    const parentTypes = parentUrn?.split("::")[2];
    const underStack = parentTypes === undefined || parentTypes === "pulumi:pulumi:Stack";
    const qualifiedType = underStack ? resource.type : `${parentTypes}$${resource.type}`;
    const urn = `urn:pulumi:${stack}::${project}::${qualifiedType}::${resource.name}`;
    const parentName = underStack ? "" : ` (parent ${parentUrn!.split("::").slice(2).join("::")})`;
    return `${urn}${parentName}${resource.readId ? " read" : ""}`;
}

/** One line per resource, sorted: what a refactor must not change without `aliases`. */
export async function urnLines(stack: string, run: MockRun, project = "monitoring"): Promise<string[]> {
    const lines = await Promise.all(run.resources.map((r) => urnLine(stack, project, r)));
    return lines.sort();
}
