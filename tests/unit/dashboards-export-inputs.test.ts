// A dashboard exported "for sharing externally" carries ${DS_...} inputs only Grafana's import dialog fills in: a custom
// dashboard gets them rewritten to the stack's data source variables, or is refused with what to change.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseUserDashboard } from "../../dashboards/user";

const fixture = path.join(__dirname, "..", "fixtures", "grafana", "exported-for-sharing.json");

describe("custom dashboards exported for sharing (${DS_...} inputs)", () => {
    it("rewrites Prometheus and Loki inputs to ${datasource} and ${logs_datasource}, declares both variables and drops __inputs", () => {
        const { json } = parseUserDashboard("exported-for-sharing.json", fs.readFileSync(fixture, "utf8"));
        assert.equal(json.__inputs, undefined);
        assert.doesNotMatch(JSON.stringify(json), /DS_/);
        const panels = json.panels as any[];
        assert.deepEqual(panels[0].datasource, { type: "prometheus", uid: "${datasource}" });
        assert.deepEqual(panels[0].targets[0].datasource, { type: "prometheus", uid: "${datasource}" });
        assert.deepEqual(panels[1].datasource, { type: "loki", uid: "${logs_datasource}" });
        assert.deepEqual((json.templating as any).list, [
            { type: "datasource", name: "datasource", label: "Prometheus", query: "prometheus", multi: false, includeAll: false },
            { type: "datasource", name: "logs_datasource", label: "Loki", query: "loki", multi: false, includeAll: false },
            { name: "job", type: "query", datasource: { type: "prometheus", uid: "${datasource}" }, query: "label_values(up, job)" },
        ]);
    });

    it("keeps a variable the dashboard already declares, and leaves a dashboard without inputs as it is", () => {
        const text = JSON.stringify({
            __inputs: [{ name: "DS_TEMPO", label: "Tempo", description: "", type: "datasource", pluginId: "tempo", pluginName: "Tempo" }],
            uid: "traces",
            title: "Traces",
            panels: [{ datasource: { type: "tempo", uid: "${DS_TEMPO}" } }],
            templating: { list: [{ type: "datasource", name: "traces_datasource", query: "tempo" }] },
        });
        assert.deepEqual(parseUserDashboard("traces.json", text).json, {
            uid: "traces",
            title: "Traces",
            panels: [{ datasource: { type: "tempo", uid: "${traces_datasource}" } }],
            templating: { list: [{ type: "datasource", name: "traces_datasource", query: "tempo" }] },
        });
        assert.deepEqual(parseUserDashboard("plain.json", '{"uid": "plain", "title": "Plain", "panels": []}').json, {
            uid: "plain",
            title: "Plain",
            panels: [],
        });
    });

    it("refuses another plugin's input, a constant input and an undeclared ${DS_...}, one line each naming the file and what to change", () => {
        const text = JSON.stringify({
            __inputs: [
                { name: "DS_MYSQL", label: "MySQL", description: "", type: "datasource", pluginId: "mysql", pluginName: "MySQL" },
                { name: "VAR_ENV", label: "env", description: "", type: "constant", value: "prod" },
            ],
            title: "Mixed",
            panels: [{ datasource: { type: "prometheus", uid: "${DS_PROM}" } }],
        });
        assert.throws(
            () => parseUserDashboard("mixed.json", text),
            (err: Error) => {
                assert.equal(
                    err.message,
                    [
                        "mixed.json: input DS_MYSQL is a mysql data source, which this stack does not provision; remove the panels that use it (only prometheus, loki and tempo exist here)",
                        'mixed.json: input VAR_ENV (constant) has no value here; replace "${VAR_ENV}" in the file with its value and delete the entry from "__inputs"',
                        'mixed.json: panels[0].datasource.uid uses "${DS_PROM}", which no "__inputs" entry declares; write ${datasource} (Prometheus), ${logs_datasource} (Loki) or ${traces_datasource} (Tempo) instead',
                    ].join("\n"),
                );
                return true;
            },
        );
    });
});
