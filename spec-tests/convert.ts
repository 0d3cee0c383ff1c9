// Text → binary for module/component forms, through wasm-tools (test-only dependency), with a disk cache.
//
// The cache holds one pack per .wast file under `.cache/spec/`, mapping the SHA-1 of each form's text (salted
// with the converter version) to its binary or to the converter's error message. Packing per file keeps a
// warm run to one small read per .wast instead of thousands of tiny files; keying by form text means an edit
// to one form re-converts only that form.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Part of every cache key: a new converter version or error format invalidates old entries.
const CONVERTER = '@bytecodealliance/jco-transpile@0.14.0 #2';

export type Converted = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: string };

type ParseFn = (text: string) => Promise<Uint8Array>;
let parsePromise: Promise<ParseFn> | undefined;

function loadParser(): Promise<ParseFn> {
  // Loaded lazily: a fully warm run never instantiates the converter.
  parsePromise ??= import('@bytecodealliance/jco-transpile/wasm-tools').then((m) => m.parse as ParseFn);
  return parsePromise;
}

/** The first line of wasm-tools' message, which is what a reader of a skip reason needs. */
function errorText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  const custom = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(s);
  if (custom) return custom[1]!;
  // Otherwise the innermost `kind: X(...)`, e.g. "Lex(ConfusingUnicode('\u{202a}'))".
  const kinds = [...s.matchAll(/kind: ([A-Z]\w*(?:\((?:[^()]|\([^()]*\))*\))?)/g)];
  const last = kinds[kinds.length - 1];
  return (last ? last[1]! : s).slice(0, 200);
}

export class ConversionCache {
  private readonly entries = new Map<string, Converted>();
  private dirty = false;
  /** Keys looked up in this run: only these are written back, so stale entries do not pile up. */
  private readonly used = new Set<string>();
  private readonly packPath: string;

  constructor(cacheDir: string, fileKey: string) {
    this.packPath = join(cacheDir, fileKey.replace(/[^A-Za-z0-9._-]/g, '_') + '.pack');
    mkdirSync(cacheDir, { recursive: true });
    this.load();
  }

  static keyOf(text: string): string {
    return createHash('sha1').update(CONVERTER).update('\0format-chars-escaped\0').update(text).digest('hex');
  }

  async convert(text: string): Promise<Converted> {
    const key = ConversionCache.keyOf(text);
    this.used.add(key);
    const hit = this.entries.get(key);
    if (hit) return hit;
    const parse = await loadParser();
    let result: Converted;
    try {
      result = { ok: true, bytes: await parse(escapeBidi(text)) };
    } catch (e) {
      result = { ok: false, error: errorText(e) };
    }
    this.entries.set(key, result);
    this.dirty = true;
    return result;
  }

  /** Writes the pack (the entries used in this run) if anything changed (atomically, so parallel runs never see half a file). */
  save(): void {
    if (!this.dirty && this.used.size === this.entries.size) return;
    const chunks: Buffer[] = [];
    for (const key of this.used) {
      const v = this.entries.get(key)!;
      const payload = v.ok ? Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength) : Buffer.from(v.error, 'utf8');
      const head = Buffer.alloc(25);
      head.write(key, 0, 20, 'hex');
      head.writeUInt8(v.ok ? 1 : 0, 20);
      head.writeUInt32LE(payload.length, 21);
      chunks.push(head, payload);
    }
    const tmp = `${this.packPath}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat(chunks));
    renameSync(tmp, this.packPath);
    this.dirty = false;
  }

  private load(): void {
    let buf: Buffer;
    try {
      buf = readFileSync(this.packPath);
    } catch {
      return;
    }
    let o = 0;
    while (o + 25 <= buf.length) {
      const key = buf.toString('hex', o, o + 20);
      const ok = buf.readUInt8(o + 20) === 1;
      const len = buf.readUInt32LE(o + 21);
      const payload = buf.subarray(o + 25, o + 25 + len);
      o += 25 + len;
      this.entries.set(key, ok ? { ok: true, bytes: new Uint8Array(payload) } : { ok: false, error: payload.toString('utf8') });
    }
  }
}

// wasm-tools refuses raw bidirectional-control and other invisible format characters anywhere in the text (a defence against
// "Trojan Source"), but names.wast uses them inside string literals. As `\u{...}` escapes they mean the same
// bytes there, and in a comment an escape is as harmless as the character.
const BIDI = /\p{Cf}/gu; // every invisible format character: bidi controls, shaping controls, …
function escapeBidi(text: string): string {
  return text.replace(BIDI, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
