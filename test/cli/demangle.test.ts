// Rust legacy symbol names in `purewasm run`'s backtraces (src/cli/demangle.ts): the expected forms are
// rustc-demangle's (its tests' legacy cases, and the names of a Rust WASI component's frames).
import { describe, expect, it } from 'vitest';
import { demangle } from '../../src/cli/demangle.js';

describe('demangle', () => {
  it('joins the path segments and leaves out the hash', () => {
    expect(demangle('_ZN4testE')).toBe('test');
    expect(demangle('_ZN3foo3barE')).toBe('foo::bar');
    expect(demangle('__ZN3foo3barE')).toBe('foo::bar');
    expect(demangle('_ZN12hello_stdout4main17h0cc0efde9b687f16E')).toBe('hello_stdout::main');
    expect(demangle('_ZN3std2io5stdio6_print17hc2e3947cf7dcaf6eE')).toBe('std::io::stdio::_print');
  });

  it('turns escapes into their punctuation', () => {
    expect(demangle('_ZN4$RP$E')).toBe(')');
    expect(demangle('_ZN8$RF$testE')).toBe('&test');
    expect(demangle('_ZN8$BP$test4foobE')).toBe('*test::foob');
    expect(demangle('_ZN9$u20$test4foobE')).toBe(' test::foob');
    expect(demangle('_ZN35Bar$LT$$u5b$u32$u3b$$u20$4$u5d$$GT$E')).toBe('Bar<[u32; 4]>');
    expect(demangle('_ZN13test$u20$test4foobE')).toBe('test test::foob');
    expect(demangle('_ZN12test$BP$test4foobE')).toBe('test*test::foob');
    expect(demangle('_ZN61_$LT$std..io..stdio..StdoutLock$u20$as$u20$std..io..Write$GT$9write_all17h9896c82f80005bd4E'))
      .toBe('<std::io::stdio::StdoutLock as std::io::Write>::write_all');
    expect(demangle('_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h2bb0833235a7b634E')).toBe('std::rt::lang_start::{{closure}}');
  });

  it('returns other names as they are', () => {
    for (const name of ['memcpy', '__main_void', 'wasi:cli/run@0.2.3#run', '_ZNK3foo3barEv', '_ZN3fooE.llvm.9D1C9369', '_ZN3foo', '_ZN0E', '_ZN4fooE9', '_ZN4$XX$E', '_ZN5$u20E', '_R3foo'])
      expect(demangle(name)).toBe(name);
  });
});
