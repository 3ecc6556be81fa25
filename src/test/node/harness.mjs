// What the dub-*.mjs scripts share: an SDK client pointed at REFERLY_URL with REFERLY_API_KEY that
// remembers its last exchange, a list of named checks, and a runner that prints one line per
// check, explains each failure (SDK validation error, HTTP error, last exchange) and ends with
// "dub-sdk: <n> passed, <m> failed" (testing/DubSdkScript reads that line).

import { Dub } from "dub";
import { HTTPClient } from "dub/lib/http.js";
import * as errors from "dub/models/errors";

export const BASE_URL = (process.env.REFERLY_URL ?? "").replace(/\/+$/, "");
export const API_KEY = process.env.REFERLY_API_KEY ?? "";
if (!BASE_URL || !API_KEY) {
    console.error("Set REFERLY_URL (e.g. http://localhost:8080) and REFERLY_API_KEY.");
    process.exit(2);
}

export const BROWSER_UA =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** Unique per run, so a script can run twice against one server. */
export const run = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

// The last exchange the SDK made, to explain a failure.
let lastExchange = null;
const httpClient = new HTTPClient({
    fetcher: async (input, init) => {
        const req = input instanceof Request ? input : new Request(input, init);
        const requestBody = req.body ? await req.clone().text() : "";
        const res = await fetch(req);
        lastExchange = {
            request: `${req.method} ${req.url}${requestBody ? " " + requestBody : ""}`,
            status: res.status,
            body: await res.clone().text(),
        };
        return res;
    },
});

/** The SDK's last request and response: `{request, status, body}`, for checks on raw fields the SDK drops. */
export function lastExchangeMade() {
    return lastExchange;
}

export const dub = new Dub({ token: API_KEY, serverURL: BASE_URL, httpClient });

const checks = [];

export function check(name, fn) {
    checks.push({ name, fn });
}

/** A check the server cannot pass yet: listed as KNOWN, not run and not counted. */
check.known = (name, reason, fn) => {
    void fn;
    checks.push({ name, known: reason });
};

function clip(text, max = 4000) {
    return text.length > max ? text.slice(0, max) + `... (${text.length} chars)` : text;
}

function describe(err) {
    const lines = [];
    if (err instanceof errors.SDKValidationError || typeof err?.pretty === "function") {
        lines.push(err.pretty());
        if (err.rawValue !== undefined) {
            lines.push("raw value: " + clip(JSON.stringify(err.rawValue)));
        }
    } else if (err instanceof errors.DubError) {
        lines.push(`${err.name} (HTTP ${err.statusCode}): ${err.message}`);
        lines.push("body: " + clip(err.body));
    } else {
        lines.push(err?.stack ?? String(err));
    }
    if (lastExchange) {
        lines.push("last request: " + clip(lastExchange.request, 1000));
        lines.push(`last response: ${lastExchange.status} ${clip(lastExchange.body)}`);
    }
    return lines.join("\n").replace(/^/gm, "    ");
}

/** Runs the checks in order and sets the exit code: 1 when any failed. */
export async function runChecks() {
    const results = { passed: 0, failed: 0, known: [] };
    for (const c of checks) {
        if (c.known) {
            results.known.push(c.name);
            console.log(`KNOWN  ${c.name} (not run: ${c.known})`);
            continue;
        }
        lastExchange = null;
        try {
            await c.fn();
            results.passed++;
            console.log(`ok     ${c.name}`);
        } catch (err) {
            results.failed++;
            console.log(`FAIL   ${c.name}\n${describe(err)}`);
        }
    }
    if (results.known.length) {
        console.log(`dub-sdk: ${results.known.length} known gap(s) not run: ${results.known.join("; ")}`);
    }
    console.log(`dub-sdk: ${results.passed} passed, ${results.failed} failed`);
    process.exitCode = results.failed === 0 ? 0 : 1;
}
