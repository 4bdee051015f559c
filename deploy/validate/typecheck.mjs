// Type-checks JSON documents against TypeScript types with the TypeScript compiler. Each
// document becomes an object literal assigned to a variable of its type: the compiler reports
// wrong types, and a walk of each document beside its type reports every field the type does
// not know, the misspellings that JSON-schema validation lets through (the Kubernetes schemas
// allow unknown fields). The walk is needed because the compiler's own excess-property check
// stops at the first problem it elaborates in an object.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const here = new URL(".", import.meta.url).pathname;

/**
 * @param {{label: string, module: string, type: string, value: unknown}[]} docs
 * @returns {string[]} one message per problem, prefixed with the document's label
 */
export function typecheck(docs) {
  const dir = mkdtempSync(join(here, ".typecheck-"));
  try {
    const lines = [];
    const owners = []; // owners[line] = label of the document written on that line
    docs.forEach((doc, i) => {
      lines.push(`import type { ${doc.type} as T${i} } from ${JSON.stringify(doc.module)};`);
    });
    docs.forEach((doc, i) => {
      const body = `export const doc${i}: T${i} = ${JSON.stringify(doc.value, null, 2)};`.split("\n");
      for (const line of body) {
        owners[lines.length] = doc.label;
        lines.push(line);
      }
    });
    const file = join(dir, "documents.ts");
    writeFileSync(file, lines.join("\n") + "\n");
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
    });
    const checker = program.getTypeChecker();
    const unknown = [];
    const source = program.getSourceFile(file);
    docs.forEach((doc, i) => {
      const decl = source.statements.find((s) => ts.isVariableStatement(s)
        && s.declarationList.declarations[0].name.getText(source) === `doc${i}`);
      if (!decl) return;
      const type = checker.getTypeFromTypeNode(decl.declarationList.declarations[0].type);
      walk(checker, type, doc.value, [], (path) => unknown.push(`${doc.label}: ${path}: unknown field`));
    });
    // 2353: the compiler's excess-property message, reported completely by the walk instead.
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.code !== 2353);
    return unknown.concat(diagnostics.map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
      if (!d.file || d.file.fileName !== file) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      const path = pathAt(lines, line);
      return `${owners[line] ?? "(imports)"}: ${path ? path + ": " : ""}${text}`;
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Reports each key of value that its type does not declare, recursing into known fields.
function walk(checker, type, value, path, report) {
  if (value === null || typeof value !== "object") return;
  type = checker.getNonNullableType(type);
  if (Array.isArray(value)) {
    const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    if (element) value.forEach((v, i) => walk(checker, element, v, [...path, i], report));
    return;
  }
  const objectLike = (t) => (t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) !== 0;
  const open = (t) => checker.getIndexTypeOfType(t, ts.IndexKind.String) !== undefined;
  const unknownKeys = (t) => Object.keys(value).filter((k) => !checker.getPropertyOfType(t, k));
  if (type.isUnion()) {
    // A union of object types (a dashboard's Panel | RowPanel): the member the value fits best.
    const members = type.types.filter(objectLike);
    if (members.length === 0 || members.some(open)) return;
    type = members.reduce((best, t) => (unknownKeys(t).length < unknownKeys(best).length ? t : best));
  }
  // Index signatures (labels, annotations, ConfigMap data, free-form options) accept any key.
  if (!objectLike(type) || open(type)) return;
  for (const [key, v] of Object.entries(value)) {
    const property = checker.getPropertyOfType(type, key);
    if (!property) {
      report([...path, key].join("."));
      continue;
    }
    walk(checker, checker.getTypeOfSymbol(property), v, [...path, key], report);
  }
}

// The JSON path of the key on a line of pretty-printed JSON, from the indentation above it.
function pathAt(lines, line) {
  const keyOf = (l) => /^\s*"([^"]+)":/.exec(l)?.[1];
  const indent = (l) => l.length - l.trimStart().length;
  const path = [];
  let depth = indent(lines[line]);
  const own = keyOf(lines[line]);
  if (own) path.unshift(own);
  for (let i = line - 1; i >= 0 && depth > 0; i--) {
    const l = lines[i];
    if (indent(l) < depth && /[\[{]\s*$/.test(l)) {
      depth = indent(l);
      const key = keyOf(l);
      if (key) path.unshift(key);
    }
  }
  return path.join(".");
}
