// The user's own dashboards and rules in user/ beside the stack files, read as text for the pure checks (dashboards/user.ts,
// render/prometheus/user-rules.ts); shared by every stack and outside the code: adding one changes no code and no test.
import * as fs from "fs";
import * as path from "path";

/** Where they live, relative to the project root (the folder holding Pulumi.yaml and Pulumi.<stack>.yaml). */
export const userDirs = {
    /** Grafana dashboards as JSON; those in a subfolder go to a Grafana folder of that name. */
    dashboards: "user/dashboards",
    /** Prometheus rule files (`groups:`), Prometheus' own format. */
    rules: "user/rules",
} as const;

export interface UserFile {
    /** Path relative to the project root, with `/` separators (`user/rules/payments.yml`): how every message names it. */
    readonly path: string;
    readonly text: string;
}

export type UserFiles = Readonly<Record<keyof typeof userDirs, readonly UserFile[]>>;

/** Entries of `dir` (relative to `root`) that `keep` accepts, as paths, sorted; a missing folder holds none. */
function entriesIn(root: string, dir: string, keep: (entry: fs.Dirent) => boolean): string[] {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) return [];
    return fs
        .readdirSync(full, { withFileTypes: true })
        .filter(keep)
        .map((e) => `${dir}/${e.name}`)
        .sort();
}

/** The user files of the project at `projectDir`; other files there (a README) are not read. */
export function readUserFiles(projectDir: string): UserFiles {
    const read = (relative: string): UserFile => ({ path: relative, text: fs.readFileSync(path.join(projectDir, relative), "utf8") });
    const files = (dir: string, name: RegExp) => entriesIn(projectDir, dir, (e) => e.isFile() && name.test(e.name)).map(read);
    const folders = [userDirs.dashboards, ...entriesIn(projectDir, userDirs.dashboards, (e) => e.isDirectory())];
    return { dashboards: folders.flatMap((d) => files(d, /\.json$/)), rules: files(userDirs.rules, /\.ya?ml$/) };
}
