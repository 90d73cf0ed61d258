// Preflight: run the probes a stack needs, then every pure check; nothing here changes anything.
import { StackConfig } from "../model/config/types";
import { readUserFiles } from "../model/user-files";
import { buildDashboards } from "../dashboards";
import { userContentProblems } from "../render/user-content";
import * as checks from "./checks";
import { CheckResult } from "./checks";
import { checkKubernetes } from "./checks-kubernetes";
import { checkObjectStorage, readObjectStorageKeys } from "./object-store";
import { probeDocker, probeKubernetes, probePort, probePromtoolRules, runPulumi } from "./probes";
import { projectRoot, readPulumiSdk, readStackFile, stackBackend } from "./project";

export type PreflightOutcome = Awaited<ReturnType<typeof runPreflight>>;

/** deploy (and preflight, preview) checks everything; destroy only what removing the stack needs. */
export async function runPreflight(stack: string, scope: "deploy" | "destroy", env: NodeJS.ProcessEnv, interactive: boolean) {
    const sdk = readPulumiSdk();
    const { backend, passphraseNeeded, stackInitialised } = stackBackend(stack, env);
    const { results: configResults, config, configForChecks } = checks.checkStackConfig(stack, readStackFile(stack));

    const platformChecks = async (c: StackConfig | undefined): Promise<CheckResult[]> => {
        if (!c) return [];
        if (c.platform === "kubernetes") {
            const wantIngress = scope === "deploy" && c.grafanaIngress !== undefined;
            return checkKubernetes(await probeKubernetes(c.kubeContext, wantIngress, env), c, scope);
        }
        const endpoint = checks.resolveDockerEndpoint(c.dockerHost, env);
        const docker = await probeDocker(endpoint, c.stack, env);
        const engine = checks.checkDockerEngine(docker, c);
        // Published ports are on the engine's host: probe them only for a local engine, and only before a deploy.
        if (scope === "destroy" || endpoint.transport !== "unix") return engine;
        const ports = await Promise.all(checks.publishedPorts(c).map((p) => probePort(p.name, c.bindAddress, p.port)));
        return [...engine, ...checks.checkPorts(ports, docker.containers, c)];
    };

    const userFiles = readUserFiles(projectRoot);
    const userProblems = userContentProblems(userFiles, buildDashboards(configForChecks?.runbookBaseUrl));
    const userChecks = async (): Promise<CheckResult[]> => {
        if (scope === "destroy") return [];
        const rulePaths = userFiles.rules.map((f) => f.path);
        const promtool = userProblems.length === 0 && rulePaths.length > 0 ? await probePromtoolRules(projectRoot, rulePaths, env) : undefined;
        return checks.checkUserFiles(userFiles, userProblems, promtool);
    };

    const storeChecks = async (): Promise<CheckResult[]> =>
        configForChecks?.objectStorage && scope === "deploy" ? checkObjectStorage(configForChecks, await readObjectStorageKeys(stack, projectRoot, env)) : [];
    const [cli, platform, user, store] = await Promise.all([runPulumi(["version"], env), platformChecks(configForChecks), userChecks(), storeChecks()]);
    const passphrase = checks.checkPassphrase(stack, passphraseNeeded, env, interactive);
    const results: CheckResult[] = [
        checks.checkNodeVersion(process.versions.node, sdk),
        checks.checkPulumiCli(cli, sdk.version),
        ...configResults,
        ...(passphrase ? [passphrase] : []),
        ...platform,
        ...store,
        ...user,
        ...(configForChecks && scope === "deploy" ? checks.checkPlaceholders(configForChecks) : []),
    ];
    return { results, config, backend, passphraseNeeded, stackInitialised };
}

const marks: Record<CheckResult["status"], string> = { ok: "ok  ", warn: "warn", fail: "FAIL" };

export const hasFailures = (results: readonly CheckResult[]): boolean => results.some((r) => r.status === "fail");

export function formatReport(stack: string, results: readonly CheckResult[]): string[] {
    const failures = results.filter((r) => r.status === "fail").length;
    return [
        `preflight for stack ${stack}:`,
        ...results.map((r) => `  ${marks[r.status]}  ${r.message}`),
        failures === 0 ? "preflight: ready" : `preflight: ${failures} problem${failures === 1 ? "" : "s"} to fix first; nothing was changed`,
    ];
}
