// The user's dashboards and rule files, checked together before anything deploys: all added to the stack's own, or every problem and none of them.
import { allAlertRules } from "../alerts/catalog";
import { DashboardDefinition, userDashboards } from "../dashboards";
import { UserFiles } from "../model/user-files";
import { userRuleFiles } from "./prometheus/user-rules";

export interface UserContent {
    readonly dashboards: readonly DashboardDefinition[];
    /** Prometheus rule files by their name in the rules directory (user-<name>.yml). */
    readonly ruleFiles: Readonly<Record<string, string>>;
}

export const noUserContent: UserContent = { dashboards: [], ruleFiles: {} };

/** Raised for bad user files: one line per problem, each naming the file, the entry and the fix. */
export class UserFilesError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`Invalid files in user/ (nothing was deployed):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "UserFilesError";
    }
}

/** One line per problem of the user's files (none: they are good), with `builtIn` dashboards' uids taken. */
export const userContentProblems = (files: UserFiles, builtIn: readonly DashboardDefinition[]): string[] => checkUserContent(files, builtIn).problems;

function checkUserContent(files: UserFiles, builtIn: readonly DashboardDefinition[]): { content: UserContent; problems: string[] } {
    const dashboards = userDashboards(files.dashboards, new Map(builtIn.map((d) => [d.uid, `the built-in dashboard "${d.title}"`])));
    const rules = userRuleFiles(files.rules, new Set(allAlertRules.map((a) => a.alert)));
    return { content: { dashboards: dashboards.dashboards, ruleFiles: rules.files }, problems: [...dashboards.problems, ...rules.problems] };
}

/** The user's dashboards and rule files ready to deploy; throws UserFilesError with every problem. */
export function userContent(files: UserFiles, builtIn: readonly DashboardDefinition[]): UserContent {
    const { content, problems } = checkUserContent(files, builtIn);
    if (problems.length > 0) throw new UserFilesError(problems);
    return content;
}
