// A stand-in for the `random` provider in the prod end-to-end run (tests/e2e/e2e.ts), which cannot get the real one: the
// Go module proxy here serves no github.com/pulumi/pulumi-random (403). The prod stack without Grafana uses one random
// resource, the Kubernetes platform's `RandomPassword` that keys the credential hashes of pod templates; this serves
// exactly that type, as the real provider behaves for it: a password generated once at create, kept in the state,
// unchanged by refresh, replaced only when an input changes. Any other type is refused by name.
// Started by the engine as a plugin (`pulumi-resource-random`, a wrapper the run writes), over Pulumi's gRPC protocol.
import { randomInt } from "crypto";
import * as provider from "@pulumi/pulumi/provider";
import randomPackage from "@pulumi/random/package.json";

const passwordType = "random:index/randomPassword:RandomPassword";

/** A password of `length` characters from the classes the inputs allow (the real provider's defaults: all on). */
function generatePassword(inputs: { length: number; special?: boolean; upper?: boolean; lower?: boolean; numeric?: boolean }): string {
    const classes = [
        inputs.upper === false ? "" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        inputs.lower === false ? "" : "abcdefghijklmnopqrstuvwxyz",
        inputs.numeric === false ? "" : "0123456789",
        inputs.special === false ? "" : "!@#$%&*()-_=+[]{}<>:?",
    ].join("");
    return Array.from({ length: inputs.length }, () => classes[randomInt(classes.length)]).join("");
}

/** The resource's own type is the last of the URN's type chain (parents first, joined by `$`). */
function refuseOthers(urn: string): void {
    const type = urn.split("::")[2].split("$").pop();
    if (type !== passwordType) throw new Error(`the stand-in random provider serves only ${passwordType}, not ${type}`);
}

/** The inputs without the outputs the provider adds, in a stable order. */
const keyOf = (inputs: Record<string, unknown>) =>
    JSON.stringify(
        Object.entries(inputs)
            .filter(([k]) => k !== "result" && k !== "bcryptHash")
            .sort(),
    );

const standIn: provider.Provider = {
    version: randomPackage.version,
    async check(urn, _olds, news) {
        refuseOthers(urn);
        return { inputs: news };
    },
    async diff(_id, _urn, olds, news) {
        const changed = keyOf(Object.fromEntries(Object.keys(news).map((k) => [k, olds[k]]))) !== keyOf(news);
        return { changes: changed, replaces: changed ? Object.keys(news).filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])) : [] };
    },
    async create(urn, inputs) {
        refuseOthers(urn);
        return { id: "none", outs: { ...inputs, result: generatePassword(inputs) } };
    },
    async read(id, _urn, props) {
        return { id, props };
    },
    async delete() {},
};

if (require.main === module) void provider.main(standIn, process.argv.slice(2));
