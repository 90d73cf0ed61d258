// Single sign-on (monitoring:grafanaSso): grafana.ini's generic OAuth section held to literal lines, the client secret
// reaching Grafana as a secret file only (as the admin password does), and the local admin kept for break-glass. Grafana
// itself cannot run here (see docs/verification.md): what it makes of these lines is not tested.
import { strict as assert } from "assert";
import { parseStackConfig } from "../../model/config/parse";
import { fileKey } from "../../platform/kubernetes/objects";
import { renderGrafanaIni, roleAttributePath } from "../../render/grafana/config";
import { MockRun, runWithMocks } from "../support/mock-run";
import { plainStrings, unwrapSecrets } from "../support/secrets";
import { fakeSecrets, placeholdersAllowed, readStackFile } from "../support/stack-files";
import { manifestOf } from "../support/kubernetes-schema";

const sso = {
    name: "Corp SSO",
    authUrl: "https://login.corp.internal/oauth2/authorize",
    tokenUrl: "https://login.corp.internal/oauth2/token",
    apiUrl: "https://login.corp.internal/oauth2/userinfo",
    clientId: "grafana-monitoring",
    groupsClaim: "realm_access.roles",
    roles: { Viewer: ["provisioning"], Admin: ["monitoring-admins", "/platform/ops"], Editor: ["provisioning-oncall"] },
};
const clientSecret = "fake-sso-client-secret-13579";
const ssoKeys = { "monitoring:grafanaSso": JSON.stringify(sso), "monitoring:grafanaSsoClientSecret": clientSecret };

const iniLines = (ini: string, section: string) => {
    const start = ini.split("\n").indexOf(`[${section}]`);
    assert.ok(start >= 0, `[${section}] in grafana.ini`);
    const rest = ini.split("\n").slice(start + 1);
    const end = rest.findIndex((l) => l === "" || l.startsWith("["));
    return end < 0 ? rest : rest.slice(0, end);
};

describe("Grafana single sign-on (grafanaSso)", function () {
    this.timeout(60_000);

    it("maps groups to roles, highest role first, and to no role at all for a user in none of them", () => {
        assert.equal(
            roleAttributePath({ groupsClaim: "groups", roles: { Editor: ["dev"], Admin: ["ops", "sre"] } }),
            "contains(groups[*], 'ops') && 'Admin' || contains(groups[*], 'sre') && 'Admin' || contains(groups[*], 'dev') && 'Editor'",
        );
    });

    it("renders the generic OAuth client with the client secret as a file, strict roles, and the login form kept", () => {
        const config = parseStackConfig({ ...readStackFile("dev"), ...ssoKeys }, "dev");
        const ini = renderGrafanaIni(config, "http://localhost:3000");
        assert.deepEqual(iniLines(ini, "auth.generic_oauth"), [
            "enabled = true",
            "name = Corp SSO",
            "client_id = grafana-monitoring",
            "client_secret = $__file{/etc/grafana/secrets/sso-client-secret}",
            "scopes = openid profile email groups",
            "auth_url = https://login.corp.internal/oauth2/authorize",
            "token_url = https://login.corp.internal/oauth2/token",
            "api_url = https://login.corp.internal/oauth2/userinfo",
            "use_pkce = true",
            "allow_sign_up = true",
            "role_attribute_path = contains(realm_access.roles[*], 'monitoring-admins') && 'Admin' || contains(realm_access.roles[*], '/platform/ops') && 'Admin' || " +
                "contains(realm_access.roles[*], 'provisioning-oncall') && 'Editor' || contains(realm_access.roles[*], 'provisioning') && 'Viewer'",
            "role_attribute_strict = true",
            "allow_assign_grafana_admin = false",
        ]);
        assert.deepEqual(iniLines(ini, "auth"), ["disable_login_form = false"]);
        // The local admin is untouched: break-glass through /login when the identity provider is down.
        assert.deepEqual(iniLines(ini, "security").slice(0, 2), ["admin_user = admin", "admin_password = $__file{/etc/grafana/secrets/admin-password}"]);
        assert.deepEqual(iniLines(ini, "users"), ["allow_sign_up = false", "allow_org_create = false"]);
        assert.ok(!ini.includes(clientSecret));
    });

    it("leaves grafana.ini without any auth section when grafanaSso is unset", () => {
        const ini = renderGrafanaIni(parseStackConfig(readStackFile("dev"), "dev"), "http://localhost:3000");
        assert.doesNotMatch(ini, /^\[auth(\.generic_oauth)?\]$/m);
    });

    describe("the client secret, end to end (mock engine)", () => {
        let dev: MockRun;
        let prod: MockRun;
        before(async () => {
            dev = await runWithMocks("dev", { ...readStackFile("dev"), ...ssoKeys }, ["monitoring:grafanaSsoClientSecret"]);
            prod = await runWithMocks("prod", { ...readStackFile("prod"), ...placeholdersAllowed, ...fakeSecrets, ...ssoKeys }, [
                ...Object.keys(fakeSecrets),
                "monitoring:grafanaSsoClientSecret",
            ]);
            assert.ifError(dev.error);
            assert.ifError(prod.error);
        });

        it("uploads it on Docker as a file only Grafana's user reads, and holds it in Grafana's Secret on Kubernetes", () => {
            const container = dev.resources.find((r) => r.type === "docker:index/container:Container" && r.inputs.name === "monitoring-dev-grafana")!;
            const upload = unwrapSecrets(container.inputs.uploads).find((u: { file: string }) => u.file === "/etc/grafana/secrets/sso-client-secret");
            assert.deepEqual(upload, { file: "/etc/grafana/secrets/sso-client-secret", content: clientSecret, permissions: "0400", owner: "472" });
            const secret = prod.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata?.name === "grafana-secrets")!;
            assert.equal(manifestOf(secret).stringData[fileKey("/etc/grafana/secrets/sso-client-secret")], clientSecret);
        });

        it("never shows it in plain text in any resource input", () => {
            for (const run of [dev, prod])
                assert.ok(
                    !plainStrings(run.resources.map((r) => r.inputs))
                        .join("\n")
                        .includes(clientSecret),
                );
        });

        it("sends browsers back to Grafana's public https URL on Kubernetes", () => {
            const config = prod.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.inputs.metadata?.name === "grafana-config")!;
            const ini: string = config.inputs.data[fileKey("/etc/grafana/grafana.ini")];
            assert.deepEqual(iniLines(ini, "server"), ["http_port = 3000", "root_url = https://grafana.provisioning.example.com"]);
            assert.match(ini, /^client_secret = \$__file\{\/etc\/grafana\/secrets\/sso-client-secret\}$/m);
        });
    });
});
