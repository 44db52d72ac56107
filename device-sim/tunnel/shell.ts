import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Transform, type Duplex } from 'node:stream';

/**
 * A tiny interactive shell for the simulated scanner's sshd: line editing with echo (as a PTY in
 * canonical mode does), a handful of commands, `stty size` to show the window size, and `cat` of
 * files under the simulator's files directory (for throughput figures).
 */
export class SimShell {
  private line = '';
  private busy = false;

  constructor(
    private readonly channel: Duplex & { exit?(code: number): void },
    private readonly opts: { hostname: string; filesDir?: string; size: { cols: number; rows: number } },
  ) {
    channel.on('data', (data: Buffer) => this.keys(data.toString('utf8')));
    this.write(`Welcome to ${opts.hostname} (MyBeacon simulated scanner)\r\n`);
    this.prompt();
  }

  resize(cols: number, rows: number): void {
    this.opts.size = { cols, rows };
  }

  private keys(text: string): void {
    if (this.busy) {
      if (text.includes('\x03')) this.busy = false;
      return;
    }
    for (const key of text) {
      if (key === '\r' || key === '\n') {
        this.write('\r\n');
        const line = this.line.trim();
        this.line = '';
        this.run(line);
      } else if (key === '\x7f' || key === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.write('\b \b');
        }
      } else if (key === '\x03') {
        this.line = '';
        this.write('^C\r\n');
        this.prompt();
      } else if (key === '\x04' && !this.line) {
        this.exit();
      } else if (key >= ' ') {
        this.line += key;
        this.write(key);
      }
    }
  }

  private run(line: string): void {
    const [command = '', ...args] = line.split(/\s+/);
    switch (command) {
      case '':
        break;
      case 'echo':
        this.write(`${args.join(' ')}\r\n`);
        break;
      case 'hostname':
        this.write(`${this.opts.hostname}\r\n`);
        break;
      case 'stty':
        if (args[0] === 'size') this.write(`${this.opts.size.rows} ${this.opts.size.cols}\r\n`);
        else this.write('stty: only `stty size` here\r\n');
        break;
      case 'seq': {
        const n = Math.min(Number(args[0]) || 0, 100_000);
        this.write(Array.from({ length: n }, (_, i) => `${i + 1}\r\n`).join(''));
        break;
      }
      case 'cat':
        return this.cat(args[0] ?? '');
      case 'exit':
        return this.exit();
      case 'help':
        this.write('commands: echo, hostname, stty size, seq N, cat FILE, exit\r\n');
        break;
      default:
        this.write(`sh: ${command}: not found\r\n`);
    }
    this.prompt();
  }

  private cat(name: string): void {
    const root = this.opts.filesDir;
    const file = root ? path.resolve(root, name) : '';
    if (!root || !name || !file.startsWith(root + path.sep)) {
      this.write(`cat: ${name}: No such file or directory\r\n`);
      return this.prompt();
    }
    this.busy = true;
    const source = createReadStream(file);
    source.on('error', () => {
      this.write(`cat: ${name}: No such file or directory\r\n`);
      this.done();
    });
    // A PTY's output processing (onlcr) turns LF into CRLF.
    const output = source.pipe(new Transform({ transform: (chunk: Buffer, _e, cb) => cb(null, crlf(chunk)) }));
    output.on('end', () => this.done());
    output.pipe(this.channel, { end: false });
  }

  private done(): void {
    this.busy = false;
    this.prompt();
  }

  private exit(): void {
    this.write('logout\r\n');
    this.channel.exit?.(0);
    this.channel.end();
  }

  private prompt(): void {
    this.write(`root@${this.opts.hostname}:~# `);
  }

  private write(text: string): void {
    this.channel.write(text);
  }
}

function crlf(chunk: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
    parts.push(chunk.subarray(from, i), CRLF);
    from = i + 1;
  }
  parts.push(chunk.subarray(from));
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');
