// Internal links and #anchors of a built site, two ways:
//  1. linkinator crawls the served site from the root (recursively, internal links only,
//     --check-fragments): every page, stylesheet, image… reached by a link must answer 2xx.
//     Links to the site's own public address (canonical, hreflang alternates) are rewritten
//     to the local server and checked too; every other external link is skipped (no network).
//  2. A static pass over every .html file of SITE_DIR (reached by a link or not) checks that
//     each internal link's target file exists and that each #fragment names an id (or an
//     <a name>) of its target page. linkinator's --check-fragments alone is not enough: it
//     only validates a fragment if it has seen the link before it fetches the target page,
//     so a link to /page/#missing found after /page/ was crawled goes unchecked. The
//     addresses a shared link's metadata gives (og:url, og:image) are checked the same way.
//
// Usage: node links.mjs --site SITE_DIR --base LOCAL_URL [--public PUBLIC_BASE_URL]
// Prints details of each broken link, then "links: …"; exit 1 if anything is broken.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LinkChecker, LinkState } from 'linkinator';
import { Parser } from 'htmlparser2';

const { values: opt } = parseArgs({
  options: {
    site: { type: 'string' },
    base: { type: 'string' },
    public: { type: 'string' },
  },
});
if (!opt.site || !opt.base) {
  console.error('links.mjs: --site and --base are required');
  process.exit(2);
}
const site = path.resolve(opt.site);
const localBase = new URL(opt.base).href; // e.g. http://127.0.0.1:8123/ (with base path)
const publicBase = opt.public ? new URL(opt.public).href : null;

// ---------- 1. linkinator crawl ----------
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const checker = new LinkChecker();
const crawl = await checker.check({
  path: localBase,
  recurse: true,
  checkFragments: true,
  concurrency: 8,
  timeout: 20000,
  redirects: 'allow',
  retryErrors: true, // a dropped local connection is not a broken link
  retryErrorsCount: 2,
  retryErrorsJitter: 500,
  urlRewriteExpressions: publicBase
    ? [{ pattern: new RegExp(`^${escapeRe(publicBase)}`), replacement: localBase }]
    : [],
  linksToSkip: async (link) => !link.startsWith(localBase),
});
const crawlBroken = crawl.links.filter((l) => l.state === LinkState.BROKEN);
const crawlOk = crawl.links.filter((l) => l.state === LinkState.OK);
const crawlSkipped = crawl.links.filter((l) => l.state === LinkState.SKIPPED);
const show = (u) => (u && u.startsWith(localBase) ? '/' + u.slice(localBase.length) : u);
const seen = new Set();
for (const l of crawlBroken) {
  const key = `${l.url}|${l.parent}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const why = (l.failureDetails ?? []).map((d) => d?.message ?? d?.statusText ?? '').filter(Boolean)[0];
  console.log(`links: BROKEN ${show(l.url)} (HTTP ${l.status ?? '?'}${why ? `, ${why}` : ''}) linked from ${show(l.parent) ?? '(start)'}`);
}

// ---------- 2. static pass over every HTML file ----------
const htmlFiles = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.html')) htmlFiles.push(p);
  }
})(site);

const basePath = new URL(localBase).pathname; // "/" or "/sub/"
const fileToUrl = (file) => {
  let rel = path.relative(site, file).split(path.sep).join('/');
  if (rel === 'index.html') rel = '';
  else if (rel.endsWith('/index.html')) rel = rel.slice(0, -'index.html'.length);
  return new URL(rel.split('/').map(encodeURIComponent).join('/'), localBase);
};
// Site-relative URL path -> file on disk, or null if outside the site.
const urlToFile = (url) => {
  let p = decodeURIComponent(url.pathname);
  if (!p.startsWith(basePath)) return null;
  p = p.slice(basePath.length);
  return path.join(site, ...p.split('/'));
};

const LINK_ATTRS = {
  a: ['href'], area: ['href'], link: ['href'], img: ['src', 'srcset'], script: ['src'],
  iframe: ['src'], source: ['src', 'srcset'], video: ['src', 'poster'], audio: ['src'],
  track: ['src'], embed: ['src'], object: ['data'], form: ['action'], image: ['href'],
};
// OpenGraph properties that name an address of the site (the page, its social card).
const SHARED_ADDRESSES = new Set(['og:url', 'og:image']);
const parsed = new Map(); // file -> { ids:Set, links:[{tag, attr, value}] }
function parse(file) {
  if (parsed.has(file)) return parsed.get(file);
  const ids = new Set();
  const links = [];
  let baseHref = null;
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        if (attrs.id !== undefined) ids.add(attrs.id);
        if (tag === 'a' && attrs.name !== undefined) ids.add(attrs.name);
        if (tag === 'base' && attrs.href) baseHref = attrs.href;
        if (tag === 'meta' && SHARED_ADDRESSES.has(attrs.property) && attrs.content) {
          links.push({ tag, attr: 'content', value: attrs.content.trim() });
        }
        for (const attr of LINK_ATTRS[tag] ?? []) {
          const v = attrs[attr];
          if (v === undefined) continue;
          if (attr === 'srcset') {
            for (const part of v.split(',')) {
              const u = part.trim().split(/\s+/)[0];
              if (u) links.push({ tag, attr, value: u });
            }
          } else links.push({ tag, attr, value: v.trim() });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(fs.readFileSync(file, 'utf8'));
  parser.end();
  const r = { ids, links, baseHref };
  parsed.set(file, r);
  return r;
}

const problems = [];
let internal = 0;
let withFragment = 0;
for (const file of htmlFiles) {
  const pageUrl = fileToUrl(file);
  const { links, baseHref } = parse(file);
  const resolveBase = baseHref ? new URL(baseHref, pageUrl) : pageUrl;
  const relFile = path.relative(site, file);
  for (const { tag, attr, value } of links) {
    if (value === '' && tag === 'form') continue;
    let url;
    try {
      url = new URL(value, resolveBase);
    } catch {
      problems.push(`${relFile}: <${tag} ${attr}="${value}">: not a valid URL`);
      continue;
    }
    if (publicBase && url.href.startsWith(publicBase)) url = new URL(url.href.slice(publicBase.length), localBase);
    if (url.origin !== new URL(localBase).origin) continue; // external: not fetched here
    internal++;
    const target = urlToFile(url);
    if (!target) {
      problems.push(`${relFile}: <${tag} ${attr}="${value}">: outside the site's base path`);
      continue;
    }
    let targetFile = target;
    const isDirUrl = url.pathname.endsWith('/');
    if (isDirUrl) targetFile = path.join(target, 'index.html');
    else if (fs.existsSync(target) && fs.statSync(target).isDirectory()) targetFile = path.join(target, 'index.html');
    if (!fs.existsSync(targetFile)) {
      problems.push(`${relFile}: <${tag} ${attr}="${value}">: no such page or file (${path.relative(site, targetFile)})`);
      continue;
    }
    if (url.hash && url.hash !== '#') {
      withFragment++;
      let frag;
      try {
        frag = decodeURIComponent(url.hash.slice(1));
      } catch {
        frag = url.hash.slice(1);
      }
      if (!targetFile.endsWith('.html')) continue;
      const { ids } = parse(targetFile);
      // HTML: "#top" scrolls to the top even without such an id.
      if (!ids.has(frag) && !ids.has(url.hash.slice(1)) && frag.toLowerCase() !== 'top') {
        problems.push(`${relFile}: <${tag} ${attr}="${value}">: no id="${frag}" in ${path.relative(site, targetFile)}`);
      }
    }
  }
}
// sitemap.xml and the Atom feeds: every address they give must be a page of the site.
let feedLinks = 0;
const xmlFiles = ['sitemap.xml', ...htmlFiles.map((f) => path.dirname(f)).filter((d, i, a) => a.indexOf(d) === i)
  .map((d) => path.relative(site, path.join(d, 'atom.xml')))].filter((f) => fs.existsSync(path.join(site, f)));
