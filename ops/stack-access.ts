// How `npm run ops` reaches the stack's outputs: on the backend `npm run deploy` chose, with the same passphrase
// handling (deploy/backend.ts), so that a stack deployed without `pulumi login` is found where it was put. Pure.
import { BackendChoice } from "../deploy/backend";

export interface StackAccessFacts {
    /** What deploy/backend.ts chose from PULUMI_BACKEND_URL, Pulumi.yaml, the current login and PULUMI_ACCESS_TOKEN. */
    readonly backend: BackendChoice;
    /** Whether the stack's secrets are under a passphrase (deploy/backend.ts needsPassphrase). */
    readonly passphraseNeeded: boolean;
    readonly env: Readonly<Record<string, string | undefined>>;
    /** Whether a terminal can answer the Pulumi CLI's passphrase prompt. */
    readonly interactive: boolean;
}

export type StackAccess =
    /** Environment to add for `pulumi stack output`, and whether its passphrase prompt goes to the terminal. */
    { readonly env: Readonly<Record<string, string>>; readonly askOnTerminal: boolean } | { readonly error: string };

/** The `pulumi stack output` environment, or why the outputs cannot be read (with what to set). */
export function stackAccess(stack: string, facts: StackAccessFacts): StackAccess {
    const fromEnvironment = facts.env.PULUMI_CONFIG_PASSPHRASE !== undefined || facts.env.PULUMI_CONFIG_PASSPHRASE_FILE !== undefined;
    if (facts.passphraseNeeded && !fromEnvironment && !facts.interactive) {
        return {
            error:
                `stack ${stack} keeps its secrets under a passphrase (${facts.backend.description}) and there is no terminal to ask for it: ` +
                "set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, as for npm run deploy",
        };
    }
    return { env: { ...facts.backend.env }, askOnTerminal: facts.passphraseNeeded && !fromEnvironment };
}
