//! `site`: a static-site generator for explainers whose every figure is checked.
//!
//! One folder per stage, and data flows one way (see docs/architecture.md):
//! [`load`] reads the project, [`text`] holds the tools prose is read with (figures,
//! normalisation), [`parse`] reads front matter and Markdown, [`cite`] checks every
//! quote and figure, [`assemble`] numbers across pages and makes the view models, [`render`]
//! runs the theme, [`output`] writes the site. [`build`] runs the stages in order and keeps
//! their results between builds; [`diag`] is the findings; [`cmd`] is the command line.

// Input from many hands must never crash a build: library code may not unwrap, expect or panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub(crate) mod assemble;
pub mod build;
pub mod cite;
pub mod cmd;
pub mod diag;
pub(crate) mod import;
pub(crate) mod load;
pub(crate) mod lsp;
pub mod output;
pub mod parse;
pub(crate) mod render;
pub(crate) mod serve;
pub mod text;
