// Accessibility (axe-core) and screenshots of the pages listed in pages.txt, in headless
// Chromium through playwright-core, in light and dark colour schemes.
//
// Usage: node browser.mjs --site SITE_DIR --base URL --pages FILE --shots DIR
//   SITE_DIR  the built site (to skip listed pages that do not exist)
//   URL       where SITE_DIR is served, e.g. http://127.0.0.1:8123/
//   FILE      pages list (see pages.txt)
//   DIR       where the PNG screenshots go (created; old PNGs removed)
//
// axe runs at 1280 px wide in both schemes; every axe violation fails. Screenshots are
// full-page PNGs at 1280 px and 390 px wide, light and dark: NAME-WIDTH-SCHEME.png.
// At both widths, the text of every chart (svg[role=img]) is measured as the browser drew
// it: two labels whose boxes intersect, a label out of the SVG's viewBox, or text drawn
// smaller than the body's, fail.
// Fonts: on every page, with its <details> open, the font of every text node as Chromium
// drew it (DevTools' CSS.getPlatformFontsForNode): a glyph drawn with a font of the
// machine rather than a web font of the page fails, since what the page measures would
// then depend on the machine. The layout (page sizes at both widths, every chart label's
// box) goes to layout.json; with --same-as FILE, a layout that differs from FILE's fails.
// Prints "axe: P pages × 2 schemes, V violations", "screenshots: …", "charts: …" and
// "fonts: …"; writes axe-results.json beside the screenshots. Exit status is a bit mask:
// 1 = the axe check failed (a violation, or a page axe could not run on), 2 = a screenshot
// failed, 4 = chart labels overlap or stick out, 8 = text drawn with a machine's font, or a
// layout that differs from --same-as.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { pagesOfSite, readPageList } from './page-list.mjs';

const require = createRequire(import.meta.url);
const { values: opt } = parseArgs({
  options: {
    site: { type: 'string' },
    base: { type: 'string' },
    pages: { type: 'string' },
    shots: { type: 'string' },
    'same-as': { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
  },
});
for (const k of ['site', 'base', 'pages', 'shots']) {
  if (!opt[k]) {
    console.error(`browser.mjs: --${k} is required`);
    process.exit(2);
  }
}

const SCHEMES = ['light', 'dark'];
const AXE_WIDTH = 1280;
const WIDTHS = [1280, 390];
const MAX_SHOT_HEIGHT = 12000; // px: a very long page is cut there (a 100 000 px PNG is 10 MB)
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// pages.txt: "PATH [nojs]" a line ("nojs": loaded with scripts disabled).
const pages = pagesOfSite(readPageList(opt.pages), opt.site, (p) =>
  console.log(`axe: SKIP /${p.sitePath} (listed in ${path.basename(opt.pages)}, not in the site yet)`),
).map((p) => ({ sitePath: p.sitePath, nojs: p.flags.includes('nojs') }));
const shotName = (sitePath) => sitePath.replace(/\/+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'root';

fs.mkdirSync(opt.shots, { recursive: true });
for (const f of fs.readdirSync(opt.shots)) if (f.endsWith('.png')) fs.rmSync(path.join(opt.shots, f));

const browser = await chromium.launch({
  executablePath: opt.chromium,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

const violations = []; // { page, scheme, id, impact, help, helpUrl, nodes: [{target, summary}] }
const incomplete = new Map(); // rule id -> count of "needs review" results (informative)
const failures = []; // harness failures: page did not load, screenshot failed…
const layoutNotes = []; // pages wider than the viewport (a failure: WCAG 1.4.10 Reflow)
const cutShots = []; // screenshots cut at MAX_SHOT_HEIGHT
const chartProblems = []; // chart labels that overlap or leave their SVG
let axeRuns = 0;
let shots = 0;
const fontProblems = []; // text drawn with a font of the machine
const fontsUsed = new Map(); // family -> glyphs drawn, over every page
let textNodes = 0;
let fontRuns = 0; // pages whose fonts were checked
const layout = {}; // page -> width -> { width, height, charts: { name: [[text, l, t, r, b]] } }
let chartChecks = 0; // charts measured (each chart once per width)
let labelChecks = 0;

// The boxes of a chart's texts as drawn (getBoundingClientRect: the font's ascent to
// descent, whatever the font), against each other and against the SVG's viewBox, in CSS
// pixels. Half a pixel of tolerance absorbs rounding; touching boxes are fine.
function measureCharts() {
  const EPS = 0.5;
  const charts = [];
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  for (const svg of document.querySelectorAll('svg[role=img]')) {
    // A chart comes in two layouts and the page shows the one its column fits: the other
    // has no box to measure.
    if (!svg.getClientRects().length) continue;
    const name = svg.closest('[id]')?.id || svg.getAttribute('aria-labelledby') || 'svg';
    const view = svg.getBoundingClientRect();
    // The size text is drawn at: its font size in the SVG's units times the SVG's scale.
    const scale = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? view.width / svg.viewBox.baseVal.width : 1;
    const texts = [...svg.querySelectorAll('text')]
      .filter((t) => t.textContent.trim())
      .map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent.trim(), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      });
    const problems = [];
    for (const t of svg.querySelectorAll('text')) {
      const drawn = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (t.textContent.trim() && drawn < body - 0.25) {
        problems.push(`"${t.textContent.trim()}" is drawn at ${drawn.toFixed(1)} px, smaller than the body's ${body} px`);
        break;
      }
    }
    for (const [i, a] of texts.entries()) {
      if (a.left < view.left - EPS || a.top < view.top - EPS || a.right > view.right + EPS || a.bottom > view.bottom + EPS) {
        problems.push(`"${a.text}" sticks out of the viewBox`);
      }
      for (const b of texts.slice(i + 1)) {
        const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (overlapX > EPS && overlapY > EPS) problems.push(`"${a.text}" overlaps "${b.text}"`);
      }
    }
    // Relative to the SVG, to a tenth of a pixel: what layout.json compares.
    const rel = (v, origin) => Math.round((v - origin) * 10) / 10;
    const boxes = texts.map((t) => [t.text, rel(t.left, view.left), rel(t.top, view.top), rel(t.right, view.left), rel(t.bottom, view.top)]);
    charts.push({ name, labels: texts.length, problems, boxes });
  }
  return charts;
}

// The fonts Chromium drew each text node of the page with, open <details> included. A font
// that is not a web font of the page is one of the machine's: a character the theme's font
// lacks, or a style that does not name it.
async function checkFonts(context, page, sitePath) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const elements = [];
    const walk = (node) => {
      const kids = node.children ?? [];
      const text = kids.filter((k) => k.nodeType === 3 && k.nodeValue.trim()).map((k) => k.nodeValue.trim());
      if (node.nodeType === 1 && text.length) elements.push({ node, text: text.join(' ') });
      for (const kid of kids) walk(kid);
      if (node.contentDocument) walk(node.contentDocument);
    };
    walk(root);
    for (const { node, text } of elements) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: node.nodeId });
      if (fonts.length) textNodes++;
      for (const font of fonts) {
        fontsUsed.set(font.familyName, (fontsUsed.get(font.familyName) ?? 0) + font.glyphCount);
        if (!font.isCustomFont) {
          fontProblems.push(`/${sitePath} <${node.localName}> "${text.slice(0, 60)}": ${font.glyphCount} glyph(s) drawn with the machine's ${font.familyName}`);
        }
      }
    }
    fontRuns++;
  } finally {
    await cdp.detach();
  }
}

