// A local HTTP server that records Alertmanager webhook notifications, one path per receiver (stands in for PagerDuty etc.).
import * as http from "http";
import * as net from "net";

type Labels = Readonly<Record<string, string>>;
/** An Alertmanager webhook notification (payload version 4) and one of its alerts. */
export type WebhookAlert = { status: "firing" | "resolved"; labels: Labels; annotations: Labels; startsAt: string; endsAt: string; fingerprint: string };
type WebhookNotification = { receiver: string; status: "firing" | "resolved"; alerts: WebhookAlert[]; groupLabels: Labels; commonLabels: Labels };
/** A notification, the path it came on without the leading slash (the receiver it was configured for), and Date.now() when it arrived. */
export type ReceivedNotification = { path: string; receivedAt: number; body: WebhookNotification };
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** Starts the receiver on a free port of 127.0.0.1. Anything but a JSON POST is answered 400 and recorded nowhere. */
export async function startWebhookReceiver() {
    const received: ReceivedNotification[] = [];
    const refused: number[] = [];
    let failure: number | undefined;
    const server = await listen((request, response) => {
        let body = "";
        request.setEncoding("utf8");
        request.on("data", (chunk: string) => (body += chunk));
        request.on("end", () => {
            try {
                if (request.method !== "POST") throw new Error(`method ${request.method}`);
                if (failure !== undefined) return void (refused.push(Date.now()), response.writeHead(failure).end());
                received.push({ path: (request.url ?? "/").replace(/^\//, ""), receivedAt: Date.now(), body: JSON.parse(body) });
                response.writeHead(200).end();
            } catch (e) {
                response.writeHead(400).end(String(e));
            }
        });
    });
    return {
        baseUrl: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        /** Every notification so far, in arrival order; those that arrived on /<path>. */
        received: (): readonly ReceivedNotification[] => [...received],
        receivedOn: (path: string): readonly ReceivedNotification[] => received.filter((n) => n.path === path),
        /** From now on answer every POST with `status` and record nothing (a receiver that is down); undefined: accept again. */
        failWith: (status: number | undefined) => void (failure = status),
        /** Arrival times (Date.now()) of the POSTs answered with a failure status. */
        refused: (): readonly number[] => [...refused],
        close: () => closeServer(server),
    };
}

export async function listen(handler: http.RequestListener): Promise<http.Server> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    return server;
}

/** Closes a server and its keep-alive connections (why: Alertmanager and Prometheus keep connections open). */
export function closeServer(server: http.Server): Promise<void> {
    return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
    });
}
