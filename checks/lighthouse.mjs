// Lighthouse (npm lighthouse, pinned) on one page of each kind, French and English
// (lighthouse-pages.txt), with Lighthouse's default mobile settings: a Moto G Power's
// screen, simulated slow 4G and a 4× slower CPU. A reader on a phone is who the site is
// slowest for; axe (browser.mjs) already checks accessibility in depth, but only Lighthouse
// says how fast a page paints and settles there, and checks what search engines and
// browsers look at (title, description, hreflang, canonical, robots, console errors).
//   A page passes with performance ≥ 0.95 (judged on the median of three runs when the
//   first fails: see medianRun), accessibility, best practices and SEO = 1.
//
// Usage: node lighthouse.mjs --site SITE_DIR --base URL [--pages FILE] [--out DIR]
//                            [--public URL] [--chromium PATH]
//   SITE_DIR  the built site (to skip listed pages that do not exist)
//   URL       where SITE_DIR is served, e.g. http://127.0.0.1:8123/
//   FILE      pages list, as pages.txt (default: lighthouse-pages.txt beside this file)
//   DIR       where each page's report goes, NAME.report.json and NAME.report.html
//             (default: target/lighthouse/ of the project; created, old reports removed)
//   --public  the site's public address (default: none): see "canonical" below
// Prints "ok PAGE perf … a11y … bp … seo …" or "FAIL PAGE …" a page, each FAIL followed by
// its failing audits and their first offending elements; then "lighthouse: …" last.
// Exits 1 if a page failed, 2 if it could not run.
//
// Cost: one Chrome serves every run (a new tab each time, storage and cache cleared by
// Lighthouse before each load, so every page loads cold), pages one after the other (runs
// side by side on 2 cores would slow each other's traces and so the simulated metrics),
// only the four categories, and none of the screenshot audits, which score nothing.
// Also skipped, as Lighthouse's own LR config does, and scored in no category:
// "bf-cache" (headless Chrome always reports back/forward cache failures, and the audit
// costs a second navigation) and "uses-http2" (checks/serve.py speaks HTTP/1.1; the
// protocol is the host's, not the site's).
//
// Local serving and SEO. The pages are served from 127.0.0.1 while their canonical and
// hreflang links give the public address. Lighthouse's "canonical" audit
// (core/audits/seo/canonical.js) does not fail a canonical on another host: it fails only
// (1) an invalid canonical URL, (2) a relative one, (3) several different canonicals,
// (4) a canonical that is another hreflang alternate while the page's own URL is one too
// (a French page pointing at its English version), (5) a canonical at the root "/" of the
// page's own origin from any other page. Served locally, (4) and (5) can never fire: the
// page's URL (127.0.0.1) is none of the alternates and the canonical's origin is not the
// page's. With --public, this check puts them back: it runs the same two tests of
// Lighthouse's audit with the page's public address in place of the local one, and a
// mistake fails the page's SEO like the audit would. "is-crawlable" and "robots-txt" read
// /robots.txt and the response headers of the local server: the site's own robots.txt (at
// the server's root, when the base path is "/"); headers such as X-Robots-Tag are the
// host's business and serve.py sends none. "is-on-https" and "redirects-http" treat
// 127.0.0.1 as a secure origin (core/lib/url-utils.js, isLikeLocalhost), so plain HTTP
// here costs nothing; on the public host, HTTPS is the host's. Where the local server
// does differ from a host is in how it sends the files: see HOST_AUDITS below.
//
// One Chrome for every page has one visible effect: Chrome asks for /favicon.ico of a page
// that names no icon, and remembers a missing one for the rest of its session, so the 404
// (an "errors-in-console" failure of best practices) shows on the first page listed only.
// It is the site's all the same: every reader's browser asks for it on their first page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { pagesOfSite, readPageList } from './page-list.mjs';
import Canonical, { UIStrings as canonicalStrings } from 'lighthouse/core/audits/seo/canonical.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    site: { type: 'string' },
    base: { type: 'string' },
    pages: { type: 'string', default: path.join(here, 'lighthouse-pages.txt') },
    out: { type: 'string', default: path.join(here, '..', 'target', 'lighthouse') },
    public: { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
  },
});
for (const k of ['site', 'base']) {
  if (!opt[k]) {
    console.error(`lighthouse.mjs: --${k} is required`);
    process.exit(2);
  }
}
const base = opt.base.endsWith('/') ? opt.base : `${opt.base}/`;
const publicBase = opt.public ? new URL(opt.public.endsWith('/') ? opt.public : `${opt.public}/`) : null;