async function openPage(context, p) {
  const page = await context.newPage();
  await page.setViewportSize({ width: AXE_WIDTH, height: 900 });
  await page.emulateMedia({ colorScheme: SCHEMES[0], reducedMotion: 'reduce' });
  const url = new URL(p.sitePath, opt.base).href;
  const scriptErrors = [];
  page.on('pageerror', (e) => scriptErrors.push(String(e)));
  let cdp;
  if (p.nojs) {
    // Parse and load without running the page's scripts, then turn scripts back on so
    // axe can run (axe needs timers). The page's own scripts have had their chance.
    cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  }
  const response = await page.goto(url, { waitUntil: 'load' });
  if (cdp) await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
  if (!response || !response.ok()) throw new Error(`HTTP ${response ? response.status() : 'no response'} for ${url}`);
  if (page.url() !== url) throw new Error(`${url} went to ${page.url()} (a script redirect? mark it "nojs" in pages.txt)`);
  await page.evaluate(() => document.fonts && document.fonts.ready);
  await page.evaluate(axeSource);
  return { page, scriptErrors };
}

// Full-page captures of two pages at once sometimes come out as the first screenful
// repeated down the image: the two workers take their screenshots in turn.
let screenshotQueue = Promise.resolve();
function oneAtATime(take) {
  const turn = screenshotQueue.then(take);
  screenshotQueue = turn.catch(() => {});
  return turn;
}

