-- Customer referral programs: referral codes, one referral record per referred customer, credit
-- rewards per group and the credits ledger. Idempotency lives in the unique constraints: one
-- referral per customer, one ledger entry per dedupe key (a grant per referral and side, an
-- expiry per grant, a redemption per idempotency key); balances never go below zero (CHECK,
-- and redemptions are a conditional single UPDATE).

-- code is stored upper-case; lookups upper-case what they are given (codes are case-insensitive).
CREATE TABLE referral_codes (
    workspace_id   TEXT NOT NULL,
    code           TEXT NOT NULL,
    partner_id     TEXT NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     BIGINT NOT NULL,
    deactivated_at BIGINT,
    PRIMARY KEY (workspace_id, code)
);
CREATE INDEX referral_codes_partner ON referral_codes (partner_id);

-- The link parameter (?ref= by default; via is always accepted) and the burst limit.
CREATE TABLE referral_settings (
    workspace_id TEXT PRIMARY KEY,
    param_name   TEXT NOT NULL,
    burst_limit  INTEGER NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- A click recorded by code (POST /track/click, a code given to /track/lead or /track/sale), with
-- the visitor's salted IP hash (NULL for server-side calls), for the anti-abuse rules.
CREATE TABLE referral_visits (
    click_id     TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    code         TEXT NOT NULL,
    ip_hash      TEXT,
    ts           BIGINT NOT NULL
);

-- status: pending | qualified | rewarded | rejected (reason: comma-separated codes).
CREATE TABLE referrals (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    partner_id   TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    code         TEXT,
    ip_hash      TEXT,
    status       TEXT NOT NULL,
    reason       TEXT,
    qualified_at BIGINT,
    rewarded_at  BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT referrals_customer UNIQUE (workspace_id, customer_id)
);
CREATE INDEX referrals_partner ON referrals (partner_id, created_at);
CREATE INDEX referrals_burst ON referrals (workspace_id, code, ip_hash, created_at);

-- One credit reward per group, next to (or instead of) its cash rewards.
CREATE TABLE credit_rewards (
    id                     TEXT PRIMARY KEY,
    workspace_id           TEXT NOT NULL,
    group_id               TEXT NOT NULL UNIQUE,
    kind                   TEXT NOT NULL,
    amount                 BIGINT NOT NULL,
    unit                   TEXT NOT NULL,
    recipient              TEXT NOT NULL,
    trigger_event          TEXT NOT NULL,
    max_rewarded_referrals INTEGER,
    max_total              BIGINT,
    expires_in_days        INTEGER,
    description            TEXT,
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL
);

-- The credits ledger: append-only. amount is signed; remaining is what is left of a positive
-- entry (grant, positive adjustment) after redemptions and expiries took from it, oldest expiry
-- first. balance_after is the holder's balance in this unit once the entry applied.
-- dedupe_key: 'grant:<referral>:<referrer|referred>[:<sale>]', 'expiry:<entry>', 'redeem:<key>'.
CREATE TABLE credit_entries (
    seq           ${id_pk},
    id            TEXT NOT NULL UNIQUE,
    workspace_id  TEXT NOT NULL,
    holder_type   TEXT NOT NULL,
    holder_id     TEXT NOT NULL,
    unit          TEXT NOT NULL,
    type          TEXT NOT NULL,
    amount        BIGINT NOT NULL,
    remaining     BIGINT NOT NULL DEFAULT 0,
    balance_after BIGINT,
    expires_at    BIGINT,
    referral_id   TEXT,
    corrects_id   TEXT,
    reward_id     TEXT,
    description   TEXT,
    reason        TEXT,
    dedupe_key    TEXT,
    created_at    BIGINT NOT NULL,
    CONSTRAINT credit_entries_dedupe UNIQUE (workspace_id, dedupe_key)
);
CREATE INDEX credit_entries_holder ON credit_entries (workspace_id, holder_type, holder_id, seq);
CREATE INDEX credit_entries_expiring ON credit_entries (expires_at) WHERE remaining > 0;

CREATE TABLE credit_balances (
    workspace_id TEXT NOT NULL,
    holder_type  TEXT NOT NULL,
    holder_id    TEXT NOT NULL,
    unit         TEXT NOT NULL,
    balance      BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, holder_type, holder_id, unit),
    CONSTRAINT credit_balances_not_negative CHECK (balance >= 0)
);

-- Per referrer and reward unit: referrals rewarded and the total granted, so the caps
-- (maxRewardedReferrals, maxTotal) are a conditional UPDATE on one row, exact under concurrency.
CREATE TABLE credit_referrer_tallies (
    workspace_id       TEXT NOT NULL,
    partner_id         TEXT NOT NULL,
    unit               TEXT NOT NULL,
    rewarded_referrals INTEGER NOT NULL DEFAULT 0,
    granted_total      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, partner_id, unit)
);
