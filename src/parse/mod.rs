//! Parse: front matter into page and source records, a page's Markdown into HTML and its
//! citations, a chart block's YAML into a chart, a derived figure's title into its formula.

pub mod byline;
pub(crate) mod chart;
pub(crate) mod formula;
pub mod front_matter;
pub(crate) mod markdown;
pub(crate) mod page;
pub(crate) mod site_links;
pub(crate) mod source;
