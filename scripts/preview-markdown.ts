// `pulumi preview --json` -> a Markdown summary for reviewers: data at risk first, then each component's changes.
//
// The input shape is Pulumi's PreviewDigest (pulumi/pulumi sdk/go/common/display/json.go): {steps: [{op, urn,
// oldState?, newState?, diffReasons?, replaceReasons?, detailedDiff?}], changeSummary: {<op>: count}, ...}, where
// oldState/newState are apitype.ResourceV3 ({urn, type, inputs, outputs, parent, ...}). Only field names are shown,
// never values, so a secret cannot leak into a pull request comment.

export class PreviewFormatError extends Error {}

interface ResourceState {
    readonly type?: string;
    readonly inputs?: Record<string, unknown>;
}

interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly oldState?: ResourceState;
    readonly newState?: ResourceState;
    readonly diffReasons?: readonly string[];
    readonly replaceReasons?: readonly string[];
    readonly detailedDiff?: Record<string, { kind?: string }> | null;
}

export interface PreviewDigest {
    readonly steps: readonly PreviewStep[];
    readonly changeSummary: Readonly<Record<string, number>>;
}

type Change = "create" | "update" | "replace" | "delete";

/** Pulumi's step ops, as the change a reviewer cares about; reads, refreshes and unchanged resources are left out. */
const changeOfOp: Readonly<Record<string, Change>> = {
    create: "create",
    update: "update",
    replace: "replace",
    "create-replacement": "replace",
    "delete-replaced": "replace",
    "discard-replaced": "replace",
    delete: "delete",
    discard: "delete",
};

const changeVerb: Readonly<Record<Change, string>> = { create: "create", update: "update", replace: "replace", delete: "delete" };

/** Resource types whose replacement or deletion loses stored data. */
export const dataHolderTypes: readonly string[] = ["docker:index/volume:Volume", "kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:apps/v1:StatefulSet"];

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Checks the document is a PreviewDigest; throws PreviewFormatError naming what was expected. */
export function asPreviewDigest(value: unknown): PreviewDigest {
    const expected = "an object with steps[] of {op, urn} and changeSummary, as `pulumi preview --json` writes";
    if (!isRecord(value)) throw new PreviewFormatError(`expected ${expected}`);
    const steps = value.steps ?? [];
    const summary = value.changeSummary;
    if (!Array.isArray(steps) || !isRecord(summary)) throw new PreviewFormatError(`expected ${expected}`);
    steps.forEach((s, i) => {
        if (!isRecord(s) || typeof s.op !== "string" || typeof s.urn !== "string" || !s.urn.startsWith("urn:pulumi:")) {
            throw new PreviewFormatError(`expected ${expected} (steps[${i}] has no op or urn:pulumi: URN)`);
        }
    });
    return { steps: steps as PreviewStep[], changeSummary: summary as Record<string, number> };
}

interface ParsedUrn {
    readonly types: readonly string[];
    readonly name: string;
}

/** urn:pulumi:<stack>::<project>::<parent types joined by $, own type last>::<name> */
function parseUrn(urn: string): ParsedUrn {
    const [, , typeChain, ...name] = urn.slice("urn:pulumi:".length).split("::");
    return { types: (typeChain ?? "").split("$"), name: name.join("::") };
}

/** The nearest component of this program above the resource (the resource itself when it is one). */
function componentOf(urn: ParsedUrn): string {
    const own = urn.types[urn.types.length - 1];
    if (own.startsWith("monitoring:index:")) return own.slice("monitoring:index:".length);
    const parent = [...urn.types.slice(0, -1)].reverse().find((t) => t.startsWith("monitoring:index:"));
    return parent ? parent.slice("monitoring:index:".length) : "Stack";
}

/** What the resource is now: for a replacement or deletion the old state, whose data is at stake. */
function inputsOf(step: PreviewStep, change: Change): Record<string, any> {
    const first = change === "replace" || change === "delete" ? step.oldState : step.newState;
    return (first?.inputs ?? step.newState?.inputs ?? step.oldState?.inputs ?? {}) as Record<string, any>;
}

/** How a reviewer recognises the resource: dashboards by title, alert rules by name, workloads by name. */
function describe(type: string, urnName: string, inputs: Record<string, any>): string {
    const metadataName = isRecord(inputs.metadata) && typeof inputs.metadata.name === "string" ? inputs.metadata.name : undefined;
    switch (type) {
        case "grafana:oss/dashboard:Dashboard": {
            let title: unknown;
            try {
                title = JSON.parse(String(inputs.configJson)).title;
            } catch {
                title = undefined;
            }
            return `dashboard "${typeof title === "string" ? title : urnName}"`;
        }
        case "grafana:alerting/ruleGroup:RuleGroup": {
            const rules = Array.isArray(inputs.rules) ? inputs.rules.map((r: any) => r?.name).filter((n: unknown) => typeof n === "string") : [];
            return `rule group ${inputs.name ?? urnName}${rules.length > 0 ? ` (alert rules ${rules.join(", ")})` : ""}`;
        }
        case "docker:index/container:Container":
            return `container ${inputs.name ?? urnName}`;
        case "docker:index/volume:Volume":
            return `volume ${inputs.name ?? urnName}`;
        case "kubernetes:apps/v1:StatefulSet":
        case "kubernetes:apps/v1:Deployment":
        case "kubernetes:apps/v1:DaemonSet":
        case "kubernetes:core/v1:PersistentVolumeClaim": {
            const kind = type.slice(type.lastIndexOf(":") + 1);
            return `${kind === "PersistentVolumeClaim" ? "claim" : kind} ${metadataName ?? urnName}`;
        }
        default: {
            const shortType = type.slice(type.lastIndexOf(":") + 1);
            return `${shortType} ${metadataName ?? inputs.name ?? urnName}`;
        }
    }
}

