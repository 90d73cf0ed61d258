// Grafana's start: set the admin password from the secret file, then run the image's own start script.
//
// Why: Grafana reads admin_password only when it creates its database. After `pulumi destroy` with retained data and a
// new `pulumi up` (a newly generated password), or after the secret is rotated, the database would keep the old one and
// every Grafana provider call would fail with 401. `grafana cli admin reset-admin-password --password-from-stdin`
// (Grafana 9.1+) writes the secret's hash into the database, the password passing on stdin only: never in arguments,
// environment or logs. On the very first start there is no database yet, and Grafana creates the admin from the ini.
import { grafanaPaths } from "./config";

export interface GrafanaStartPaths {
    readonly database: string;
    readonly passwordFile: string;
    readonly configFile: string;
    readonly homePath: string;
    /** The image's entrypoint (grafana/grafana: /run.sh). */
    readonly imageEntrypoint: string;
}

const grafanaStartPaths: GrafanaStartPaths = {
    database: `${grafanaPaths.dataDir}/grafana.db`,
    passwordFile: grafanaPaths.adminPasswordFile,
    configFile: grafanaPaths.configFile,
    homePath: "/usr/share/grafana",
    imageEntrypoint: "/run.sh",
};

/** A POSIX sh script (for `sh -c`) that resets the admin password of an existing database, then execs Grafana. */
export function grafanaStartScript(paths: GrafanaStartPaths = grafanaStartPaths): string {
    return [
        "set -e",
        `if [ -s '${paths.database}' ]; then`,
        `  grafana cli --homepath '${paths.homePath}' --config '${paths.configFile}' admin reset-admin-password --password-from-stdin < '${paths.passwordFile}' > /dev/null`,
        "fi",
        `exec '${paths.imageEntrypoint}' "$@"`,
    ].join("\n");
}
