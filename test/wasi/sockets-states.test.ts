// wasi:sockets 0.2's state machine and argument checks, case by case (tcp.wit / udp.wit's "Typical errors"),
// calling the host functions directly with component values as a guest would; IPv6 on [::1] end to end.
// The guest-driven exchanges are in net.test.ts.
import * as net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResourceHandle } from '../../src/component/runtime/index.js';
import { WasiP2, portableWasiHost } from '../../src/wasi/index.js';
import { nodeNetwork } from '../../src/wasi/node/index.js';
import { hosted } from './host-functions.js';

type R = { tag: 'ok' | 'err'; val?: any };

const backends: { close?(): void }[] = [];
afterEach(() => {
  for (const b of backends.splice(0)) b.close?.();
});

function setup(sockets = true) {
  const host = portableWasiHost();
  const backend = nodeNetwork();
  backends.push(backend);
  host.network = { backend, sockets, nameLookup: false };
  const fn = hosted(new WasiP2(host));
  const tcp = (m: string) => fn('wasi:sockets/tcp@0.2.12', `[method]tcp-socket.${m}`);
  const udp = (m: string) => fn('wasi:sockets/udp@0.2.12', m);
  const network = fn('wasi:sockets/instance-network@0.2.12', 'instance-network')() as ResourceHandle;
  const newTcp = (family: 'ipv4' | 'ipv6' = 'ipv4') => (fn('wasi:sockets/tcp-create-socket@0.2.12', 'create-tcp-socket')(family) as R).val as ResourceHandle;
  const newUdp = (family: 'ipv4' | 'ipv6' = 'ipv4') => (fn('wasi:sockets/udp-create-socket@0.2.12', 'create-udp-socket')(family) as R).val as ResourceHandle;
  /** Blocks on a socket's pollable (the wait a guest would suspend in). */
  const settle = async (sock: ResourceHandle, kind: 'tcp' | 'udp' = 'tcp') => {
    const p = (kind === 'tcp' ? tcp('subscribe') : udp('[method]udp-socket.subscribe'))(sock) as ResourceHandle;
    await fn('wasi:io/poll@0.2.12', '[method]pollable.block')(p);
  };
  const bind = async (sock: ResourceHandle, addr: unknown) => {
    const started = tcp('start-bind')(sock, network, addr) as R;
    if (started.tag === 'err') return started;
    await settle(sock);
    return tcp('finish-bind')(sock) as R;
  };
  return { fn, tcp, udp, network, newTcp, newUdp, settle, bind };
}

const v4 = (address: number[], port = 0) => ({ tag: 'ipv4', val: { port, address } });
const v6 = (address: number[], port = 0) => ({ tag: 'ipv6', val: { port, flowInfo: 0, address, scopeId: 0 } });
const LOOPBACK4 = [127, 0, 0, 1];
const LOOPBACK6 = [0, 0, 0, 0, 0, 0, 0, 1];
const err = (val: string) => ({ tag: 'err', val });

