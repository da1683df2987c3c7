// Reads the Nu HTML Checker's JSON output (vnu.jar --format json) and reports it.
// Usage: node vnu-report.mjs VNU_JSON SITE_DIR FILE_COUNT
// Fails (exit 1) on any error (type "error" or "non-document-error", including fatal
// parse errors); warnings are printed, grouped, but do not fail. Last line:
// "vnu: N files, E errors, W warnings".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [jsonFile, siteDir, fileCountArg] = process.argv.slice(2);
const fileCount = Number(fileCountArg);
const siteAbs = path.resolve(siteDir);

let report;
try {
  report = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
} catch (e) {
  console.error(`vnu: could not read the validator's output (${e.message})`);
  console.log(`vnu: ${fileCount} files, validator failed to run`);
  process.exit(1);
}

const rel = (url) => {
  if (!url) return '(no file)';
  try {
    return path.relative(siteAbs, fileURLToPath(url)) || url;
  } catch {
    return url;
  }
};

const errors = [];
const warnings = [];
for (const m of report.messages ?? []) {
  const isError = m.type === 'error' || m.type === 'non-document-error';
  const isWarning = m.type === 'info' && m.subType === 'warning';
  if (!isError && !isWarning) continue;
  const where = `${rel(m.url)}${m.lastLine ? `:${m.firstLine ?? m.lastLine}:${m.firstColumn ?? m.lastColumn ?? ''}` : ''}`;
  (isError ? errors : warnings).push({ file: rel(m.url), where, message: m.message, extract: m.extract, fatal: m.subType === 'fatal' });
}

const oneLine = (s) => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, 160);

if (errors.length) {
  console.log(`vnu: ${errors.length} error(s):`);
  for (const e of errors) {
    console.log(`  ERROR ${e.where}: ${e.fatal ? '[fatal] ' : ''}${e.message}`);
    if (e.extract) console.log(`        ${oneLine(e.extract)}`);
  }
  // The same template mistake shows on many pages: group by message for the owner.
  const byMessage = new Map();
  for (const e of errors) {
    const g = byMessage.get(e.message) ?? { count: 0, files: new Set() };
    g.count++;
    g.files.add(e.file);
    byMessage.set(e.message, g);
  }
  console.log('vnu: errors grouped by message:');
  for (const [msg, g] of [...byMessage].sort((a, b) => b[1].count - a[1].count)) {
    const files = [...g.files];
    console.log(`  ${g.count} × in ${files.length} file(s): ${msg}`);
    console.log(`      e.g. ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}`);
  }
}
if (warnings.length) {
  const byMessage = new Map();
  for (const w of warnings) {
    const g = byMessage.get(w.message) ?? { count: 0, first: w.where };
    g.count++;
    byMessage.set(w.message, g);
  }
  console.log(`vnu: ${warnings.length} warning(s) (informative, not a failure):`);
  for (const [msg, g] of byMessage) console.log(`  WARNING ${g.count} ×, first at ${g.first}: ${msg}`);
}
console.log(`vnu: ${fileCount} files, ${errors.length} errors, ${warnings.length} warnings`);
process.exit(errors.length ? 1 : 0);
