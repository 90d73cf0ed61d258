// `npm run preview-summary -- <preview.json> [--title <text>]`: Pulumi's PreviewDigest (sdk/go/common/display/json.go, states apitype.ResourceV3) -> Markdown
// for reviewers, data at risk first, then by component. Only field names are shown, never values, so a secret cannot leak into a pull request comment.
import * as fs from "fs";
import { parsedJson } from "../model/common/parsed-json";
import { byName } from "../ops/format";

export class PreviewFormatError extends Error {}

interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly oldState?: { readonly type?: string; readonly inputs?: Record<string, unknown> };
    readonly newState?: { readonly type?: string; readonly inputs?: Record<string, unknown> };
    readonly diffReasons?: readonly string[];
    readonly replaceReasons?: readonly string[];
    readonly detailedDiff?: Record<string, unknown> | null;
}

export type PreviewDigest = { readonly steps: readonly PreviewStep[]; readonly changeSummary: Readonly<Record<string, number>> };

/** The changes a reviewer cares about, in the order shown; reads, refreshes and unchanged resources are left out. */
const changes = ["delete", "replace", "update", "create"] as const;
type Change = (typeof changes)[number];
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

/** Resource types whose replacement or deletion loses stored data. */
const dataHolderTypes: readonly string[] = ["docker:index/volume:Volume", "kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:apps/v1:StatefulSet"];

const isRecord = (v: unknown): v is Record<string, any> => v !== null && typeof v === "object" && !Array.isArray(v);

export function asPreviewDigest(value: unknown): PreviewDigest {
    const expected = "an object with steps[] of {op, urn} and changeSummary, as `pulumi preview --json` writes";
    const steps = isRecord(value) ? (value.steps ?? []) : undefined;
    if (!isRecord(value) || !Array.isArray(steps) || !isRecord(value.changeSummary)) throw new PreviewFormatError(`expected ${expected}`);
    const bad = steps.findIndex((s) => !isRecord(s) || typeof s.op !== "string" || typeof s.urn !== "string" || !s.urn.startsWith("urn:pulumi:"));
    if (bad >= 0) throw new PreviewFormatError(`expected ${expected} (steps[${bad}] has no op or urn:pulumi: URN)`);
    return { steps, changeSummary: value.changeSummary };
}

