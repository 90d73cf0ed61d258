// monitoring:remoteWrite: pushing to Mimir, Thanos Receive or Grafana Cloud with credentials from a secret, headers,
// write relabelling and queue settings. Expectations are literals: the problem lines, the remote_write entries, the files.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { manifestOf } from "../support/kubernetes-schema";
import { ofType, runWithMocks } from "../support/mock-run";
import { fakeSecrets, projectRoot, readStackFile } from "../support/stack-files";
import { plainStrings, unwrapSecrets } from "../support/secrets";
import { configProblems } from "../support/config-problems";
import { declaredKubernetes, prodRaw } from "../support/prod-run";

const dev = readStackFile("dev");
const withRemoteWrite = (raw: Record<string, string>, list: unknown[], credentials?: Record<string, string>) => ({
    ...raw,
    "monitoring:remoteWrite": JSON.stringify(list),
    ...(credentials ? { "monitoring:remoteWriteCredentials": JSON.stringify(credentials) } : {}),
});
const problemsOf = (list: unknown[], credentials?: Record<string, string>) => configProblems(withRemoteWrite(dev, list, credentials), "dev");
const remoteWriteOf = (raw: Record<string, string>) => parse(renderPrometheusConfig(parseStackConfig(raw, "dev"))).remote_write;

