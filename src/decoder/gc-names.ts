// The names of the 0xFB (GC) instructions. Not in the core: the GC pack (`purewasm/gc`) and the text
// printer carry them.
import { defineOpcodes } from './opcode-lists.js';

/** Names by instruction number (0xfb00..). */
export const gcNames: string[] = [];

defineOpcodes(
  gcNames,
  null,
  0xfb00,
  `struct.new struct.new_default struct.get struct.get_s struct.get_u struct.set ` +
    `array.new array.new_default array.new_fixed ` +
    `array.new_data array.new_elem array.get array.get_s array.get_u array.set ` +
    `array.len array.fill array.copy array.init_data array.init_elem ` +
    `ref.test ref.test ref.cast ref.cast br_on_cast br_on_cast_fail ` +
    `any.convert_extern extern.convert_any ref.i31 i31.get_s i31.get_u`,
);

