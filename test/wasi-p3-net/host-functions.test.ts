// WASI 0.3 sockets host functions called directly with component values, as a guest would call them: what
// the wasip3 programs do not reach (name lookup; concurrent sends of an unbound UDP socket).
import * as dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import type { ResourceHandle } from '../../src/index.js';
import { WasiP3, portableWasiHost, type WasiHost } from '../../src/wasi/index.js';
import { nodeNetwork } from '../../src/wasi/node/index.js';
import type { WasiP2 } from '../../src/wasi/p2/index.js';
import { hosted } from '../wasi/host-functions.js';

type R = { tag: 'ok' | 'err'; val?: any };

function sockets(grant: { sockets: boolean; nameLookup: boolean } | undefined) {
  const host: WasiHost = portableWasiHost();
  if (grant !== undefined) host.network = { backend: nodeNetwork(), ...grant };
  // hosted() records what any addToLinker defines.
  const fn = hosted(new WasiP3(host) as unknown as WasiP2);
  return { host, t: (name: string) => fn('wasi:sockets/types@0.3.0', name), lookup: fn('wasi:sockets/ip-name-lookup@0.3.0', 'resolve-addresses') };
}

describe('wasi:sockets 0.3 ip-name-lookup', () => {
  it('returns an IP address as it is, without asking anyone (no grant needed)', async () => {
    const { lookup } = sockets(undefined);
    expect(await lookup('127.0.0.1')).toEqual({ tag: 'ok', val: [{ tag: 'ipv4', val: [127, 0, 0, 1] }] });
    expect(await lookup('[::1]')).toEqual({ tag: 'ok', val: [{ tag: 'ipv6', val: [0, 0, 0, 0, 0, 0, 0, 1] }] });
  });

  it('refuses a name without the grant, and a malformed one with invalid-argument', async () => {
    const { lookup } = sockets({ sockets: true, nameLookup: false });
    expect(await lookup('localhost')).toEqual({ tag: 'err', val: { tag: 'access-denied' } });
    expect(await lookup('not a host name')).toEqual({ tag: 'err', val: { tag: 'invalid-argument' } });
  });

  it('resolves localhost with the grant: loopback addresses, never IPv4-mapped ones', async () => {
    const { host, lookup } = sockets({ sockets: false, nameLookup: true });
    try {
      const r = (await lookup('localhost')) as R;
      expect(r.tag).toBe('ok');
      expect(r.val.length).toBeGreaterThan(0);
      for (const a of r.val as { tag: string; val: number[] }[]) {
        if (a.tag === 'ipv4') expect(a.val[0]).toBe(127);
        else expect(a.val).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
      }
    } finally {
      host.network?.backend.close?.();
    }
  });
});

describe('wasi:sockets 0.3 udp-socket', () => {
  it('two sends of an unbound socket share its one implicit bind, and both datagrams arrive from it', async () => {
    const { host, t } = sockets({ sockets: true, nameLookup: false });
    const server = dgram.createSocket('udp4');
    const got: { data: string; port: number }[] = [];
    const arrived = new Promise<void>((resolve) => server.on('message', (m, info) => {
      got.push({ data: m.toString(), port: info.port });
      if (got.length === 2) resolve();
    }));
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
    try {
      const to = { tag: 'ipv4', val: { port: server.address().port, address: [127, 0, 0, 1] } };
      const sock = (t('[static]udp-socket.create')('ipv4') as R).val as ResourceHandle;
      const [a, b] = await Promise.all([
        t('[method]udp-socket.send')(sock, new Uint8Array([104, 105]), to),
        t('[method]udp-socket.send')(sock, new Uint8Array([121, 111]), to),
      ]);
      expect([a, b]).toEqual([{ tag: 'ok' }, { tag: 'ok' }]);
      await arrived;
      expect(got.map((g) => g.data).sort()).toEqual(['hi', 'yo']);
      const local = (t('[method]udp-socket.get-local-address')(sock) as R).val;
      expect(got.map((g) => g.port)).toEqual([local.val.port, local.val.port]);
      // It was bound implicitly, not connected.
      expect(t('[method]udp-socket.get-remote-address')(sock)).toEqual({ tag: 'err', val: { tag: 'invalid-state' } });
    } finally {
      server.close();
      host.network?.backend.close?.();
    }
  });

  it('answers access-denied without the grant, before anything is bound', async () => {
    const { t } = sockets(undefined);
    const sock = (t('[static]udp-socket.create')('ipv4') as R).val as ResourceHandle;
    const to = { tag: 'ipv4', val: { port: 9, address: [127, 0, 0, 1] } };
    expect(await t('[method]udp-socket.send')(sock, new Uint8Array([1]), to)).toEqual({ tag: 'err', val: { tag: 'access-denied' } });
    expect(t('[method]udp-socket.get-local-address')(sock)).toEqual({ tag: 'err', val: { tag: 'invalid-state' } });
  });
});
