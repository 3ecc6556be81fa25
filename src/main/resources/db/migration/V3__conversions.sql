-- Customers, leads and sales. Idempotency lives in the unique constraints:
-- one customer per (workspace, externalId), one lead event name per customer,
-- one sale per (workspace, invoiceId).

CREATE TABLE customers (
    id                       TEXT PRIMARY KEY,
    workspace_id             TEXT NOT NULL REFERENCES workspaces (id),
    external_id              TEXT,
    name                     TEXT,
    email                    TEXT,
    avatar                   TEXT,
    country                  TEXT,
    stripe_customer_id       TEXT,
    click_id                 TEXT,
    link_id                  TEXT,
    attributed               BOOLEAN NOT NULL DEFAULT FALSE,
    sales                    BIGINT NOT NULL DEFAULT 0,
    sale_amount              BIGINT NOT NULL DEFAULT 0,
    first_sale_at            BIGINT,
    subscription_canceled_at BIGINT,
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL,
    erased_at                BIGINT,
    CONSTRAINT customers_external_id UNIQUE (workspace_id, external_id)
);
CREATE INDEX customers_workspace_created ON customers (workspace_id, created_at);
CREATE INDEX customers_email ON customers (workspace_id, email);

-- The claim that makes "the first (customer, eventName) is recorded" hold under concurrency.
CREATE TABLE lead_names (
    workspace_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    event_name   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, customer_id, event_name)
);

CREATE TABLE leads (
    seq          ${id_pk},
    id           TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    click_id     TEXT NOT NULL,
    link_id      TEXT,
    event_name   TEXT NOT NULL,
    source       TEXT NOT NULL,
    metadata     TEXT,
    ts           BIGINT NOT NULL
);
CREATE UNIQUE INDEX leads_event_id ON leads (id);
CREATE INDEX leads_workspace_ts ON leads (workspace_id, ts);
CREATE INDEX leads_customer ON leads (customer_id, ts);

CREATE TABLE sales (
    seq               ${id_pk},
    id                TEXT NOT NULL,
    workspace_id      TEXT NOT NULL,
    customer_id       TEXT NOT NULL,
    click_id          TEXT,
    link_id           TEXT,
    event_name        TEXT NOT NULL,
    amount            BIGINT NOT NULL,
    currency          TEXT NOT NULL,
    original_amount   BIGINT NOT NULL,
    original_currency TEXT NOT NULL,
    fx_rate           TEXT NOT NULL,
    payment_processor TEXT NOT NULL,
    invoice_id        TEXT,
    metadata          TEXT,
    response          TEXT NOT NULL,
    ts                BIGINT NOT NULL,
    CONSTRAINT sales_invoice UNIQUE (workspace_id, invoice_id)
);
CREATE UNIQUE INDEX sales_event_id ON sales (id);
CREATE INDEX sales_workspace_ts ON sales (workspace_id, ts);
CREATE INDEX sales_customer ON sales (customer_id, ts);

-- US dollars per one unit of the currency,
-- as an exact decimal string, valid from a date on. The rate used is copied onto each sale.
CREATE TABLE fx_rates (
    currency       TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    usd_per_unit   TEXT NOT NULL,
    PRIMARY KEY (currency, effective_date)
);

ALTER TABLE workspaces ADD COLUMN attribution_window_days INTEGER NOT NULL DEFAULT 90;
