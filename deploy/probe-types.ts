// What the probes return: the real tools' raw answers, so the pure checks can be tested with recorded ones.

/** `promtool check rules <the user's rule files>`, run in the project root so that it names them as user/rules/<file>. */
export type PromtoolRun =
    { readonly found: false } | { readonly found: true; readonly path: string; readonly exitCode: number; readonly stdout: string; readonly stderr: string };

/** `pulumi version` (it prints `v3.276.0`). */
export type PulumiVersionProbe = { readonly found: false } | { readonly found: true; readonly exitCode: number; readonly stdout: string };

/** Where the Docker provider will talk to the engine. */
export type DockerEndpoint =
    | { readonly url: string; readonly transport: "unix"; readonly socketPath: string }
    | { readonly url: string; readonly transport: "tcp"; readonly host: string; readonly port: number; readonly tls: boolean }
    /** ssh:// and npipe:// need the docker CLI or Windows; the preflight does not probe them. */
    | { readonly url: string; readonly transport: "unsupported" };

/** An HTTP answer from the engine, or the connection error. */
export type HttpAnswer = { readonly ok: true; readonly status: number; readonly body: string } | { readonly ok: false; readonly error: string };

/** Docker Engine API answers: `GET /_ping`, then `GET /version` and the stack's containers (`GET /containers/json`). */
export interface DockerProbe {
    readonly endpoint: DockerEndpoint;
    readonly ping?: HttpAnswer;
    readonly version?: HttpAnswer;
    readonly containers?: HttpAnswer;
}

/** Result of trying to listen on a published port's address, as Docker will. */
export interface PortProbe {
    readonly name: string;
    readonly port: number;
    readonly address: string;
    /** "free", or the listen error's code (EADDRINUSE, EADDRNOTAVAIL, EACCES, ...). */
    readonly result: string;
}

/** One kubectl run. */
export type KubectlRun = { readonly found: false } | { readonly found: true; readonly exitCode: number; readonly stdout: string; readonly stderr: string };

/** `kubectl version -o json`, then the namespaces, StorageClasses and IngressClasses (`kubectl get ... -o json`). */
export interface KubernetesProbe {
    /** The kubeconfig context used (monitoring:kubeContext), or undefined for the current one. */
    readonly context?: string;
    readonly version: KubectlRun;
    readonly namespaces?: KubectlRun;
    readonly storageClasses?: KubectlRun;
    readonly ingressClasses?: KubectlRun;
}

/** The outcome of one check: a line for people, and whether it blocks a deployment. */
export interface CheckResult {
    readonly status: "ok" | "warn" | "fail";
    readonly message: string;
}
