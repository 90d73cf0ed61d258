// Custom dashboards dropped into dashboards/custom/: the guide's example loads, bad files fail naming the file.
import { strict as assert } from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { allDashboards, customDashboards, customDashboardsDir, dashboardFolders, parseCustomDashboard, uidFromFileName } from "../../dashboards/index";

/** A fresh directory holding `files`, removed after the callback. */
function withDir<T>(files: Record<string, string>, run: (dir: string) => T): T {
    const dir = mkdtempSync(path.join(tmpdir(), "custom-dashboards-"));
    try {
        for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
        return run(dir);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

describe("custom dashboards", () => {
    it("loads the shipped example, the guide's custom dashboard in Grafana's {dashboard: ...} form, with a timeseries panel", () => {
        const loaded = customDashboards(customDashboardsDir);
        const example = loaded.find((d) => d.title === "Custom Infrastructure Dashboard");
        assert.ok(example, `loaded: ${loaded.map((d) => d.title).join(", ")}`);
        assert.equal(example.uid, "custom-infrastructure");
        assert.equal(example.folder, dashboardFolders.custom);
        const panels = example.json.panels as { title: string; type: string; targets: { expr: string }[] }[];
        assert.deepEqual(
            panels.map((p) => [p.title, p.type, p.targets[0].expr]),
            [["Active Workflows", "timeseries", "provisioning_workflows_active"]],
        );
        assert.equal(example.json.uid, "custom-infrastructure");
    });

    it("accepts a bare dashboard model, keeps its own uid, and drops the exporting Grafana's id and version", () => {
        const d = parseCustomDashboard("export.json", JSON.stringify({ id: 17, version: 4, uid: "abc_DEF-1", title: "Exported", panels: [] }));
        assert.deepEqual(d.json, { uid: "abc_DEF-1", title: "Exported", panels: [] });
        assert.equal(d.uid, "abc_DEF-1");
    });

    it("derives a stable uid from the file name when the dashboard has none", () => {
        assert.equal(uidFromFileName("/x/My Dashboard (v2).json"), "my-dashboard-v2");
        assert.equal(uidFromFileName(`${"a".repeat(50)}.json`), "a".repeat(40));
        assert.throws(() => uidFromFileName("---.json"), /---\.json: cannot derive a dashboard uid/);
    });

    it("rejects bad files with a message naming the file and the problem", () => {
        assert.throws(() => parseCustomDashboard("broken.json", '{"dashboard": {"title": "x",}}'), /^Error: broken\.json: not valid JSON/);
        assert.throws(() => parseCustomDashboard("list.json", "[]"), /list\.json: expected a JSON object/);
        assert.throws(() => parseCustomDashboard("wrapped.json", '{"dashboard": 3}'), /wrapped\.json: "dashboard" must be an object/);
        assert.throws(() => parseCustomDashboard("untitled.json", '{"dashboard": {"panels": []}}'), /untitled\.json: the dashboard has no "title"/);
        assert.throws(() => parseCustomDashboard("blank.json", '{"title": "  "}'), /blank\.json: the dashboard has no "title"/);
        assert.throws(() => parseCustomDashboard("uid.json", '{"title": "t", "uid": "has space"}'), /uid\.json: "uid" "has space" must be/);
        assert.throws(() => parseCustomDashboard("panels.json", '{"title": "t", "panels": {}}'), /panels\.json: "panels" must be an array/);
    });

    it("names the file when a directory holds a bad one, and ignores files that are not *.json", () => {
        withDir({ "good.json": '{"title": "Good"}', "bad.json": "{ nope", "notes.txt": "not a dashboard" }, (dir) => {
            assert.throws(
                () => customDashboards(dir),
                (err: Error) => err.message.startsWith(path.join(dir, "bad.json")),
            );
        });
        withDir({ "b.json": '{"title": "B"}', "a.json": '{"dashboard": {"title": "A"}}', "notes.txt": "x" }, (dir) => {
            assert.deepEqual(
                customDashboards(dir).map((d) => [d.uid, d.title]),
                [
                    ["a", "A"],
                    ["b", "B"],
                ],
            );
        });
    });

    it("rejects two files with one uid, and a custom uid that clashes with a built-in dashboard", () => {
        withDir({ "one.json": '{"title": "1", "uid": "same"}', "two.json": '{"title": "2", "uid": "same"}' }, (dir) => {
            assert.throws(() => customDashboards(dir), /two\.json: uid same is already used by one\.json/);
        });
        withDir({ "mine.json": '{"title": "Mine", "uid": "prov-orchestrator"}' }, (dir) => {
            assert.throws(() => allDashboards(dir), /uid prov-orchestrator is used by both/);
        });
    });

    it("treats a missing directory as no custom dashboards, and merges custom ones with the built-ins sorted by uid", () => {
        assert.deepEqual(customDashboards(path.join(tmpdir(), "no-such-dir-for-dashboards")), []);
        const uids = allDashboards().map((d) => d.uid);
        assert.ok(uids.includes("custom-infrastructure") && uids.includes("prov-platform-overview"));
        assert.deepEqual(uids, [...uids].sort());
    });
});
