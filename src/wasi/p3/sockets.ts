// wasi:sockets 0.3 — `types` (tcp-socket, udp-socket) and `ip-name-lookup` — over the same NetworkBackend
// as 0.2 (../network.ts; Node's is node/net.ts), with component-model streams and futures instead of
// pollables: `listen` returns a stream of accepted sockets, `send` consumes a stream of bytes and returns a
// future of its outcome, `receive` returns a stream of bytes and a future of how it ended.
//
// Operations that take time on the backend are Promises. In 0.3 `bind` and `listen` are synchronous
// functions, so their host functions return a Promise too: the calling guest thread waits for it (the
// component runs under callAsync) while the guest's other threads go on.
//
// The sandbox is 0.2's: without the host's `network` grant, creating a socket works but binding,
// connecting, listening and sending answer `access-denied` before anything reaches the backend; name
// lookup needs its own grant.
//
// The OS socket stays open while the guest holds the resource or any stream made from it (an accept
// stream, a receive or send in progress), as in wasmtime, whose streams share the socket.
import type { LinkerInstance, ResourceHandle } from '../../index.js';
import { ResourceType, hostResource } from '../../index.js';
import { HostFuture, type HostStreamReader } from '../../async/index.js';
import { Waiters } from '../byte-queue.js';
import type { WasiP3Context } from './common.js';
import {
  SocketError, type BoundTcp, type NetworkAccess, type SocketAddress, type SocketErrorCode, type TcpConnection,
  type TcpListener, type UdpEndpoint,
} from '../network.js';
import {
  fromSocketAddress, isIpv4Mapped, isNonUnicast, isUnspecified, parseIp, toSocketAddress, type Family, type WitSocketAddress,
} from '../p2/ip-address.js';
import { TCP_DEFAULTS, UDP_BUFFER_DEFAULTS, defineTcpOptions, defineUdpOptions, validHostName, type TcpOptions } from '../socket-options.js';

/** A 0.3 sockets error-code value: a variant case (`other` carries a message). */
export type SocketErrorValue = { tag: string; val?: string };
type Outcome<T = undefined> = { tag: 'ok'; val?: T } | { tag: 'err'; val: SocketErrorValue };

/** The backend's codes that 0.3 has as cases of its own; the rest become `other(message)`. */
const P3_CODES = new Set<string>([
  'access-denied', 'not-supported', 'invalid-argument', 'out-of-memory', 'timeout', 'invalid-state',
  'address-not-bindable', 'address-in-use', 'remote-unreachable', 'connection-refused', 'connection-broken',
  'connection-reset', 'connection-aborted', 'datagram-too-large',
]);

function ok<T>(val?: T): Outcome<T> {
  return val === undefined ? { tag: 'ok' } : { tag: 'ok', val };
}

function err(tag: SocketErrorCode | 'connection-broken'): { tag: 'err'; val: SocketErrorValue } {
  return { tag: 'err', val: { tag } };
}

/** A failure of the backend as a 0.3 error-code (a non-socket exception is a bug: it propagates). */
function errOf(e: unknown): { tag: 'err'; val: SocketErrorValue } {
  if (!(e instanceof SocketError)) throw e;
  if (P3_CODES.has(e.code)) return { tag: 'err', val: { tag: e.code } };
  // not-in-progress is what wasmtime maps to invalid-state; the others have no 0.3 case.
  if (e.code === 'not-in-progress') return err('invalid-state');
  return { tag: 'err', val: { tag: 'other', val: e.message } };
}

/** A backend Promise as an outcome: its value through `done`, a SocketError as `err`. */
function settle<T, R>(p: Promise<T>, done: (v: T) => Outcome<R>, failed?: () => void): Promise<Outcome<R>> {
  return p.then(done, (e: unknown) => {
    failed?.();
    return errOf(e);
  });
}

