// Runs the official `dub` SDK (pinned in package.json) against a Referly server.
//
//   REFERLY_URL=http://localhost:8080 REFERLY_API_KEY=rly_... node dub-compat.mjs
//
// Every SDK call validates its response strictly (zod): a validation error is a failure.
// Prints one line per check and ends with "dub-sdk: <n> passed, <m> failed"; exits 1 on any failure.
//
// A check the server cannot pass yet is written `check.known(name, reason, fn)`: it is not run
// and not counted, and is listed as "KNOWN" so it is easy to find. Re-enable it by renaming
// `check.known(name, reason, fn)` back to `check(name, fn)`.

import assert from "node:assert/strict";
import * as errors from "dub/models/errors";
import { BASE_URL, BROWSER_UA, check, dub, lastExchangeMade, run, runChecks } from "./harness.mjs";

function hasIn(list, id) {
    return list.some((l) => l.id === id);
}

// ---------------------------------------------------------------------------------------------

// What earlier checks made; reading what a failed check did not make says so plainly.
const state = new Proxy({}, {
    get(target, name) {
        if (typeof name === "string" && !(name in target)) {
            throw new Error(`not run: depends on an earlier check that failed (state.${name} not set)`);
        }
        return target[name];
    },
});

check("links.create with key, externalId, tenantId and trackConversion", async () => {
    const link = await dub.links.create({
        url: `https://example.com/landing/${run}`,
        key: `sdk-${run}`,
        externalId: `ext-${run}`,
        tenantId: `tenant-${run}`,
        trackConversion: true,
    });
    assert.match(link.id, /^link_/);
    assert.equal(link.key, `sdk-${run}`);
    assert.equal(link.url, `https://example.com/landing/${run}`);
    assert.equal(link.externalId, `ext-${run}`);
    assert.equal(link.tenantId, `tenant-${run}`);
    assert.equal(link.trackConversion, true);
    assert.equal(link.shortLink, `https://${link.domain}/${link.key}`);
    assert.equal(link.clicks, 0);
    state.link = link;
});

check("links.get by linkId", async () => {
    const link = await dub.links.get({ linkId: state.link.id });
    assert.deepEqual(link, state.link);
});

check("links.get by externalId (plain and ext_-prefixed)", async () => {
    const plain = await dub.links.get({ externalId: `ext-${run}` });
    assert.equal(plain.id, state.link.id);
    const prefixed = await dub.links.get({ externalId: `ext_ext-${run}` });
    assert.equal(prefixed.id, state.link.id);
});

check("links.get by domain and key (link info)", async () => {
    const link = await dub.links.get({ domain: state.link.domain, key: state.link.key });
    assert.equal(link.id, state.link.id);
    assert.equal(link.externalId, `ext-${run}`);
});

check("links.get of a missing link is errors.NotFound", async () => {
    await assert.rejects(dub.links.get({ linkId: `link_missing${run}` }), (err) => {
        assert.ok(err instanceof errors.NotFound, `expected NotFound, got ${err?.name}: ${err?.message}`);
        assert.equal(err.statusCode, 404);
        assert.equal(err.error.code, "not_found");
        return true;
    });
});

check("links.list (page iterator) filtered by tenantId", async () => {
    const page = await dub.links.list({ tenantId: `tenant-${run}`, pageSize: 10 });
    assert.ok(Array.isArray(page.result), "page.result is an array");
    assert.equal(page.result.length, 1);
    assert.equal(page.result[0].id, state.link.id);
    let pages = 0;
    const seen = [];
    for await (const p of await dub.links.list({ pageSize: 100 })) {
        pages++;
        seen.push(...p.result);
    }
    assert.ok(pages >= 1);
    assert.ok(hasIn(seen, state.link.id), "link appears when iterating all pages");
});

check("links.count (all and by tenantId)", async () => {
    const all = await dub.links.count();
    assert.equal(typeof all, "number");
    assert.ok(all >= 1, `count ${all} >= 1`);
    assert.equal(await dub.links.count({ tenantId: `tenant-${run}` }), 1);
});

check("links.update title (by id and by ext_ externalId)", async () => {
    const updated = await dub.links.update(state.link.id, { title: "Updated by the SDK" });
    assert.equal(updated.id, state.link.id);
    assert.equal(updated.title, "Updated by the SDK");
    assert.equal(updated.key, state.link.key);
    const again = await dub.links.update(`ext_ext-${run}`, { title: "Updated by externalId" });
    assert.equal(again.id, state.link.id);
    assert.equal(again.title, "Updated by externalId");
    assert.equal((await dub.links.get({ linkId: state.link.id })).title, "Updated by externalId");
});

