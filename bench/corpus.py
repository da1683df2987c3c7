"""The synthetic bilingual corpus of the benchmark, written for each generator.

N articles in French and English (headings, lists, a table, links to other articles,
footnotes, front matter), a list page per language listing all of them, and a data file
of N/10 partners shown as a table on the partners page. The text is generated from a
fixed seed, so every run and every tool builds the same words.

Each tool gets the same content in its own layout and equivalent minimal templates: one
layout with the page's title, language and navigation, the article body, the list of
articles, and the partners table. Passerelle also renders one page per partner (its data
pages are a core feature), which the peers do not: that work counts against it.
"""

import hashlib
import os
import random
import shutil

WORDS_FR = (
    "partenariat numérique conseil europe droits homme démocratie état droit internet "
    "entreprises coopération données protection liberté expression intelligence "
    "artificielle cybercriminalité éducation égalité gouvernance sécurité ligne plateforme "
    "technologie société réunion conférence étude recommandation normes"
).split()
WORDS_EN = (
    "partnership digital council europe human rights democracy rule law internet "
    "companies cooperation data protection freedom expression artificial intelligence "
    "cybercrime education equality governance security online platform technology "
    "society meeting conference study recommendation standards"
).split()


def sentence(rng, words, n):
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def article_body(rng, words, i, n, link):
    """Markdown of article i: about 4 KB with the features a real page has."""
    other = (i * 7919) % n + 1
    parts = []
    for section in range(3):
        parts.append(f"## {sentence(rng, words, 4)[:-1]} {section + 1}\n")
        parts.append(" ".join(sentence(rng, words, 14) for _ in range(4)) + "\n")
        parts.append(
            f"See [{sentence(rng, words, 3)[:-1]}]({link(other)}) and "
            f"**{rng.choice(words)}** with *{rng.choice(words)}*.[^{section + 1}]\n"
        )
        parts.append("\n".join(f"- {sentence(rng, words, 6)}" for _ in range(4)) + "\n")
    parts.append("| # | " + " | ".join(rng.choice(words) for _ in range(3)) + " |")
    parts.append("|---|---|---|---|")
    for row in range(4):
        parts.append(f"| {row} | " + " | ".join(rng.choice(words) for _ in range(3)) + " |")
    parts.append("")
    for note in range(3):
        parts.append(f"[^{note + 1}]: {sentence(rng, words, 8)}")
    return "\n".join(parts) + "\n"


def date_of(i):
    return f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"


def articles(n):
    """(index, date, {lang: (title, body-with-link-fn)}) for each article, deterministic."""
    rng = random.Random(20221108)
    for i in range(1, n + 1):
        title_fr = sentence(rng, WORDS_FR, 5)[:-1]
        title_en = sentence(rng, WORDS_EN, 5)[:-1]
        seed = rng.random()
        yield i, date_of(i), {"fr": (title_fr, WORDS_FR, seed), "en": (title_en, WORDS_EN, seed)}


def body(lang_entry, i, n, link):
    _, words, seed = lang_entry
    return article_body(random.Random(seed), words, i, n, link)


