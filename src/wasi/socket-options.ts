// The socket options WASI 0.2 and 0.3 share (keep-alive, hop limit, buffer sizes): their defaults, their
// argument checks and their rounding, defined once for both versions' tcp-socket and udp-socket. The two
// versions differ only in names (0.2 `keep-alive-count`, 0.3 `get-keep-alive-count`) and in how an error
// is spelled (0.2 an enum case, 0.3 a variant case), which the callers pass in.
import type { LinkerInstance, ResourceHandle } from '../index.js';
import type { TcpConnection, UdpEndpoint } from './network.js';

export interface TcpOptions {
  backlog: bigint;
  keepAlive: boolean;
  keepAliveIdle: bigint;
  keepAliveInterval: bigint;
  keepAliveCount: number;
  hopLimit: number;
  receiveBuffer: bigint;
  sendBuffer: bigint;
}

// Linux's defaults, reported until the guest sets a value (Node exposes neither for TCP).
export const TCP_DEFAULTS: TcpOptions = {
  backlog: 128n, keepAlive: false, keepAliveIdle: 7200_000_000_000n, keepAliveInterval: 75_000_000_000n,
  keepAliveCount: 9, hopLimit: 64, receiveBuffer: 131072n, sendBuffer: 16384n,
};

const SECOND = 1_000_000_000n;

/** What the option accessors need of a socket: its options, and the connection they apply to, if any. */
export interface TcpOptionTarget {
  options: TcpOptions;
  conn: TcpConnection | undefined;
}

/** How a version spells the results: `ok(value)`, and the invalid-argument error. */
export interface OptionResults {
  ok(value?: unknown): unknown;
  invalidArgument: unknown;
}

function positive(r: OptionResults, value: bigint | number, set: () => void): unknown {
  if (BigInt(value) <= 0n) return r.invalidArgument;
  set();
  return r.ok();
}

/** Whole seconds, at least one: what the kernel stores for TCP_KEEPIDLE / TCP_KEEPINTVL. */
function wholeSeconds(ns: bigint): bigint {
  return ns < SECOND ? SECOND : (ns / SECOND) * SECOND;
}

/**
 * Defines tcp-socket's keep-alive, hop-limit and buffer-size accessors in `iface`. `get` is the getters'
 * prefix ('' in 0.2, 'get-' in 0.3). Keep-alive interval and count, hop limit and buffer sizes are kept
 * and reported but not applied: Node cannot set them (TCP_KEEPINTVL/CNT, IP_TTL, SO_*BUF on TCP).
 */
export function defineTcpOptions(iface: LinkerInstance, get: '' | 'get-', target: (h: ResourceHandle) => TcpOptionTarget, r: OptionResults): void {
  const o = (h: ResourceHandle) => target(h).options;
  const applyKeepAlive = (t: TcpOptionTarget) => t.conn?.setKeepAlive(t.options.keepAlive, Number(t.options.keepAliveIdle / 1_000_000n));
  const m = (name: string) => `[method]tcp-socket.${name}`;
  iface
    .func(m(`${get}keep-alive-enabled`), (self: ResourceHandle) => r.ok(o(self).keepAlive))
    .func(m('set-keep-alive-enabled'), (self: ResourceHandle, value: boolean) => {
      const t = target(self);
      t.options.keepAlive = value;
      applyKeepAlive(t);
      return r.ok();
    })
    .func(m(`${get}keep-alive-idle-time`), (self: ResourceHandle) => r.ok(o(self).keepAliveIdle))
    .func(m('set-keep-alive-idle-time'), (self: ResourceHandle, value: bigint) => {
      const t = target(self);
      return positive(r, value, () => {
        t.options.keepAliveIdle = wholeSeconds(value);
        if (t.options.keepAlive) applyKeepAlive(t);
      });
    })
    .func(m(`${get}keep-alive-interval`), (self: ResourceHandle) => r.ok(o(self).keepAliveInterval))
    .func(m('set-keep-alive-interval'), (self: ResourceHandle, value: bigint) =>
      positive(r, value, () => void (o(self).keepAliveInterval = value < SECOND ? SECOND : value)))
    .func(m(`${get}keep-alive-count`), (self: ResourceHandle) => r.ok(o(self).keepAliveCount))
    .func(m('set-keep-alive-count'), (self: ResourceHandle, value: number) =>
      positive(r, value, () => void (o(self).keepAliveCount = value)))
    .func(m(`${get}hop-limit`), (self: ResourceHandle) => r.ok(o(self).hopLimit))
    .func(m('set-hop-limit'), (self: ResourceHandle, value: number) => positive(r, value, () => void (o(self).hopLimit = value)))
    .func(m(`${get}receive-buffer-size`), (self: ResourceHandle) => r.ok(o(self).receiveBuffer))
    .func(m('set-receive-buffer-size'), (self: ResourceHandle, value: bigint) =>
      positive(r, value, () => void (o(self).receiveBuffer = value)))
    .func(m(`${get}send-buffer-size`), (self: ResourceHandle) => r.ok(o(self).sendBuffer))
    .func(m('set-send-buffer-size'), (self: ResourceHandle, value: bigint) =>
      positive(r, value, () => void (o(self).sendBuffer = value)));
}

/** What the udp-socket option accessors need: the values set so far, and the endpoint once bound. */
export interface UdpOptionTarget {
  hopLimit: number;
  buffers: { receive: bigint; send: bigint };
  endpoint: UdpEndpoint | undefined;
}

/** Defines udp-socket's unicast-hop-limit and buffer-size accessors (`get` as for defineTcpOptions). */
export function defineUdpOptions(iface: LinkerInstance, get: '' | 'get-', target: (h: ResourceHandle) => UdpOptionTarget, r: OptionResults): void {
  const m = (name: string) => `[method]udp-socket.${name}`;
  const buffer = (u: UdpOptionTarget, which: 'receive' | 'send'): bigint =>
    u.endpoint?.getBufferSize !== undefined ? BigInt(u.endpoint.getBufferSize(which)) : u.buffers[which];
  const setBuffer = (u: UdpOptionTarget, which: 'receive' | 'send', value: bigint) =>
    positive(r, value, () => {
      u.buffers[which] = value;
      u.endpoint?.setBufferSize?.(which, Number(value > 0x7fffffffn ? 0x7fffffffn : value));
    });
  iface
    .func(m(`${get}unicast-hop-limit`), (self: ResourceHandle) => r.ok(target(self).hopLimit))
    .func(m('set-unicast-hop-limit'), (self: ResourceHandle, value: number) => {
      const u = target(self);
      return positive(r, value, () => {
        u.hopLimit = value;
        u.endpoint?.setHopLimit(value);
      });
    })
    .func(m(`${get}receive-buffer-size`), (self: ResourceHandle) => r.ok(buffer(target(self), 'receive')))
    .func(m('set-receive-buffer-size'), (self: ResourceHandle, v: bigint) => setBuffer(target(self), 'receive', v))
    .func(m(`${get}send-buffer-size`), (self: ResourceHandle) => r.ok(buffer(target(self), 'send')))
    .func(m('set-send-buffer-size'), (self: ResourceHandle, v: bigint) => setBuffer(target(self), 'send', v));
}

/** Default UDP buffer sizes (Linux's), reported until the socket is bound and the OS can be asked. */
export const UDP_BUFFER_DEFAULTS = { receive: 212992n, send: 212992n };

/** A syntactically valid DNS name (labels of letters, digits, '-', '_'; at most 253 characters). */
export function validHostName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.replace(/\.$/, '').split('.').every((l) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l));
}
