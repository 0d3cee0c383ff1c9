// A small Debug Adapter Protocol client for tests: drives a DapSession in process (the same session
// `purewasm debug --dap` serves), or any transport through `deliver`/`send`.
import { DapSession } from '../../src/debug/index.js';
import { dapLauncher } from '../../src/cli/debug.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = any;

export class DapClient {
  private seq = 1;
  private readonly pending = new Map<number, (m: Msg) => void>();
  private readonly events: Msg[] = [];
  private eventWaiters: { name: string; resolve: (m: Msg) => void }[] = [];
  readonly output: { category: string; text: string }[] = [];
  readonly send: (m: Msg) => void;

  constructor(send?: (m: Msg) => void) {
    if (send !== undefined) this.send = send;
    else {
      const session = new DapSession((m) => setTimeout(() => this.deliver(m), 0), dapLauncher);
      this.send = (m) => session.handle(m);
    }
  }

  /** A message from the adapter. */
  deliver(m: Msg): void {
    if (m.type === 'response') {
      const r = this.pending.get(m.request_seq);
      this.pending.delete(m.request_seq);
      r?.(m);
      return;
    }
    if (m.event === 'output') this.output.push({ category: m.body.category, text: m.body.output });
    const i = this.eventWaiters.findIndex((w) => w.name === m.event);
    if (i >= 0) {
      const [w] = this.eventWaiters.splice(i, 1);
      w.resolve(m);
    } else this.events.push(m);
  }

  /** Sends a request; resolves with its response (rejects when it failed). */
  request(command: string, args: Msg = {}): Promise<Msg> {
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, (m) => (m.success ? resolve(m) : reject(new Error(`${command}: ${m.message}`))));
      this.send({ seq, type: 'request', command, arguments: args });
    });
  }

  /** The next event with this name (already received or to come). */
  event(name: string, timeoutMs = 20000): Promise<Msg> {
    const i = this.events.findIndex((e) => e.event === name);
    if (i >= 0) return Promise.resolve(this.events.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no '${name}' event within ${timeoutMs} ms`)), timeoutMs);
      this.eventWaiters.push({ name, resolve: (m) => { clearTimeout(t); resolve(m); } });
    });
  }

  /** Variables of a reference. */
  async variables(ref: number): Promise<Msg[]> {
    return (await this.request('variables', { variablesReference: ref })).body.variables;
  }
}
