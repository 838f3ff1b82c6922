//! The citation core: every figure on the site links to a quote, and every
//! quote must occur in the stored article it cites.
//!
//! - [`source`] looks quotes up in an article (with elisions, read by [`elision`]) and
//!   explains misses with a word diff ([`diff`]) against the closest sentence;
//! - [`sentences`] splits an article into sentences, and [`rank`] ranks them
//!   against an editor's words (BM25, tolerant of typos and typography);
//! - [`reference`] writes a passage as a reference definition to paste;
//! - [`coverage`] lists a source's figures and where the site cites each;
//! - [`fragment`] builds text-fragment URLs that highlight the quote;
//! - [`derived`] computes figures from cited ones in exact fractions and checks them;
//! - [`panel`] checks each citation of a page against its source into panel entries;
//! - [`page`] runs a page's Markdown pass and its panel together.
//!
//! Figures are read and quotes normalised with the tools of [`crate::text`], which parse uses
//! too; sources arrive as parse made them (`parse::source`). No I/O happens here, and no input
//! can make it panic.

pub(crate) mod coverage;
pub(crate) mod derived;
pub mod diff;
pub(crate) mod elision;
pub(crate) mod fragment;
pub(crate) mod hedge;
pub(crate) mod page;
pub(crate) mod panel;
pub(crate) mod rank;
pub(crate) mod reference;
pub(crate) mod sentences;
pub mod source;
