import { Duplex } from 'node:stream';
import { decodeFrame, encodeFrame, FrameType, MAX_DATA_PAYLOAD, u16, u32, type Frame } from './frames.ts';

/** Why opening a stream failed: the device's code (`port_not_allowed`, `connect_failed`, …) or `tunnel_closed`/`open_timeout`. */
export class StreamOpenError extends Error {
  constructor(readonly code: string) {
    super(`tunnel stream refused: ${code}`);
    this.name = 'StreamOpenError';
  }
}

export interface MuxOptions {
  /** Puts one frame on the wire (a WebSocket binary message). */
  send(frame: Buffer): void;
  /** Bytes a sender may have unacknowledged on one stream; both sides must use the same value. */
  windowBytes: number;
  /** Device side: a stream the platform asks for; call `accept()` or `refuse(code)` on it. */
  onOpen?(stream: TunnelStream, port: number): void;
  /** How long `open()` waits for the device's answer. */
  openTimeoutMs?: number;
}

interface PendingWrite {
  data: Buffer;
  done(err?: Error | null): void;
}

/**
 * One multiplexed stream: a Duplex whose writes are cut into DATA frames as the peer's window allows,
 * and whose reads grant the window back only as they are consumed, so a stream nobody reads stops its
 * sender instead of filling memory, and never holds up the other streams of the tunnel.
 */
export class TunnelStream extends Duplex {
  bytesIn = 0;
  bytesOut = 0;
  /** The peer's reset reason, when it reset the stream. */
  resetReason: string | undefined;
  private sendCredit: number;
  private recvCredit: number;
  private unacked = 0;
  private pending: PendingWrite | undefined;
  private localFin = false;
  private remoteFin = false;

  constructor(
    readonly id: number,
    readonly port: number,
    private readonly mux: TunnelMux,
    private readonly windowBytes: number,
  ) {
    super({ allowHalfOpen: true, readableHighWaterMark: Math.min(windowBytes, 64 * 1024) });
    this.sendCredit = windowBytes;
    this.recvCredit = windowBytes;
  }

  /** Device side: the local connection is up. */
  accept(): void {
    this.mux.emitFrame(FrameType.OpenOk, this.id);
  }

  /** Device side: the stream cannot be opened; `code` tells the platform why. */
  refuse(code: string): void {
    this.mux.emitFrame(FrameType.OpenFail, this.id, Buffer.from(code));
    this.remoteFin = this.localFin = true;
    this.destroy();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.pending = { data: chunk, done };
    this.flush();
  }

  override _read(): void {
    this.grant();
  }

  override _final(done: (err?: Error | null) => void): void {
    this.localFin = true;
    this.mux.emitFrame(FrameType.Fin, this.id);
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    const clean = this.localFin && this.remoteFin;
    if (!clean && this.resetReason === undefined) this.mux.emitFrame(FrameType.Reset, this.id, Buffer.from(err ? 'error' : 'closed'));
    this.mux.forget(this.id);
    this.pending?.done(err ?? new Error('stream closed'));
    this.pending = undefined;
    done(err);
  }

  /** @internal a frame for this stream arrived. */
  receive(frame: Frame): void {
    switch (frame.type) {
      case FrameType.Data:
        if (frame.payload.length > this.recvCredit) {
          // The peer ignored our window: its accounting is broken, the stream cannot be trusted.
          this.resetReason = 'window_exceeded';
          this.mux.emitFrame(FrameType.Reset, this.id, Buffer.from('window_exceeded'));
          this.destroy();
          return;
        }
        this.recvCredit -= frame.payload.length;
        this.unacked += frame.payload.length;
        this.bytesIn += frame.payload.length;
        this.mux.bytesIn += frame.payload.length;
        if (this.push(frame.payload)) this.grant();
        return;
      case FrameType.Window:
        if (frame.payload.length !== 4) return;
        this.sendCredit += frame.payload.readUInt32BE(0);
        this.flush();
        return;
      case FrameType.Fin:
        this.remoteFin = true;
        this.push(null);
        return;
      case FrameType.Reset:
        this.resetReason = frame.payload.toString('utf8') || 'reset';
        this.destroy();
        return;
    }
  }

  // Grants are batched: a quarter of the window at a time keeps WINDOW frames rare while the sender
  // always has at least three quarters of its credit left, so it never stalls on a reader that keeps up.
  private grant(): void {
    if (this.unacked < this.windowBytes / 4 || this.destroyed) return;
    this.mux.emitFrame(FrameType.Window, this.id, u32(this.unacked));
    this.recvCredit += this.unacked;
    this.unacked = 0;
  }

