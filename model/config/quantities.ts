// Kubernetes quantities and Prometheus byte sizes as numbers, for comparisons the schema cannot express.
import { byteSizePattern, cpuQuantityPattern, memoryQuantityPattern, storageQuantityPattern } from "./schema";

const binaryUnits: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
// Prometheus reads --storage.tsdb.retention.size in base 2: 1KB is 1024 bytes.
const prometheusUnits: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50, EB: 2 ** 60 };

/** Millicores in a CPU quantity such as `250m` or `1.5`. */
export function cpuMillis(quantity: string): number {
    if (!cpuQuantityPattern.test(quantity)) throw new Error(`not a CPU quantity: ${JSON.stringify(quantity)}`);
    return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

/** Bytes in a memory or storage quantity such as `256Mi` or `60Gi`. */
export function quantityBytes(quantity: string): number {
    if (!memoryQuantityPattern.test(quantity) && !storageQuantityPattern.test(quantity))
        throw new Error(`not a memory or storage quantity: ${JSON.stringify(quantity)}`);
    const [, amount, unit] = /^(\d+)(\w+)$/.exec(quantity)!;
    return Number(amount) * binaryUnits[unit];
}

/** Bytes in a Prometheus size such as `50GB`. */
export function prometheusSizeBytes(size: string): number {
    if (!byteSizePattern.test(size)) throw new Error(`not a Prometheus size: ${JSON.stringify(size)}`);
    const [, amount, unit] = /^(\d+)(\w+)$/.exec(size)!;
    return Number(amount) * prometheusUnits[unit];
}
