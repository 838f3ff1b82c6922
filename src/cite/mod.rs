//! The citation core: every figure on the site links to a quote, and every
//! quote must occur in the stored article it cites.
//!
//! - [`normalize`] folds typography away while remembering original offsets;
//! - [`source`] looks quotes up in an article (with elisions) and explains
//!   misses with a word diff;
//! - [`figures`] extracts exact numbers and checks a link's figures against
//!   its quote;
//! - [`fragment`] builds text-fragment URLs that highlight the quote.
//!
//! No I/O happens here, and no input can make it panic.

pub mod figures;
pub mod fragment;
pub mod hedge;
pub mod normalize;
pub mod source;
