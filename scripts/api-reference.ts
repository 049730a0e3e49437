/**
 * Generates docs/api.md from the public entry points and their TSDoc comments, with the
 * TypeScript compiler API (a dev dependency already): every export of every entry is listed.
 * test/docs/api-reference.test.ts keeps the committed file in step (`npm run docs:api` rewrites it).
 */
import { relative } from 'node:path';
import ts from 'typescript';

export interface EntryPoint {
  /** What users import, e.g. `keygate/node`. */
  readonly specifier: string;
  /** The source file behind it, absolute. */
  readonly file: string;
}

export interface ApiExport {
  readonly entry: string;
  readonly name: string;
  readonly kind: 'class' | 'function' | 'interface' | 'type' | 'constant';
  readonly source: string;
  readonly description: string;
  readonly declaration: string;
}

const printer = ts.createPrinter({ removeComments: false, newLine: ts.NewLineKind.LineFeed });
const FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

function compilerOptions(root: string): ts.CompilerOptions {
  const config = ts.readConfigFile(`${root}/tsconfig.json`, (path) => ts.sys.readFile(path));
  return { ...ts.parseJsonConfigFileContent(config.config, ts.sys, root).options, noEmit: true, types: ['node'] };
}

/** Documentation comment plus tags (`@example`, `@deprecated`, ...), as markdown. */
function describeSymbol(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol.getJsDocTags(checker).map((tag) => {
    const body = ts.displayPartsToString(tag.text).trim();
    return tag.name === 'example' ? `Example:\n\n\`\`\`ts\n${body}\n\`\`\`` : `**@${tag.name}** ${body}`;
  });
  return [text, ...tags].filter((part) => part.length > 0).join('\n\n');
}

/** A class without bodies, initializers or private members: what a caller sees. */
function classSignature(node: ts.ClassDeclaration, checker: ts.TypeChecker): ts.ClassDeclaration {
  const f = ts.factory;
  const members = node.members.flatMap((m): ts.ClassElement[] => {
    const hidden = ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
    if (hidden || (m.name !== undefined && ts.isPrivateIdentifier(m.name))) return [];
    if (ts.isConstructorDeclaration(m)) return [f.updateConstructorDeclaration(m, m.modifiers, m.parameters, undefined)];
    if (ts.isMethodDeclaration(m)) {
      return [f.updateMethodDeclaration(m, m.modifiers, undefined, m.name, m.questionToken, m.typeParameters, m.parameters, m.type, undefined)];
    }
    if (ts.isPropertyDeclaration(m)) {
      const type = m.type ?? checker.typeToTypeNode(checker.getTypeAtLocation(m), m, ts.NodeBuilderFlags.NoTruncation);
      return [f.updatePropertyDeclaration(m, m.modifiers, m.name, m.questionToken, type, undefined)];
    }
    return [m];
  });
  const updated = f.updateClassDeclaration(node, node.modifiers, node.name, node.typeParameters, node.heritageClauses, members);
  return ts.setEmitFlags(updated, ts.EmitFlags.NoLeadingComments);
}

/** `export function f(a: T, b: U = {}): R` as a declaration: `b?: U`, the inferred return type written out. */
function functionSignature(node: ts.FunctionDeclaration, checker: ts.TypeChecker): string {
  const sourceFile = node.getSourceFile();
  const text = (from: number, to: number) => sourceFile.text.slice(from, to);
  const params = node.parameters.map((p) => {
    if (p.initializer === undefined) return p.getText(sourceFile);
    const type = p.type?.getText(sourceFile) ?? checker.typeToString(checker.getTypeAtLocation(p), p, FLAGS);
    return `${p.name.getText(sourceFile)}?: ${type}`;
  });
  const head = text(node.getStart(sourceFile), node.parameters.pos).replace(/^export async function/, 'export function');
  let returnType = node.type?.getText(sourceFile);
  if (returnType === undefined) {
    const signature = checker.getSignatureFromDeclaration(node);
    returnType = signature && checker.typeToString(checker.getReturnTypeOfSignature(signature), node, FLAGS);
  }
  return `${head}${params.join(', ')})${returnType === undefined ? '' : `: ${returnType}`};`;
}

