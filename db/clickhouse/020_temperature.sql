-- Temperature Monitoring storage: raw readings, a per-minute aggregate every chart reads, and the latest
-- reading of each sensor.
--
-- Raw readings, one row per valid reading, written by ingest/ like every product's events (identity,
-- timestamp, received_at, batch_id and the dedup window as in 001_ble_events.sql). Temperature's own:
-- * sensor: the sensor's id on its receiver (≤ 32 chars, `t1`), a handful per device: LowCardinality.
-- * celsius Float32: sensors resolve 0.0625 °C at best, well inside a float's 7 digits; Gorilla suits a
--   slowly drifting float series.
-- * humidity Nullable(Float32): optional in the protocol; NULL (not 0) so averages skip readings without it.
-- * ORDER BY (organization_id, device_id, sensor, timestamp): a sensor's history is one range.
CREATE TABLE IF NOT EXISTS temperature_readings
(
    timestamp       DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    received_at     DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(DoubleDelta, ZSTD(1)),
    organization_id UInt32,
    device_id       UInt32,
    device_mac      LowCardinality(String),
    sensor          LowCardinality(String),
    celsius         Float32 CODEC(Gorilla, ZSTD(1)),
    humidity        Nullable(Float32) CODEC(Gorilla, ZSTD(1)),
    batch_id        UInt64 CODEC(ZSTD(1)),
    INDEX received_at_minmax received_at TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (organization_id, device_id, sensor, timestamp)
SETTINGS non_replicated_deduplication_window = 1000;

-- Per sensor and UTC minute: count, sum, min and max, so an hour or a day (in any time zone, since
-- minutes nest in every zone's hours) is an exact re-aggregation: avg = sum / count, never an average
-- of averages. About one row per reading at the default interval, but a year stays a cheap scan.
CREATE TABLE IF NOT EXISTS temperature_minute
(
    organization_id UInt32,
    device_id       UInt32,
    sensor          LowCardinality(String),
    minute          DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    readings        SimpleAggregateFunction(sum, UInt64),
    celsius_sum     SimpleAggregateFunction(sum, Float64),
    celsius_min     SimpleAggregateFunction(min, Float32),
    celsius_max     SimpleAggregateFunction(max, Float32),
    humidity_sum    SimpleAggregateFunction(sum, Float64),
    humidity_count  SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (organization_id, device_id, sensor, minute)
-- A retried ingest INSERT reaches the view again; the block is recognised and not counted twice.
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS temperature_minute_mv TO temperature_minute AS
SELECT
    organization_id,
    device_id,
    sensor,
    toStartOfMinute(timestamp) AS minute,
    count() AS readings,
    sum(toFloat64(celsius)) AS celsius_sum,
    min(celsius) AS celsius_min,
    max(celsius) AS celsius_max,
    sum(toFloat64(ifNull(humidity, 0))) AS humidity_sum,
    count(humidity) AS humidity_count
FROM temperature_readings
GROUP BY organization_id, device_id, sensor, minute;

-- The newest reading of each sensor: the sensor table and the alerts read this (FINAL over a few rows
-- per sensor) instead of searching history for a sensor that went quiet long ago. The newest timestamp
-- wins, whatever order batches arrive in.
CREATE TABLE IF NOT EXISTS temperature_latest
(
    organization_id UInt32,
    device_id       UInt32,
    sensor          LowCardinality(String),
    timestamp       DateTime64(3, 'UTC'),
    celsius         Float32,
    humidity        Nullable(Float32)
)
ENGINE = ReplacingMergeTree(timestamp)
ORDER BY (organization_id, device_id, sensor);

-- The inner names differ from the columns: an alias named like a column would shadow it inside argMax.
CREATE MATERIALIZED VIEW IF NOT EXISTS temperature_latest_mv TO temperature_latest AS
SELECT organization_id, device_id, sensor, last_at AS timestamp, last_celsius AS celsius, last_humidity AS humidity
FROM (
    SELECT organization_id, device_id, sensor, max(timestamp) AS last_at,
           argMax(celsius, timestamp) AS last_celsius, argMax(humidity, timestamp) AS last_humidity
    FROM temperature_readings
    GROUP BY organization_id, device_id, sensor
);
