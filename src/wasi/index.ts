// WASI for purewasm: preview1 for core modules (WasiP1), 0.2 and 0.3 for components (WasiP2, addWasiToLinker; WasiP3)
// over one host (host.ts). This entry point is portable (no Node built-in); the Node backend is
// `src/wasi/node/index.ts` (`nodeWasiHost`).
export { WasiP1 } from './preview1.js';
export type { WasiInstance, WasiP1State } from './preview1.js';
export { WasiError, WasiExit, Errno } from './errno.js';
export { FileType } from './host.js';
export type { WasiHost, Filesystem, FileHandle, Filestat, DirEntry, OpenFlags, TimeSpec, Preopen, InputStream, OutputStream, Clocks } from './host.js';
export { portableWasiHost, portableClocks, bytesInput, pushInput, callbackOutput, webCryptoRandom } from './portable.js';
// The network and outgoing HTTP: backend interfaces (the Node network is in src/wasi/node/net.ts) and the
// fetch-based HTTP client, which is both the Node and the portable one.
export { SocketError } from './network.js';
export type { NetworkBackend, NetworkAccess, SocketAddress, SocketErrorCode, TcpConnection, TcpListener, BoundTcp, UdpEndpoint, Datagram } from './network.js';
export { fetchHttpClient, httpErrorOf, HttpError } from './http-client.js';
export type { HttpClient, HttpRequest, HttpResponse } from './http-client.js';
export { ByteQueue, Waiters } from './byte-queue.js';
export type { PortableWasiOptions } from './portable.js';
export { MemoryFilesystem } from './memfs.js';
// WASI 0.2 for components, on the same hosts.
export { WasiP2, addWasiToLinker, WASI_P2_VERSION, WASI_P2_INTERFACES } from './p2/index.js';
export type { IncomingRequest, ResponseSink, SinkFlow } from './p2/index.js';
// WASI 0.3 for components (async: streams, futures, async functions), on the same hosts.
// sourceStream / drainStream: the two ways 0.3 moves bytes, for embedders adding 0.3 interfaces of their own.
export { WasiP3, WASI_P3_VERSION, WASI_P3_RUN, WASI_P3_INTERFACES, WasiP3Resources, sourceStream, drainStream } from './p3/index.js';
export type { WasiP3Context, Chunk, Pull } from './p3/index.js';
// The host side of a 0.3 wasi:http/handler (what `purewasm serve` calls: WasiP3.handleRequest).
export { HttpP3Resources, WASI_HTTP_P3_HANDLER } from './p3/index.js';
export type { ServedRequest, ServedResponse } from './p3/index.js';
