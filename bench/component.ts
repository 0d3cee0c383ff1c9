// Component-call benchmark (issue #8): nanoseconds per call of a component export, purewasm against jco
// (jco-transpiled JS on Node's own WebAssembly), both in this process.
// `npm run --silent bench -- --component --json` prints
//   {"component": {"add": {"purewasm_ns": …, "jco_ns": …}, "string_16b": …, "string_1k": …, "string_1m": …}}
// Cases: `docs:adder/add@0.1.0#add(1, 2)` of the adder component, and `roundtrip(s)` of the strings
// component (a UTF-16 guest) with non-ASCII strings of 16 B, 1 KiB and 1 MiB (the same size in UTF-8 and
// UTF-16; see component/fixtures.ts). Each engine's result is checked against the expected value; an
// engine that fails to load, throws or returns something else gets an `error` for that case.
// Direct run: `npx tsx bench/component.ts`.
import { benchString, type AdderApi, type StringsApi } from './component/fixtures.js';
import { jcoAdder, jcoStrings } from './component/jco.js';
import { purewasmAdder, purewasmStrings } from './component/purewasm.js';
import { timePerCall, type TimingOptions } from './component/timing.js';

export interface ComponentCaseResult {
  purewasm_ns?: number;
  jco_ns?: number;
  error?: string;
}

type Engine = 'purewasm' | 'jco';
const ENGINES: readonly Engine[] = ['purewasm', 'jco'];

type Loaded<T> = { ok: true; api: T } | { ok: false; error: string };

function message(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}

async function settle<T>(p: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, api: await p() };
  } catch (e) {
    return { ok: false, error: message(e) };
  }
}

/** A short description of a value for mismatch messages (1 MiB strings are not printed). */
function describe(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} code units` : JSON.stringify(v);
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v);
}

interface Case {
  readonly name: string;
  readonly call: Record<Engine, (() => unknown) | string>; // the call, or why it cannot run
  readonly expected: unknown;
  readonly timing?: TimingOptions;
}

function round(ns: number): number {
  return ns >= 100 ? Math.round(ns) : Math.round(ns * 10) / 10;
}

function runCase(c: Case): ComponentCaseResult {
  const out: ComponentCaseResult = {};
  const errors: string[] = [];
  const results = new Map<Engine, unknown>();
  for (const engine of ENGINES) {
    const call = c.call[engine];
    if (typeof call === 'string') {
      errors.push(`${engine}: ${call}`);
      continue;
    }
    try {
      const r = call();
      results.set(engine, r);
      if (r !== c.expected) errors.push(`${engine}: returned ${describe(r)}, expected ${describe(c.expected)}`);
      const ns = round(timePerCall(call, c.timing));
      if (engine === 'purewasm') out.purewasm_ns = ns;
      else out.jco_ns = ns;
    } catch (e) {
      errors.push(`${engine}: ${message(e)}`);
    }
  }
  if (results.size === 2 && results.get('purewasm') !== results.get('jco')) {
    errors.push(`mismatch: purewasm returned ${describe(results.get('purewasm'))}, jco ${describe(results.get('jco'))}`);
  }
  if (errors.length > 0) out.error = errors.join('; ');
  return out;
}

export async function runComponentBench(): Promise<{ component: Record<string, ComponentCaseResult> }> {
  const adder: Record<Engine, Loaded<AdderApi>> = {
    purewasm: await settle(purewasmAdder),
    jco: await settle(jcoAdder),
  };
  const strings: Record<Engine, Loaded<StringsApi>> = {
    purewasm: await settle(purewasmStrings),
    jco: await settle(jcoStrings),
  };
  // The fixture's own check (not timed): test-imports calls both host imports.
  for (const engine of ENGINES) {
    const s = strings[engine];
    if (!s.ok) continue;
    try {
      s.api.testImports();
    } catch (e) {
      strings[engine] = { ok: false, error: `test-imports failed: ${message(e)}` };
    }
  }

  const addCall = (l: Loaded<AdderApi>): (() => unknown) | string => {
    if (!l.ok) return l.error;
    const api = l.api;
    return () => api.add(1, 2);
  };
  const roundtripCall = (l: Loaded<StringsApi>, s: string): (() => unknown) | string => {
    if (!l.ok) return l.error;
    const api = l.api;
    return () => api.roundtrip(s);
  };

  const cases: Case[] = [{ name: 'add', call: { purewasm: addCall(adder.purewasm), jco: addCall(adder.jco) }, expected: 3 }];
  for (const [name, bytes, timing] of [
    ['string_16b', 16, undefined],
    ['string_1k', 1024, undefined],
    ['string_1m', 1 << 20, { totalMs: 500, maxPerBatch: 50 }],
  ] as const) {
    const s = benchString(bytes);
    cases.push({
      name,
      call: { purewasm: roundtripCall(strings.purewasm, s), jco: roundtripCall(strings.jco, s) },
      expected: s,
      timing,
    });
  }

  const component: Record<string, ComponentCaseResult> = {};
  for (const c of cases) component[c.name] = runCase(c);
  return { component };
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  runComponentBench().then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
