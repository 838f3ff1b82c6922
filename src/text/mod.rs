//! Text: the tools every later stage reads prose with. None of them checks anything; parse uses
//! them to read a page, cite to check it.
//!
//! - [`figures`] reads the exact numbers a text states ("about 11,000", "$2.5 million");
//! - [`normalize`] folds typography away while remembering original offsets;
//! - [`rational`] holds figures as exact fractions, for derived figures;
//! - [`article`] holds a stored article's text, cut into paragraphs normalised once;
//! - [`digest`] names an article's normalised text by its SHA-256, for readers to verify.

pub mod article;
pub(crate) mod digest;
pub mod figures;
pub mod normalize;
pub(crate) mod rational;
