// Pulumi secrets as the mock engine hands them over: {<signature key>: secretSignature, value}.
import { secretSignature } from "./mock-run";

export function isSecretWrapper(value: unknown): value is { value: unknown } {
    return value !== null && typeof value === "object" && Object.values(value).includes(secretSignature);
}

/** Every string in `value` outside Pulumi's secret wrappers. */
export function plainStrings(value: unknown, out: string[] = []): string[] {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => plainStrings(v, out));
    else if (value && typeof value === "object") {
        if (isSecretWrapper(value)) return out;
        Object.values(value).forEach((v) => plainStrings(v, out));
    }
    return out;
}

/** `value` with every secret wrapper replaced by what it wraps, at any depth (what the provider would send). */
export function unwrapSecrets(value: unknown): any {
    if (isSecretWrapper(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    return value;
}
