// Who connects to whom inside the stack: the one place that knows each port's clients, for platforms that isolate.
import { ComponentName } from "./config/catalog";
import { StackConfig } from "./config/types";
import { deploys } from "./endpoints";

/** Who may connect to a port: another component of the stack, the platform's services, or people (a browser). */
export type PortClient = ComponentName | "platform-services" | "users";

/** The clients of a port that this stack has: components that are not deployed never connect. */
export function deployedClients(config: StackConfig, clients: readonly PortClient[]): PortClient[] {
    return clients.filter((c) => c === "platform-services" || c === "users" || deploys(config, c as ComponentName));
}

/** Every component's metrics port is scraped by Prometheus, and read by nobody else unless listed. */
export function metricsClients(config: StackConfig, ...others: PortClient[]): PortClient[] {
    return deployedClients(config, ["prometheus", ...others]);
}
