#!/usr/bin/env node
// Lists the functions longer than MAX_LINES under packages/api/src/services (tests excluded) and
// exits 1 when one of them carries no reason: a `// long: <why>` comment in the `//` lines right
// above it (above a `const f = () =>` that is the `const` line). A long function hides its phases;
// the reason is for the few that read better whole.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_LINES = 60;
const ROOT = 'packages/api/src/services';

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield path;
  }
}

/** The function's name as a reader finds it: its own, or the variable, property or call it is given to. */
function nameOf(node, source) {
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name)
    return parent.name.getText(source);
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(source)})`;
  return '(anonymous)';
}

/** The line a reason comment must sit above: the `const` of a function held in a variable. */
function anchorOf(node) {
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isVariableDeclarationList(parent.parent))
    return ts.isVariableStatement(parent.parent.parent) ? parent.parent.parent : parent;
  return node;
}

/** The `// long: <why>` reason in the run of `//` lines directly above `line` (0-based), if any. */
function reasonAbove(lines, line) {
  for (let i = line - 1; i >= 0 && lines[i].trim().startsWith('//'); i--) {
    const match = /^\/\/\s*long:\s*(\S.*)$/.exec(lines[i].trim());
    if (match) return match[1];
  }
  return undefined;
}

const found = [];
for (const path of sourceFiles(ROOT)) {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const length = end - start + 1;
      if (length > MAX_LINES) {
        const anchor = source.getLineAndCharacterOfPosition(anchorOf(node).getStart(source)).line;
        found.push({
          where: `${relative(process.cwd(), path)}:${start + 1}`,
          name: nameOf(node, source),
          length,
          reason: reasonAbove(lines, anchor),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

found.sort((a, b) => b.length - a.length);
for (const f of found)
  console.log(
    `${f.reason ? 'ok  ' : 'LONG'} ${String(f.length).padStart(4)} lines  ${f.name}  ${f.where}${f.reason ? `  (long: ${f.reason})` : ''}`,
  );
const unexplained = found.filter((f) => !f.reason).length;
console.log(
  `function lengths: ${found.length} over ${MAX_LINES} lines under ${ROOT}, ${unexplained} without a \`// long:\` reason`,
);
process.exit(unexplained > 0 ? 1 : 0);
