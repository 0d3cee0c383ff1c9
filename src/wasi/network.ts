// The network backend interface: what WASI sockets need from the environment, as small objects with an
// asynchronous interface (Promises for what takes time, synchronous reads of what already arrived). The
// WASI 0.2 resource glue (p2/sockets.ts) drives them; WASI 0.3's stream/future sockets can drive the same
// objects. The Node implementation is node/net.ts; an embedder may supply its own.
//
// Failures are `SocketError`s carrying a wasi:sockets `error-code` name: the vocabulary is the WIT's, so
// every layer above passes codes through unchanged.

/** wasi:sockets `error-code` names (0.2 network.wit; 0.3 keeps the same names). */
export type SocketErrorCode =
  | 'unknown' | 'access-denied' | 'not-supported' | 'invalid-argument' | 'out-of-memory' | 'timeout'
  | 'concurrency-conflict' | 'not-in-progress' | 'would-block' | 'invalid-state' | 'new-socket-limit'
  | 'address-not-bindable' | 'address-in-use' | 'remote-unreachable' | 'connection-refused'
  | 'connection-reset' | 'connection-aborted' | 'datagram-too-large' | 'name-unresolvable'
  | 'temporary-resolver-failure' | 'permanent-resolver-failure';

export class SocketError extends Error {
  constructor(readonly code: SocketErrorCode, message: string = code) {
    super(message);
    this.name = 'SocketError';
  }
}

/** An IP address in text form ("127.0.0.1", "::1") with a port; IPv6 extras as in ipv6-socket-address. */
export interface SocketAddress {
  family: 'ipv4' | 'ipv6';
  address: string;
  port: number;
  flowInfo?: number;
  scopeId?: number;
}

/** One end of a connected TCP stream. Reads and writes never block; `when*` Promises say when to retry. */
export interface TcpConnection {
  readonly localAddress: SocketAddress;
  readonly remoteAddress: SocketAddress;
  /** Up to `max` received bytes; 'end' once the peer finished and everything was read; null: none yet.
   *  Throws a SocketError once the connection failed. */
  read(max: number): Uint8Array | 'end' | null;
  /** Whether `read` would return something other than null now. */
  canRead(): boolean;
  /** Settles when `read` would return something other than null. */
  whenReadable(): Promise<void>;
  /** How many bytes `write` accepts now (0: wait for whenWritable). Throws once the connection failed. */
  writeCapacity(): number;
  /** Queues bytes for sending; throws a SocketError once the connection failed. */
  write(bytes: Uint8Array): void;
  /** Settles when writeCapacity() > 0 or the connection failed. */
  whenWritable(): Promise<void>;
  /** Settles when everything written was handed to the operating system (or the connection failed). */
  whenFlushed(): Promise<void>;
  /** SHUT_RD / SHUT_WR; idempotent. */
  shutdown(receive: boolean, send: boolean): void;
  setKeepAlive(enabled: boolean, idleMs: number): void;
  close(): void;
}

export interface TcpListener {
  readonly localAddress: SocketAddress;
  /** A pending connection, or null when none is waiting. Throws a SocketError when the listener failed. */
  accept(): TcpConnection | null;
  /** Whether `accept` would return something other than null now. */
  canAccept(): boolean;
  whenAcceptable(): Promise<void>;
  close(): void;
}

/** A TCP socket bound to a local address (after wasi `bind`), not yet listening or connected. */
export interface BoundTcp {
  readonly localAddress: SocketAddress;
  listen(backlog: number): Promise<TcpListener>;
  connect(remote: SocketAddress): Promise<TcpConnection>;
  close(): void;
}

export interface Datagram {
  data: Uint8Array;
  remote: SocketAddress;
}

/** A bound UDP socket. */
export interface UdpEndpoint {
  /** Where it is bound; after `connect`, the address the route to the peer chose (may change then). */
  readonly localAddress: SocketAddress;
  /** Fixes the peer (wasi:sockets 0.3 `connect`): only its datagrams arrive, `send` goes to it. Optional:
   *  without it the WASI layer filters received datagrams itself and the local address stays the bound one. */
  connect?(remote: SocketAddress): Promise<void>;
  /** Undoes `connect`. */
  disconnect?(): void;
  /** The next received datagram, or null when none is queued. */
  receive(): Datagram | null;
  /** Whether `receive` would return something other than null now. */
  canReceive(): boolean;
  whenReceivable(): Promise<void>;
  /** Sends one datagram (queued by the OS; failures surface on a later call). */
  send(data: Uint8Array, to: SocketAddress): void;
  /** Datagrams `send` accepts now (0: wait for whenSendable). */
  sendCapacity(): number;
  whenSendable(): Promise<void>;
  setHopLimit(ttl: number): void;
  /** Buffer sizes where the platform lets them be read and set; undefined where it does not. */
  getBufferSize?(which: 'receive' | 'send'): number;
  setBufferSize?(which: 'receive' | 'send', bytes: number): void;
  close(): void;
}

/** The operations that open sockets or resolve names. Each Promise rejects with a SocketError. */
export interface NetworkBackend {
  tcpBind(local: SocketAddress): Promise<BoundTcp>;
  /** Connects from an ephemeral local address (wasi's implicit bind). */
  tcpConnect(remote: SocketAddress): Promise<TcpConnection>;
  udpBind(local: SocketAddress): Promise<UdpEndpoint>;
  /** IP addresses of a host name, in connection-preference order, never empty. */
  resolve(name: string): Promise<string[]>;
  /** Closes every socket still open (the program ended: nothing may keep the host process alive). */
  close?(): void;
}

/** What a host grants: the backend, and which of its capabilities the guest may use (wasmtime's flags). */
export interface NetworkAccess {
  backend: NetworkBackend;
  /** TCP and UDP (`-S inherit-network`). */
  sockets: boolean;
  /** Name resolution (`-S allow-ip-name-lookup`). */
  nameLookup: boolean;
}
