// .github/workflows: linted by a real workflow validator (action-validator's wasm build, from npm), and held to what the
// README promises: previews with the policy pack and one comment per stack, deploys behind review, hourly drift issues.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { projectRoot } from "../support/stack-files";

const { validateWorkflow } = require("@action-validator/core") as typeof import("@action-validator/core");

const dir = path.join(projectRoot, ".github", "workflows");
const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yml"))
    .sort();
const text = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Record<string, any>;
const steps = (file: string, job: string) => workflow(file).jobs[job].steps as Record<string, any>[];
const runText = (file: string) =>
    Object.values<any>(workflow(file).jobs)
        .flatMap((j) => j.steps ?? [])
        .map((s: Record<string, any>) => s.run ?? "")
        .join("\n");
const packageScripts = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts as Record<string, string>;

describe("GitHub workflows", () => {
    it("are the four promised ones", () => {
        assert.deepEqual(files, ["deploy.yml", "drift.yml", "preview.yml", "test.yml"]);
    });

    for (const file of files) {
        it(`${file} passes action-validator (GitHub's workflow schema)`, () => {
            assert.deepEqual(validateWorkflow(text(file)).errors, []);
        });
    }

    it("the validator really validates: a misspelt key is an error", () => {
        const broken = text("test.yml").replace("runs-on:", "runs-onn:");
        assert.ok(validateWorkflow(broken).errors.length > 0);
    });

    it("call only npm scripts that exist in package.json", () => {
        const called = files.flatMap((f) => [...runText(f).matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
        assert.ok(called.includes("preview-summary"));
        assert.deepEqual(
            called.filter((s) => !(s in packageScripts)),
            [],
        );
        assert.ok("test" in packageScripts);
    });

    it("pin every action to a full version", () => {
        for (const file of files) {
            for (const [, ref] of text(file).matchAll(/uses:\s*(\S+)/g)) assert.match(ref, /@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/, `${file}: ${ref}`);
        }
    });

    it("keep secrets out of command lines and logs", () => {
        for (const file of files) {
            assert.doesNotMatch(runText(file), /\$\{\{\s*secrets\./, `${file}: secrets only through env`);
            assert.doesNotMatch(text(file), /show-secrets|set -x|ACTIONS_STEP_DEBUG/, file);
        }
        const access = fs.readFileSync(path.join(projectRoot, ".github", "scripts", "stack-access.sh"), "utf8");
        assert.doesNotMatch(access, /echo "?\$(DOCKER_SSH_KEY|PROD_KUBECONFIG)/);
        assert.match(access, /umask 077/);
    });

    it("test.yml runs the README's test command on every pull request", () => {
        const wf = workflow("test.yml");
        assert.ok("pull_request" in wf.on);
        assert.ok(steps("test.yml", "test").some((s) => s.run === "npm ci && npm test && npm run test:live && npm run test:cluster"));
        assert.match(
            fs.readFileSync(path.join(projectRoot, "README.md"), "utf8"),
            /npm ci && npm test && npm run test:live && npm run test:cluster {2,}# the test command \(CI runs exactly this\)/,
        );
    });

    it("preview.yml previews dev and prod with --refresh --diff and the policy pack, one run per stack, one comment per stack", () => {
        const wf = workflow("preview.yml");
        assert.ok("pull_request" in wf.on);
        const job = wf.jobs.preview;
        assert.deepEqual(
            job.strategy.matrix.include.map((i: any) => i.stack),
            ["dev", "prod"],
        );
        assert.deepEqual(job.concurrency, { group: "pulumi-${{ matrix.stack }}", "cancel-in-progress": false });
        const preview = job.steps.find((s: any) => s.id === "preview");
        assert.equal(preview.uses, "pulumi/actions@v6.6.1");
        assert.deepEqual(
            {
                command: preview.with.command,
                refresh: preview.with.refresh,
                diff: preview.with.diff,
                policyPacks: preview.with.policyPacks,
                stack: preview.with["stack-name"],
            },
            { command: "preview", refresh: true, diff: true, policyPacks: "policy", stack: "${{ matrix.stack }}" },
        );
        // A failed policy fails the step (mandatory policies), and so the job; the comment still goes out.
        assert.equal(preview["continue-on-error"], undefined);
        const comment = job.steps.find((s: any) => String(s.uses).startsWith("actions/github-script@"));
        assert.equal(comment.if, "success() || failure()");
        assert.match(comment.with.script, /monitoring-preview:\$\{process\.env\.STACK\}/);
        assert.match(comment.with.script, /updateComment/);
        assert.deepEqual(wf.permissions, { contents: "read", "pull-requests": "write" });
    });

    it("deploy.yml runs pulumi up for dev, then prod behind the production environment", () => {
        const wf = workflow("deploy.yml");
        assert.deepEqual(wf.on, { push: { branches: ["main"] } });
        assert.equal(wf.jobs.prod.needs, "dev");
        assert.equal(wf.jobs.prod.environment, "production");
        for (const [job, stack] of [
            ["dev", "dev"],
            ["prod", "prod"],
        ]) {
            const up = steps("deploy.yml", job).find((s) => s.with?.command === "up")!;
            assert.equal(up.with["stack-name"], stack);
            assert.equal(up.with.policyPacks, "policy");
            assert.equal(wf.jobs[job].concurrency.group, `pulumi-${stack}`);
        }
    });

    it("drift.yml checks every hour for changes, keeps one issue per stack and closes it when clean", () => {
        const wf = workflow("drift.yml");
        assert.match(wf.on.schedule[0].cron, /^\d{1,2} \* \* \* \*$/);
        assert.deepEqual(
            wf.jobs.drift.strategy.matrix.include.map((i: any) => i.stack),
            ["dev", "prod"],
        );
        assert.equal(wf.jobs.drift.concurrency.group, "pulumi-${{ matrix.stack }}");
        assert.match(runText("drift.yml"), /pulumi preview --stack "\$\{\{ matrix\.stack \}\}" --refresh --expect-no-changes --json > preview\.json/);
        const script = steps("drift.yml", "drift").find((s) => String(s.uses).startsWith("actions/github-script@"))!.with.script as string;
        assert.match(script, /const title = `Drift in \$\{process\.env\.STACK\}`/);
        assert.match(script, /state: "closed"/);
        assert.match(script, /issues\.create\(/);
        assert.deepEqual(wf.permissions, { contents: "read", issues: "write" });
    });

    it("stack-access.sh is valid bash and refuses an unknown stack with exit 2", () => {
        const script = path.join(projectRoot, ".github", "scripts", "stack-access.sh");
        assert.equal(spawnSync("bash", ["-n", script]).status, 0);
        const result = spawnSync("bash", [script, "qa"], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: "/nonexistent" } });
        assert.equal(result.status, 2);
        assert.equal(result.stderr, "stack-access.sh: unknown stack qa (accepted: dev, prod)\n");
    });
});
