/**
 * Secret redaction. A client registers every secret it was given (API key, bearer token, private
 * key); anything the transport puts into an error message or a hook payload passes through here.
 */

export const REDACTED = '[REDACTED]';

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
  private readonly secrets: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret. Short strings are ignored: redacting "a" would shred every message. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 6 || this.secrets.includes(secret)) return;
    this.secrets.push(secret);
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets.sort((a, b) => b.length - a.length);
    // A PEM key also appears with its line breaks escaped (JSON) or as its base64 body lines.
    if (secret.includes('\n')) {
      this.add(secret.replace(/\n/g, '\\n'));
      for (const line of secret.split('\n')) {
        if (line.length >= 24 && !line.startsWith('-----')) this.add(line.trim());
      }
    }
  }

  text(value: string): string {
    let out = value;
    for (const s of this.secrets) {
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
