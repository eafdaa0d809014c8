/**
 * Replays a printed curl command with fetch: the same method, headers and body. The command is
 * split into words the way a POSIX shell does for what the banner prints (single quotes, double
 * quotes, adjacent quoted parts joined); command substitutions must be replaced beforehand.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${command}`);
      word += command.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '$' || command[j] === '`') throw new Error(`unexpected expansion inside "...": ${command}`);
        if (command[j] === '\\' && /["\\$`]/.test(command[j + 1] ?? '')) j++;
        word += command[j];
      }
      if (j >= command.length) throw new Error(`unterminated " in: ${command}`);
      i = j;
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '$' || c === '`' || c === '|' || c === ';' || c === '&') {
      throw new Error(`unexpected shell syntax "${c}" in: ${command}`);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function parseCurl(command: string): CurlRequest {
  const words = shellWords(command);
  if (words[0] !== 'curl') throw new Error(`not a curl command: ${command}`);
  const request: CurlRequest = { method: 'GET', url: '', headers: {} };
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-sS' || w === '-s' || w === '-S') continue;
    if (w === '-X') request.method = words[++i]!;
    else if (w === '-H') {
      const header = words[++i]!;
      const colon = header.indexOf(':');
      request.headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (w === '-d') {
      request.body = words[++i]!;
      if (request.method === 'GET') request.method = 'POST';
    } else if (/^https?:\/\//.test(w)) request.url = w;
    else throw new Error(`curl option the replay does not know: ${w}`);
  }
  if (!request.url) throw new Error(`no URL in: ${command}`);
  return request;
}

export function replay(request: CurlRequest): Promise<Response> {
  return fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
}
