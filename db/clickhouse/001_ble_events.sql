-- replaces: 001_events
-- Raw BLE events (iBeacon advertisements), one row per sighting, written by ingest/ in group commits (one INSERT per table
-- per flush, TabSeparated). Why the types:
-- * organization_id, device_id, device_mac come from the authenticated connection, never the payload.
--   ORDER BY starts with organization_id: every client query is tenant-scoped, so it reads one range.
-- * timestamp is the scanner's epoch ms (DateTime64(3)); DoubleDelta suits it because rows of one device
--   are sorted by time with near-constant gaps. Ingest refuses events more than 7 days old (default), so
--   an INSERT touches at most two monthly partitions and a broken clock cannot spray tiny parts.
-- * received_at is when the platform received the batch: it drives the replay index seed (see batch_id),
--   and a minmax skip index on it keeps that start-up query to the parts written in the dedup window.
-- * device_mac, uuid, beacon_mac: few distinct values per part, so LowCardinality (dictionary-encoded,
--   compared as integers).
-- * rssi Int8 (-127..0 accepted), major/minor UInt16: the protocol's own ranges.
-- * batch_id: first 8 bytes of sha256(device id, product, raw payload). Group commit merges many device
--   batches into one INSERT, so ClickHouse's block-level insert dedup cannot see a replayed batch; ingest
--   keeps an index of batch ids stored in the last INGEST_DEDUP_WINDOW_SECONDS, seeded from this column
--   at start. Constant within a batch, so it compresses to almost nothing.
-- * non_replicated_deduplication_window: ingest writes received_at itself (the time the batch arrived),
--   so every row of a flush is fixed before the first attempt and a retried INSERT is byte-identical.
--   After an ambiguous failure (a timeout from a remote server that did commit) the retry's blocks match
--   the stored ones by hash and are dropped instead of stored twice.
-- The prototype's raw_data column is gone: unknown fields are ignored, and keeping every raw event
-- would roughly double the storage for data nothing reads.
CREATE TABLE IF NOT EXISTS ble_events
(
    timestamp       DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    received_at     DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(DoubleDelta, ZSTD(1)),
    organization_id UInt32,
    device_id       UInt32,
    device_mac      LowCardinality(String),
    beacon_mac      LowCardinality(String),
    rssi            Int8,
    uuid            LowCardinality(String) DEFAULT '',
    major           UInt16 DEFAULT 0,
    minor           UInt16 DEFAULT 0,
    tx_power        Int8 DEFAULT 0,
    batch_id        UInt64 CODEC(ZSTD(1)),
    INDEX received_at_minmax received_at TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (organization_id, device_id, timestamp)
SETTINGS non_replicated_deduplication_window = 1000;
