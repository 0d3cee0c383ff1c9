// Hand-assembled binaries for decoder/validator tests.
export const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function str(s: string): number[] {
  const bytes = Array.from(Buffer.from(s, 'utf8'));
  return [...uleb(bytes.length), ...bytes];
}

/** A section: id, size, payload. */
export function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

export function module(...sections: number[][]): Uint8Array {
  return new Uint8Array([...HEADER, ...sections.flat()]);
}

/** Type section with one func type [] -> [] . */
export const TYPE_VOID = section(1, [1, 0x60, 0, 0]);
/** Function section: one function of type 0. */
export const FUNC_ONE = section(3, [1, 0]);
/** Code section with one body (locals, then instructions incl. final end). */
export function code(...bodies: number[][]): number[] {
  const payload = [...uleb(bodies.length)];
  for (const b of bodies) payload.push(...uleb(b.length), ...b);
  return section(10, payload);
}
