// The search box, as a reader uses it, in headless Chromium through playwright-core:
//   - the keyboard alone reaches the field from the top of /fr/; typing "Kaspersky" lists
//     Kaspersky's profile first; ArrowDown then Enter opens it;
//   - on /en/, "cybercrime" finds every activity page whose text says "cybercrime", and
//     several of them are among the results shown; "Lanzarote" shows the strategy action
//     that names it, at its anchor; Escape closes the results;
//   - axe finds no violation on a page with its results open, light and dark;
//   - without JavaScript the box is a link to the page listing every page.
// The expected activities are read from the built site, not written here.
//
// Usage: node search.mjs --site SITE_DIR --base URL
// Prints "search: …" last; exits 1 if a check failed, 2 if it could not run.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const { values: opt } = parseArgs({
  options: {
    site: { type: 'string' },
    base: { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
  },
});
if (!opt.site || !opt.base) {
  console.error('search.mjs: --site and --base are required');
  process.exit(2);
}
const base = opt.base.endsWith('/') ? opt.base : `${opt.base}/`;
const basePath = new URL(base).pathname;
if (!fs.existsSync(path.join(opt.site, 'pagefind', 'pagefind-entry.json'))) {
  console.log('search: no search index in the site (built with --no-search?)');
  process.exit(1);
}

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.log(`  FAIL ${message}`);
};
const ok = (message) => console.log(`  ok   ${message}`);

// The activity pages of the English site whose searched text (the <main>) says "cybercrime".
const mainText = (file) => {
  const html = fs.readFileSync(file, 'utf8');
  const main = html.slice(html.indexOf('<main'), html.lastIndexOf('</main>'));
  return main.replace(/<[^>]+>/g, ' ');
};
const workPlan = path.join(opt.site, 'en', 'work-plan');
const cybercrimeActivities = fs
  .readdirSync(workPlan, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'domains')
  .filter((d) => /\bcybercrime/i.test(mainText(path.join(workPlan, d.name, 'index.html'))))
  .map((d) => `${basePath}en/work-plan/${d.name}/`)
  .sort();