check("links.upsert: same url returns the same link, a new url creates one", async () => {
    const same = await dub.links.upsert({ url: state.link.url });
    assert.equal(same.id, state.link.id);
    const fresh = await dub.links.upsert({ url: `https://example.com/upserted/${run}` });
    assert.notEqual(fresh.id, state.link.id);
    assert.equal(fresh.url, `https://example.com/upserted/${run}`);
    const sameAgain = await dub.links.upsert({ url: `https://example.com/upserted/${run}` });
    assert.equal(sameAgain.id, fresh.id);
    state.upserted = fresh;
});

check("links.createMany (with one rejected item)", async () => {
    const created = await dub.links.createMany([
        { url: `https://example.com/bulk/1/${run}`, externalId: `bulk-1-${run}`, tenantId: `bulk-${run}` },
        { url: `https://example.com/bulk/2/${run}`, externalId: `bulk-2-${run}`, tenantId: `bulk-${run}` },
        { url: `https://example.com/bulk/3/${run}`, key: state.link.key }, // key taken: rejected
    ]);
    assert.equal(created.length, 3);
    const [a, b, rejected] = created;
    assert.match(a.id, /^link_/);
    assert.match(b.id, /^link_/);
    assert.equal(a.externalId, `bulk-1-${run}`);
    assert.equal(b.externalId, `bulk-2-${run}`);
    assert.equal(rejected.id, undefined, "the clashing item is an error, not a link");
    assert.equal(rejected.code, "conflict");
    assert.equal(typeof rejected.error, "string");
    state.bulk = [a, b];
});

check("links.list pages through results (pageSize 1)", async () => {
    const pages = [];
    for await (const p of await dub.links.list({ tenantId: `bulk-${run}`, pageSize: 1, sortBy: "createdAt" })) {
        pages.push(p.result.map((l) => l.id));
    }
    // two pages of one link, then the empty page that ends the iteration
    assert.deepEqual(pages.flat().sort(), state.bulk.map((l) => l.id).sort());
    assert.equal(pages.filter((ids) => ids.length === 1).length, 2);
});

check("links.updateMany by linkIds and by externalIds", async () => {
    const ids = state.bulk.map((l) => l.id);
    const updated = await dub.links.updateMany({ linkIds: ids, data: { title: "Bulk title" } });
    assert.deepEqual(updated.map((l) => l.id).sort(), [...ids].sort());
    assert.ok(updated.every((l) => l.title === "Bulk title"));
    const byExternal = await dub.links.updateMany({
        externalIds: [`bulk-1-${run}`, `bulk-2-${run}`],
        data: { comments: "bulk comment" },
    });
    assert.equal(byExternal.length, 2);
    assert.ok(byExternal.every((l) => l.comments === "bulk comment" && l.title === "Bulk title"));
});

check("links.deleteMany", async () => {
    const { deletedCount } = await dub.links.deleteMany({ linkIds: state.bulk.map((l) => l.id) });
    assert.equal(deletedCount, 2);
    assert.equal(await dub.links.count({ tenantId: `bulk-${run}` }), 0);
});

check("short link redirects with 302 and a dub_id (trackConversion)", async () => {
    const res = await fetch(`${BASE_URL}/${encodeURIComponent(state.link.key)}`, {
        redirect: "manual",
        headers: { "User-Agent": BROWSER_UA, Accept: "text/html" },
    });
    assert.equal(res.status, 302);
    const location = res.headers.get("location");
    assert.ok(location, "Location header present");
    const target = new URL(location);
    assert.equal(target.origin + target.pathname, state.link.url);
    const dubId = target.searchParams.get("dub_id");
    assert.ok(dubId, `Location ${location} contains dub_id=`);
    state.clickId = dubId;
});

check("events.list clicks for the link finds that click", async () => {
    const events = await dub.events.list({ event: "clicks", linkId: state.link.id });
    assert.ok(Array.isArray(events));
    const click = events.find((e) => e.event === "click" && e.click.id === state.clickId);
    assert.ok(click, `click ${state.clickId} among ${events.length} events`);
    assert.equal(click.clickId, state.clickId);
    assert.equal(click.linkId, state.link.id);
    assert.equal(click.link.id, state.link.id);
    assert.equal(click.domain, state.link.domain);
    assert.equal(click.key, state.link.key);
    assert.equal(click.click.browser, "Chrome");
    assert.equal(click.click.qr, false);
    assert.equal(click.qr, 0);
});

// Conversions: a lead on the click above, a sale, the customer it made, and their events.
// Customer details are unique per run so filters find exactly this customer.
const customer = {
    externalId: `cus-${run}`,
    name: "Ada Lovelace",
    email: `ada-${run}@example.com`,
};

