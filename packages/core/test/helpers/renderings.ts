/**
 * Every way a user, a logger or an error reporter turns an object into text: JSON (also nested,
 * as pino logs `logger.info({ client })`), String(), util.inspect (default, showHidden with depth
 * Infinity, and with custom inspection switched off so only reachable state shows), a structured
 * clone, and a reflective walk over everything reachable through own properties (enumerable or
 * not, symbols too), getters, arrays, Maps and Sets. A secret in a `#private` field or a closure is
 * out of reach of all of them; a secret anywhere else shows up in at least one.
 */
import { inspect } from 'node:util';

export function renderings(value: object): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string, render: () => string) => {
    try {
      out[name] = render();
    } catch (error) {
      // A rendering that throws must not leak either (e.g. structuredClone naming a function).
      out[`${name} (threw)`] = `${String(error)} ${(error as Error).stack ?? ''}`;
    }
  };
  add('JSON.stringify', () => JSON.stringify(value));
  add('JSON.stringify({ client }) as a logger does', () => JSON.stringify({ level: 30, msg: 'ready', client: value, nested: { deeper: [value] } }));
  add('String()', () => String(value));
  add('template literal', () => `${value as { toString(): string }}`);
  add('util.inspect', () => inspect(value));
  add('util.inspect showHidden depth Infinity', () => inspect(value, { showHidden: true, depth: Infinity }));
  add('util.inspect without custom inspect, with getters', () => inspect(value, { showHidden: true, depth: Infinity, customInspect: false, getters: true }));
  add('Object.keys / Object.entries', () => JSON.stringify(Object.entries(value).map(([k, v]) => [k, typeof v === 'object' ? inspect(v, { depth: Infinity, customInspect: false }) : String(v)])));
  add('structuredClone', () => inspect(structuredClone(value), { showHidden: true, depth: Infinity }));
  add('reflective walk', () => reachableText(value));
  return out;
}

/** The renderings in which any of `secrets` appears (empty when none does). */
export function leaks(value: object, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, text] of Object.entries(renderings(value))) {
    for (const secret of secrets) if (secret && text.includes(secret)) found.push(`${name} shows ${JSON.stringify(secret.slice(0, 12))}...`);
  }
  return found;
}

/** Every string and number reachable from `root` by reflection; functions are not read. */
function reachableText(root: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0 && seen.size < 100_000) {
    const value = stack.pop();
    if (typeof value === 'string') {
      parts.push(value);
      continue;
    }
    if (typeof value === 'number' || typeof value === 'bigint') {
      parts.push(String(value));
      continue;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Map) for (const [k, v] of value) stack.push(k, v);
    if (value instanceof Set) for (const v of value) stack.push(v);
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'string') parts.push(key);
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) stack.push(descriptor.value);
      else if (descriptor?.get) stack.push(safeGet(() => descriptor.get!.call(value)));
    }
    // Getters a class declares (e.g. `get endpoint()`), called on the instance.
    for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Reflect.ownKeys(proto)) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, key);
        if (descriptor?.get) stack.push(safeGet(() => descriptor.get!.call(value)));
      }
    }
  }
  return parts.join('\n');
}

function safeGet(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}
