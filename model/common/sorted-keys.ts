// Key order for deterministic output: the same data gives the same bytes whatever order it was built in.

/** A copy of a string-keyed record with its keys in code-unit order. */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
    return Object.fromEntries(
        Object.keys(record)
            .sort()
            .map((k) => [k, record[k]]),
    );
}

/** A deep copy with object keys in code-unit order at every level, for JSON.stringify (which drops undefined fields itself). */
export function sortKeysDeep(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeysDeep);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(sortedRecord(value as Record<string, unknown>)).map(([k, v]) => [k, sortKeysDeep(v)]));
}