function describe(type: string, urnName: string, inputs: Record<string, any>): string {
    const kind = type.slice(type.lastIndexOf(":") + 1);
    const name = (isRecord(inputs.metadata) && typeof inputs.metadata.name === "string" ? inputs.metadata.name : undefined) ?? inputs.name ?? urnName;
    if (type === "grafana:oss/dashboard:Dashboard") {
        const model = parsedJson(String(inputs.configJson));
        return `dashboard "${isRecord(model) && typeof model.title === "string" ? model.title : urnName}"`;
    }
    if (type === "grafana:alerting/ruleGroup:RuleGroup") {
        const rules = Array.isArray(inputs.rules) ? inputs.rules.map((r: any) => r?.name).filter((n: unknown) => typeof n === "string") : [];
        return `rule group ${inputs.name ?? urnName}${rules.length > 0 ? ` (alert rules ${rules.join(", ")})` : ""}`;
    }
    if (type === "docker:index/container:Container" || type === "docker:index/volume:Volume") return `${kind.toLowerCase()} ${inputs.name ?? urnName}`;
    return `${kind === "PersistentVolumeClaim" ? "claim" : kind} ${name}`;
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

type Row = { component: string; change: Change; what: string; fields: readonly string[]; dataAtRisk: boolean };

function rowsOf(digest: PreviewDigest): Row[] {
    const byUrn = new Map<string, Row>();
    for (const step of digest.steps) {
        const change = changeOfOp[step.op];
        if (change === undefined) continue;
        // urn:pulumi:<stack>::<project>::<parent types joined by $, own type last>::<name>
        const [, , typeChain = "", ...nameParts] = step.urn.slice("urn:pulumi:".length).split("::");
        const types = typeChain.split("$");
        const type = step.newState?.type ?? step.oldState?.type ?? types[types.length - 1];
        // What the resource is now: for a replacement or deletion the old state, whose data is at stake.
        const first = change === "replace" || change === "delete" ? step.oldState : step.newState;
        const inputs = (first?.inputs ?? step.newState?.inputs ?? step.oldState?.inputs ?? {}) as Record<string, any>;
        const fields = changedFields(step, inputs);
        // A replacement shows as up to three steps for one URN; the one carrying the diff wins.
        if ((byUrn.get(step.urn)?.fields.length ?? -1) >= fields.length) continue;
        const component = [...types].reverse().find((t) => t.startsWith("monitoring:index:"));
        byUrn.set(step.urn, {
            component: component ? component.slice("monitoring:index:".length) : "Stack",
            change,
            what: describe(type, nameParts.join("::"), inputs),
            fields,
            dataAtRisk: dataHolderTypes.includes(type) && (change === "replace" || change === "delete"),
        });
    }
    const order = (r: Row) => changes.indexOf(r.change);
    return [...byUrn.values()].sort((a, b) => byName(a.component, b.component) || order(a) - order(b) || byName(a.what, b.what));
}

/** A Markdown table of rows; with the component column (and the change in bold) for the rows at risk, which mix components. */
function table(rows: readonly Row[], withComponent: boolean): string[] {
    const headers = ["change", ...(withComponent ? ["component"] : []), "resource", "fields"];
    const cells = (r: Row) => [
        withComponent ? `**${r.change}**` : r.change,
        ...(withComponent ? [r.component] : []),
        r.what.replace(/\|/g, "\\|"),
        r.fields.join(", ") || "-",
    ];
    return [headers, headers.map(() => "---"), ...rows.map(cells)].map((row) => `| ${row.join(" | ")} |`);
}

/** The Markdown summary of a preview (deterministic: same input, same text). */
export function previewMarkdown(digest: PreviewDigest, title = "pulumi preview"): string {
    const summary = digest.changeSummary;
    const parts = (["create", "update", "replace", "delete"] as const).filter((op) => (summary[op] ?? 0) > 0).map((op) => `${summary[op]} to ${op}`);
    const lines = [`### ${title}: ${parts.length === 0 ? "no changes" : parts.join(", ")} (${summary.same ?? 0} unchanged)`, ""];
    const rows = rowsOf(digest);
    const atRisk = rows.filter((r) => r.dataAtRisk);
    if (atRisk.length > 0) lines.push("#### DATA AT RISK: replaced or deleted data holders", "", ...table(atRisk, true), "");
    for (const component of new Set(rows.filter((r) => !r.dataAtRisk).map((r) => r.component))) {
        const own = rows.filter((r) => r.component === component && !r.dataAtRisk);
        lines.push(`#### ${component}`, "", ...table(own, false), "");
    }
    return `${lines.join("\n").trimEnd()}\n`;
}

function main(argv: readonly string[]): void {
    const usage = "usage: npm run preview-summary -- <preview.json> [--title <text>]";
    const fail = (message: string): never => {
        process.stderr.write(`preview-summary: ${message}\n`);
        process.exit(2);
    };
    const files = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--title");
    const titleAt = argv.indexOf("--title");
    const unknown = argv.find((a) => a.startsWith("--") && a !== "--title");
    if (unknown) fail(`unknown option ${unknown}; ${usage}`);
    if (titleAt >= 0 && argv[titleAt + 1] === undefined) fail(`--title needs a value; ${usage}`);
    if (files.length !== 1) fail(usage);
    const file = files[0];
    let text = "";
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        fail(`${file}: cannot read the file; ${usage}`);
    }
    const value = parsedJson(text);
    if (value === undefined) fail(`${file} is not JSON; expected the output of \`pulumi preview --json\``);
    try {
        process.stdout.write(previewMarkdown(asPreviewDigest(value), titleAt >= 0 ? argv[titleAt + 1] : undefined));
    } catch (error) {
        if (error instanceof PreviewFormatError) fail(`${file} is not a Pulumi preview: ${error.message}`);
        throw error;
    }
}

if (require.main === module) main(process.argv.slice(2));
