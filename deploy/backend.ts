// Which Pulumi backend and secrets provider a run uses, decided the way the Pulumi CLI decides (pure).

/** The local file backend `pulumi login --local` selects: state under ~/.pulumi. */
const localBackendUrl = "file://~";

export interface BackendFacts {
    /** PULUMI_BACKEND_URL: overrides everything else. */
    readonly envBackendUrl?: string;
    /** PULUMI_ACCESS_TOKEN: the CLI logs in to Pulumi Cloud with it when nothing else is chosen. */
    readonly accessTokenSet: boolean;
    /** `backend.url` in Pulumi.yaml. */
    readonly projectBackendUrl?: string;
    /** `current` in ~/.pulumi/credentials.json: the backend of the last `pulumi login`. */
    readonly loggedInUrl?: string;
}

export interface BackendChoice {
    /** The backend's URL, or "Pulumi Cloud" when only a token decides. */
    readonly description: string;
    readonly url?: string;
    /** Environment the Pulumi CLI needs to use this backend (only when falling back to the local one). */
    readonly env: Readonly<Record<string, string>>;
}

/** The CLI's order: PULUMI_BACKEND_URL, the project's backend, the current login, a token; else we choose the local backend. */
export function chooseBackend(facts: BackendFacts): BackendChoice {
    const chosen = facts.envBackendUrl || facts.projectBackendUrl || facts.loggedInUrl;
    if (chosen) return { description: chosen, url: chosen, env: {} };
    if (facts.accessTokenSet) return { description: "Pulumi Cloud (PULUMI_ACCESS_TOKEN)", url: "https://api.pulumi.com", env: {} };
    // Nobody is logged in: state stays on this machine, without changing the user's own `pulumi login`.
    return { description: `${localBackendUrl} (no login: the local file backend)`, url: localBackendUrl, env: { PULUMI_BACKEND_URL: localBackendUrl } };
}

/**
 * Whether the stack's secrets are under a passphrase: the default secrets provider of every backend but Pulumi Cloud
 * (http(s) backends manage secrets themselves), unless the stack file names another provider (awskms://, ...).
 */
export function needsPassphrase(backendUrl: string | undefined, stackSecretsProvider: string | undefined): boolean {
    if (stackSecretsProvider && stackSecretsProvider !== "default") return stackSecretsProvider === "passphrase";
    return !/^https?:\/\//.test(backendUrl ?? "");
}

/** The shell prefix that makes a later `pulumi ...` command find the same stack. */
export function envPrefix(choice: BackendChoice): string {
    return Object.entries(choice.env)
        .map(([k, v]) => `${k}=${v} `)
        .join("");
}
