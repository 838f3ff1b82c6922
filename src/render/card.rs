//! Share cards: the 1200 × 630 image a page shows when it is shared, drawn from the theme's
//! `card.svg` template with the theme's own fonts.
//!
//! The text is laid out here rather than in the template, since SVG does not wrap: each line
//! is measured with the font the card is drawn with, long titles wrap over a few lines and what
//! still does not fit ends in an ellipsis. Only fonts shipped with the theme are used, never
//! the machine's, so a card looks the same wherever the site is built.

use serde::Serialize;

/// The size social networks show a large card at (assemble names it in the page's tags).
pub const WIDTH: u32 = crate::assemble::CARD_WIDTH;
pub const HEIGHT: u32 = crate::assemble::CARD_HEIGHT;

/// The width text may take: the card less its margins.
const TEXT_WIDTH: f32 = 1040.0;

/// What a card says: the page's title, the site's name, and the page's first figure with the
/// source it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CardText {
    pub title: String,
    pub site: String,
    pub figure: Option<String>,
    pub source: Option<String>,
}

/// What `card.svg` sees as `card`: each text already cut into lines that fit.
#[derive(Debug, Clone, Serialize)]
pub struct CardData {
    pub title_lines: Vec<String>,
    pub site: String,
    pub figure_lines: Vec<String>,
    pub source: Option<String>,
    pub width: u32,
    pub height: u32,
}

/// A font's advance widths, to measure a line before drawing it.
pub struct Metrics<'a> {
    face: ttf_parser::Face<'a>,
}

impl<'a> Metrics<'a> {
    /// None when the bytes are not a font ttf-parser can read.
    pub fn new(font: &'a [u8]) -> Option<Metrics<'a>> {
        ttf_parser::Face::parse(font, 0)
            .ok()
            .map(|face| Metrics { face })
    }

    /// The width of `text` at `size` pixels, kerning aside (which only narrows a line).
    fn width(&self, text: &str, size: f32) -> f32 {
        let per_em = f32::from(self.face.units_per_em().max(1));
        let units: f32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(f32::from(self.face.units_per_em()) / 2.0, f32::from)
            })
            .sum();
        units * size / per_em
    }
}

/// Lays out a card's text: the title in up to three lines at 64 px, the figure in up to two at
/// 44 px, the source line and the site's name one line each at 28 px.
pub fn layout(text: &CardText, bold: &Metrics<'_>, regular: &Metrics<'_>) -> CardData {
    CardData {
        title_lines: wrap(&text.title, bold, 64.0, 3),
        site: wrap(&text.site, regular, 28.0, 1).concat(),
        figure_lines: text
            .figure
            .as_deref()
            .map(|f| wrap(f, bold, 44.0, 2))
            .unwrap_or_default(),
        source: text
            .source
            .as_deref()
            .map(|s| wrap(s, regular, 28.0, 1).concat()),
        width: WIDTH,
        height: HEIGHT,
    }
}

/// `text` cut at spaces into at most `max_lines` lines no wider than the card's text; a word
/// wider than a line is cut where it overflows, and text left over ends the last line with "…".
fn wrap(text: &str, metrics: &Metrics<'_>, size: f32, max_lines: usize) -> Vec<String> {
    let fits = |line: &str| metrics.width(line, size) <= TEXT_WIDTH;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut cut = false;
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if lines.len() == max_lines {
            cut = true;
            break;
        }
        if fits(word) {
            current = word.to_string();
        } else {
            lines.push(longest_prefix(word, &fits));
            cut = true;
            break;
        }
    }
    if !current.is_empty() {
        if lines.len() == max_lines {
            cut = true;
        } else {
            lines.push(current);
        }
    }
    if cut && let Some(last) = lines.last_mut() {
        let with = |s: &str| format!("{s}…");
        let mut keep = last.clone();
        while !keep.is_empty() && !fits(&with(&keep)) {
            keep.pop();
        }
        *last = with(keep.trim_end());
    }
    lines
}

/// The longest prefix of `word` that fits.
fn longest_prefix(word: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let mut head = String::new();
    for c in word.chars() {
        head.push(c);
        if !fits(&head) {
            head.pop();
            break;
        }
    }
    head
}

/// Draws cards: SVG to PNG with only the theme's fonts, made once per build.
pub struct Painter {
    options: resvg::usvg::Options<'static>,
}

impl Painter {
    pub fn new(fonts: &[&[u8]]) -> Painter {
        let mut options = resvg::usvg::Options {
            font_family: "Inter".to_string(),
            ..Default::default()
        };
        let db = options.fontdb_mut();
        for font in fonts {
            db.load_font_data(font.to_vec());
        }
        Painter { options }
    }

    /// Draws an SVG as a PNG of the card's size, scaled to fit it.
    pub fn paint(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = resvg::usvg::Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT)
            .ok_or_else(|| "cannot allocate the card's pixels".to_string())?;
        let size = tree.size();
        let scale = (WIDTH as f32 / size.width()).min(HEIGHT as f32 / size.height());
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap.encode_png().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOLD: &[u8] = include_bytes!("../../themes/default/fonts/Inter-Bold.otf");
    const REGULAR: &[u8] = include_bytes!("../../themes/default/fonts/Inter-Regular.otf");

    fn metrics() -> (Metrics<'static>, Metrics<'static>) {
        (
            Metrics::new(BOLD).expect("bold"),
            Metrics::new(REGULAR).expect("regular"),
        )
    }

    #[test]
    fn a_short_title_stays_one_line_and_a_long_one_wraps_then_ends_in_an_ellipsis() {
        let (bold, _) = metrics();
        assert_eq!(
            wrap("North Korea's troops", &bold, 64.0, 3),
            vec!["North Korea's troops"]
        );
        let long = "word ".repeat(200);
        let lines = wrap(&long, &bold, 64.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(bold.width(line, 64.0) <= TEXT_WIDTH, "{line}");
        }
    }

    #[test]
    fn a_word_wider_than_the_card_is_cut() {
        let (bold, _) = metrics();
        let lines = wrap(&"W".repeat(300), &bold, 64.0, 2);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].ends_with('…'));
        assert!(bold.width(&lines[0], 64.0) <= TEXT_WIDTH);
    }
}
