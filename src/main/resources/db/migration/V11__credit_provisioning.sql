-- Automatic provisioning of credit grants in Stripe: the workspace's Stripe API key (never
-- returned by the API) and its switch, one job row per grant to provision (unique on the grant's
-- ledger entry, so a grant is queued once), and the free-period coupons created per workspace.
ALTER TABLE stripe_connections ADD COLUMN api_key TEXT;
ALTER TABLE stripe_connections ADD COLUMN provision_credits BOOLEAN NOT NULL DEFAULT FALSE;

-- state: pending | applied | failed | skipped. A worker claims a due pending row with a
-- conditional UPDATE that moves next_attempt_at forward by a lease (the claim across processes);
-- attempts counts the claims. stripe_object_id is what Stripe returned (cbtxn_..., sub_...).
-- plan holds the parameters computed on the first attempt (a trial end) so that every retry sends
-- the very same request under the same Idempotency-Key.
CREATE TABLE credit_provisioning (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT NOT NULL,
    entry_id         TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    last_error       TEXT,
    stripe_object_id TEXT,
    plan             TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT credit_provisioning_entry UNIQUE (entry_id)
);
CREATE INDEX credit_provisioning_due ON credit_provisioning (next_attempt_at) WHERE state = 'pending';
CREATE INDEX credit_provisioning_workspace ON credit_provisioning (workspace_id, state);

-- One 100%-off repeating coupon per workspace and number of months, created once and reused.
CREATE TABLE credit_provisioning_coupons (
    workspace_id TEXT NOT NULL,
    months       INTEGER NOT NULL,
    coupon_id    TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, months)
);