// One load per page; the colour scheme and the width change on the loaded page (a static
// page reflows exactly as it would load at that size).
async function checkPage(context, p, found) {
  let page;
  let stage = 'axe';
  try {
    const opened = await openPage(context, p);
    page = opened.page;
    for (const scheme of SCHEMES) {
      stage = 'axe';
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.setViewportSize({ width: AXE_WIDTH, height: 900 });
      // Default rule set: WCAG 2.x A/AA and best practices (experimental rules off).
      const result = await page.evaluate(() =>
        window.axe.run(document, { resultTypes: ['violations', 'incomplete'] }),
      );
      axeRuns++;
      for (const v of result.violations) {
        found.push({
          page: `/${p.sitePath}`,
          scheme,
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          tags: v.tags.filter((t) => /^wcag|best-practice/.test(t)),
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
        });
      }
      for (const v of result.incomplete) incomplete.set(v.id, (incomplete.get(v.id) ?? 0) + v.nodes.length);
      stage = 'screenshot';
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
        if (scheme === SCHEMES[0]) {
          // The colour scheme does not move text: measure once per width.
          stage = 'charts';
          const measured = await page.evaluate(measureCharts);
          const sizes = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
          (layout[`/${p.sitePath}`] ??= {})[width] = {
            width: sizes[0],
            height: sizes[1],
            charts: Object.fromEntries(measured.map((c) => [c.name, c.boxes])),
          };
          for (const chart of measured) {
            chartChecks++;
            labelChecks += chart.labels;
            for (const problem of chart.problems) chartProblems.push(`/${p.sitePath} #${chart.name} at ${width} px: ${problem}`);
          }
          stage = 'screenshot';
        }
        const file = path.join(opt.shots, `${shotName(p.sitePath)}-${width}-${scheme}.png`);
        const size = await page.evaluate(() => ({
          height: document.documentElement.scrollHeight,
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        if (scheme === SCHEMES[0] && size.scrollWidth > size.clientWidth) {
          // Wider than the viewport: the reader has to scroll sideways (WCAG 1.4.10 Reflow
          // at 390 px), which fails the check; name the outermost elements that stick out.
          const culprits = await page.evaluate(() => {
            const w = document.documentElement.clientWidth;
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
              if (el.getBoundingClientRect().right <= w + 1) continue;
              const parent = el.parentElement;
              if (parent && parent !== document.body && parent.getBoundingClientRect().right > w + 1) continue;
              const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
                [...el.classList].map((c) => `.${c}`).join('') +
                (el.getAttribute('href') ? `[href="${el.getAttribute('href').slice(0, 80)}"]` : '');
              out.push(`${name} (${Math.round(el.getBoundingClientRect().right)} px)`);
            }
            return [...new Set(out)].slice(0, 5);
          });
          layoutNotes.push(`/${p.sitePath} at ${width} px: page is ${size.scrollWidth} px wide (horizontal scrolling); widest: ${culprits.join(', ')}`);
        }
        await oneAtATime(() =>
          page.screenshot({
            path: file,
            fullPage: true,
            clip: { x: 0, y: 0, width: size.scrollWidth, height: Math.min(size.height, MAX_SHOT_HEIGHT) },
          }),
        );
        if (size.height > MAX_SHOT_HEIGHT) cutShots.push(path.basename(file));
        shots++;
      }
    }
    stage = 'fonts';
    await checkFonts(context, page, p.sitePath);
    if (opened.scriptErrors.length) console.log(`axe: note: script errors on /${p.sitePath}: ${opened.scriptErrors.join('; ')}`);
  } catch (e) {
    failures.push({ stage, what: `/${p.sitePath}: ${e.message.split('\n')[0]}` });
  } finally {
    if (page) await page.close();
  }
}

// Two pages at a time (the machine has 2 cores), results kept in pages.txt order.
const context = await browser.newContext({ deviceScaleFactor: 1 });
const queue = [...pages];
const ordered = new Map();
async function worker() {
  for (let p = queue.shift(); p; p = queue.shift()) {
    const found = [];
    await checkPage(context, p, found);
    ordered.set(p, found);
  }
}
await Promise.all([worker(), worker()]);
violations.push(...pages.flatMap((p) => ordered.get(p) ?? []));
await browser.close();

const oneLine = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const nodeCount = violations.reduce((n, v) => n + v.nodes.length, 0);
for (const v of violations) {
  console.log(`axe: VIOLATION ${v.id} (${v.impact}) on ${v.page} [${v.scheme}]: ${v.help} — ${v.helpUrl}`);
  for (const n of v.nodes) {
    console.log(`    target: ${n.target}`);
    console.log(`      html: ${oneLine(n.html).slice(0, 200)}`);
    console.log(`      ${oneLine(n.summary).slice(0, 400)}`);
  }
}
if (violations.length) {
  // One line per rule: which pages and schemes, how many elements.
  const byRule = new Map();
  for (const v of violations) {
    const g = byRule.get(v.id) ?? { impact: v.impact, nodes: 0, where: new Set() };
    g.nodes += v.nodes.length;
    g.where.add(`${v.page} [${v.scheme}]`);
    byRule.set(v.id, g);
  }
  console.log('axe: violations by rule:');
  for (const [id, g] of byRule) console.log(`  ${id} (${g.impact}): ${g.nodes} element(s) on ${[...g.where].join(', ')}`);
}
if (incomplete.size) {
  console.log(`axe: needs review (informative, not a failure): ${[...incomplete].map(([id, n]) => `${id} ×${n}`).join(', ')}`);
}
for (const f of failures) console.log(`${f.stage}: FAILED ${f.what}`);
for (const n of layoutNotes) console.log(`screenshots: FAILED reflow: ${n}`);
for (const c of chartProblems) console.log(`charts: FAILED ${c}`);
for (const f of fontProblems.slice(0, 40)) console.log(`fonts: FAILED ${f}`);
if (fontProblems.length > 40) console.log(`fonts: … and ${fontProblems.length - 40} more`);
// Page sizes and chart label boxes, to compare with a run on another machine (or with
// other fonts installed): the pages must not move.
const sortedLayout = Object.fromEntries(Object.keys(layout).sort().map((k) => [k, layout[k]]));
fs.writeFileSync(path.join(opt.shots, 'layout.json'), JSON.stringify(sortedLayout, null, 1));
const layoutDiffs = [];
if (opt['same-as']) {
  const reference = JSON.parse(fs.readFileSync(opt['same-as'], 'utf8'));
  const flat = (o, prefix = '', out = new Map()) => {
    if (o === null || typeof o !== 'object') return out.set(prefix, o);
    for (const [k, v] of Object.entries(o)) flat(v, prefix ? `${prefix} ${k}` : k, out);
    return out;
  };
  // Only the pages of this run: a run on fewer pages (the bare-fonts pass) compares those.
  const ran = new Set(Object.keys(sortedLayout));
  const [before, now] = [flat(Object.fromEntries(Object.entries(reference).filter(([page]) => ran.has(page)))), flat(sortedLayout)];
  for (const key of new Set([...before.keys(), ...now.keys()])) {
    if (before.get(key) !== now.get(key)) layoutDiffs.push(`${key}: ${before.get(key) ?? '(none)'} there, ${now.get(key) ?? '(none)'} here`);
  }
  for (const d of layoutDiffs.slice(0, 20)) console.log(`fonts: FAILED layout differs from ${opt['same-as']}: ${d}`);
}
if (cutShots.length) console.log(`screenshots: note: ${cutShots.length} cut at ${MAX_SHOT_HEIGHT} px high: ${cutShots.join(', ')}`);
fs.writeFileSync(path.join(opt.shots, 'axe-results.json'), JSON.stringify({ violations, incomplete: Object.fromEntries(incomplete), failures }, null, 2));

const axeMissing = pages.length * SCHEMES.length - axeRuns;
const shotsMissing = pages.length * SCHEMES.length * WIDTHS.length - shots;
console.log(`axe: ${pages.length} pages × ${SCHEMES.length} schemes, ${violations.length} violations (${nodeCount} elements)${axeMissing ? `, ${axeMissing} runs FAILED` : ''}`);
console.log(`screenshots: ${shots} PNG (${pages.length} pages × ${WIDTHS.join('/')} px × light/dark) in ${opt.shots}${shotsMissing ? `, ${shotsMissing} FAILED` : ''}, ${layoutNotes.length} wider than the viewport`);
// A run where Chromium reported no font at all checked nothing: that fails too.
if (pages.length && !textNodes) fontProblems.push('no text element reported a font (DevTools did not answer?)');
const families = [...fontsUsed].map(([family, glyphs]) => `${family} (${glyphs} glyphs)`).join(', ');
const fontsMissing = pages.length - fontRuns;
console.log(`fonts: ${textNodes} text elements on ${fontRuns} pages${fontsMissing ? ` (${fontsMissing} FAILED)` : ''} drawn with ${families || 'nothing'}; ${fontProblems.length} with a font of the machine${opt['same-as'] ? `; layout ${layoutDiffs.length ? `DIFFERS (${layoutDiffs.length} values)` : 'identical'} to ${opt['same-as']}` : ''}`);
console.log(`charts: ${chartChecks} charts measured (${labelChecks} labels) on ${pages.length} pages at ${WIDTHS.join('/')} px, ${chartProblems.length} labels overlapping or outside their SVG`);
process.exit(
  (violations.length || axeMissing ? 1 : 0) |
    (shotsMissing || layoutNotes.length ? 2 : 0) |
    (chartProblems.length ? 4 : 0) |
    (fontProblems.length || fontsMissing || layoutDiffs.length ? 8 : 0),
);
