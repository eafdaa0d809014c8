/**
 * Every ```ts block of the READMEs compiles, under the strict settings the packages are built
 * with, against the published types (`@grantkit/*` resolve to the built packages, as an app's
 * imports do). The example app is the one place that depends on every package, so it checks them
 * all. Each block is its own module; what a block leaves to the app (a booking, the app's auth
 * service) is declared per README below, in the global scope, so the blocks themselves stay what
 * a reader copies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const app = fileURLToPath(new URL('../', import.meta.url));

/** What the blocks of each README use without defining it: the app's own things. */
const APP_DECLARATIONS: Record<string, string> = {
  'README.md': `declare const grantkit: import('@grantkit/core').Grantkit;`,
  'packages/core/README.md': `declare const grantkit: import('@grantkit/core').Grantkit;`,
  'packages/express/README.md': '',
  'packages/nestjs/README.md': `
    declare class AuthService { userOf(req: unknown): { canRead: boolean; isAdmin: boolean } }
    declare const providers: import('@grantkit/nestjs').GrantkitModuleOptions['providers'];
    // @nestjs/config is not installed here; its shape as the README uses it.
    declare module '@nestjs/config' {
      export class ConfigModule {}
      export class ConfigService {
        get<T = string>(key: string, defaultValue?: T): T;
        getOrThrow<T = string>(key: string): T;
      }
    }`,
  'packages/seam/README.md': `
    declare const roomSpaceId: string;
    declare const booking: { id: string };
    declare const startsAt: string;
    declare const endsAt: string;
    declare const seamClient: import('@grantkit/seam').SeamClient;
    declare const store: import('@grantkit/seam').GrantStore;
    declare const doors: import('@grantkit/seam').DoorAccess;
    declare class AppModule {}`,
  'packages/testing/README.md': `declare const fakes: import('@grantkit/testing').ProviderFakes;`,
};

interface Snippet {
  /** Line of the README the block's first line is on (1-based). */
  line: number;
  code: string;
}

/** The ```ts blocks of a Markdown text, dedented when the fence is indented (inside a list). */
export function tsBlocks(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ts\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    out.push({ line: start + 1, code: lines.slice(start, end).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n') });
    i = end;
  }
  return out;
}

/** The READMEs of the repository that hold TypeScript blocks (root, packages/*, apps/*). */
function readmesWithCode(): string[] {
  const found = ['README.md'];
  for (const dir of ['packages', 'apps']) {
    for (const name of readdirSync(join(repo, dir))) found.push(`${dir}/${name}/README.md`);
  }
  return found.filter((path) => {
    try {
      return tsBlocks(readFileSync(join(repo, path), 'utf8')).length > 0;
    } catch {
      return false;
    }
  });
}

const base = ts.getParsedCommandLineOfConfigFile(join(repo, 'packages/config/tsconfig.base.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
})!;
const options: ts.CompilerOptions = { ...base.options, noEmit: true, types: ['node'] };
const cache = new Map<string, ts.SourceFile | undefined>();
let previous: ts.Program | undefined;

/** Type-checks the blocks of one README; returns every error as `README.md:line: message`. */
function check(readme: string, markdown: string, declarations: string): string[] {
  const blocks = tsBlocks(markdown);
  // Virtual files inside the app, so `@grantkit/*` and the frameworks resolve from its node_modules.
  const dir = join(app, '.readme-snippets', readme.replace(/[/.]/g, '_'));
  const virtual = new Map<string, string>([[join(dir, 'app.d.ts'), declarations]]);
  // `export {}` makes each block a module (top-level await, its own scope).
  blocks.forEach((b, i) => virtual.set(join(dir, `block-${i}.ts`), `${b.code}\nexport {};\n`));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getCurrentDirectory = () => app;
  host.fileExists = (f) => virtual.has(f) || ts.sys.fileExists(f);
  host.readFile = (f) => virtual.get(f) ?? ts.sys.readFile(f);
  host.getSourceFile = (f, language) => {
    const text = virtual.get(f);
    if (text !== undefined) return ts.createSourceFile(f, text, language, true);
    if (!cache.has(f)) cache.set(f, getSourceFile(f, language));
    return cache.get(f);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host, oldProgram: previous });
  previous = program;
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return `${readme}: ${message}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const block = /block-(\d+)\.ts$/.exec(d.file.fileName);
    if (!block) return `${relative(repo, d.file.fileName)}:${line + 1}: ${message}`;
    return `${readme}:${blocks[Number(block[1])]!.line + line}: ${message}`;
  });
}

describe('README code blocks', () => {
  it('are all listed here, so a new README with TypeScript in it is checked too', () => {
    expect(readmesWithCode().sort()).toEqual(Object.keys(APP_DECLARATIONS).sort());
  });

  it.each(Object.entries(APP_DECLARATIONS))('%s compiles under strict mode', (readme, declarations) => {
    expect(check(readme, readFileSync(join(repo, readme), 'utf8'), declarations)).toEqual([]);
  });

  it('reports a block that does not compile, at its README line (the check itself works)', () => {
    const markdown = [
      'Text.',
      '```ts',
      "import { createGrantkit } from '@grantkit/core';",
      "const grantkit = createGrantkit({ providers: { seam: { apiKey: 'seam_x' } } });",
      '```',
      '1. In a list:',
      '   ```ts',
      "   await grantkit.grant({ provider: 'seam', subject: { userIdentityId: 'u' }, target: { spaceIds: ['s'] }, accessMethods: ['laser'] });",
      '   ```',
    ].join('\n');
    expect(tsBlocks(markdown).map((b) => b.line)).toEqual([3, 8]);
    const errors = check('EXAMPLE.md', markdown, "declare const grantkit: import('@grantkit/core').Grantkit;");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^EXAMPLE\.md:8: Type '"laser"' is not assignable/);
  });
});
