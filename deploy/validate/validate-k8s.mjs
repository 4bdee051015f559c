// Validates Kubernetes manifests offline: every document against its Kubernetes schema (from
// kubernetes-models), then every field against the API types, which catches misspelled or
// misplaced fields that the schemas, open to unknown fields, let through.
// Usage: node validate-k8s.mjs <file or directory>...   Exit code 0 when all are valid.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { typecheck } from "./typecheck.mjs";

const files = process.argv.slice(2).flatMap((arg) =>
  statSync(arg).isDirectory()
    ? readdirSync(arg).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(arg, f))
    : [arg]);
if (files.length === 0) {
  console.error("validate-k8s: no manifests given");
  process.exit(2);
}

const problems = [];
const typed = [];
for (const file of files) {
  for (const [index, doc] of parseAllDocuments(readFileSync(file, "utf8")).entries()) {
    const where = `${file}#${index}`;
    if (doc.errors.length > 0) {
      problems.push(...doc.errors.map((e) => `${where}: YAML: ${e.message}`));
      continue;
    }
    const value = doc.toJS();
    if (value == null) continue;
    const { apiVersion, kind } = value;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      problems.push(`${where}: no apiVersion and kind`);
      continue;
    }
    const label = `${file} (${kind} ${value.metadata?.name ?? "?"})`;
    const module = `kubernetes-models/${apiVersion}/${kind}`;
    let model;
    try {
      model = (await import(module))[kind];
    } catch {
      problems.push(`${label}: unknown apiVersion/kind ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new model(value).validate();
    } catch (e) {
      problems.push(`${label}: schema: ${e.message}`);
    }
    typed.push({ label, module, type: `I${kind}`, value });
  }
}
problems.push(...typecheck(typed));

for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error(`validate-k8s: ${problems.length} problem(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`validate-k8s: ${typed.length} object(s) in ${files.length} file(s) valid`);
