// Custom sections: a UTF-8 name and an opaque payload (kept as a view).
import type { CustomSection } from './module.js';
import type { Reader } from './reader.js';

export function readCustomSection(r: Reader): CustomSection {
  const name = r.name();
  return { name, data: r.bytes.subarray(r.pos, r.end), offset: r.pos };
}
