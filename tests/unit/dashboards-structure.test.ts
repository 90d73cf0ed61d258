// The built-in dashboards' shape (uids, titles, units, variables, runbook links, determinism) and their canonical JSON.
import { strict as assert } from "assert";
import { allAlertRules, runbookUrl } from "../../alerts/catalog";
import { defaultRunbookBaseUrl } from "../../model/config/catalog";
import { buildDashboards, normalizeDashboardJson } from "../../dashboards/index";
import { folders } from "../../model/folders";
import { panelsOf } from "../../dashboards/skeleton";
import { dashboardFileOf, runbookLinkToAdd } from "../support/where-to-fix";

type Obj = Record<string, any>;

const dashboards = buildDashboards();
const guideTitles = [
    "Platform Overview",
    "Orchestrator Performance",
    "Control Center API",
    "Vault Service KMS",
    "System Resources",
    "Security Events",
    "Database Performance",
];
// Panels that show no numbers, so have no unit.
const unitless = new Set(["row", "text", "logs"]);

function linksOf(json: Obj): Obj[] {
    return [...(json.links ?? []), ...panelsOf(json).flatMap((p) => (p.links as Obj[] | undefined) ?? [])];
}

describe("built-in dashboards", () => {
    it("has the guide's seven dashboards, the monitoring stack's, the SLOs' and the Kubernetes workloads', each once", () => {
        const titles = dashboards.map((d) => d.title);
        for (const title of [...guideTitles, "Monitoring Stack", "Service Level Objectives", "Kubernetes Workloads"])
            assert.equal(titles.filter((t) => t === title).length, 1, `dashboard "${title}"`);
        // A new one needs no change here: tests/unit/one-run.test.ts lists what it needs (its builder, its README row).
    });

    it("keeps fixed, unique, short uids, sorted, and puts the stack's own dashboard in its own folder", () => {
        const uids = dashboards.map((d) => d.uid);
        assert.deepEqual(uids, [...new Set(uids)].sort(), "unique, sorted");
        for (const uid of [
            "prov-control-center-api",
            "prov-database",
            "prov-kubernetes",
            "prov-monitoring-stack",
            "prov-orchestrator",
            "prov-platform-overview",
            "prov-security-events",
            "prov-slos",
            "prov-system-resources",
            "prov-vault-kms",
        ])
            assert.ok(uids.includes(uid), `${uid}: a fixed uid (links and bookmarks use it)`);
        for (const d of dashboards) {
            assert.match(d.uid, /^[a-z0-9-]{1,40}$/);
            assert.equal(d.json.uid, d.uid);
            assert.equal(d.json.title, d.title);
            assert.equal(
                d.folder,
                ["prov-monitoring-stack", "prov-kubernetes", "prov-remote-write", "prov-thanos"].includes(d.uid) ? folders.stack : folders.platform,
            );
        }
    });

    it("tags every dashboard, sets refresh and time defaults, and leaves out the instance-specific id and version", () => {
        for (const d of dashboards) {
            const json = d.json as Obj;
            assert.ok(json.tags.includes("provisioning"), `${d.uid}: tags ${json.tags}`);
            assert.equal(json.refresh, "30s", d.uid);
            assert.deepEqual(json.time, { from: "now-6h", to: "now" }, d.uid);
            assert.equal(typeof json.schemaVersion, "number", d.uid);
            assert.equal(json.id, undefined, d.uid);
            assert.equal(json.version, undefined, d.uid);
        }
    });

    it("states a unit on every panel that shows numbers", () => {
        for (const d of dashboards) {
            for (const panel of panelsOf(d.json).filter((p) => !unitless.has(p.type as string)) as Obj[]) {
                const unit = panel.fieldConfig?.defaults?.unit;
                assert.ok(
                    typeof unit === "string" && unit !== "",
                    `${d.uid} / "${panel.title}" (${panel.type}) has no unit: pass one to its panel builder in ${dashboardFileOf(d.uid)}`,
                );
            }
        }
    });

    it("points every panel at a data source variable and gives it a title and a description", () => {
        for (const d of dashboards) {
            for (const panel of panelsOf(d.json).filter((p) => p.type !== "row" && p.type !== "text") as Obj[]) {
                assert.ok(
                    ["${datasource}", "${logs_datasource}", "${traces_datasource}"].includes(panel.datasource?.uid),
                    `${d.uid} / "${panel.title}" (${dashboardFileOf(d.uid)}): data source ${JSON.stringify(panel.datasource)}; use \${datasource}, \${logs_datasource} or \${traces_datasource}`,
                );
                assert.ok(panel.title && panel.description, `${d.uid}: panel ${panel.id} needs a title and a description (${dashboardFileOf(d.uid)})`);
            }
        }
    });

    it("numbers panels uniquely and keeps them inside the 24-column grid", () => {
        for (const d of dashboards) {
            const panels = panelsOf(d.json) as Obj[];
            const ids = panels.map((p) => p.id);
            assert.equal(new Set(ids).size, ids.length, `${d.uid}: duplicate panel ids`);
            for (const p of panels) assert.ok(p.gridPos.x + p.gridPos.w <= 24, `${d.uid} / "${p.title}" leaves the grid`);
        }
    });

    it("has datasource, job and instance variables", () => {
        for (const d of dashboards) {
            const vars = (d.json as Obj).templating.list as Obj[];
            const byName = new Map(vars.map((v) => [v.name, v]));
            assert.equal(byName.get("datasource")?.type, "datasource", d.uid);
            assert.equal(byName.get("datasource")?.query, "prometheus", d.uid);
            assert.equal(byName.get("job")?.type, "query", d.uid);
            assert.equal(byName.get("instance")?.type, "query", d.uid);
            // A custom "All" value would bypass the job variable's regex; without one, "All" means the listed jobs.
            assert.equal(byName.get("job")?.allValue, undefined, d.uid);
            if (byName.has("logs_datasource")) assert.equal(byName.get("logs_datasource")?.query, "loki", d.uid);
        }
    });

    it("links only alerts' runbooks, and every alert's runbook from some dashboard (a dashboard of no alert links none)", () => {
        const runbooks = new Map(allAlertRules.map((a) => [runbookUrl(a.alert), a.alert]));
        const linked = new Set<string>();
        for (const d of dashboards) {
            const urls = linksOf(d.json)
                .map((l) => l.url as string | undefined)
                .filter((u): u is string => u !== undefined && u.startsWith(defaultRunbookBaseUrl));
            for (const url of urls) {
                assert.ok(runbooks.has(url), `${d.uid}: ${url} is no alert's runbook_url; fix the alert name in ${dashboardFileOf(d.uid)}`);
                linked.add(url);
            }
        }
        assert.deepEqual(
            allAlertRules.filter((a) => !linked.has(runbookUrl(a.alert))).map((a) => runbookLinkToAdd(a.alert, a.expr)),
            [],
            "alerts whose runbook no dashboard links to",
        );
    });

    it("builds the same bytes on every call (no timestamps, no random ids, no shared mutable builders)", () => {
        const again = buildDashboards();
        assert.equal(JSON.stringify(again), JSON.stringify(dashboards));
        assert.deepEqual(
            again.map((d) => normalizeDashboardJson(d.json)),
            dashboards.map((d) => normalizeDashboardJson(d.json)),
        );
    });
});

describe("normalizeDashboardJson", () => {
    const sample = {
        version: 7,
        uid: "x",
        id: 42,
        title: "T & <b>",
        panels: [{ id: 3, type: "row", panels: [{ id: 4, b: 1, a: 2 }] }],
        z: { b: 1, a: undefined },
    };

    it("sorts keys at every depth, drops id, version and top-level panel ids, keeps uid, and escapes like Go's encoding/json", () => {
        assert.equal(
            normalizeDashboardJson(sample),
            '{"panels":[{"panels":[{"a":2,"b":1,"id":4}],"type":"row"}],"title":"T \\u0026 \\u003cb\\u003e","uid":"x","z":{"b":1}}',
        );
    });

    it("is idempotent and independent of the input's key order", () => {
        const once = normalizeDashboardJson(sample);
        assert.equal(normalizeDashboardJson(JSON.parse(once)), once);
        const reordered = { z: { b: 1 }, panels: sample.panels, title: sample.title, uid: "x" };
        assert.equal(normalizeDashboardJson(reordered), once);
    });

    it("does not modify its input", () => {
        const d = dashboards[0];
        const before = JSON.stringify(d.json);
        normalizeDashboardJson(d.json);
        assert.equal(JSON.stringify(d.json), before);
    });
});
