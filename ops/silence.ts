// `ops silence add|list|expire` on Alertmanager's API v2: the silence a command creates, and silences as rows.
import { execFileSync } from "child_process";
import * as os from "os";
import type { Context } from "./cli";
import { formatMatcher, Matcher } from "../alerts/routing";
import { fromApiMatcher, ApiMatcher, parseDurationMs, parseMatcher, toApiMatcher } from "./matchers";
import { call, exitCodes, send, unhealthyError, usageError } from "./http";
import { byName, table } from "./format";
import { clusterLabel } from "./test-alert";

export type AmSilence = { id: string; matchers: ApiMatcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string; status: { state: string } };

/** Without matchers: every alert of this cluster but the Watchdog, whose silence would stop the heartbeat and page someone for the maintenance. */
export function defaultMatchers(cluster: string): Matcher[] {
    return [
        { label: "cluster", op: "=", value: cluster },
        { label: "alertname", op: "!=", value: "Watchdog" },
    ];
}

export function silenceBody(matchers: readonly Matcher[], nowMs: number, durationMs: number, author: string, reason: string) {
    const at = (ms: number) => new Date(ms).toISOString();
    return { matchers: matchers.map(toApiMatcher), startsAt: at(nowMs), endsAt: at(nowMs + durationMs), createdBy: author, comment: reason };
}

export function silenceRows(silences: readonly AmSilence[], all: boolean) {
    return silences
        .filter((s) => all || s.status.state !== "expired")
        .map((s) => ({
            id: s.id,
            state: s.status.state,
            matchers: s.matchers.map((m) => formatMatcher(fromApiMatcher(m))).join(", "),
            endsAt: s.endsAt,
            createdBy: s.createdBy,
            comment: s.comment,
        }))
        .sort((a, b) => byName(a.endsAt, b.endsAt) || byName(a.id, b.id));
}

export const silenceAuthor = (git = gitUserName, login = loginName): string => git()?.trim() || login();

function gitUserName(): string | undefined {
    try {
        return execFileSync("git", ["config", "user.name"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5_000 });
    } catch {
        return undefined; // No git, or no user.name.
    }
}

function loginName(): string {
    try {
        return os.userInfo().username;
    } catch {
        return process.env.USER ?? "unknown";
    }
}

export async function silenceAddCommand(ctx: Context, matcherTexts: string[], opts: { duration: string; reason: string; author?: string; cluster?: string }) {
    const durationMs = parseDurationMs("--duration", opts.duration);
    if (opts.reason.trim() === "") throw usageError('--reason: expected a non-empty reason, such as --reason "deploying orchestrator 2.4"');
    const parsed = matcherTexts.map(parseMatcher);
    const am = ctx.endpoint("alertmanager", parsed.length === 0 && opts.cluster === undefined ? ["prometheus"] : []);
    const matchers = parsed.length === 0 ? defaultMatchers(await clusterLabel(ctx, opts.cluster)) : parsed;
    const author = opts.author ?? silenceAuthor();
    const body = silenceBody(matchers, Date.now(), durationMs, author, opts.reason);
    const { silenceID } = await call<{ silenceID: string }>(am, "POST", "/api/v2/silences", body);
    const shown = matchers.map(formatMatcher);
    ctx.show({ id: silenceID, matchers: shown, endsAt: body.endsAt, createdBy: author, comment: opts.reason }, () => [
        `Silence ${silenceID} on {${shown.join(", ")}} until ${body.endsAt}, by ${author}.`,
        `Lift it early with: npm run ops -- silence expire ${silenceID}`,
    ]);
    return exitCodes.ok;
}

export async function silenceListCommand(ctx: Context, opts: { readonly all: boolean }): Promise<number> {
    const rows = silenceRows(await call<AmSilence[]>(ctx.endpoint("alertmanager"), "GET", "/api/v2/silences"), opts.all);
    const empty = opts.all ? "No silences." : "No active or pending silences (--all shows expired ones).";
    const cells = rows.map((r) => [r.id, r.state, r.endsAt, r.createdBy, r.matchers, r.comment]);
    ctx.show(rows, () => (rows.length === 0 ? empty : table(["ID", "STATE", "ENDS", "BY", "MATCHERS", "REASON"], cells)));
    return exitCodes.ok;
}

export async function silenceExpireCommand(ctx: Context, id: string): Promise<number> {
    // Alertmanager generates UUIDs; anything else is a typo, caught before a request.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
        throw usageError(`bad silence id ${JSON.stringify(id)}: expected the UUID that silence add or silence list printed`);
    }
    const am = ctx.endpoint("alertmanager");
    const { status, text } = await send(am, "DELETE", `/api/v2/silence/${id}`);
    if (status === 404 || (status >= 400 && /not found/i.test(text))) {
        throw unhealthyError(`no silence ${id} in Alertmanager at ${am.baseUrl} (npm run ops -- silence list shows the ids)`);
    }
    if (status < 200 || status >= 300) {
        throw unhealthyError(`Alertmanager answered ${status} to DELETE ${am.baseUrl}/api/v2/silence/${id}: ${text.trim().slice(0, 200)}`);
    }
    ctx.show({ id, expired: true }, () => `Silence ${id} expired.`);
    return exitCodes.ok;
}
