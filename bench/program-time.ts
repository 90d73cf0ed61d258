// Program time: cold Node processes that load the program as `pulumi up` does (ts-node with this project's tsconfig)
// under the mock engine, against the floor (a bare program registering as many plain resources), at 1x to 10x size.
import { spawn, spawnSync } from "child_process";
import * as path from "path";

const projectRoot = path.resolve(__dirname, "..");

export interface ChildResult {
    readonly resources: number;
    /** Wall time from the process' start until every resource was registered (its own clock: Node's exit is not counted). */
    readonly wallSeconds: number;
    readonly maxRssKb: number;
}

/** Spawns `node -r ts-node/register/transpile-only <script> <args>` in the project and reads what it measured. */
function runChild(script: string, args: readonly string[]): Promise<ChildResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(projectRoot, "bench", script), ...args], {
            cwd: projectRoot,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.once("error", reject);
        child.once("exit", (code) => {
            if (code !== 0) return reject(new Error(`${script} ${args.join(" ")} exited ${code}:\n${err}`));
            const { resources, seconds, maxRssKb } = JSON.parse(out.trim().split("\n").pop()!) as { resources: number; seconds: number; maxRssKb: number };
            resolve({ resources, wallSeconds: seconds, maxRssKb });
        });
    });
}

export const median = (values: readonly number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export interface ProgramCase {
    readonly stack: string;
    /** 0: the stack as it is; k: k times the reference size (bench/scale.ts). */
    readonly scale: number;
}

export interface ProgramMeasurement extends ProgramCase {
    readonly resources: number;
    readonly seconds: number;
    readonly maxRssMb: number;
    readonly floorSeconds: number;
    readonly floorMaxRssMb: number;
}

/** Median of `runs` cold runs of the program and of its floor, for each case (runs alternate to share any drift). */
export async function measureProgramTime(cases: readonly ProgramCase[], runs: number): Promise<ProgramMeasurement[]> {
    const results: ProgramMeasurement[] = [];
    for (const c of cases) {
        const program: ChildResult[] = [];
        const floor: ChildResult[] = [];
        for (let i = 0; i < runs; i++) {
            program.push(await runChild("program-child.ts", [c.stack, String(c.scale)]));
            floor.push(await runChild("floor-child.ts", [String(program[i].resources)]));
        }
        results.push({
            ...c,
            resources: program[0].resources,
            seconds: median(program.map((r) => r.wallSeconds)),
            maxRssMb: Math.max(...program.map((r) => r.maxRssKb)) / 1024,
            floorSeconds: median(floor.map((r) => r.wallSeconds)),
            floorMaxRssMb: Math.max(...floor.map((r) => r.maxRssKb)) / 1024,
        });
    }
    return results;
}

/** Least-squares line through (k, seconds): the per-unit cost and how well a line fits (R²). */
export function linearFit(points: readonly { x: number; y: number }[]): { intercept: number; slope: number; r2: number } {
    const n = points.length;
    const mx = points.reduce((s, p) => s + p.x, 0) / n;
    const my = points.reduce((s, p) => s + p.y, 0) / n;
    const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
    const slope = sxy / sxx;
    const intercept = my - slope * mx;
    const ssTot = points.reduce((s, p) => s + (p.y - my) ** 2, 0);
    const ssRes = points.reduce((s, p) => s + (p.y - (intercept + slope * p.x)) ** 2, 0);
    return { intercept, slope, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

export interface TypeCheckMeasurement {
    readonly seconds: number;
    readonly checkSeconds: number;
    readonly files: number;
    readonly instantiations: number;
}

/** `tsc --noEmit` over the project, with TypeScript's own account of where the time goes. */
export function measureTypeCheck(runs: number): TypeCheckMeasurement {
    const tsc = path.join(projectRoot, "node_modules", "typescript", "bin", "tsc");
    const samples = Array.from({ length: runs }, () => {
        const started = process.hrtime.bigint();
        const result = spawnSync(process.execPath, [tsc, "--noEmit", "--extendedDiagnostics"], { cwd: projectRoot, encoding: "utf8" });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (result.status !== 0) throw new Error(`tsc --noEmit failed:\n${result.stdout}${result.stderr}`);
        const field = (name: string) => Number((new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(result.stdout) ?? [])[1]);
        return { seconds, checkSeconds: field("Check time"), files: field("Files"), instantiations: field("Instantiations") };
    });
    const best = samples.sort((a, b) => a.seconds - b.seconds)[Math.floor(samples.length / 2)];
    return best;
}
