import { parse, componentEmbed, componentNew, componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';
import { Component } from './src/component/component.js';
const text = `(component
  (import "r" (type $r (sub resource)))
  (import "[constructor]r" (func (param "x" u32) (result (own $r))))
  (import "[method]r.get" (func (param "self" (borrow $r)) (result u32)))
  (type $rec' (record (field "a" u32) (field "b" string)))
  (import "rec" (type $rec (eq $rec')))
  (type $e' (enum "x" "y"))
  (import "e" (type $e (eq $e')))
  (import "take" (func (param "r" $rec) (param "e" $e) (result (own $r))))
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (export "[method]pollable.ready" (func (param "self" (borrow $p)) (result bool)))
    (export "poll" (func (param "in" (list (borrow $p))) (result (list u32))))))
  (alias export $poll "pollable" (type $pt))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance
    (alias outer 1 $pt (type))
    (export "pollable" (type (eq 0)))
    (type u64)
    (export "instant" (type (eq 2)))
    (export "now" (func (result 3)))
    (export "subscribe" (func (param "when" 3) (result (own 1))))))
)`;
const c = Component.decode(await parse(text));
const wit = c.toWit();
console.log(wit);
try {
  const rebuilt = await componentNew(await componentEmbed({ witSource: wit, dummy: true, world: 'root' }), []);
  console.log(await componentWit(rebuilt));
} catch (e) { console.log('ERR', String(e).slice(0, 500)); }
