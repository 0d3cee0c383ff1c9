// The network backend on Node (node:net, node:dgram, node:dns): the objects of ../network.ts over
// Node's event-driven sockets. Received data is buffered as it arrives (the socket is paused while the
// guest has not read a megabyte of it), and every wait is a Promise settled by a Node event — never a loop.
//
// Node cannot bind a TCP socket without listening on it, so `tcpBind` starts a listener at once (that is
// how the port of a bind to port 0 is known at finish-bind, as the WIT requires); connections arriving
// before the guest's `listen` are queued for its first `accept`, and a later `connect` closes the listener
// and connects from the same local address and port.
import * as net from 'node:net';
import * as dgram from 'node:dgram';
import * as dns from 'node:dns';
// Through the wasi entry's index (as node-fs.ts): the built wasi-node file then shares wasi.mjs's classes,
// so the SocketError thrown here is the one p2/sockets.ts recognizes.
import {
  ByteQueue, SocketError, Waiters, type BoundTcp, type Datagram, type NetworkBackend, type SocketAddress, type SocketErrorCode,
  type TcpConnection, type TcpListener, type UdpEndpoint,
} from '../index.js';

const NODE_ERRORS: Record<string, SocketErrorCode> = {
  ECONNREFUSED: 'connection-refused', ECONNRESET: 'connection-reset', EPIPE: 'connection-reset',
  ECONNABORTED: 'connection-aborted', ETIMEDOUT: 'timeout', EHOSTUNREACH: 'remote-unreachable',
  ENETUNREACH: 'remote-unreachable', EHOSTDOWN: 'remote-unreachable', ENETDOWN: 'remote-unreachable',
  EADDRINUSE: 'address-in-use', EADDRNOTAVAIL: 'address-not-bindable', EACCES: 'access-denied',
  EPERM: 'access-denied', EINVAL: 'invalid-argument', EAFNOSUPPORT: 'invalid-argument', EMFILE: 'new-socket-limit',
  ENFILE: 'new-socket-limit', ENOMEM: 'out-of-memory', ENOBUFS: 'out-of-memory', EMSGSIZE: 'datagram-too-large',
  ENOTFOUND: 'name-unresolvable', EAI_NONAME: 'name-unresolvable', ENODATA: 'name-unresolvable',
  EAI_NODATA: 'name-unresolvable', EAI_AGAIN: 'temporary-resolver-failure', EAI_FAIL: 'permanent-resolver-failure',
};

/** A Node error as a SocketError (its errno name mapped to the WIT's error-code). */
export function socketError(e: unknown): SocketError {
  if (e instanceof SocketError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? NODE_ERRORS[code] : undefined;
  return new SocketError(mapped ?? 'unknown', e instanceof Error ? e.message : String(e));
}

function family(f: string | number | undefined, address: string): 'ipv4' | 'ipv6' {
  if (f === 'IPv6' || f === 6) return 'ipv6';
  if (f === 'IPv4' || f === 4) return 'ipv4';
  return net.isIPv6(address) ? 'ipv6' : 'ipv4';
}

function addressOf(address: string | undefined, port: number | undefined, fam: string | number | undefined): SocketAddress {
  const a = address ?? '';
  // Node reports an IPv6 scope as "fe80::1%eth0"; the WIT's address has none in the text.
  const text = a.includes('%') ? a.slice(0, a.indexOf('%')) : a;
  return { family: family(fam, text), address: text, port: port ?? 0 };
}

/** Bytes the guest may leave unread before the socket is paused (TCP's own window then pushes back). */
const READ_HIGH_WATER = 1 << 20;
/** Bytes queued for sending beyond which `write` asks the guest to wait. */
const WRITE_HIGH_WATER = 1 << 16;

class NodeTcpConnection implements TcpConnection {
  readonly localAddress: SocketAddress;
  readonly remoteAddress: SocketAddress;
  private received = new ByteQueue();
  private failure: SocketError | undefined;
  private unflushed = 0;
  private writable = new Waiters();
  private flushed = new Waiters();

  constructor(private readonly socket: net.Socket) {
    this.localAddress = addressOf(socket.localAddress, socket.localPort, socket.localFamily);
    this.remoteAddress = addressOf(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
    const received = this.received;
    received.onDrain = () => {
      if (received.buffered < READ_HIGH_WATER && socket.isPaused()) socket.resume();
    };
    socket.on('data', (chunk: Buffer) => {
      received.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      if (received.buffered >= READ_HIGH_WATER) socket.pause();
    });
    socket.on('end', () => received.end());
    socket.on('error', (e) => {
      this.failure = socketError(e);
      received.fail(this.failure);
      this.wakeWriters();
    });
    socket.on('close', () => {
      received.end();
      this.wakeWriters();
    });
    socket.on('drain', () => this.writable.wake());
  }

  private wakeWriters(): void {
    this.writable.wake();
    this.flushed.wake();
  }

  read(max: number): Uint8Array | 'end' | null {
    return this.received.read(max);
  }

  canRead(): boolean {
    return this.received.canRead();
  }

  whenReadable(): Promise<void> {
    return this.received.whenReadable();
  }

  writeCapacity(): number {
    if (this.failure !== undefined) throw this.failure;
    if (this.socket.destroyed) throw new SocketError('invalid-state', 'the connection is closed');
    return Math.max(0, WRITE_HIGH_WATER - this.socket.writableLength);
  }

  write(bytes: Uint8Array): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.socket.writableEnded) throw new SocketError('invalid-state', 'the connection was shut down for sending');
    this.unflushed++;
    this.socket.write(bytes.slice(), (e) => {
      this.unflushed--;
      if (e && this.failure === undefined) this.failure = socketError(e);
      if (this.unflushed === 0 || e) this.flushed.wake();
    });
  }

  whenWritable(): Promise<void> {
    if (this.failure !== undefined || this.socket.destroyed || this.writeCapacity() > 0) return Promise.resolve();
    return this.writable.wait();
  }

  whenFlushed(): Promise<void> {
    if (this.unflushed === 0 || this.failure !== undefined) return Promise.resolve();
    return this.flushed.wait();
  }

  shutdown(receive: boolean, send: boolean): void {
    if (receive) this.received.discard();
    if (send && !this.socket.writableEnded) this.socket.end();
  }

  setKeepAlive(enabled: boolean, idleMs: number): void {
    this.socket.setKeepAlive(enabled, idleMs);
  }

  close(): void {
    this.socket.destroy();
    this.received.discard();
    this.wakeWriters();
  }
}

