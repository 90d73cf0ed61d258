// alertmanager.yml rendered from the routing spec (alerts/routing.ts) and the stack's notification settings (pure).
// Secrets never enter the file: integrations read them from mounted files (service_key_file, api_url_file, auth_password_file), which Debian's amtool
// 0.25 accepts and the image's v0.28 documents: one file serves both. Matchers use the `matchers:` list syntax (the guide's `match:` is deprecated).
// The heartbeat's url_file is 0.26's (prometheus/alertmanager#3223), which Debian's 0.25 lacks: tests swap the URL in (tests/tools/alertmanager-swaps.ts).
import { MaintenanceInterval, maintenanceIntervals, mutingIntervals } from "../../alerts/maintenance";
import { formatMatcher, ReceiverSpec, routeSeverity, routingSpecFor } from "../../alerts/routing";
import { Team } from "../../model/config/schema";
import { teamSecretEntry } from "../../model/config/teams";
import { ConfigSlice, StackConfig } from "../../model/config/types";
import { replicaHosts } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";

export const alertmanagerPaths = { configFile: "/etc/alertmanager/alertmanager.yml", dataDir: "/alertmanager" } as const;

/** Alertmanager's default cluster port: replicas gossip silences and what they have notified. */
export const alertmanagerGossipPort = 9094;

const alertmanagerSecretsDir = "/etc/alertmanager/secrets";

/** Container path of each receiver credential, by the secret config key that holds its value. */
export const alertmanagerSecretFiles: Readonly<Record<"pagerdutyServiceKey" | "slackWebhookUrl" | "smtpPassword" | "deadMansSwitchUrl", string>> = {
    pagerdutyServiceKey: `${alertmanagerSecretsDir}/pagerduty-service-key`,
    slackWebhookUrl: `${alertmanagerSecretsDir}/slack-webhook-url`,
    smtpPassword: `${alertmanagerSecretsDir}/smtp-password`,
    deadMansSwitchUrl: `${alertmanagerSecretsDir}/dead-mans-switch-url`,
};

/** Container path of a team receiver's credential: its entry of monitoring:teamSecrets (`<team>-slack`, `<team>-pagerduty`). */
export const teamSecretFile = (entry: string) => `${alertmanagerSecretsDir}/teams/${entry}`;

// Slack shows nothing but the title by default; give each alert its summary, description and runbook.
const slackText = [
    "{{ range .Alerts }}*{{ .Annotations.summary }}*",
    "{{ .Annotations.description }}",
    "Runbook: {{ .Annotations.runbook_url }}",
    "{{ end }}",
].join("\n");

/** E-mail through the stack's SMTP relay; AUTH only with a password, the user defaulting to the sender address as most relays expect. */
function email(to: string | undefined, config: StackConfig): Record<string, unknown> {
    const auth = config.secretsSet.includes("smtpPassword")
        ? { auth_username: config.smtpUsername ?? config.alertEmailFrom, auth_password_file: alertmanagerSecretFiles.smtpPassword }
        : {};
    return { email_configs: [{ to, from: config.alertEmailFrom, smarthost: config.smtpSmarthost, ...auth, send_resolved: true }] };
}

/** The guide's service_key (PagerDuty Events API v1 integration key), read from a file. */
const pagerduty = (keyFile: string) => ({ pagerduty_configs: [{ service_key_file: keyFile, send_resolved: true }] });
const slack = (urlFile: string, channel: string | undefined) => ({ slack_configs: [{ api_url_file: urlFile, channel, send_resolved: true, text: slackText }] });

/** A team's receiver: each channel it set, its credentials read from files. */
function teamIntegrations({ name, receivers: r }: Team, config: StackConfig): Record<string, unknown> {
    return {
        ...(r.email ? email(r.email, config) : {}),
        ...(r.pagerduty ? pagerduty(teamSecretFile(teamSecretEntry(name, "pagerduty"))) : {}),
        ...(r.slack ? slack(teamSecretFile(teamSecretEntry(name, "slack")), r.slack) : {}),
    };
}

