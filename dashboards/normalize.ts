// Canonical dashboard JSON text, the form the Grafana provider keeps in its state. The Grafana Terraform provider (which
// @pulumiverse/grafana bridges) stores `config_json` through NormalizeDashboardConfigJSON: it drops the top-level `id`
// (per Grafana instance), `version` (bumped on every save) and top-level panels' `id`, and re-marshals with Go's
// encoding/json (keys sorted; <, > and & escaped). Sent in that form, what Grafana reads back normalizes to the same bytes
// and a second `pulumi preview` shows no change; any other key order, `id` or `version` is a permanent diff (and an `id`
// makes Grafana answer "dashboard not found"). The uid stays: the provider and our links find the dashboard by it.

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
    // <, > and & occur only inside JSON strings, so escaping them everywhere is safe; Go's json.Marshal turns them and U+2028, U+2029 into \uXXXX.
    return JSON.stringify(sortKeysDeep(model)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
