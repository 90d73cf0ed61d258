// An independent check of canonical JSON text: every object's keys in code-unit order, compact, nothing else.

/** The first object in `jsonText` whose keys are not sorted, as "path: keys", or undefined when all are. */
export function unsortedKeysIn(jsonText: string): string | undefined {
    const walk = (value: unknown, path: string): string | undefined => {
        if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
                const found = walk(value[i], `${path}[${i}]`);
                if (found) return found;
            }
            return undefined;
        }
        if (value === null || typeof value !== "object") return undefined;
        const keys = Object.keys(value);
        for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return `${path || "$"}: ${keys.join(", ")}`;
        for (const key of keys) {
            const found = walk((value as Record<string, unknown>)[key], `${path}.${key}`);
            if (found) return found;
        }
        return undefined;
    };
    return walk(JSON.parse(jsonText), "");
}