def partners(n):
    rng = random.Random(17)
    countries = ["US", "FR", "DE", "BE", "GB", "NL", "ES", "CH", "DK", "CA"]
    return [
        {
            "id": f"partner-{k:05d}",
            "name": f"Partner {k}",
            "country": countries[k % len(countries)],
            "sector_fr": sentence(rng, WORDS_FR, 2)[:-1],
            "sector_en": sentence(rng, WORDS_EN, 2)[:-1],
            "signed": date_of(k),
            "profile_fr": sentence(rng, WORDS_FR, 20),
            "profile_en": sentence(rng, WORDS_EN, 20),
        }
        for k in range(1, max(1, n // 10) + 1)
    ]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- Passerelle ---------------------------------------------------------------------------

PASSERELLE_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><nav><a href="{{ url(key='news/_index') }}">{{ t(key="nav-partners") }}</a></nav>
<main>{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock main %}</main>
</body></html>
""",
    "page.html": '{% extends "base.html" %}',
    "index.html": """{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<ul>{% for child in page.children %}<li><a href="{{ child.url }}">{{ child.title }}</a> {{ child.date }}</li>{% endfor %}</ul>
{% endblock main %}""",
    "partners.html": """{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>
<table>{% for p in partners %}<tr><td><a href="{{ p.url }}">{{ p.name }}</a></td><td>{{ p.country }}</td><td>{{ p.sector }}</td></tr>{% endfor %}</table>
{% endblock main %}""",
    "partner.html": """{% extends "base.html" %}{% block main %}<h1>{{ partner.name }}</h1>{{ partner.profile | safe }}{% endblock main %}""",
    "404.html": '{% extends "base.html" %}',
    "site-index.html": '{% extends "base.html" %}',
    "root.html": """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{{ site.title }}</title></head><body></body></html>""",
    "root-404.html": """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>404</title></head><body></body></html>""",
    "redirect.html": """<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title><meta http-equiv="refresh" content="0; url={{ target }}"></head><body></body></html>""",
    # Passerelle publishes the annual report wherever there are partners; the peers have no
    # such page, so it is kept to its lists.
    "report.html": """<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><p>{{ subtitle }}</p>{% for list in partners.lists %}<p>{{ list }}</p>{% endfor %}</body></html>""",
}


def passerelle(root, n):
    write(
        f"{root}/config.yaml",
        "title: {fr: Banc d'essai, en: Benchmark}\nbase_url: https://bench.example.org/\n"
        "theme: bench\n",
    )
    for name, text in PASSERELLE_TEMPLATES.items():
        write(f"{root}/themes/bench/templates/{name}", text)
    write(f"{root}/themes/bench/static/.keep", "")
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "i18n"), f"{root}/i18n")
    for lang, title in (("fr", "Accueil"), ("en", "Home")):
        write(f"{root}/content/_index.{lang}.md", f"---\ntitle: {title}\nslug: \"\"\n---\n")
        write(
            f"{root}/content/news/_index.{lang}.md",
            f"---\ntitle: {title}\nslug: {'actualites' if lang == 'fr' else 'news'}\n"
            "template: index.html\n---\n",
        )
    for i, date, langs in articles(n):
        for lang, entry in langs.items():
            text = body(entry, i, n, lambda j: f"@/news/article-{j:05d}.md")
            write(
                f"{root}/content/news/article-{i:05d}.{lang}.md",
                f"---\ntitle: {yaml_str(entry[0])}\nslug: {'actualites' if lang == 'fr' else 'news'}/article-{i:05d}\n"
                f"date: {date}\n---\n{text}",
            )
    lines = ["partners:"]
    for p in partners(n):
        lines += [
            f"  - id: {p['id']}",
            f"    name: {p['name']}",
            "    kind: company",
            f"    country: {p['country']}",
            f"    sector: {{fr: {yaml_str(p['sector_fr'])}, en: {yaml_str(p['sector_en'])}}}",
            f"    signed: {p['signed']}",
            "    cohort: \"2017\"",
            "    status: active",
            f"    profile: {{fr: {yaml_str(p['profile_fr'])}, en: {yaml_str(p['profile_en'])}}}",
        ]
    write(f"{root}/content/data/partners.yaml", "\n".join(lines) + "\n")


# --- Zola ---------------------------------------------------------------------------------

ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{% block title %}{% endblock title %}</title></head>
<body><nav><a href="{{ get_url(path='@/news/_index.md', lang=lang) }}">{{ trans(key="home", lang=lang) }}</a></nav>
<main>{% block main %}{% endblock main %}</main></body></html>
""",
    "page.html": """{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock title %}
{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock main %}""",
    "section.html": """{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock title %}
{% block main %}<h1>{{ section.title }}</h1>
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}</ul>
{% set data = load_data(path="data/partners.yaml") %}
<table>{% for p in data.partners %}<tr><td>{{ p.name }}</td><td>{{ p.country }}</td><td>{% if lang == "fr" %}{{ p.sector_fr }}{% else %}{{ p.sector_en }}{% endif %}</td></tr>{% endfor %}</table>
{% endblock main %}""",
    "index.html": """{% extends "base.html" %}{% block title %}{{ config.title }}{% endblock title %}{% block main %}{% endblock main %}""",
}


def zola(root, n):
    write(
        f"{root}/config.toml",
        'base_url = "https://bench.example.org"\ntitle = "Banc d\'essai"\n'
        'default_language = "fr"\ncompile_sass = false\nbuild_search_index = false\n'
        "[markdown]\nsmart_punctuation = true\n"
        "[translations]\nhome = \"Accueil\"\n"
        "[languages.en]\ntitle = \"Benchmark\"\n[languages.en.translations]\nhome = \"Home\"\n",
    )
    for name, text in ZOLA_TEMPLATES.items():
        write(f"{root}/templates/{name}", text)
    for lang, suffix, title in (("fr", "", "Accueil"), ("en", ".en", "Home")):
        write(f"{root}/content/_index{suffix}.md", f"+++\ntitle = \"{title}\"\n+++\n")
        write(
            f"{root}/content/news/_index{suffix}.md",
            f"+++\ntitle = \"{title}\"\nsort_by = \"date\"\n+++\n",
        )
    for i, date, langs in articles(n):
        for lang, entry in langs.items():
            suffix = "" if lang == "fr" else ".en"
            text = body(entry, i, n, lambda j: f"@/news/article-{j:05d}{suffix}.md")
            title = entry[0].replace('"', '\\"')
            write(
                f"{root}/content/news/article-{i:05d}{suffix}.md",
                f"+++\ntitle = \"{title}\"\ndate = {date}\n+++\n{text}",
            )
    write_data_yaml(f"{root}/data/partners.yaml", n)


# --- Hugo ---------------------------------------------------------------------------------

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ with site.GetPage "/news" }}{{ .RelPermalink }}{{ end }}">{{ i18n "home" }}</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
<table>{{ range site.Data.partners.partners }}<tr><td>{{ .name }}</td><td>{{ .country }}</td><td>{{ if eq site.Language.Lang "fr" }}{{ .sector_fr }}{{ else }}{{ .sector_en }}{{ end }}</td></tr>{{ end }}</table>
{{ end }}""",
    "index.html": """{{ define "main" }}{{ end }}""",
}


def hugo(root, n):
    write(
        f"{root}/hugo.toml",
        'baseURL = "https://bench.example.org/"\ntitle = "Banc d\'essai"\n'
        'defaultContentLanguage = "fr"\ndefaultContentLanguageInSubdir = true\n'
        'disableKinds = ["taxonomy", "term"]\n'
        "[languages.fr]\nweight = 1\n[languages.en]\nweight = 2\n",
    )
    for name, text in HUGO_LAYOUTS.items():
        write(f"{root}/layouts/{name}", text)
    write(f"{root}/i18n/fr.toml", 'home = "Accueil"\n')
    write(f"{root}/i18n/en.toml", 'home = "Home"\n')
    for lang, title in (("fr", "Accueil"), ("en", "Home")):
        write(f"{root}/content/_index.{lang}.md", f"---\ntitle: {title}\n---\n")
        write(f"{root}/content/news/_index.{lang}.md", f"---\ntitle: {title}\n---\n")
    for i, date, langs in articles(n):
        for lang, entry in langs.items():
            text = body(entry, i, n, lambda j: f"/{lang}/news/article-{j:05d}/")
            write(
                f"{root}/content/news/article-{i:05d}.{lang}.md",
                f"---\ntitle: {yaml_str(entry[0])}\ndate: {date}\n---\n{text}",
            )
    write_data_yaml(f"{root}/data/partners.yaml", n)


def write_data_yaml(path, n):
    lines = ["partners:"]
    for p in partners(n):
        lines += [
            f"  - id: {p['id']}",
            f"    name: {p['name']}",
            f"    country: {p['country']}",
            f"    sector_fr: {yaml_str(p['sector_fr'])}",
            f"    sector_en: {yaml_str(p['sector_en'])}",
            f"    signed: {p['signed']}",
            f"    profile_fr: {yaml_str(p['profile_fr'])}",
            f"    profile_en: {yaml_str(p['profile_en'])}",
        ]
    write(path, "\n".join(lines) + "\n")


def markdown_only(root, n):
    """The floor's input: the article bodies alone, fr and en, one file each."""
    for i, _, langs in articles(n):
        for lang, entry in langs.items():
            write(
                f"{root}/article-{i:05d}.{lang}.md",
                body(entry, i, n, lambda j: f"/{lang}/news/article-{j:05d}/"),
            )


WRITERS = {"passerelle": passerelle, "zola": zola, "hugo": hugo, "floor": markdown_only}


def generate(root, n, tools):
    """Writes corpus N for each tool under root/TOOL (skipped when already there, made by
    this very generator from the same UI strings: its marker holds a digest of this file
    and of the repository's i18n/, which Passerelle's corpus copies)."""
    h = hashlib.sha256()
    with open(__file__, "rb") as f:
        h.update(f.read())
    i18n = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "i18n")
    for folder, dirs, files in sorted(os.walk(i18n)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            h.update(os.path.relpath(path, i18n).encode())
            with open(path, "rb") as f:
                h.update(f.read())
    digest = h.hexdigest()
    for tool in tools:
        target = os.path.join(root, tool)
        marker = os.path.join(target, ".complete")
        if os.path.exists(marker) and open(marker).read() == digest:
            continue
        shutil.rmtree(target, ignore_errors=True)
        WRITERS[tool](target, n)
        write(marker, digest)
