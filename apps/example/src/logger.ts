/**
 * A small console logger for Grantkit (`GrantkitLogger`). The service only logs ids, statuses and
 * redacted errors, but this logger does not rely on it: fields whose name says secret are dropped,
 * and every secret value the app knows (API keys, tokens, webhook secrets) is masked wherever it
 * appears in a line.
 */
import { isGrantkitError, type GrantkitLogger } from '@grantkit/core';

const SECRET_FIELD = /(secret|token|password|api[-_]?key|authorization|credential|private[-_]?key)/i;

export function consoleLogger(secrets: readonly string[], write: (line: string) => void = (line) => console.log(line)): GrantkitLogger {
  const known = secrets.filter((s) => s.length >= 4);
  const mask = (text: string) => known.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  const log = (level: string) => (data: Record<string, unknown>, message: string) => {
    let fields = '';
    try {
      fields = JSON.stringify(data ?? {}, (key, value: unknown) => (key !== '' && SECRET_FIELD.test(key) ? '[redacted]' : value));
    } catch {
      fields = '{"unserializable":true}';
    }
    write(mask(`${new Date().toISOString()} grantkit ${level.padEnd(5)} ${message} ${fields === '{}' ? '' : fields}`.trimEnd()));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** Name and message only: typed errors are already redacted; a stack could carry request data. */
export function describeError(error: unknown): string {
  if (isGrantkitError(error)) return `${error.name} (${error.code}): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
