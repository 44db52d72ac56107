-- WiFi Analytics storage. Dashboards never scan raw months: two materialized views keep compact
-- aggregates up to date on every insert into wifi_events, and every metric is computed from them
-- (definitions and SQL: docs/wifi-metrics.md).

-- Vendor of the client MAC from the IEEE registry (longest of MA-S/MA-M/MA-L prefixes), filled at ingest.
-- Empty for randomized MACs, which belong to no vendor.
ALTER TABLE wifi_events ADD COLUMN IF NOT EXISTS vendor LowCardinality(String) DEFAULT '';

-- Presence of one client MAC in one organization during one UTC minute, over all its receivers.
-- Visits, dwell, visitors vs passers-by and repeat visits are sessionized from this table at query time,
-- so their thresholds stay configurable per organization without rewriting data.
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
    vendor          SimpleAggregateFunction(anyLast, LowCardinality(String))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (organization_id, minute, mac);

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

-- Per receiver and UTC hour: events and the exact set of client MACs it heard (for per-receiver counts
-- and the events series). Sets are small at this grain (the MACs one receiver hears in an hour).
CREATE TABLE IF NOT EXISTS wifi_device_hourly
(
    organization_id UInt32,
    device_id       UInt32,
    hour            DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    events          SimpleAggregateFunction(sum, UInt64),
    macs            AggregateFunction(uniqExact, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (organization_id, device_id, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS wifi_device_hourly_mv TO wifi_device_hourly AS
SELECT
    organization_id,
    device_id,
    toStartOfHour(timestamp) AS hour,
    count() AS events,
    uniqExactState(MACStringToNum(client_mac)) AS macs
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
ORDER BY (organization_id, mac);

CREATE MATERIALIZED VIEW IF NOT EXISTS wifi_first_seen_mv TO wifi_first_seen AS
SELECT organization_id, MACStringToNum(client_mac) AS mac, min(timestamp) AS first_seen
FROM wifi_events
GROUP BY organization_id, mac;
