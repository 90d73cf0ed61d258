// A local HTTP server that records Alertmanager webhook notifications, one path per receiver (stands in for PagerDuty etc.).
import * as http from "http";
import * as net from "net";

/** One alert of an Alertmanager webhook notification (payload version 4). */
export interface WebhookAlert {
    readonly status: "firing" | "resolved";
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly fingerprint: string;
}

export interface WebhookNotification {
    readonly receiver: string;
    readonly status: "firing" | "resolved";
    readonly alerts: readonly WebhookAlert[];
    readonly groupLabels: Readonly<Record<string, string>>;
    readonly commonLabels: Readonly<Record<string, string>>;
}

export interface ReceivedNotification {
    /** Request path without the leading slash: the receiver it was configured for. */
    readonly path: string;
    /** Date.now() when it arrived. */
    readonly receivedAt: number;
    readonly body: WebhookNotification;
}

export interface WebhookReceiver {
    /** http://127.0.0.1:<port> */
    readonly baseUrl: string;
    /** Every notification so far, in arrival order. */
    received(): readonly ReceivedNotification[];
    /** Notifications that arrived on /<path>. */
    receivedOn(path: string): readonly ReceivedNotification[];
    /** From now on answer every POST with `status` and record nothing (a receiver that is down); undefined: accept again. */
    failWith(status: number | undefined): void;
    /** Arrival times (Date.now()) of the POSTs answered with a failure status. */
    refused(): readonly number[];
    close(): Promise<void>;
}

/** Starts the receiver on a free port of 127.0.0.1. Anything but a JSON POST is answered 400 and recorded nowhere. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
    const received: ReceivedNotification[] = [];
    const refused: number[] = [];
    let failure: number | undefined;
    const server = http.createServer((request, response) => {
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
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (server.address() as net.AddressInfo).port;
    return {
        baseUrl: `http://127.0.0.1:${port}`,
        received: () => [...received],
        receivedOn: (path) => received.filter((n) => n.path === path),
        failWith: (status) => void (failure = status),
        refused: () => [...refused],
        close: () => closeServer(server),
    };
}

/** Closes a server and its keep-alive connections (why: Alertmanager and Prometheus keep connections open). */
export function closeServer(server: http.Server): Promise<void> {
    return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
    });
}
