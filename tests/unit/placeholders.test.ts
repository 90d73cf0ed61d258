import { strict as assert } from "assert";
import { parseStackConfig } from "../../model/config/parse";
import { findPlaceholders, hostOf, isPlaceholderHost } from "../../model/config/placeholders";
import { loadRawStackConfig, loadStackConfig } from "../support/stack-files";

describe("placeholder detector (model/config/placeholders.ts)", () => {
    it("knows RFC 2606's documentation domains, below them too, and nothing else", () => {
        for (const host of ["example.com", "smtp.example.com", "grafana.provisioning.example.org", "EXAMPLE.NET", "ops.example", "x.invalid", "example.com."]) {
            assert.equal(isPlaceholderHost(host), true, host);
        }
        for (const host of [
            "localhost",
            "grafana.provisioning.internal",
            "notexample.com",
            "example.com.evil.io",
            "example",
            "provisioning-orchestrator.provisioning.svc",
        ]) {
            assert.equal(isPlaceholderHost(host), false, host);
        }
    });

    it("takes the host out of e-mail addresses, host:port and URLs", () => {
        assert.equal(hostOf("ops@example.com"), "example.com");
        assert.equal(hostOf("smtp.example.com:587"), "smtp.example.com");
        assert.equal(hostOf("https://grafana.example.org:8443/path"), "grafana.example.org");
        assert.equal(hostOf("localhost"), "localhost");
    });

    it("lists every placeholder the prod test stack still has", () => {
        assert.deepEqual(findPlaceholders(loadStackConfig("prod")), [
            { key: "monitoring:alertEmailTo", value: "ops@example.com" },
            { key: "monitoring:alertEmailFrom", value: "alerts@provisioning.example.com" },
            { key: "monitoring:smtpSmarthost", value: "smtp.example.com:587" },
            { key: "monitoring:grafanaIngress.host", value: "grafana.provisioning.example.com" },
        ]);
    });

    it("finds none in the dev stack file", () => {
        assert.deepEqual(findPlaceholders(loadStackConfig("dev")), []);
    });

    it("looks at remote-write URLs, Grafana's URL, the external host and every scrape target", () => {
        const raw = {
            ...loadRawStackConfig("dev"),
            "monitoring:remoteWrite": JSON.stringify([{ url: "https://metrics.example.net/api/v1/write" }]),
            "monitoring:grafanaUrl": "http://grafana.example.com:3000",
            "monitoring:externalHost": "monitoring.example.com",
            "monitoring:platformTargets": JSON.stringify([{ job: "orchestrator", targets: ["host.docker.internal:8080", "orchestrator.example.com:8080"] }]),
        };
        assert.deepEqual(findPlaceholders(parseStackConfig(raw, "dev")), [
            { key: "monitoring:externalHost", value: "monitoring.example.com" },
            { key: "monitoring:grafanaUrl", value: "http://grafana.example.com:3000" },
            { key: "monitoring:remoteWrite[0].url", value: "https://metrics.example.net/api/v1/write" },
            { key: "monitoring:platformTargets[0].targets[1]", value: "orchestrator.example.com:8080" },
        ]);
    });
});
