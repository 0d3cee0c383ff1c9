// WASI for purewasm: preview1 for core modules (WasiP1) and 0.2 for components (WasiP2, addWasiToLinker)
// over one host (host.ts). This entry point is portable (no Node built-in); the Node backend is
// `src/wasi/node/index.ts` (`nodeWasiHost`).
export { WasiP1 } from './preview1.js';
export type { WasiInstance } from './preview1.js';
export { WasiError, WasiExit, Errno } from './errno.js';
export { FileType } from './host.js';
export type { WasiHost, Filesystem, FileHandle, Filestat, DirEntry, OpenFlags, TimeSpec, Preopen, InputStream, OutputStream, Clocks } from './host.js';
export { portableWasiHost, portableClocks, bytesInput, callbackOutput, webCryptoRandom } from './portable.js';
export type { PortableWasiOptions } from './portable.js';
export { MemoryFilesystem } from './memfs.js';
// WASI 0.2 for components, on the same hosts.
export { WasiP2, addWasiToLinker, WASI_P2_VERSION, WASI_P2_INTERFACES } from './p2/index.js';
export type { IncomingRequest } from './p2/index.js';
