// WASI for purewasm: preview1 for core modules (WasiP1) and 0.2 for components (WasiP2, addWasiToLinker)
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
export { fetchHttpClient, HttpError } from './http-client.js';
export type { HttpClient, HttpRequest, HttpResponse } from './http-client.js';
export { ByteQueue, Waiters } from './byte-queue.js';
export type { PortableWasiOptions } from './portable.js';
export { MemoryFilesystem } from './memfs.js';
// WASI 0.2 for components, on the same hosts.
export { WasiP2, addWasiToLinker, WASI_P2_VERSION, WASI_P2_INTERFACES } from './p2/index.js';
export type { IncomingRequest, ResponseSink, SinkFlow } from './p2/index.js';
