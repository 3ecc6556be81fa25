-- Publishable keys (the attribution script's browser-side key) and the embedded referral
-- dashboard's public tokens. Only SHA-256 hashes of either secret are stored.

CREATE TABLE publishable_keys (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT NOT NULL REFERENCES workspaces (id),
    name              TEXT,
    key_hash          TEXT NOT NULL UNIQUE,
    partial_key       TEXT NOT NULL,
    allowed_hostnames TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    revoked_at        BIGINT
);
CREATE INDEX publishable_keys_workspace ON publishable_keys (workspace_id);

CREATE TABLE embed_tokens (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    program_id   TEXT NOT NULL,
    partner_id   TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX embed_tokens_workspace ON embed_tokens (workspace_id);

-- Requests per token per minute: one conditional upsert per request enforces the limit in
-- every process sharing the database.
CREATE TABLE embed_token_hits (
    token_id TEXT NOT NULL,
    minute   BIGINT NOT NULL,
    hits     INTEGER NOT NULL,
    PRIMARY KEY (token_id, minute)
);
