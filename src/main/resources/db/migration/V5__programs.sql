-- Partner programs: one program per workspace, groups with rewards, discounts and move
-- rules, partners, the commission ledger and payouts. Idempotency lives in the unique
-- constraints (one commission per dedupe key, one pending payout per partner and currency,
-- one rule move per partner and target group).

CREATE TABLE programs (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT NOT NULL UNIQUE REFERENCES workspaces (id),
    name              TEXT NOT NULL,
    slug              TEXT NOT NULL,
    url               TEXT,
    currency          TEXT NOT NULL DEFAULT 'usd',
    min_payout_amount BIGINT NOT NULL DEFAULT 0,
    default_group_id  TEXT,
    terms_url         TEXT,
    help_url          TEXT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);

CREATE TABLE partner_groups (
    id                  TEXT PRIMARY KEY,
    workspace_id        TEXT NOT NULL REFERENCES workspaces (id),
    program_id          TEXT NOT NULL,
    name                TEXT NOT NULL,
    slug                TEXT NOT NULL,
    color               TEXT,
    holding_period_days INTEGER NOT NULL DEFAULT 0,
    link_domain         TEXT,
    link_url            TEXT,
    link_structure      TEXT NOT NULL DEFAULT 'short',
    max_partner_links   INTEGER,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    CONSTRAINT partner_groups_slug UNIQUE (workspace_id, slug)
);

-- One reward per (group, event). definition is the validated reward as JSON
-- (rewards.Reward serialized by Jackson); the commission copies it as its snapshot.
CREATE TABLE rewards (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    event        TEXT NOT NULL,
    definition   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT rewards_group_event UNIQUE (group_id, event)
);

-- The dual-sided incentive: what a referred customer gets. amount is cents (flat) or basis points (percentage).
CREATE TABLE discounts (
    id                  TEXT PRIMARY KEY,
    workspace_id        TEXT NOT NULL,
    group_id            TEXT NOT NULL UNIQUE,
    type                TEXT NOT NULL,
    amount              BIGINT NOT NULL,
    max_duration        INTEGER,
    description         TEXT,
    coupon_id           TEXT,
    coupon_test_id      TEXT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);

-- rules is a JSON array of {attribute, operator, value|min/max}; all must hold.
CREATE TABLE group_move_rules (
    group_id     TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    rules        TEXT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE audit_log (
    seq          ${id_pk},
    id           TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    before_state TEXT,
    after_state  TEXT,
    ts           BIGINT NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, seq);

-- A partner is enrolled in the workspace's one program (Dub's partner + enrollment in one row).
-- Totals are not stored: they are derived from the partner's links and commissions, so
-- they can never drift from the events.
CREATE TABLE partners (
    id                  TEXT PRIMARY KEY,
    workspace_id        TEXT NOT NULL REFERENCES workspaces (id),
    program_id          TEXT NOT NULL,
    group_id            TEXT NOT NULL,
    name                TEXT NOT NULL,
    email               TEXT,
    username            TEXT,
    image               TEXT,
    country             TEXT,
    description         TEXT,
    tenant_id           TEXT,
    status              TEXT NOT NULL,
    group_move_disabled BOOLEAN NOT NULL DEFAULT FALSE,
    banned_at           BIGINT,
    ban_reason          TEXT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    CONSTRAINT partners_tenant UNIQUE (workspace_id, tenant_id),
    CONSTRAINT partners_email UNIQUE (workspace_id, email)
);
CREATE INDEX partners_workspace_created ON partners (workspace_id, created_at);
CREATE INDEX links_partner ON links (partner_id);

-- rule_target is the group a move rule sent the partner to (NULL for moves by hand): a
-- rule moves a partner to a group once, however many events satisfy it.
CREATE TABLE partner_group_moves (
    seq           ${id_pk},
    id            TEXT NOT NULL,
    workspace_id  TEXT NOT NULL,
    partner_id    TEXT NOT NULL,
    from_group_id TEXT,
    to_group_id   TEXT NOT NULL,
    reason        TEXT NOT NULL,
    rule_target   TEXT,
    ts            BIGINT NOT NULL,
    CONSTRAINT partner_group_moves_rule UNIQUE (partner_id, rule_target)
);
CREATE INDEX partner_group_moves_partner ON partner_group_moves (partner_id, seq);

-- The commission ledger. Entries are appended; a correction (partial refund, clawback) is a
-- new entry whose corrects_id names the entry it corrects. dedupe_key makes each source
-- event earn at most one entry: 'lead:<partner>:<customer>', 'sale:<sale event id>',
-- 'click:<partner>:<yyyy-mm-dd>', 'refund:<commission>:<refund id>'; NULL for custom entries.
CREATE TABLE commissions (
    seq              ${id_pk},
    id               TEXT NOT NULL,
    workspace_id     TEXT NOT NULL,
    program_id       TEXT NOT NULL,
    partner_id       TEXT NOT NULL,
    group_id         TEXT,
    type             TEXT NOT NULL,
    status           TEXT NOT NULL,
    amount           BIGINT NOT NULL DEFAULT 0,
    earnings         BIGINT NOT NULL,
    currency         TEXT NOT NULL,
    quantity         INTEGER NOT NULL DEFAULT 1,
    customer_id      TEXT,
    link_id          TEXT,
    click_id         TEXT,
    event_id         TEXT,
    invoice_id       TEXT,
    description      TEXT,
    reward_id        TEXT,
    reward_snapshot  TEXT,
    matched_modifier INTEGER,
    explanation      TEXT,
    hold_reason      TEXT,
    corrects_id      TEXT,
    payout_id        TEXT,
    dedupe_key       TEXT,
    user_id          TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT commissions_dedupe UNIQUE (workspace_id, dedupe_key)
);
CREATE UNIQUE INDEX commissions_id ON commissions (id);
CREATE INDEX commissions_workspace_created ON commissions (workspace_id, created_at);
CREATE INDEX commissions_partner ON commissions (partner_id, created_at);
CREATE INDEX commissions_customer ON commissions (customer_id, created_at);
CREATE INDEX commissions_payout ON commissions (payout_id);

CREATE TABLE payouts (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL,
    program_id     TEXT NOT NULL,
    partner_id     TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    currency       TEXT NOT NULL,
    status         TEXT NOT NULL,
    description    TEXT,
    method         TEXT,
    period_start   BIGINT,
    period_end     BIGINT,
    failure_reason TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    paid_at        BIGINT
);
CREATE UNIQUE INDEX payouts_one_pending ON payouts (workspace_id, partner_id, currency) WHERE status = 'pending';
CREATE INDEX payouts_workspace_created ON payouts (workspace_id, created_at);

-- Workspaces that exist before this migration get their program and default group now;
-- WorkspaceService.create makes them for new workspaces.
INSERT INTO programs (id, workspace_id, name, slug, currency, default_group_id, created_at, updated_at)
SELECT 'prog_' || substr(id, 4), id, name, 'program-' || lower(substr(id, 4)), currency, 'grp_' || substr(id, 4),
       created_at, created_at
FROM workspaces;
INSERT INTO partner_groups (id, workspace_id, program_id, name, slug, created_at, updated_at)
SELECT 'grp_' || substr(id, 4), id, 'prog_' || substr(id, 4), 'Default', 'default', created_at, created_at
FROM workspaces;
