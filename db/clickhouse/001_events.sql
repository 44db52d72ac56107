-- Raw device events. One row per sighting; device and organization come from the authenticated
-- connection, never from the payload. batch_id identifies the uplink batch (hash of device + payload)
-- so a replayed batch is recognised and stored once.
CREATE TABLE IF NOT EXISTS ble_events
(
    timestamp       DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    received_at     DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(DoubleDelta, ZSTD(1)),
    organization_id UInt32,
    device_id       UInt32,
    device_mac      LowCardinality(String),
    beacon_mac      String CODEC(ZSTD(1)),
    rssi            Int8,
    uuid            LowCardinality(String) DEFAULT '',
    major           UInt16 DEFAULT 0,
    minor           UInt16 DEFAULT 0,
    tx_power        Int8 DEFAULT 0,
    raw_data        String DEFAULT '' CODEC(ZSTD(3)),
    batch_id        UInt64 CODEC(ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (organization_id, device_id, timestamp);

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
    raw_data        String DEFAULT '' CODEC(ZSTD(3)),
    batch_id        UInt64 CODEC(ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (organization_id, device_id, timestamp);
