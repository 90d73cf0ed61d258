// A team's scrape-target file in the monitoring stack's `scrapeTargetsDir` (Docker): a dynamic resource, so no provider plugin is needed.
import * as pulumi from "@pulumi/pulumi";

// Imported when called: Pulumi serializes the provider's code into the state, and a module object captured at the top cannot be.
const modules = async () => ({ fs: await import("fs"), path: await import("path") });

/** The file's place and bytes. `dir` must exist: the monitoring stack creates it, on the host both stacks run on. */
export interface TargetsFileInputs {
    readonly dir: string;
    readonly file: string;
    readonly content: string;
}

async function writeTargetsFile({ dir, file, content }: TargetsFileInputs): Promise<string> {
    const { fs, path } = await modules();
    if (!fs.existsSync(dir))
        throw new Error(
            `${dir} does not exist on this host: run this stack on the Docker host of the monitoring stack, after that stack lists the team and is deployed`,
        );
    const target = path.join(dir, file);
    // Written beside it and renamed: Prometheus never reads half a file, and a dot file is not one it reads.
    const temporary = path.join(dir, `.${file}.tmp`);
    fs.writeFileSync(temporary, content, { mode: 0o644 });
    fs.chmodSync(temporary, 0o644);
    fs.renameSync(temporary, target);
    return target;
}

async function removeTargetsFile({ dir, file }: TargetsFileInputs): Promise<void> {
    const { fs, path } = await modules();
    fs.rmSync(path.join(dir, file), { force: true });
}

/** Create, update and delete of the file; exported so the live test writes exactly what a deploy writes. */
export const targetsFileProvider = {
    async create(inputs: TargetsFileInputs): Promise<pulumi.dynamic.CreateResult> {
        return { id: await writeTargetsFile(inputs), outs: inputs };
    },
    async update(_id: string, olds: TargetsFileInputs, news: TargetsFileInputs): Promise<pulumi.dynamic.UpdateResult> {
        if (olds.dir !== news.dir || olds.file !== news.file) await removeTargetsFile(olds);
        await writeTargetsFile(news);
        return { outs: news };
    },
    async delete(_id: string, props: TargetsFileInputs): Promise<void> {
        await removeTargetsFile(props);
    },
} satisfies pulumi.dynamic.ResourceProvider;

export class TargetsFile extends pulumi.dynamic.Resource {
    constructor(name: string, inputs: { [K in keyof TargetsFileInputs]: pulumi.Input<TargetsFileInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
        super(targetsFileProvider, name, inputs, opts, "team", "TargetsFile");
    }
}
