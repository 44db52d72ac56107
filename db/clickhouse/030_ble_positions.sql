-- BLE Tracking positions (issue 10). The positioning engine (ingest/products/ble/) turns RSSI from
-- ble_events into fixes, one per tag every few seconds, and writes them here; zone visits are derived
-- from the fixes with hysteresis, and materialized views keep the aggregates the client's screens
-- read (occupancy per zone-minute, a 0.5 m position grid per hour), so no screen scans raw fixes for a month.
-- Geometry is in metres of the plan (origin top-left, y down), like the zones and receivers in PostgreSQL.

-- One fix of one tag. ORDER BY (organization_id, plan_id, tag_id, ts): playback of one tag or of all
-- tags of a plan over a period reads one contiguous range per tag.
-- * zone_id 0 means "outside every zone" (zone ids are PostgreSQL serials, never 0).
-- * error_m is the fix's error radius (the confidence shown as a halo), receivers how many receivers
--   contributed; best_device_id/best_rssi the strongest receiver, as the live map labels a tag.
-- * location_id rides along so per-location grants (issue 13) filter without a join.
CREATE TABLE IF NOT EXISTS ble_positions
(
    organization_id UInt32,
    location_id     UInt32,
    plan_id         UInt32,
    tag_id          UInt32,
    ts              DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    x               Float32,
    y               Float32,
    zone_id         UInt32,
    error_m         Float32,
    receivers       UInt8,
    best_device_id  UInt32,
    best_rssi       Int8
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (organization_id, plan_id, tag_id, ts)
SETTINGS non_replicated_deduplication_window = 1000;

-- A tag's stay in one zone (zone_id 0: outside every zone), maintained like WiFi visits: the engine
-- writes a visit when it opens and rewrites it (same key, newer version) as it extends and when it
-- closes, so `FINAL` (or argMax by version) reads the latest state of each. `closed` is 0 while the tag
-- is still in the zone.
CREATE TABLE IF NOT EXISTS ble_zone_visits
(
    organization_id UInt32,
    location_id     UInt32,
    plan_id         UInt32,
    tag_id          UInt32,
    zone_id         UInt32,
    enter           DateTime64(3, 'UTC'),
    exit            DateTime64(3, 'UTC'),
    closed          UInt8,
    version         DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(enter)
ORDER BY (organization_id, plan_id, tag_id, enter);

-- The aggregates' sorting keys hold location_id before plan_id: a plan belongs to one location, so it
-- costs nothing, and ClickHouse refuses a dimension outside the key of an aggregating table.

-- Per zone and UTC minute: which tags were in it (exact set sketch: a zone holds tens to hundreds of
-- tags) and how many fixes placed them there. "Busiest zones" and occupancy charts read this.
CREATE TABLE IF NOT EXISTS ble_zone_minute
(
    organization_id UInt32,
    location_id     UInt32,
    plan_id         UInt32,
    zone_id         UInt32,
    minute          DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    tags            AggregateFunction(uniqExact, UInt32),
    fixes           SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (organization_id, location_id, plan_id, zone_id, minute)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ble_zone_minute_mv TO ble_zone_minute AS
SELECT
    organization_id,
    location_id,
    plan_id,
    zone_id,
    toStartOfMinute(ts) AS minute,
    uniqExactState(tag_id) AS tags,
    count() AS fixes
FROM ble_positions
GROUP BY organization_id, location_id, plan_id, zone_id, minute;

-- Where tags spent time: fixes per 0.5 m cell of a plan per UTC hour (the heatmap). A fix stands for
-- the engine's fix interval, so fixes × interval is dwell time in the cell.
CREATE TABLE IF NOT EXISTS ble_grid_hour
(
    organization_id UInt32,
    location_id     UInt32,
    plan_id         UInt32,
    hour            DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    cell_x          UInt16,
    cell_y          UInt16,
    fixes           SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (organization_id, location_id, plan_id, hour, cell_x, cell_y)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ble_grid_hour_mv TO ble_grid_hour AS
SELECT
    organization_id,
    location_id,
    plan_id,
    toStartOfHour(ts) AS hour,
    toUInt16(floor(greatest(x, 0) / 0.5)) AS cell_x,
    toUInt16(floor(greatest(y, 0) / 0.5)) AS cell_y,
    count() AS fixes
FROM ble_positions
GROUP BY organization_id, location_id, plan_id, hour, cell_x, cell_y;
