// "Active alerts": each alert once, without the Watchdog and info alerts, whichever evaluator raised it.
//
// Every Alertmanager replica holds every alert (Prometheus and Grafana send to each one), so the replicas' counts are
// deduplicated with max, not summed. Alertmanager's gauge has no alert labels, so the Watchdog (severity none) and info
// alerts are taken off with Prometheus' ALERTS series; Grafana evaluates none of either (tests hold it to that).
// Prometheus' ALERTS alone would miss every Grafana-evaluated alert.

/** The stat's PromQL: active (neither silenced nor inhibited) alerts, counted once. */
export const activeAlertsQuery =
    'clamp_min(max(alertmanager_alerts{job="alertmanager", state="active"}) - (count(ALERTS{alertstate="firing", severity=~"none|info"}) or vector(0)), 0)';

export const activeAlertsDescription =
    "Alerts Alertmanager is notifying about (not silenced or inhibited), each once across replicas, without the Watchdog and info alerts.";
