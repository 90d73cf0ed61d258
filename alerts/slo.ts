// The platform's SLOs as data, and their error-ratio recording rules and multi-window, multi-burn-rate alerts (SRE workbook, "Alerting on SLOs", #6).
import { durationSeconds } from "../model/config/durations";
import { platformJobs } from "./catalog-platform";
import { sloGroupName } from "./groups";
import { HistogramThreshold, leMatcher } from "./metric-contract";
import { aboveFloor, trafficFloor } from "./promql";
import { AlertRule, alertTable } from "./types";

export const sloWindow = "30d";

/** One window pair of the workbook: the alert fires when both windows burn faster than `factor` times the budget. */
interface BurnWindow {
    readonly long: string;
    readonly short: string;
    readonly factor: number;
}

/** Page: 2% of a 30d budget in an hour, or 5% in six hours. */
export const pageWindows: readonly BurnWindow[] = [
    { long: "1h", short: "5m", factor: 14.4 },
    { long: "6h", short: "30m", factor: 6 },
];
/** Ticket: 10% of the budget in a day, or the whole budget spent at a steady rate over three days. */
export const ticketWindows: readonly BurnWindow[] = [
    { long: "1d", short: "2h", factor: 3 },
    { long: "3d", short: "6h", factor: 1 },
];

/** Windows over which recording rules compute each SLO's error ratio: every burn window, and the SLO window itself. */
export const sloRatioWindows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d", sloWindow] as const;
/** Windows whose rates change slowly: evaluated every 5 minutes (cheap, and fresh enough for tickets and the budget). */
export const slowWindows: ReadonlySet<string> = new Set(["1d", "3d", sloWindow]);

/** A symptom page's window, and its `for`: a minute longer, so a burst of total failure of up to a minute leaves the window before it pages. */
const symptomWindow = "5m";
const symptomFor = "6m";
/** How long a page keeps firing after its condition stops holding: one page per outage, however its ratio dips. */
const pageKeepFiringFor = "10m";
/** After a symptom page, the burn-rate page of the same SLO stays quiet for this long: one page per outage. */
const afterSymptomPage = "1h";

type AlertText = Pick<AlertRule, "alert" | "summary">;

export interface SloSpec {
    readonly id: string;
    readonly title: string;
    /** The platform job the SLO is measured on; the SLO exists only when the stack scrapes it. */
    readonly job: string;
    readonly objective: number;
    /** What a good event is, in words. */
    readonly sli: string;
    /** The bad events as the alerts' descriptions name them, e.g. "finished workflows of {{ $labels.job }} failed". */
    readonly failed: string;
    /** Recording rule base for the error ratio: `job:<ratioName>:ratio_rate<window>`. */
    readonly ratioName: string;
    /** Recording rule base for the event rate (the traffic floor): `job:<eventsName>:rate<window>`. */
    readonly eventsName: string;
    readonly errors: (range: string) => string;
    readonly events: (range: string) => string;
    /** Traffic floor: below this many events per hour (averaged over the long window) no burn alert fires. */
    readonly minEventsPerHour: number;
    /** For latency SLOs: the histogram and threshold (a bucket bound) that separates good from bad. */
    readonly latency?: { readonly histogram: string; readonly threshold: number };
    readonly page: AlertText;
    readonly ticket: AlertText;
    /** A page on a large share of events failing now, next to the burn-rate page (which waits for the budget to burn). */
    readonly symptom?: SymptomPage;
}

/** A symptom page: the error ratio over the symptom window above `threshold`, with at least `minEvents` events in it. */
interface SymptomPage extends AlertText {
    readonly threshold: number;
    readonly minEvents: number;
    /** The description's last words: what is failing now. */
    readonly now: string;
}

const rate = (series: string, range: string) => `sum by (job) (rate(${series}[${range}]))`;
/** A threshold as a reader writes it: 0.07 * 100 is 7.000000000000001 in binary floating point. */
const scaled = (value: number, factor: number) => Number((value * factor).toPrecision(12));
/** A latency threshold in seconds as the descriptions write it: "500ms", "1s". */
const shownThreshold = (threshold: number) => (threshold < 1 ? `${scaled(threshold, 1000)}ms` : `${threshold}s`);