const END: IteratorReturnResult<undefined> = { done: true, value: undefined };
/** Bytes a receive chunk carries at most (the guest's read takes what fits; the rest waits for it). */
const CHUNK = 65536;

type TcpState = 'unbound' | 'busy' | 'bound' | 'listening' | 'connecting' | 'connected' | 'closed';

interface TcpRep {
  family: Family;
  state: TcpState;
  bound: BoundTcp | undefined;
  listener: TcpListener | undefined;
  conn: TcpConnection | undefined;
  localAddress: SocketAddress | undefined;
  options: TcpOptions;
  sendUsed: boolean;
  receiveUsed: boolean;
  /** Streams made from the socket that still need it (accept, receive, send). */
  users: number;
  /** The guest dropped the resource: close once `users` is 0. */
  dropped: boolean;
}

interface UdpRep {
  family: Family;
  endpoint: UdpEndpoint | undefined;
  /** A bind in progress (explicit, or the implicit one of connect and send, which wait for it). */
  binding: Promise<UdpEndpoint> | undefined;
  /** The guest dropped the resource: a bind that completes later is closed at once. */
  dropped: boolean;
  /** The connected peer. */
  remote: SocketAddress | undefined;
  hopLimit: number;
  buffers: { receive: bigint; send: bigint };
}

/** The checks every bind/connect address gets: right family, unicast, not IPv4-mapped. */
function badAddress(family: Family, a: WitSocketAddress): boolean {
  return a.tag !== family || isIpv4Mapped(a) || isNonUnicast(a);
}

/** A remote address a socket may connect or send to: as badAddress, and neither unspecified nor port 0. */
function badRemote(family: Family, a: WitSocketAddress): boolean {
  return badAddress(family, a) || isUnspecified(a) || a.val.port === 0;
}

function unspecified(family: Family): SocketAddress {
  return { family, address: family === 'ipv4' ? '0.0.0.0' : '::', port: 0 };
}

/** Compared as parsed addresses: Node writes "::1" where the WIT's form prints "0:0:0:0:0:0:0:1". */
function sameAddress(a: SocketAddress, b: SocketAddress): boolean {
  return a.port === b.port && parseIp(a.address)?.val.join() === parseIp(b.address)?.val.join();
}

/** The largest UDP payload of a family (IPv4: 65535 - 20 - 8; IPv6 without jumbograms: 65535 - 8). */
function maxDatagram(family: Family): number {
  return family === 'ipv4' ? 65507 : 65527;
}

function closeTcp(t: TcpRep): void {
  t.conn?.close();
  t.listener?.close();
  t.bound?.close();
  t.conn = undefined;
  t.listener = undefined;
  t.bound = undefined;
  t.state = 'closed';
}

/** A stream user is done with the socket: close it if the guest dropped the resource too. */
function release(t: TcpRep): void {
  t.users--;
  if (t.dropped && t.users === 0) closeTcp(t);
}

/** The bytes the guest writes into `data`, sent on `c`; the peer sees the end (FIN) when the guest drops
 *  its end. Resolves with the outcome; on failure the guest's writes see the stream dropped. Each chunk is
 *  handed over within the guest's write (pipeTo: a stream<u8> arrives as the bytes it was copied into), and
 *  the next write waits while the connection's queue is full. */
async function pumpSend(c: TcpConnection, data: HostStreamReader<number>): Promise<Outcome> {
  try {
    await data.pipeTo(async (chunk) => {
      while (c.writeCapacity() === 0) await c.whenWritable();
      c.write(chunk instanceof Uint8Array ? chunk : Uint8Array.from(chunk));
    }, CHUNK);
    await c.whenFlushed();
    c.writeCapacity(); // throws the failure, if sending failed after all
    c.shutdown(false, true);
    return ok();
  } catch (e) {
    data.cancel();
    return errOf(e);
  }
}

