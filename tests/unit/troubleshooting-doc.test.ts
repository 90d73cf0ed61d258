// docs/troubleshooting.md covers the guide's troubleshooting cases and says how to reach the stack in prod, and every
// ops command it gives exists.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { opsCommands } from "../support/ops-commands";

const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "troubleshooting.md"), "utf8");

describe("docs/troubleshooting.md", () => {
    it("has a section for each of the guide's cases, for reaching the stack, and for this stack's own failures", () => {
        const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        assert.deepEqual(headings, [
            "Reaching the stack",
            "No data in a dashboard",
            "Grafana cannot reach a data source",
            "High memory",
            "Loki ingestion",
            "Missing traces",
            "Failures this stack has shown in its own tests",
        ]);
    });

    it("shows dev and prod for each component, and port-forward, the Ingress, ops and amtool", () => {
        for (const c of ["prometheus", "alertmanager", "grafana", "loki", "tempo"])
            assert.match(doc, new RegExp(`kubectl -n monitoring port-forward svc/${c} \\d+`), c);
        assert.match(doc, /Ingress/);
        assert.match(doc, /amtool --alertmanager\.url=http:\/\/localhost:9093/);
        assert.match(doc, /export PROMETHEUS_URL=http:\/\/localhost:9090 ALERTMANAGER_URL=http:\/\/localhost:9093/);
    });

    it("gives only ops commands that exist", () => {
        const names = opsCommands();
        const used = [...doc.matchAll(/npm run ops -- ((?:[a-z-]+ ?)+)/g)].map((m) => m[1].trim().split(" ").slice(0, 2));
        assert.ok(used.length >= 5);
        for (const [first, second] of used) assert.ok(names.has(`${first} ${second}`) || names.has(first), `no ops command "${first} ${second ?? ""}"`);
    });
});
