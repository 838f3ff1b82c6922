//! Load: find and read the project's files (`site.yaml`, everything under `content/`, the theme),
//! refusing what must not be read (links out of the project, files too large, bad encodings).

pub mod config;
pub mod content;
pub mod digest;
pub mod images;
pub mod raster;
pub mod theme;
