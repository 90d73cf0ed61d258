import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";

// The Node.js the README asks for is what the dependencies declare, and the test command runs on it.
const root = path.join(__dirname, "..", "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));

describe("Node.js version", () => {
    const project = readJson("package.json");

    it("package.json asks for Node.js 22 or newer, as @pulumi/pulumi and kubernetes-models declare", () => {
        assert.strictEqual(project.engines.node, ">=22");
        assert.strictEqual(readJson("node_modules/@pulumi/pulumi/package.json").engines.node, ">=22");
        assert.strictEqual(readJson("node_modules/kubernetes-models/package.json").engines.node, ">=22");
    });

    it("the test command runs on the pinned Node.js 22 LTS from npm's node package", () => {
        assert.strictEqual(project.devDependencies.node, "22.23.3");
        assert.strictEqual(process.versions.node, "22.23.3");
        assert.ok(semver.satisfies(process.versions.node, project.engines.node));
    });

    it("the README states the same requirement", () => {
        const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
        assert.match(readme, /The tests need Node\.js 22 or newer/);
        assert.doesNotMatch(readme, /Node\.js 20\.19/);
    });
});
