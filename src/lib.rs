//! `site`: a static-site generator for explainers whose every figure is checked.
//!
//! The build flows one way: [`content`] loads the project, [`front_matter`] and [`markdown`]
//! parse it, [`cite`] and [`panel`] check every quote and figure, [`render`] runs the theme,
//! and [`output`] writes the site. [`pipeline`] strings them together; [`cli`] is the command line.

// Input from many hands must never crash a build: library code may not unwrap, expect or panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod assemble;
pub mod chart;
pub mod cite;
pub mod cli;
pub mod config;
pub mod content;
pub mod dates;
pub mod derived;
pub mod diagnostic;
pub mod feeds;
pub mod figure;
pub mod front_matter;
pub mod init;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod panel;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod suggest;
pub mod theme;
pub mod yaml;
