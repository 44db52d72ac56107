import type { Duplex } from 'node:stream';

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
  feed(chunk: Uint8Array): Error | undefined {
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
 * of it. Every chunk the connection receives passes the scanner as it is pushed into the stream's
 * read buffer, before Aedes can read it; an oversized packet destroys the connection with
 * OversizedPacketError (Aedes reports it as a client error). The connection itself is returned:
 * a wrapping stream would cost every connection its own stream pair (and an Error object when it
 * closes), and split Aedes' corked writes into one socket write per fragment of each packet.
 */
export function limitPacketSize<S extends Duplex>(conn: S, maxBytes: number): S {
  const scanner = new FrameScanner(maxBytes);
  const push = conn.push;
  conn.push = function scannedPush(this: S, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null && chunk !== undefined) {
      const err = scanner.feed(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Uint8Array));
      if (err) {
        conn.destroy(err);
        return false;
      }
    }
    return push.call(this, chunk, encoding);
  };
  return conn;
}
