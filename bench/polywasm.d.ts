// polywasm ships no type declarations; the harness uses only its WebAssembly namespace.
declare module 'polywasm' {
  export const WebAssembly: unknown;
}
