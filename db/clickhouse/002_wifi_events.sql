-- replaces: 001_events
-- Raw WiFi events (probe requests and other frames heard in monitor mode), one row per sighting. The
-- common columns (identity, timestamp, received_at, batch_id, dedup window) are those of every product's
-- event table and are explained in 001_ble_events.sql. WiFi's own:
-- * client_mac is plain String with ZSTD, not LowCardinality: randomized MACs are nearly all distinct.
-- * frame_type has few distinct values, so LowCardinality; channel UInt8 (1..233, the 6 GHz band's top).
-- * vendor is added by 010_wifi_analytics.sql (installs of 001_events got the column there).
CREATE TABLE IF NOT EXISTS wifi_events
(
    timestamp       DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    received_at     DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(DoubleDelta, ZSTD(1)),
    organization_id UInt32,
    device_id       UInt32,
    device_mac      LowCardinality(String),
    client_mac      String CODEC(ZSTD(1)),
    ssid            String DEFAULT '' CODEC(ZSTD(1)),
    rssi            Int8,
    channel         UInt8 DEFAULT 0,
    frame_type      LowCardinality(String) DEFAULT 'probe_request',
    batch_id        UInt64 CODEC(ZSTD(1)),
    INDEX received_at_minmax received_at TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (organization_id, device_id, timestamp)
SETTINGS non_replicated_deduplication_window = 1000;