for (const rel of xmlFiles) {
  const urls = [];
  let inLoc = false;
  let text = '';
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        if (tag === 'loc') { inLoc = true; text = ''; }
        if ((tag === 'xhtml:link' || tag === 'link') && attrs.href) urls.push(attrs.href);
      },
      ontext(t) { if (inLoc) text += t; },
      onclosetag(tag) { if (tag === 'loc') { inLoc = false; urls.push(text.trim()); } },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(fs.readFileSync(path.join(site, rel), 'utf8'));
  parser.end();
  for (const u of urls) {
    let url;
    try { url = new URL(u); } catch { problems.push(`${rel}: "${u}": not an absolute URL`); continue; }
    if (publicBase && url.href.startsWith(publicBase)) url = new URL(url.href.slice(publicBase.length), localBase);
    if (url.origin !== new URL(localBase).origin) continue;
    feedLinks++;
    const target = urlToFile(url);
    const file = target && (url.pathname.endsWith('/') ? path.join(target, 'index.html') : target);
    if (!file || !fs.existsSync(file)) problems.push(`${rel}: "${u}": no such page or file`);
  }
}
for (const p of problems) console.log(`links: BROKEN ${p}`);

console.log(
  `links: linkinator crawled ${crawlOk.length + crawlBroken.length} internal URLs from /${basePath === '/' ? '' : basePath.slice(1)} ` +
    `(${crawlSkipped.length} external skipped), ${crawlBroken.length} broken; ` +
    `static pass: ${htmlFiles.length} HTML files, ${internal} internal links (${withFragment} with #anchor) + ${feedLinks} in ${xmlFiles.length} sitemap/feed files, ${problems.length} broken`,
);
process.exit(crawlBroken.length || problems.length ? 1 : 0);
