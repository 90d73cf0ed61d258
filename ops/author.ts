// Who a silence is from: git's user.name, else the operating system's user name.
import { execFileSync } from "child_process";
import * as os from "os";

export function silenceAuthor(): string {
    try {
        const name = execFileSync("git", ["config", "user.name"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5_000 }).trim();
        if (name !== "") return name;
    } catch {
        // No git, or no user.name: fall back to the login name.
    }
    try {
        return os.userInfo().username;
    } catch {
        return process.env.USER ?? "unknown";
    }
}
