//! Parse: front matter into page and source records, a page's Markdown into HTML and its
//! citations, a chart block's YAML into a chart.

pub mod byline;
pub(crate) mod chart;
pub mod front_matter;
pub(crate) mod markdown;
pub(crate) mod page;
