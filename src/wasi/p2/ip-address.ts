// wasi:sockets addresses (`ip-address`, `ip-socket-address` as component values: variants of tuples and
// records) to and from the backend's textual SocketAddress, and the address checks the WIT asks for.
import type { SocketAddress } from '../network.js';

export type Family = 'ipv4' | 'ipv6';

export interface Ipv4SocketAddress {
  port: number;
  address: number[];
}
export interface Ipv6SocketAddress {
  port: number;
  flowInfo: number;
  address: number[];
  scopeId: number;
}
export type WitSocketAddress = { tag: 'ipv4'; val: Ipv4SocketAddress } | { tag: 'ipv6'; val: Ipv6SocketAddress };
export type WitIpAddress = { tag: 'ipv4'; val: number[] } | { tag: 'ipv6'; val: number[] };

/** "1.2.3.4" → [1,2,3,4]; "::ffff:1.2.3.4" and "fe80::1" → eight 16-bit segments. */
export function parseIp(text: string): WitIpAddress | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    return parts.every((p) => p <= 255) ? { tag: 'ipv4', val: parts } : undefined;
  }
  if (!text.includes(':')) return undefined;
  // An embedded IPv4 tail ("::ffff:1.2.3.4") becomes its two 16-bit groups.
  let s = text;
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const v4 = parseIp(dotted[2]);
    if (v4 === undefined) return undefined;
    s = `${dotted[1]}${((v4.val[0] << 8) | v4.val[1]).toString(16)}:${((v4.val[2] << 8) | v4.val[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const seg = (h: string) => (h === '' ? [] : h.split(':'));
  const head = seg(halves[0]);
  const back = halves.length === 2 ? seg(halves[1]) : [];
  if (![...head, ...back].every((h) => /^[0-9a-fA-F]{1,4}$/.test(h))) return undefined;
  const known = head.length + back.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const zeros = new Array<number>(8 - known).fill(0);
  const val = [...head.map((h) => parseInt(h, 16)), ...(halves.length === 2 ? zeros : []), ...back.map((h) => parseInt(h, 16))];
  return { tag: 'ipv6', val };
}

export function formatIp(a: WitIpAddress): string {
  return a.tag === 'ipv4' ? a.val.join('.') : a.val.map((x) => x.toString(16)).join(':');
}

export function toSocketAddress(a: WitSocketAddress): SocketAddress {
  if (a.tag === 'ipv4') return { family: 'ipv4', address: formatIp({ tag: 'ipv4', val: a.val.address }), port: a.val.port };
  const address = formatIp({ tag: 'ipv6', val: a.val.address });
  return { family: 'ipv6', address, port: a.val.port, flowInfo: a.val.flowInfo, scopeId: a.val.scopeId };
}

export function fromSocketAddress(a: SocketAddress): WitSocketAddress {
  const ip = parseIp(a.address);
  if (ip === undefined) throw new Error(`wasi:sockets: the backend reported an address that is not an IP address: ${JSON.stringify(a.address)}`);
  if (ip.tag === 'ipv4') return { tag: 'ipv4', val: { port: a.port, address: ip.val } };
  return { tag: 'ipv6', val: { port: a.port, flowInfo: a.flowInfo ?? 0, address: ip.val, scopeId: a.scopeId ?? 0 } };
}

export function isUnspecified(a: WitSocketAddress): boolean {
  return a.val.address.every((x) => x === 0);
}

export function isIpv4Mapped(a: WitSocketAddress): boolean {
  const s = a.val.address;
  return a.tag === 'ipv6' && s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0 && s[4] === 0 && s[5] === 0xffff;
}

/** Multicast or (IPv4) broadcast: not a unicast address. */
export function isNonUnicast(a: WitSocketAddress): boolean {
  const s = a.val.address;
  if (a.tag === 'ipv4') return (s[0] >= 224 && s[0] <= 239) || s.every((x) => x === 255);
  return s[0] >> 8 === 0xff;
}
