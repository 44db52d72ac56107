import { Duplex, Transform } from 'node:stream';

/** A client announced a packet larger than MQTT_MAX_PACKET_BYTES. */
export class OversizedPacketError extends Error {
  constructor(readonly size: number, readonly limit: number) {
    super(`MQTT packet of ${size} bytes exceeds the limit of ${limit} bytes`);
    this.name = 'OversizedPacketError';
  }
}

/**
 * Follows MQTT frame boundaries in the byte stream by their fixed headers (type byte + Remaining
 * Length varint, §2.2.3) without parsing or buffering bodies, so an oversized packet is caught as
 * soon as its header arrives — before the parser would buffer it whole.
 */
export class FrameScanner {
  private inHeader = false;
  private length = 0;
  private lengthBytes = 0;
  private skip = 0;

  constructor(private readonly maxBytes: number) {}

  /** Consumes a chunk; returns an error once a frame is over the limit or its length is malformed. */
  feed(chunk: Buffer): Error | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      const byte = chunk[i++]!;
      if (!this.inHeader) {
        this.inHeader = true;
        this.length = 0;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (byte & 0x7f) * 128 ** this.lengthBytes++;
      if (byte & 0x80) {
        if (this.lengthBytes === 4) return new Error('malformed MQTT Remaining Length');
        continue;
      }
      const size = 1 + this.lengthBytes + this.length;
      if (size > this.maxBytes) return new OversizedPacketError(size, this.maxBytes);
      this.inHeader = false;
      this.skip = this.length;
    }
    return undefined;
  }
}

/**
 * Aedes (and the mqtt-packet parser under it) has no maximum packet size; this puts one in front
 * of it. Returns the stream to hand to `aedes.handle`: reads pass through the scanner, writes go
 * straight to the connection, and an oversized packet destroys both with OversizedPacketError.
 */
export function limitPacketSize(conn: Duplex, maxBytes: number): Duplex {
  const scanner = new FrameScanner(maxBytes);
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const err = scanner.feed(chunk);
      if (err) callback(err);
      else callback(null, chunk);
    },
  });
  conn.pipe(guard);
  // Duplex.from does not tear the writable side down when the readable side fails: do it here.
  guard.once('error', () => conn.destroy());
  return Duplex.from({ readable: guard, writable: conn });
}
