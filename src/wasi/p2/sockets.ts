// wasi:sockets 0.2 — network, instance-network, tcp, tcp-create-socket, udp, udp-create-socket,
// ip-name-lookup — as resource glue over a NetworkBackend (../network.ts; Node's is node/net.ts).
//
// The sandbox is the host's `network` (a NetworkAccess): without it, or without its `sockets` grant,
// creating a socket still works (it is only a record here) but every bind and connect answers
// `access-denied` before anything reaches the backend; without `nameLookup`, resolve-addresses answers
// `permanent-resolver-failure`, as wasmtime does. The TCP state machine, the argument checks and the error
// codes follow tcp.wit / udp.wit. Backend operations are Promises: start-* starts one, finish-* reports
// `would-block` until it settled, and the socket's pollable waits for it (the guest suspends in
// poll/block; see io.ts).
import type { LinkerInstance, ResourceHandle } from '../../index.js';
import { ResourceType, hostResource } from '../../index.js';
import { Trap } from '../../index.js';
import type { WasiHost } from '../host.js';
import {
  SocketError, type BoundTcp, type NetworkAccess, type SocketAddress, type SocketErrorCode, type TcpConnection,
  type TcpListener, type UdpEndpoint,
} from '../network.js';
import { asyncPollable, ok, type ErrorRep, type OutputRep, type PollableRep, type Result, type WasiResources } from './common.js';
import { asyncInput } from './io.js';
import { TCP_DEFAULTS, UDP_BUFFER_DEFAULTS, defineTcpOptions, defineUdpOptions, validHostName, type TcpOptions } from '../socket-options.js';
import {
  fromSocketAddress, isIpv4Mapped, isNonUnicast, isUnspecified, parseIp, toSocketAddress, type Family, type WitSocketAddress,
} from './ip-address.js';

type Outcome<T> = Result<T, SocketErrorCode>;

function err(code: SocketErrorCode): { tag: 'err'; val: SocketErrorCode } {
  return { tag: 'err', val: code };
}

/** A backend operation in flight: finish-* reads it once settled. */
class Pending<T> {
  done = false;
  value: T | undefined;
  error: SocketErrorCode | undefined;
  readonly settled: Promise<void>;
  constructor(p: Promise<T>) {
    this.settled = p.then(
      (v) => {
        this.done = true;
        this.value = v;
      },
      (e: unknown) => {
        this.done = true;
        this.error = e instanceof SocketError ? e.code : 'unknown';
      },
    );
  }
}

interface NetworkRep {
  access: NetworkAccess | undefined;
}

type TcpState = 'unbound' | 'bind-in-progress' | 'bound' | 'listen-in-progress' | 'listening' | 'connect-in-progress' | 'connected' | 'closed';

interface TcpRep {
  family: Family;
  state: TcpState;
  network: NetworkRep | undefined;
  op: Pending<unknown> | undefined;
  bound: BoundTcp | undefined;
  listener: TcpListener | undefined;
  conn: TcpConnection | undefined;
  localAddress: SocketAddress | undefined;
  options: TcpOptions;
  /** The streams handed out, so shutdown(send) can close the output. */
  output: OutputRep | undefined;
}

interface UdpRep {
  family: Family;
  state: 'unbound' | 'bind-in-progress' | 'bound';
  network: NetworkRep | undefined;
  op: Pending<UdpEndpoint> | undefined;
  endpoint: UdpEndpoint | undefined;
  remote: SocketAddress | undefined;
  /** Which pair of streams is current: only the latest pair returned by `stream` works. */
  generation: number;
  hopLimit: number;
  buffers: { receive: bigint; send: bigint };
}

interface DatagramStreamRep {
  udp: UdpRep;
  generation: number;
  /** check-send's last permit (send may not exceed it). */
  permit: number;
}

interface ResolveRep {
  op: Pending<string[]>;
  next: number;
}

/** A socket dropped while its bind/connect/listen was in flight: close what that operation opens. */
function closeWhenSettled(op: Pending<unknown> | undefined): void {
  if (op !== undefined) void op.settled.then(() => (op.value as { close?(): void } | undefined)?.close?.());
}

