// The search box of the header (templates/search.html). Without this script the header
// keeps its link to the page listing every page; with it, the template's field takes the
// link's place and shows Pagefind's results under the header. Pagefind's script, its wasm
// and the language's index load only when the field is first used; Pagefind picks the index
// of the page's <html lang>.
const box = document.querySelector('.site-search');
const template = box?.querySelector('template');
if (box && template) {
  box.replaceChildren(template.content.cloneNode(true));
  setUp(box, box.dataset.bundle);
}

function setUp(box, bundle) {
  const input = box.querySelector('.search-input');
  const panel = box.querySelector('.search-results');
  const status = panel.querySelector('.search-status');
  const list = panel.querySelector('.search-list');
  const text = panel.dataset;
  const plural = new Intl.PluralRules(document.documentElement.lang);
  const MAX_PAGES = 10;
  const MAX_PARTS = 3;
  let pagefind = null;
  let asked = 0;

  const load = () => {
    pagefind ??= import(`${bundle}pagefind.js`).then(async (module) => {
      await module.options({ excerptLength: 24 });
      await module.init();
      return module;
    });
    return pagefind;
  };

  const open = (shown) => {
    panel.hidden = !shown;
  };

  const links = () => [...list.querySelectorAll('a')];

  const show = async (query) => {
    const mine = ++asked;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = '';
      open(false);
      return;
    }
    open(true);
    status.textContent = text.searching;
    let found;
    try {
      const module = await load();
      const search = await module.debouncedSearch(query, {}, 150);
      if (search === null || mine !== asked) return; // a later keystroke took over
      found = await Promise.all(search.results.slice(0, MAX_PAGES).map((r) => r.data()));
      if (mine !== asked) return;
      const count = search.results.length;
      status.textContent = count
        ? text[plural.select(count) === 'one' ? 'countOne' : 'countOther'].replace('%n', count)
        : text.none.replace('%q', query.trim());
    } catch (error) {
      console.error('search:', error);
      status.textContent = text.failed;
      list.replaceChildren();
      return;
    }
    list.replaceChildren(...found.map(result));
  };

  // One page found: its title and excerpt, or its title and the parts of it that matched (a
  // section, a strategy action, a paragraph of the conclusions) with theirs.
  const result = (page) => {
    const item = document.createElement('li');
    const parts = (page.sub_results ?? [])
      .filter((part) => part.url !== page.url && part.title !== page.meta.title)
      .slice(0, MAX_PARTS);
    // With parts, their excerpts say where the words are; the page's would repeat one.
    item.append(link(page.url, page.meta.title, parts.length ? null : page.excerpt));
    if (parts.length) {
      const sub = document.createElement('ul');
      for (const part of parts) {
        const li = document.createElement('li');
        li.append(link(part.url, part.title, part.excerpt));
        sub.append(li);
      }
      item.append(sub);
    }
    return item;
  };

  const link = (url, title, excerpt) => {
    const a = document.createElement('a');
    a.href = url;
    const strong = document.createElement('span');
    strong.className = 'search-title';
    strong.textContent = title;
    a.append(strong);
    if (excerpt) {
      const p = document.createElement('span');
      p.className = 'search-excerpt';
      // Pagefind's excerpt is the page's text, escaped, with <mark> around the words found.
      p.innerHTML = excerpt;
      a.append(p);
    }
    return a;
  };

  input.addEventListener('focus', () => {
    load().catch(() => {});
    if (input.value.trim() && list.children.length) open(true);
  });
  input.addEventListener('input', () => show(input.value));
  box.querySelector('form').addEventListener('submit', (event) => {
    // Enter goes to the first result, if there is one.
    event.preventDefault();
    const first = links()[0];
    if (first) first.click();
  });
  box.addEventListener('keydown', (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === 'Escape' && !panel.hidden) {
      open(false);
      input.focus();
      event.preventDefault();
    } else if (event.key === 'ArrowDown' && all.length) {
      all[Math.min(at + 1, all.length - 1)].focus();
      event.preventDefault();
    } else if (event.key === 'ArrowUp' && at >= 0) {
      (at === 0 ? input : all[at - 1]).focus();
      event.preventDefault();
    }
  });
  // A click or focus elsewhere closes the results.
  document.addEventListener('click', (event) => {
    if (!box.contains(event.target)) open(false);
  });
  box.addEventListener('focusout', (event) => {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) open(false);
  });
}
