// monitoring:teams: the config's problem lines, each team's route and receiver in alertmanager.yml, its Grafana folder,
// service account, token and permissions (mock engine), and no admin credential among the outputs.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { MockRun, ofType, runWithMocks } from "../support/mock-run";
import { unwrapSecrets } from "../support/secrets";
import { fakeSecrets, loadRawStackConfig, placeholdersAllowed, readStackFile } from "../support/stack-files";
import { configProblems } from "../support/config-problems";

const payments = { name: "payments", namespaces: ["payments"], receivers: { slack: "#payments-alerts", pagerduty: true }, editors: ["ana@corp.internal"] };
const search = { name: "search", receivers: { email: "search@corp.internal" } };
const teamSecrets = JSON.stringify({ "payments-slack": "https://hooks.slack.invalid/payments", "payments-pagerduty": "payments-routing-key" });

const prodWithTeams = (teams: unknown[], extra: Record<string, string> = {}) => ({
    ...loadRawStackConfig("prod", ["deadMansSwitchUrl", "pagerdutyServiceKey", "slackWebhookUrl"]),
    ...placeholdersAllowed,
    "monitoring:clientNamespaces": JSON.stringify(["payments", "provisioning"]),
    "monitoring:teams": JSON.stringify(teams),
    "monitoring:teamSecrets": teamSecrets,
    ...extra,
});

