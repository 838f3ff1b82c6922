#!/usr/bin/env python3
"""Deterministic benchmark corpus for `site`, Hugo and Zola.

Writes, under OUT/:

  site/   a `site` project: site.yaml (theme: bench), a minimal theme in themes/bench/,
          content/index.md, content/posts/_index.md, content/posts/page-NNNNN.md and
          10 sources in content/sources/src-NN.md (about 1,000 words each)
  hugo/   a Hugo project from the SAME page bodies: hugo.toml, layouts/ (single.html,
          list.html, 404.html), content/_index.md, content/posts/_index.md,
          content/posts/page-NNNNN.md
  zola/   a Zola project from the SAME page bodies: config.toml, templates/ (page.html,
          section.html, index.html, 404.html), content/_index.md, content/posts/_index.md,
          content/posts/page-NNNNN.md (TOML front matter)

Every page is about 630 words of prose (about 4.7 KB of Markdown without the quotes, 5.4 KB
with them) with front matter, three headings and a sub-heading, a bullet list, a table, two
plain links, five footnotes and five cited figures. Each citation links a figure
("12,400 passengers") to one of the 10 sources with an exact quote of that source that contains
the figure, so `site build --strict` passes: prose, footnotes, list, table and titles hold no
digits at all; numbers appear only inside citations (link text and quote).

With `--uncited K` (the warnings-heavy corpus), K words of each page's prose are replaced by
plain numbers that cite nothing ("4,217"), spread over its five paragraphs, so `site build`
reports K uncited figures per page as warnings (and `--strict` fails); the pages are otherwise
the same text as with `--uncited 0`, since the numbers come from a random stream of their own.

Same seed and size, same bytes: the generator uses only its own random.Random(seed) and
sorted iteration.

Usage: gen_corpus.py --pages N [--seed S] [--uncited K] --out DIR
"""

import argparse
import datetime
import os
import random
import shutil

SOURCES = 10
PARAGRAPHS_PER_SOURCE = 8
SENTENCES_PER_PARAGRAPH = 6
CITATIONS_PER_PAGE = 5

# Plain words, no digits, no month names (a day number next to a month is a date for site,
# but there are no digits in prose anyway), no scale words.
WORDS = """
about above across after again against agency along already also although among analysts
answer area around asked available average based because become before began behind being
below between board border both bridge budget building business called capital care cargo
case central change charge choice city claim clear coast committee common community company
concern council country county course court current data debate decision demand department
district early eastern economy effect effort election energy enough estimate even evidence
example expected experts export fact factory family farm federal field figure final finance
follow force foreign former forward freight fuel funding future general given government
grain group growth harbour health higher highway history hospital housing however impact
import income increase industry inland inquiry instead island issue labour land largely later
leaders least level likely limit local longer lower maintain major market measure member
middle minister model motion national nearly network northern number office officials open
order others output over paper parliament part past people period place plan planning policy
port power present press price private problem process program project public question rail
rate rather reason record reform region regional report reserve review river road rule rural
safety school season second sector service several share shipping short signal since small
social southern spending staff state station still storage study supply survey system tariff
terminal their though through timber today toward trade traffic transit transport treasury
trend under union urban valley value vessel village water western where while whole within
without worker world yield
""".split()

NOUNS = """
passengers households permits vessels tonnes workers schools clinics homes farms bridges
licences jobs trucks containers students visitors patients flights contracts
""".split()

SUBJECTS = [
    "The regional transit authority", "The harbour board", "The county planning office",
    "The national statistics agency", "The river commission", "The treasury review",
    "The rural health service", "The port operator", "The housing department",
    "The freight association", "The inland water authority", "The city council",
    "The energy regulator", "The farm survey", "The labour ministry", "The school board",
]

VERBS = [
    "recorded", "counted", "reported", "estimated", "listed", "registered", "approved",
    "funded", "expected", "measured",
]

MONTH_FREE_TAILS = [
    "across the eastern corridor during the winter review",
    "in the northern district over the last season",
    "along the river valley according to the annual filing",
    "at the main terminal before the tariff change",
    "in rural areas under the new funding rule",
    "within the southern region after the reform",
    "near the coast despite the fuel price increase",
    "across the network while the bridge was closed",
]


def words(rng, n):
    return [rng.choice(WORDS) for _ in range(n)]


def sentence(rng, n):
    w = words(rng, n)
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def prose(rng, n_words):
    out, total = [], 0
    while total < n_words:
        n = rng.randint(9, 18)
        out.append(sentence(rng, n))
        total += n
    return " ".join(out)


