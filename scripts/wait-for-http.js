#!/usr/bin/env node
// Waits until a URL answers 200 (Grafana's /api/health before its provider runs); exits 1 after the timeout.
// Plain JavaScript so that `pulumi up` can run it with node alone. Usage: wait-for-http.js <url> <timeout-seconds>
const [url, timeoutArg = "180"] = process.argv.slice(2);
if (!url) {
    console.error("usage: wait-for-http.js <url> <timeout-seconds>");
    process.exit(2);
}
const deadline = Date.now() + Number(timeoutArg) * 1000;
let last = "no answer yet";

async function attempt() {
    try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
        if (response.status === 200) return true;
        last = `HTTP ${response.status}`;
    } catch (err) {
        last = err.cause?.code ?? err.message;
    }
    return false;
}

(async () => {
    while (Date.now() < deadline) {
        if (await attempt()) {
            console.log(`${url} is healthy`);
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    console.error(`${url} did not answer 200 within ${timeoutArg}s (last: ${last})`);
    process.exit(1);
})();