const browser = await chromium.launch({
  executablePath: opt.chromium,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Types `query` into the field and waits until the results are shown.
async function search(page, query) {
  await page.keyboard.type(query, { delay: 20 });
  await page.waitForFunction(
    (q) => {
      const status = document.querySelector('.search-status');
      const input = document.querySelector('.search-input');
      return input?.value === q && status && status.textContent !== document.querySelector('.search-results').dataset.searching && status.textContent !== '';
    },
    query,
    { timeout: 15000 },
  );
  return page.$$eval('.search-list > li > a', (links) =>
    links.map((a) => ({ url: new URL(a.href).pathname, title: a.querySelector('.search-title').textContent })),
  );
}

// Every page the index holds for `query`, by Pagefind's own script (the module the box loaded).
async function allFound(page, query) {
  return page.evaluate(async ([bundle, q]) => {
    const pagefind = await import(`${bundle}pagefind.js`);
    const found = await pagefind.search(q);
    return Promise.all(found.results.map(async (r) => new URL((await r.data()).url, location.href).pathname));
  }, [`${basePath}pagefind/`, query]);
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => fail(`script error on ${page.url()}: ${error.message}`));

  // 1. /fr/, keyboard only: Kaspersky.
  await page.goto(`${base}fr/`, { waitUntil: 'load' });
  if (await page.$('.search-fallback')) fail('/fr/: the script did not replace the link with the field');
  let tabs = 0;
  while (tabs < 10 && !(await page.evaluate(() => document.activeElement?.id === 'search-input'))) {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  if (tabs >= 10) fail('/fr/: the search field is not reached with Tab');
  else ok(`/fr/: the field is reached with Tab (${tabs} presses)`);
  const kaspersky = await search(page, 'Kaspersky');
  const expected = `${basePath}fr/partenaires/kaspersky/`;
  if (kaspersky[0]?.url !== expected) {
    fail(`/fr/ "Kaspersky": first result ${kaspersky[0]?.url} (${kaspersky[0]?.title}), expected ${expected}`);
  } else {
    ok(`/fr/ "Kaspersky": ${kaspersky.length} results, first "${kaspersky[0].title}" (${kaspersky[0].url})`);
  }
  const lang = await page.evaluate(() => document.documentElement.lang);
  const notFrench = kaspersky.filter((r) => !r.url.startsWith(`${basePath}fr/`));
  if (lang !== 'fr' || notFrench.length) fail(`/fr/: results outside /fr/: ${notFrench.map((r) => r.url).join(', ')}`);

  // axe with the results open, in both schemes.
  await page.addScriptTag({ content: axeSource });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
    });
    if (result.length) fail(`/fr/ with results open, ${scheme}: axe: ${result.join(' | ')}`);
    else ok(`/fr/ with results open, ${scheme}: axe 0 violations`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement?.closest('.search-list') !== null && document.activeElement.tagName);
  if (focused !== 'A') fail('/fr/: ArrowDown from the field does not focus the first result');
  await Promise.all([page.waitForURL(`**${expected}`, { timeout: 10000 }), page.keyboard.press('Enter')]).then(
    () => ok('/fr/: ArrowDown then Enter opens the first result'),
    (e) => fail(`/fr/: Enter on the first result did not open it: ${e.message.split('\n')[0]}`),
  );

  // 2. /en/: cybercrime.
  await page.goto(`${base}en/`, { waitUntil: 'load' });
  await page.focus('#search-input');
  const shown = await search(page, 'cybercrime');
  const all = new Set(await allFound(page, 'cybercrime'));
  const missing = cybercrimeActivities.filter((url) => !all.has(url));
  if (!cybercrimeActivities.length) fail('/en/: no activity page says "cybercrime": the check has nothing to look for');
  else if (missing.length) fail(`/en/ "cybercrime": activities not found: ${missing.join(', ')}`);
  else ok(`/en/ "cybercrime": all ${cybercrimeActivities.length} activity pages that say it are among the ${all.size} pages found`);
  const activitiesShown = shown.filter((r) => cybercrimeActivities.includes(r.url));
  if (activitiesShown.length < Math.min(3, cybercrimeActivities.length)) {
    fail(`/en/ "cybercrime": only ${activitiesShown.length} activities among the ${shown.length} results shown: ${shown.map((r) => r.url).join(', ')}`);
  } else {
    ok(`/en/ "cybercrime": ${activitiesShown.length} of the ${shown.length} results shown are activities, e.g. "${activitiesShown[0].title}"`);
  }
  const status = await page.textContent('.search-status');
  if (!status.includes(String(all.size))) fail(`/en/: the status "${status}" does not say ${all.size}`);
  // A strategy action is a result of its own, at its anchor.
  await page.fill('#search-input', '');
  const lanzarote = await search(page, 'Lanzarote');
  const action = await page.$$eval('.search-list ul a', (links) => links.map((a) => new URL(a.href).pathname + new URL(a.href).hash));
  const strategyPage = `${basePath}en/internet-governance-strategy/`;
  if (!action.some((url) => url.startsWith(`${strategyPage}#action-`))) {
    fail(`/en/ "Lanzarote": no strategy action among the parts shown: ${action.join(', ') || 'none'} (pages: ${lanzarote.map((r) => r.url).join(', ')})`);
  } else {
    ok(`/en/ "Lanzarote": the strategy action ${action.find((url) => url.startsWith(strategyPage))} is shown`);
  }
  await page.keyboard.press('Escape');
  const closed = await page.evaluate(() => document.querySelector('.search-results').hidden && document.activeElement?.id === 'search-input');
  if (!closed) fail('/en/: Escape does not close the results and return to the field');
  else ok('/en/: Escape closes the results');

  // 3. No JavaScript: the link to every page.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto(`${base}en/`, { waitUntil: 'load' });
  const fallback = await plain.$eval('.site-search a.search-fallback', (a) => new URL(a.href).pathname).catch(() => null);
  if (fallback !== `${basePath}en/site-index/`) fail(`/en/ without JavaScript: the box links to ${fallback}, expected ${basePath}en/site-index/`);
  else ok(`/en/ without JavaScript: the box is a link to ${fallback}`);
  await nojs.close();
  await context.close();
} catch (error) {
  fail(`could not run: ${error.stack || error}`);
} finally {
  await browser.close();
}

console.log(
  failures.length
    ? `search: ${failures.length} problem(s)`
    : `search: Kaspersky first on /fr/, ${cybercrimeActivities.length} cybercrime activities found on /en/, keyboard, axe and no-JS link fine`,
);
process.exit(failures.length ? 1 : 0);
