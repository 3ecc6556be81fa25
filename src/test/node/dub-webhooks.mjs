// Checks webhook deliveries a Referly server made, as a receiver would (WebhookPayloadsIT writes them):
// each body must parse with the official `dub` SDK's webhook event schema (zod, strict about
// required keys and types), and both signatures must verify with node:crypto alone.
//
//   node dub-webhooks.mjs <dir of captured deliveries: {secret, headers, body} per .json file>
//
// Ends with "dub-webhooks: <n> passed, <m> failed".

import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as components from "dub/models/components";
import * as operations from "dub/models/operations";

const dir = process.argv[2];
let passed = 0;
let failed = 0;

function check(name, fn) {
    try {
        fn();
        passed++;
        console.log(`PASS ${name}`);
    } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${e?.stack ?? e}`);
    }
}

// --- the README's verification snippets -------------------------------------------------------
// Dub's convention: hex HMAC-SHA256 of the raw body, keyed with the whole secret string.
function verifyDubSignature(secret, rawBody, signature) {
    const expected = crypto.createHmac("sha256", secret).update(rawBody).digest("hex");
    return signature.length === expected.length
        && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

// Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body", keyed with the base64 part of whsec_.
function verifyStandardWebhook(secret, headers, rawBody, toleranceSeconds = 300) {
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const id = headers["webhook-id"];
    const timestamp = headers["webhook-timestamp"];
    const expected = "v1," + crypto.createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`).digest("base64");
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= toleranceSeconds;
    return fresh && headers["webhook-signature"].split(" ").includes(expected);
}
// -----------------------------------------------------------------------------------------------

// How each event is checked: the SDK's schema for it, or (for Referly's events without one in the
// SDK) the schema of the same object in the SDK's API responses.
const schemas = {
    "link.created": (e) => components.LinkWebhookEvent$inboundSchema.parse(e),
    "link.updated": (e) => components.LinkWebhookEvent$inboundSchema.parse(e),
    "link.deleted": (e) => components.LinkWebhookEvent$inboundSchema.parse(e),
    "link.clicked": (e) => components.LinkClickedEvent$inboundSchema.parse(e),
    "lead.created": (e) => components.LeadCreatedEvent$inboundSchema.parse(e),
    "sale.created": (e) => components.SaleCreatedEvent$inboundSchema.parse(e),
    "partner.enrolled": (e) => components.PartnerEnrolledEvent$inboundSchema.parse(e),
    "commission.created": (e) => components.CommissionCreatedEvent$inboundSchema.parse(e),
    "commission.updated": (e) => components.CommissionCreatedEvent$inboundSchema.parse({ ...e, event: "commission.created" }),
    "payout.confirmed": (e) => operations.ListPayoutsResponseBody$inboundSchema.parse(e.data),
    "partner.group_moved": (e) => {
        assert.equal(typeof e.data.groupId, "string");
        assert.equal(typeof e.data.previousGroupId, "string");
        assert.equal(typeof e.data.partner.totalCommissions, "number");
    },
};

const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
for (const file of files) {
    const delivery = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    const event = JSON.parse(delivery.body);
    check(`${file} ${event.event} parses with the dub SDK's schema`, () => {
        const parse = schemas[event.event];
        assert.ok(parse, `no check for ${event.event}`);
        const parsed = parse(event);
        if (event.event !== "payout.confirmed" && event.event !== "partner.group_moved") {
            assert.equal(parsed.id, event.id);
            assert.equal(parsed.event, event.event === "commission.updated" ? "commission.created" : event.event);
        }
    });
    check(`${file} Dub-Signature verifies`, () => {
        assert.ok(verifyDubSignature(delivery.secret, delivery.body, delivery.headers["dub-signature"]));
        assert.ok(!verifyDubSignature(delivery.secret, delivery.body + " ", delivery.headers["dub-signature"]));
    });
    check(`${file} Standard Webhooks signature verifies`, () => {
        // the test server's clock is not the wall clock: tolerance off for this check
        assert.ok(verifyStandardWebhook(delivery.secret, delivery.headers, delivery.body, Infinity));
        assert.ok(!verifyStandardWebhook(delivery.secret, { ...delivery.headers, "webhook-id": "evt_other" },
            delivery.body, Infinity));
    });
}
if (files.length === 0) {
    failed++;
    console.log(`FAIL no deliveries in ${dir}`);
}
console.log(`dub-webhooks: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
