// Checks Grafana dashboards offline: the JSON against the Dashboard type of @grafana/schema
// (unknown fields and wrong types), then what the type cannot say: unique panel ids, panels
// that do not overlap, a query in every panel, and only template variables that exist.
// Usage: node validate-dashboard.mjs <dashboard.json>...   Exit code 0 when all are valid.
import { readFileSync } from "node:fs";
import { typecheck } from "./typecheck.mjs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("validate-dashboard: no dashboards given");
  process.exit(2);
}
const BUILT_IN = new Set(["__rate_interval", "__interval", "__range", "__interval_ms", "__range_s"]);

const problems = [];
const typed = [];
let queries = 0;
for (const file of files) {
  let dashboard;
  try {
    dashboard = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    problems.push(`${file}: ${e.message}`);
    continue;
  }
  typed.push({ label: file, module: "@grafana/schema", type: "Dashboard", value: dashboard });
  const variables = new Set((dashboard.templating?.list ?? []).map((v) => v.name));
  const ids = new Set();
  const cells = new Map();
  for (const [index, panel] of (dashboard.panels ?? []).entries()) {
    const where = `${file}: panel ${panel.id} "${panel.title}"`;
    if (ids.has(panel.id)) problems.push(`${where}: duplicate id`);
    ids.add(panel.id);
    if (!panel.title) problems.push(`${where}: no title`);
    const { x, y, w, h } = panel.gridPos ?? {};
    if ([x, y, w, h].some((n) => !Number.isInteger(n)) || x + w > 24) {
      problems.push(`${where}: gridPos must be whole numbers within 24 columns`);
    } else {
      for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) {
        const other = cells.get(`${r},${c}`);
        if (other !== undefined && other !== index) problems.push(`${where}: overlaps panel #${other + 1}`);
        cells.set(`${r},${c}`, index);
      }
    }
    const targets = panel.targets ?? [];
    if (targets.length === 0) problems.push(`${where}: no query`);
    const refIds = new Set();
    for (const target of targets) {
      if (refIds.has(target.refId)) problems.push(`${where}: duplicate refId ${target.refId}`);
      refIds.add(target.refId);
      if (typeof target.expr !== "string" || target.expr.trim() === "") {
        problems.push(`${where}: query ${target.refId} has no expr`);
        continue;
      }
      queries++;
      for (const [, name] of target.expr.matchAll(/\$\{?(\w+)/g)) {
        if (!variables.has(name) && !BUILT_IN.has(name)) {
          problems.push(`${where}: query ${target.refId} uses undefined variable $${name}`);
        }
      }
    }
  }
}
problems.push(...typecheck(typed));

const unique = [...new Set(problems)];
for (const p of unique) console.error(p);
if (unique.length > 0) {
  console.error(`validate-dashboard: ${unique.length} problem(s)`);
  process.exit(1);
}
console.log(`validate-dashboard: ${files.length} dashboard(s), ${queries} queries valid`);
