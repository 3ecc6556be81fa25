-- Destination URLs may be up to 32,000 characters (as on Dub), far beyond what one PostgreSQL
-- index row holds (about 2,700 bytes): indexing the whole URL made long ones a 500. The index
-- keeps the first 500 characters (at most 2,000 bytes of UTF-8); lookups by URL match that
-- prefix through the index, then the whole URL.
DROP INDEX links_workspace_url;
CREATE INDEX links_workspace_url ON links (workspace_id, substr(url, 1, 500));
