package dev.referly.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.commissions.ProgramFixture;
import dev.referly.rewards.RewardEvent;
import dev.referly.testing.Http;
import dev.referly.testing.ServerPerStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Issue 14 item 2, for every route: workspace B's key with workspace A's ids in a request body or
 * query answers 404/422 (or, for a list filter, an empty list), never reveals anything of A's,
 * and changes nothing of A's. One table row per id a body or query can carry; a new route adds
 * rows here. (Ids in paths were already covered per resource, e.g. LinksIT and PartnersIT.)
 */
class CrossWorkspaceIdsIT extends ServerPerStore {
    /** What B must get back. */
    enum Expect {
        /** 404 or 422: the id does not exist for B. */
        REFUSED(r -> r.status() == 404 || r.status() == 422),
        /** 200 with an empty array: a filter on an id B does not have matches nothing. */
        EMPTY_LIST(r -> r.status() == 200 && r.json().isArray() && r.json().isEmpty()),
        /** POST /links/bulk: 200 with the item refused in place. */
        BULK_ITEM_REFUSED(r -> r.status() == 200 && r.json().get(0).has("error")
                && List.of("not_found", "unprocessable_entity").contains(r.json().get(0).get("code").asText())),
        /** A CSV export of B's matching rows: the header line only. */
        CSV_HEADER_ONLY(r -> r.status() == 200 && r.body().strip().lines().count() == 1),
        /** A count of B's matching rows: zero. */
        ZERO(r -> r.status() == 200 && r.json().asLong(-1) == 0),
        /** A deletion count of B's matching rows: zero. */
        NONE_DELETED(r -> r.status() == 200 && r.json().get("deletedCount").asLong(-1) == 0),
        /** Analytics totals of B's matching events: all zero. */
        ZERO_TOTALS(r -> r.status() == 200 && r.json().get("clicks").asLong(-1) == 0
                && r.json().get("leads").asLong(-1) == 0 && r.json().get("sales").asLong(-1) == 0);

        final Predicate<Http.Response> ok;

        Expect(Predicate<Http.Response> ok) {
            this.ok = ok;
        }
    }

    record Case(String name, String method, String path, Object body, Expect expect) {}

    static ProgramFixture a;
    static ProgramFixture b;
    /** A's ids, by name. */
    static Map<String, String> ids;
    static String linkOfB;
    static String partnerOfB;
    static String webhookOfB;

    @BeforeParameterizedClassInvocation
    static void twoWorkspaces() {
        a = ProgramFixture.create(server);
        b = ProgramFixture.create(server);
        ids = new LinkedHashMap<>();
        ids.put("programId", a.programId);
        String group = a.group(0);
        ids.put("groupId", group);
        a.reward(group, ProgramFixture.percent(1000, null));
        a.reward(group, ProgramFixture.flat(RewardEvent.LEAD, 100));
        String partner = a.partner(group, "isolation-a@example.com");
        ids.put("partnerId", partner);
        JsonNode p = a.api.get("/partners/" + partner).json();
        ids.put("tenantId", p.get("tenantId").asText());
        ids.put("referralCode", p.get("referralCode").asText());
        String link = a.partnerLink(partner);
        ids.put("linkId", link);
        ids.put("externalId", "ext-a-" + link);
        assertThat(a.api.patch("/links/" + link, Map.of("externalId", ids.get("externalId"))).status()).isEqualTo(200);
        String click = a.click(link, null);
        ids.put("clickId", click);
        a.lead(click, "cust-a", "cust-a@customers-a.test", "Sign up");
        a.sale("cust-a", 5_000, "inv-a", null);
        ids.put("customerExternalId", "cust-a");
        ids.put("customerId", a.api.get("/customers?externalId=cust-a").json().get(0).get("id").asText());
        ids.put("invoiceId", "inv-a");
        ids.put("saleEventId", a.api.get("/events?event=sales").json().get(0).get("eventId").asText());
        ids.put("commissionId", a.commissions("type=sale").get(0).get("id").asText());
        ids.put("webhookId", created(a.api.post("/webhooks", Map.of("name", "A", "url", "https://93.184.215.14/a-hook",
                "triggers", List.of("link.created"), "linkIds", List.of(link)))).get("id").asText());
        ids.put("embedTokenId", created(a.api.post("/tokens/embed/referrals", Map.of("partnerId", partner)))
                .get("id").asText());
        JsonNode payouts = created(a.api.post("/payouts/run", Map.of()));
        assertThat(payouts).as("A's payout; commissions " + a.commissions("")).hasSize(1);
        ids.put("payoutId", payouts.get(0).get("id").asText());
        // B: a program of its own, with a partner and a link to point at A's ids.
        partnerOfB = b.partner(b.defaultGroupId, "isolation-b@example.com");
        linkOfB = b.api.post("/links", Map.of("url", "https://b.example/own")).json().get("id").asText();
        webhookOfB = created(b.api.post("/webhooks", Map.of("name", "B", "url", "https://93.184.215.14/b-own",
                "triggers", List.of("partner.enrolled")))).get("id").asText();
    }

