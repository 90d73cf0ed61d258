// Reads the facts a run needs from files: the project, its stack file, the installed SDK, the current Pulumi login.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { readStackFileConfig } from "../model/config/stack-file";
import { BackendFacts } from "./backend";
import { PulumiSdk, StackFileRead } from "./checks-local";

/** The nearest folder from `dir` upward that holds a Pulumi.yaml, as the Pulumi CLI looks for its project; undefined if none. */
function findProjectDir(dir: string): string | undefined {
    for (let at = path.resolve(dir); ; at = path.dirname(at)) {
        if (fs.existsSync(path.join(at, "Pulumi.yaml"))) return at;
        if (path.dirname(at) === at) return undefined;
    }
}

/**
 * The project root: Pulumi.yaml and the Pulumi.<stack>.yaml files live here. The Pulumi CLI's rule (the working
 * directory or the nearest one above it with a Pulumi.yaml; `npm run` starts in this checkout), else this checkout.
 */
export const projectRoot = findProjectDir(process.cwd()) ?? path.resolve(__dirname, "..");

function readYaml(file: string): any {
    return fs.existsSync(file) ? (parse(fs.readFileSync(file, "utf8")) ?? {}) : {};
}

/** Version and Node.js range of the @pulumi/pulumi this project installed. */
export function readPulumiSdk(): PulumiSdk {
    const pkg = JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8"));
    return { version: pkg.version, nodeRange: pkg.engines?.node ?? "*" };
}

export function readStackFile(stack: string): StackFileRead {
    try {
        return readStackFileConfig(projectRoot, stack);
    } catch (err) {
        return { error: (err as Error).message };
    }
}

/** Stack-file settings outside `config:`: the secrets provider, and the salt a passphrase stack gets when first created. */
export function readStackSecretsSettings(stack: string): { secretsProvider?: string; initialised: boolean } {
    const doc = readYaml(path.join(projectRoot, `Pulumi.${stack}.yaml`));
    return { secretsProvider: doc.secretsprovider, initialised: typeof doc.encryptionsalt === "string" };
}

/** package.json's scripts: `preview-summary` is used when it exists. */
export function readScripts(): Record<string, string> {
    return JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts ?? {};
}

/** Where the CLI would store state: PULUMI_BACKEND_URL, Pulumi.yaml's backend, the last login (only its `current` URL is read). */
export function readBackendFacts(env: Readonly<Record<string, string | undefined>>): BackendFacts {
    const home = env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
    let loggedInUrl: string | undefined;
    try {
        loggedInUrl = JSON.parse(fs.readFileSync(path.join(home, "credentials.json"), "utf8")).current || undefined;
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
