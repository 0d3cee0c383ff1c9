// The identity of a module's (or a component's) bytes: checked when ahead-of-time JS is attached at
// instantiation (the code must come from the same bytes) and written into store snapshots (a snapshot
// restores only into instances of the same modules). Kept apart from both so that neither pulls the other.

/** FNV-1a (32-bit) of the bytes, mixed with their length. */
export function moduleHash(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h ^ bytes.length) >>> 0;
}