/** A latency SLO: 99% within `threshold` (bad: all minus its bucket); `operations` as descriptions name them, e.g. "KMS operations of {{ $labels.job }}". */
function latencySlo(
    histogram: string,
    threshold: number,
    operations: string,
    spec: Pick<SloSpec, "id" | "title" | "job" | "ratioName" | "minEventsPerHour" | "page" | "ticket">,
): SloSpec {
    const count = (range: string) => rate(`${histogram}_count`, range);
    return {
        ...spec,
        objective: 0.99,
        sli: `operations that take at most ${threshold}s`,
        failed: `${operations} took longer than ${shownThreshold(threshold)}`,
        eventsName: `${histogram}_count`,
        errors: (range) => `(${count(range)} - ${rate(`${histogram}_bucket{${leMatcher(threshold)}}`, range)})`,
        events: count,
        latency: { histogram, threshold },
    };
}

export const slos: readonly SloSpec[] = [
    {
        id: "workflow-success",
        title: "Workflow success",
        job: platformJobs.orchestrator,
        objective: 0.99,
        sli: "finished workflows that completed (finished = completed + failed)",
        failed: "finished workflows of {{ $labels.job }} failed",
        ratioName: "provisioning_workflows_failed",
        eventsName: "provisioning_workflows_finished",
        errors: (range) => rate("provisioning_workflows_failed_total", range),
        // Finished workflows, not created ones: a batch failing after creations stopped still has a denominator.
        events: (range) => `(${rate("provisioning_workflows_failed_total", range)} + ${rate("provisioning_workflows_completed_total", range)})`,
        minEventsPerHour: 20,
        page: { alert: "HighWorkflowFailureRate", summary: "Workflows fail fast enough to exhaust the error budget" },
        // The guide's HighWorkflowFailureRate (10% for 5 minutes), with a floor: 10 finished workflows in 5 minutes.
        symptom: { alert: "ManyWorkflowsFailing", summary: "Many workflows are failing", threshold: 0.1, minEvents: 10, now: "workflows are failing now." },
        ticket: { alert: "WorkflowFailureBudgetBurn", summary: "Workflow failures slowly consume the error budget" },
    },
    {
        id: "api-availability",
        title: "API availability",
        job: platformJobs.controlCenter,
        objective: 0.999,
        sli: "API requests answered without a 5xx status",
        failed: "API requests to {{ $labels.job }} failed with a 5xx status",
        ratioName: "provisioning_api_requests_errors",
        eventsName: "provisioning_api_requests",
        errors: (range) => rate('provisioning_api_requests_total{status_class="5xx"}', range),
        events: (range) => rate("provisioning_api_requests_total", range),
        minEventsPerHour: 100,
        page: { alert: "ApiHighErrorRate", summary: "The API fails fast enough to exhaust the error budget" },
        // 20 times the 0.1% budget, with a floor of one request a second: a night's three 5xx are no page.
        symptom: { alert: "ManyApiRequestsFailing", summary: "Many API requests are failing", threshold: 0.02, minEvents: 300, now: "the API is failing now." },
        ticket: { alert: "ApiErrorBudgetBurn", summary: "API errors slowly consume the error budget" },
    },
    latencySlo("provisioning_api_requests_duration_seconds", 1, "API requests to {{ $labels.job }}", {
        id: "api-latency",
        title: "API latency",
        job: platformJobs.controlCenter,
        ratioName: "provisioning_api_requests_slow",
        minEventsPerHour: 100,
        page: { alert: "ApiHighLatency", summary: "API latency is high" },
        ticket: { alert: "ApiLatencyBudgetBurn", summary: "Slow API requests slowly consume the latency budget" },
    }),
    latencySlo("provisioning_kms_latency_seconds", 0.5, "KMS operations of {{ $labels.job }}", {
        id: "kms-latency",
        title: "KMS latency",
        job: platformJobs.vaultService,
        ratioName: "provisioning_kms_operations_slow",
        minEventsPerHour: 100,
        page: { alert: "KmsHighLatency", summary: "KMS operations are slow" },
        ticket: { alert: "KmsLatencyBudgetBurn", summary: "Slow KMS operations slowly consume the latency budget" },
    }),
];

/** The error budget as a decimal literal (1 - 0.999 is 0.0010000000000000009 in floating point). */
export const errorBudget = (slo: SloSpec): number => Number((1 - slo.objective).toFixed(6));