check("track.lead on the redirect's click id returns click, link and customer", async () => {
    const lead = await dub.track.lead({
        clickId: state.clickId,
        eventName: "Sign up",
        customerExternalId: customer.externalId,
        customerName: customer.name,
        customerEmail: customer.email,
    });
    assert.deepEqual(lead.click, { id: state.clickId });
    assert.deepEqual(lead.link, {
        id: state.link.id,
        domain: state.link.domain,
        key: state.link.key,
        shortLink: state.link.shortLink,
        url: state.link.url,
        partnerId: null,
        programId: null,
        tenantId: `tenant-${run}`,
        externalId: `ext-${run}`,
    });
    assert.deepEqual(lead.customer, {
        name: customer.name,
        email: customer.email,
        avatar: null,
        externalId: customer.externalId,
    });
    // Referly's own addition, which the SDK strips: whether this request stored a lead.
    assert.equal(JSON.parse(lastExchangeMade().body).recorded, true, "first lead is recorded");
    state.lead = lead;
});

check("track.lead repeated (same customer and event name) answers 200 and records no second lead", async () => {
    const again = await dub.track.lead({
        clickId: state.clickId,
        eventName: "Sign up",
        customerExternalId: customer.externalId,
        customerName: customer.name,
        customerEmail: customer.email,
    });
    assert.equal(lastExchangeMade().status, 200);
    assert.deepEqual(again, state.lead);
    assert.equal(JSON.parse(lastExchangeMade().body).recorded, false, "the repeat is not recorded");
    // the count itself is checked by events.list and links.get below
});

check("track.sale for the customer returns the sale and the customer", async () => {
    const sale = await dub.track.sale({
        customerExternalId: customer.externalId,
        amount: 4900,
        paymentProcessor: "stripe",
        invoiceId: `inv-${run}`,
    });
    assert.equal(sale.eventName, "Purchase");
    assert.ok(sale.customer, "customer is not null");
    assert.match(sale.customer.id, /^cus_/);
    assert.deepEqual(sale.customer, {
        id: sale.customer.id,
        name: customer.name,
        email: customer.email,
        avatar: null,
        externalId: customer.externalId,
    });
    assert.deepEqual(sale.sale, {
        amount: 4900,
        currency: "usd",
        paymentProcessor: "stripe",
        invoiceId: `inv-${run}`,
        metadata: null,
    });
    state.sale = sale;
    state.customerId = sale.customer.id;
});

check("track.sale repeated with the same invoiceId returns the same answer", async () => {
    const again = await dub.track.sale({
        customerExternalId: customer.externalId,
        amount: 4900,
        paymentProcessor: "stripe",
        invoiceId: `inv-${run}`,
    });
    assert.deepEqual(again, state.sale);
});

check("track.sale for an unknown customer without clickId: customer and sale null", async () => {
    const sale = await dub.track.sale({
        customerExternalId: `nobody-${run}`,
        amount: 1000,
        paymentProcessor: "stripe",
        invoiceId: `inv-nobody-${run}`,
    });
    assert.deepEqual(sale, { eventName: "Purchase", customer: null, sale: null });
});

check("customers.list filtered by externalId (and by email)", async () => {
    const page = await dub.customers.list({ externalId: customer.externalId });
    assert.ok(Array.isArray(page.result), "page.result is an array");
    assert.equal(page.result.length, 1);
    const c = page.result[0];
    assert.equal(c.id, state.customerId);
    assert.equal(c.externalId, customer.externalId);
    assert.equal(c.name, customer.name);
    assert.equal(c.email, customer.email);
    assert.equal(c.sales, 1);
    assert.equal(c.saleAmount, 4900);
    assert.ok(!Number.isNaN(Date.parse(c.createdAt)), `createdAt ${c.createdAt} is a date`);
    assert.ok(!Number.isNaN(Date.parse(c.firstSaleAt)), `firstSaleAt ${c.firstSaleAt} is a date`);
    const byEmail = await dub.customers.list({ email: customer.email });
    assert.deepEqual(byEmail.result.map((x) => x.id), [state.customerId]);
    const none = await dub.customers.list({ externalId: `nobody-${run}` });
    assert.deepEqual(none.result, [], "the unknown customer's sale made no customer");
});

check(
    "customers.list page iterator ends (cursor pagination with startingAfter)",
    async () => {
        const seen = [];
        let pages = 0;
        for await (const p of await dub.customers.list({ externalId: customer.externalId, pageSize: 100 })) {
            assert.ok(++pages <= 3, `still iterating after ${pages - 1} pages: ${JSON.stringify(seen)}`);
            seen.push(...p.result.map((c) => c.id));
        }
        assert.deepEqual(seen, [state.customerId]);
    },
);

