// Every resource a mock run declares, as the URN the engine gives it: type chain, name, and the parent it hangs under.
// The mock monitor's own URNs name only the direct parent's type, so the chain is rebuilt here from the parents.
import * as pulumi from "@pulumi/pulumi";
import { MockRun, RecordedResource } from "./mock-run";

function mockUrnOf(resource: pulumi.Resource): Promise<string> {
    return new Promise((done) => resource.urn.apply(done));
}

/** "<type>::<name>" of a mock URN (its last type and its name). */
function typeAndName(mockUrn: string): string {
    const [, , types, name] = mockUrn.split("::");
    return `${types.split("$").pop()}::${name}`;
}

/** Full URNs (`urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`) of a run's resources, by mock URN. */
export class UrnIndex {
    private readonly byTypeAndName = new Map<string, RecordedResource>();
    private readonly cache = new Map<RecordedResource, Promise<string>>();

    constructor(
        private readonly stack: string,
        run: MockRun,
        private readonly project = "monitoring",
    ) {
        for (const r of run.resources) this.byTypeAndName.set(`${r.type}::${r.name}`, r);
    }

    /** The qualified type (parent types joined by `$`, the root stack left out) and name of a recorded resource. */
    urn(resource: RecordedResource): Promise<string> {
        const known = this.cache.get(resource);
        if (known) return known;
        const computed = (async () => {
            const parent = resource.options.parent;
            const parentRecord = parent ? this.byTypeAndName.get(typeAndName(await mockUrnOf(parent))) : undefined;
            const parentTypes = parentRecord ? (await this.urn(parentRecord)).split("::")[2] : undefined;
            const qualified = parentTypes ? `${parentTypes}$${resource.type}` : resource.type;
            return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${resource.name}`;
        })();
        this.cache.set(resource, computed);
        return computed;
    }

    /** The full URN of a resource object the program created (e.g. one named in `dependsOn`). */
    async urnOfResource(resource: pulumi.Resource): Promise<string> {
        const record = this.byTypeAndName.get(typeAndName(await mockUrnOf(resource)));
        if (!record) throw new Error(`not a resource of this run: ${await mockUrnOf(resource)}`);
        return this.urn(record);
    }

    /** "<urn> (parent <parent's type chain>::<parent's name>)", plus " read" for a resource the program only reads. */
    async line(resource: RecordedResource): Promise<string> {
        const urn = await this.urn(resource);
        const parent = resource.options.parent;
        const parentRecord = parent ? this.byTypeAndName.get(typeAndName(await mockUrnOf(parent))) : undefined;
        const parentPart = parentRecord ? ` (parent ${(await this.urn(parentRecord)).split("::").slice(2).join("::")})` : "";
        return `${urn}${parentPart}${resource.readId ? " read" : ""}`;
    }
}

/** One line per resource, sorted: what a refactor must not change without `aliases`. */
export async function urnLines(stack: string, run: MockRun): Promise<string[]> {
    const index = new UrnIndex(stack, run);
    return (await Promise.all(run.resources.map((r) => index.line(r)))).sort();
}

/** Full URNs of what a resource's `dependsOn` names, sorted. */
export async function dependsOnUrns(stack: string, run: MockRun, resource: RecordedResource): Promise<string[]> {
    const index = new UrnIndex(stack, run);
    // dependsOn is an input: a resource, a list of them, or promises/outputs of either.
    const resolved = await new Promise<unknown>((done) =>
        (pulumi.output(resource.options.dependsOn as pulumi.Input<pulumi.Resource[]>) as pulumi.Output<unknown>).apply(done),
    );
    const resources = ([resolved].flat(2) as (pulumi.Resource | undefined)[]).filter((r): r is pulumi.Resource => r !== undefined);
    return (await Promise.all(resources.map((r) => index.urnOfResource(r)))).sort();
}