export const ratioRecord = (slo: SloSpec, window: string) => `job:${slo.ratioName}:ratio_rate${window}`;
export const eventsRecord = (slo: SloSpec, window: string) => `job:${slo.eventsName}:rate${window}`;

/** The burn threshold of a window pair as a PromQL literal, e.g. 14.4 * 0.01 -> 0.144. */
export const burnThreshold = (slo: SloSpec, w: BurnWindow): number => Number((w.factor * errorBudget(slo)).toFixed(6));

function burnCondition(slo: SloSpec, w: BurnWindow): string {
    const threshold = burnThreshold(slo, w);
    return (
        `(${ratioRecord(slo, w.long)} > ${threshold} and ${ratioRecord(slo, w.short)} > ${threshold} ` +
        `and ${eventsRecord(slo, w.long)} * 3600 >= ${slo.minEventsPerHour})`
    );
}

const burnExpr = (slo: SloSpec, windows: readonly BurnWindow[]) => windows.map((w) => burnCondition(slo, w)).join(" or ");

const floorWindows: readonly string[] = [...pageWindows, ...ticketWindows].map((w) => w.long);

/** Windows whose event rate an SLO records: the floors' long windows, and its symptom page's window when it has one. */
export const eventWindows = (slo: SloSpec): readonly string[] => [...floorWindows, ...(slo.symptom ? [symptomWindow] : [])];

export const sloHistogramThresholds: readonly HistogramThreshold[] = slos
    .filter((s) => s.latency)
    .map((s) => ({ usedBy: `SLO ${s.id}`, histogram: s.latency!.histogram, threshold: s.latency!.threshold, mustBeBucketBound: true }));

/** Without the jobs whose symptom page fired within the hour: the outage was paged, and its 30m and 6h windows burn on after it ended. */
function pageExpr(slo: SloSpec): string {
    const burning = burnExpr(slo, pageWindows);
    if (!slo.symptom) return burning;
    return `(${burning}) unless on (job) max_over_time(ALERTS{alertname="${slo.symptom.alert}", alertstate="firing"}[${afterSymptomPage}])`;
}

/** A burn alert's description: the share of bad events over its windows, against the objective, and what it does to the budget. */
function burnDescription(slo: SloSpec, windows: string, outlook: string): string {
    const objective = `${scaled(slo.objective, 100)}%`;
    const stated = slo.latency ? `objective: ${objective} within ${shownThreshold(slo.latency.threshold)}` : `objective ${objective}`;
    return `{{ $value | humanizePercentage }} of the ${slo.failed} over the last ${windows} (${stated} over 30 days): ${outlook}`;
}

function symptomPage(slo: SloSpec, { alert, summary, threshold, minEvents, now }: SymptomPage) {
    const floor = trafficFloor(`${eventsRecord(slo, symptomWindow)} * ${durationSeconds(symptomWindow)}`, minEvents, symptomWindow);
    return {
        alert,
        summary,
        description: `{{ $value | humanizePercentage }} of the ${slo.failed} over the last 5 minutes (threshold ${scaled(threshold, 100)}%, held for 6 minutes): ${now}`,
        ...aboveFloor(`${ratioRecord(slo, symptomWindow)} > ${threshold}`, "job", floor),
        for: symptomFor,
        keepFiringFor: pageKeepFiringFor,
        severity: "critical" as const,
    };
}

/**
 * Per SLO a page (fast burn, critical) and a ticket (slow burn, info), and where set a symptom page: a large share failing now pages
 * before the budget burns. Pages wait a minute (the short window already filters blips) and keep firing through dips; tickets 15 minutes.
 */
export const sloAlerts: readonly AlertRule[] = slos.flatMap((slo) => {
    const budget = slo.latency ? "latency" : "error";
    const page = burnDescription(slo, "hour or six hours", `at this rate the ${budget} budget lasts less than five days.`);
    const ticket = burnDescription(slo, "day or three days", `the ${budget} budget runs out before the month ends.`);
    return alertTable({ group: sloGroupName, owner: "platform", requires: { jobs: [slo.job] } }, [
        { ...slo.page, description: page, expr: pageExpr(slo), for: "1m", keepFiringFor: pageKeepFiringFor, severity: "critical" },
        ...(slo.symptom ? [symptomPage(slo, slo.symptom)] : []),
        { ...slo.ticket, description: ticket, expr: burnExpr(slo, ticketWindows), for: "15m", severity: "info" },
    ]);
});
