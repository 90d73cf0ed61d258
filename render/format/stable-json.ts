// JSON with object keys sorted at every level: what the provider stores must not change with construction order.
import { sortKeysDeep } from "../../model/common/sorted-keys";

/** Compact JSON of `value` with sorted keys and undefined fields dropped. */
export function stableJson(value: unknown): string {
    return JSON.stringify(sortKeysDeep(value));
}
