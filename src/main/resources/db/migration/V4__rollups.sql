-- Analytics rollups, maintained by analytics.RollupBuilder, which tails clicks, leads and
-- sales by seq. The writers never touch these tables. Each rollup row holds the four metrics
-- of one (workspace, dimension, value, period); dim '' value '' is the workspace total,
-- dim 'link' the credited link, the others a click attribute (see analytics.Dimension).
-- Periods are epoch milliseconds of the UTC hour / UTC day start.

-- How far each source table has been folded in; advanced in the same transaction as the upserts.
CREATE TABLE rollup_watermarks (
    source TEXT PRIMARY KEY,
    seq    BIGINT NOT NULL
);
INSERT INTO rollup_watermarks (source, seq) VALUES ('clicks', 0), ('leads', 0), ('sales', 0);

CREATE TABLE rollup_hourly (
    workspace_id TEXT NOT NULL,
    dim          TEXT NOT NULL,
    hour         BIGINT NOT NULL,
    value        TEXT NOT NULL,
    clicks       BIGINT NOT NULL DEFAULT 0,
    leads        BIGINT NOT NULL DEFAULT 0,
    sales        BIGINT NOT NULL DEFAULT 0,
    sale_amount  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, dim, hour, value)
);

CREATE TABLE rollup_daily (
    workspace_id TEXT NOT NULL,
    dim          TEXT NOT NULL,
    day          BIGINT NOT NULL,
    value        TEXT NOT NULL,
    clicks       BIGINT NOT NULL DEFAULT 0,
    leads        BIGINT NOT NULL DEFAULT 0,
    sales        BIGINT NOT NULL DEFAULT 0,
    sale_amount  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, dim, day, value)
);

-- Per link and hour, in link order: link-filtered timeseries, counts and top links.
CREATE TABLE rollup_link_hourly (
    workspace_id TEXT NOT NULL,
    link_id      TEXT NOT NULL,
    hour         BIGINT NOT NULL,
    clicks       BIGINT NOT NULL DEFAULT 0,
    leads        BIGINT NOT NULL DEFAULT 0,
    sales        BIGINT NOT NULL DEFAULT 0,
    sale_amount  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, link_id, hour)
);

-- The seq range of each workspace's clicks per UTC hour: the partial hours at the edges of a
-- range are read from raw clicks through the (workspace_id, seq) index within these bounds.
CREATE TABLE rollup_click_seq (
    workspace_id TEXT NOT NULL,
    hour         BIGINT NOT NULL,
    min_seq      BIGINT NOT NULL,
    max_seq      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, hour)
);
