-- WiFi Analytics storage. Dashboards never scan raw months: materialized views keep compact aggregates
-- up to date on every insert into wifi_events, a sessionizer turns presence into visits, and every
-- metric is computed from those (definitions and SQL: docs/wifi-metrics.md).

-- Vendor of the client MAC from the IEEE registry (longest of MA-S/MA-M/MA-L prefixes), filled at ingest.
-- Empty for randomized MACs, which belong to no vendor.
ALTER TABLE wifi_events ADD COLUMN IF NOT EXISTS vendor LowCardinality(String) DEFAULT '';

-- Presence of one client MAC in one organization during one UTC minute, over all its receivers: the
-- input of the sessionizer (ingest/wifi-sessionizer.ts), kept so visits can be rebuilt when an
-- organization changes its thresholds.
-- * mac is the MAC as a 48-bit number (MACStringToNum): hashing and grouping integers is several times
--   faster than strings, and bit 41 is the locally-administered (randomized) bit.
-- * first_seen/last_seen keep millisecond precision inside the minute, so dwell is exact, not rounded.
-- * max_rssi is the strongest reading of the minute over all receivers: the RSSI floor and the visitor
--   threshold apply to it.
CREATE TABLE IF NOT EXISTS wifi_presence_minute
(
    organization_id UInt32,
    minute          DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    mac             UInt64,
    first_seen      SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen       SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    max_rssi        SimpleAggregateFunction(max, Int8),
    events          SimpleAggregateFunction(sum, UInt64),
    vendor          SimpleAggregateFunction(anyLast, LowCardinality(String)),
    -- When the row was last written to: the sessionizer picks up what changed since its last run, however
    -- late a device delivered it. The minmax index skips every part written before that.
    updated_at      SimpleAggregateFunction(max, DateTime64(3, 'UTC')) DEFAULT now64(3),
    INDEX updated_at_minmax updated_at TYPE minmax GRANULARITY 1
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (organization_id, minute, mac)
-- A retried ingest INSERT reaches the views again (deduplicate_blocks_in_dependent_materialized_views):
-- each aggregate table recognises a block it already has, so nothing is counted twice.
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS wifi_presence_minute_mv TO wifi_presence_minute AS
SELECT
    organization_id,
    toStartOfMinute(timestamp) AS minute,
    MACStringToNum(client_mac) AS mac,
    min(timestamp) AS first_seen,
    max(timestamp) AS last_seen,
    max(rssi) AS max_rssi,
    count() AS events,
    anyLast(vendor) AS vendor
FROM wifi_events
GROUP BY organization_id, minute, mac;

-- Per receiver and UTC hour: events (exact) and a HyperLogLog-style sketch of the client MACs it heard
-- (uniqCombined: about 0.5 % error, a fraction of the cost of merging exact sets over a month).
CREATE TABLE IF NOT EXISTS wifi_device_hourly
(
    organization_id UInt32,
    device_id       UInt32,
    hour            DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    events          SimpleAggregateFunction(sum, UInt64),
    macs            AggregateFunction(uniqCombined, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (organization_id, device_id, hour)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS wifi_device_hourly_mv TO wifi_device_hourly AS
SELECT
    organization_id,
    device_id,
    toStartOfHour(timestamp) AS hour,
    count() AS events,
    uniqCombinedState(MACStringToNum(client_mac)) AS macs
FROM wifi_events
GROUP BY organization_id, device_id, hour;

-- The first time an organization ever saw a MAC: tells new from returning visitors without scanning history.
CREATE TABLE IF NOT EXISTS wifi_first_seen
(
    organization_id UInt32,
    mac             UInt64,
    first_seen      SimpleAggregateFunction(min, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (organization_id, mac)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS wifi_first_seen_mv TO wifi_first_seen AS
SELECT organization_id, MACStringToNum(client_mac) AS mac, min(timestamp) AS first_seen
FROM wifi_events
GROUP BY organization_id, mac;

-- Visits: runs of a MAC's presence minutes at or above the organization's RSSI floor with no silence
-- longer than its visit gap. Written by the sessionizer, re-derived (same start = same row, a newer
-- version wins; a visit merged into another gets an is_deleted row) as presence arrives. Whether a visit
-- makes its MAC a visitor (long and strong enough) is decided at query time, so those thresholds apply
-- at once. Roughly one row per 40 raw events: month-long dashboards read this, never presence or raw.
CREATE TABLE IF NOT EXISTS wifi_visits
(
    organization_id UInt32,
    start           DateTime64(3, 'UTC'),
    mac             UInt64,
    end             DateTime64(3, 'UTC'),
    peak_rssi       Int8,
    vendor          LowCardinality(String),
    -- When the organization first saw this MAC at all (from wifi_first_seen when the visit was derived):
    -- "returning visitor" becomes a column test instead of a lookup into all history.
    mac_first_seen  DateTime64(3, 'UTC'),
    version         DateTime64(3, 'UTC'),
    is_deleted      UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version, is_deleted)
PARTITION BY toYYYYMM(start)
ORDER BY (organization_id, start, mac);
