// Tag section (exception handling): an attribute byte (0) and a function type index.
import type { TagType } from './module.js';
import type { Reader } from './reader.js';
import { readTagType } from './imports.js';

export function readTagSection(r: Reader, tags: TagType[]): void {
  const n = r.vecLen(2);
  for (let i = 0; i < n; i++) tags.push(readTagType(r));
}
