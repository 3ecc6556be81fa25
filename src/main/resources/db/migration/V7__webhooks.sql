-- Outgoing webhooks: endpoints, the outbox of events, one delivery per (event, endpoint) and
-- the log of every attempt. Events are written in the transaction of the change that caused
-- them (see dev.referly.webhooks.Outbox); the dispatcher of any server process delivers them.

-- An endpoint. secret is the whsec_ secret; previous_secret stays valid (signatures are sent
-- with both) until previous_secret_expires_at. consecutive_failures counts failed attempts in a
-- row; blocked_until holds the other deliveries back while a failing endpoint is retried; the
-- lease (lease_owner, lease_until: wall-clock millis) says which process is delivering to it.
CREATE TABLE webhooks (
    id                         TEXT PRIMARY KEY,
    workspace_id               TEXT NOT NULL,
    name                       TEXT NOT NULL,
    url                        TEXT NOT NULL,
    triggers                   TEXT NOT NULL,
    link_ids                   TEXT,
    secret                     TEXT NOT NULL,
    previous_secret            TEXT,
    previous_secret_expires_at BIGINT,
    disabled_at                BIGINT,
    disabled_reason            TEXT,
    consecutive_failures       INTEGER NOT NULL DEFAULT 0,
    failing_since              BIGINT,
    blocked_until              BIGINT,
    lease_owner                TEXT,
    lease_until                BIGINT,
    created_at                 BIGINT NOT NULL,
    updated_at                 BIGINT NOT NULL
);
CREATE INDEX webhooks_workspace ON webhooks (workspace_id);

-- One row per (endpoint, event type) it subscribes to: what Outbox checks before writing.
CREATE TABLE webhook_triggers (
    webhook_id   TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    PRIMARY KEY (webhook_id, event_type)
);
CREATE INDEX webhook_triggers_type ON webhook_triggers (workspace_id, event_type);

-- The links an endpoint is scoped to; an endpoint without rows here hears about every link.
CREATE TABLE webhook_links (
    webhook_id TEXT NOT NULL,
    link_id    TEXT NOT NULL,
    PRIMARY KEY (webhook_id, link_id)
);

-- The outbox: one row per event, payload = the exact body sent ({id, event, createdAt, data}).
CREATE TABLE webhook_events (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    link_id      TEXT,
    payload      TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

-- status: pending (due at next_attempt_at), delivered, failed (gave up at expires_at), paused
-- (the endpoint is disabled; re-enabling makes them pending again).
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    webhook_id      TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    workspace_id    TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    delivered_at    BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at);

CREATE TABLE webhook_attempts (
    seq              ${id_pk},
    delivery_id      TEXT NOT NULL,
    webhook_id       TEXT NOT NULL,
    attempt          INTEGER NOT NULL,
    response_status  INTEGER,
    latency_ms       BIGINT NOT NULL,
    response_snippet TEXT,
    error            TEXT,
    ts               BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, seq);

-- Where link.clicked events are read up to, per workspace: clicks are tailed by seq rather
-- than written by the redirect path (see dev.referly.webhooks.ClickFeed).
CREATE TABLE webhook_click_cursors (
    workspace_id TEXT PRIMARY KEY,
    seq          BIGINT NOT NULL
);