  private flush(): void {
    const p = this.pending;
    if (!p) return;
    while (p.data.length > 0 && this.sendCredit > 0) {
      const n = Math.min(p.data.length, this.sendCredit, MAX_DATA_PAYLOAD);
      this.mux.emitFrame(FrameType.Data, this.id, p.data.subarray(0, n));
      p.data = p.data.subarray(n);
      this.sendCredit -= n;
      this.bytesOut += n;
      this.mux.bytesOut += n;
    }
    if (p.data.length === 0) {
      this.pending = undefined;
      p.done();
    }
  }
}

/**
 * Both ends of the tunnel multiplexer. The platform opens streams to the device's local ports
 * (`open`); the device answers each with `accept`/`refuse` through `onOpen`. Frames from the peer
 * go in through `receive`; `close` ends every stream when the WebSocket is gone.
 */
export class TunnelMux {
  bytesIn = 0;
  bytesOut = 0;
  private readonly streams = new Map<number, TunnelStream>();
  private readonly opening = new Map<number, { resolve(s: TunnelStream): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: MuxOptions) {}

  get openStreams(): number {
    return this.streams.size;
  }

  /** Platform side: a stream to the device's local `port`, once the device has connected it. */
  open(port: number): Promise<TunnelStream> {
    if (this.closed) return Promise.reject(new StreamOpenError('tunnel_closed'));
    const id = this.nextId++;
    const stream = new TunnelStream(id, port, this, this.opts.windowBytes);
    this.streams.set(id, stream);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settleOpen(id, new StreamOpenError('open_timeout')), this.opts.openTimeoutMs ?? 10_000);
      this.opening.set(id, { resolve, reject, timer });
      this.emitFrame(FrameType.Open, id, u16(port));
    });
  }

  /** A message from the peer; false when it is not a frame (the caller counts it and may close the tunnel). */
  receive(message: Buffer): boolean {
    const frame = decodeFrame(message);
    if (!frame) return false;
    if (frame.type === FrameType.Open) {
      if (!this.opts.onOpen || frame.payload.length !== 2 || this.streams.has(frame.stream)) {
        this.emitFrame(FrameType.OpenFail, frame.stream, Buffer.from('bad_open'));
        return true;
      }
      const port = frame.payload.readUInt16BE(0);
      const stream = new TunnelStream(frame.stream, port, this, this.opts.windowBytes);
      this.streams.set(frame.stream, stream);
      this.opts.onOpen(stream, port);
      return true;
    }
    if (frame.type === FrameType.OpenOk || frame.type === FrameType.OpenFail) {
      const code = frame.type === FrameType.OpenFail ? frame.payload.toString('utf8') || 'refused' : undefined;
      this.settleOpen(frame.stream, code === undefined ? undefined : new StreamOpenError(code), code);
      return true;
    }
    // Frames for a stream that was just closed on this side are expected races, not errors.
    this.streams.get(frame.stream)?.receive(frame);
    return true;
  }

  /** Ends every stream (the WebSocket closed); waiting opens fail with `tunnel_closed`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of this.opening.keys()) this.settleOpen(id, new StreamOpenError('tunnel_closed'));
    for (const stream of this.streams.values()) {
      stream.resetReason ??= 'tunnel_closed';
      stream.destroy();
    }
  }

  /** @internal */
  emitFrame(type: FrameType, stream: number, payload?: Buffer): void {
    if (!this.closed) this.opts.send(encodeFrame(type, stream, payload));
  }

  /** @internal */
  forget(id: number): void {
    this.streams.delete(id);
    if (this.opening.has(id)) this.settleOpen(id, new StreamOpenError('closed'));
  }

  /** `refusedBy`: the device's own refusal code (it has nothing to reset); otherwise a failure resets the stream. */
  private settleOpen(id: number, err: Error | undefined, refusedBy?: string): void {
    const waiting = this.opening.get(id);
    if (!waiting) return;
    this.opening.delete(id);
    clearTimeout(waiting.timer);
    const stream = this.streams.get(id);
    if (err || !stream) {
      if (stream) {
        if (refusedBy !== undefined) stream.resetReason = refusedBy;
        stream.destroy();
      }
      waiting.reject(err ?? new StreamOpenError('closed'));
    } else {
      waiting.resolve(stream);
    }
  }
}
