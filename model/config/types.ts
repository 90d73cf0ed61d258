// The validated, frozen stack config every renderer and component reads: one field per key of schema.ts, its default
// filled in (a key whose schema is optional may stay undefined), plus the stack's name and which secrets it sets.
import { z } from "zod";
import { ConfigKey, configKeys, SecretKey } from "./schema";

export type { MaintenanceWindow, NotificationChannel, PlatformName } from "./schema";

type Value<K extends ConfigKey> = z.output<(typeof configKeys)[K]["schema"]>;
type Target = Value<"platformTargets">[number];

/** A service's pods, or its Services' endpoints, found in the namespaces Prometheus watches (sorted; default clientNamespaces). */
export type KubernetesDiscovery = NonNullable<Target["kubernetes"]> & { readonly namespaces: readonly string[] };

/** A scrape job: `targets` empty when `kubernetes` finds them. */
export type PlatformTarget = Omit<Target, "targets" | "kubernetes"> & { readonly targets: readonly string[]; readonly kubernetes?: KubernetesDiscovery };

export type StackConfig = { readonly [K in Exclude<ConfigKey, "platformTargets">]: Value<K> } & {
    readonly stack: string;
    readonly platformTargets: readonly PlatformTarget[];
    /** Which secret keys the stack sets, sorted; their values travel separately, as Pulumi secrets. */
    readonly secretsSet: readonly SecretKey[];
};

/** The part of the config a component or renderer reads: what it is given, typed, and all it may use. */
export type ConfigSlice<K extends keyof StackConfig> = Pick<StackConfig, K>;