def title_case(ws):
    return " ".join(w.capitalize() for w in ws)


def figure_text(rng, used):
    """A figure as written in a source, unique within that source, and its link noun."""
    while True:
        kind = rng.randrange(5)
        noun = rng.choice(NOUNS)
        if kind <= 1:
            text = f"{rng.randint(2200, 98000):,}"  # never a year: always has a comma
            link_tail, sentence_tail = noun, noun
        elif kind == 2:
            text = f"{rng.randint(3, 97)}%"
            link_tail, sentence_tail = f"of {noun}", f"of {noun}"
        elif kind == 3:
            text = f"${rng.randint(2, 95)}.{rng.randint(1, 9)} million"
            link_tail, sentence_tail = "", f"for {noun}"
        else:
            lo = rng.randint(3, 40) * 100
            hi = lo + rng.randint(2, 30) * 100
            text = f"{lo:,}–{hi:,}"  # a range, checked as a range
            link_tail, sentence_tail = noun, noun
        if text not in used:
            used.add(text)
            return text, link_tail, sentence_tail


def make_sources(rng):
    """10 sources; each a list of paragraphs; each paragraph a list of (sentence, quote, link)."""
    sources = []
    for s in range(SOURCES):
        used = set()
        paragraphs = []
        for _ in range(PARAGRAPHS_PER_SOURCE):
            para = []
            for _ in range(SENTENCES_PER_PARAGRAPH):
                fig, link_tail, sentence_tail = figure_text(rng, used)
                subject = rng.choice(SUBJECTS)
                verb = rng.choice(VERBS)
                tail = rng.choice(MONTH_FREE_TAILS)
                extra = " ".join(words(rng, rng.randint(4, 8)))
                body = f"{subject} {verb} {fig} {sentence_tail} {tail}, {extra}"
                text = body + "."
                link = f"{fig} {link_tail}".strip()
                para.append((text, body, link, subject, tail))
            paragraphs.append(para)
        sources.append(paragraphs)
    return sources


def source_markdown(i, paragraphs):
    title = f"Annual review of the regional economy, volume {chr(ord('A') + i)}"
    lines = [
        "---",
        f'title: "{title}"',
        "publisher: The Benchmark Gazette",
        "---",
    ]
    for para in paragraphs:
        lines.append(" ".join(s[0] for s in para))
        lines.append("")
    return "\n".join(lines)


def pick_citations(rng, sources):
    """Five (source index, quote, link text) for one page."""
    out = []
    for k in range(CITATIONS_PER_PAGE):
        s = rng.randrange(SOURCES)
        para = rng.choice(sources[s])
        text, body, link, subject, tail = rng.choice(para)
        if k == CITATIONS_PER_PAGE - 1:
            # One quote per page leaves words out: "start ... end" within one sentence.
            quote = f"{body.split(tail)[0].strip()} ... {tail}"
        else:
            quote = body
        out.append((s, quote, link))
    return out


def src_id(s):
    return f"src-{s + 1:02d}"


def uncited_numbers(text, nrng, k):
    """`text` with k of its words replaced by plain numbers, never the first word of a sentence."""
    ws = text.split(" ")
    spots = [i for i in range(1, len(ws)) if ws[i].isalpha() and not ws[i - 1].endswith(".")]
    for i in sorted(nrng.sample(spots, min(k, len(spots)))):
        ws[i] = f"{nrng.randint(1100, 98000):,}"
    return " ".join(ws)


