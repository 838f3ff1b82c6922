//! A one-off build keeps only a page's front matter once it is read, so that the texts of a
//! large site are never all in memory at once, and reads the whole text again when it cites the
//! page: the front matter read again must be the one read before.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::load::content::{Found, Kind};
use crate::load::images::Dimensions;
use crate::parse::page::Page;

use super::super::layout::Layout;
use super::super::media::Images;

use super::texts::Overlay;

/// The page files found, by the path the build shows.
pub(super) fn files(found: &[Found]) -> HashMap<&Path, &Found> {
    found
        .iter()
        .filter(|f| f.kind == Kind::Page)
        .map(|f| (f.shown.as_path(), f))
        .collect()
}

/// A page whose text a one-off build cut to its front matter when it read it (`files` is
/// Some), with its whole text read again to be cited: None when the page was kept whole. The
/// front matter read again must be the one read before, or the page changed in between.
pub(super) fn whole(
    overlay: &Overlay,
    files: Option<&HashMap<&Path, &Found>>,
    page: &Page,
) -> Result<Option<Page>, Diagnostic> {
    let Some(files) = files else {
        return Ok(None);
    };
    let path = page.file.path.as_path();
    let found = files.get(path).ok_or_else(|| changed(path))?;
    let file = overlay.read(found)?;
    if file.text.get(..page.body_offset) != Some(page.file.text.as_str()) {
        return Err(changed(path));
    }
    Ok(Some(Page {
        file: Arc::new(file),
        ..page.clone()
    }))
}

/// One size for each image: PNG and JPEG as the decoder read them (orientation applied), others
/// by header, so that a page's `width` and `height` are those of the copies published.
pub(super) fn sizes(layout: &Layout, rasters: &Images) -> HashMap<String, Dimensions> {
    let mut sizes = layout.images.clone();
    sizes.extend((rasters.sizes.iter()).map(|(rel, d)| (rel.clone(), d.clone())));
    sizes
}

fn changed(path: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::ChangedDuringBuild,
        path,
        "the page changed while the site was being built, after it was checked",
    )
    .with_help("build again once every file is saved; nothing was published")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::{Mode, Session};
    use super::*;
    use crate::build::Options;
    use crate::load::config::Config;
    use crate::load::content::TextFile;
    use crate::parse::page;

    const TEXT: &str = "---\ntitle: A page\n---\nSome words.\n";

    /// A page as a one-off build holds it after loading it (front matter only), the session
    /// holding `now` as the page's text, and the page's file as the scan found it.
    fn held(now: &str) -> (Session, Found, Page) {
        let shown = PathBuf::from("content/a.md");
        let config = Config::parse(Path::new("site.yaml"), "title: T\n").expect("a config");
        let file = TextFile {
            path: shown.clone(),
            rel: "a.md".to_string(),
            text: TEXT.to_string(),
        };
        let mut page = page::parse_page(Arc::new(file), &config, false)
            .expect("the page reads")
            .expect("not a draft");
        page.file = super::super::texts::front_matter_only(&page.file, page.body_offset);
        let mut session = Session::with_mode(Path::new("."), Options::default(), Mode::Once);
        session.set_unsaved(shown.clone(), Some(now.to_string()));
        let found = Found {
            from: PathBuf::from("a.md"),
            shown,
            rel: "a.md".to_string(),
            kind: Kind::Page,
            stamp: None,
        };
        (session, found, page)
    }

    #[test]
    fn a_page_is_cited_from_its_whole_text_read_again() {
        let (session, found, page) = held(TEXT);
        let files = files(std::slice::from_ref(&found));
        let whole = whole(&session.overlay, Some(&files), &page).expect("unchanged");
        assert_eq!(whole.map(|p| p.file.text.clone()), Some(TEXT.to_string()));
    }

    #[test]
    fn a_page_whose_front_matter_changed_after_it_was_read_fails_the_build() {
        let (session, found, page) = held("---\ntitle: Another\n---\nSome words.\n");
        let files = files(std::slice::from_ref(&found));
        let failed = whole(&session.overlay, Some(&files), &page).expect_err("changed");
        assert_eq!(failed.code, Code::ChangedDuringBuild);
        assert!(failed.is_error());
    }
}
