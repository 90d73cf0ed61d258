// Debian's Alertmanager 0.25 predates the webhook's url_file (0.26, prometheus/alertmanager#3223), which the image's v0.28
// reads. To check the rest of a rendered file with 0.25, each url_file is swapped for an inline placeholder URL, and the
// swapped blocks are held to the documented shape: {url_file: <path>, send_resolved}.
import { parse, stringify } from "yaml";

export const placeholderHeartbeatUrl = "https://heartbeat.invalid/ping";

export interface SwappedConfig {
    readonly text: string;
    /** The webhook blocks that had a url_file, as rendered. */
    readonly swapped: readonly Record<string, unknown>[];
}

export function swapUrlFilesForAlertmanager025(rendered: string): SwappedConfig {
    const doc = parse(rendered) as { receivers: { webhook_configs?: Record<string, unknown>[] }[] };
    const swapped: Record<string, unknown>[] = [];
    for (const receiver of doc.receivers) {
        receiver.webhook_configs = receiver.webhook_configs?.map((block) => {
            if (block.url_file === undefined) return block;
            swapped.push({ ...block });
            const { url_file: _file, ...rest } = block;
            return { ...rest, url: placeholderHeartbeatUrl };
        });
        if (receiver.webhook_configs === undefined) delete receiver.webhook_configs;
    }
    return { text: stringify(doc), swapped };
}
