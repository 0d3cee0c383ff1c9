// `purewasm debug`: the step debugger's front-ends.
//   purewasm debug [OPTIONS] FILE [ARGS…]   an lldb-like REPL on the terminal (src/cli/debug-repl.ts)
//   purewasm debug --dap                    a Debug Adapter Protocol server on stdio (VS Code: editors/vscode)
//   purewasm debug --dap-port N             the same on TCP port N (127.0.0.1), one client
// OPTIONS are those of `purewasm run` (--dir, --env, -S inherit-env, --invoke); the engine is src/debug.
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { DapSession, type DapLaunchArguments, type DapLauncher, type DapMessage } from '../debug/index.js';
import { TraceReader, readHeader } from '../replay/index.js';
import { launch } from './debug-launch.js';
import { parseRunArgs, UsageError } from './run.js';
import { repl } from './debug-repl.js';

const USAGE = `usage: purewasm debug [OPTIONS] FILE [ARGS...]
       purewasm debug --dap | --dap-port N

Debugs a WASI program (or, with --invoke, one export) in a terminal REPL: break, run, continue,
step, next, finish, stepi, bt, frame, info locals, print, x, disas, info breakpoints, delete
(type 'help' at the prompt). With DWARF in the module (clang/rustc -g) at the source level,
else at the wasm level with name-section names.

options:
  --dap                   serve the Debug Adapter Protocol on stdin/stdout (for editors)
  --dap-port N            serve it on TCP 127.0.0.1:N (one client)
  --dir, --env, -S inherit-env, --invoke    as for 'purewasm run'
  -h, --help              print this help
`;

export default async function debug(argv: string[]): Promise<number> {
  if (argv[0] === '--dap') return serveStdio();
  if (argv[0] === '--dap-port' || argv[0]?.startsWith('--dap-port=')) {
    const text = argv[0].includes('=') ? argv[0].slice('--dap-port='.length) : argv[1];
    const port = Number(text);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`purewasm debug: --dap-port expects a port number, got ${JSON.stringify(text)}\n\n${USAGE}`);
      return 2;
    }
    return serveTcp(port);
  }
  let o;
  try {
    o = parseRunArgs(argv, process.env);
    if (o !== 'help' && (o.fuel !== undefined || o.timeout !== undefined)) throw new UsageError('--fuel and --timeout do not apply to debugging');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`purewasm debug: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (o === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  return repl(o, process.stdin, process.stdout);
}

/** Content-Length framing of DAP messages over a byte stream. */
export function dapConnection(input: NodeJS.ReadableStream, write: (text: string) => void, onEnd: () => void, launcher: DapLauncher = dapLauncher): DapSession {
  const send = (msg: object) => {
    const body = JSON.stringify(msg);
    write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  };
  const session = new DapSession(send, launcher, onEnd);
  let buf = Buffer.alloc(0);
  input.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const m = /Content-Length:\s*(\d+)/i.exec(buf.subarray(0, head).toString('ascii'));
      if (m === null) {
        buf = buf.subarray(head + 4);
        continue;
      }
      const len = Number(m[1]);
      if (buf.length < head + 4 + len) return;
      const body = buf.subarray(head + 4, head + 4 + len).toString('utf8');
      buf = buf.subarray(head + 4 + len);
      let msg: DapMessage;
      try {
        msg = JSON.parse(body) as DapMessage;
      } catch {
        continue; // not JSON: nothing to answer to
      }
      session.handle(msg);
    }
  });
  input.on('end', onEnd);
  return session;
}

/** The DAP launcher: WASI over the process's file system, guest output as DAP output events. */
export function dapLauncher(a: DapLaunchArguments, output: (category: 'stdout' | 'stderr', text: string) => void) {
  const decoder = (category: 'stdout' | 'stderr') => (bytes: Uint8Array) => output(category, Buffer.from(bytes).toString('utf8'));
  let trace: Uint8Array | undefined;
  if (a.trace !== undefined) {
    try {
      trace = new Uint8Array(readFileSync(a.trace));
    } catch (e) {
      throw new Error(`cannot read the trace ${a.trace}: ${(e as Error).message}`);
    }
  }
  return launch({
    trace,
    snapshotInterval: a.snapshotInterval,
    program: a.program,
    args: a.args ?? [],
    argv0: a.argv0,
    env: Object.entries(a.env ?? {}),
    preopens: Object.entries(a.preopens ?? {}),
    invoke: a.invoke,
    stdout: decoder('stdout'),
    stderr: decoder('stderr'),
  });
}

function serveStdio(launcher: DapLauncher = dapLauncher): Promise<number> {
  return new Promise((resolve) => {
    dapConnection(process.stdin, (t) => process.stdout.write(t), () => resolve(0), launcher);
  });
}

/**
 * `purewasm replay --debug [--dap] FILE [PROGRAM]`: the debugger on the replay of a recorded run. The
 * program gets its arguments, environment and every host answer from the trace (nothing of this machine is
 * read; its outputs are written once, when the run first gets there); it goes forwards and backwards like
 * any debugged core module. With --dap, a DAP server on stdio whose `launch` debugs this replay.
 */
export async function debugReplay(traceFile: string, programArg: string | undefined, dap: boolean): Promise<number> {
  let header;
  try {
    header = readHeader(new TraceReader(new Uint8Array(readFileSync(traceFile))));
  } catch (e) {
    process.stderr.write(`purewasm replay: cannot read the trace ${traceFile}: ${(e as Error).message}\n`);
    return 1;
  }
  const recorded = typeof header.meta.name === 'string' ? header.meta.name : '';
  if (dap) {
    return serveStdio((a, output) => dapLauncher({ ...a, program: programArg ?? (a.program || recorded), trace: traceFile }, output));
  }
  const file = programArg ?? recorded;
  if (file === '') {
    process.stderr.write('purewasm replay: the trace names no program: give PROGRAM\n');
    return 1;
  }
  return repl({ file, programArgs: [], dirs: [], env: [], invoke: undefined, fuel: undefined, timeout: undefined, inheritNetwork: false, allowIpNameLookup: false, http: false },
    process.stdin, process.stdout, traceFile);
}

function serveTcp(port: number): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((socket: Socket) => {
      server.close(); // one client
      dapConnection(socket, (t) => socket.write(t), () => {
        socket.end();
        resolve(0);
      });
    });
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      process.stderr.write(`purewasm debug: DAP server on 127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : port}\n`);
    });
  });
}
