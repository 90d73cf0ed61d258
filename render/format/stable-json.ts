// JSON with object keys sorted at every level: what the provider stores must not change with construction order.

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value as object)
                .sort()
                .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
                .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
        );
    }
    return value;
}

/** Compact JSON of `value` with sorted keys and undefined fields dropped. */
export function stableJson(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}
