// Every drill, in the order `npm run drills` runs them (the secrets drill last: it searches the others' logs).
import { alertmanagerCluster } from "./alertmanager-cluster";
import { alertmanagerRestart } from "./alertmanager-restart";
import { badConfig } from "./bad-config";
import { burst } from "./burst";
import { Drill } from "./drill";
import { prometheusHa } from "./prometheus-ha";
import { prometheusRestart } from "./prometheus-restart";
import { receiverDown } from "./receiver-down";
import { retention } from "./retention";
import { secrets } from "./secrets";

export const allDrills: readonly Drill[] = [
    prometheusRestart,
    alertmanagerRestart,
    alertmanagerCluster,
    prometheusHa,
    badConfig,
    receiverDown,
    burst,
    retention,
    secrets,
];
