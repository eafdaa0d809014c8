/**
 * Grantkit processes for the multi-process tests: each a real child process on the built package,
 * sharing one SQLite file, driven over IPC. `kill()` is a SIGKILL.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../fixtures/access-worker.mjs', import.meta.url));

export interface WorkerReply {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

export class Worker {
  private next = 0;
  private readonly waiting = new Map<number, (reply: WorkerReply) => void>();
  private exited = false;
  readonly exit: Promise<number | null>;

  private constructor(private readonly proc: ChildProcess) {
    proc.on('message', (msg: { id?: number } & WorkerReply) => {
      if (msg.id === undefined) return;
      this.waiting.get(msg.id)?.(msg);
      this.waiting.delete(msg.id);
    });
    this.exit = new Promise((resolve) =>
      proc.on('exit', (code) => {
        this.exited = true;
        // A killed worker answers nothing more: its open calls end as "lost".
        for (const done of this.waiting.values()) done({ ok: false, error: { code: 'lost', message: 'worker died' } });
        this.waiting.clear();
        resolve(code);
      }),
    );
  }

  static async start(path: string, providers: unknown, leaseMs = 2000): Promise<Worker> {
    const proc = fork(script, [path, JSON.stringify(providers), String(leaseMs)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const worker = new Worker(proc);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('worker did not start in 20 s')), 20_000);
      proc.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.once('exit', (code) => reject(new Error(`worker exited ${code} before it was ready`)));
    });
    return worker;
  }

  call(op: string, args: unknown = {}): Promise<WorkerReply> {
    if (this.exited) return Promise.resolve({ ok: false, error: { code: 'lost', message: 'worker is gone' } });
    const id = ++this.next;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.proc.send({ id, op, args });
    });
  }

  async kill(): Promise<void> {
    if (!this.exited) this.proc.kill('SIGKILL');
    await this.exit;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    await this.call('close');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await this.exit;
    clearTimeout(timer);
  }
}
