// The DWARF tags, attributes and encodings this reader looks at (DWARF 5 §7, Tables 7.3–7.11).

export const DW_TAG = {
  array_type: 0x01, class_type: 0x02, enumeration_type: 0x04, formal_parameter: 0x05, lexical_block: 0x0b,
  member: 0x0d, pointer_type: 0x0f, reference_type: 0x10, compile_unit: 0x11, structure_type: 0x13,
  subroutine_type: 0x15, typedef: 0x16, union_type: 0x17, variant: 0x19, inlined_subroutine: 0x1d,
  subrange_type: 0x21, base_type: 0x24, const_type: 0x26, enumerator: 0x28, subprogram: 0x2e,
  variant_part: 0x33, variable: 0x34, volatile_type: 0x35, restrict_type: 0x37, namespace: 0x39,
  unspecified_type: 0x3b, partial_unit: 0x3c, type_unit: 0x41, rvalue_reference_type: 0x42, atomic_type: 0x47,
  skeleton_unit: 0x4a,
} as const;

export const DW_AT = {
  sibling: 0x01, location: 0x02, name: 0x03, byte_size: 0x0b, bit_size: 0x0d, stmt_list: 0x10, low_pc: 0x11,
  high_pc: 0x12, discr: 0x15, discr_value: 0x16, comp_dir: 0x1b, const_value: 0x1c, lower_bound: 0x22,
  upper_bound: 0x2f, abstract_origin: 0x31, count: 0x37, data_member_location: 0x38, declaration: 0x3c,
  encoding: 0x3e, frame_base: 0x40, specification: 0x47, type: 0x49, ranges: 0x55, call_column: 0x57,
  call_file: 0x58, call_line: 0x59, data_bit_offset: 0x6b, linkage_name: 0x6e, str_offsets_base: 0x72,
  addr_base: 0x73, rnglists_base: 0x74, loclists_base: 0x8c, MIPS_linkage_name: 0x2007,
  GNU_ranges_base: 0x2132,
} as const;

export const DW_ATE = {
  address: 0x01, boolean: 0x02, complex_float: 0x03, float: 0x04, signed: 0x05, signed_char: 0x06,
  unsigned: 0x07, unsigned_char: 0x08, UTF: 0x10,
} as const;
