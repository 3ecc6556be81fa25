-- Short domains and the one workspace that owns each (issue 14 item 3). A workspace claims a
-- domain by putting the first link on it: one INSERT ... ON CONFLICT (slug) DO NOTHING, so of
-- two workspaces racing for a new domain exactly one wins. The installation's default short
-- domain (--short-domain) is shared by every workspace and never has a row here.
-- Dub's domains API (create/list/update/delete) is meant to grow this table: slug is the
-- domain name it uses in paths, id its dom_ identifier.
CREATE TABLE domains (
    slug         TEXT PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX domains_workspace ON domains (workspace_id, created_at);

-- Domains already in use go to the workspace of their earliest link (oldest created_at, then
-- lowest link id): the first user is the one visitors knew the domain by. Links another
-- workspace put there later stay in that workspace's list but the redirect no longer serves
-- them (LinkRepository.served); the owner and the other workspace are told in the README.
-- The domain's id is its earliest link's, re-prefixed: deterministic and time-sortable.
INSERT INTO domains (slug, id, workspace_id, created_at)
SELECT l.domain, 'dom_' || substr(l.id, 6), l.workspace_id, l.created_at
FROM links l
WHERE l.domain <> '${default_domain}'
  AND NOT EXISTS (SELECT 1 FROM links e
                  WHERE e.domain = l.domain
                    AND (e.created_at < l.created_at OR (e.created_at = l.created_at AND e.id < l.id)));

-- Issue 14 item 2: links could name another workspace's partner or program, which then listed
-- them and was credited with their clicks and conversions. Such references are dropped; a
-- link's own workspace keeps the link.
UPDATE links SET partner_id = NULL
WHERE partner_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM partners p WHERE p.id = links.partner_id AND p.workspace_id = links.workspace_id);
UPDATE links SET program_id = NULL
WHERE program_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM programs p WHERE p.id = links.program_id AND p.workspace_id = links.workspace_id);
