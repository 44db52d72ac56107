/**
 * Binary frames of the device tunnel (one WebSocket binary message = one frame), shared by the
 * platform and device agents. Layout: type (u8) · stream id (u32 BE) · payload. docs/device-protocol.md
 * describes them for firmware authors.
 */
export const FrameType = {
  /** platform → device: connect stream `id` to local port (payload u16 BE). */
  Open: 1,
  /** device → platform: the local connection of stream `id` is up. */
  OpenOk: 2,
  /** device → platform: stream `id` could not be opened (payload: UTF-8 error code). */
  OpenFail: 3,
  /** either way: bytes of stream `id`. */
  Data: 4,
  /** either way: the receiver consumed bytes; the sender may send that many more (payload u32 BE). */
  Window: 5,
  /** either way: the sender will send no more data on `id` (TCP half-close). */
  Fin: 6,
  /** either way: stream `id` is gone (payload: UTF-8 reason). */
  Reset: 7,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export interface Frame {
  type: FrameType;
  stream: number;
  payload: Buffer;
}

const HEADER_BYTES = 5;
const KNOWN = new Set<number>(Object.values(FrameType));

/** The largest DATA payload a sender puts in one frame (smaller frames interleave streams fairly). */
export const MAX_DATA_PAYLOAD = 32 * 1024;

export function encodeFrame(type: FrameType, stream: number, payload: Buffer = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame[0] = type;
  frame.writeUInt32BE(stream, 1);
  payload.copy(frame, HEADER_BYTES);
  return frame;
}

/** A frame from a binary message, or null when it is too short or of an unknown type. */
export function decodeFrame(message: Buffer): Frame | null {
  if (message.length < HEADER_BYTES || !KNOWN.has(message[0]!)) return null;
  return { type: message[0] as FrameType, stream: message.readUInt32BE(1), payload: message.subarray(HEADER_BYTES) };
}

export const u16 = (n: number): Buffer => {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(n);
  return b;
};

export const u32 = (n: number): Buffer => {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n);
  return b;
};

const EMPTY = Buffer.alloc(0);
