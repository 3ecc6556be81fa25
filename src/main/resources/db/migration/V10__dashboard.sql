-- Dashboard accounts and their sessions. Sessions live in the database so every Referly
-- process sharing it accepts them; only a SHA-256 hash of the cookie value is stored.

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
    email         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    CONSTRAINT accounts_email UNIQUE (email)
);
CREATE INDEX accounts_workspace ON accounts (workspace_id);

CREATE TABLE dashboard_sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX dashboard_sessions_account ON dashboard_sessions (account_id);
