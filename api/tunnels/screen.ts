import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';

const SCROLLBACK_LINES = 1000;

/**
 * The terminal's screen as the server keeps it (xterm.js headless): every byte of output goes
 * through it, so a browser that reattaches gets the same screen, colours and scrollback at once.
 */
export class Screen {
  private readonly term: InstanceType<typeof headless.Terminal>;
  private readonly serializer = new serialize.SerializeAddon();

  constructor(cols: number, rows: number) {
    this.term = new headless.Terminal({ cols, rows, scrollback: SCROLLBACK_LINES, allowProposedApi: true });
    // The addon is typed against the browser package's Terminal; the headless one has the same surface.
    this.term.loadAddon(this.serializer as never);
  }

  write(data: Buffer | string): void {
    this.term.write(typeof data === 'string' ? data : new Uint8Array(data.buffer, data.byteOffset, data.length));
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  /** Escape sequences that redraw the screen and scrollback; waits until written output is parsed. */
  snapshot(): Promise<string> {
    return new Promise((resolve) => this.term.write('', () => resolve(this.serializer.serialize({ scrollback: SCROLLBACK_LINES }))));
  }

  dispose(): void {
    this.term.dispose();
  }
}