/**
 * The received bytes as a stream source (chunks of numbers, as a stream<u8> takes them) and the future of
 * how it ended: ok at the peer's FIN or when the guest drops the stream (which discards what is still
 * queued, SHUT_RD), err when the connection failed. An iterator, not a generator: `return` must act while
 * `next` waits for data.
 */
function receiveSource(c: TcpConnection, onEnd: () => void): { source: AsyncIterableIterator<number[]>; result: Promise<Outcome> } {
  let done = false;
  let resolve!: (r: Outcome) => void;
  const result = new Promise<Outcome>((r) => (resolve = r));
  const stop = new Waiters();
  const finish = (r: Outcome) => {
    if (done) return;
    done = true;
    resolve(r);
    stop.wake();
    onEnd();
  };
  const source: AsyncIterableIterator<number[]> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      for (;;) {
        if (done) return END;
        let r: Uint8Array | 'end' | null;
        try {
          r = c.read(CHUNK);
        } catch (e) {
          finish(errOf(e));
          return END;
        }
        if (r === 'end') {
          finish(ok());
          return END;
        }
        if (r !== null) return { done: false, value: Array.from(r) };
        await Promise.race([c.whenReadable(), stop.wait()]);
      }
    },
    async return() {
      if (!done) {
        c.shutdown(true, false);
        finish(ok());
      }
      return END;
    },
  };
  return { source, result };
}

/**
 * The accepted connections of a listening socket as a stream source: each a new tcp-socket handle made by
 * `wrap`. A connection offered to the guest but not taken when the guest drops the stream is closed.
 */
function acceptSource(t: TcpRep, wrap: (c: TcpConnection) => ResourceHandle): AsyncIterableIterator<ResourceHandle[]> {
  let offered: TcpConnection | undefined;
  let done = false;
  const stop = new Waiters();
  const finish = () => {
    if (done) return;
    done = true;
    offered?.close();
    offered = undefined;
    stop.wake();
    release(t);
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      // Asked for the next one: the guest took the last.
      offered = undefined;
      for (;;) {
        const l = t.listener;
        if (done || l === undefined) {
          finish();
          return END;
        }
        let c: TcpConnection | null;
        try {
          c = l.accept();
        } catch {
          // A failed listener ends the stream (the WIT: it "should only close on fatal errors").
          finish();
          return END;
        }
        if (c !== null) {
          offered = c;
          return { done: false, value: [wrap(c)] };
        }
        await Promise.race([l.whenAcceptable(), stop.wait()]);
      }
    },
    async return() {
      finish();
      return END;
    },
  };
}