const mimir = {
    url: "https://mimir.corp.internal/api/v1/push",
    name: "mimir",
    headers: { "X-Scope-OrgID": "platform" },
    auth: { type: "basic", username: "tenant-1" },
    writeRelabel: [{ action: "drop", source_labels: ["__name__"], regex: "go_.*" }],
    queue: { capacity: 20000, maxShards: 10, minShards: 2, maxSamplesPerSend: 5000, batchSendDeadline: "10s", minBackoff: "100ms", maxBackoff: "30s" },
};
const grafanaCloud = { url: "https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push", name: "grafana-cloud", auth: { type: "bearer" } };
const amp = {
    url: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write",
    name: "amp",
    auth: { type: "sigv4", region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/remote-write" },
};
const credentials = { mimir: "password-0123456789", "grafana-cloud": "token-0123456789", amp: "AKIAEXAMPLE:secret/key+0123456789" };

describe("monitoring:remoteWrite: entries, credentials and their problems", () => {
    it("renders every feature: headers, basic auth from a file, bearer from a file, sigv4 by profile, relabelling, queue", () => {
        assert.deepEqual(remoteWriteOf(withRemoteWrite(dev, [mimir, grafanaCloud, amp, { url: "http://thanos-receive:19291/api/v1/receive" }], credentials)), [
            {
                url: "https://mimir.corp.internal/api/v1/push",
                name: "mimir",
                headers: { "X-Scope-OrgID": "platform" },
                basic_auth: { username: "tenant-1", password_file: "/etc/prometheus-remote-write/mimir" },
                write_relabel_configs: [{ action: "drop", source_labels: ["__name__"], regex: "go_.*" }],
                queue_config: {
                    capacity: 20000,
                    max_shards: 10,
                    min_shards: 2,
                    max_samples_per_send: 5000,
                    batch_send_deadline: "10s",
                    min_backoff: "100ms",
                    max_backoff: "30s",
                },
            },
            {
                url: "https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push",
                name: "grafana-cloud",
                authorization: { credentials_file: "/etc/prometheus-remote-write/grafana-cloud" },
            },
            {
                url: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write",
                name: "amp",
                sigv4: { region: "eu-west-1", profile: "amp", role_arn: "arn:aws:iam::123456789012:role/remote-write" },
            },
            { url: "http://thanos-receive:19291/api/v1/receive" },
        ]);
    });

    it("renders no remote_write when the list is empty, and a URL alone as before", () => {
        assert.equal(remoteWriteOf(dev), undefined);
        assert.deepEqual(remoteWriteOf(withRemoteWrite(dev, [{ url: "https://archive.corp.internal/write" }])), [
            { url: "https://archive.corp.internal/write" },
        ]);
    });

    it("never writes a credential into prometheus.yml", () => {
        const text = renderPrometheusConfig(parseStackConfig(withRemoteWrite(dev, [mimir, grafanaCloud, amp], credentials), "dev"));
        for (const value of ["password-0123456789", "token-0123456789", "AKIAEXAMPLE", "secret/key"]) assert.ok(!text.includes(value), value);
    });

    it("refuses an entry with auth but no secret entry, with the command that sets it", () => {
        assert.deepEqual(problemsOf([mimir, grafanaCloud, amp], { mimir: "p" }), [
            "monitoring:remoteWrite[1].auth: needs the secret monitoring:remoteWriteCredentials.grafana-cloud; set it with: pulumi config set --secret --path 'monitoring:remoteWriteCredentials.grafana-cloud' <token>",
            "monitoring:remoteWrite[2].auth: needs the secret monitoring:remoteWriteCredentials.amp; set it with: pulumi config set --secret --path 'monitoring:remoteWriteCredentials.amp' <access-key-id>:<secret-access-key>",
        ]);
        assert.deepEqual(problemsOf([mimir]), [
            "monitoring:remoteWrite[0].auth: needs the secret monitoring:remoteWriteCredentials.mimir; set it with: pulumi config set --secret --path 'monitoring:remoteWriteCredentials.mimir' <password>",
        ]);
        assert.deepEqual(problemsOf([{ url: mimir.url, auth: { type: "bearer" } }]), [
            "monitoring:remoteWrite[0].name: expected a name when auth is set: the secret is monitoring:remoteWriteCredentials.<name> (not set)",
        ]);
    });

    it("refuses an auth without its required fields, or with another kind's", () => {
        assert.deepEqual(
            problemsOf(
                [
                    { url: mimir.url, name: "a", auth: { type: "basic" } },
                    { url: mimir.url, name: "b", auth: { type: "bearer", username: "u" } },
                    { url: mimir.url, name: "c", auth: { type: "sigv4" } },
                    { url: mimir.url, name: "d", auth: { type: "oauth2" } },
                ],
                { a: "p", b: "t", c: "k:s", d: "x" },
            ),
            [
                'monitoring:remoteWrite[0].auth: basic needs a username and takes no other field (the password is the secret) (got {"type":"basic"})',
                'monitoring:remoteWrite[1].auth: bearer takes no other field (the token is the secret) (got {"type":"bearer","username":"u"})',
                'monitoring:remoteWrite[2].auth: sigv4 needs a region and takes an optional roleArn (the keys are the secret) (got {"type":"sigv4"})',
                'monitoring:remoteWrite[3].auth.type: expected basic (user name and password), bearer (a token) or sigv4 (AWS keys) (got "oauth2")',
            ],
        );
    });

    it("refuses a URL that is not http(s), and a name used twice", () => {
        assert.deepEqual(problemsOf([{ url: "ftp://archive.corp.internal/write" }]), [
            'monitoring:remoteWrite[0].url: expected an http(s) URL such as https://mimir.example.com/api/v1/push (got "ftp://archive.corp.internal/write")',
        ]);
        assert.deepEqual(
            problemsOf([
                { url: "https://a.corp.internal/push", name: "archive" },
                { url: "https://b.corp.internal/push", name: "archive" },
            ]),
            ['monitoring:remoteWrite[1].name: names must be unique (got "archive" twice)'],
        );
    });

    it("refuses Authorization and the headers Prometheus sets itself, naming what to use instead", () => {
        assert.deepEqual(problemsOf([{ url: mimir.url, headers: { Authorization: "Bearer t", "User-Agent": "me", "X-Scope-OrgID": "platform" } }]), [
            'monitoring:remoteWrite[0].headers.Authorization: not as a header: set auth ({type: bearer}, {type: basic, username} or {type: sigv4, region}) and its secret monitoring:remoteWriteCredentials.<name> (got "Bearer t")',
            'monitoring:remoteWrite[0].headers.User-Agent: set by Prometheus itself; any other header is accepted, such as X-Scope-OrgID (got "me")',
        ]);
    });

    it("refuses relabel rules Prometheus would refuse, and camelCase field names", () => {
        assert.deepEqual(
            problemsOf([
                {
                    url: mimir.url,
                    writeRelabel: [
                        { action: "drop" },
                        { action: "labeldrop", regex: "pod", target_label: "x" },
                        { action: "keep", source_labels: ["__name__"], regex: "(?!go_).*" },
                        { action: "replace", targetLabel: "x" },
                    ],
                },
            ]),
            [
                'monitoring:remoteWrite[0].writeRelabel[0]: drop needs source_labels (and a regex, default (.*)) (got {"action":"drop"})',
                'monitoring:remoteWrite[0].writeRelabel[1]: labeldrop takes a regex over label names and no other field (got {"action":"labeldrop","regex":"pod","target_label":"x"})',
                'monitoring:remoteWrite[0].writeRelabel[2].regex: expected a regular expression in RE2 syntax (no lookaround), such as go_.* (got "(?!go_).*")',
                "monitoring:remoteWrite[0].writeRelabel[3]: unknown field targetLabel (did you mean target_label?); accepted: action, source_labels, separator, regex, target_label, replacement",
            ],
        );
    });

    it("refuses queue values out of range, and bounds that cross Prometheus' defaults", () => {
        assert.deepEqual(problemsOf([{ url: mimir.url, queue: { capacity: 0 } }]), [
            "monitoring:remoteWrite[0].queue.capacity: expected samples buffered per shard, from 1 to 1000000 (got 0)",
        ]);
        assert.deepEqual(problemsOf([{ url: mimir.url, queue: { minShards: 60, minBackoff: "10s" } }]), [
            "monitoring:remoteWrite[0].queue: minShards (60) must not exceed maxShards (50, Prometheus' default)",
            "monitoring:remoteWrite[0].queue: minBackoff (10s) must not exceed maxBackoff (5s, Prometheus' default)",
        ]);
    });

    it("refuses remoteWriteCredentials written in plain text, with the command that encrypts one entry", () => {
        assert.deepEqual(
            configProblems({ ...dev, "monitoring:remoteWriteCredentials": '{"mimir":"p"}' }, "dev", { plainTextKeys: ["monitoring:remoteWriteCredentials"] }),
            [
                "monitoring:remoteWriteCredentials: a secret must not be written in plain text in the stack file; encrypt it with: pulumi config set --secret --path 'monitoring:remoteWriteCredentials.<name>' <password-or-token>",
            ],
        );
    });
});

describe("remote-write credentials reach Prometheus as secret files (mock engine)", function () {
    this.timeout(120_000);
    const secretValues = ["password-0123456789", "token-0123456789", "secret/key+0123456789"];

    it("prod: keys of Prometheus' Secret, the AWS credentials file named in the environment, never in plain text", async () => {
        const run = await runWithMocks("prod", withRemoteWrite(prodRaw(), [mimir, grafanaCloud, amp], credentials), [
            ...Object.keys(fakeSecrets),
            "monitoring:remoteWriteCredentials",
        ]);
        assert.ifError(run.error);
        const secret = declaredKubernetes(run)
            .filter((r) => r.type === "kubernetes:core/v1:Secret")
            .map(manifestOf)
            .find((o) => o.metadata.name === "prometheus-secrets");
        assert.deepEqual(Object.keys(secret!.stringData), [
            "etc_prometheus-remote-write_aws.credentials",
            "etc_prometheus-remote-write_grafana-cloud",
            "etc_prometheus-remote-write_mimir",
        ]);
        const container = declaredKubernetes(run)
            .filter((r) => r.type === "kubernetes:apps/v1:StatefulSet")
            .map(manifestOf)
            .find((o) => o.metadata.name === "prometheus")!
            .spec.template.spec.containers.find((c: any) => c.name === "prometheus");
        assert.deepEqual(
            container.env.find((e: any) => e.name === "AWS_SHARED_CREDENTIALS_FILE"),
            { name: "AWS_SHARED_CREDENTIALS_FILE", value: "/etc/prometheus-remote-write/aws.credentials" },
        );
        assert.ok(container.volumeMounts.some((m: any) => m.mountPath === "/etc/prometheus-remote-write/mimir" && m.readOnly));
        const plainText = run.resources.flatMap((r) => plainStrings(r.inputs));
        assert.ok(!secretValues.some((v) => plainText.some((t) => t.includes(v))), "no credential in plain text");
    });

    it("dev: uploaded readable by Prometheus alone; sigv4's keys as a profile named like the entry", async () => {
        const run = await runWithMocks("dev", withRemoteWrite(dev, [mimir, amp], credentials), ["monitoring:remoteWriteCredentials"]);
        assert.ifError(run.error);
        const prometheus = ofType(run, "docker:index/container:Container").find((c) => c.name.endsWith("prometheus"))!;
        const uploads = (unwrapSecrets(prometheus.inputs.uploads) as any[]).filter((u) => u.file.startsWith("/etc/prometheus-remote-write/"));
        assert.deepEqual(uploads, [
            { file: "/etc/prometheus-remote-write/mimir", content: "password-0123456789", permissions: "0400", owner: "65534" },
            {
                file: "/etc/prometheus-remote-write/aws.credentials",
                content: "[amp]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret/key+0123456789\n",
                permissions: "0400",
                owner: "65534",
            },
        ]);
        assert.ok(!plainStrings(prometheus.inputs).some((t) => secretValues.some((v) => t.includes(v))), "no credential in plain text");
    });
});

describe("docs/how-to/push-to-long-term-storage.md", () => {
    it("has examples the program accepts once their secrets are set", () => {
        const doc = fs.readFileSync(path.join(projectRoot, "docs/how-to/push-to-long-term-storage.md"), "utf8");
        const entries = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => parse(m[1]).config["monitoring:remoteWrite"]);
        assert.deepEqual(
            entries.map((e: { name: string }) => e.name),
            ["mimir", "thanos", "grafana-cloud", "amp"],
        );
        const secret = { mimir: "p", "grafana-cloud": "t", amp: "AKIAEXAMPLE:s" };
        assert.deepEqual(problemsOf(entries, secret), []);
        assert.equal(parseStackConfig(withRemoteWrite(dev, entries, secret), "dev").remoteWrite.length, 4);
    });
});
