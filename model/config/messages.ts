// How config problems are worded: keys as in the stack file, values shortened, look-alikes named, close keys suggested, how to set a missing secret.
import { SecretKey, secrets } from "./schema";

export const configNamespace = "monitoring";

/** Adds a problem line for `monitoring:<key>` (at `path` inside its value): how the checks across keys report. */
export type Say = (key: string, text: string, path?: PropertyKey[]) => void;
export type HasEntry = (key: SecretKey, entry: string) => boolean;

export function keyName(key: string, path: readonly PropertyKey[] = []): string {
    return `${configNamespace}:${key}${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
}

/** The command that sets a secret (an object secret one entry at a time: `entry` is scrapeCredentials' job, remoteWriteCredentials' name). */
export function setSecretCommand(key: SecretKey, entry?: string, placeholder: string = secrets[key].placeholder): string {
    const spec = secrets[key];
    if ("entries" in spec) return `pulumi config set --secret --path '${keyName(key, [entry ?? spec.entries])}' ${placeholder}`;
    return `pulumi config set --secret ${keyName(key)} ${placeholder}`;
}

/** The problem of an object secret's entry that is not set, with the command that sets it. */
export const missingEntryText = (key: SecretKey, entry: string, placeholder?: string) =>
    `needs the secret ${keyName(key, [entry])}; set it with: ${setSecretCommand(key, entry, placeholder)}`;

/** Values longer than this are cut in messages: a pasted certificate or log must not fill the terminal. */
const maxShownLength = 60;

/** A value as the message shows it: JSON, cut to `maxShownLength` characters with its full length named. */
export function show(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    if (text.length <= maxShownLength) return text;
    return `${text.slice(0, maxShownLength - 1)}… (${text.length} characters)`;
}

/** Non-ASCII letters that look like ASCII ones (Cyrillic, Greek, typographic), the usual result of a paste. */
const lookAlikes: Readonly<Record<string, string>> = {
    "\u0430": "Cyrillic small a, looks like 'a'",
    "\u0435": "Cyrillic small ie, looks like 'e'",
    "\u043e": "Cyrillic small o, looks like 'o'",
    "\u0440": "Cyrillic small er, looks like 'p'",
    "\u0441": "Cyrillic small es, looks like 'c'",
    "\u0443": "Cyrillic small u, looks like 'y'",
    "\u0445": "Cyrillic small ha, looks like 'x'",
    "\u0456": "Cyrillic small i, looks like 'i'",
    "\u0458": "Cyrillic small je, looks like 'j'",
    "\u0455": "Cyrillic small dze, looks like 's'",
    "\u0410": "Cyrillic capital A, looks like 'A'",
    "\u0415": "Cyrillic capital IE, looks like 'E'",
    "\u041e": "Cyrillic capital O, looks like 'O'",
    "\u0420": "Cyrillic capital ER, looks like 'P'",
    "\u0421": "Cyrillic capital ES, looks like 'C'",
    "\u03bf": "Greek small omicron, looks like 'o'",
    "\u03b1": "Greek small alpha, looks like 'a'",
    "\u00a0": "no-break space, looks like ' '",
    "\u200b": "zero-width space, invisible",
    "\u2010": "hyphen, looks like '-'",
    "\u2013": "en dash, looks like '-'",
    "\u2212": "minus sign, looks like '-'",
    "\u2018": 'left single quotation mark, looks like "\'"',
    "\u2019": 'right single quotation mark, looks like "\'"',
    "\u201c": "left double quotation mark, looks like '\"'",
    "\u201d": "right double quotation mark, looks like '\"'",
    "\uff1a": "fullwidth colon, looks like ':'",
};

/** "; it contains U+0430 (Cyrillic small a, looks like 'a') at character 4" for the first non-ASCII character, else "". */
export function nonAsciiNote(text: string): string {
    const chars = [...text];
    const index = chars.findIndex((c) => c.codePointAt(0)! > 0x7f);
    if (index < 0) return "";
    const char = chars[index];
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    return `; it contains ${code} (${lookAlikes[char] ?? "not ASCII"}) at character ${index + 1}`;
}

/** Every string inside a config value, for the look-alike check. */
export function stringsIn(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(stringsIn);
    if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
    return [];
}

/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const current = [i];
        for (let j = 1; j <= y.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        previous = current;
    }
    return previous[y.length];
}

/** The closest candidate within a third of the name's length (at least 1, at most 3 edits), or undefined. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
    const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
    // The nearest; of equally near ones, the first in code-unit order (the sort is stable).
    const ranked = [...candidates].sort().map((candidate) => ({ candidate, distance: editDistance(name, candidate) }));
    return ranked.filter((r) => r.distance <= limit).sort((a, b) => a.distance - b.distance)[0]?.candidate;
}