/** Defines wasi:sockets/types and wasi:sockets/ip-name-lookup (0.3) over the host's `network`. */
export function defineSockets(linker: LinkerInstance, cx: WasiP3Context): void {
  const { host, version } = cx;
  const access: NetworkAccess | undefined = host.network;
  const denied = () => access === undefined || !access.sockets;
  const backend = () => access!.backend;

  const tcpSocket = ResourceType.host('tcp-socket', (rep) => {
    const t = rep as TcpRep;
    t.dropped = true;
    if (t.users === 0) closeTcp(t);
  });
  const udpSocket = ResourceType.host('udp-socket', (rep) => {
    const u = rep as UdpRep;
    u.dropped = true;
    u.endpoint?.close();
    u.endpoint = undefined;
  });
  const types = linker.instance(`wasi:sockets/types@${version}`).resource('tcp-socket', tcpSocket).resource('udp-socket', udpSocket);
  const tcpRep = (h: ResourceHandle) => h.rep as TcpRep;
  const udpRep = (h: ResourceHandle) => h.rep as UdpRep;

  // ---- TCP ----
  const newTcp = (family: Family, options: TcpOptions): TcpRep => ({
    family, state: 'unbound', bound: undefined, listener: undefined, conn: undefined, localAddress: undefined,
    options: { ...options }, sendUsed: false, receiveUsed: false, users: 0, dropped: false,
  });
  const connected = (t: TcpRep, c: TcpConnection) => {
    t.state = 'connected';
    t.conn = c;
    t.localAddress = c.localAddress;
    if (t.options.keepAlive) c.setKeepAlive(true, Number(t.options.keepAliveIdle / 1_000_000n));
  };
  /** An accepted connection as a tcp-socket; it inherits the listener's options (as on Linux). */
  const accepted = (listener: TcpRep) => (c: TcpConnection) => {
    const a = newTcp(listener.family, listener.options);
    connected(a, c);
    return hostResource(tcpSocket, a);
  };

  types
    .func('[static]tcp-socket.create', (family: Family) => ok(hostResource(tcpSocket, newTcp(family, TCP_DEFAULTS))))
    .func('[method]tcp-socket.bind', (self: ResourceHandle, local: WitSocketAddress) => {
      const t = tcpRep(self);
      if (t.state !== 'unbound') return err('invalid-state');
      if (badAddress(t.family, local)) return err('invalid-argument');
      if (denied()) return err('access-denied');
      t.state = 'busy';
      // A failed bind may be retried (tcp.wit): the socket goes back to unbound.
      return settle(backend().tcpBind(toSocketAddress(local)), (b) => {
        if (t.dropped) {
          b.close();
          return err('invalid-state');
        }
        t.state = 'bound';
        t.bound = b;
        t.localAddress = b.localAddress;
        return ok();
      }, () => (t.state = 'unbound'));
    })
    .func('[method]tcp-socket.connect', (self: ResourceHandle, remote: WitSocketAddress) => {
      const t = tcpRep(self);
      if (t.state !== 'unbound' && t.state !== 'bound') return err('invalid-state');
      if (badRemote(t.family, remote)) return err('invalid-argument');
      if (denied()) return err('access-denied');
      const to = toSocketAddress(remote);
      const bound = t.bound;
      t.bound = undefined;
      t.state = 'connecting';
      // A failed connect leaves the socket closed: it cannot be used again (tcp.wit).
      return settle(bound !== undefined ? bound.connect(to) : backend().tcpConnect(to), (c) => {
        if (t.dropped) {
          c.close();
          return err('invalid-state');
        }
        connected(t, c);
        return ok();
      }, () => (t.state = 'closed'));
    })
    .func('[method]tcp-socket.listen', (self: ResourceHandle) => {
      const t = tcpRep(self);
      if (t.state !== 'unbound' && t.state !== 'bound') return err('invalid-state');
      // Without a bind: an implicit one to the unspecified address and a free port (tcp.wit).
      if (t.state === 'unbound' && denied()) return err('access-denied');
      const bound = t.bound !== undefined ? Promise.resolve(t.bound) : backend().tcpBind(unspecified(t.family));
      t.state = 'busy';
      return settle(bound.then((b) => {
        t.bound = b;
        return b.listen(Number(t.options.backlog > 0x7fffffffn ? 0x7fffffffn : t.options.backlog));
      }), (l) => {
        if (t.dropped) {
          l.close();
          return err('invalid-state');
        }
        t.state = 'listening';
        t.listener = l;
        t.bound = undefined;
        t.localAddress = l.localAddress;
        t.users++;
        return ok(acceptSource(t, accepted(t)));
      }, () => (t.state = t.bound !== undefined ? 'bound' : 'unbound'));
    })
    .func('[method]tcp-socket.send', (self: ResourceHandle, data: HostStreamReader<number>) => {
      const t = tcpRep(self);
      const c = t.conn;
      if (t.state !== 'connected' || c === undefined || t.sendUsed) {
        data.cancel();
        return new HostFuture(err('invalid-state'));
      }
      t.sendUsed = true;
      t.users++;
      return new HostFuture(pumpSend(c, data).finally(() => release(t)));
    })
    .func('[method]tcp-socket.receive', (self: ResourceHandle) => {
      const t = tcpRep(self);
      const c = t.conn;
      // receive may be called once: later calls (and calls before connecting) get a closed stream.
      if (t.state !== 'connected' || c === undefined || t.receiveUsed) return [[], new HostFuture(err('invalid-state'))];
      t.receiveUsed = true;
      t.users++;
      const { source, result } = receiveSource(c, () => release(t));
      return [source, new HostFuture(result)];
    })
    .func('[method]tcp-socket.get-local-address', (self: ResourceHandle) => {
      const t = tcpRep(self);
      return t.localAddress === undefined || t.state === 'closed' ? err('invalid-state') : ok(fromSocketAddress(t.localAddress));
    })
    .func('[method]tcp-socket.get-remote-address', (self: ResourceHandle) => {
      const t = tcpRep(self);
      return t.state !== 'connected' || t.conn === undefined ? err('invalid-state') : ok(fromSocketAddress(t.conn.remoteAddress));
    })
    .func('[method]tcp-socket.get-is-listening', (self: ResourceHandle) => tcpRep(self).state === 'listening')
    .func('[method]tcp-socket.get-address-family', (self: ResourceHandle) => tcpRep(self).family)
    .func('[method]tcp-socket.set-listen-backlog-size', (self: ResourceHandle, value: bigint) => {
      const t = tcpRep(self);
      if (value === 0n) return err('invalid-argument');
      if (t.state === 'connecting' || t.state === 'connected' || t.state === 'closed') return err('invalid-state');
      // Node fixes the backlog when the listener starts: a later change cannot reach it.
      if (t.state === 'listening') return err('not-supported');
      t.options.backlog = value;
      return ok();
    });
  const results = { ok, invalidArgument: err('invalid-argument') };
  defineTcpOptions(types, 'get-', tcpRep, results);

  // ---- UDP ----
  /** Binds `u` to `local` (one bind at a time; connect and send wait for it). */
  const bindUdp = (u: UdpRep, local: SocketAddress): Promise<UdpEndpoint> => {
    const p = backend().udpBind(local).then((e) => {
      u.binding = undefined;
      if (u.dropped) {
        e.close();
        throw new SocketError('invalid-state', 'the socket was dropped while binding');
      }
      u.endpoint = e;
      e.setHopLimit(u.hopLimit);
      return e;
    }, (e: unknown) => {
      u.binding = undefined;
      throw e;
    });
    u.binding = p;
    return p;
  };
  /** The endpoint, bound implicitly (unspecified address, free port) if the guest did not bind. */
  const ensureBound = (u: UdpRep): Promise<UdpEndpoint> =>
    u.endpoint !== undefined ? Promise.resolve(u.endpoint) : (u.binding ?? bindUdp(u, unspecified(u.family)));
  types
    .func('[static]udp-socket.create', (family: Family) => ok(hostResource(udpSocket, {
      family, endpoint: undefined, binding: undefined, dropped: false, remote: undefined, hopLimit: 64,
      buffers: { ...UDP_BUFFER_DEFAULTS },
    } satisfies UdpRep)))
    .func('[method]udp-socket.bind', (self: ResourceHandle, local: WitSocketAddress) => {
      const u = udpRep(self);
      if (u.endpoint !== undefined || u.binding !== undefined) return err('invalid-state');
      if (local.tag !== u.family || isIpv4Mapped(local)) return err('invalid-argument');
      if (denied()) return err('access-denied');
      return settle(bindUdp(u, toSocketAddress(local)), () => ok());
    })
    .func('[method]udp-socket.connect', (self: ResourceHandle, remote: WitSocketAddress) => {
      const u = udpRep(self);
      if (badRemote(u.family, remote)) return err('invalid-argument');
      if (denied()) return err('access-denied');
      const to = toSocketAddress(remote);
      return settle(ensureBound(u).then(async (e) => {
        // Without connect in the backend, the peer is only recorded: receive filters and send checks.
        if (e.connect !== undefined) await e.connect(to);
      }), () => {
        u.remote = to;
        return ok();
      });
    })
    .func('[method]udp-socket.disconnect', (self: ResourceHandle) => {
      const u = udpRep(self);
      if (u.remote === undefined) return err('invalid-state');
      u.endpoint?.disconnect?.();
      u.remote = undefined;
      return ok();
    })
    .func('[method]udp-socket.send', (self: ResourceHandle, data: Uint8Array, remote: WitSocketAddress | undefined) => {
      const u = udpRep(self);
      let to: SocketAddress;
      if (remote === undefined) {
        if (u.remote === undefined) return err('invalid-argument');
        to = u.remote;
      } else {
        if (badRemote(u.family, remote)) return err('invalid-argument');
        to = toSocketAddress(remote);
        // A connected socket sends to its peer only.
        if (u.remote !== undefined && !sameAddress(to, u.remote)) return err('invalid-argument');
      }
      if (data.length > maxDatagram(u.family)) return err('datagram-too-large');
      if (u.endpoint === undefined && denied()) return err('access-denied');
      return settle(ensureBound(u).then(async (e) => {
        while (e.sendCapacity() === 0) await e.whenSendable();
        e.send(data, to);
      }), () => ok());
    })
    .func('[method]udp-socket.receive', async (self: ResourceHandle) => {
      const u = udpRep(self);
      for (;;) {
        const e = u.endpoint;
        if (e === undefined) return err('invalid-state');
        let d;
        try {
          d = e.receive();
        } catch (x) {
          return errOf(x);
        }
        if (d === null) {
          await e.whenReceivable();
          continue;
        }
        // Without connect in the backend, a connected socket drops other senders' datagrams itself.
        if (e.connect === undefined && u.remote !== undefined && !sameAddress(d.remote, u.remote)) continue;
        return ok([d.data, fromSocketAddress(d.remote)]);
      }
    })
    .func('[method]udp-socket.get-local-address', (self: ResourceHandle) => {
      const e = udpRep(self).endpoint;
      return e === undefined ? err('invalid-state') : ok(fromSocketAddress(e.localAddress));
    })
    .func('[method]udp-socket.get-remote-address', (self: ResourceHandle) => {
      const r = udpRep(self).remote;
      return r === undefined ? err('invalid-state') : ok(fromSocketAddress(r));
    })
    .func('[method]udp-socket.get-address-family', (self: ResourceHandle) => udpRep(self).family);
  defineUdpOptions(types, 'get-', udpRep, results);

  // ---- name lookup ----
  linker.instance(`wasi:sockets/ip-name-lookup@${version}`).func('resolve-addresses', (name: string) => {
    const literal = parseIp(name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name);
    if (literal === undefined && !validHostName(name)) return { tag: 'err', val: { tag: 'invalid-argument' } };
    if (literal !== undefined) return { tag: 'ok', val: [literal] };
    if (access === undefined || !access.nameLookup) return { tag: 'err', val: { tag: 'access-denied' } };
    return access.backend.resolve(name).then((list) => {
      // IPv4-mapped IPv6 results are never returned (ip-name-lookup.wit).
      const out = [];
      for (const text of list) {
        const ip = parseIp(text);
        if (ip !== undefined && !(ip.tag === 'ipv6' && isIpv4Mapped({ tag: 'ipv6', val: { port: 0, flowInfo: 0, address: ip.val, scopeId: 0 } }))) out.push(ip);
      }
      return out.length > 0 ? { tag: 'ok', val: out } : { tag: 'err', val: { tag: 'name-unresolvable' } };
    }, (e: unknown) => {
      if (!(e instanceof SocketError)) throw e;
      const tag = e.code === 'name-unresolvable' || e.code === 'temporary-resolver-failure' || e.code === 'permanent-resolver-failure' ? e.code : undefined;
      return { tag: 'err', val: tag !== undefined ? { tag } : { tag: 'other', val: e.message } };
    });
  });
}
