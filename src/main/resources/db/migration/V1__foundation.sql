-- Instants are epoch milliseconds (BIGINT) in both stores; ${id_pk} is the dialect's
-- auto-numbered primary key (see storage.Dialect).

CREATE TABLE instance_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    currency   TEXT NOT NULL DEFAULT 'usd',
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    partial_key  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

CREATE TABLE links (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT NOT NULL REFERENCES workspaces (id),
    domain           TEXT NOT NULL,
    link_key         TEXT NOT NULL,
    url              TEXT NOT NULL,
    track_conversion BOOLEAN NOT NULL DEFAULT FALSE,
    external_id      TEXT,
    tenant_id        TEXT,
    program_id       TEXT,
    partner_id       TEXT,
    archived         BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at       BIGINT,
    expired_url      TEXT,
    disabled_at      BIGINT,
    password         TEXT,
    proxy            BOOLEAN NOT NULL DEFAULT FALSE,
    title            TEXT,
    description      TEXT,
    image            TEXT,
    video            TEXT,
    rewrite          BOOLEAN NOT NULL DEFAULT FALSE,
    do_index         BOOLEAN NOT NULL DEFAULT FALSE,
    ios              TEXT,
    android          TEXT,
    geo              TEXT,
    public_stats     BOOLEAN NOT NULL DEFAULT FALSE,
    folder_id        TEXT,
    comments         TEXT,
    utm_source       TEXT,
    utm_medium       TEXT,
    utm_campaign     TEXT,
    utm_term         TEXT,
    utm_content      TEXT,
    user_id          TEXT,
    clicks           BIGINT NOT NULL DEFAULT 0,
    leads            BIGINT NOT NULL DEFAULT 0,
    conversions      BIGINT NOT NULL DEFAULT 0,
    sales            BIGINT NOT NULL DEFAULT 0,
    sale_amount      BIGINT NOT NULL DEFAULT 0,
    last_clicked     BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT links_domain_key UNIQUE (domain, link_key),
    CONSTRAINT links_external_id UNIQUE (workspace_id, external_id)
);
CREATE INDEX links_workspace_created ON links (workspace_id, created_at);
CREATE INDEX links_workspace_url ON links (workspace_id, url);

-- Raw clicks: append-only. Each extra index costs insert throughput on the redirect path,
-- so there are two: the click id (conversions look clicks up by it) and the events list.
CREATE TABLE clicks (
    seq             ${id_pk},
    id              TEXT NOT NULL,
    workspace_id    TEXT NOT NULL,
    link_id         TEXT NOT NULL,
    ts              BIGINT NOT NULL,
    url             TEXT NOT NULL,
    country         TEXT NOT NULL,
    city            TEXT NOT NULL,
    region          TEXT NOT NULL,
    continent       TEXT NOT NULL,
    device          TEXT NOT NULL,
    browser         TEXT NOT NULL,
    browser_version TEXT NOT NULL,
    os              TEXT NOT NULL,
    os_version      TEXT NOT NULL,
    ua              TEXT NOT NULL,
    referer         TEXT NOT NULL,
    referer_url     TEXT NOT NULL,
    utm_source      TEXT,
    utm_medium      TEXT,
    utm_campaign    TEXT,
    utm_term        TEXT,
    utm_content     TEXT,
    trigger_type    TEXT NOT NULL,
    ip              TEXT,
    visitor_hash    TEXT NOT NULL,
    query           TEXT
);
CREATE UNIQUE INDEX clicks_click_id ON clicks (id);
CREATE INDEX clicks_workspace_seq ON clicks (workspace_id, seq);

-- The open one-hour de-duplication window of each visitor on each link, shared by every
-- server process: a repeat click inside it reuses the window's click id and is not counted.
CREATE TABLE click_windows (
    link_id      TEXT NOT NULL,
    visitor_hash TEXT NOT NULL,
    click_id     TEXT NOT NULL,
    opened_at    BIGINT NOT NULL,
    PRIMARY KEY (link_id, visitor_hash)
);
