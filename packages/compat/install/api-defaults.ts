/**
 * Reads the published type declarations (each package's dist .d.ts, as a user's editor sees them)
 * and lists every optional option whose TSDoc does not state its default.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { publishedPackages } from './consumer.js';

/** Interfaces (and object type aliases) whose properties are options a user passes. */
const OPTIONS_NAME = /(Options?|Config|Rule)$/;

/** `Interface.property` for every optional property of an exported options type with no "default" in its TSDoc. */
export async function optionsWithoutDefault(): Promise<string[]> {
  const entries: string[] = [];
  for (const { dir, manifest } of await publishedPackages()) {
    const exportsMap = (manifest as unknown as { exports: Record<string, { import?: { types: string } } | string> }).exports;
    for (const target of Object.values(exportsMap)) {
      if (typeof target === 'object' && target.import) entries.push(join(dir, target.import.types));
    }
  }
  const program = ts.createProgram(entries, { noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const ours = (decl: ts.Declaration) => /\/packages\/[^/]+\/dist\//.test(decl.getSourceFile().fileName);
  const missing = new Set<string>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read the declarations of ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!OPTIONS_NAME.test(symbol.name) || !(symbol.flags & ts.SymbolFlags.Interface)) continue;
      for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
        if (!(property.flags & ts.SymbolFlags.Optional) || !property.declarations?.some(ours)) continue;
        const docs = ts.displayPartsToString(property.getDocumentationComment(checker));
        const tags = property.getJsDocTags(checker).map((t) => `@${t.name}`).join(' ');
        if (!/default/i.test(`${docs} ${tags}`)) missing.add(`${symbol.name}.${property.name}`);
      }
    }
  }
  return [...missing].sort();
}
