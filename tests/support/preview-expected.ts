// The Markdown `npm run preview-summary` writes for tests/fixtures/preview-dev-changes.json, written out once for the pure and CLI tests.
export const expectedChanges = `### pulumi preview: 1 to create, 2 to update, 2 to replace, 1 to delete (58 unchanged)

#### DATA AT RISK: replaced or deleted data holders

| change | component | resource | fields |
| --- | --- | --- | --- |
| **replace** | Loki | volume monitoring-dev-loki-data | name (forces replacement) |
| **delete** | Promtail | volume monitoring-dev-promtail-positions | - |

#### Grafana

| change | resource | fields |
| --- | --- | --- |
| replace | container monitoring-dev-grafana | entrypoints (forces replacement), uploads |

#### GrafanaContent

| change | resource | fields |
| --- | --- | --- |
| update | dashboard "Platform Overview" | configJson |
| update | rule group provisioning_alerts (alert rules HighWorkflowFailureRate, ApiHighLatency) | ApiHighLatency.annotations, HighWorkflowFailureRate.for |
| create | ContactPoint pagerduty | - |
`;
