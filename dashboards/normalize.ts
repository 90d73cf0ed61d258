// Canonical dashboard JSON text, the form the Grafana provider keeps in its state.
//
// Why: the Grafana Terraform provider (which @pulumiverse/grafana bridges) stores `config_json` through its
// NormalizeDashboardConfigJSON: it drops the top-level `id` (assigned per Grafana instance) and `version` (bumped by
// Grafana on every save), drops the `id` of top-level panels, and re-marshals with Go's encoding/json, which sorts
// object keys and escapes <, > and & in strings. When what we send is already in that form, the JSON read back from
// Grafana normalizes to the same bytes and a second `pulumi preview` shows no change; any other key order, a stray
// `id` or a `version` would show up as a permanent diff (or, for `id`, make Grafana answer "dashboard not found").
// The uid is kept: it is how the provider and our links find the dashboard.

import { sortKeysDeep } from "../model/common/sorted-keys";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Canonical JSON text of a dashboard model: sorted keys, no `id`/`version`, no top-level panel ids, Go's escaping. */
export function normalizeDashboardJson(json: Record<string, unknown>): string {
    // A JSON round trip drops undefined values and functions, as sending the model over HTTP would.
    const model = JSON.parse(JSON.stringify(json)) as { [key: string]: Json };
    delete model.id;
    delete model.version;
    for (const panel of Array.isArray(model.panels) ? model.panels : []) {
        if (panel !== null && typeof panel === "object" && !Array.isArray(panel)) delete panel.id;
    }
    // <, > and & only occur inside JSON strings, so escaping them everywhere is safe and matches Go's json.Marshal
    // (which also escapes U+2028 and U+2029): each becomes \uXXXX.
    return JSON.stringify(sortKeysDeep(model)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