def page_body(rng, n, pages, cites, nrng=None, uncited=0):
    """The Markdown body shared by site, Hugo and Zola. No digits outside the citations, but
    for `uncited` plain numbers in the prose when asked."""
    ref = lambda k: f"c{chr(ord('a') + k)}"  # noqa: E731 (reference labels without digits)
    cite_inline = lambda k: f'[{cites[k][2]}]({src_id(cites[k][0])} "{cites[k][1]}")'  # noqa: E731
    cite_ref = lambda k: f"[{cites[k][2]}][{ref(k)}]"  # noqa: E731
    other = (n % pages) + 1  # the next page (wraps)
    notes = ["alpha", "bravo", "charlie", "delta", "echo"]

    counts = [uncited // 5 + (1 if i < uncited % 5 else 0) for i in range(5)]

    def para(n_words, insert):
        text = prose(rng, n_words)
        if uncited:
            text = uncited_numbers(text, nrng, counts.pop(0))
        parts = text.split(". ")
        at = max(1, len(parts) // 2)
        parts[at] = parts[at] + " " + insert
        return ". ".join(parts)

    heads = [title_case(words(rng, rng.randint(2, 4))) for _ in range(4)]
    out = []
    out.append(para(70, f"officials put it at {cite_inline(0)} in their filing[^{notes[0]}]"))
    out.append("")
    out.append(prose(rng, 40) + f" See [the wider context](https://example.org/context/{notes[n % 5]}) for more.")
    out.append("")
    out.append(f"## {heads[0]}")
    out.append("")
    out.append(para(75, f"the review counted {cite_ref(1)} by the close of the season[^{notes[1]}]"))
    out.append("")
    for _ in range(5):
        out.append("- " + " ".join(words(rng, rng.randint(6, 10))))
    out.append("")
    out.append(f"## {heads[1]}")
    out.append("")
    out.append(para(75, f"a later survey found {cite_inline(2)} in the same area[^{notes[2]}]"))
    out.append("")
    cols = [w.capitalize() for w in words(rng, 4)]
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "---|" * 4)
    for _ in range(4):
        out.append("| " + " | ".join(words(rng, 4)) + " |")
    out.append("")
    out.append(f"### {heads[2]}")
    out.append("")
    out.append(para(70, f"the board listed {cite_ref(3)} in its plan[^{notes[3]}]. Compare [the next explainer](/posts/page-{other:05d}/)"))
    out.append("")
    out.append(f"## {heads[3]}")
    out.append("")
    out.append(para(70, f"critics noted {cite_ref(4)} before the vote[^{notes[4]}]"))
    out.append("")
    for k in (1, 3, 4):
        out.append(f'[{ref(k)}]: {src_id(cites[k][0])} "{cites[k][1]}"')
    out.append("")
    for note in notes:
        out.append(f"[^{note}]: {sentence(rng, rng.randint(8, 14))}")
    out.append("")
    return "\n".join(out)


SITE_THEME = {
    "page.html": """<!doctype html>
<html lang="{{ site.language }}">
<head><meta charset="utf-8"><title>{{ page.title }} · {{ site.title }}</title></head>
<body>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
{% if page.citations %}<section aria-labelledby="sources-title"><h2 id="sources-title">Sources</h2>
<ol>{% for c in page.citations %}<li id="{{ c.id }}">{{ c.quote_html | safe }} — {{ c.source.title }}{% for r in c.refs %} <a href="#{{ r.id }}">↩</a>{% endfor %}</li>{% endfor %}</ol>
</section>{% endif %}
</body>
</html>
""",
    "section.html": """<!doctype html>
<html lang="{{ site.language }}">
<head><meta charset="utf-8"><title>{{ page.title }} · {{ site.title }}</title></head>
<body>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<ul>{% for p in page.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul>
</body>
</html>
""",
    "source.html": """<!doctype html>
<html lang="{{ site.language }}">
<head><meta charset="utf-8"><title>{{ source.title }} · {{ site.title }}</title></head>
<body>
<h1>{{ source.title }}</h1>
<ol>{% for p in source.passages %}<li id="{{ p.id }}">{{ p.quote_html | safe }}{% for b in p.cited_by %} <a href="{{ b.url }}">{{ b.title }}</a>{% endfor %}</li>{% endfor %}</ol>
</body>
</html>
""",
    "404.html": """<!doctype html>
<html lang="{{ site.language }}">
<head><meta charset="utf-8"><title>Not found · {{ site.title }}</title></head>
<body><h1>Page not found</h1></body>
</html>
""",
}

HUGO_LAYOUTS = {
    "_default/single.html": """<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
{{ .Content }}
</body>
</html>
""",
    "_default/list.html": """<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body>
</html>
""",
    "404.html": """<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head><meta charset="utf-8"><title>Not found · {{ .Site.Title }}</title></head>
<body><h1>Page not found</h1></body>
</html>
""",
}

# Hugo's defaults, minus what site has no equivalent of (taxonomy and term pages); robots.txt on
# because site writes one; minification on, as site's is by default (the same as `hugo --minify`).
# Hugo keeps its default sitemap.xml and RSS (home and section), which stand for site's
# sitemap.xml and atom.xml. Nothing is fetched: no theme, no modules.
HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "en"
title = "Bench"
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = true
enableGitInfo = false

[minify]
minifyOutput = true
"""

ZOLA_TEMPLATES = {
    "page.html": """<!doctype html>
<html lang="{{ config.default_language }}">
<head><meta charset="utf-8"><title>{{ page.title }} · {{ config.title }}</title></head>
<body>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</body>
</html>
""",
    "section.html": """<!doctype html>
<html lang="{{ config.default_language }}">
<head><meta charset="utf-8"><title>{{ section.title }} · {{ config.title }}</title></head>
<body>
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
</body>
</html>
""",
    "index.html": """<!doctype html>
<html lang="{{ config.default_language }}">
<head><meta charset="utf-8"><title>{{ config.title }}</title></head>
<body>
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
</body>
</html>
""",
    "404.html": """<!doctype html>
<html lang="{{ config.default_language }}">
<head><meta charset="utf-8"><title>Not found · {{ config.title }}</title></head>
<body><h1>Page not found</h1></body>
</html>
""",
}

# Zola's defaults plus minification (site minifies by default; Zola uses the same minify-html)
# and an Atom feed, which site always writes. Zola writes sitemap.xml and robots.txt by default;
# no search index, no taxonomies, no theme.
ZOLA_CONFIG = """base_url = "https://example.org/"
title = "Bench"
default_language = "en"
generate_feeds = true
feed_filenames = ["atom.xml"]
build_search_index = false
minify_html = true
"""

SITE_CONFIG = """title: Bench
base_url: https://example.org/
language: en
theme: bench
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--uncited", type=int, default=0, help="plain numbers per page (default 0)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    nrng = random.Random(f"uncited-{args.seed}")
    out = os.path.abspath(args.out)
    for sub in ("site", "hugo", "zola"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    site, hugo, zola = (os.path.join(out, sub) for sub in ("site", "hugo", "zola"))

    sources = make_sources(rng)
    write(os.path.join(site, "site.yaml"), SITE_CONFIG)
    for name, text in SITE_THEME.items():
        write(os.path.join(site, "themes", "bench", "templates", name), text)
    for s, paragraphs in enumerate(sources):
        write(os.path.join(site, "content", "sources", f"{src_id(s)}.md"), source_markdown(s, paragraphs))
    write(os.path.join(hugo, "hugo.toml"), HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(hugo, "layouts", name), text)
    write(os.path.join(zola, "config.toml"), ZOLA_CONFIG)
    for name, text in ZOLA_TEMPLATES.items():
        write(os.path.join(zola, "templates", name), text)

    intro = prose(rng, 60) + "\n"
    # Hugo's and Zola's home pages list the section; site's links to it, so it is reached.
    home_link = "\n[All explainers](posts/_index.md)\n"
    write(os.path.join(site, "content", "index.md"), "---\ntitle: Bench\n---\n" + intro + home_link)
    write(os.path.join(hugo, "content", "_index.md"), "---\ntitle: Bench\n---\n" + intro)
    write(os.path.join(zola, "content", "_index.md"), '+++\ntitle = "Bench"\n+++\n' + intro)
    section = prose(rng, 40) + "\n"
    write(os.path.join(site, "content", "posts", "_index.md"), "---\ntitle: Explainers\n---\n" + section)
    write(os.path.join(hugo, "content", "posts", "_index.md"), "---\ntitle: Explainers\n---\n" + section)
    write(os.path.join(zola, "content", "posts", "_index.md"), '+++\ntitle = "Explainers"\n+++\n' + section)

    start = datetime.date(2023, 1, 1)
    for n in range(1, args.pages + 1):
        title = title_case(words(rng, rng.randint(3, 6)))
        date = (start + datetime.timedelta(days=n % 700)).isoformat()
        cites = pick_citations(rng, sources)
        body = page_body(rng, n, args.pages, cites, nrng, args.uncited)
        declared = sorted({src_id(s) for s, _, _ in cites})
        name = f"page-{n:05d}.md"
        write(
            os.path.join(site, "content", "posts", name),
            f"---\ntitle: {title}\ndate: {date}\nsources: [{', '.join(declared)}]\n---\n{body}",
        )
        write(
            os.path.join(hugo, "content", "posts", name),
            f"---\ntitle: {title}\ndate: {date}\n---\n{body}",
        )
        write(
            os.path.join(zola, "content", "posts", name),
            f'+++\ntitle = "{title}"\ndate = {date}\n+++\n{body}',
        )


if __name__ == "__main__":
    main()
