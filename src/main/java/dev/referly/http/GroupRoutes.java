package dev.referly.http;

import dev.referly.programs.DiscountService;
import dev.referly.programs.GroupService;
import dev.referly.programs.GroupView;
import dev.referly.programs.MoveRuleService;
import dev.referly.programs.MoveRules;
import dev.referly.programs.RewardService;
import dev.referly.rewards.RewardEvent;
import dev.referly.shared.ApiException;
import dev.referly.workspaces.WorkspaceService;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Referly's /groups API: partner groups with their rewards, discount and move rules. */
final class GroupRoutes {
    private final GroupService groups;
    private final RewardService rewards;
    private final DiscountService discounts;
    private final MoveRuleService moveRules;
    private final Authenticator auth;

    GroupRoutes(GroupService groups, RewardService rewards, DiscountService discounts, MoveRuleService moveRules,
            Authenticator auth) {
        this.groups = groups;
        this.rewards = rewards;
        this.discounts = discounts;
        this.moveRules = moveRules;
        this.auth = auth;
    }

    void register(HttpRules rules) {
        rules.get("/groups", this::list)
                .post("/groups", this::create)
                .get("/groups/{group}", (req, res) -> Json.send(res, 200,
                        groups.get(auth.workspaceId(req), group(req)).toApi()))
                .patch("/groups/{group}", this::update)
                .delete("/groups/{group}", this::delete)
                .get("/groups/{group}/rewards/{event}", (req, res) -> Json.send(res, 200,
                        rewards.get(auth.workspaceId(req), group(req), event(req)).toApi()))
                .put("/groups/{group}/rewards/{event}", this::putReward)
                .delete("/groups/{group}/rewards/{event}", this::deleteReward)
                .get("/groups/{group}/discount", (req, res) -> Json.send(res, 200,
                        discounts.get(auth.workspaceId(req), group(req)).toApi()))
                .put("/groups/{group}/discount", this::putDiscount)
                .delete("/groups/{group}/discount", this::deleteDiscount)
                .get("/groups/{group}/move-rules", (req, res) -> Json.send(res, 200,
                        MoveRules.toApi(moveRules.get(auth.workspaceId(req), group(req)))))
                .put("/groups/{group}/move-rules", this::putMoveRules);
    }

    private static String group(ServerRequest req) {
        return req.path().pathParameters().get("group");
    }

    private static RewardEvent event(ServerRequest req) {
        String event = req.path().pathParameters().get("event");
        for (RewardEvent e : RewardEvent.values()) {
            if (e.apiName().equals(event)) {
                return e;
            }
        }
        throw ApiException.notFound("No reward event " + event + ": use click, lead or sale.");
    }

    private void list(ServerRequest req, ServerResponse res) {
        String ws = auth.workspaceId(req);
        Params p = new Params(req);
        Json.send(res, 200, groups.list(ws, p.integer("page", 1), p.integer("pageSize", GroupService.MAX_PAGE_SIZE))
                .stream().map(GroupView::toApi).toList());
    }

    private void create(ServerRequest req, ServerResponse res) {
        WorkspaceService.KeyOwner caller = auth.caller(req);
        Map<String, Object> body = Json.object(req);
        Json.send(res, 201, groups.create(caller.workspaceId(), ProgramRoutes.actor(caller), body).toApi());
    }

    private void update(ServerRequest req, ServerResponse res) {
        WorkspaceService.KeyOwner caller = auth.caller(req);
        Map<String, Object> body = Json.object(req);
        Json.send(res, 200, groups.update(caller.workspaceId(), ProgramRoutes.actor(caller), group(req), body).toApi());
    }

    private void delete(ServerRequest req, ServerResponse res) {
        WorkspaceService.KeyOwner caller = auth.caller(req);
        GroupService.Deleted d = groups.delete(caller.workspaceId(), ProgramRoutes.actor(caller), group(req));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.group().group().id());
        json.put("movedTo", d.movedTo());
        json.put("partnersMoved", d.partnersMoved());
        Json.send(res, 200, json);
    }

    private void putReward(ServerRequest req, ServerResponse res) {
        WorkspaceService.KeyOwner caller = auth.caller(req);
        RewardEvent event = event(req);
        Map<String, Object> body = Json.object(req);
        Json.send(res, 200, rewards.put(caller.workspaceId(), ProgramRoutes.actor(caller), group(req), event, body)
                .toApi());
    }

    private void deleteReward(ServerRequest req, ServerResponse res) {
        WorkspaceService.KeyOwner caller = auth.caller(req);
        var deleted = rewards.delete(caller.workspaceId(), ProgramRoutes.actor(caller), group(req), event(req));
        Json.send(res, 200, Map.of("id", deleted.reward().id()));
    }

    private void putDiscount(ServerRequest req, ServerResponse res) {
        WorkspaceService.KeyOwner caller = auth.caller(req);
        Map<String, Object> body = Json.object(req);
        Json.send(res, 200, discounts.put(caller.workspaceId(), ProgramRoutes.actor(caller), group(req), body).toApi());
    }

    private void deleteDiscount(ServerRequest req, ServerResponse res) {
        WorkspaceService.KeyOwner caller = auth.caller(req);
        var deleted = discounts.delete(caller.workspaceId(), ProgramRoutes.actor(caller), group(req));
        Json.send(res, 200, Map.of("id", deleted.id()));
    }

    private void putMoveRules(ServerRequest req, ServerResponse res) {
        WorkspaceService.KeyOwner caller = auth.caller(req);
        var body = Json.array(req);
        Json.send(res, 200, MoveRules.toApi(moveRules.put(caller.workspaceId(), ProgramRoutes.actor(caller),
                group(req), body)));
    }
}
