// Which way of running wasm without `new Function` is fastest where JS itself is interpreted? A model
// experiment behind issue #17's "interpreter ≤ 370x without a JIT" goal: the same six-instruction loop
//   do { t = i * 3; u = s + t; v = s >>> 1; s = u ^ v; i = i + 1 } while (i < n)
// run by each candidate execution model over an Int32Array frame, as our interpreter would run it:
//   switch     today's loop: a switch over an Int32Array of code, one operand per code word
//   packed     the same with packed operands (three 10-bit frame offsets in one word; session 8)
//   threaded   one closure per instruction, operands captured, returning the next instruction's index
//   blocks     one closure per instruction, run in order by a loop per basic block; a closure picks the next block
//   tree       closures per expression node returning values (an AST interpreter)
//   js         the loop as plain JS: what the JS tier generates (the ceiling)
// A plain script for every engine we promise (no modules, no classes):
//   node --jitless bench/exec-models.js;  node bench/exec-models.js 5000000
//   node_modules/hermes-engine-cli/linux64-bin/hermes bench/exec-models.js
//   node --import tsx test/engines/quickjs-host.ts bellard bench/exec-models.js   (or ng)
// It prints the best of three rounds per model in milliseconds (Date.now: engines without performance.now).
(function () {
  // iterations: 200,000 by default (enough without a JIT); with one give more, e.g. `node bench/exec-models.js 5000000`
  var N = typeof process === 'object' && process.argv && +process.argv[2] > 0 ? +process.argv[2] : 200000;
  var out = typeof print === 'function' ? print : console.log;

  function frame(n) {
    var L = new Int32Array(16);
    L[2] = n; L[3] = 3; L[4] = 1; // i = L0, s = L1, n = L2, constants 3 and 1; temporaries t u v = L5 L6 L7
    return L;
  }

  function runSwitch(n) {
    var L = frame(n);
    // 0 mul d a b, 1 add d a b, 2 shr_u1 d a, 3 xor d a b, 5 br_lt a b target, 6 return s
    var c = new Int32Array([0, 5, 0, 3, 1, 6, 1, 5, 2, 7, 1, 3, 1, 6, 7, 1, 0, 0, 4, 5, 0, 2, 0, 6]);
    var pc = 0;
    for (;;) {
      switch (c[pc]) {
        case 0: L[c[pc + 1]] = Math.imul(L[c[pc + 2]], L[c[pc + 3]]); pc += 4; continue;
        case 1: L[c[pc + 1]] = (L[c[pc + 2]] + L[c[pc + 3]]) | 0; pc += 4; continue;
        case 2: L[c[pc + 1]] = L[c[pc + 2]] >>> 1; pc += 3; continue;
        case 3: L[c[pc + 1]] = L[c[pc + 2]] ^ L[c[pc + 3]]; pc += 4; continue;
        case 5: if (L[c[pc + 1]] < L[c[pc + 2]]) { pc = c[pc + 3]; continue; } pc += 4; continue;
        case 6: return L[1];
      }
    }
  }

  function runPacked(n) {
    var L = frame(n);
    function p(d, a, b) { return d | a << 10 | b << 20; }
    var c = new Int32Array([0, p(5, 0, 3), 1, p(6, 1, 5), 2, p(7, 1, 0), 3, p(1, 6, 7), 1, p(0, 0, 4), 5, p(0, 2, 0), 6]);
    var pc = 0, w = 0;
    for (;;) {
      switch (c[pc]) {
        case 0: w = c[pc + 1]; L[w & 1023] = Math.imul(L[(w >>> 10) & 1023], L[w >>> 20]); pc += 2; continue;
        case 1: w = c[pc + 1]; L[w & 1023] = (L[(w >>> 10) & 1023] + L[w >>> 20]) | 0; pc += 2; continue;
        case 2: w = c[pc + 1]; L[w & 1023] = L[(w >>> 10) & 1023] >>> 1; pc += 2; continue;
        case 3: w = c[pc + 1]; L[w & 1023] = L[(w >>> 10) & 1023] ^ L[w >>> 20]; pc += 2; continue;
        case 5: w = c[pc + 1]; if (L[w & 1023] < L[(w >>> 10) & 1023]) { pc = w >>> 20; continue; } pc += 2; continue;
        case 6: return L[1];
      }
    }
  }

  // Instruction closures shared by the threaded and blocks models (`next` is unused by blocks).
  function ops(L) {
    return {
      mul: function (d, a, b, next) { return function () { L[d] = Math.imul(L[a], L[b]); return next; }; },
      add: function (d, a, b, next) { return function () { L[d] = (L[a] + L[b]) | 0; return next; }; },
      shr: function (d, a, next) { return function () { L[d] = L[a] >>> 1; return next; }; },
      xor: function (d, a, b, next) { return function () { L[d] = L[a] ^ L[b]; return next; }; },
    };
  }

  function runThreaded(n) {
    var L = frame(n), o = ops(L);
    var fs = [o.mul(5, 0, 3, 1), o.add(6, 1, 5, 2), o.shr(7, 1, 3), o.xor(1, 6, 7, 4), o.add(0, 0, 4, 5),
      function () { return L[0] < L[2] ? 0 : -1; }];
    var i = 0;
    while (i >= 0) i = fs[i]();
    return L[1];
  }

  function runBlocks(n) {
    var L = frame(n), o = ops(L);
    var blocks = [{ body: [o.mul(5, 0, 3, 0), o.add(6, 1, 5, 0), o.shr(7, 1, 0), o.xor(1, 6, 7, 0), o.add(0, 0, 4, 0)],
      next: function () { return L[0] < L[2] ? 0 : -1; } }];
    var b = 0;
    while (b >= 0) {
      var blk = blocks[b], body = blk.body;
      for (var j = 0; j < body.length; j++) body[j]();
      b = blk.next();
    }
    return L[1];
  }

  function runTree(n) {
    var L = frame(n);
    function get(k) { return function () { return L[k]; }; }
    function k(v) { return function () { return v; }; }
    function mul(x, y) { return function () { return Math.imul(x(), y()); }; }
    function add(x, y) { return function () { return (x() + y()) | 0; }; }
    function shr1(x) { return function () { return x() >>> 1; }; }
    function xor(x, y) { return function () { return x() ^ y(); }; }
    function set(d, x) { return function () { L[d] = x(); }; }
    var body = [set(1, xor(add(get(1), mul(get(0), k(3))), shr1(get(1)))), set(0, add(get(0), k(1)))];
    var again = function () { return L[0] < L[2]; };
    do { for (var j = 0; j < body.length; j++) body[j](); } while (again());
    return L[1];
  }

  function runJs(n) {
    var i = 0, s = 0;
    do { s = ((s + Math.imul(i, 3)) | 0) ^ (s >>> 1); i = (i + 1) | 0; } while (i < n);
    return s;
  }

  var models = { switch: runSwitch, packed: runPacked, threaded: runThreaded, blocks: runBlocks, tree: runTree, js: runJs };
  var best = {}, expected = runJs(N);
  for (var round = 0; round < 3; round++) {
    for (var name in models) {
      var t = Date.now(), v = models[name](N), ms = Date.now() - t;
      if (v !== expected) throw new Error(name + ' computed ' + v + ', expected ' + expected);
      if (!(best[name] <= ms)) best[name] = ms;
    }
  }
  var line = [];
  for (var m in best) line.push(m + ' ' + best[m] + ' ms (' + (best[m] / best.packed).toFixed(2) + ' of packed)');
  // ENGINE-RESULT marks the end of a script for test/engines/quickjs-host.ts.
  out('ENGINE-RESULT ' + line.join(', '));
})();
