// Preflight: run the probes a stack needs, then every pure check; nothing here changes anything.
import { StackConfig } from "../model/config/types";
import { readUserFiles } from "../model/user-files";
import { buildDashboards } from "../dashboards";
import { userContentProblems } from "../render/user-content";
import { checkUserFiles } from "./checks-user";
import { BackendChoice, chooseBackend, needsPassphrase } from "./backend";
import { checkDockerEngine, checkPorts, publishedPorts, resolveDockerEndpoint } from "./checks-docker";
import { checkKubernetes } from "./checks-kubernetes";
import { checkNodeVersion, checkPassphrase, checkPlaceholders, checkPulumiCli, checkStackConfig } from "./checks-local";
import { CheckResult } from "./probe-types";
import { projectRoot, readBackendFacts, readPulumiSdk, readStackFile, readStackSecretsSettings } from "./project";
import { probeDocker, probeKubernetes, probePort, probePromtoolRules, probePulumiVersion } from "./probes";

/** deploy (and preflight, preview) checks everything; destroy only what removing the stack needs. */
export type Scope = "deploy" | "destroy";

export interface PreflightOutcome {
    readonly results: readonly CheckResult[];
    readonly config?: StackConfig;
    readonly backend: BackendChoice;
    readonly passphraseNeeded: boolean;
    readonly stackInitialised: boolean;
}

export async function runPreflight(stack: string, scope: Scope, env: NodeJS.ProcessEnv, interactive: boolean): Promise<PreflightOutcome> {
    const sdk = readPulumiSdk();
    const backend = chooseBackend(readBackendFacts(env));
    const secrets = readStackSecretsSettings(stack);
    const passphraseNeeded = needsPassphrase(backend.url, secrets.secretsProvider);
    const { results: configResults, config, configForChecks } = checkStackConfig(stack, readStackFile(stack));

    const platformChecks = async (): Promise<CheckResult[]> => {
        const config = configForChecks;
        if (!config) return [];
        if (config.platform === "kubernetes") {
            const wantIngress = scope === "deploy" && config.grafanaIngress !== undefined;
            return checkKubernetes(await probeKubernetes(config.kubeContext, wantIngress, env), config, scope);
        }
        const endpoint = resolveDockerEndpoint(config.dockerHost, env);
        const docker = await probeDocker(endpoint, config.stack, env);
        const engine = checkDockerEngine(docker, config);
        // Published ports are on the engine's host: probe them only for a local engine, and only before a deploy.
        if (scope === "destroy" || endpoint.transport !== "unix") return engine;
        const ports = await Promise.all(publishedPorts(config).map((p) => probePort(p.name, config.bindAddress, p.port)));
        return [...engine, ...checkPorts(ports, docker.containers, config)];
    };

    // The user's dashboards and rule files, as the program will check them, and the rules by promtool where it is found.
    const userFiles = readUserFiles(projectRoot);
    const userProblems = userContentProblems(userFiles, buildDashboards(configForChecks?.runbookBaseUrl));
    const userChecks = async (): Promise<CheckResult[]> => {
        if (scope === "destroy") return [];
        const promtool =
            userProblems.length === 0 && userFiles.rules.length > 0
                ? await probePromtoolRules(
                      projectRoot,
                      userFiles.rules.map((f) => f.path),
                      env,
                  )
                : undefined;
        return checkUserFiles(userFiles, userProblems, promtool);
    };

    const [cli, platform, user] = await Promise.all([probePulumiVersion(env), platformChecks(), userChecks()]);
    const passphrase = checkPassphrase(stack, passphraseNeeded, env, interactive);
    const results: CheckResult[] = [
        checkNodeVersion(process.versions.node, sdk),
        checkPulumiCli(cli, sdk.version),
        ...configResults,
        ...(passphrase ? [passphrase] : []),
        ...platform,
        ...user,
        ...(configForChecks && scope === "deploy" ? checkPlaceholders(configForChecks) : []),
    ];
    return { results, config, backend, passphraseNeeded, stackInitialised: secrets.initialised };
}

const marks: Record<CheckResult["status"], string> = { ok: "ok  ", warn: "warn", fail: "FAIL" };

/** One line per check; the failures, each with its fix, are what a person must act on. */
export function formatReport(stack: string, results: readonly CheckResult[]): string[] {
    const failures = results.filter((r) => r.status === "fail").length;
    return [
        `preflight for stack ${stack}:`,
        ...results.map((r) => `  ${marks[r.status]}  ${r.message}`),
        failures === 0 ? "preflight: ready" : `preflight: ${failures} problem${failures === 1 ? "" : "s"} to fix first; nothing was changed`,
    ];
}

export function hasFailures(results: readonly CheckResult[]): boolean {
    return results.some((r) => r.status === "fail");
}
