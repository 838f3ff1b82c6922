//! Every kind of finding has a [`Code`]: a stable name editors' CI can filter on, a one-line
//! summary, a longer explanation with an example and the fix (`site explain CODE`), and a
//! [`Kind`] from which the exit code follows.

use std::fmt;

use serde::{Serialize, Serializer};

/// What a finding is about, which decides the exit code of a failed build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Something in the content, the settings or the theme: exit code 1.
    Content,
    /// The command line asked for something that cannot be done: exit code 2.
    Usage,
}

impl Kind {
    /// The exit code of a build that fails with a finding of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Content => 1,
            Kind::Usage => 2,
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $kind:ident, $summary:literal, $long:literal;)*) => {
        /// One variant per kind of finding.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order `site explain` lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name, as printed in `error[name]` and in JSON.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Whether a build failing with this code is a usage or a content error.
            pub fn kind(self) -> Kind {
                match self {
                    $(Code::$variant => Kind::$kind,)*
                }
            }

            /// One line: what the finding means.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            /// Several lines: why it is a finding, an example, and the fix.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $long,)*
                }
            }
        }
    };
}

codes! {
    BrokenLink = "broken-link", Content,
        "A link or image points at a page or file the site does not have.",
        "A link to a page of the site, or an image, names a path that no file under content/ \
         makes.\n\nExample:\n    [the timeline](timline.md)\n\nFix: correct the path; it is \
         relative to the page's folder, and an image must be a file under content/.";
    Card = "card", Content,
        "A page's share card cannot be drawn.",
        "Each page gets a 1200 × 630 PNG for social networks, drawn from the theme's \
         `templates/card.svg` with the fonts in the theme's `fonts/` folder.\n\nExample:\n    \
         a theme's card.svg that is not well-formed SVG, or a theme with no font\n\nFix: check \
         the template's SVG, and put an OpenType or TrueType font in the theme's fonts/ folder.";
    Byline = "byline", Content,
        "`authors:` in a page's front matter cannot be read.",
        "A byline names people, so each author is a name, or a mapping with `name` and an \
         http(s) `url`.\n\nExample:\n    authors: Jane Doe\n    authors:\n      - url: \
         javascript:alert(1)\n\nFix: write a list: `authors: [Jane Doe]`, or one item per line \
         as `- Jane Doe` or `- {name: Jane Doe, url: https://example.org/jane}`.";
    ChangedDuringBuild = "changed-during-build", Content,
        "A page changed on disk while the site was being built.",
        "A build checks every page first and renders it afterwards, reading the page's file \
         again; the text it reads then must be the text it checked, so that nothing unchecked \
         is published.\n\nExample:\n    an editor saving content/index.md during a long \
         build\n\nFix: build again once every file is saved; the output was left as it was.";
    ChartCite = "chart-cite", Content,
        "A chart item has no citation, or cites in two ways at once.",
        "Every bar of a chart is a figure, and every figure is cited.\n\nExample:\n    items:\n      \
         - label: Troops\n        value: 11,000\n\nFix: add `cite: <reference label>` naming a \
         reference definition of the page, or `source:` and `quote:` (one way, not both).";
    ChartItems = "chart-items", Content,
        "A chart has no items.",
        "A chart block must list what it shows.\n\nExample:\n    type: bars\n    title: Troops\n    \
         unit: soldiers\n\nFix: list the figures under `items:`, each with `label`, `value` and \
         `cite`.";
    ChartPart = "chart-part", Content,
        "A part of a `part` chart is larger than its whole.",
        "A `part` chart shows shares of one whole, so no part may exceed it.\n\nExample:\n    \
         - label: All\n      value: 5\n      whole: true\n    - label: Some\n      value: 6\n\n\
         Fix: check the figures, or use `type: bars` for figures that are not parts of one whole.";
    ChartValue = "chart-value", Content,
        "A chart item's value is not exactly one figure (or range), or does not suit the chart.",
        "Each bar draws one figure read from its `value:`, and `bars` draws single figures only.\n\n\
         Example:\n    value: many\n\nFix: write the figure as the source does: `30,000`, \
         `1.2 million`, or a range `25,000–30,000` in a `ranges` chart.";
    ChartWhole = "chart-whole", Content,
        "`whole:` is missing from a `part` chart, repeated, or used in another kind of chart.",
        "A `part` chart needs exactly one item marked `whole: true`; other charts have none.\n\n\
         Example:\n    type: bars\n    items:\n      - label: All\n        whole: true\n\nFix: mark \
         the one item the others are part of, or remove `whole:` from a chart that is not \
         `type: part`.";
    ChartYaml = "chart-yaml", Content,
        "A chart block is not valid chart YAML.",
        "A ```chart block holds YAML with the keys type, title, unit, description, credit and \
         items.\n\nExample:\n    type: pie\n\nFix: correct the YAML at the line shown; a chart's \
         `type` is `bars`, `ranges` or `part`.";
    Config = "config", Content,
        "A setting of site.yaml has a value that cannot be used.",
        "site.yaml is read before anything else; a bad value stops the build.\n\nExample:\n    \
         base_url: example.org\n\nFix: write the value as the help says, e.g. an absolute URL such \
         as https://example.org/explainers/ for `base_url`.";
    ControlCharacter = "control-character", Content,
        "A text file holds a control character, a noncharacter or a bidirectional override.",
        "Text reaches HTML pages, XML feeds, the sitemap and JSON. XML forbids most control \
         characters and U+FFFE/U+FFFF, and HTML calls every control character but tab and \
         newline an error, so a file holding one is refused rather than published as a feed no \
         reader can open. A bidirectional override (U+202D, U+202E) shows the characters after \
         it in the order it forces, digits too, so a figure checked as 12 would be shown as 21: \
         it is refused as well.\n\nExample:\n    title: \"Troops\" followed by an invisible U+0001 \
         pasted with the text\n\nFix: delete the character at the line and column given.";
    Correction = "correction", Content,
        "`corrections:` in a page's front matter cannot be read.",
        "Each correction is shown with its date at the end of the article and noted under the \
         headline, so it needs both.\n\nExample:\n    corrections:\n      - date: last week\n\n\
         Fix: write a list of mappings, each with an ISO 8601 `date` and the `text` readers see: \
         `- {date: 2026-11-30, text: An earlier version misstated the date of the vote.}`.";
    DerivedArithmetic = "derived-arithmetic", Content,
        "A derived figure's formula cannot be computed.",
        "A figure computed from citations must be exact arithmetic over compatible amounts.\n\n\
         Example:\n    [about $5](= \"pay + troops_in_euros\")\n\nFix: check the formula: amounts in \
         different currencies do not add up, and nothing is divided by zero.";
    DerivedFormula = "derived-formula", Content,
        "A derived figure's formula cannot be read.",
        "The title of a `=` link is a formula over reference labels of citations.\n\nExample:\n    \
         [about $22 million](= \"troops * * pay\")\n\nFix: write the formula over reference labels: \
         [about $22 million](= \"troops * pay\").";
    DerivedInput = "derived-input", Content,
        "An input of a derived figure is not a citation of this page.",
        "Every input of a computed figure must itself be a checked citation, so the result rests \
         on quoted figures only.\n\nExample:\n    [about $22 million](= \"troops * pay\")\n    \
         [pay]: https://example.com\n\nFix: make each label a reference definition that cites a \
         source, and cite it in the page.";
    DerivedMismatch = "derived-mismatch", Content,
        "A derived figure's text does not match what its formula computes.",
        "The figure written in the link must be the exact result, or the result rounded as its \
         rounding step says.\n\nExample:\n    [about $30 million](= \"troops * pay\")   (computes \
         $22,000,000)\n\nFix: correct the figure in the text, or the formula.";
    DuplicatePath = "duplicate-path", Content,
        "Two files would be written to the same output path.",
        "Each page, source page, asset and generated file has its own path in the site.\n\n\
         Example:\n    content/about.md and content/about/index.md both make /about/\n\nFix: rename \
         one of the files, or give the page another `slug:`.";
    EmptyQuote = "empty-quote", Content,
        "A citation has no quote.",
        "A citation proves its figure with the exact words of the source.\n\nExample:\n    \
         [11,000 troops](nysun)\n\nFix: put the exact words of the source in the link's title: \
         [11,000 troops](nysun \"around 11,000 troops\").";
    EmptySource = "empty-source", Content,
        "A stored source has no text.",
        "A source file holds the article's text after its front matter; quotes are checked \
         against it.\n\nExample:\n    ---\n    title: ...\n    ---\n    (nothing)\n\nFix: paste \
         the article's text after the front matter, exactly as published.";
    Encoding = "encoding", Content,
        "A text file is not valid UTF-8.",
        "Pages, sources and settings are read as UTF-8 text.\n\nExample:\n    a page saved as \
         Latin-1 with an accented letter\n\nFix: save the file as UTF-8.";
    FigureHedgeContradicted = "figure-hedge-contradicted", Content,
        "The text qualifies a figure the opposite way from its quote.",
        "A quote's qualifier (\"nearly\", \"more than\", \"up to\", \"at least\") says on which \
         side of its figure the truth lies; the text must not say the other side.\n\nExample:\n    \
         [more than 2,000](nysun \"nearly 2,000 troops\")\n\nFix: use the quote's qualifier or \
         one of the same direction (\"almost\" for \"nearly\"), or cite a passage that says what \
         the text says.";
    FigureHedgeDropped = "figure-hedge-dropped", Content,
        "The quote qualifies its figure and the text states it as exact (a warning; an error under --strict).",
        "When the quote hedges a figure (\"around\", \"about\", \"nearly\", \"more than\", \"at \
         least\", \"up to\", \"an estimated\"), the link text or the few words before it must \
         keep a qualifier, so a reader is not told an estimate is exact.\n\nExample:\n    \
         [11,000 troops](nysun \"around 11,000 troops\")\n\nFix: keep a qualifier of the same \
         sense: about [11,000 troops](nysun \"around 11,000 troops\").";
    FigureNotInQuote = "figure-not-in-quote", Content,
        "A cited figure is not stated by its quote.",
        "The link's text states a figure; the quote in its title must state the same figure.\n\n\
         Example:\n    [12,000 troops](nysun \"around 11,000 troops\")\n\nFix: cite a passage that \
         states this figure, or correct the figure to match it.";
    FileName = "file-name", Content,
        "A file or folder name cannot be a URL as it is, or is not UTF-8.",
        "A page's path under content/ becomes its URL. A space, `#`, `?`, `%`, a quote or a \
         control character in it would cut the URL short or need escaping that links written \
         by hand would not have. A name of any file the build reads (content, templates, \
         static files) must be UTF-8: other bytes can be neither a URL nor named in a link, and \
         are shown as U+FFFD.\n\nExample:\n    content/troops in russia?.md\n\nFix: \
         rename the file or folder with letters, digits, `-`, `_` and `.` \
         (`troops-in-russia.md`), or give the page a `slug:` for its own name; a name that is \
         not UTF-8 with `mv`, where `?` matches its bad bytes.";
    FrontMatter = "front-matter", Content,
        "A file's front matter is missing, unclosed or has a bad value.",
        "Every page and source starts with a `---` block of YAML.\n\nExample:\n    ---\n    \
         title: Troops\n    (no closing ---)\n\nFix: open and close the block with `---` lines and \
         give each key a value of the expected type (see the README's reference).";
    HeadingId = "heading-id", Content,
        "A heading's id is already taken.",
        "Heading ids are anchors; each must be unique and not one the theme or the panel uses.\n\n\
         Example:\n    ## Sources {#sources}\n\nFix: choose another {#id}; ids starting with cite-, \
         ref- or passage- and the ids main, content, sources, sources-title and top are taken.";
    Image = "image", Content,
        "A PNG or JPEG image of the site cannot be read, or is too large to publish.",
        "The build reads every raster image a page shows and publishes it at several widths \
         (480, 960 and 1600 pixels, never wider than the original) in WebP and in its own \
         format. It refuses a file that is not the image its name says, one it cannot decode, \
         and one over 50 megapixels, which would take more memory to decode than a build \
         should.\n\nExample:\n    ![A bus](bus.jpg) where bus.jpg is a PNG, is cut short, or \
         is 20000 × 20000 pixels\n\nFix: export the image again as a PNG or JPEG of at most a \
         few thousand pixels across, with the extension its format has.";
    ImageAlt = "image-alt", Content,
        "An image has no alt text.",
        "Readers who cannot see the image hear its alt text.\n\nExample:\n    ![](photo.jpg)\n\n\
         Fix: describe the image between the brackets: ![North Korean soldiers in training](photo.jpg); \
         for the lead image, give `image:` an `alt:`.";
    ImageSize = "image-size", Content,
        "An image's width and height cannot be read from its file.",
        "Images are given the width and height of their file, so the page does not move as they \
         load; a file whose header is not a known image format has neither. (A PNG or JPEG that \
         cannot be read is the `image` error instead.)\n\nExample:\n    \
         ![A bus](bus.gif)   (bus.gif holds text, or is cut short)\n\nFix: save the image \
         again as PNG, JPEG, GIF, WebP or AVIF (SVG is drawn to its box and needs no size).";
    Import = "import", Content,
        "`site source add` cannot take an article's text from the file it was given.",
        "The import stores only text it read from the page: a page with no article text, one \
         nested or sized past the reader's limits, a file that is not UTF-8 or over 16 MB is \
         refused, and nothing is written.\n\nExample:\n    site source add saved-search-results.html\n\n\
         Fix: save the article's own page (File → Save Page As, \"HTML only\"), convert it to \
         UTF-8, or import its text as a plain-text file, paragraphs separated by blank lines.";
    Init = "init", Content,
        "`site init` cannot create the project.",
        "`site init` writes a new project and never overwrites one.\n\nExample:\n    site init \
         (in a folder that has site.yaml)\n\nFix: run `site build` to build the existing project, \
         or pass `site init` a new folder.";
    LeadImage = "lead-image", Content,
        "`image:` in a page's front matter cannot be used as its lead image.",
        "The lead image is shown under the headline with its caption and credit, from a file \
         of the site whose size is read so the page does not move as it loads.\n\nExample:\n    \
         image: photo.jpg\n    image:\n      src: https://example.org/photo.jpg\n\nFix: write \
         a mapping with `src` (a file under content/, relative to the page's folder), `alt`, and \
         optionally `caption` and `credit`: `image: {src: troops.jpg, alt: Soldiers marching, \
         credit: \"Photo: KCNA\"}`.";
    NewPage = "new-page", Usage,
        "`site new` cannot write the page it was asked for.",
        "`site new PATH` writes a page under content/ from a template, and never overwrites a \
         file. PATH is relative to the current folder.\n\nExample:\n    site new notes.md \
         (from the project folder: notes.md is not under content/)\n\nFix: give a path under \
         the project's content/ folder that no file has yet, such as content/notes.md.";
    Io = "io", Content,
        "A file or folder of the project cannot be read.",
        "The build reads every file under content/ and the theme.\n\nExample:\n    a page without \
         read permission\n\nFix: check the file's permissions and that it still exists.";
    NotAFile = "not-a-file", Content,
        "A file the site publishes is not a regular file.",
        "`site serve` reads every file it serves when a build ends, and publishes only regular \
         files: a FIFO would block the reading, and a device or socket has no contents to \
         publish.\n\nExample:\n    content/photo.jpg replaced by a FIFO (`mkfifo`) while the \
         server runs\n\nFix: remove it, or put a regular file in its place.";
    OrphanPage = "orphan-page", Content,
        "No link, menu entry or listing leads to a page (a warning; an error under --strict).",
        "A page is reached when a reader can get to it from the home page: through a link in a \
         page already reached (a Markdown link to its .md file), an entry of `menu:` in \
         site.yaml, or the listing of a section page (`_index.md`) of its folder that is reached \
         itself. The home page is always reached. A page reached by none of these is published \
         but found by no reader.\n\nExample:\n    content/budget.md, linked from no page\n\n\
         Fix: link to it from a page that is reached, [the budget](budget.md); add it to `menu:`; \
         or make the home page a section (`content/_index.md`), which lists the pages of its \
         folder.";
    OutsideProject = "outside-project", Content,
        "A file is a symbolic link to somewhere outside the project.",
        "The build reads only the project's own files, so that a site cannot publish files it \
         was never given.\n\nExample:\n    content/notes.md -> /home/me/notes.md\n\nFix: copy the \
         file into the project instead of linking to it.";
    Output = "output", Content,
        "The site cannot be written.",
        "The site is written into a staging folder and swapped in only when complete.\n\n\
         Example:\n    a full disk, or an output folder without write permission\n\nFix: check that \
         the folder is writable and the disk is not full; the previous site was left as it was.";
    Project = "project", Content,
        "The project folder, its content/ or its site.yaml cannot be found.",
        "A project is a folder with site.yaml and content/.\n\nExample:\n    site --root missing \
         build\n\nFix: pass an existing project with --root, or create one with `site init`.";
    Quote = "quote", Content,
        "`site quote` has no source to search.",
        "`site quote` searches the articles stored under content/sources/; a project without \
         one has nothing to find a passage in.\n\nExample:\n    site quote \"troops moved to \
         Kursk\" (in a project with no content/sources/*.md)\n\nFix: store the article as \
         content/sources/<id>.md, its text after a front matter with its title, then search \
         again.";
    QuoteNotFound = "quote-not-found", Content,
        "A quote is not in its stored source.",
        "Every quote must be the words of the stored article; the finding shows the closest \
         passage and the words that differ.\n\nExample:\n    [11,000](nysun \"about 11,000 troops \
         moved\")\n\nFix: copy the passage word for word (quotes, dashes and spacing may differ); \
         use ... to leave words out within one paragraph.";
    RelativeBaseUrl = "relative-base-url", Content,
        "`base_url` is a path, so what needs a full URL is left out (a note; never an error).",
        "A sitemap, the `Sitemap:` line of robots.txt, an Atom feed and a page's canonical link \
         must hold absolute URLs, with the host the site is served from. With `base_url: /` (the \
         default) or another path, the build does not know that host and will not guess it: it \
         writes no sitemap.xml and no atom.xml, robots.txt without its `Sitemap:` line, and pages \
         without a canonical link or `og:url`, rather than publish relative URLs search engines \
         and feed readers reject. Everything else works on any host.\n\nExample:\n    base_url: /\n\n\
         Fix: give the address the site is published at, `base_url: https://your.host/` in \
         site.yaml (or `--base-url https://your.host/` for one build).";
    ReferenceBudget = "reference-budget", Content,
        "Reference links copy more text than the Markdown parser expands in one page.",
        "The Markdown parser stops expanding reference links once their destinations and \
         titles add up to the page's size (at least 100 KB), and leaves the rest as bracketed \
         text. A citation there would be published unchecked, so the page is refused instead.\n\n\
         Example:\n    a page citing a 2,000-character quote by its label 200 times\n\nFix: write \
         long quotes inline, cite a long definition fewer times, or split the page.";
    SourceId = "source-id", Content,
        "A source's file name cannot be its id.",
        "A source's id is its file name, used in citations.\n\nExample:\n    content/sources/ny \
         sun.md\n\nFix: name the file with letters, digits, `-` and `_` only, such as \
         nysun-pyongyang.md.";
    SymlinkLoop = "symlink-loop", Content,
        "A folder is a symbolic link to one of its own parents.",
        "Following it would make the content endless.\n\nExample:\n    content/loop -> ..\n\nFix: \
         remove the link.";
    Template = "template", Content,
        "A template is missing or fails to render.",
        "Pages are rendered with the theme's Tera templates.\n\nExample:\n    template: wide.html \
         (a template the theme does not have)\n\nFix: name a template the theme has, or correct \
         the template at the file and line shown.";
    TooDeep = "too-deep", Content,
        "Markdown, raw HTML, a formula, YAML or a chain of templates nests too deeply.",
        "Nesting is bounded so that no input can exhaust the stack: Markdown blocks and inline \
         markup (with raw HTML) at most 100 levels, a derived figure's parentheses at most 32 \
         levels and 200 tokens, YAML at most 64 levels, a theme's templates at most 16 in one \
         chain of includes and extends, and the HTML a template writes at most 256 elements.\n\nExample:\n    3,000 nested `>` \
         quote markers\n\nFix: flatten the nesting at the line shown.";
    TooLarge = "too-large", Content,
        "A text file is over the size limit.",
        "Pages, sources and settings may be at most 16 MB each, so that a stray file cannot \
         exhaust memory.\n\nExample:\n    a 40 MB log saved as content/data.md\n\nFix: split the \
         file, or keep large files out of content/.";
    UncheckedCitation = "unchecked-citation", Content,
        "A citation is written where it would be published as text, unchecked.",
        "Only a Markdown link is checked against its source. A citation written where the \
         Markdown parser reads no link (in raw HTML, in an image's alt text, in front matter, or \
         with a typo that breaks the link's syntax) would reach readers as its raw text, its \
         figure never compared with the quote.\n\nExample:\n    <div>[11,000 troops](nysun \
         \"around 11,000 troops\")</div>\n    [11,000 troops](nysun \"around 11,000 troops\" \
         extra words)\n\nFix: write the citation in the page's Markdown text, as \
         [figure](source-id \"exact quote\") with nothing after the closing quote mark; leave a \
         blank line between raw HTML and Markdown.";
    UncitedFigure = "uncited-figure", Content,
        "A number in the text is not cited (a warning; an error under --strict).",
        "Every figure a reader sees should be backed by a quote.\n\nExample:\n    About 11,000 \
         troops moved.\n\nFix: link it to the passage it comes from: [11,000 troops](nysun \
         \"around 11,000 troops\"), or mark it as not a figure: [2]{.not-figure}. Headings \
         are text like any other and may cite; a page's title and description cannot (front \
         matter is not Markdown), so cite the figure in the text and mark it there: \
         title: Kim sends [11,000]{.not-figure} troops.";
    UndeclaredSource = "undeclared-source", Content,
        "A cited source is not listed in the page's `sources:`.",
        "A page lists the sources it cites, so its record is complete.\n\nExample:\n    \
         [11,000](nysun \"...\") in a page without `sources: [nysun]`\n\nFix: add it to the front \
         matter: sources: [nysun].";
    UnknownKey = "unknown-key", Content,
        "A YAML key is not one the file can have.",
        "Unknown keys are refused so that a typo is not silently ignored.\n\nExample:\n    \
         titel: Troops\n\nFix: correct the key; the help names the nearest known one.";
    UnknownSource = "unknown-source", Content,
        "A citation or `sources:` names a source that does not exist.",
        "Sources are the files in content/sources/, named by their file name.\n\nExample:\n    \
         [11,000](nysnu \"...\")\n\nFix: correct the id, or add the source to content/sources/ as \
         <id>.md.";
    UnknownTheme = "unknown-theme", Content,
        "site.yaml names a theme that does not exist.",
        "Themes are built in (default, plain) or folders under themes/.\n\nExample:\n    theme: \
         fancy\n\nFix: name one of the themes listed in the finding.";
    UnreadDigit = "unread-digit", Content,
        "A citation's text holds a digit that is not read as a figure.",
        "The figure check compares the figures it reads in a citation's text with its quote. A \
         digit it does not read as part of a figure (a fraction such as ½, a superscript, a Roman \
         numeral, a number mixing two scripts' digits) would be published unchecked, so the \
         citation is refused. Any one script's digits are read (٩٩, ९९, ９９).\n\nExample:\n    \
         [11,000½ troops](nysun \"around 11,000 troops were assessed\")\n\nFix: write the \
         figure as the quote states it, in one script's digits.";
    UnsafeLink = "unsafe-link", Content,
        "A link uses a refused scheme such as javascript:.",
        "Content comes from many hands, so links that run code are refused.\n\nExample:\n    \
         [click](javascript:alert(1))\n\nFix: link to an http(s) address, a page or a file of the \
         site.";
    Usage = "usage", Usage,
        "The command line asks for something that cannot be done.",
        "A usage error exits with code 2 and writes nothing.\n\nExample:\n    site build --output \
         content\n\nFix: pass --output a new folder or one an earlier `site build` wrote, and \
         --base-url an absolute URL such as https://example.org/explainers/.";
    Yaml = "yaml", Content,
        "A YAML block cannot be read.",
        "Front matter and site.yaml are YAML.\n\nExample:\n    title: [Troops\n\nFix: check the \
         indentation, and quote values that contain a colon.";
}

impl Code {
    /// The code named `name` (as printed), if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.name()), Some(*code));
            assert!(code.explanation().contains("Fix:"), "{code}");
            assert!(code.explanation().contains("Example:"), "{code}");
        }
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn only_usage_errors_exit_with_2() {
        assert_eq!(Code::Usage.kind().exit_code(), 2);
        assert_eq!(Code::QuoteNotFound.kind().exit_code(), 1);
    }
}
