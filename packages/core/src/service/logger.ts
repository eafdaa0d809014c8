/**
 * The logger the service writes to: pino fits it as is, and so does `console`. The service only
 * ever logs ids, provider names, statuses and typed-error JSON (already redacted by the
 * transport), never a request body or a credential.
 */
export interface GrantkitLogger {
  debug?(data: Record<string, unknown>, message: string): void;
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

export const silentLogger: GrantkitLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