describe('wasi:sockets TCP states and errors', () => {
  it('answers invalid-state / not-in-progress for operations out of order', () => {
    const { tcp, newTcp } = setup();
    const s = newTcp();
    expect(tcp('finish-bind')(s)).toEqual(err('not-in-progress'));
    expect(tcp('finish-connect')(s)).toEqual(err('not-in-progress'));
    expect(tcp('finish-listen')(s)).toEqual(err('not-in-progress'));
    expect(tcp('start-listen')(s)).toEqual(err('invalid-state'));
    expect(tcp('accept')(s)).toEqual(err('invalid-state'));
    expect(tcp('local-address')(s)).toEqual(err('invalid-state'));
    expect(tcp('remote-address')(s)).toEqual(err('invalid-state'));
    expect(tcp('shutdown')(s, 'both')).toEqual(err('invalid-state'));
    expect(tcp('is-listening')(s)).toBe(false);
    expect(tcp('address-family')(newTcp('ipv6'))).toBe('ipv6');
  });

  it('checks bind and connect addresses: family, unicast, IPv4-mapped, unspecified, port 0', () => {
    const { tcp, newTcp, network } = setup();
    expect(tcp('start-bind')(newTcp('ipv4'), network, v6(LOOPBACK6))).toEqual(err('invalid-argument'));
    expect(tcp('start-bind')(newTcp('ipv6'), network, v4(LOOPBACK4))).toEqual(err('invalid-argument'));
    expect(tcp('start-bind')(newTcp('ipv4'), network, v4([255, 255, 255, 255]))).toEqual(err('invalid-argument'));
    expect(tcp('start-bind')(newTcp('ipv4'), network, v4([224, 254, 0, 0]))).toEqual(err('invalid-argument'));
    expect(tcp('start-bind')(newTcp('ipv6'), network, v6([0xff00, 0, 0, 0, 0, 0, 0, 0]))).toEqual(err('invalid-argument'));
    expect(tcp('start-bind')(newTcp('ipv6'), network, v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]))).toEqual(err('invalid-argument'));
    expect(tcp('start-connect')(newTcp(), network, v4(LOOPBACK4, 0))).toEqual(err('invalid-argument'));
    expect(tcp('start-connect')(newTcp(), network, v4([0, 0, 0, 0], 80))).toEqual(err('invalid-argument'));
  });

  it('denies bind and connect without the grant, whatever the address', () => {
    const { tcp, newTcp, network } = setup(false);
    expect(tcp('start-bind')(newTcp(), network, v4(LOOPBACK4))).toEqual(err('access-denied'));
    expect(tcp('start-connect')(newTcp(), network, v4(LOOPBACK4, 80))).toEqual(err('access-denied'));
  });

  it('binds (would-block until it settles), reports the port, refuses a second bind and a taken address', async () => {
    const { tcp, newTcp, network, settle, bind } = setup();
    const s = newTcp();
    expect(tcp('start-bind')(s, network, v4(LOOPBACK4))).toEqual({ tag: 'ok' });
    expect(tcp('finish-bind')(s)).toEqual(err('would-block'));
    expect(tcp('start-bind')(s, network, v4(LOOPBACK4))).toEqual(err('invalid-state'));
    await settle(s);
    expect(tcp('finish-bind')(s)).toEqual({ tag: 'ok' });
    const local = (tcp('local-address')(s) as R).val;
    expect(local.tag).toBe('ipv4');
    expect(local.val.address).toEqual(LOOPBACK4);
    expect(local.val.port).toBeGreaterThan(0);
    expect(tcp('start-listen')(s)).toEqual({ tag: 'ok' });
    await settle(s);
    expect(tcp('finish-listen')(s)).toEqual({ tag: 'ok' });
    expect(tcp('is-listening')(s)).toBe(true);
    expect(tcp('accept')(s)).toEqual(err('would-block'));
    expect(tcp('start-connect')(s, network, v4(LOOPBACK4, 80))).toEqual(err('invalid-state'));
    expect(await bind(newTcp(), v4(LOOPBACK4, local.val.port))).toEqual(err('address-in-use'));
    // 192.0.2.0 is reserved for documentation: no interface has it.
    expect(await bind(newTcp(), v4([192, 0, 2, 0]))).toEqual(err('address-not-bindable'));
  });

  it('connects from the address it was bound to', async () => {
    const { tcp, newTcp, network, settle, bind } = setup();
    const seen: number[] = [];
    const server = net.createServer((c) => {
      seen.push(c.remotePort!);
      c.end();
    });
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
    try {
      const s = newTcp();
      expect(await bind(s, v4(LOOPBACK4))).toEqual({ tag: 'ok' });
      const boundPort = (tcp('local-address')(s) as R).val.val.port;
      expect(tcp('start-connect')(s, network, v4(LOOPBACK4, port))).toEqual({ tag: 'ok' });
      await settle(s);
      expect((tcp('finish-connect')(s) as R).tag).toBe('ok');
      expect((tcp('local-address')(s) as R).val.val.port).toBe(boundPort);
      await vi.waitFor(() => expect(seen).toEqual([boundPort]), { timeout: 10_000, interval: 5 });
    } finally {
      server.close();
    }
  });

  it('validates option values and keeps what it cannot apply', () => {
    const { tcp, newTcp } = setup();
    const s = newTcp();
    expect(tcp('keep-alive-enabled')(s)).toEqual({ tag: 'ok', val: false });
    expect(tcp('set-keep-alive-enabled')(s, true)).toEqual({ tag: 'ok' });
    expect(tcp('keep-alive-enabled')(s)).toEqual({ tag: 'ok', val: true });
    for (const [name, zero] of [['keep-alive-idle-time', 0n], ['keep-alive-interval', 0n], ['keep-alive-count', 0], ['hop-limit', 0],
      ['receive-buffer-size', 0n], ['send-buffer-size', 0n]] as const) {
      expect(tcp(`set-${name}`)(s, zero)).toEqual(err('invalid-argument'));
    }
    expect(tcp('set-listen-backlog-size')(s, 0n)).toEqual(err('invalid-argument'));
    expect(tcp('set-hop-limit')(s, 12)).toEqual({ tag: 'ok' });
    expect(tcp('hop-limit')(s)).toEqual({ tag: 'ok', val: 12 });
    // Sub-second idle times round up to the kernel's unit, one second.
    expect(tcp('set-keep-alive-idle-time')(s, 1n)).toEqual({ tag: 'ok' });
    expect(tcp('keep-alive-idle-time')(s)).toEqual({ tag: 'ok', val: 1_000_000_000n });
  });

  it('connects over IPv6 to [::1], streams both ways, and a failed connect leaves the socket closed', async () => {
    const { fn, tcp, newTcp, network, settle } = setup();
    const server = net.createServer((c) => c.on('data', (d) => c.end(Buffer.concat([Buffer.from('v6:'), d]))));
    const port = await new Promise<number>((r) => server.listen(0, '::1', () => r((server.address() as net.AddressInfo).port)));
    try {
      const s = newTcp('ipv6');
      expect(tcp('start-connect')(s, network, v6(LOOPBACK6, port))).toEqual({ tag: 'ok' });
      await settle(s);
      const [input, output] = (tcp('finish-connect')(s) as R).val as ResourceHandle[];
      expect((tcp('remote-address')(s) as R).val).toEqual(v6(LOOPBACK6, port));
      expect(await fn('wasi:io/streams@0.2.12', '[method]output-stream.blocking-write-and-flush')(output, new Uint8Array([104, 105]))).toEqual({ tag: 'ok' });
      const got = (await fn('wasi:io/streams@0.2.12', '[method]input-stream.blocking-read')(input, 100n)) as R;
      expect(Buffer.from(got.val).toString()).toBe('v6:hi');
      expect(tcp('shutdown')(s, 'send')).toEqual({ tag: 'ok' });
      // After shutdown(send) the output stream is closed.
      expect(fn('wasi:io/streams@0.2.12', '[method]output-stream.check-write')(output)).toEqual({ tag: 'err', val: { tag: 'closed' } });
    } finally {
      server.close();
    }
    // Nothing listens there now: refused, and the socket is closed for good.
    const s2 = newTcp('ipv6');
    tcp('start-connect')(s2, network, v6(LOOPBACK6, port));
    await settle(s2);
    expect(tcp('finish-connect')(s2)).toEqual(err('connection-refused'));
    expect(tcp('start-connect')(s2, network, v6(LOOPBACK6, port))).toEqual(err('invalid-state'));
  });
});

