package dev.referly.programs;

import dev.referly.programs.PartnerService.EarningsKey;
import dev.referly.referrals.ReferralCodes;
import dev.referly.referrals.ReferralService;
import dev.referly.storage.Dialect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Partners as the API shows them: with their links, totals, incentives and referral code; and their earnings. */
final class PartnerReader {
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final PartnerRepository repository;
    private final PartnerLookups lookups;

    PartnerReader(Jdbi jdbi, Dialect dialect, PartnerRepository repository, PartnerLookups lookups) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.repository = repository;
        this.lookups = lookups;
    }

    PartnerDetails get(String ws, String id) {
        return jdbi.withHandle(h -> details(h, List.of(repository.byId(h, ws, id)
                .orElseThrow(PartnerLookups::notFound))).get(0));
    }

    /** The partner named by partnerId (which wins) or tenantId. */
    Partner find(String ws, String partnerId, String tenantId) {
        return jdbi.withHandle(h -> lookups.resolve(h, ws, partnerId, tenantId));
    }

    /** The referrers of the given links, keyed by link id; links without a partner are absent. */
    Map<String, Referrer> referrersOfLinks(String ws, Collection<String> linkIds) {
        if (linkIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> {
            Map<String, Optional<Discount>> discountOfGroup = new HashMap<>();
            Map<String, Referrer> out = new HashMap<>();
            repository.byLinkIds(h, ws, linkIds).forEach((linkId, partner) -> out.put(linkId, new Referrer(partner,
                    discountOfGroup.computeIfAbsent(partner.groupId(), g -> DiscountService.forGroup(h, g)))));
            return out;
        });
    }

    List<PartnerDetails> list(String ws, PartnerQuery query) {
        return jdbi.withHandle(h -> {
            PartnerQuery q = query;
            if (q.groupId() != null) {
                String groupId = repository.group(h, ws, q.groupId()).map(PartnerRepository.Group::id).orElse(q.groupId());
                q = new PartnerQuery(q.status(), q.country(), q.tenantId(), groupId, q.email(), q.search(), q.sortBy(),
                        q.ascending(), q.page(), q.pageSize());
            }
            return details(h, repository.list(h, dialect, ws, q));
        });
    }

    List<PartnerDetails> details(Handle h, List<Partner> partners) {
        List<String> ids = partners.stream().map(Partner::id).toList();
        Map<String, List<PartnerLink>> linksOf = repository.links(h, ids);
        Map<String, PartnerTotals> totals = PartnerTotals.forPartners(h, ids);
        Map<String, PartnerIncentives> incentives = repository.incentives(h,
                partners.stream().map(Partner::groupId).distinct().toList());
        Map<String, String> codes = ReferralCodes.activeCodes(h, ids);
        Map<String, String> programUrls = new HashMap<>();
        List<PartnerDetails> out = new ArrayList<>(partners.size());
        for (Partner p : partners) {
            String code = codes.get(p.id());
            String link = code == null ? null : ReferralService.signupLink(programUrls.computeIfAbsent(p.workspaceId(),
                    ws -> lookups.program(h, ws).url()), ReferralService.settings(h, p.workspaceId()), code);
            out.add(new PartnerDetails(p, linksOf.get(p.id()), totals.getOrDefault(p.id(), PartnerTotals.ZERO),
                    incentives.getOrDefault(p.groupId(), PartnerIncentives.NONE), code, link));
        }
        return out;
    }

    /** Commission earnings that count (pending, processed, paid) created in [start, end), keyed as asked. */
    Map<String, Long> earnings(String ws, String partnerId, long start, long end, EarningsKey key) {
        return jdbi.withHandle(h -> repository.earnings(h, ws, partnerId, start, end, key.sql()));
    }
}