/** Property names a step changes (a rule group's by alert rule name); replacement causes marked. */
function changedFields(step: PreviewStep, inputs: Record<string, any>): string[] {
    const rules: unknown[] = Array.isArray(inputs.rules) ? inputs.rules : [];
    const top = (path: string) => {
        const rule = /^rules\[(\d+)\]\.?([A-Za-z0-9_]*)/.exec(path);
        const name = rule ? (rules[Number(rule[1])] as { name?: unknown } | undefined)?.name : undefined;
        if (rule && typeof name === "string") return rule[2] ? `${name}.${rule[2]}` : name;
        return path.split(/[.[]/, 1)[0];
    };
    const replacing = new Set((step.replaceReasons ?? []).map(top));
    // detailedDiff names the exact paths; diffReasons (top-level keys only) stands in when a provider gives none.
    const detailed = Object.keys(step.detailedDiff ?? {});
    const fields = new Set([...(detailed.length > 0 ? detailed : (step.diffReasons ?? [])), ...(step.replaceReasons ?? [])].map(top));
    return [...fields].sort().map((f) => (replacing.has(f) ? `${f} (forces replacement)` : f));
}

interface Row {
    readonly component: string;
    readonly change: Change;
    readonly what: string;
    readonly fields: readonly string[];
    readonly dataAtRisk: boolean;
}

const changeOrder: readonly Change[] = ["delete", "replace", "update", "create"];

function rowsOf(digest: PreviewDigest): Row[] {
    const byUrn = new Map<string, Row>();
    for (const step of digest.steps) {
        const change = changeOfOp[step.op];
        if (change === undefined) continue;
        const urn = parseUrn(step.urn);
        const type = step.newState?.type ?? step.oldState?.type ?? urn.types[urn.types.length - 1];
        // A replacement shows as up to three steps for one URN; the one carrying the diff wins.
        const previous = byUrn.get(step.urn);
        const inputs = inputsOf(step, change);
        const fields = changedFields(step, inputs);
        if (previous && previous.fields.length >= fields.length) continue;
        byUrn.set(step.urn, {
            component: componentOf(urn),
            change,
            what: describe(type, urn.name, inputs),
            fields,
            dataAtRisk: dataHolderTypes.includes(type) && (change === "replace" || change === "delete"),
        });
    }
    const order = (r: Row) => changeOrder.indexOf(r.change);
    // Code-unit order, not the locale's: the same preview gives the same text on every machine.
    const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...byUrn.values()].sort((a, b) => compare(a.component, b.component) || order(a) - order(b) || compare(a.what, b.what));
}

function table(rows: readonly Row[], withComponent: boolean): string[] {
    const header = withComponent
        ? "| change | component | resource | fields |\n| --- | --- | --- | --- |"
        : "| change | resource | fields |\n| --- | --- | --- |";
    const escape = (s: string) => s.replace(/\|/g, "\\|");
    return [
        header,
        ...rows.map((r) =>
            withComponent
                ? `| **${changeVerb[r.change]}** | ${r.component} | ${escape(r.what)} | ${r.fields.join(", ") || "-"} |`
                : `| ${changeVerb[r.change]} | ${escape(r.what)} | ${r.fields.join(", ") || "-"} |`,
        ),
    ];
}

function headline(summary: Readonly<Record<string, number>>): string {
    const parts = (["create", "update", "replace", "delete"] as const).filter((op) => (summary[op] ?? 0) > 0).map((op) => `${summary[op]} to ${op}`);
    const same = summary.same ?? 0;
    return parts.length === 0 ? `no changes (${same} unchanged)` : `${parts.join(", ")} (${same} unchanged)`;
}

/** The Markdown summary of a preview (deterministic: same input, same text). */
export function previewMarkdown(digest: PreviewDigest, title = "pulumi preview"): string {
    const rows = rowsOf(digest);
    const atRisk = rows.filter((r) => r.dataAtRisk);
    const lines = [`### ${title}: ${headline(digest.changeSummary)}`, ""];
    if (atRisk.length > 0) {
        lines.push("#### DATA AT RISK: replaced or deleted data holders", "", ...table(atRisk, true), "");
    }
    const components = [...new Set(rows.filter((r) => !r.dataAtRisk).map((r) => r.component))];
    for (const component of components) {
        lines.push(
            `#### ${component}`,
            "",
            ...table(
                rows.filter((r) => r.component === component && !r.dataAtRisk),
                false,
            ),
            "",
        );
    }
    return `${lines.join("\n").trimEnd()}\n`;
}
