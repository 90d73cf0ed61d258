// Who a silence is from: git's user.name, else the operating system's user name.
import { execFileSync } from "child_process";
import * as os from "os";

function gitUserName(): string | undefined {
    try {
        return execFileSync("git", ["config", "user.name"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5_000 }).trim();
    } catch {
        return undefined; // No git, or no user.name.
    }
}

function loginName(): string {
    try {
        return os.userInfo().username;
    } catch {
        return process.env.USER ?? "unknown";
    }
}

/** git's user.name when set and not blank, else the login name. */
export function silenceAuthor(git: () => string | undefined = gitUserName, login: () => string = loginName): string {
    const name = git()?.trim();
    return name ? name : login();
}
