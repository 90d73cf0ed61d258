// Moves the built-in dashboards' runbook links to the stack's monitoring:runbookBaseUrl, in one place after building,
// so the dashboard builders need no config.
import { defaultRunbookBaseUrl } from "../model/config/catalog";
import { DashboardDefinition, DashboardJson } from "./types";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function rebase(value: Json, from: string, to: string): Json {
    if (Array.isArray(value)) return value.map((v) => rebase(v, from, to));
    if (value !== null && typeof value === "object") {
        const out: { [key: string]: Json } = {};
        for (const [key, v] of Object.entries(value)) {
            out[key] = key === "url" && typeof v === "string" && v.startsWith(from) ? to + v.slice(from.length) : rebase(v, from, to);
        }
        return out;
    }
    return value;
}

/** The dashboard with every link URL under the default runbook base moved under `baseUrl` (unchanged when absent). */
export function withRunbookBase(d: DashboardDefinition, baseUrl: string | undefined): DashboardDefinition {
    if (baseUrl === undefined) return d;
    const json = rebase(d.json as unknown as Json, `${defaultRunbookBaseUrl}/`, `${baseUrl.replace(/\/+$/, "")}/`) as unknown as DashboardJson;
    return { ...d, json };
}