    private static JsonNode created(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    /** Every id a body or query can carry, used by workspace B. */
    static List<Case> cases() {
        String partner = ids.get("partnerId");
        String tenant = ids.get("tenantId");
        String link = ids.get("linkId");
        String group = ids.get("groupId");
        String customer = ids.get("customerId");
        List<Case> c = new ArrayList<>();
        // links
        c.add(new Case("POST /links partnerId", "POST", "/links", Map.of("url", "https://b.example/1",
                "partnerId", partner), Expect.REFUSED));
        c.add(new Case("POST /links programId", "POST", "/links", Map.of("url", "https://b.example/2",
                "programId", ids.get("programId")), Expect.REFUSED));
        c.add(new Case("PATCH /links/{id} partnerId", "PATCH", "/links/" + linkOfB, Map.of("partnerId", partner),
                Expect.REFUSED));
        c.add(new Case("PATCH /links/{id} programId", "PATCH", "/links/" + linkOfB,
                Map.of("programId", ids.get("programId")), Expect.REFUSED));
        c.add(new Case("PUT /links/upsert partnerId", "PUT", "/links/upsert", Map.of("url", "https://b.example/3",
                "partnerId", partner), Expect.REFUSED));
        c.add(new Case("POST /links/bulk partnerId", "POST", "/links/bulk", List.of(Map.of("url",
                "https://b.example/4", "partnerId", partner)), Expect.BULK_ITEM_REFUSED));
        c.add(new Case("POST /links/bulk programId", "POST", "/links/bulk", List.of(Map.of("url",
                "https://b.example/5", "programId", ids.get("programId"))), Expect.BULK_ITEM_REFUSED));
        c.add(new Case("PATCH /links/bulk linkIds", "PATCH", "/links/bulk", Map.of("linkIds", List.of(link),
                "data", Map.of("title", "taken")), Expect.EMPTY_LIST));
        c.add(new Case("PATCH /links/bulk externalIds", "PATCH", "/links/bulk", Map.of("externalIds",
                List.of(ids.get("externalId")), "data", Map.of("title", "taken")), Expect.EMPTY_LIST));
        c.add(new Case("PATCH /links/bulk data.partnerId", "PATCH", "/links/bulk", Map.of("linkIds", List.of(linkOfB),
                "data", Map.of("partnerId", partner)), Expect.REFUSED));
        c.add(new Case("DELETE /links/bulk linkIds", "DELETE", "/links/bulk?linkIds=" + link, null, Expect.NONE_DELETED));
        c.add(new Case("GET /links/info linkId", "GET", "/links/info?linkId=" + link, null, Expect.REFUSED));
        c.add(new Case("GET /links/info externalId", "GET", "/links/info?externalId=" + ids.get("externalId"), null,
                Expect.REFUSED));
        for (String filter : List.of("partnerId=" + partner, "tenantId=" + tenant)) {
            c.add(new Case("GET /links " + filter, "GET", "/links?" + filter, null, Expect.EMPTY_LIST));
            c.add(new Case("GET /links/count " + filter, "GET", "/links/count?" + filter, null, Expect.ZERO));
        }
        // partners
        c.add(new Case("POST /partners groupId", "POST", "/partners", Map.of("name", "X", "email", "x@b.example",
                "groupId", group), Expect.REFUSED));
        c.add(new Case("PATCH /partners/{id} groupId", "PATCH", "/partners/" + partnerOfB, Map.of("groupId", group),
                Expect.REFUSED));
        c.add(new Case("GET /partners groupId", "GET", "/partners?groupId=" + group, null, Expect.EMPTY_LIST));
        c.add(new Case("GET /partners tenantId", "GET", "/partners?tenantId=" + tenant, null, Expect.EMPTY_LIST));
        c.add(new Case("GET /partners/links partnerId", "GET", "/partners/links?partnerId=" + partner, null,
                Expect.REFUSED));
        c.add(new Case("GET /partners/links tenantId", "GET", "/partners/links?tenantId=" + tenant, null,
                Expect.REFUSED));
        c.add(new Case("POST /partners/links partnerId", "POST", "/partners/links", Map.of("partnerId", partner,
                "url", ProgramFixture.PROGRAM_URL + "b"), Expect.REFUSED));
        c.add(new Case("POST /partners/links tenantId", "POST", "/partners/links", Map.of("tenantId", tenant,
                "url", ProgramFixture.PROGRAM_URL + "b"), Expect.REFUSED));
        c.add(new Case("PUT /partners/links/upsert partnerId", "PUT", "/partners/links/upsert", Map.of("partnerId",
                partner, "url", ProgramFixture.PROGRAM_URL + "b"), Expect.REFUSED));
        c.add(new Case("GET /partners/analytics partnerId", "GET", "/partners/analytics?partnerId=" + partner, null,
                Expect.REFUSED));
        c.add(new Case("GET /partners/analytics tenantId", "GET", "/partners/analytics?tenantId=" + tenant, null,
                Expect.REFUSED));
        c.add(new Case("POST /partners/ban partnerId", "POST", "/partners/ban", Map.of("partnerId", partner,
                "reason", "fraud"), Expect.REFUSED));
        c.add(new Case("POST /partners/deactivate tenantId", "POST", "/partners/deactivate", Map.of("tenantId", tenant),
                Expect.REFUSED));
        // commissions
        for (String filter : List.of("partnerId=" + partner, "tenantId=" + tenant, "customerId=" + customer,
                "groupId=" + group, "invoiceId=" + ids.get("invoiceId"))) {
            c.add(new Case("GET /commissions " + filter, "GET", "/commissions?" + filter, null, Expect.EMPTY_LIST));
        }
        c.add(new Case("POST /commissions partnerId", "POST", "/commissions", Map.of("partnerId", partner,
                "earnings", 100), Expect.REFUSED));
        c.add(new Case("POST /commissions tenantId", "POST", "/commissions", Map.of("tenantId", tenant,
                "earnings", 100), Expect.REFUSED));
        c.add(new Case("PATCH /commissions/bulk commissionIds", "PATCH", "/commissions/bulk", Map.of("commissionIds",
                List.of(ids.get("commissionId")), "status", "canceled"), Expect.REFUSED));
        c.add(new Case("POST /commissions/refunds saleEventId", "POST", "/commissions/refunds", Map.of("saleEventId",
                ids.get("saleEventId"), "amount", 5_000), Expect.REFUSED));
        c.add(new Case("POST /commissions/refunds invoiceId", "POST", "/commissions/refunds", Map.of("invoiceId",
                ids.get("invoiceId"), "amount", 5_000), Expect.REFUSED));
        c.add(new Case("GET /commissions payoutId", "GET", "/commissions?payoutId=" + ids.get("payoutId"), null,
                Expect.EMPTY_LIST));
        // payouts
        for (String filter : List.of("partnerId=" + partner, "tenantId=" + tenant, "groupId=" + group,
                "payoutIds=" + ids.get("payoutId"))) {
            c.add(new Case("GET /payouts " + filter, "GET", "/payouts?" + filter, null, Expect.EMPTY_LIST));
            c.add(new Case("GET /payouts/export " + filter, "GET", "/payouts/export?" + filter, null,
                    Expect.CSV_HEADER_ONLY));
        }
        // credits and referrals
        c.add(new Case("GET /credits partnerId", "GET", "/credits?partnerId=" + partner, null, Expect.REFUSED));
        c.add(new Case("GET /credits tenantId", "GET", "/credits?tenantId=" + tenant, null, Expect.REFUSED));
        c.add(new Case("GET /credits customerId", "GET", "/credits?customerId=" + customer, null, Expect.REFUSED));
        c.add(new Case("GET /credits customerExternalId", "GET", "/credits?customerExternalId="
                + ids.get("customerExternalId"), null, Expect.REFUSED));
        c.add(new Case("POST /credits/adjust partnerId", "POST", "/credits/adjust", Map.of("partnerId", partner,
                "amount", 10, "unit", "credits", "reason", "x"), Expect.REFUSED));
        c.add(new Case("POST /credits/adjust customerId", "POST", "/credits/adjust", Map.of("customerId", customer,
                "amount", 10, "unit", "credits", "reason", "x"), Expect.REFUSED));
        c.add(new Case("POST /credits/redeem partnerId", "POST", "/credits/redeem", Map.of("partnerId", partner,
                "amount", 1, "unit", "credits"), Expect.REFUSED));
        c.add(new Case("GET /referrals partnerId", "GET", "/referrals?partnerId=" + partner, null, Expect.EMPTY_LIST));
        c.add(new Case("GET /referrals tenantId", "GET", "/referrals?tenantId=" + tenant, null, Expect.EMPTY_LIST));
        // customers, events, analytics
        c.add(new Case("GET /customers linkId", "GET", "/customers?linkId=" + link, null, Expect.EMPTY_LIST));
        c.add(new Case("GET /customers email", "GET", "/customers?email=cust-a@customers-a.test", null,
                Expect.EMPTY_LIST));
        c.add(new Case("GET /customers externalId", "GET", "/customers?externalId=" + ids.get("customerExternalId"),
                null, Expect.EMPTY_LIST));
        for (String filter : List.of("linkId=" + link, "partnerId=" + partner, "tenantId=" + tenant,
                "externalId=" + ids.get("externalId"))) {
            c.add(new Case("GET /events " + filter, "GET", "/events?event=clicks&interval=all&" + filter, null,
                    Expect.EMPTY_LIST));
            c.add(new Case("GET /analytics " + filter, "GET", "/analytics?event=composite&interval=all&" + filter, null,
                    Expect.ZERO_TOTALS));
        }
        // tracking with A's click and customer
        c.add(new Case("POST /track/lead clickId", "POST", "/track/lead", Map.of("clickId", ids.get("clickId"),
                "eventName", "Sign up", "customerExternalId", "cust-b"), Expect.REFUSED));
        c.add(new Case("POST /track/lead referralCode", "POST", "/track/lead", Map.of("referralCode",
                ids.get("referralCode"), "eventName", "Sign up", "customerExternalId", "cust-b2"), Expect.REFUSED));
        c.add(new Case("POST /track/click ref", "POST", "/track/click", Map.of("ref", ids.get("referralCode")),
                Expect.REFUSED));
        c.add(new Case("POST /track/sale clickId", "POST", "/track/sale", Map.of("clickId", ids.get("clickId"),
                "customerExternalId", "cust-b3", "amount", 1_000), Expect.REFUSED));
        // webhooks, embed tokens, Stripe promotion codes
        c.add(new Case("POST /webhooks linkIds", "POST", "/webhooks", Map.of("name", "B", "url",
                "https://93.184.215.14/b-hook", "triggers", List.of("link.created"), "linkIds", List.of(link)),
                Expect.REFUSED));
        c.add(new Case("PATCH /webhooks/{id} linkIds", "PATCH", "/webhooks/" + webhookOfB, Map.of("linkIds",
                List.of(link)), Expect.REFUSED));
        c.add(new Case("DELETE /tokens/embed/referrals/{id}", "DELETE", "/tokens/embed/referrals/"
                + ids.get("embedTokenId"), null, Expect.REFUSED));
        c.add(new Case("POST /tokens/embed/referrals partnerId", "POST", "/tokens/embed/referrals",
                Map.of("partnerId", partner), Expect.REFUSED));
        c.add(new Case("POST /tokens/embed/referrals tenantId", "POST", "/tokens/embed/referrals",
                Map.of("tenantId", tenant), Expect.REFUSED));
        c.add(new Case("POST /tokens/embed/referrals partner.groupId", "POST", "/tokens/embed/referrals",
                Map.of("partner", Map.of("name", "Y", "email", "y@b.example", "groupId", group)), Expect.REFUSED));
        c.add(new Case("PUT /integrations/stripe/promotion-codes partnerId", "PUT",
                "/integrations/stripe/promotion-codes/promo_b1", Map.of("partnerId", partner), Expect.REFUSED));
        c.add(new Case("PUT /integrations/stripe/promotion-codes linkId", "PUT",
                "/integrations/stripe/promotion-codes/promo_b2", Map.of("partnerId", partnerOfB, "linkId", link),
                Expect.REFUSED));
        c.add(new Case("GET /integrations/stripe/promotion-codes partnerId", "GET",
                "/integrations/stripe/promotion-codes?partnerId=" + partner, null, Expect.EMPTY_LIST));
        c.add(new Case("GET /audit-log targetId", "GET", "/audit-log?targetId=" + group, null, Expect.EMPTY_LIST));
        return c;
    }

    /** What A sees of its own data: identical before and after B's requests. */
    static Map<String, String> viewOfA() {
        Map<String, String> view = new LinkedHashMap<>();
        for (String path : List.of("/links", "/partners", "/partners/" + ids.get("partnerId"), "/commissions",
                "/customers", "/payouts", "/webhooks", "/referrals", "/groups", "/audit-log",
                "/events?event=clicks&interval=all", "/events?event=leads&interval=all",
                "/events?event=sales&interval=all", "/analytics?event=composite&interval=all",
                "/credits?partnerId=" + ids.get("partnerId"), "/partners/" + ids.get("partnerId") + "/referral-code",
                "/integrations/stripe/promotion-codes")) {
            Http.Response r = a.api.get(path);
            assertThat(r.status()).as(path + " " + r).isEqualTo(200);
            view.put(path, r.body());
        }
        return view;
    }

    @Test
    void workspaceBCannotUseWorkspaceAsIdsInBodiesOrQueries() {
        Map<String, String> before = viewOfA();
        SoftAssertions soft = new SoftAssertions();
        for (Case c : cases()) {
            Http.Response r = b.api.send(c.method(), c.path(), c.body(), Map.of());
            soft.assertThat(c.expect().ok.test(r)).as(c.name() + " -> " + r).isTrue();
            if (r.status() < 300) {
                String sent = c.path() + " " + (c.body() == null ? "" : c.body().toString());
                for (Map.Entry<String, String> id : ids.entrySet()) {
                    if (sent.contains(id.getValue())) {
                        continue; // an echo of what B sent itself (e.g. a refused bulk item) reveals nothing
                    }
                    soft.assertThat(r.body()).as(c.name() + " reveals A's " + id.getKey() + ": " + r)
                            .doesNotContain(id.getValue());
                }
            }
        }
        soft.assertThat(viewOfA()).as("A's data after B's requests").isEqualTo(before);
        soft.assertAll();
    }
}