/** The checks every bind/connect address gets: right family, unicast, not IPv4-mapped. */
function addressProblem(family: Family, a: WitSocketAddress): SocketErrorCode | undefined {
  if (a.tag !== family || isIpv4Mapped(a) || isNonUnicast(a)) return 'invalid-argument';
  return undefined;
}

function denied(n: NetworkRep): boolean {
  return n.access === undefined || !n.access.sockets;
}

function connectionOutput(c: TcpConnection): OutputRep {
  return {
    closed: false,
    write: (b) => c.write(b),
    flush: () => undefined,
    capacity: () => c.writeCapacity(),
    whenWritable: () => c.whenWritable(),
    whenFlushed: () => c.whenFlushed(),
  };
}

export function defineSockets(linker: LinkerInstance, res: WasiResources, host: WasiHost, version: string): void {
  const network = ResourceType.host('network');
  const closeTcp = (rep: unknown) => {
    const t = rep as TcpRep;
    t.conn?.close();
    t.listener?.close();
    t.bound?.close();
    closeWhenSettled(t.op);
    t.state = 'closed';
  };
  const tcpSocket = ResourceType.host('tcp-socket', closeTcp);
  const udpSocket = ResourceType.host('udp-socket', (rep) => {
    const u = rep as UdpRep;
    u.endpoint?.close();
    closeWhenSettled(u.op);
  });
  const incoming = ResourceType.host('incoming-datagram-stream');
  const outgoing = ResourceType.host('outgoing-datagram-stream');
  const resolveStream = ResourceType.host('resolve-address-stream');

  linker.instance(`wasi:sockets/network@${version}`).resource('network', network).resource('error', res.error)
    .func('network-error-code', (e: ResourceHandle) => (e.rep as ErrorRep).socketCode);
  linker.instance(`wasi:sockets/instance-network@${version}`).resource('network', network)
    .func('instance-network', () => hostResource(network, { access: host.network } satisfies NetworkRep));

  // ---- TCP ----
  const tcpRep = (h: ResourceHandle) => h.rep as TcpRep;
  const newTcp = (family: Family, state: TcpState, options: TcpOptions): TcpRep => ({
    family, state, network: undefined, op: undefined, bound: undefined, listener: undefined, conn: undefined,
    localAddress: undefined, options: { ...options }, output: undefined,
  });
  /** The streams of a connected socket. */
  const connected = (t: TcpRep, c: TcpConnection) => {
    t.state = 'connected';
    t.conn = c;
    t.localAddress = c.localAddress;
    if (t.options.keepAlive) c.setKeepAlive(true, Number(t.options.keepAliveIdle / 1_000_000n));
    t.output = connectionOutput(c);
    return [hostResource(res.inputStream, asyncInput(c)), hostResource(res.outputStream, t.output)];
  };
  /** finish-*: would-block while pending, the error (state back to `failed`), or the value. */
  const finish = <T>(t: TcpRep, expected: TcpState, failed: TcpState, done: (v: T) => unknown): unknown => {
    if (t.state !== expected || t.op === undefined) return err('not-in-progress');
    const op = t.op as Pending<T>;
    if (!op.done) return res.spin.nothing(err('would-block'));
    res.spin.progress();
    t.op = undefined;
    if (op.error !== undefined) {
      t.state = failed;
      return err(op.error);
    }
    return ok(done(op.value as T));
  };
  const open = (t: TcpRep) => t.state !== 'closed';

  const tcp = linker.instance(`wasi:sockets/tcp@${version}`)
    .resource('tcp-socket', tcpSocket).resource('network', network).resource('pollable', res.pollable)
    .resource('input-stream', res.inputStream).resource('output-stream', res.outputStream);
  tcp.func('[method]tcp-socket.start-bind', (self: ResourceHandle, net: ResourceHandle, local: WitSocketAddress) => {
    const t = tcpRep(self);
    if (t.state !== 'unbound') return err('invalid-state');
    const problem = addressProblem(t.family, local);
    if (problem) return err(problem);
    const n = net.rep as NetworkRep;
    if (denied(n)) return err('access-denied');
    t.network = n;
    t.state = 'bind-in-progress';
    t.op = new Pending(n.access!.backend.tcpBind(toSocketAddress(local)));
    return ok();
  })
    .func('[method]tcp-socket.finish-bind', (self: ResourceHandle) => {
      const t = tcpRep(self);
      return finish<BoundTcp>(t, 'bind-in-progress', 'unbound', (b) => {
        t.state = 'bound';
        t.bound = b;
        t.localAddress = b.localAddress;
      });
    })
    .func('[method]tcp-socket.start-connect', (self: ResourceHandle, net: ResourceHandle, remote: WitSocketAddress) => {
      const t = tcpRep(self);
      if (t.state !== 'unbound' && t.state !== 'bound') return err('invalid-state');
      const n = net.rep as NetworkRep;
      if (t.network !== undefined && t.network !== n) return err('invalid-argument');
      const problem = addressProblem(t.family, remote);
      if (problem || isUnspecified(remote) || remote.val.port === 0) return err('invalid-argument');
      if (denied(n)) return err('access-denied');
      t.network = n;
      const to = toSocketAddress(remote);
      const bound = t.bound;
      t.bound = undefined;
      t.op = new Pending(bound !== undefined ? bound.connect(to) : n.access!.backend.tcpConnect(to));
      t.state = 'connect-in-progress';
      return ok();
    })
    .func('[method]tcp-socket.finish-connect', (self: ResourceHandle) => {
      const t = tcpRep(self);
      // A failed connect leaves the socket closed (tcp.wit: it cannot be retried).
      return finish<TcpConnection>(t, 'connect-in-progress', 'closed', (c) => connected(t, c));
    })
    .func('[method]tcp-socket.start-listen', (self: ResourceHandle) => {
      const t = tcpRep(self);
      if (t.state !== 'bound' || t.bound === undefined) return err('invalid-state');
      t.op = new Pending(t.bound.listen(Number(t.options.backlog)));
      t.state = 'listen-in-progress';
      return ok();
    })
    .func('[method]tcp-socket.finish-listen', (self: ResourceHandle) => {
      const t = tcpRep(self);
      return finish<TcpListener>(t, 'listen-in-progress', 'bound', (l) => {
        t.state = 'listening';
        t.listener = l;
        t.bound = undefined;
      });
    })
    .func('[method]tcp-socket.accept', (self: ResourceHandle) => {
      const t = tcpRep(self);
      if (t.state !== 'listening' || t.listener === undefined) return err('invalid-state');
      let c: TcpConnection | null;
      try {
        c = t.listener.accept();
      } catch (e) {
        return err(e instanceof SocketError ? e.code : 'unknown');
      }
      if (c === null) return res.spin.nothing(err('would-block'));
      res.spin.progress();
      // The accepted socket inherits the listener's options (as on Linux).
      const a = newTcp(t.family, 'connected', t.options);
      a.network = t.network;
      const [input, output] = connected(a, c);
      return ok([hostResource(tcpSocket, a), input, output]);
    })
    .func('[method]tcp-socket.local-address', (self: ResourceHandle) => {
      const t = tcpRep(self);
      return t.localAddress === undefined || !open(t) ? err('invalid-state') : ok(fromSocketAddress(t.localAddress));
    })
    .func('[method]tcp-socket.remote-address', (self: ResourceHandle) => {
      const t = tcpRep(self);
      return t.state !== 'connected' || t.conn === undefined ? err('invalid-state') : ok(fromSocketAddress(t.conn.remoteAddress));
    })
    .func('[method]tcp-socket.is-listening', (self: ResourceHandle) => tcpRep(self).state === 'listening')
    .func('[method]tcp-socket.address-family', (self: ResourceHandle) => tcpRep(self).family)
    .func('[method]tcp-socket.set-listen-backlog-size', (self: ResourceHandle, value: bigint) => {
      const t = tcpRep(self);
      if (value === 0n) return err('invalid-argument');
      if (t.state === 'connect-in-progress' || t.state === 'connected' || t.state === 'closed') return err('invalid-state');
      // Node fixes the backlog when the listener starts: a later change cannot reach it.
      if (t.state === 'listening' || t.state === 'listen-in-progress') return err('not-supported');
      t.options.backlog = value;
      return ok();
    })
    // The pollable follows the socket, not the moment it was made: guests (wasmtime's test programs among
    // them) subscribe before start-bind/start-connect and poll it after.
    .func('[method]tcp-socket.subscribe', (self: ResourceHandle) => {
      const t = tcpRep(self);
      const ready = () => {
        if (t.op !== undefined) return t.op.done;
        if (t.state === 'listening' && t.listener !== undefined) return t.listener.canAccept();
        return true;
      };
      const wait = (): Promise<void> => {
        if (t.op !== undefined) return t.op.settled;
        if (t.state === 'listening' && t.listener !== undefined) return t.listener.whenAcceptable();
        return Promise.resolve();
      };
      return hostResource(res.pollable, asyncPollable(ready, wait));
    })
    .func('[method]tcp-socket.shutdown', (self: ResourceHandle, how: 'receive' | 'send' | 'both') => {
      const t = tcpRep(self);
      if (t.state !== 'connected' || t.conn === undefined) return err('invalid-state');
      const send = how !== 'receive';
      t.conn.shutdown(how !== 'send', send);
      if (send && t.output !== undefined) t.output.closed = true;
      return ok();
    });
  const optionResults = { ok, invalidArgument: err('invalid-argument') };
  defineTcpOptions(tcp, '', tcpRep, optionResults);
  const createTcp = (family: Family) => ok(hostResource(tcpSocket, newTcp(family, 'unbound', TCP_DEFAULTS)));
  linker.instance(`wasi:sockets/tcp-create-socket@${version}`).resource('tcp-socket', tcpSocket).resource('network', network)
    .func('create-tcp-socket', createTcp);

  // ---- UDP ----
  const udpRep = (h: ResourceHandle) => h.rep as UdpRep;
  const udp = linker.instance(`wasi:sockets/udp@${version}`)
    .resource('udp-socket', udpSocket).resource('incoming-datagram-stream', incoming)
    .resource('outgoing-datagram-stream', outgoing).resource('network', network).resource('pollable', res.pollable);
  udp.func('[method]udp-socket.start-bind', (self: ResourceHandle, net: ResourceHandle, local: WitSocketAddress) => {
    const u = udpRep(self);
    if (u.state !== 'unbound') return err('invalid-state');
    if (local.tag !== u.family || isIpv4Mapped(local)) return err('invalid-argument');
    const n = net.rep as NetworkRep;
    if (denied(n)) return err('access-denied');
    u.network = n;
    u.state = 'bind-in-progress';
    u.op = new Pending(n.access!.backend.udpBind(toSocketAddress(local)));
    return ok();
  })
    .func('[method]udp-socket.finish-bind', (self: ResourceHandle) => {
      const u = udpRep(self);
      if (u.state !== 'bind-in-progress' || u.op === undefined) return err('not-in-progress');
      const op = u.op;
      if (!op.done) return res.spin.nothing(err('would-block'));
      res.spin.progress();
      u.op = undefined;
      if (op.error !== undefined) {
        u.state = 'unbound';
        return err(op.error);
      }
      u.state = 'bound';
      u.endpoint = op.value!;
      u.endpoint.setHopLimit(u.hopLimit);
      return ok();
    })
    .func('[method]udp-socket.stream', (self: ResourceHandle, remote: WitSocketAddress | undefined) => {
      const u = udpRep(self);
      if (u.state !== 'bound' || u.endpoint === undefined) return err('invalid-state');
      if (remote !== undefined && (remote.tag !== u.family || isIpv4Mapped(remote) || isUnspecified(remote) || remote.val.port === 0)) {
        return err('invalid-argument');
      }
      u.remote = remote === undefined ? undefined : toSocketAddress(remote);
      const generation = ++u.generation;
      return ok([
        hostResource(incoming, { udp: u, generation, permit: 0 } satisfies DatagramStreamRep),
        hostResource(outgoing, { udp: u, generation, permit: 0 } satisfies DatagramStreamRep),
      ]);
    })
    .func('[method]udp-socket.local-address', (self: ResourceHandle) => {
      const e = udpRep(self).endpoint;
      return e === undefined ? err('invalid-state') : ok(fromSocketAddress(e.localAddress));
    })
    .func('[method]udp-socket.remote-address', (self: ResourceHandle) => {
      const r = udpRep(self).remote;
      return r === undefined ? err('invalid-state') : ok(fromSocketAddress(r));
    })
    .func('[method]udp-socket.address-family', (self: ResourceHandle) => udpRep(self).family)
    .func('[method]udp-socket.subscribe', (self: ResourceHandle) => {
      const u = udpRep(self);
      return hostResource(res.pollable, asyncPollable(() => u.op?.done ?? true, () => u.op?.settled ?? Promise.resolve()));
    });

  defineUdpOptions(udp, '', udpRep, optionResults);

  /** The endpoint behind a datagram stream, or the error when the stream was replaced by a newer pair. */
  const streamEndpoint = (s: DatagramStreamRep): UdpEndpoint | SocketErrorCode =>
    s.generation !== s.udp.generation || s.udp.endpoint === undefined ? 'invalid-state' : s.udp.endpoint;
  // Compared as parsed addresses: Node writes "::1" where the WIT's form prints "0:0:0:0:0:0:0:1".
  const sameAddress = (a: SocketAddress, b: SocketAddress) =>
    a.port === b.port && parseIp(a.address)?.val.join() === parseIp(b.address)?.val.join();
  const streamPollable = (s: DatagramStreamRep, ready: (e: UdpEndpoint) => boolean, wait: (e: UdpEndpoint) => Promise<void>): PollableRep => {
    // A replaced stream is ready at once: its calls answer invalid-state.
    const now = () => {
      const e = streamEndpoint(s);
      return typeof e === 'string' ? undefined : e;
    };
    return asyncPollable(() => {
      const e = now();
      return e === undefined || ready(e);
    }, () => {
      const e = now();
      return e === undefined ? Promise.resolve() : wait(e);
    });
  };
  udp.func('[method]incoming-datagram-stream.receive', (self: ResourceHandle, max: bigint) => {
    const s = self.rep as DatagramStreamRep;
    const e = streamEndpoint(s);
    if (typeof e === 'string') return err(e);
    const out: { data: Uint8Array; remoteAddress: WitSocketAddress }[] = [];
    while (BigInt(out.length) < max) {
      let d;
      try {
        d = e.receive();
      } catch (x) {
        if (out.length > 0) break;
        return err(x instanceof SocketError ? x.code : 'unknown');
      }
      if (d === null) break;
      // A "connected" stream only sees its peer's datagrams (what the kernel's filter would do).
      if (s.udp.remote !== undefined && !sameAddress(d.remote, s.udp.remote)) continue;
      out.push({ data: d.data, remoteAddress: fromSocketAddress(d.remote) });
    }
    if (out.length === 0 && max > 0n) return res.spin.nothing(ok(out));
    res.spin.progress();
    return ok(out);
  })
    .func('[method]incoming-datagram-stream.subscribe', (self: ResourceHandle) =>
      hostResource(res.pollable, streamPollable(self.rep as DatagramStreamRep, (e) => e.canReceive(), (e) => e.whenReceivable())))
    .func('[method]outgoing-datagram-stream.check-send', (self: ResourceHandle) => {
      const s = self.rep as DatagramStreamRep;
      const e = streamEndpoint(s);
      if (typeof e === 'string') return err(e);
      s.permit = e.sendCapacity();
      return ok(BigInt(s.permit));
    })
    .func('[method]outgoing-datagram-stream.send', (self: ResourceHandle, datagrams: { data: Uint8Array; remoteAddress: WitSocketAddress | undefined }[]) => {
      const s = self.rep as DatagramStreamRep;
      const e = streamEndpoint(s);
      if (typeof e === 'string') return err(e);
      if (datagrams.length > s.permit) throw new Trap(`wasi:sockets: outgoing-datagram-stream.send of ${datagrams.length} datagrams, but check-send permitted ${s.permit}`);
      let sent = 0;
      for (const d of datagrams) {
        const fixed = s.udp.remote;
        let to: SocketAddress;
        if (d.remoteAddress === undefined) {
          if (fixed === undefined) return sent > 0 ? ok(BigInt(sent)) : err('invalid-argument');
          to = fixed;
        } else {
          const r = d.remoteAddress;
          const bad = r.tag !== s.udp.family || isIpv4Mapped(r) || isUnspecified(r) || r.val.port === 0 ||
            (fixed !== undefined && !sameAddress(toSocketAddress(r), fixed));
          if (bad) return sent > 0 ? ok(BigInt(sent)) : err('invalid-argument');
          to = toSocketAddress(r);
        }
        if (d.data.length > 65507) return sent > 0 ? ok(BigInt(sent)) : err('datagram-too-large');
        try {
          e.send(d.data, to);
        } catch (x) {
          if (sent > 0) break;
          return err(x instanceof SocketError ? x.code : 'unknown');
        }
        sent++;
        s.permit--;
      }
      return ok(BigInt(sent));
    })
    .func('[method]outgoing-datagram-stream.subscribe', (self: ResourceHandle) =>
      hostResource(res.pollable, streamPollable(self.rep as DatagramStreamRep, (e) => e.sendCapacity() > 0, (e) => e.whenSendable())));
  const createUdp = (family: Family) => {
    const rep: UdpRep = {
      family, state: 'unbound', network: undefined, op: undefined, endpoint: undefined, remote: undefined, generation: 0,
      hopLimit: 64, buffers: { ...UDP_BUFFER_DEFAULTS },
    };
    return ok(hostResource(udpSocket, rep));
  };
  linker.instance(`wasi:sockets/udp-create-socket@${version}`).resource('udp-socket', udpSocket).resource('network', network)
    .func('create-udp-socket', createUdp);

  // ---- name lookup ----
  linker.instance(`wasi:sockets/ip-name-lookup@${version}`)
    .resource('resolve-address-stream', resolveStream).resource('network', network).resource('pollable', res.pollable)
    .func('resolve-addresses', (net: ResourceHandle, name: string) => {
      const n = net.rep as NetworkRep;
      const literal = parseIp(name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name);
      if (literal === undefined && !validHostName(name)) return err('invalid-argument');
      // Without the grant: what wasmtime answers (its tests expect permanent-resolver-failure).
      if (n.access === undefined || !n.access.nameLookup) return err('permanent-resolver-failure');
      const op = new Pending(literal !== undefined ? Promise.resolve([name.replace(/^\[|\]$/g, '')]) : n.access.backend.resolve(name));
      return ok(hostResource(resolveStream, { op, next: 0 } satisfies ResolveRep));
    })
    .func('[method]resolve-address-stream.resolve-next-address', (self: ResourceHandle) => {
      const r = self.rep as ResolveRep;
      if (!r.op.done) return res.spin.nothing(err('would-block'));
      res.spin.progress();
      if (r.op.error !== undefined) return err(r.op.error);
      const list = r.op.value!;
      // IPv4-mapped IPv6 results are never returned (ip-name-lookup.wit).
      while (r.next < list.length) {
        const ip = parseIp(list[r.next++]);
        if (ip !== undefined && !(ip.tag === 'ipv6' && isIpv4Mapped({ tag: 'ipv6', val: { port: 0, flowInfo: 0, address: ip.val, scopeId: 0 } }))) {
          return ok(ip);
        }
      }
      return ok(undefined);
    })
    .func('[method]resolve-address-stream.subscribe', (self: ResourceHandle) => {
      const op = (self.rep as ResolveRep).op;
      return hostResource(res.pollable, asyncPollable(() => op.done, () => op.settled));
    });
}
