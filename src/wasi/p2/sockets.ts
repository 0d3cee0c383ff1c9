// wasi:sockets with the network not granted (the sandbox default; `-S inherit-network` is not implemented
// yet). Every interface links, so components that merely import sockets (the preview1 adapter, Rust's
// std) run; creating a socket or resolving a name fails with `access-denied`. No socket can therefore
// exist, and the socket methods are never reachable: they trap if a handle were ever forged.
import type { LinkerInstance } from '../../index.js';
import { ResourceType, hostResource } from '../../index.js';
import { Trap } from '../../index.js';
import type { WasiResources } from './common.js';

const TCP_METHODS = [
  'start-bind', 'finish-bind', 'start-connect', 'finish-connect', 'start-listen', 'finish-listen', 'accept',
  'local-address', 'remote-address', 'is-listening', 'address-family', 'set-listen-backlog-size',
  'keep-alive-enabled', 'set-keep-alive-enabled', 'keep-alive-idle-time', 'set-keep-alive-idle-time',
  'keep-alive-interval', 'set-keep-alive-interval', 'keep-alive-count', 'set-keep-alive-count', 'hop-limit',
  'set-hop-limit', 'receive-buffer-size', 'set-receive-buffer-size', 'send-buffer-size', 'set-send-buffer-size',
  'subscribe', 'shutdown',
];
const UDP_METHODS = [
  'start-bind', 'finish-bind', 'stream', 'local-address', 'remote-address', 'address-family', 'unicast-hop-limit',
  'set-unicast-hop-limit', 'receive-buffer-size', 'set-receive-buffer-size', 'send-buffer-size',
  'set-send-buffer-size', 'subscribe',
];

function unreachable(what: string): () => never {
  return () => {
    throw new Trap(`wasi:sockets: ${what} cannot exist: network access is not granted`);
  };
}

const DENIED = { tag: 'err', val: 'access-denied' } as const;

export function defineSockets(linker: LinkerInstance, res: WasiResources, version: string): void {
  const network = ResourceType.host('network');
  const tcpSocket = ResourceType.host('tcp-socket');
  const udpSocket = ResourceType.host('udp-socket');
  const incoming = ResourceType.host('incoming-datagram-stream');
  const outgoing = ResourceType.host('outgoing-datagram-stream');
  const resolveStream = ResourceType.host('resolve-address-stream');

  linker.instance(`wasi:sockets/network@${version}`).resource('network', network).resource('error', res.error)
    .func('network-error-code', () => undefined);
  linker.instance(`wasi:sockets/instance-network@${version}`).resource('network', network)
    .func('instance-network', () => hostResource(network, {}));

  const tcp = linker.instance(`wasi:sockets/tcp@${version}`)
    .resource('tcp-socket', tcpSocket).resource('network', network).resource('pollable', res.pollable)
    .resource('input-stream', res.inputStream).resource('output-stream', res.outputStream);
  for (const m of TCP_METHODS) tcp.func(`[method]tcp-socket.${m}`, unreachable('a TCP socket'));
  linker.instance(`wasi:sockets/tcp-create-socket@${version}`).resource('tcp-socket', tcpSocket).resource('network', network)
    .func('create-tcp-socket', () => DENIED);

  const udp = linker.instance(`wasi:sockets/udp@${version}`)
    .resource('udp-socket', udpSocket).resource('incoming-datagram-stream', incoming)
    .resource('outgoing-datagram-stream', outgoing).resource('network', network).resource('pollable', res.pollable);
  for (const m of UDP_METHODS) udp.func(`[method]udp-socket.${m}`, unreachable('a UDP socket'));
  for (const m of ['receive', 'subscribe']) udp.func(`[method]incoming-datagram-stream.${m}`, unreachable('a datagram stream'));
  for (const m of ['check-send', 'send', 'subscribe']) udp.func(`[method]outgoing-datagram-stream.${m}`, unreachable('a datagram stream'));
  linker.instance(`wasi:sockets/udp-create-socket@${version}`).resource('udp-socket', udpSocket).resource('network', network)
    .func('create-udp-socket', () => DENIED);

  linker.instance(`wasi:sockets/ip-name-lookup@${version}`)
    .resource('resolve-address-stream', resolveStream).resource('network', network).resource('pollable', res.pollable)
    .func('resolve-addresses', () => DENIED)
    .func('[method]resolve-address-stream.resolve-next-address', unreachable('a name resolution'))
    .func('[method]resolve-address-stream.subscribe', unreachable('a name resolution'));
}
