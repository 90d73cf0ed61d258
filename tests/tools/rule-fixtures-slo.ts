// promtool fixtures for the SLO burn-rate alerts: the page fires on a fast burn (also when the denominator of the old
// rule, created workflows, stops), the ticket on a slow burn that never pages, and neither on low traffic or an idle job.
import { AlertFixture, InputSeries, seriesName } from "./rule-fixture-types";
import { histogram } from "./rule-fixtures-platform";

const orchestrator = { job: "provisioning-orchestrator", instance: "orchestrator:8080" };
const controlCenter = { job: "provisioning-control-center", instance: "control-center:8081" };
const vaultService = { job: "provisioning-vault-service", instance: "vault-service:8085" };

const s = (name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries => ({ series: seriesName(name, labels), values });

/** Finished workflows per minute: completed and failed counters (and created ones, which the SLO must not divide by). */
function workflows(completed: string, failed: string, created = completed, target = orchestrator): InputSeries[] {
    return [
        s("provisioning_workflows_completed_total", target, completed),
        s("provisioning_workflows_failed_total", target, failed),
        s("provisioning_workflows_total", target, created),
    ];
}

/** API requests per minute by status class. */
function requests(ok: string, errors: string): InputSeries[] {
    return [
        s("provisioning_api_requests_total", { ...controlCenter, status_class: "2xx" }, ok),
        s("provisioning_api_requests_total", { ...controlCenter, status_class: "5xx" }, errors),
    ];
}

/** A latency histogram with `fast` observations per minute at or under `bound` and `slow` ones above it. */
function latency(name: string, target: Readonly<Record<string, string>>, bound: string, fast: number, slow: number, minutes: number): InputSeries[] {
    return histogram(
        name,
        target,
        [
            [bound, fast],
            ["+Inf", slow],
        ],
        minutes,
    );
}

const idle = { job: "provisioning-orchestrator-idle", instance: "idle:8080" };
const page = (job: string) => ({ job, severity: "critical" });
const ticket = (job: string) => ({ job, severity: "info" });

const manyWorkflowsFailing: AlertFixture = {
    alert: "ManyWorkflowsFailing",
    firing: {
        // An hour of 10 finished workflows a minute (1% failing), then 30% failing from 60m: pages at 68m, 8 minutes in.
        series: workflows("0+9.9x60 601+7x19", "0+0.1x60 9+3x19"),
        at: "68m",
        expected: [
            {
                labels: page("provisioning-orchestrator"),
                summary: "Many workflows are failing",
                description:
                    "30% of the finished workflows of provisioning-orchestrator failed over the last 5 minutes (threshold 10%, held for 6 minutes): workflows are failing now.",
            },
        ],
    },
    healthy: { series: workflows("0+9.9x80", "0+0.1x80"), at: "68m" },
    silentEdges: [
        // Not yet: pending since 62m, 6 minutes of `for` end at 68m.
        { name: "30% failing, a minute before its `for` ends", series: workflows("0+9.9x60 601+7x19", "0+0.1x60 9+3x19"), at: "67m" },
        // One workflow a minute (5 in 5 minutes, under the floor of 10) and three failures at once.
        { name: "a quiet night's three failures (traffic floor)", series: workflows("0+1x80", "0x60 3x20"), at: "70m" },
        { name: "a slow burn (4%: the ticket's, not a page)", series: workflows("0+48x60", "0+2x60"), at: "45m" },
    ],
};

const manyApiRequestsFailing: AlertFixture = {
    alert: "ManyApiRequestsFailing",
    firing: {
        // 10 requests a second (0.1% 5xx), then 5% 5xx from 60m: pages at 68m, 8 minutes in.
        series: requests("0+599.4x60 36534+570x14", "0+0.6x60 66+30x14"),
        at: "68m",
        expected: [
            {
                labels: page("provisioning-control-center"),
                summary: "Many API requests are failing",
                description:
                    "5% of the API requests to provisioning-control-center failed with a 5xx status over the last 5 minutes (threshold 2%, held for 6 minutes): the API is failing now.",
            },
        ],
    },
    healthy: { series: requests("0+599.4x80", "0+0.6x80"), at: "68m" },
    silentEdges: [
        {
            // 30 seconds of every request failing (a database failover): 12% over 5 minutes, gone before the `for` ends.
            name: "a 30-second burst of 5xx",
            series: requests("0+599.4x60 36263.7+599.4x19", "0+0.6x60 336.3+0.6x19"),
            at: "70m",
        },
        // Half a request a second (150 in 5 minutes, under the floor of 300), 10% of them failing.
        { name: "a quiet night (traffic floor)", series: requests("0+27x80", "0+3x80"), at: "70m" },
    ],
};

/** The same incident with less traffic (still over the floor): it must page as fast, and stay silent when healthy. */
function atNight(day: AlertFixture, firing: readonly InputSeries[], healthy: readonly InputSeries[]): AlertFixture {
    return { alert: day.alert, firing: { ...day.firing, series: firing }, healthy: { series: healthy, at: day.healthy!.at } };
}

export const sloFixtures: readonly AlertFixture[] = [
    {
        alert: "HighWorkflowFailureRate",
        firing: {
            // Creations stop after 30 minutes while the queued workflows keep finishing, 8% of them failing: the old rule
            // divided by created workflows (zero over its window) and stayed silent; finished ones (failed + completed) do
            // not. 8% burns over 6 times the budget, under the symptom page's 10%.
            series: workflows("0+46x90", "0+4x90", "0+100x30 3000x60"),
            at: "90m",
            expected: [
                {
                    labels: page("provisioning-orchestrator"),
                    summary: "Workflows fail fast enough to exhaust the error budget",
                    description:
                        "8% of the finished workflows of provisioning-orchestrator failed over the last hour or six hours (objective 99% over 30 days): at this rate the error budget lasts less than five days.",
                },
            ],
        },
        healthy: { series: [...workflows("0+20x120", "0+0.1x120"), ...workflows("5x120", "5x120", "5x120", idle)], at: "110m" },
        silentEdges: [
            {
                // 2 of 8 workflows an hour fail (25%): far above the burn threshold, below the floor of 20 finished an hour.
                name: "low traffic (traffic floor)",
                series: workflows("0+0.1x120", "0+0.0333x120"),
                at: "110m",
            },
            { name: "a slow burn (4% for 45 minutes: the ticket's, not a page)", series: workflows("0+48x60", "0+2x60"), at: "45m" },
            // Half failing: ManyWorkflowsFailing paged this outage; the burn-rate page stays quiet for the hour after it.
            { name: "a large share failing, paged by ManyWorkflowsFailing", series: workflows("0+10x90", "0+10x90"), at: "90m" },
        ],
    },
    manyWorkflowsFailing,
    // The same incident at night: 3 finished workflows a minute (15 in 5 minutes, over the floor of 10) pages as fast.
    atNight(manyWorkflowsFailing, workflows("0+2.97x60 180.3+2.1x19", "0+0.03x60 2.7+0.9x19"), workflows("0+2.97x80", "0+0.03x80")),
    {
        alert: "WorkflowFailureBudgetBurn",
        firing: {
            // 4% failing, steadily: over 3 times the 1% budget over the last day and 2 hours, under the page's 6 times.
            series: workflows("0+48x60", "0+2x60"),
            at: "45m",
            expected: [
                {
                    labels: ticket("provisioning-orchestrator"),
                    summary: "Workflow failures slowly consume the error budget",
                    description:
                        "4% of the finished workflows of provisioning-orchestrator failed over the last day or three days (objective 99% over 30 days): the error budget runs out before the month ends.",
                },
            ],
        },
        healthy: { series: workflows("0+199x60", "0+1x60"), at: "45m" },
    },
    {
        alert: "ApiHighErrorRate",
        firing: {
            // 1.8% failing: over 14.4 times the budget, under the symptom page's 2%.
            series: requests("0+100x90", "0+1.8x90"),
            at: "70m",
            expected: [
                {
                    labels: page("provisioning-control-center"),
                    summary: "The API fails fast enough to exhaust the error budget",
                    description:
                        "1.768% of the API requests to provisioning-control-center failed with a 5xx status over the last hour or six hours (objective 99.9% over 30 days): at this rate the error budget lasts less than five days.",
                },
            ],
        },
        healthy: { series: requests("0+100x90", "0+0.05x90"), at: "70m" },
        silentEdges: [
            { name: "low traffic at night (traffic floor)", series: requests("0+1x90", "0+0.1x90"), at: "70m" },
            // 5% failing: ManyApiRequestsFailing paged this outage; the burn-rate page stays quiet for the hour after it.
            { name: "a large share failing, paged by ManyApiRequestsFailing", series: requests("0+100x90", "0+5x90"), at: "70m" },
        ],
    },
    manyApiRequestsFailing,
    // The same incident at night: 3 requests a second (900 in 5 minutes, over the floor of 300) pages as fast.
    atNight(manyApiRequestsFailing, requests("0+179.91x60 10965.6+171x14", "0+0.09x60 14.4+9x14"), requests("0+179.91x80", "0+0.09x80")),
    {
        alert: "ApiErrorBudgetBurn",
        firing: {
            series: requests("0+199x60", "0+1x60"),
            at: "45m",
            expected: [
                {
                    labels: ticket("provisioning-control-center"),
                    summary: "API errors slowly consume the error budget",
                    description:
                        "0.5% of the API requests to provisioning-control-center failed with a 5xx status over the last day or three days (objective 99.9% over 30 days): the error budget runs out before the month ends.",
                },
            ],
        },
        healthy: { series: requests("0+1999x60", "0+1x60"), at: "45m" },
    },
    {
        alert: "ApiHighLatency",
        firing: {
            series: latency("provisioning_api_requests_duration_seconds", controlCenter, "1", 80, 20, 90),
            at: "70m",
            expected: [
                {
                    labels: page("provisioning-control-center"),
                    summary: "API latency is high",
                    description:
                        "20% of the API requests to provisioning-control-center took longer than 1s over the last hour or six hours (objective: 99% within 1s over 30 days): at this rate the latency budget lasts less than five days.",
                },
            ],
        },
        healthy: { series: latency("provisioning_api_requests_duration_seconds", controlCenter, "1", 199, 1, 90), at: "70m" },
        silentEdges: [
            {
                // One slow request in two, but one request a minute: a single slow request at night is no page.
                name: "a few slow requests at night (traffic floor)",
                series: latency("provisioning_api_requests_duration_seconds", controlCenter, "1", 0.5, 0.5, 90),
                at: "70m",
            },
        ],
    },
    {
        alert: "ApiLatencyBudgetBurn",
        firing: {
            // Prometheus 3 stores the client's le="1" as le="1.0": the rules match both spellings.
            series: latency("provisioning_api_requests_duration_seconds", controlCenter, "1.0", 96, 4, 400),
            at: "45m",
            expected: [
                {
                    labels: ticket("provisioning-control-center"),
                    summary: "Slow API requests slowly consume the latency budget",
                    description:
                        "4% of the API requests to provisioning-control-center took longer than 1s over the last day or three days (objective: 99% within 1s over 30 days): the latency budget runs out before the month ends.",
                },
            ],
        },
        healthy: { series: latency("provisioning_api_requests_duration_seconds", controlCenter, "1", 199, 1, 400), at: "45m" },
    },
    {
        alert: "KmsHighLatency",
        firing: {
            series: latency("provisioning_kms_latency_seconds", vaultService, "0.5", 80, 20, 90),
            at: "70m",
            expected: [
                {
                    labels: page("provisioning-vault-service"),
                    summary: "KMS operations are slow",
                    description:
                        "20% of the KMS operations of provisioning-vault-service took longer than 500ms over the last hour or six hours (objective: 99% within 500ms over 30 days): at this rate the latency budget lasts less than five days.",
                },
            ],
        },
        healthy: { series: latency("provisioning_kms_latency_seconds", vaultService, "0.5", 199, 1, 90), at: "70m" },
        silentEdges: [
            {
                name: "a single slow operation at night (traffic floor)",
                series: latency("provisioning_kms_latency_seconds", vaultService, "0.5", 0, 0.2, 90),
                at: "70m",
            },
        ],
    },
    {
        alert: "KmsLatencyBudgetBurn",
        firing: {
            series: latency("provisioning_kms_latency_seconds", vaultService, "0.5", 96, 4, 400),
            at: "45m",
            expected: [
                {
                    labels: ticket("provisioning-vault-service"),
                    summary: "Slow KMS operations slowly consume the latency budget",
                    description:
                        "4% of the KMS operations of provisioning-vault-service took longer than 500ms over the last day or three days (objective: 99% within 500ms over 30 days): the latency budget runs out before the month ends.",
                },
            ],
        },
        healthy: { series: latency("provisioning_kms_latency_seconds", vaultService, "0.5", 199, 1, 400), at: "45m" },
    },
];
