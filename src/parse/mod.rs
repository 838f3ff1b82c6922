//! Parse: front matter into page and source records, a page's Markdown into HTML and its
//! citations, a chart block's YAML into a chart.

pub mod chart;
pub mod front_matter;
pub mod markdown;
pub mod page;
