/**
 * Where a client may send its credentials: the one rule every client's config validation uses.
 * https, or plain http to loopback only (127.0.0.0/8, ::1, localhost) for fakes and local
 * proxies; over plain http to any other host an API key or token travels in clear text.
 */
import { ConfigError } from '../errors.js';

/** True for `localhost`, an IPv4 address in 127.0.0.0/8 and `[::1]`, as the WHATWG URL parser writes them. */
export function isLoopbackHost(hostname: string): boolean {
  // URL() normalises 127.1, 0x7f000001 and [0:0:0:0:0:0:0:1] to these forms already.
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Parses a client's base URL option and enforces the rule. `option` names the setting in the
 * message (e.g. `SeamClient endpoint`), `example` shows a good value. Never echoes a user name or
 * password the URL may carry.
 */
export function secureBaseUrl(value: unknown, option: string, example: string): URL {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`${option} must be an absolute URL such as "${example}".`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${option} must be an absolute URL such as "${example}"; got an unparsable value.`);
  }
  if (url.username || url.password) {
    throw new ConfigError(`${option} must not contain a user name or password; pass credentials as the client's apiKey or token option.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${option} must use https; got "${url.protocol}" (e.g. "${example}").`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    // Only the host is echoed: a path or query is the caller's and might hold anything.
    const keepPath = url.pathname === '/' && !url.search ? '' : ' with the same path';
    throw new ConfigError(
      `${option} must use https: plain http would send the credentials in clear text and is allowed only for loopback (127.0.0.0/8, ::1, localhost). Use "https://${url.host}"${keepPath}.`,
    );
  }
  return url;
}
