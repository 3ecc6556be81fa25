// Runs the official `dub` SDK's commissions and payouts calls against a Referly server whose
// workspace already has a partner with commissions and a pending payout (set up by CommissionsSdkIT).
//
//   REFERLY_URL=... REFERLY_API_KEY=... COMMISSION_ID=cm_... PARTNER_ID=pn_... node dub-commissions.mjs
//
// Every SDK call validates its response strictly (zod). Ends with "dub-sdk: <n> passed, <m> failed".

import assert from "node:assert/strict";
import { check, dub, runChecks } from "./harness.mjs";

const commissionId = process.env.COMMISSION_ID;
const partnerId = process.env.PARTNER_ID;

check("commissions.list", async () => {
    const list = await dub.commissions.list({ partnerId, sortBy: "createdAt", sortOrder: "asc" });
    const items = list.result ?? list;
    assert.ok(items.length >= 2, "expected the partner's commissions");
    assert.equal(items[0].partner.id, partnerId);
});

check("commissions.list filtered by status and type", async () => {
    const list = await dub.commissions.list({ status: "pending", type: "sale", interval: "30d" });
    const items = list.result ?? list;
    assert.ok(items.every((c) => c.status === "pending" && c.type === "sale"));
});

check("commissions.update", async () => {
    const updated = await dub.commissions.update({ id: commissionId, requestBody: { status: "duplicate" } });
    assert.equal(updated.status, "duplicate");
    const back = await dub.commissions.update({ id: commissionId, requestBody: { status: "pending" } });
    assert.equal(back.status, "pending");
});

check("commissions.updateMany", async () => {
    const changed = await dub.commissions.updateMany({ commissionIds: [commissionId], status: "canceled" });
    assert.equal(changed[0].status, "canceled");
});

check("commissions.create (custom)", async () => {
    const created = await dub.commissions.create({ type: "custom", partnerId, amount: 1234, description: "SDK bonus" });
    assert.equal(created.success, true);
});

check("payouts.list", async () => {
    const list = await dub.payouts.list({ status: "pending", partnerId, sortBy: "amount", sortOrder: "desc" });
    const items = list.result ?? list;
    assert.equal(items.length, 1);
    assert.equal(items[0].partner.id, partnerId);
});

await runChecks();