describe("monitoring:teams", () => {
    describe("bad input: one line per problem, before anything is deployed", () => {
        it("a team named twice, a namespace claimed twice or not watched, a receiver without its secret, e-mail without a relay", () => {
            const raw = {
                ...loadRawStackConfig("prod", ["deadMansSwitchUrl", "pagerdutyServiceKey", "slackWebhookUrl"]),
                ...placeholdersAllowed,
                "monitoring:alertEmailFrom": "",
                "monitoring:smtpSmarthost": "",
                "monitoring:notificationChannels": "[]",
                "monitoring:teams": JSON.stringify([
                    payments,
                    { name: "payments", namespaces: ["payments", "ledger"], receivers: { email: "ledger@corp.internal" } },
                ]),
            };
            assert.deepEqual(configProblems(raw, "prod"), [
                "monitoring:teams[0].namespaces: Prometheus does not watch namespace payments; add it to monitoring:clientNamespaces",
                "monitoring:teams[0].receivers.slack: needs the secret monitoring:teamSecrets.payments-slack; set it with: pulumi config set --secret --path 'monitoring:teamSecrets.payments-slack' <webhook-url>",
                "monitoring:teams[0].receivers.pagerduty: needs the secret monitoring:teamSecrets.payments-pagerduty; set it with: pulumi config set --secret --path 'monitoring:teamSecrets.payments-pagerduty' <routing-key>",
                "monitoring:teams[1].name: team payments is named twice; name each team once",
                "monitoring:teams[1].namespaces: Prometheus does not watch namespace ledger; add it to monitoring:clientNamespaces",
                "monitoring:teams[1].namespaces: Prometheus does not watch namespace payments; add it to monitoring:clientNamespaces",
                "monitoring:teams[1].receivers.email: e-mail goes through the stack's SMTP relay; set monitoring:alertEmailFrom and monitoring:smtpSmarthost",
            ]);
        });

        it("a namespace two teams claim; namespaces on docker; teams without Alertmanager; a team without a receiver", () => {
            const prod = prodWithTeams([
                { ...payments, editors: undefined },
                { name: "ledger", namespaces: ["payments"], receivers: { email: "ledger@corp.internal" } },
            ]);
            assert.deepEqual(configProblems(prod, "prod"), [
                "monitoring:teams[1].namespaces: namespace payments belongs to team payments already; a namespace belongs to one team",
            ]);
            const dev = {
                ...loadRawStackConfig("dev"),
                "monitoring:components": JSON.stringify(["prometheus", "grafana"]),
                "monitoring:teams": JSON.stringify([
                    { name: "search", namespaces: ["search"], receivers: { email: "search@corp.internal" } },
                    { name: "ops", receivers: {} },
                ]),
            };
            assert.deepEqual(configProblems(dev), ["monitoring:teams[1].receivers: expected at least one of email, slack or pagerduty: true (got {})"]);
            dev["monitoring:teams"] = JSON.stringify([{ name: "search", namespaces: ["search"], receivers: { email: "search@corp.internal" } }]);
            assert.deepEqual(
                configProblems({ ...dev, "monitoring:alertEmailFrom": "alerts@corp.internal", "monitoring:smtpSmarthost": "smtp.corp.internal:25" }),
                [
                    "monitoring:teams: teams need the component alertmanager (their alerts' routes); add it to monitoring:components",
                    "monitoring:teams[0].namespaces: namespaces need platform kubernetes; leave them out on docker",
                ],
            );
        });

        it("a team name that is no DNS label and an editor that is no e-mail address", () => {
            const prod = prodWithTeams([{ name: "Payments Team", receivers: { email: "p@corp.internal" }, editors: ["ana"] }]);
            assert.deepEqual(configProblems(prod, "prod"), [
                "monitoring:teams[0].name: expected a team name of lowercase letters, digits and '-' (at most 30 characters) such as payments (got \"Payments Team\")",
                'monitoring:teams[0].editors[0]: expected a plain e-mail address such as ops@example.com (not a Markdown link) (got "ana")',
            ]);
        });
    });

    describe("alertmanager.yml: a team's alerts reach its receivers only", () => {
        const config = parseStackConfig(prodWithTeams([payments, search]), "prod");
        const yml = parse(renderAlertmanagerConfig(config));

        it("one route per severity and one for the rest, after the Watchdog and the failing-integration routes, before the stack's severity routes", () => {
            const routes = yml.route.routes as { receiver: string; matchers: string[]; continue?: boolean }[];
            const summary = routes.map((r) => `${r.receiver} ${r.matchers.join(",")}${r.continue ? " continue" : ""}`);
            const first = summary.findIndex((s) => s.startsWith("team/"));
            assert.deepEqual(summary.slice(0, 1), ['dead-mans-switch severity="none"']);
            assert.ok(
                summary.slice(1, first).every((s) => s.includes('alertname="AlertmanagerNotificationsFailing"')),
                summary.join("\n"),
            );
            assert.deepEqual(summary.slice(first), [
                'team/payments team="payments",severity="critical"',
                'team/payments team="payments",severity="warning"',
                'team/payments team="payments",severity="info"',
                'team/payments team="payments"',
                'team/search team="search",severity="critical"',
                'team/search team="search",severity="warning"',
                'team/search team="search",severity="info"',
                'team/search team="search"',
                'pagerduty severity="critical" continue',
                'team-email severity="critical"',
                'slack severity="warning"',
                'team-email severity="info"',
            ]);
        });

        it("each team's receiver: its channels, credentials by file, e-mail through the stack's relay", () => {
            const receivers = Object.fromEntries((yml.receivers as { name: string }[]).map((r) => [r.name, r]));
            assert.deepEqual(receivers["team/payments"], {
                name: "team/payments",
                pagerduty_configs: [{ service_key_file: "/etc/alertmanager/secrets/teams/payments-pagerduty", send_resolved: true }],
                slack_configs: [
                    {
                        api_url_file: "/etc/alertmanager/secrets/teams/payments-slack",
                        channel: "#payments-alerts",
                        send_resolved: true,
                        text: "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}",
                    },
                ],
            });
            assert.deepEqual(receivers["team/search"], {
                name: "team/search",
                email_configs: [
                    {
                        to: "search@corp.internal",
                        from: "alerts@provisioning.example.com",
                        smarthost: "smtp.example.com:587",
                        send_resolved: true,
                    },
                ],
            });
        });

        it("maintenance windows mute a team's alerts of their severities too", () => {
            const windowed = parseStackConfig(
                prodWithTeams([search], { "monitoring:maintenanceWindows": JSON.stringify([{ weekdays: ["saturday"], severities: ["warning"] }]) }),
                "prod",
            );
            const routes = parse(renderAlertmanagerConfig(windowed)).route.routes as { receiver: string; matchers: string[]; mute_time_intervals?: string[] }[];
            const muted = routes.filter((r) => r.mute_time_intervals).map((r) => `${r.receiver} ${r.matchers.join(",")}`);
            assert.deepEqual(muted, ['team/search team="search",severity="warning"', 'slack severity="warning"']);
        });
    });

    it("prometheus.yml: what a team's namespaces expose by annotation is labelled with the team, no redeploy to add a pod", () => {
        const config = parseStackConfig(prodWithTeams([payments, search]), "prod");
        const jobs = parse(renderPrometheusConfig(config)).scrape_configs as { job_name: string; relabel_configs: object[] }[];
        for (const name of ["kubernetes-pods", "kubernetes-service-endpoints"]) {
            const job = jobs.find((j) => j.job_name === name)!;
            // The last relabelling: namespaces to teams; a team without namespaces (search) labels nothing.
            assert.deepEqual(job.relabel_configs.at(-1), {
                source_labels: ["__meta_kubernetes_namespace"],
                regex: "payments",
                target_label: "team",
                replacement: "payments",
            });
            assert.equal(job.relabel_configs.filter((r) => JSON.stringify(r).includes('"team"')).length, 1);
        }
    });

    describe("Grafana and the outputs (mock engine, prod test stack)", function () {
        this.timeout(60_000);
        let run: MockRun;
        before(async () => {
            run = await runWithMocks("prod", { ...readStackFile("prod"), ...prodWithTeams([payments, search]), ...fakeSecrets }, [
                ...Object.keys(fakeSecrets),
                "monitoring:teamSecrets",
            ]);
            assert.ifError(run.error);
        });

        it("each team: a folder, a Viewer service account with a token, its editors as a Grafana team", () => {
            const folders = ofType(run, "grafana:oss/folder:Folder").filter((f) => f.inputs.uid.startsWith("team-"));
            assert.deepEqual(
                folders.map((f) => [f.name, f.inputs.uid, f.inputs.title]),
                [
                    ["monitoring-grafana-content-team-payments-folder", "team-payments", "Team payments"],
                    ["monitoring-grafana-content-team-search-folder", "team-search", "Team search"],
                ],
            );
            assert.deepEqual(
                ofType(run, "grafana:oss/serviceAccount:ServiceAccount").map((a) => [a.inputs.name, a.inputs.role]),
                [
                    ["team-payments", "Viewer"],
                    ["team-search", "Viewer"],
                ],
            );
            assert.deepEqual(
                ofType(run, "grafana:oss/serviceAccountToken:ServiceAccountToken").map((t) => [t.inputs.name, t.inputs.serviceAccountId]),
                [
                    ["team-payments-stack", "monitoring-grafana-content-team-payments-account-id"],
                    ["team-search-stack", "monitoring-grafana-content-team-search-account-id"],
                ],
            );
            assert.deepEqual(
                ofType(run, "grafana:oss/team:Team").map((t) => [t.inputs.name, t.inputs.members]),
                [["team-payments", ["ana@corp.internal"]]],
            );
        });

        it("the folder's whole permission list: everyone views, the team's account and editors edit, nobody else writes", () => {
            // Registered once the accounts' ids resolve: in no fixed order.
            const permissions = ofType(run, "grafana:oss/folderPermission:FolderPermission").sort((a, b) => a.name.localeCompare(b.name));
            assert.deepEqual(
                permissions.map((p) => [p.inputs.folderUid, p.inputs.permissions]),
                [
                    [
                        "team-payments",
                        [
                            { role: "Viewer", permission: "View" },
                            { userId: "monitoring-grafana-content-team-payments-account-id", permission: "Edit" },
                            { teamId: "monitoring-grafana-content-team-payments-editors-id", permission: "Edit" },
                        ],
                    ],
                    [
                        "team-search",
                        [
                            { role: "Viewer", permission: "View" },
                            { userId: "monitoring-grafana-content-team-search-account-id", permission: "Edit" },
                        ],
                    ],
                ],
            );
        });

        it("the teams output: each team's folder, token and namespaces, a secret; no admin password among the outputs", () => {
            assert.deepEqual(run.outputs.teams, {
                payments: { folderUid: "team-payments", token: "glsa_mock_monitoring-grafana-content-team-payments-token", namespaces: ["payments"] },
                search: { folderUid: "team-search", token: "glsa_mock_monitoring-grafana-content-team-search-token", namespaces: [] },
            });
            assert.equal(run.outputSecrets.teams, true);
            assert.ok(!("grafanaAdminPassword" in run.outputs), Object.keys(run.outputs).join(", "));
        });

        it("the team's credentials reach Alertmanager as secret files only", () => {
            const configMaps = JSON.stringify(ofType(run, "kubernetes:core/v1:ConfigMap").map((c) => c.inputs));
            assert.ok(!configMaps.includes("payments-routing-key") && !configMaps.includes("hooks.slack.invalid/payments"));
            const secret = ofType(run, "kubernetes:core/v1:Secret").find((s) => JSON.stringify(unwrapSecrets(s.inputs)).includes("payments-routing-key"));
            assert.ok(secret, "a Secret holds the team's PagerDuty key");
            assert.equal(secret!.inputs.metadata.name.includes("alertmanager"), true, secret!.inputs.metadata.name);
        });
    });
});
