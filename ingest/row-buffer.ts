/**
 * The rows of one flush as UTF-8 bytes, appended batch by batch. Encoding a batch's rows when it
 * arrives lets their text die young (held until the flush, strings of every batch would be promoted
 * to the old generation and copied again to join them), and the flush hands ClickHouse these bytes as
 * they are. Reusable after `reset`, so a steady stream of flushes does not allocate a buffer each.
 */
export class RowBuffer {
  private bytes: Buffer;
  private used = 0;

  constructor(initialBytes = 64 * 1024) {
    this.bytes = Buffer.allocUnsafeSlow(initialBytes);
  }

  get byteLength(): number {
    return this.used;
  }

  append(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit: reserving that spares measuring the text first.
    const worst = this.used + text.length * 3;
    if (worst > this.bytes.length) this.grow(worst);
    this.used += this.bytes.write(text, this.used);
  }

  /** The bytes appended so far; valid until the next `reset`. */
  view(): Buffer {
    return this.bytes.subarray(0, this.used);
  }

  reset(): void {
    this.used = 0;
  }

  private grow(atLeast: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(atLeast, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.used);
    this.bytes = next;
  }
}
