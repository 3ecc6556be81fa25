// Runs the official `dub` SDK's partners API (pinned in package.json) against a Referly server
// whose program has a URL (PartnerSdkIT sets one up).
//
//   REFERLY_URL=http://localhost:8080 REFERLY_API_KEY=rly_... node dub-partners.mjs
//
// Every SDK call validates its response strictly (zod): a validation error is a failure.
// Prints one line per check and ends with "dub-sdk: <n> passed, <m> failed"; exits 1 on any failure.

import assert from "node:assert/strict";
import * as errors from "dub/models/errors";
import { BASE_URL, BROWSER_UA, check, dub, run, runChecks } from "./harness.mjs";

const state = {};

check("partners.create enrolls an approved partner with its default link", async () => {
    const p = await dub.partners.create({
        name: "SDK Partner",
        email: `sdk-${run}@example.com`,
        username: `sdk-${run}`,
        tenantId: `tenant-${run}`,
        country: "GB",
        description: "Made by the SDK",
        linkProps: { externalId: `pext-${run}`, comments: "from the SDK" },
    });
    assert.match(p.id, /^pn_/);
    assert.equal(p.partnerId, p.id);
    assert.equal(p.status, "approved");
    assert.equal(p.tenantId, `tenant-${run}`);
    assert.equal(p.links.length, 1);
    assert.equal(p.links[0].key, `sdk-${run}`);
    assert.equal(p.totalClicks, 0);
    assert.equal(p.bannedReason, null);
    state.partner = p;
});

check("partners.create with the same tenantId updates the same partner", async () => {
    const p = await dub.partners.create({ email: `sdk-${run}@example.com`, tenantId: `tenant-${run}`, name: "Renamed" });
    assert.equal(p.id, state.partner.id);
    assert.equal(p.name, "Renamed");
    assert.equal(p.links.length, 1);
});

check("partners.list filtered by tenantId, search and sorted by totals", async () => {
    const byTenant = await dub.partners.list({ tenantId: `tenant-${run}` });
    assert.equal(byTenant.length, 1);
    assert.equal(byTenant[0].id, state.partner.id);
    const searched = await dub.partners.list({ search: `sdk-${run}`, sortBy: "totalSaleAmount", sortOrder: "desc" });
    assert.equal(searched.length, 1);
    const all = await dub.partners.list({ status: "approved", pageSize: 100, page: 1 });
    assert.ok(all.some((p) => p.id === state.partner.id));
});

check("partners.createLink and partners.upsertLink answer Dub's Link", async () => {
    const link = await dub.partners.createLink({ partnerId: state.partner.id, key: `sdk2-${run}` });
    assert.equal(link.partnerId, state.partner.id);
    assert.equal(link.key, `sdk2-${run}`);
    const upserted = await dub.partners.upsertLink({ tenantId: `tenant-${run}`, url: link.url, key: `sdk2-${run}` });
    assert.ok([link.id, state.partner.links[0].id].includes(upserted.id));
    const fresh = await dub.partners.upsertLink({ partnerId: state.partner.id, url: `${link.url}pricing` });
    assert.notEqual(fresh.id, link.id);
    state.link = link;
});

check("partners.retrieveLinks by partnerId and tenantId", async () => {
    const links = await dub.partners.retrieveLinks({ partnerId: state.partner.id });
    assert.equal(links.length, 3);
    const byTenant = await dub.partners.retrieveLinks({ tenantId: `tenant-${run}` });
    assert.deepEqual(byTenant.map((l) => l.id), links.map((l) => l.id));
});

check("partners.analytics after a visit: count, timeseries, top_links", async () => {
    const res = await fetch(`${BASE_URL}/${state.link.key}`, { redirect: "manual", headers: { "User-Agent": BROWSER_UA } });
    assert.equal(res.status, 302);
    const count = await dub.partners.analytics({ partnerId: state.partner.id });
    assert.equal(count.clicks, 1);
    assert.equal(count.earnings, 0);
    const series = await dub.partners.analytics({ tenantId: `tenant-${run}`, groupBy: "timeseries", interval: "7d" });
    assert.ok(Array.isArray(series) && series.length > 0);
    assert.equal(series.reduce((n, b) => n + b.clicks, 0), 1);
    const top = await dub.partners.analytics({ partnerId: state.partner.id, groupBy: "top_links", interval: "30d" });
    assert.equal(top.length, 1);
    assert.equal(top[0].id, state.link.id);
});

check("partners.deactivate then partners.ban answer the partnerId", async () => {
    const other = await dub.partners.create({ email: `sdk-other-${run}@example.com`, name: "Other" });
    const deactivated = await dub.partners.deactivate({ partnerId: other.id });
    assert.deepEqual(deactivated, { partnerId: other.id });
    const banned = await dub.partners.ban({ tenantId: `tenant-${run}`, reason: "spam" });
    assert.deepEqual(banned, { partnerId: state.partner.id });
    const [p] = await dub.partners.list({ tenantId: `tenant-${run}` });
    assert.equal(p.status, "banned");
    assert.equal(p.bannedReason, "spam");
});

check("partners.ban of an unknown partner is errors.NotFound", async () => {
    await assert.rejects(dub.partners.ban({ partnerId: `pn_missing${run}`, reason: "fraud" }), errors.NotFound);
});

await runChecks();