describe('wasi:sockets UDP states and errors', () => {
  it('streams only once bound, checks remote addresses, and send is limited by check-send', async () => {
    const { udp, newUdp, network, settle } = setup();
    const u = newUdp();
    expect(udp('[method]udp-socket.stream')(u, undefined)).toEqual(err('invalid-state'));
    expect(udp('[method]udp-socket.local-address')(u)).toEqual(err('invalid-state'));
    expect(udp('[method]udp-socket.start-bind')(u, network, v6(LOOPBACK6))).toEqual(err('invalid-argument'));
    expect(udp('[method]udp-socket.start-bind')(u, network, v4(LOOPBACK4))).toEqual({ tag: 'ok' });
    await settle(u, 'udp');
    expect(udp('[method]udp-socket.finish-bind')(u)).toEqual({ tag: 'ok' });
    expect(udp('[method]udp-socket.stream')(u, v4(LOOPBACK4, 0))).toEqual(err('invalid-argument'));
    expect(udp('[method]udp-socket.stream')(u, v4([0, 0, 0, 0], 9))).toEqual(err('invalid-argument'));
    const [incoming, outgoing] = (udp('[method]udp-socket.stream')(u, undefined) as R).val as ResourceHandle[];
    expect(udp('[method]udp-socket.remote-address')(u)).toEqual(err('invalid-state'));
    expect(udp('[method]incoming-datagram-stream.receive')(incoming, 10n)).toEqual({ tag: 'ok', val: [] });
    // Not connected and no address: nowhere to send.
    expect((udp('[method]outgoing-datagram-stream.check-send')(outgoing) as R).val).toBeGreaterThan(0n);
    expect(udp('[method]outgoing-datagram-stream.send')(outgoing, [{ data: new Uint8Array(1), remoteAddress: undefined }])).toEqual(err('invalid-argument'));
    expect(() => udp('[method]outgoing-datagram-stream.send')(outgoing, new Array(1000).fill({ data: new Uint8Array(1), remoteAddress: v4(LOOPBACK4, 9) })))
      .toThrow(/check-send permitted/);
    // A new pair replaces the old: the old streams answer invalid-state.
    udp('[method]udp-socket.stream')(u, v4(LOOPBACK4, 9));
    expect(udp('[method]incoming-datagram-stream.receive')(incoming, 1n)).toEqual(err('invalid-state'));
    expect((udp('[method]udp-socket.remote-address')(u) as R).val).toEqual(v4(LOOPBACK4, 9));
    expect(udp('[method]udp-socket.set-unicast-hop-limit')(u, 0)).toEqual(err('invalid-argument'));
    expect(udp('[method]udp-socket.set-receive-buffer-size')(u, 0n)).toEqual(err('invalid-argument'));
  });
});
