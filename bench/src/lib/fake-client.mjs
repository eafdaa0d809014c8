// The parent side of fake-host.mjs: start a fake in a child process and send it commands.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const host = fileURLToPath(new URL('./fake-host.mjs', import.meta.url));

/** Starts `kind` ('seam' | 'atomicwork') in a child process; resolves with its url, key and a `call`. */
export async function startFakeProcess(kind, options = {}) {
  const child = fork(host, [kind, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let next = 0;
  const ready = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake ${kind} exited early (${code})`)));
    child.on('message', (m) => {
      if (m.ready) return resolve(m.ready);
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
  });
  const call = (cmd, args = {}) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, ...args });
    });
  return {
    ...ready,
    pid: child.pid,
    call,
    async close() {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      await call('close').catch(() => undefined);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
