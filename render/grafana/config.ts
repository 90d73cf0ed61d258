// grafana.ini and Grafana's start script: no sign-up, no anonymous access, the admin password read from a secret file;
// single sign-on through the identity provider when configured, its client secret read from a secret file too.
import { GrafanaSso, grafanaRoles } from "../../model/config/schema";
import { ConfigSlice } from "../../model/config/types";
import { generatedHeader } from "../format/yaml";

export const grafanaPaths = {
    configFile: "/etc/grafana/grafana.ini",
    adminPasswordFile: "/etc/grafana/secrets/admin-password",
    smtpPasswordFile: "/etc/grafana/secrets/smtp-password",
    ssoClientSecretFile: "/etc/grafana/secrets/sso-client-secret",
    dataDir: "/var/lib/grafana",
} as const;

export type GrafanaIniConfig = ConfigSlice<
    "ports" | "grafanaAdminUser" | "notificationChannels" | "alertEmailFrom" | "smtpSmarthost" | "smtpUsername" | "secretsSet" | "grafanaSso"
>;

function renderIni(sections: Record<string, Record<string, string | number | boolean>>): string {
    return Object.entries(sections)
        .map(([section, keys]) => [`[${section}]`, ...Object.entries(keys).map(([k, v]) => `${k} = ${v}`)].join("\n"))
        .join("\n\n");
}

/** Grafana sends its e-mail contact point's mail through the stack's SMTP relay, when the e-mail channel is on. */
function smtpSection(config: GrafanaIniConfig): Record<string, Record<string, string | boolean>> {
    if (!config.notificationChannels.includes("email")) return {};
    const from = config.alertEmailFrom!;
    return {
        smtp: {
            enabled: true,
            host: config.smtpSmarthost!,
            from_address: from,
            ...(config.secretsSet.includes("smtpPassword") ? { user: config.smtpUsername ?? from, password: `$__file{${grafanaPaths.smtpPasswordFile}}` } : {}),
            startTLS_policy: "MandatoryStartTLS",
        },
    };
}

/** JMESPath on the user's claims: the first role (Admin, Editor, Viewer) with one of the user's groups; none otherwise, which role_attribute_strict refuses. */
export function roleAttributePath(sso: Pick<GrafanaSso, "groupsClaim" | "roles">): string {
    return grafanaRoles.flatMap((role) => (sso.roles[role] ?? []).map((group) => `contains(${sso.groupsClaim}[*], '${group}') && '${role}'`)).join(" || ");
}

/** Grafana's generic OAuth client; the local admin keeps its login form (break-glass when the provider is down). */
function ssoSections(config: GrafanaIniConfig): Record<string, Record<string, string | boolean>> {
    const sso = config.grafanaSso;
    if (!sso) return {};
    return {
        auth: { disable_login_form: false },
        "auth.generic_oauth": {
            enabled: true,
            name: sso.name,
            client_id: sso.clientId,
            client_secret: `$__file{${grafanaPaths.ssoClientSecretFile}}`,
            scopes: sso.scopes.join(" "),
            auth_url: sso.authUrl,
            token_url: sso.tokenUrl,
            api_url: sso.apiUrl,
            use_pkce: true,
            allow_sign_up: sso.allowSignUp,
            role_attribute_path: roleAttributePath(sso),
            role_attribute_strict: true,
            allow_assign_grafana_admin: false,
        },
    };
}

export function renderGrafanaIni(config: GrafanaIniConfig, rootUrl: string): string {
    const body = renderIni({
        paths: { data: grafanaPaths.dataDir },
        server: { http_port: config.ports.grafana, root_url: rootUrl },
        security: {
            admin_user: config.grafanaAdminUser,
            // Grafana expands $__file{} at start: the password stays in a secret file.
            admin_password: `$__file{${grafanaPaths.adminPasswordFile}}`,
            disable_gravatar: true,
            // Behind TLS (the Ingress) the session cookie never travels in clear text.
            ...(rootUrl.startsWith("https://") ? { cookie_secure: true } : {}),
        },
        users: { allow_sign_up: false, allow_org_create: false },
        "auth.anonymous": { enabled: false },
        analytics: { reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false },
        metrics: { enabled: true },
        // Logs go to stdout, where the platform collects them; the image's log directory may be read-only.
        log: { mode: "console" },
        unified_alerting: { enabled: true },
        ...smtpSection(config),
        ...ssoSections(config),
    });
    return `; ${generatedHeader}\n${body}\n`;
}

/**
 * Grafana reads admin_password only when it creates its database: after `pulumi destroy` with retained data and a new password, or a rotated secret,
 * every provider call would fail with 401. So this POSIX sh script starts the container: on an existing database `grafana cli admin reset-admin-password
 * --password-from-stdin` writes the secret's hash (the password on stdin only, never in arguments, environment or logs), then the image's /run.sh runs Grafana.
 */
export function grafanaStartScript(
    paths = {
        database: `${grafanaPaths.dataDir}/grafana.db`,
        passwordFile: grafanaPaths.adminPasswordFile as string,
        configFile: grafanaPaths.configFile as string,
        homePath: "/usr/share/grafana",
        imageEntrypoint: "/run.sh",
    },
): string {
    return [
        "set -e",
        `if [ -s '${paths.database}' ]; then`,
        `  grafana cli --homepath '${paths.homePath}' --config '${paths.configFile}' admin reset-admin-password --password-from-stdin < '${paths.passwordFile}' > /dev/null`,
        "fi",
        `exec '${paths.imageEntrypoint}' "$@"`,
    ].join("\n");
}
