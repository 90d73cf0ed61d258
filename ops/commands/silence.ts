// `ops silence add|list|expire` on Alertmanager's API v2.
import { AmSilence } from "../api-types";
import { silenceAuthor } from "../author";
import { parseDurationMs } from "../duration";
import { exitCodes, OpsError, usageError } from "../errors";
import { table } from "../format";
import { call, send } from "../http";
import { formatMatcher, parseMatcher } from "../matchers";
import { defaultMatchers, silenceBody, silenceIdPattern, silenceRows } from "../silence";
import { clusterLabel } from "./cluster";
import { Context } from "./context";

export interface SilenceAddOptions {
    readonly duration: string;
    readonly reason: string;
    readonly author?: string;
    readonly cluster?: string;
}

export async function silenceAddCommand(ctx: Context, matcherTexts: readonly string[], opts: SilenceAddOptions): Promise<number> {
    const durationMs = parseDurationMs("--duration", opts.duration);
    if (opts.reason.trim() === "") throw usageError('--reason: expected a non-empty reason, such as --reason "deploying orchestrator 2.4"');
    const parsed = matcherTexts.map(parseMatcher);
    const needsCluster = parsed.length === 0;
    const endpoints = ctx.endpoints(needsCluster && opts.cluster === undefined ? ["alertmanager", "prometheus"] : ["alertmanager"]);
    const am = ctx.endpoint(endpoints, "alertmanager");
    const matchers = needsCluster ? defaultMatchers(await clusterLabel(ctx, opts.cluster)) : parsed;
    const author = opts.author ?? silenceAuthor();
    const body = silenceBody(matchers, Date.now(), durationMs, author, opts.reason);
    const { silenceID } = await call<{ silenceID: string }>(am, "POST", "/api/v2/silences", body);
    const shown = matchers.map(formatMatcher);
    if (ctx.options.json) ctx.printJson({ id: silenceID, matchers: shown, endsAt: body.endsAt, createdBy: author, comment: opts.reason });
    else {
        ctx.print(`Silence ${silenceID} on {${shown.join(", ")}} until ${body.endsAt}, by ${author}.`);
        ctx.print(`Lift it early with: npm run ops -- silence expire ${silenceID}`);
    }
    return exitCodes.ok;
}

export async function silenceListCommand(ctx: Context, opts: { readonly all: boolean }): Promise<number> {
    const am = ctx.endpoint(ctx.endpoints(["alertmanager"]), "alertmanager");
    const rows = silenceRows(await call<AmSilence[]>(am, "GET", "/api/v2/silences"), opts.all);
    if (ctx.options.json) ctx.printJson(rows);
    else if (rows.length === 0) ctx.print(opts.all ? "No silences." : "No active or pending silences (--all shows expired ones).");
    else
        ctx.print(
            table(
                ["ID", "STATE", "ENDS", "BY", "MATCHERS", "REASON"],
                rows.map((r) => [r.id, r.state, r.endsAt, r.createdBy, r.matchers, r.comment]),
            ),
        );
    return exitCodes.ok;
}

export async function silenceExpireCommand(ctx: Context, id: string): Promise<number> {
    if (!silenceIdPattern.test(id)) throw usageError(`bad silence id ${JSON.stringify(id)}: expected the UUID that silence add or silence list printed`);
    const am = ctx.endpoint(ctx.endpoints(["alertmanager"]), "alertmanager");
    const result = await send(am, "DELETE", `/api/v2/silence/${id}`);
    if (result.status === 404 || (result.status >= 400 && /not found/i.test(result.text))) {
        throw new OpsError(`no silence ${id} in Alertmanager at ${am.baseUrl} (npm run ops -- silence list shows the ids)`, exitCodes.unhealthy);
    }
    if (result.status < 200 || result.status >= 300) {
        throw new OpsError(
            `Alertmanager answered ${result.status} to DELETE ${am.baseUrl}/api/v2/silence/${id}: ${result.text.trim().slice(0, 200)}`,
            exitCodes.unhealthy,
        );
    }
    if (ctx.options.json) ctx.printJson({ id, expired: true });
    else ctx.print(`Silence ${id} expired.`);
    return exitCodes.ok;
}