check("customers.get with includeExpandedFields (by id and by ext_ externalId)", async () => {
    const c = await dub.customers.get({ id: state.customerId, includeExpandedFields: true });
    assert.equal(c.id, state.customerId);
    assert.equal(c.externalId, customer.externalId);
    assert.equal(c.name, customer.name);
    assert.equal(c.email, customer.email);
    assert.equal(c.sales, 1);
    assert.equal(c.saleAmount, 4900);
    assert.deepEqual(c.link, {
        id: state.link.id,
        domain: state.link.domain,
        key: state.link.key,
        shortLink: state.link.shortLink,
        url: state.link.url,
        programId: null,
    });
    assert.equal(c.partner, null);
    assert.equal(c.discount, null);
    const byExternal = await dub.customers.get({ id: `ext_${customer.externalId}` });
    assert.equal(byExternal.id, state.customerId);
    assert.equal(byExternal.link, undefined, "no expanded fields unless asked");
});

check("customers.update name and email", async () => {
    const updated = await dub.customers.update({
        id: state.customerId,
        requestBody: { name: "Ada King", email: `ada.king-${run}@example.com` },
    });
    assert.equal(updated.id, state.customerId);
    assert.equal(updated.name, "Ada King");
    assert.equal(updated.email, `ada.king-${run}@example.com`);
    assert.equal(updated.externalId, customer.externalId);
    assert.equal(updated.saleAmount, 4900);
    const read = await dub.customers.get({ id: state.customerId });
    assert.equal(read.name, "Ada King");
    assert.equal(read.email, `ada.king-${run}@example.com`);
});

check("events.list leads for the link finds the one lead", async () => {
    const events = await dub.events.list({ event: "leads", linkId: state.link.id });
    assert.ok(Array.isArray(events));
    assert.equal(events.length, 1, `one lead for the link (the repeat is not recorded), got ${events.length}`);
    const lead = events[0];
    assert.equal(lead.event, "lead");
    assert.equal(lead.eventName, "Sign up");
    assert.equal(typeof lead.eventId, "string");
    assert.equal(lead.clickId, state.clickId);
    assert.equal(lead.click.id, state.clickId);
    assert.equal(lead.linkId, state.link.id);
    assert.equal(lead.link.id, state.link.id);
    assert.equal(lead.customer.id, state.customerId);
    assert.equal(lead.customer.externalId, customer.externalId);
});

check("events.list sales for the link finds the one sale", async () => {
    const events = await dub.events.list({ event: "sales", linkId: state.link.id });
    assert.ok(Array.isArray(events));
    assert.equal(events.length, 1, `one sale for the link (the repeat is not recorded), got ${events.length}`);
    const sale = events[0];
    assert.equal(sale.event, "sale");
    assert.equal(sale.eventName, "Purchase");
    assert.equal(sale.sale.amount, 4900);
    assert.equal(sale.sale.invoiceId, `inv-${run}`);
    assert.equal(sale.sale.paymentProcessor, "stripe");
    assert.equal(sale.saleAmount, 4900);
    assert.equal(sale.invoiceId, `inv-${run}`);
    assert.equal(sale.paymentProcessor, "stripe");
    assert.equal(sale.clickId, state.clickId);
    assert.equal(sale.linkId, state.link.id);
    assert.equal(sale.customer.id, state.customerId);
});

check("links.get counts the conversions: leads 1, sales 1, saleAmount 4900", async () => {
    const link = await dub.links.get({ linkId: state.link.id });
    assert.equal(link.clicks, 1);
    assert.equal(link.leads, 1);
    assert.equal(link.sales, 1);
    assert.equal(link.saleAmount, 4900);
});

check("customers.delete (erasure), then customers.get is errors.NotFound", async () => {
    const deleted = await dub.customers.delete(state.customerId);
    assert.deepEqual(deleted, { id: state.customerId });
    await assert.rejects(dub.customers.get({ id: state.customerId }), (err) => {
        assert.ok(err instanceof errors.NotFound, `expected NotFound, got ${err?.name}: ${err?.message}`);
        assert.equal(err.statusCode, 404);
        return true;
    });
    await assert.rejects(dub.customers.get({ id: `ext_${customer.externalId}` }), errors.NotFound);
    const page = await dub.customers.list({ externalId: customer.externalId });
    assert.deepEqual(page.result, []);
    // the anonymous history stays: the link's totals still add up
    const link = await dub.links.get({ linkId: state.link.id });
    assert.equal(link.leads, 1);
    assert.equal(link.sales, 1);
    assert.equal(link.saleAmount, 4900);
});

check("links.delete, then the link is gone", async () => {
    const deleted = await dub.links.delete(state.link.id);
    assert.equal(deleted.id, state.link.id);
    await assert.rejects(dub.links.get({ linkId: state.link.id }), errors.NotFound);
    const other = await dub.links.delete(state.upserted.id);
    assert.equal(other.id, state.upserted.id);
    assert.equal(await dub.links.count({ tenantId: `tenant-${run}` }), 0);
});

// ---------------------------------------------------------------------------------------------

await runChecks();