// Pass criteria: a category's score must reach its threshold.
const CATEGORIES = [
  { id: 'performance', short: 'perf', min: 0.95 },
  { id: 'accessibility', short: 'a11y', min: 1 },
  { id: 'best-practices', short: 'bp', min: 1 },
  { id: 'seo', short: 'seo', min: 1 },
];
const config = {
  extends: 'lighthouse:default', // mobile, simulated throttling
  settings: {
    onlyCategories: CATEGORIES.map((c) => c.id),
    skipAudits: ['screenshot-thumbnails', 'final-screenshot', 'bf-cache', 'uses-http2'],
    disableFullPageScreenshot: true,
  },
};
// Audits about how the server sends the files, not about the files: checks/serve.py gzips
// text as hosts do (the simulated slow 4G downloads the bytes as sent, so the metrics are
// those of a reader), but sends no Cache-Control, which is the host's business.
const HOST_AUDITS = {
  'uses-text-compression': 'a matter for the host (checks/serve.py gzips text)',
  'uses-long-cache-ttl': 'the local server sends no Cache-Control; a matter for the host',
  'server-response-time': 'the local server',
};
const ITEMS_SHOWN = 5; // offending elements printed per failing audit (all are in the report)

// lighthouse-pages.txt: "PATH" a line (as pages.txt, without flags).
const listed = readPageList(opt.pages);
for (const p of listed.filter((p) => p.flags.length)) {
  // Lighthouse has no per-run switch for scripts; one Chrome serves every page.
  console.error(`lighthouse.mjs: ${path.basename(opt.pages)}: "${p.line}": flags (${p.flags.join(' ')}) are not supported here`);
  process.exit(2);
}
const pages = pagesOfSite(listed, opt.site, (p) =>
  console.log(`  SKIP /${p.sitePath} (listed in ${path.basename(opt.pages)}, not in the site yet)`),
).map((p) => p.sitePath);
const reportName = (sitePath) => sitePath.replace(/\/+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'root';

fs.mkdirSync(opt.out, { recursive: true });
for (const f of fs.readdirSync(opt.out)) if (/\.report\.(json|html)$/.test(f)) fs.rmSync(path.join(opt.out, f));

// ---- formatting of what failed ------------------------------------------------------------
const oneLine = (s, max = 300) => {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
const number = (v, unit) => (typeof v === 'number' ? `${Math.round(v * 10) / 10}${unit}` : v);
// One value of a details table, as its heading's type says.
function formatValue(value, type) {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'object') {
    switch (value.type) {
      case 'node':
        return `${value.selector || value.path || ''} ${oneLine(value.snippet || value.nodeLabel || '', 160)}`.trim();
      case 'source-location':
        return `${value.url}:${value.line + 1}:${value.column + 1}`;
      case 'url':
      case 'code':
      case 'text':
        return oneLine(value.value);
      case 'numeric':
        return number(value.value, '');
      case 'subitems':
        return null; // printed on their own lines
      default:
        return oneLine(JSON.stringify(value), 160);
    }
  }
  if (type === 'ms' || type === 'timespanMs') return number(value, ' ms');
  if (type === 'bytes') return `${Math.round(value / 102.4) / 10} KiB`;
  return oneLine(value, 200);
}
function formatItem(item, headings) {
  const keys = headings?.length ? headings : Object.keys(item).map((key) => ({ key }));
  const parts = [];
  for (const h of keys) {
    const key = h.key;
    if (!key || !(key in item)) continue;
    const v = formatValue(item[key], h.valueType);
    if (v !== null) parts.push(headings?.length && h.label && !['node', 'source', 'url'].includes(key) ? `${h.label}: ${v}` : v);
  }
  // axe's explanation of a node ("Fix any of the following: … contrast of 3.1 …").
  if (item.node?.explanation) parts.push(oneLine(item.node.explanation, 400));
  return parts.join(' | ');
}
// The offending elements of an audit: its details' first items (tables, lists, checklists).
function detailLines(details) {
  if (!details) return [];
  const lines = [];
  if (details.type === 'list') {
    for (const sub of details.items || []) lines.push(...detailLines(sub));
    return lines;
  }
  if (details.type === 'checklist') {
    return Object.entries(details.items || {}).filter(([, v]) => !v.value).map(([, v]) => `${v.label}: no`);
  }
  if (!['table', 'opportunity'].includes(details.type)) return lines;
  const items = details.items || [];
  for (const item of items.slice(0, ITEMS_SHOWN)) {
    lines.push(formatItem(item, details.headings));
    const subHeadings = details.headings?.map((h) => h.subItemsHeading && { ...h.subItemsHeading, label: h.subItemsHeading.label || h.label }).filter(Boolean);
    for (const sub of item.subItems?.items?.slice(0, 3) || []) lines.push(`  └ ${formatItem(sub, subHeadings?.length ? subHeadings : null)}`);
  }
  if (items.length > ITEMS_SHOWN) lines.push(`… and ${items.length - ITEMS_SHOWN} more (see the report)`);
  return lines;
}
const scoreText = (s) => (s === null || s === undefined ? '–' : String(Math.round(s * 100) / 100));
// What makes a category fail. Accessibility, best practices, SEO: every scored audit below 1.
// Performance: its five weighted metrics (their scores make the category's), then every
// diagnostic that Lighthouse itself marks failed (score < 0.9), the usual ways to fix them.
function failingAudits(lhr, category) {
  const out = [];
  const audit = (ref) => lhr.audits[ref.id];
  if (category.id === 'performance') {
    for (const ref of category.auditRefs.filter((r) => r.weight > 0)) {
      const a = audit(ref);
      out.push({ a, label: `metric ${a.id} ${a.displayValue ?? ''} (score ${scoreText(a.score)}, weight ${ref.weight})` });
    }
    for (const ref of category.auditRefs.filter((r) => r.weight === 0)) {
      const a = audit(ref);
      if (a.score !== null && a.score < 0.9 && !['manual', 'notApplicable', 'informative'].includes(a.scoreDisplayMode)) out.push({ a });
    }
    // The elements behind LCP and CLS and the tasks behind TBT, always useful when the
    // metrics fail.
    for (const id of ['largest-contentful-paint-element', 'layout-shifts', 'long-tasks']) {
      const a = lhr.audits[id];
      if (a && !out.some((o) => o.a.id === id) && a.details?.items?.length) out.push({ a });
    }
  } else {
    for (const ref of category.auditRefs.filter((r) => r.weight > 0)) {
      const a = audit(ref);
      if (a.scoreDisplayMode === 'error' || (a.score !== null && a.score < 1)) out.push({ a });
    }
  }
  return out;
}

// ---- the runs ----------------------------------------------------------------------------
// Performance is timed, and its total blocking time is the page's main-thread work as this
// machine did it, slowed down four times: a busy moment of a 2-core machine can cost a page
// tenths of its score. As Lighthouse's authors advise, a page whose performance fails is run
// twice more and judged on the median run of the three (the other categories do not vary).
const RUNS_ON_FAILURE = 3;
async function medianRun(url, lines) {
  const once = () => lighthouse(url, { port: chrome.port, output: ['json', 'html'], logLevel: 'error' }, config);
  const first = await once();
  const perf = (run) => run?.lhr?.categories?.performance?.score ?? null;
  const min = CATEGORIES.find((c) => c.id === 'performance')?.min ?? 0;
  if (!first || first.lhr.runtimeError || perf(first) === null || perf(first) >= min) return first;
  const runs = [first];
  while (runs.length < RUNS_ON_FAILURE) {
    const run = await once();
    if (!run || run.lhr.runtimeError || perf(run) === null) return run;
    runs.push(run);
  }
  runs.sort((a, b) => perf(a) - perf(b));
  const median = runs[Math.floor(runs.length / 2)];
  lines.push(`note: performance ${runs.map((r) => scoreText(perf(r))).join(', ')} in ${runs.length} runs; the median run is judged`);
  return median;
}

try {
  fs.accessSync(opt.chromium, fs.constants.X_OK);
} catch {
  console.log(`lighthouse: could not run: no browser at ${opt.chromium} (set CHROMIUM or --chromium)`);
  process.exit(2);
}
let chrome;
try {
  chrome = await chromeLauncher.launch({
    chromePath: opt.chromium,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
    logLevel: 'silent',
  });
} catch (error) {
  console.log(`lighthouse: could not start ${opt.chromium}: ${oneLine(error.message || error, 400)}`);
  process.exit(2);
}
const results = []; // { page, pass, scores, seconds }
const unscoredErrors = new Map(); // "audit: error" -> pages (audits of no weight that could not run)
const started = Date.now();
try {
  for (const sitePath of pages) {
    const url = new URL(sitePath, base).href;
    const shown = `/${sitePath}`;
    const t = Date.now();
    const lines = [];
    let scores = {};
    let pass = true;
    try {
      const run = await medianRun(url, lines);
      if (!run) throw new Error('Lighthouse returned nothing');
      const { lhr } = run;
      fs.writeFileSync(path.join(opt.out, `${reportName(sitePath)}.report.json`), run.report[0]);
      fs.writeFileSync(path.join(opt.out, `${reportName(sitePath)}.report.html`), run.report[1]);
      if (lhr.runtimeError) {
        pass = false;
        lines.push(`Lighthouse could not test the page: ${lhr.runtimeError.code}: ${oneLine(lhr.runtimeError.message, 400)}`);
      }
      if (lhr.finalDisplayedUrl !== url) lines.push(`note: ended at ${lhr.finalDisplayedUrl} (a redirect)`);
      for (const w of lhr.runWarnings || []) lines.push(`warning: ${oneLine(w, 400)}`);
      // The canonical tests that serving from 127.0.0.1 turns off, on the public address:
      // a mistake scores the audit 0 and the SEO category is scored again, as Lighthouse
      // would there (scoring.js: the mean of the weighted audits).
      let canonicalMistake = null;
      const canonicalAudit = lhr.audits.canonical;
      if (publicBase && run.artifacts?.LinkElements && canonicalAudit?.score === 1) {
        const data = Canonical.collectCanonicalURLs(run.artifacts.LinkElements);
        if (data.uniqueCanonicalURLs.size === 1) {
          const publicUrl = new URL(new URL(lhr.finalDisplayedUrl).pathname.slice(new URL(base).pathname.length), publicBase);
          const mistake = Canonical.findCommonCanonicalURLMistakes(data, new URL([...data.uniqueCanonicalURLs][0]), publicUrl);
          if (mistake) {
            const why = mistake.explanation?.formattedDefault ?? mistake.explanation ?? '';
            canonicalMistake = `canonical "${canonicalStrings.failureTitle}" score 0 at the public address ${publicUrl.href}: ${oneLine(why)}`;
            canonicalAudit.score = 0;
            const seo = lhr.categories.seo;
            const refs = seo ? seo.auditRefs.filter((r) => r.weight > 0) : [];
            if (refs.length && refs.every((r) => lhr.audits[r.id].score !== null)) {
              const sum = refs.reduce((acc, r) => acc + lhr.audits[r.id].score * r.weight, 0);
              seo.score = Math.round((sum / refs.reduce((acc, r) => acc + r.weight, 0)) * 100) / 100;
            }
          }
        }
      }
      const weighted = new Set(Object.values(lhr.categories).flatMap((c) => c.auditRefs.filter((r) => r.weight > 0).map((r) => r.id)));
      for (const a of lhr.runtimeError ? [] : Object.values(lhr.audits)) {
        if (a.scoreDisplayMode !== 'error' || weighted.has(a.id)) continue;
        const what = `${a.id}: ${oneLine(a.errorMessage ?? '', 200)}`;
        unscoredErrors.set(what, (unscoredErrors.get(what) ?? 0) + 1);
      }
      for (const c of lhr.runtimeError ? [] : CATEGORIES) {
        const category = lhr.categories[c.id];
        const score = category?.score ?? null;
        scores[c.short] = score;
        if (score !== null && score >= c.min) continue;
        pass = false;
        lines.push(`${c.id} ${scoreText(score)} (must be ${c.min === 1 ? '1' : `≥ ${c.min}`}):`);
        if (!category) continue;
        for (const { a, label } of failingAudits(lhr, category)) {
          if (a.id === 'canonical' && canonicalMistake) {
            lines.push(`  ${canonicalMistake}`);
            continue;
          }
          const title = label ?? `${a.id} "${a.title}" score ${scoreText(a.score)}${a.displayValue ? ` (${oneLine(a.displayValue, 100)})` : ''}`;
          lines.push(`  ${title}${HOST_AUDITS[a.id] ? ` [${HOST_AUDITS[a.id]}]` : ''}`);
          if (a.errorMessage) lines.push(`    error: ${oneLine(a.errorMessage, 400)}`);
          if (a.explanation) lines.push(`    ${oneLine(a.explanation, 400)}`);
          if (HOST_AUDITS[a.id] && a.id !== 'uses-text-compression') continue; // the items are the host's
          for (const d of detailLines(a.details)) lines.push(`    ${d}`);
        }
      }
    } catch (error) {
      pass = false;
      lines.push(`could not run: ${oneLine(error.stack || error, 600)}`);
    }
    const seconds = (Date.now() - t) / 1000;
    const scoreLine = CATEGORIES.map((c) => `${c.short} ${scoreText(scores[c.short])}`).join(' ');
    console.log(`${pass ? 'ok  ' : 'FAIL'} ${shown} ${scoreLine} (${seconds.toFixed(1)} s)`);
    for (const l of lines) console.log(`     ${l}`);
    results.push({ page: shown, pass, scores, seconds });
  }
} finally {
  await chrome.kill();
}

const total = (Date.now() - started) / 1000;
const failed = results.filter((r) => !r.pass);
fs.writeFileSync(path.join(opt.out, 'summary.json'), JSON.stringify({ thresholds: CATEGORIES, seconds: total, results }, null, 2));
// Errors of audits that weigh nothing (a weighted one that errs fails its page above).
for (const [what, n] of unscoredErrors) console.log(`lighthouse: note: an audit of no weight could not run on ${n} of ${results.length} pages: ${what}`);
if (failed.length) console.log(`lighthouse: failed: ${failed.map((r) => r.page).join(' ')}`);
console.log(
  `lighthouse: ${results.length} page${results.length === 1 ? '' : 's'} (mobile), ${failed.length ? `${failed.length} FAILED` : 'all pass'} ` +
    `(perf ≥ 0.95, a11y/bp/seo = 1), ${results.length ? (total / results.length).toFixed(1) : 0} s a page; reports in ${opt.out}`,
);
process.exit(!pages.length ? 2 : failed.length ? 1 : 0);
