/**
 * Secret redaction. A client registers every secret it was given (API key, bearer token, private
 * key); anything the transport puts into an error message or a hook payload passes through here.
 * `renderRedacted` is the other half: how an object holding secrets looks when someone logs it.
 */
import { inspect, type InspectOptions } from 'node:util';

export const REDACTED = '[REDACTED]';

/**
 * Makes `target` render as `name { ...summary }` wherever it is serialised or printed:
 * `JSON.stringify` (so `logger.info({ client })` and error reporters) and `util.inspect` (so
 * `console.log`, also with `showHidden` and `depth: Infinity`). Call it in the constructor, or on a
 * plain object a factory returns. `summary` must hold no secret; mark where credentials are with
 * `REDACTED`.
 *
 * This only controls those two renderings. The secrets themselves must also be out of reach of
 * reflection (`Object.keys`, `structuredClone`, `inspect` with `customInspect: false`): keep them
 * in `#private` fields or closures, never in a property or a getter.
 */
export function renderRedacted<T extends object>(target: T, name: string, summary: (self: T) => Record<string, unknown>): T {
  const render = (_depth: number, options: InspectOptions, nested?: typeof inspect): string => {
    // Node passes its own inspect as the third argument; options carry colors, depth and the rest.
    return `${name} ${(nested ?? inspect)(summary(target), options)}`;
  };
  Object.defineProperties(target, {
    toJSON: { value: () => ({ ...summary(target) }), enumerable: false, configurable: true, writable: true },
    toString: { value: () => `[${name}]`, enumerable: false, configurable: true, writable: true },
    [inspect.custom]: { value: render, enumerable: false, configurable: true, writable: true },
  });
  return target;
}

/** Header names whose values are credentials whatever they contain. Lower-case. */
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
  'seam-client-session-token',
]);

export class Redactor {
  // Private so that logging the Redactor (or a client holding it) cannot print what it hides.
  readonly #secrets: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
    renderRedacted(this, 'Redactor', (r) => ({ secrets: r.#secrets.length > 0 ? REDACTED : [] }));
  }

  /** Registers a secret. Short strings are ignored: redacting "a" would shred every message. */
  add(secret: string | undefined): void {
    for (const form of secretForms(secret)) {
      if (this.#secrets.includes(form)) continue;
      this.#secrets.push(form);
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  /**
   * Stops redacting a secret that is no longer in use (a rotated access token), so a long-lived
   * client does not collect every token it ever had.
   */
  forget(secret: string | undefined): void {
    for (const form of secretForms(secret)) {
      const at = this.#secrets.indexOf(form);
      if (at >= 0) this.#secrets.splice(at, 1);
    }
  }

  text(value: string): string {
    let out = value;
    for (const s of this.#secrets) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
    return out;
  }

  /** Copies headers with credential headers masked and any registered secret removed. */
  headers(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(headers)) {
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(', ') : raw;
      out[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? REDACTED : this.text(value);
    }
    return out;
  }

  /** Deep copy of JSON-like data with every registered secret removed from strings. */
  value<T>(data: T): T {
    if (typeof data === 'string') return this.text(data) as T;
    if (Array.isArray(data)) return data.map((d) => this.value(d)) as T;
    if (data && typeof data === 'object' && Object.getPrototypeOf(data) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(data)) out[k] = this.value(v);
      return out as T;
    }
    return data;
  }
}

/** The secret plus the forms it is also seen in. A PEM key appears JSON-escaped and as its base64 lines. */
function secretForms(secret: string | undefined): string[] {
  if (!secret || secret.length < 6) return [];
  const forms = [secret];
  if (secret.includes('\n')) {
    // JSON.stringify writes line breaks (and a CRLF file's \r) escaped.
    forms.push(secret.replace(/\r/g, '\\r').replace(/\n/g, '\\n'));
    for (const line of secret.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.length >= 24 && !trimmed.startsWith('-----')) forms.push(trimmed);
    }
  }
  return forms;
}
