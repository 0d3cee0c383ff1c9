// The modules of test/vm/snapshot-refs.test.ts (and of its script run in a fresh process), as text.

/**
 * GC objects and an exception in globals and a table: `build` makes a struct with packed i8/i16 fields and
 * an i64, whose `next` is itself (a cycle), reached from g1, table element 0 and element 0 of an anyref
 * array (g2) that also holds an i31 and two packed arrays; an exception of $e whose payload is that array is
 * kept in an exnref global. The other exports read all of it back with wasm instructions. `hold` keeps a
 * struct, an exnref and an externref on its stack across an async host call (h.wait).
 */
export const GC_MODULE = `(module
  (import "h" "wait" (func $wait (param externref) (result i32)))
  (import "h" "see" (func $see (param externref)))
  (type $node (sub (struct (field $b (mut i8)) (field $h (mut i16)) (field $w (mut i64)) (field $next (mut (ref null $node))))))
  (type $bytes (array (mut i8)))
  (type $shorts (array (mut i16)))
  (type $bag (array (mut anyref)))
  (tag $e (param i32 anyref))
  (global $g1 (export "g1") (mut anyref) (ref.null any))
  (global $g2 (export "g2") (mut anyref) (ref.null any))
  (global $x (mut exnref) (ref.null exn))
  (table $t (export "t") 4 anyref)

  (func $node (result (ref null $node)) (local $n (ref null $node))
    (local.set $n (struct.new $node (i32.const -1) (i32.const -2) (i64.const 0x123456789) (ref.null $node)))
    (struct.set $node $next (local.get $n) (local.get $n))
    (local.get $n))
  (func $catch (param $v anyref) (result exnref) (local $r exnref)
    (block $h (result i32 anyref exnref)
      (try_table (catch_ref $e $h) (throw $e (i32.const 42) (local.get $v)))
      (unreachable))
    (local.set $r) (drop) (drop) (local.get $r))

  (func (export "build") (local $n (ref null $node)) (local $bag (ref null $bag))
    (local.set $n (call $node))
    (local.set $bag (array.new_fixed $bag 4
      (local.get $n) (ref.i31 (i32.const -5))
      (array.new_fixed $bytes 3 (i32.const 1) (i32.const 255) (i32.const 300))
      (array.new $shorts (i32.const -3) (i32.const 5))))
    (global.set $g1 (local.get $n))
    (global.set $g2 (local.get $bag))
    (table.set $t (i32.const 0) (local.get $n))
    (table.set $t (i32.const 1) (ref.i31 (i32.const 12345)))
    (global.set $x (call $catch (local.get $bag))))

  (func $n (result (ref $node)) (ref.cast (ref $node) (global.get $g1)))
  (func $bag (result (ref $bag)) (ref.cast (ref $bag) (global.get $g2)))
  (func (export "b_s") (result i32) (struct.get_s $node $b (call $n)))
  (func (export "b_u") (result i32) (struct.get_u $node $b (call $n)))
  (func (export "h_s") (result i32) (struct.get_s $node $h (call $n)))
  (func (export "h_u") (result i32) (struct.get_u $node $h (call $n)))
  (func (export "w") (result i64) (struct.get $node $w (call $n)))
  (func (export "stash") (param anyref) (array.set $bag (call $bag) (i32.const 1) (local.get 0)))
  (func (export "clearG2") (global.set $g2 (ref.null any)))
  (func (export "bump") (struct.set $node $b (ref.cast (ref $node) (table.get $t (i32.const 0))) (i32.const 0)))
  (func (export "cycle") (result i32)
    (if (result i32) (ref.is_null (global.get $g1)) (then (i32.const 0))
      (else (ref.eq (struct.get $node $next (call $n)) (call $n)))))
  (func (export "shared") (result i32)
    (i32.and (ref.eq (call $n) (ref.cast (ref null eq) (table.get $t (i32.const 0))))
             (ref.eq (call $n) (ref.cast (ref null eq) (array.get $bag (call $bag) (i32.const 0))))))
  (func (export "arrays") (result i32 i32 i32 i32 i32) (local $b (ref null $bytes)) (local $s (ref null $shorts))
    (local.set $b (ref.cast (ref $bytes) (array.get $bag (call $bag) (i32.const 2))))
    (local.set $s (ref.cast (ref $shorts) (array.get $bag (call $bag) (i32.const 3))))
    (array.len (local.get $b))
    (array.get_u $bytes (local.get $b) (i32.const 2))
    (array.get_s $shorts (local.get $s) (i32.const 4))
    (array.len (local.get $s))
    (ref.test (ref $bytes) (array.get $bag (call $bag) (i32.const 2))))
  (func (export "i31") (result i32 i32)
    (i31.get_s (ref.cast (ref i31) (array.get $bag (call $bag) (i32.const 1))))
    (i31.get_u (ref.cast (ref i31) (table.get $t (i32.const 1)))))
  (func (export "exn") (result i32 i32) (local $p anyref)
    (block $h (result i32 anyref)
      (try_table (catch $e $h) (throw_ref (global.get $x)))
      (unreachable))
    (local.set $p)
    (ref.eq (ref.cast (ref null eq) (local.get $p)) (ref.cast (ref null eq) (global.get $g2))))

  (func (export "hold") (param $x externref) (result i32)
    (local $n (ref null $node)) (local $r exnref) (local $got i32) (local $p anyref)
    (local.set $n (call $node))
    (global.set $g1 (local.get $n))
    (local.set $r (call $catch (local.get $n)))
    (local.set $got (call $wait (local.get $x)))
    (call $see (local.get $x))
    (block $h (result i32 anyref)
      (try_table (catch $e $h) (throw_ref (local.get $r)))
      (unreachable))
    (local.set $p)
    (i32.add (struct.get_s $node $b (local.get $n)))
    (i32.add (local.get $got))
    (i32.add (ref.eq (ref.cast (ref null eq) (local.get $p)) (local.get $n)))
    (i32.add (ref.eq (struct.get $node $next (local.get $n)) (local.get $n)))
    (i32.add (ref.eq (ref.cast (ref null eq) (global.get $g1)) (local.get $n)))))`;

/** GC types unrelated to GC_MODULE's: canonicalized first, they take canonical ids the module would get. */
export const UNRELATED_TYPES = `(module
  (rec (type (struct (field i32) (field f64))) (type (array (mut i64))) (type (struct (field (ref null 0)))))
  (type (array (mut f32))) (type (struct (field (mut i8)) (field i8))))`;

/** Imports of GC_MODULE that do nothing. */
export const gcImports = { h: { wait: async (): Promise<number> => 0, see: (): void => {} } };
