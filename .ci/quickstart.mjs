// Reads the two command lines of the README's "Quick start" section, so that .ci/run executes the
// README's test command verbatim and the two can never drift apart.
// Usage: node .ci/quickstart.mjs test|start   (prints the command)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function quickStartCommands(readme) {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
  if (!section) throw new Error('README.md has no "## Quick start" section');
  const block = section.match(/```(?:sh|bash|shell)?\n([\s\S]*?)```/);
  if (!block) throw new Error('The Quick start section has no fenced code block');
  const lines = block[1].split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return lines;
}

export function quickStartCommand(readme, which) {
  const suffix = `&& pnpm ${which}`;
  const found = quickStartCommands(readme).filter((l) => l.endsWith(suffix));
  if (found.length !== 1) throw new Error(`Expected exactly one Quick start line ending in "${suffix}", found ${found.length}`);
  return found[0];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  process.stdout.write(quickStartCommand(readme, process.argv[2] ?? 'test') + '\n');
}
