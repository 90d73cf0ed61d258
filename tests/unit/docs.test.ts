// The README and docs/ as a newcomer uses them: every link, `npm run` script, config key, file path and ops command
// they name exists; the README is a short front door that reaches every page; the recipes that run without Pulumi
// or a cluster (the component list, the prod placeholders) are run here.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { findPlaceholders, placeholderProblems } from "../../model/config/placeholders";
import { configKeys, secretKeys } from "../../model/config/schema";
import { opsCommands } from "../support/ops-commands";
import { loadRawStackConfig, loadStackConfig, projectRoot } from "../support/stack-files";

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), "utf8");
const docFiles = [
    "README.md",
    "runbooks/README.md",
    "dashboards/README.md",
    "examples/platform-service/README.md",
    ...fs
        .readdirSync(path.join(projectRoot, "docs"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f.split(path.sep).join("/")}`),
].sort();
const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;

/** GitHub's heading anchor: lower case, punctuation dropped (but - and _), spaces to hyphens. */
export function slug(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-");
}
const anchorsOf = (text: string) => new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
/** Text outside fenced code blocks (links and inline paths live there). */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, "");

describe("README.md and docs/", () => {
    it("resolves every relative link to a file, and every #anchor to a heading of it", () => {
        const problems: string[] = [];
        for (const file of docFiles) {
            for (const [, target] of prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)) {
                if (/^[a-z]+:/.test(target)) continue;
                const [rel, anchor] = target.split("#");
                const resolved = rel === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), rel));
                const full = path.join(projectRoot, resolved);
                if (!fs.existsSync(full)) {
                    problems.push(`${file}: link ${target}: no file ${resolved}`);
                    continue;
                }
                if (anchor && !anchorsOf(fs.readFileSync(full, "utf8")).has(anchor))
                    problems.push(`${file}: link ${target}: no heading #${anchor} in ${resolved}`);
            }
        }
        assert.deepEqual(problems, []);
    });

    it("names only npm scripts package.json has", () => {
        const problems: string[] = [];
        for (const file of docFiles) {
            for (const [, name] of read(file).matchAll(/npm run (?:--silent )?([a-z][a-z0-9:-]*)/g)) {
                if (!(name in scripts)) problems.push(`${file}: npm run ${name}: no such script in package.json (scripts: ${Object.keys(scripts).join(", ")})`);
            }
        }
        assert.deepEqual(problems, []);
    });

    it("names only config keys the schema has (model/config/schema.ts)", () => {
        const known = new Set<string>([...Object.keys(configKeys), ...secretKeys]);
        const problems: string[] = [];
        for (const file of docFiles) {
            // `monitoring:index:<Name>` is a resource type, not a key.
            for (const [, key] of read(file).matchAll(/monitoring:([A-Za-z]+)(?![A-Za-z:])/g)) {
                if (!known.has(key)) problems.push(`${file}: monitoring:${key} is no config key`);
            }
        }
        assert.deepEqual(problems, []);
    });

    it("names only repository paths that exist (inline code, and the test columns of docs/verification.md)", () => {
        const top = /^(alerts|components|dashboards|tests|docs|runbooks|scripts|deploy|ops|policy|examples|bench|\.github)\//;
        const problems: string[] = [];
        const check = (file: string, p: string) => {
            if (/[<*{$]/.test(p) || !top.test(p)) return;
            if (!fs.existsSync(path.join(projectRoot, p.replace(/[:#].*$/, "")))) problems.push(`${file}: ${p} does not exist`);
        };
        for (const file of docFiles) for (const [, p] of prose(read(file)).matchAll(/`([^`\s]+)`/g)) check(file, p);
        for (const row of read("docs/verification.md")
            .split("\n")
            .filter((l) => l.startsWith("| ") && l.includes("tests/"))) {
            let dir = "";
            for (const entry of row
                .split("|")
                .slice(-2)[0]
                .split(",")
                .map((e) => e.trim())) {
                if (entry.includes("/")) dir = path.posix.dirname(entry);
                check("docs/verification.md", entry.includes("/") ? entry : `${dir}/${entry}`);
            }
        }
        assert.deepEqual(problems, []);
    });

    it("gives only ops commands that exist", () => {
        const commands = opsCommands();
        const problems: string[] = [];
        for (const file of docFiles) {
            for (const [, words] of read(file).matchAll(/npm run (?:--silent )?ops -- ((?:[a-z-]+ ?)+)/g)) {
                const [first, second] = words.trim().split(" ");
                if (first.startsWith("-")) continue;
                if (!commands.has(`${first} ${second}`) && !commands.has(first)) problems.push(`${file}: no ops command "${words.trim()}"`);
            }
        }
        assert.deepEqual(problems, []);
    });

    it("keeps the README a front door: short, a picture, the two commands, and a link to every docs page and how-to", () => {
        const readme = read("README.md");
        assert.ok(readme.length < 9000, `README.md is ${readme.length} characters; move detail into docs/`);
        assert.match(readme, /```mermaid\n/);
        assert.match(readme, /^npm ci && npm test && npm run test:live && npm run test:cluster {2,}# /m);
        assert.match(readme, /^npm run deploy -- dev {2,}# /m);
        const unlinked = docFiles.filter((f) => f.startsWith("docs/") && f !== "docs/how-to/README.md" && !readme.includes(`](${f})`));
        assert.deepEqual(unlinked, [], "docs pages the README does not link");
    });

    it("keeps every section the README had, each in one docs page", () => {
        const former = [
            "Quick start",
            "One command: deploy, preview, destroy, preflight",
            "Architecture",
            "The dev stack on Docker",
            "The prod stack on Kubernetes",
            "Day 2: every config change applies",
            "Changing the storage class",
            "A first `pulumi up` on a fresh cluster",
            "Configuration reference",
            "Stack outputs",
            "The guide's commands and where they went",
            "Operating the stack: `npm run ops`",
            "Generated files",
            "Metrics, alerts and routing",
            "Grafana as code",
            "Pull requests, deployments and drift",
            "Benchmarks",
            "Reliability drills",
            "What is verified, and how",
        ];
        const homes = former.map(
            (h) =>
                [
                    h,
                    docFiles.filter((f) => f.startsWith("docs/") && new RegExp(`^#{2,4} ${h.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m").test(read(f))),
                ] as const,
        );
        assert.deepEqual(
            homes.filter(([, files]) => files.length !== 1).map(([h, files]) => `${h}: in ${files.join(", ") || "no page"}`),
            [],
        );
    });
});

describe("docs/sizing.md", () => {
    it("sizes the prod defaults the program has: a change of them fails here until the table is measured again", () => {
        const prod = loadStackConfig("prod");
        const sizes = [prod.resources.prometheus.limits.memory, prod.storageSizes.prometheus, prod.prometheusRetentionTime, prod.prometheusRetentionSize];
        assert.deepEqual(sizes, ["4Gi", "60Gi", "30d", "50GB"]);
        assert.match(
            read("docs/sizing.md"),
            /Prometheus 2 replicas, each with a 4Gi memory limit, a 60Gi claim,\s+`prometheusRetentionTime: 30d` and `prometheusRetentionSize: 50GB`/,
        );
    });
});

describe("docs/how-to", () => {
    it("choose-components: the recipe removes the list, then sets every item, and the program deploys exactly those", () => {
        const doc = read("docs/how-to/choose-components.md");
        const block = /```bash\n([\s\S]*?)```/.exec(doc)![1].split("\n");
        assert.match(block[0], /^pulumi config rm monitoring:components /, "the list is removed first");
        const setAll = block.find((l) => l.startsWith("pulumi config set-all "))!;
        assert.match(setAll, / --path /);
        const items = [...setAll.matchAll(/--plaintext 'monitoring:components\[(\d+)\]=([a-z-]+)'/g)].map((m) => [Number(m[1]), m[2]] as const);
        assert.deepEqual(
            items.map(([i]) => i),
            items.map((_, i) => i),
            "indices 0, 1, 2, ... with no gap",
        );
        // What Pulumi then holds: the rm drops the stack file's seven, set-all writes a list of exactly these.
        const { "monitoring:components": _seven, ...rest } = loadRawStackConfig("dev");
        const config = parseStackConfig({ ...rest, "monitoring:components": JSON.stringify(items.map(([, c]) => c)) }, "dev");
        assert.deepEqual(config.components, ["prometheus", "grafana", "alertmanager"]);
        // The old recipe (one --path item, no rm) keeps all seven: what the how-to warns about.
        const seven = JSON.parse(loadRawStackConfig("dev")["monitoring:components"]);
        seven[0] = "prometheus";
        assert.equal(parseStackConfig({ ...rest, "monitoring:components": JSON.stringify(seven) }, "dev").components.length, 7);
        // The YAML way gives the same list.
        const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
        assert.deepEqual((parseYaml(yaml) as Record<string, string[]>)["monitoring:components"], ["prometheus", "grafana", "alertmanager"]);
    });

    it("first-prod-deploy: lists every placeholder Pulumi.prod.yaml ships, with its value and what to set, and the program's own words", () => {
        const doc = read("docs/how-to/first-prod-deploy.md");
        const config = loadStackConfig("prod");
        const findings = findPlaceholders(config);
        assert.equal(findings.length, 4);
        const lines = placeholderProblems(config);
        for (const [i, f] of findings.entries()) {
            const what = /; set (.*) in Pulumi\.prod\.yaml/.exec(lines[i])![1];
            assert.ok(
                doc.includes(`| \`${f.key}\` | \`${f.value}\` | ${what} |`),
                `docs/how-to/first-prod-deploy.md: add the row | \`${f.key}\` | \`${f.value}\` | ${what} |`,
            );
        }
        assert.ok(
            lines.some((l) => doc.includes(`\n${l}\n`)),
            "an example of the program's refusal, verbatim",
        );
        for (const need of ["kubeconfig", "ingress controller", "DNS", "trusted certificate", "storage class with expansion", "client namespaces exist"]) {
            assert.ok(doc.toLowerCase().includes(need.toLowerCase()), `the checklist names: ${need}`);
        }
    });

    it("are each linked from docs/how-to/README.md", () => {
        const index = read("docs/how-to/README.md");
        const pages = fs.readdirSync(path.join(projectRoot, "docs", "how-to")).filter((f) => f !== "README.md");
        assert.deepEqual(
            pages.filter((p) => !index.includes(`](${p})`)),
            [],
        );
    });
});
