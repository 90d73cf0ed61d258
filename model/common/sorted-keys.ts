// Key order for deterministic output: the same data gives the same bytes whatever order it was built in.

/** A copy of a string-keyed record with its keys in code-unit order. */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A deep copy with object keys in code-unit order at every level and undefined fields dropped (as JSON drops them). */
export function sortKeysDeep(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeysDeep);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
                .map((k) => [k, sortKeysDeep((value as Record<string, unknown>)[k])]),
        );
    }
    return value;
}
