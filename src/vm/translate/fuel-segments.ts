// Where fuel is charged (cost model: exec/fuel.ts), shared by the two places that charge it: the translator
// (its FUEL instructions) and the JS tier's metered generator (jstier/metered-codegen.ts), so both tiers
// count alike by construction. Data only, no imports: the generator's bundle (`purewasm/jit`) carries it
// without anything of the core.

/** Structural instructions, which cost nothing. */
export const FREE_OPS: ReadonlySet<number> = new Set([0x01, 0x02, 0x03, 0x05, 0x06, 0x07, 0x0b, 0x18, 0x19, 0x1f]);
/** Instructions after which a new straight-line segment starts: each leaves a branch target or a
 *  fall-through behind it (loop header, if/else arm, block end, br_if and the branching ref/cast tests). */
export const SEGMENT_STARTS: ReadonlySet<number> = new Set([0x03, 0x04, 0x05, 0x07, 0x0b, 0x0d, 0x18, 0x19, 0xd5, 0xd6, 0xfb18, 0xfb19]);
