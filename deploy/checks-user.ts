// Pure preflight checks of the user's own files (user/dashboards/, user/rules/): the program's own checks, then promtool
// on the rule files when this machine has it (built by `npm run tools` into the tools cache, or on PATH).
import { UserFiles } from "../model/user-files";
import { CheckResult, PromtoolRun } from "./probe-types";

const ok = (message: string): CheckResult => ({ status: "ok", message });
const fail = (message: string): CheckResult => ({ status: "fail", message });
const warn = (message: string): CheckResult => ({ status: "warn", message });

/**
 * What the preflight says about the user's files: each problem the program would stop on (`problems`, from
 * render/user-content.ts), else what promtool says of the rule files, one line per refused rule naming the file.
 */
export function checkUserFiles(files: UserFiles, problems: readonly string[], promtool: PromtoolRun | undefined): CheckResult[] {
    if (files.dashboards.length === 0 && files.rules.length === 0) return [];
    if (problems.length > 0) return problems.map((p) => fail(`user files: ${p}`));
    const counted = `${files.dashboards.length} dashboard(s) and ${files.rules.length} rule file(s) in user/`;
    if (files.rules.length === 0) return [ok(`${counted} are valid`)];
    if (promtool === undefined || !promtool.found) {
        return [
            warn(
                `${counted}: structure and PromQL syntax checked; promtool not found (in the tools cache or on PATH), so the rules' types and ` +
                    "templates are checked by Prometheus only when it loads them: install promtool, or run npm run tools -- prometheus",
            ),
        ];
    }
    if (promtool.exitCode === 0) return [ok(`${counted} are valid (promtool check rules: ${promtool.path})`)];
    // promtool prints one `<file>: <line>:<col>: <what>` line per refused rule.
    const refused = `${promtool.stdout}\n${promtool.stderr}`
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => files.rules.some((f) => l.startsWith(`${f.path}: `)));
    const lines = refused.length > 0 ? refused : [`promtool check rules exited ${promtool.exitCode}: ${promtool.stderr.trim().split("\n")[0]}`];
    return lines.map((l) => fail(`user files: ${l} (promtool check rules)`));
}
