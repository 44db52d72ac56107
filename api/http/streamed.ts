import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/**
 * A response body that is streamed rather than sent as JSON (a file download): what a route handler
 * returns instead of touching Express' `res`. The router sets the headers and pipes the stream.
 */
export class Streamed {
  constructor(
    readonly contentType: string,
    readonly open: () => Readable,
    readonly opts: { length?: number; filename?: string; headers?: Record<string, string> } = {},
  ) {}

  /** Bytes in memory, shown inline (an image), with extra response headers. */
  static bytes(bytes: Buffer, contentType: string, headers: Record<string, string>): Streamed {
    return new Streamed(contentType, () => Readable.from([bytes]), { length: bytes.length, headers });
  }

  /** A file on disk, offered as an attachment named `filename`. */
  static file(path: string, contentType: string, filename: string, length?: number): Streamed {
    return new Streamed(contentType, () => createReadStream(path), { length, filename });
  }
}
