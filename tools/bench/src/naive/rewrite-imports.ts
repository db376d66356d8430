import { dirname, relative, sep } from 'node:path';
import * as ts from 'typescript';
import { PROVIDER_PACKAGE, deepImportDir } from './provider-barrel';

/** What {@link rewriteImports} needs to know about the naive tree. */
export interface RewriteContext {
  /** Barrel namespace of each provider `lib/<dir>` (see `readBarrelNamespaces`). */
  readonly providerNamespaces: ReadonlyMap<string, string>;
  /**
   * The absolute path, without extension, of the source file a workspace specifier
   * (`@icelog/core`, `@icelog/core/testing`) stands for in the naive tree; `undefined` when unknown.
   */
  readonly resolveWorkspace: (specifier: string) => string | undefined;
  /** Scope of the workspace packages. @default '@icelog/' */
  readonly workspaceScope?: string;
}

/** The rewritten file and what was changed. */
export interface RewriteResult {
  readonly text: string;
  /** Deep provider imports turned into barrel aliases. */
  readonly providerImports: number;
  /** Workspace package imports turned into relative paths. */
  readonly workspaceImports: number;
}

/** A source construct the rewrite does not handle: the comparator would not be the same stack. */
export class RewriteError extends Error {
  constructor(fileName: string, node: ts.Node, sourceFile: ts.SourceFile, problem: string) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    super(`${fileName}:${line + 1}:${character + 1}: ${problem}`);
    this.name = 'RewriteError';
  }
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Rewrites one TypeScript source file of the real app into the tutorial form:
 *
 * - `import { A, B as C } from '@cdktf/provider-aws/lib/x-y'` becomes
 *   `import * as aws from '@cdktf/provider-aws';` (once per file) plus `import A = aws.xY.A;` and
 *   `import C = aws.xY.B;`, so the rest of the file is unchanged and every provider class still comes
 *   from the barrel, which loads all resource modules;
 * - `@icelog/<pkg>[/<sub>]` specifiers (static imports, re-exports, `import()`, `require()` and
 *   `typeof import()` types) become relative paths to the copied sources.
 *
 * Anything else that mentions a deep provider path (re-exports, default imports, dynamic imports)
 * throws a {@link RewriteError}: the comparator must be the same program, or fail loudly.
 */
export function rewriteImports(text: string, fileName: string, context: RewriteContext): RewriteResult {
  const scope = context.workspaceScope ?? '@icelog/';
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const namespaceName = freeIdentifier(sourceFile, 'aws');
  const edits: Edit[] = [];
  let providerImports = 0;
  let workspaceImports = 0;
  let barrelImported = false;

  const fail = (node: ts.Node, problem: string): never => {
    throw new RewriteError(fileName, node, sourceFile, problem);
  };

  const workspaceTarget = (literal: ts.StringLiteralLike): string | undefined => {
    if (!literal.text.startsWith(scope)) {
      return undefined;
    }
    const target = context.resolveWorkspace(literal.text);
    if (target === undefined) {
      return fail(literal, `no source file for workspace import '${literal.text}' in the naive tree`);
    }
    workspaceImports += 1;
    return relativeSpecifier(fileName, target);
  };

  const replaceSpecifier = (literal: ts.StringLiteralLike): void => {
    const target = workspaceTarget(literal);
    if (target !== undefined) {
      edits.push({ start: literal.getStart(sourceFile), end: literal.getEnd(), text: `'${target}'` });
    }
  };

  const namespaceFor = (node: ts.Node, dir: string): string => {
    const namespace = context.providerNamespaces.get(dir);
    return namespace ?? fail(node, `'${PROVIDER_PACKAGE}/lib/${dir}' has no namespace in the barrel`);
  };

  const aliases = (statement: ts.ImportDeclaration, dir: string): string[] => {
    const namespace = namespaceFor(statement, dir);
    const clause = statement.importClause;
    if (clause === undefined) {
      return [];
    }
    if (clause.name !== undefined) {
      return fail(clause, `default import from '${PROVIDER_PACKAGE}/lib/${dir}' is not supported`);
    }
    const bindings = clause.namedBindings;
    if (bindings === undefined) {
      return [];
    }
    if (ts.isNamespaceImport(bindings)) {
      return [`import ${bindings.name.text} = ${namespaceName}.${namespace};`];
    }
    return bindings.elements.map(
      (element) =>
        `import ${element.name.text} = ${namespaceName}.${namespace}.${(element.propertyName ?? element.name).getText(sourceFile)};`,
    );
  };

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const dir = deepImportDir(statement.moduleSpecifier.text);
      if (dir === undefined) {
        replaceSpecifier(statement.moduleSpecifier);
        continue;
      }
      providerImports += 1;
      const lines = aliases(statement, dir);
      if (!barrelImported) {
        lines.unshift(`import * as ${namespaceName} from '${PROVIDER_PACKAGE}';`);
        barrelImported = true;
      }
      edits.push({ start: statement.getStart(sourceFile), end: statement.getEnd(), text: lines.join('\n') });
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      if (deepImportDir(statement.moduleSpecifier.text) !== undefined) {
        fail(statement, `re-export from '${statement.moduleSpecifier.text}' is not supported`);
      }
      replaceSpecifier(statement.moduleSpecifier);
    }
  }

  const visit = (node: ts.Node): void => {
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) {
        if (deepImportDir(expression.text) !== undefined) {
          fail(node, `import = require('${expression.text}') is not supported`);
        }
        replaceSpecifier(expression);
      }
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      replaceSpecifier(node.argument.literal);
    } else if (ts.isCallExpression(node) && isImportOrRequire(node)) {
      const argument = node.arguments[0];
      if (argument !== undefined && ts.isStringLiteralLike(argument)) {
        if (deepImportDir(argument.text) !== undefined) {
          fail(node, `dynamic import of '${argument.text}' is not supported`);
        }
        replaceSpecifier(argument);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  return { text: applyEdits(text, edits), providerImports, workspaceImports };
}

function isImportOrRequire(call: ts.CallExpression): boolean {
  return (
    call.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(call.expression) && call.expression.text === 'require')
  );
}

/** `preferred`, or `preferred_<n>` when the file already uses that identifier. */
function freeIdentifier(sourceFile: ts.SourceFile, preferred: string): string {
  const used = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      used.add(node.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(sourceFile);
  let name = preferred;
  for (let n = 1; used.has(name); n += 1) {
    name = `${preferred}_${n}`;
  }
  return name;
}

/** A `./` or `../` specifier from `fromFile` to `target` with forward slashes. */
export function relativeSpecifier(fromFile: string, target: string): string {
  const path = relative(dirname(fromFile), target).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}
