-- Stripe: one connection per workspace, its webhook signing secrets (several at once during a
-- rotation), every received event with its state, what a waiting event waits for, and the
-- promotion codes that belong to partners. Idempotency lives in the unique constraints: a Stripe
-- event is processed once per (workspace, event id), whichever process receives it.

CREATE TABLE stripe_connections (
    workspace_id         TEXT PRIMARY KEY REFERENCES workspaces (id),
    mode                 TEXT NOT NULL,
    account_id           TEXT,
    track_free_trials    BOOLEAN NOT NULL DEFAULT FALSE,
    track_trial_quantity BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
-- The shared endpoint finds the workspace by the event's `account`.
CREATE UNIQUE INDEX stripe_connections_account ON stripe_connections (account_id) WHERE account_id IS NOT NULL;

-- expires_at: a rotated-out secret keeps working until then (NULL: no end).
CREATE TABLE stripe_webhook_secrets (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    secret       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    CONSTRAINT stripe_webhook_secrets_secret UNIQUE (workspace_id, secret)
);

-- state: applied | waiting | ignored | failed; reason says why for the last three.
-- stripe_created_at is the event's `created` (epoch millis).
CREATE TABLE stripe_events (
    seq               ${id_pk},
    workspace_id      TEXT NOT NULL,
    event_id          TEXT NOT NULL,
    type              TEXT NOT NULL,
    livemode          BOOLEAN NOT NULL,
    state             TEXT NOT NULL,
    reason            TEXT,
    payload           TEXT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 1,
    stripe_created_at BIGINT NOT NULL,
    received_at       BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    CONSTRAINT stripe_events_event UNIQUE (workspace_id, event_id)
);
CREATE INDEX stripe_events_workspace ON stripe_events (workspace_id, seq);
CREATE INDEX stripe_events_state ON stripe_events (workspace_id, state, seq);

-- What a waiting event needs, e.g. 'customer:cus_123' or 'sale:ch_123'; an applied event that
-- provides a key re-runs the events waiting for it.
CREATE TABLE stripe_event_waits (
    workspace_id TEXT NOT NULL,
    wait_key     TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    PRIMARY KEY (workspace_id, wait_key, event_id)
);
CREATE INDEX stripe_event_waits_event ON stripe_event_waits (workspace_id, event_id);

-- A partner's discount code: a Stripe promotion code whose sales are credited to the partner
-- (through link_id, one of the partner's links) when the customer has no referral of its own.
CREATE TABLE discount_codes (
    id                       TEXT PRIMARY KEY,
    workspace_id             TEXT NOT NULL,
    partner_id               TEXT NOT NULL,
    link_id                  TEXT NOT NULL,
    code                     TEXT,
    stripe_promotion_code_id TEXT NOT NULL,
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL,
    CONSTRAINT discount_codes_promotion_code UNIQUE (workspace_id, stripe_promotion_code_id)
);
CREATE INDEX discount_codes_partner ON discount_codes (partner_id);

-- Sales from payment processors: the ids refunds are matched by, the product lines rewards are
-- computed on (JSON [{productId, amount, quantity}], amounts in the sale's currency), whether the
-- sale is a renewal, and how much of it was refunded so far (in the refunds' own currency).
ALTER TABLE sales ADD COLUMN stripe_payment_intent_id TEXT;
ALTER TABLE sales ADD COLUMN stripe_charge_id TEXT;
ALTER TABLE sales ADD COLUMN line_items TEXT;
ALTER TABLE sales ADD COLUMN recurring BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sales ADD COLUMN refunded_amount BIGINT NOT NULL DEFAULT 0;
-- Partial: /track/sale rows carry no Stripe ids and pay nothing for these indexes.
CREATE INDEX sales_stripe_charge ON sales (workspace_id, stripe_charge_id) WHERE stripe_charge_id IS NOT NULL;
CREATE INDEX sales_stripe_payment_intent ON sales (workspace_id, stripe_payment_intent_id)
    WHERE stripe_payment_intent_id IS NOT NULL;
CREATE INDEX customers_stripe ON customers (workspace_id, stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;
