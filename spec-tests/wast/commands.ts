// Turns the top-level S-expressions of a .wast file into typed commands.
import { type List, type SExpr, headOf, isAtom, isList } from './sexpr.js';

export type Layer = 'module' | 'component';

/** A `(module ...)` / `(component ...)` form in any of its shapes. */
export interface ModuleForm {
  readonly layer: Layer;
  readonly id: string | undefined;
  /** `(module definition ...)`: compile only; instantiate later with `module instance`. */
  readonly definition: boolean;
  readonly shape: 'text' | 'binary' | 'quote';
  /** text: the source slice for the converter (without `definition`); quote: the joined strings. */
  readonly text: string;
  /** binary: the concatenated bytes. */
  readonly bytes: Uint8Array | undefined;
  readonly start: number;
}

export interface Action {
  readonly kind: 'invoke' | 'get';
  readonly module: string | undefined;
  readonly name: string;
  /** Argument constant forms, interpreted later (core or component values). */
  readonly args: SExpr[];
}

export type Command =
  | { readonly type: 'module'; readonly form: ModuleForm; readonly start: number }
  | { readonly type: 'module instance'; readonly layer: Layer; readonly id: string | undefined; readonly def: string | undefined; readonly start: number }
  | { readonly type: 'register'; readonly as: string; readonly module: string | undefined; readonly start: number }
  | { readonly type: 'invoke' | 'get'; readonly action: Action; readonly start: number }
  | { readonly type: 'assert_return'; readonly action: Action; readonly expected: SExpr[]; readonly start: number }
  | { readonly type: 'assert_trap'; readonly action: Action | undefined; readonly form: ModuleForm | undefined; readonly message: string; readonly start: number }
  | { readonly type: 'assert_exhaustion'; readonly action: Action; readonly message: string; readonly start: number }
  | { readonly type: 'assert_exception'; readonly action: Action; readonly start: number }
  | {
      readonly type: 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable' | 'assert_malformed_custom' | 'assert_invalid_custom';
      readonly form: ModuleForm;
      readonly message: string;
      readonly start: number;
    }
  | { readonly type: 'unknown'; readonly head: string; readonly start: number };

// ignoreBOM: a name may be exactly U+FEFF (names.wast); by default the decoder would strip it.
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function stringOf(e: SExpr | undefined): string | undefined {
  return e !== undefined && e.kind === 'string' ? utf8.decode(e.bytes) : undefined;
}

function idOf(e: SExpr | undefined): string | undefined {
  return isAtom(e) && e.text.startsWith('$') ? e.text : undefined;
}

/** Reads a module/component form; `list` starts with `module` or `component`. */
export function readModuleForm(list: List, src: string): ModuleForm {
  const layer = headOf(list) as Layer;
  let i = 1;
  let definition = false;
  let defAtom: SExpr | undefined;
  if (isAtom(list.items[i], 'definition')) {
    definition = true;
    defAtom = list.items[i];
    i++;
  }
  const id = idOf(list.items[i]);
  if (id !== undefined) i++;
  const kw = list.items[i];
  if (isAtom(kw, 'binary') || isAtom(kw, 'quote')) {
    const parts: Uint8Array[] = [];
    for (const e of list.items.slice(i + 1)) if (e.kind === 'string') parts.push(e.bytes);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const bytes = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      bytes.set(p, o);
      o += p.length;
    }
    if (kw.text === 'binary') {
      return { layer, id, definition, shape: 'binary', text: '', bytes, start: list.start };
    }
    let text = utf8.decode(bytes);
    if (!new RegExp(`^\\s*\\(${layer}\\b`).test(text)) text = `(${layer} ${text})`;
    return { layer, id, definition, shape: 'quote', text, bytes: undefined, start: list.start };
  }
  const text = defAtom
    ? src.slice(list.start, defAtom.start) + src.slice(defAtom.end, list.end)
    : src.slice(list.start, list.end);
  return { layer, id, definition, shape: 'text', text, bytes: undefined, start: list.start };
}

function readAction(e: SExpr | undefined): Action | undefined {
  if (!isList(e)) return undefined;
  const head = headOf(e);
  if (head !== 'invoke' && head !== 'get') return undefined;
  let i = 1;
  const module = idOf(e.items[i]);
  if (module !== undefined) i++;
  const name = stringOf(e.items[i]) ?? '';
  return { kind: head, module, name, args: e.items.slice(i + 1) };
}

const MODULE_FIELDS = new Set([
  'func', 'memory', 'table', 'global', 'import', 'export', 'type', 'data', 'elem', 'start', 'tag', 'rec',
]);

/** Parses all commands; bare module fields at top level form one implicit module (inline-module.wast). */
export function readCommands(forms: SExpr[], src: string): Command[] {
  const out: Command[] = [];
  const inlineFields: List[] = [];
  for (const f of forms) {
    if (!isList(f)) continue;
    const head = headOf(f) ?? '';
    if (MODULE_FIELDS.has(head)) {
      inlineFields.push(f);
      continue;
    }
    out.push(readCommand(f, head, src));
  }
  if (inlineFields.length > 0) {
    const text = `(module ${inlineFields.map((f) => src.slice(f.start, f.end)).join(' ')})`;
    const start = inlineFields[0]!.start;
    out.unshift({
      type: 'module',
      start,
      form: { layer: 'module', id: undefined, definition: false, shape: 'text', text, bytes: undefined, start },
    });
  }
  return out;
}

function readCommand(f: List, head: string, src: string): Command {
  const start = f.start;
  const it = f.items;
  switch (head) {
    case 'module':
    case 'component': {
      if (isAtom(it[1], 'instance')) {
        const id = idOf(it[2]);
        const def = idOf(it[id !== undefined ? 3 : 2]);
        return { type: 'module instance', layer: head, id, def, start };
      }
      return { type: 'module', form: readModuleForm(f, src), start };
    }
    case 'register':
      return { type: 'register', as: stringOf(it[1]) ?? '', module: idOf(it[2]), start };
    case 'invoke':
    case 'get': {
      const action = readAction(f);
      if (action) return { type: head, action, start };
      break;
    }
    case 'assert_return': {
      const action = readAction(it[1]);
      if (action) return { type: head, action, expected: it.slice(2), start };
      break;
    }
    case 'assert_trap': {
      const action = readAction(it[1]);
      const message = stringOf(it[2]) ?? '';
      if (action) return { type: head, action, form: undefined, message, start };
      if (isList(it[1], 'module') || isList(it[1], 'component'))
        return { type: head, action: undefined, form: readModuleForm(it[1], src), message, start };
      break;
    }
    case 'assert_exhaustion': {
      const action = readAction(it[1]);
      if (action) return { type: head, action, message: stringOf(it[2]) ?? '', start };
      break;
    }
    case 'assert_exception': {
      const action = readAction(it[1]);
      if (action) return { type: head, action, start };
      break;
    }
    case 'assert_invalid':
    case 'assert_malformed':
    case 'assert_unlinkable':
    case 'assert_malformed_custom':
    case 'assert_invalid_custom': {
      const m = it[1];
      if (isList(m, 'module') || isList(m, 'component'))
        return { type: head, form: readModuleForm(m, src), message: stringOf(it[2]) ?? '', start };
      break;
    }
  }
  return { type: 'unknown', head, start };
}