/**
 * The declaration as written (so the sources' formatting and member comments stay), without
 * its own doc comment (shown as prose) and without function bodies.
 */
function declarationText(node: ts.Declaration, checker: ts.TypeChecker): string {
  const sourceFile = node.getSourceFile();
  if (ts.isClassDeclaration(node)) {
    const text = printer.printNode(ts.EmitHint.Unspecified, classSignature(node, checker), sourceFile);
    return text.replace(/^((?: {4})+)/gm, (indent) => ' '.repeat(indent.length / 2));
  }
  if (ts.isFunctionDeclaration(node) && node.body !== undefined) return functionSignature(node, checker);
  return sourceFile.text.slice(node.getStart(sourceFile), node.end);
}

function describeExport(symbol: ts.Symbol, entry: string, checker: ts.TypeChecker, root: string): ApiExport {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declarations = target.declarations ?? [];
  const first = declarations[0];
  if (first === undefined) throw new Error(`${entry}: export ${symbol.name} has no declaration`);
  const source = relative(root, first.getSourceFile().fileName);
  const base = { entry, name: symbol.name, source, description: describeSymbol(target, checker) };
  if (ts.isVariableDeclaration(first)) {
    const type = checker.typeToString(checker.getTypeOfSymbolAtLocation(target, first), first, FLAGS);
    const value = first.initializer && ts.isStringLiteral(first.initializer) ? ` = ${JSON.stringify(first.initializer.text)}` : '';
    return { ...base, kind: 'constant', declaration: `export const ${symbol.name}: ${type}${value};` };
  }
  const kind = ts.isClassDeclaration(first)
    ? 'class'
    : ts.isFunctionDeclaration(first)
      ? 'function'
      : ts.isInterfaceDeclaration(first)
        ? 'interface'
        : 'type';
  // Overloads: every declaration; a function's implementation is skipped when overloads exist.
  const shown = kind === 'function' && declarations.length > 1 ? declarations.filter((d) => !(d as ts.FunctionDeclaration).body) : declarations;
  return { ...base, kind, declaration: shown.map((d) => declarationText(d, checker)).join('\n') };
}

/** Every export of every entry point, in the order the entry files list them. */
export function collectExports(entries: readonly EntryPoint[], root: string): ApiExport[] {
  const program = ts.createProgram(
    entries.map((e) => e.file),
    compilerOptions(root),
  );
  const checker = program.getTypeChecker();
  return entries.flatMap((entry) => {
    const sourceFile = program.getSourceFile(entry.file);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (moduleSymbol === undefined) throw new Error(`cannot read ${entry.file}`);
    return checker.getExportsOfModule(moduleSymbol).map((symbol) => describeExport(symbol, entry.specifier, checker, root));
  });
}

const anchor = (entry: string, name: string): string => `${entry}-${name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');

/** The markdown of docs/api.md. */
export function renderApiReference(exports: readonly ApiExport[]): string {
  const entries = [...new Set(exports.map((e) => e.entry))];
  const parts: string[] = [
    '# API reference',
    '',
    '<!-- Generated from the TSDoc comments by scripts/api-reference.ts: run `npm run docs:api`, do not edit. -->',
    '',
    `Every export of ${entries.map((e) => `\`${e}\``).join(', ')}, in the order the entry points list them.`,
    'Guides: [docs/guide.md](guide.md). Concepts: [docs/concepts.md](concepts.md).',
    '',
  ];
  for (const entry of entries) {
    const own = exports.filter((e) => e.entry === entry);
    parts.push(`## \`${entry}\``, '', own.map((e) => `[${e.name}](#${anchor(entry, e.name)})`).join(' · '), '');
    for (const e of own) {
      parts.push(`<a id="${anchor(entry, e.name)}"></a>`, '', `### ${e.name}`, '', `*${e.kind}* · [${e.source}](../${e.source})`, '');
      if (e.description.length > 0) parts.push(e.description, '');
      parts.push('```ts', e.declaration.trimEnd(), '```', '');
    }
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
