import { once } from 'node:events';
import t from 'tap';
import { encodeFrame, FrameType } from '../../core/tunnel/frames.ts';
import { StreamOpenError, TunnelMux, type TunnelStream } from '../../core/tunnel/mux.ts';

const WINDOW = 64 * 1024;

/** A platform mux and a device mux wired back to back (frames delivered asynchronously, like a socket). */
function pair(onOpen: (stream: TunnelStream, port: number) => void) {
  const peer: { device?: TunnelMux } = {};
  const platform = new TunnelMux({ send: (f) => setImmediate(() => peer.device!.receive(f)), windowBytes: WINDOW });
  const device = new TunnelMux({
    send: (f) => setImmediate(() => platform.receive(f)),
    windowBytes: WINDOW,
    onOpen,
  });
  peer.device = device;
  return { platform, device };
}

t.test('a stream nobody reads stops its sender at the window while another stream keeps flowing', async (t) => {
  const accepted: TunnelStream[] = [];
  const { platform } = pair((stream) => {
    stream.accept();
    accepted.push(stream);
  });
  const stuck = await platform.open(22);
  const busy = await platform.open(80);
  // Nobody reads the device side of `stuck`; `busy` is echoed back.
  accepted[1]!.pipe(accepted[1]!);
  const big = Buffer.alloc(4 * WINDOW, 1);
  let stuckWritten = false;
  stuck.write(big, () => (stuckWritten = true));
  const echoed: Buffer[] = [];
  busy.on('data', (d: Buffer) => echoed.push(d));
  busy.write(Buffer.alloc(3 * WINDOW, 2));
  while (Buffer.concat(echoed).length < 3 * WINDOW) await once(busy, 'data');
  t.equal(Buffer.concat(echoed).length, 3 * WINDOW, 'the busy stream went through in full');
  t.notOk(stuckWritten, 'the unread stream is held back');
  t.ok(stuck.bytesOut <= WINDOW + 64 * 1024, `no more than window + reader buffer in flight (${stuck.bytesOut})`);
  // Once the device side reads, the rest flows.
  let got = 0;
  accepted[0]!.on('data', (d: Buffer) => (got += d.length));
  while (got < big.length) await once(accepted[0]!, 'data');
  t.equal(got, big.length);
  t.ok(stuckWritten);
});

t.test('half-close passes both ways and a reset reaches the other side with its reason', async (t) => {
  const { platform } = pair((stream) => {
    stream.accept();
    stream.on('data', () => undefined);
    stream.on('end', () => stream.end('bye'));
  });
  const s = await platform.open(22);
  const chunks: Buffer[] = [];
  s.on('data', (d: Buffer) => chunks.push(d));
  s.end('hello');
  await once(s, 'end');
  t.equal(Buffer.concat(chunks).toString(), 'bye');

  let deviceSide!: TunnelStream;
  const second = pair((stream) => {
    stream.accept();
    deviceSide = stream;
  });
  const r = await second.platform.open(80);
  r.destroy(new Error('boom'));
  r.on('error', () => undefined);
  await once(deviceSide, 'close');
  t.equal(deviceSide.resetReason, 'error');
});

t.test('a refused open rejects with the device\'s code; a closed tunnel fails streams and opens', async (t) => {
  const { platform } = pair((stream, port) => (port === 22 ? stream.accept() : stream.refuse('port_not_allowed')));
  await t.rejects(platform.open(3306), new StreamOpenError('port_not_allowed'));
  const s = await platform.open(22);
  platform.close();
  await once(s, 'close');
  t.equal(s.resetReason, 'tunnel_closed');
  await t.rejects(platform.open(22), new StreamOpenError('tunnel_closed'));
});

t.test('bad frames are reported, and a sender that ignores the window gets its stream reset', async (t) => {
  const sent: Buffer[] = [];
  const device = new TunnelMux({ send: (f) => sent.push(f), windowBytes: 1024, onOpen: (s) => s.accept() });
  t.notOk(device.receive(Buffer.from([1, 2])), 'too short');
  t.notOk(device.receive(encodeFrame(99 as FrameType, 1)), 'unknown type');
  t.ok(device.receive(encodeFrame(FrameType.Open, 7, Buffer.from([0, 22]))));
  t.ok(device.receive(encodeFrame(FrameType.Data, 7, Buffer.alloc(2048))));
  const reset = sent.find((f) => f[0] === FrameType.Reset);
  t.equal(reset?.subarray(5).toString(), 'window_exceeded');
});
