// What a run needs from files and the environment: project, stack files, installed SDK, backend and secrets provider (decided as the Pulumi CLI does).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { readStackFileConfig, StackFile } from "../model/config/stack-file";

function findProjectDir(dir: string): string | undefined {
    for (let at = path.resolve(dir); ; at = path.dirname(at)) {
        if (fs.existsSync(path.join(at, "Pulumi.yaml"))) return at;
        if (path.dirname(at) === at) return undefined;
    }
}

/** Where Pulumi.yaml and the stack files are, by the Pulumi CLI's rule (the working directory or the nearest above with a Pulumi.yaml), else this checkout. */
export const projectRoot = findProjectDir(process.cwd()) ?? path.resolve(__dirname, "..");

const readYaml = (file: string): any => (fs.existsSync(file) ? (parse(fs.readFileSync(file, "utf8")) ?? {}) : {});

/** What the installed @pulumi/pulumi declares: its version and `engines.node` (e.g. ">=22"). */
export type PulumiSdk = { version: string; nodeRange: string };
export function readPulumiSdk(): PulumiSdk {
    const pkg = JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8"));
    return { version: pkg.version, nodeRange: pkg.engines?.node ?? "*" };
}

/** The stack file as read from disk: its plain config values and which keys are stored encrypted, or why it could not be read. */
export type StackFileRead = StackFile | { error: string };
export function readStackFile(stack: string): StackFileRead {
    try {
        return readStackFileConfig(projectRoot, stack);
    } catch (err) {
        return { error: (err as Error).message };
    }
}

/** What deploy, preflight and ops all run Pulumi on: the backend, whether the secrets are under a passphrase, and whether the stack file has its salt yet. */
export function stackBackend(stack: string, env: Readonly<Record<string, string | undefined>>) {
    const backend = chooseBackend(readBackendFacts(env));
    const doc = readYaml(path.join(projectRoot, `Pulumi.${stack}.yaml`));
    return { backend, passphraseNeeded: needsPassphrase(backend.url, doc.secretsprovider), stackInitialised: typeof doc.encryptionsalt === "string" };
}

/** What decides the backend: PULUMI_BACKEND_URL, PULUMI_ACCESS_TOKEN, Pulumi.yaml's `backend.url`, the last login (only `current` in ~/.pulumi/credentials.json is read). */
type BackendFacts = { envBackendUrl?: string; accessTokenSet: boolean; projectBackendUrl?: string; loggedInUrl?: string };

function readBackendFacts(env: Readonly<Record<string, string | undefined>>): BackendFacts {
    let loggedInUrl: string | undefined;
    try {
        loggedInUrl =
            JSON.parse(fs.readFileSync(path.join(env.PULUMI_HOME || path.join(os.homedir(), ".pulumi"), "credentials.json"), "utf8")).current || undefined;
    } catch {
        loggedInUrl = undefined; // no login yet
    }
    return {
        envBackendUrl: env.PULUMI_BACKEND_URL || undefined,
        accessTokenSet: Boolean(env.PULUMI_ACCESS_TOKEN),
        projectBackendUrl: readYaml(path.join(projectRoot, "Pulumi.yaml")).backend?.url,
        loggedInUrl,
    };
}

/** The backend's URL ("Pulumi Cloud" when only a token decides), and the environment the CLI needs for it (only for our fallback). */
export type BackendChoice = { description: string; url?: string; env: Readonly<Record<string, string>> };

/** The local file backend `pulumi login --local` selects: state under ~/.pulumi. */
const localBackendUrl = "file://~";

/** The CLI's order: PULUMI_BACKEND_URL, the project's backend, the current login, a token; else we choose the local backend. */
export function chooseBackend(facts: BackendFacts): BackendChoice {
    const chosen = facts.envBackendUrl || facts.projectBackendUrl || facts.loggedInUrl;
    if (chosen) return { description: chosen, url: chosen, env: {} };
    if (facts.accessTokenSet) return { description: "Pulumi Cloud (PULUMI_ACCESS_TOKEN)", url: "https://api.pulumi.com", env: {} };
    // Nobody is logged in: state stays on this machine, without changing the user's own `pulumi login`.
    return { description: `${localBackendUrl} (no login: the local file backend)`, url: localBackendUrl, env: { PULUMI_BACKEND_URL: localBackendUrl } };
}

/** Secrets are under a passphrase on every backend but Pulumi Cloud (http(s) ones keep them), unless the stack file names another provider (awskms://, ...). */
export function needsPassphrase(backendUrl: string | undefined, stackSecretsProvider: string | undefined): boolean {
    if (stackSecretsProvider && stackSecretsProvider !== "default") return stackSecretsProvider === "passphrase";
    return !/^https?:\/\//.test(backendUrl ?? "");
}

/** Where the passphrase comes from when the environment gives it, which the Pulumi CLI reads itself. */
export function passphraseVariable(env: Readonly<Record<string, string | undefined>>): string | undefined {
    return ["PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE"].find((name) => env[name] !== undefined);
}

/** The shell prefix that makes a later `pulumi ...` command find the same stack. */
export function envPrefix(choice: BackendChoice): string {
    return Object.entries(choice.env)
        .map(([k, v]) => `${k}=${v} `)
        .join("");
}
