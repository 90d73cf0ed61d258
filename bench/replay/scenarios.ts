// The healthy week and the incidents the replay runs: where each starts in the modelled week, what it changes, and the
// page (or chat message) it must bring, with the bound it must bring it within.
import { minutesPerDay } from "./platform-model";
import { Incident } from "./platform-week";

const day = (n: number, hour: number, minute = 0) => n * minutesPerDay + hour * 60 + minute;
const during = (from: number, minutes: number, value: number) => (m: number) => (m >= from && m < from + minutes ? value : undefined);

/** The healthy week: a day of history (yesterday's batch hour, the SLOs' hours), then Friday to Thursday, counted. */
export const healthyWeek = { start: 0, minutes: 8 * minutesPerDay, countedFrom: minutesPerDay } as const;

export interface IncidentScenario {
    /** Names the promtool test group. */
    readonly name: string;
    /** Absolute minute the incident starts (minute 0 is Thursday 00:00, see platform-model.ts). */
    readonly at: number;
    readonly incident: Incident;
    /** The alert that must notify, and within how many minutes of `at`. */
    readonly alert: string;
    readonly boundMinutes: number;
    /** Minutes replayed before `at` (default two hours: the 1h windows filled); three hours follow it. */
    readonly history?: number;
}

export const defaultHistoryMinutes = 120;
export const afterMinutes = 180;

const workflowsFailing = (at: number, minutes: number) => ({ workflowFailureShare: during(at, minutes, 0.3) });
const apiFailing = (at: number, minutes: number) => ({ apiErrorShare: during(at, minutes, 0.05) });
const gb = 1e9;

export const incidentScenarios: readonly IncidentScenario[] = [
    {
        name: "30% of workflows fail for 20 minutes, Monday 15:00",
        at: day(4, 15),
        incident: workflowsFailing(day(4, 15), 20),
        alert: "ManyWorkflowsFailing",
        boundMinutes: 10,
    },
    {
        name: "30% of workflows fail for 20 minutes, Tuesday 22:00",
        at: day(5, 22),
        incident: workflowsFailing(day(5, 22), 20),
        alert: "ManyWorkflowsFailing",
        boundMinutes: 10,
    },
    {
        name: "30% of workflows fail for an hour, Wednesday 15:00",
        at: day(6, 15),
        incident: workflowsFailing(day(6, 15), 60),
        alert: "ManyWorkflowsFailing",
        boundMinutes: 10,
    },
    {
        name: "5% of API requests fail for 15 minutes, Monday 16:00",
        at: day(4, 16),
        incident: apiFailing(day(4, 16), 15),
        alert: "ManyApiRequestsFailing",
        boundMinutes: 10,
    },
    {
        name: "5% of API requests fail for 15 minutes, Tuesday 22:30",
        at: day(5, 22, 30),
        incident: apiFailing(day(5, 22, 30), 15),
        alert: "ManyApiRequestsFailing",
        boundMinutes: 10,
    },
    {
        name: "5% of API requests fail for an hour, Wednesday 16:00",
        at: day(6, 16),
        incident: apiFailing(day(6, 16), 60),
        alert: "ManyApiRequestsFailing",
        boundMinutes: 10,
    },
    {
        name: "the orchestrator restarts 5 times in 15 minutes, Tuesday 20:00",
        at: day(5, 20),
        incident: { orchestratorCrashes: [0, 3, 6, 9, 12].map((k) => day(5, 20, k)) },
        alert: "PlatformServiceCrashLooping",
        boundMinutes: 5,
    },
    {
        // Already 95% full when the replay starts (it crept there over weeks), and for the 3 hours replayed.
        name: "the root filesystem 95% full for 3 hours, Thursday 09:00",
        at: day(7, 9),
        history: 0,
        incident: { rootAvailableBytes: () => 5 * gb },
        alert: "NodeFilesystemAlmostOutOfSpace",
        boundMinutes: 20,
    },
    {
        // 10 GB an hour from 50 GB free: full 300 minutes in; the page must leave at least two hours.
        name: "a runaway writer fills the root filesystem at 10 GB an hour, Wednesday 09:00",
        at: day(6, 9),
        incident: { rootAvailableBytes: (m) => (m >= day(6, 9) ? Math.max(0, 50 * gb - ((m - day(6, 9)) / 60) * 10 * gb) : 50 * gb) },
        alert: "NodeFilesystemSpaceFillingUp",
        boundMinutes: 180,
    },
    {
        name: "Alertmanager refuses every post (the Watchdog's too), Monday 05:00",
        at: day(4, 5),
        incident: { alertmanagerRefuses: (m) => m >= day(4, 5) },
        alert: "PrometheusErrorSendingAlertsToAnyAlertmanager",
        boundMinutes: 10,
    },
];