/** The integrations of one receiver: none unless the stack enables its channel (a receiver without any notifies nobody). */
function integrations({ team, channel }: ReceiverSpec, config: StackConfig): Record<string, unknown> {
    if (team) return teamIntegrations(team, config);
    if (channel === "dead-mans-switch") {
        // The heartbeat wants every ping, never a "resolved" one; its URL (the secret) is read from a file.
        return config.secretsSet.includes("deadMansSwitchUrl")
            ? { webhook_configs: [{ url_file: alertmanagerSecretFiles.deadMansSwitchUrl, send_resolved: false }] }
            : {};
    }
    if (channel === undefined || !config.notificationChannels.includes(channel)) return {};
    switch (channel) {
        case "email":
            return email(config.alertEmailTo, config);
        case "pagerduty":
            return pagerduty(alertmanagerSecretFiles.pagerdutyServiceKey);
        case "slack":
            return slack(alertmanagerSecretFiles.slackWebhookUrl, config.slackChannel);
    }
}

/** Alertmanager's `time_intervals` entries; `times` ranges end by 24:00 (maintenance.ts splits those crossing midnight). */
function renderTimeIntervals(intervals: readonly MaintenanceInterval[]): Record<string, unknown>[] {
    return intervals.map((m) => ({
        name: m.name,
        time_intervals: m.intervals.map((i) => ({
            ...(i.weekdays ? { weekdays: [...i.weekdays] } : {}),
            ...(i.times ? { times: i.times.map((t) => ({ start_time: t.start, end_time: t.end })) } : {}),
            ...(i.location ? { location: i.location } : {}),
        })),
    }));
}

export function renderAlertmanagerConfig(config: StackConfig): string {
    const { route, inhibitions, receivers } = routingSpecFor(config);
    const maintenance = maintenanceIntervals(config.maintenanceWindows);
    return renderYaml({
        global: { resolve_timeout: "5m" },
        route: {
            receiver: route.receiver,
            group_by: [...route.groupBy],
            group_wait: route.groupWait,
            group_interval: route.groupInterval,
            repeat_interval: route.repeatInterval,
            routes: route.routes.map((child) => {
                // Alertmanager alone mutes (Grafana hands it every alert): each route in the windows naming its severity.
                const muted = mutingIntervals(maintenance, routeSeverity(child));
                return {
                    receiver: child.receiver,
                    matchers: child.matchers.map(formatMatcher),
                    ...(child.continue ? { continue: true } : {}),
                    ...(child.groupWait ? { group_wait: child.groupWait } : {}),
                    ...(child.groupInterval ? { group_interval: child.groupInterval } : {}),
                    ...(child.repeatInterval ? { repeat_interval: child.repeatInterval } : {}),
                    ...(muted.length > 0 ? { mute_time_intervals: muted } : {}),
                };
            }),
        },
        inhibit_rules: inhibitions.map((rule) => ({
            source_matchers: rule.source.map(formatMatcher),
            target_matchers: rule.target.map(formatMatcher),
            equal: [...rule.equal],
        })),
        receivers: receivers.map((receiver) => ({ name: receiver.name, ...integrations(receiver, config) })),
        ...(maintenance.length > 0 ? { time_intervals: renderTimeIntervals(maintenance) } : {}),
    });
}

/** The command line: config file, silences and notification log on the data volume, gossip between replicas. */
export function alertmanagerArgs(config: ConfigSlice<"alertmanagerReplicas" | "ports">, externalUrl: string): string[] {
    const replicas = config.alertmanagerReplicas;
    // Every replica names every replica (itself included, as Alertmanager's docs do): each finds the others by name.
    const cluster =
        replicas > 1
            ? [
                  `--cluster.listen-address=0.0.0.0:${alertmanagerGossipPort}`,
                  // The pod's own address (the platform sets POD_IP): peers must not learn an address of another interface.
                  `--cluster.advertise-address=$(POD_IP):${alertmanagerGossipPort}`,
                  ...replicaHosts("alertmanager", replicas).map((host) => `--cluster.peer=${host}:${alertmanagerGossipPort}`),
              ]
            : // A single instance: no gossip port to expose.
              ["--cluster.listen-address="];
    return [
        `--config.file=${alertmanagerPaths.configFile}`,
        `--storage.path=${alertmanagerPaths.dataDir}`,
        `--web.listen-address=:${config.ports.alertmanager}`,
        `--web.external-url=${externalUrl}`,
        ...cluster,
    ];
}