class NodeTcpListener implements TcpListener {
  readonly localAddress: SocketAddress;
  private pending: NodeTcpConnection[] = [];
  private failure: SocketError | undefined;
  private acceptable = new Waiters();
  listening = false;

  constructor(readonly server: net.Server) {
    const a = server.address() as net.AddressInfo;
    this.localAddress = addressOf(a.address, a.port, a.family);
    server.on('connection', (s: net.Socket) => {
      this.pending.push(new NodeTcpConnection(s));
      this.acceptable.wake();
    });
    server.on('error', (e) => {
      this.failure = socketError(e);
      this.acceptable.wake();
    });
  }

  accept(): TcpConnection | null {
    const c = this.pending.shift();
    if (c !== undefined) return c;
    if (this.failure !== undefined) throw this.failure;
    return null;
  }

  canAccept(): boolean {
    return this.pending.length > 0 || this.failure !== undefined;
  }

  whenAcceptable(): Promise<void> {
    return this.canAccept() ? Promise.resolve() : this.acceptable.wait();
  }

  /** Stops listening and drops the connections not accepted yet; `done` when the port is free. */
  close(done?: () => void): void {
    for (const c of this.pending) c.close();
    this.pending = [];
    this.server.close(() => done?.());
    this.acceptable.wake();
  }
}

function connect(options: net.TcpNetConnectOpts, track: (s: net.Socket) => void): Promise<TcpConnection> {
  return new Promise((resolve, reject) => {
    // Half-open, as TCP is: the peer's FIN ends our reading, not our sending (Node's default would end both).
    const s = net.connect({ ...options, allowHalfOpen: true });
    track(s);
    const failed = (e: Error) => reject(socketError(e));
    s.once('error', failed);
    s.once('connect', () => {
      s.off('error', failed);
      resolve(new NodeTcpConnection(s));
    });
  });
}

class NodeBoundTcp implements BoundTcp {
  readonly localAddress: SocketAddress;
  constructor(private readonly listener: NodeTcpListener, private readonly track: (s: net.Socket) => void) {
    this.localAddress = listener.localAddress;
  }
  listen(): Promise<TcpListener> {
    // Already listening (see the header); the backlog Node chose at bind stays.
    this.listener.listening = true;
    return Promise.resolve(this.listener);
  }
  async connect(remote: SocketAddress): Promise<TcpConnection> {
    await new Promise<void>((resolve) => this.listener.close(resolve));
    return connect({
      host: remote.address, port: remote.port, family: remote.family === 'ipv6' ? 6 : 4,
      localAddress: this.localAddress.address, localPort: this.localAddress.port,
    }, this.track);
  }
  close(): void {
    this.listener.close();
  }
}

const UDP_SEND_QUEUE = 64;

class NodeUdpEndpoint implements UdpEndpoint {
  private queue: Datagram[] = [];
  /** The peer Node's socket is connected to (its `send` then takes no address). */
  private peer: SocketAddress | undefined;
  private inFlight = 0;
  private failure: SocketError | undefined;
  private receivable = new Waiters();
  private sendable = new Waiters();

  constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (msg: Buffer, info: dgram.RemoteInfo) => {
      this.queue.push({ data: new Uint8Array(msg.buffer, msg.byteOffset, msg.length).slice(), remote: addressOf(info.address, info.port, info.family) });
      this.receivable.wake();
    });
    socket.on('error', (e) => {
      this.failure = socketError(e);
      this.receivable.wake();
      this.sendable.wake();
    });
  }

  get localAddress(): SocketAddress {
    const a = this.socket.address();
    return addressOf(a.address, a.port, a.family);
  }

  connect(remote: SocketAddress): Promise<void> {
    if (this.peer !== undefined) this.disconnect();
    return new Promise((resolve, reject) => {
      this.socket.connect(remote.port, remote.address, (e?: Error) => {
        if (e) reject(socketError(e));
        else {
          this.peer = remote;
          resolve();
        }
      });
    });
  }

  disconnect(): void {
    if (this.peer === undefined) return;
    this.peer = undefined;
    this.socket.disconnect();
  }

  private check(): void {
    const f = this.failure;
    if (f !== undefined) {
      this.failure = undefined;
      throw f;
    }
  }

  receive(): Datagram | null {
    const d = this.queue.shift();
    if (d !== undefined) return d;
    this.check();
    return null;
  }

  canReceive(): boolean {
    return this.queue.length > 0 || this.failure !== undefined;
  }

  whenReceivable(): Promise<void> {
    return this.canReceive() ? Promise.resolve() : this.receivable.wait();
  }

  send(data: Uint8Array, to: SocketAddress): void {
    this.check();
    this.inFlight++;
    const sent = (e: Error | null) => {
      this.inFlight--;
      if (e && this.failure === undefined) this.failure = socketError(e);
      this.sendable.wake();
    };
    // A connected socket sends to its peer only (Node refuses an address then; the WASI layer has checked
    // that `to` is the peer).
    if (this.peer !== undefined) this.socket.send(data.slice(), sent);
    else this.socket.send(data.slice(), to.port, to.address, sent);
  }

  sendCapacity(): number {
    return Math.max(0, UDP_SEND_QUEUE - this.inFlight);
  }

  whenSendable(): Promise<void> {
    if (this.sendCapacity() > 0 || this.failure !== undefined) return Promise.resolve();
    return this.sendable.wait();
  }

  setHopLimit(ttl: number): void {
    this.socket.setTTL(ttl);
  }

  getBufferSize(which: 'receive' | 'send'): number {
    return which === 'receive' ? this.socket.getRecvBufferSize() : this.socket.getSendBufferSize();
  }

  setBufferSize(which: 'receive' | 'send', bytes: number): void {
    if (which === 'receive') this.socket.setRecvBufferSize(bytes);
    else this.socket.setSendBufferSize(bytes);
  }

  close(): void {
    this.socket.close();
    this.receivable.wake();
    this.sendable.wake();
  }
}

/** The network of the Node process. Only reachable through a NetworkAccess that grants it. */
export function nodeNetwork(): NetworkBackend {
  // Everything opened, so `close` can end what the guest left open (Node would stay alive for it).
  const open = new Set<{ destroy(): void }>();
  const track = <H extends net.Server | net.Socket | dgram.Socket>(h: H): H => {
    const entry = { destroy: () => (h instanceof net.Server ? h.close() : h instanceof net.Socket ? h.destroy() : h.close()) };
    open.add(entry);
    h.once('close', () => open.delete(entry));
    return h;
  };
  return {
    close() {
      for (const h of [...open]) {
        try {
          h.destroy();
        } catch {
          // already closed
        }
      }
      open.clear();
    },
    tcpBind(local) {
      return new Promise((resolve, reject) => {
        const server = track(net.createServer({ allowHalfOpen: true }));
        server.on('connection', (s) => track(s));
        server.once('error', (e) => reject(socketError(e)));
        server.listen({ host: local.address, port: local.port, exclusive: true, ipv6Only: local.family === 'ipv6' }, () => {
          server.removeAllListeners('error');
          resolve(new NodeBoundTcp(new NodeTcpListener(server), track));
        });
      });
    },
    tcpConnect(remote) {
      return connect({ host: remote.address, port: remote.port, family: remote.family === 'ipv6' ? 6 : 4 }, track);
    },
    udpBind(local) {
      return new Promise((resolve, reject) => {
        const socket = track(dgram.createSocket({ type: local.family === 'ipv6' ? 'udp6' : 'udp4', ipv6Only: local.family === 'ipv6' }));
        socket.once('error', (e) => reject(socketError(e)));
        socket.bind({ address: local.address, port: local.port, exclusive: true }, () => {
          socket.removeAllListeners('error');
          resolve(new NodeUdpEndpoint(socket));
        });
      });
    },
    resolve(name) {
      return new Promise((resolve, reject) => {
        dns.lookup(name, { all: true, verbatim: true }, (e, list) => {
          if (e) reject(socketError(e));
          else if (list.length === 0) reject(new SocketError('name-unresolvable', `${name}: no address`));
          else resolve(list.map((a) => a.address));
        });
      });
    },
  };
}
