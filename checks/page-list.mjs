// The pages lists of the browser checks (pages.txt, pages-fonts.txt, lighthouse-pages.txt):
// "PATH [FLAG…]" a line, # comments, "/" is the root. Read here once for every check.
import fs from 'node:fs';
import path from 'node:path';

// The listed pages, each { sitePath (no leading "/"), flags, line }.
export function readPageList(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const [p, ...flags] = line.split(/\s+/);
      return { sitePath: p.replace(/^\/+/, ''), flags, line };
    });
}

// The listed pages the site has; the others are reported by `skipped(page)`, since a page
// kind may not exist in a site yet.
export function pagesOfSite(listed, site, skipped) {
  const file = (sitePath) => {
    const f = path.join(site, sitePath);
    return sitePath === '' || sitePath.endsWith('/') ? path.join(f, 'index.html') : f;
  };
  return listed.filter((p) => fs.existsSync(file(p.sitePath)) || (skipped(p), false));
}
