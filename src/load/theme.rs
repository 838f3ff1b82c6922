//! Themes: the built-in default theme, overridden file by file by the project's own.
//!
//! The default theme is compiled into the binary so a folder with only `site.yaml` and
//! `content/` builds. A project's `themes/<name>/` and then its root `templates/` override it
//! one file at a time, as Zola and Hugo let a site override a theme.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diag::suggest;
use crate::diag::{Code, Diagnostic};
use crate::load::content::{name_not_utf8, read_text};
use crate::load::digest::ContentDigest;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a template or static file came from, to name it in diagnostics.
#[derive(Debug, Clone)]
pub enum Origin {
    BuiltIn(String),
    File(PathBuf),
}

impl Origin {
    pub fn shown(&self) -> PathBuf {
        match self {
            Origin::BuiltIn(rel) => PathBuf::from(format!("<built-in theme>/{rel}")),
            Origin::File(path) => path.clone(),
        }
    }
}

/// A static file to copy: embedded bytes or a file of the project.
#[derive(Debug, Clone)]
pub enum StaticFile {
    BuiltIn(&'static [u8]),
    File(PathBuf),
}

/// The active theme: its templates (name to text and origin) and static files (output path to file).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, (String, Origin)>,
    pub statics: BTreeMap<String, StaticFile>,
    /// The fonts share cards are drawn with (`fonts/` of the theme): a card never uses the
    /// machine's fonts, so it is the same wherever the site is built.
    pub fonts: BTreeMap<String, std::borrow::Cow<'static, [u8]>>,
    /// Each style sheet and script among the statics, to the name it is also published under,
    /// with a digest of its bytes (`style.css` to `style.1a2b3c4d5e.css`): a CDN may cache that
    /// name for ever, since new bytes get a new name. Templates reach it through `asset_url`.
    pub hashed: BTreeMap<String, String>,
}

/// Gathers the theme `name` for the project at `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    add_builtin(&mut theme, &DEFAULT_THEME);
    let themes_dir = root.join("themes");
    let dir = themes_dir.join(name);
    if name != "default" && !dir.is_dir() {
        let available = available_themes(&themes_dir);
        let names: Vec<&str> = available.iter().map(String::as_str).collect();
        let help = match suggest::did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the themes are: {}", names.join(", ")),
        };
        return Err(vec![
            Diagnostic::error(
                Code::UnknownTheme,
                "site.yaml",
                format!("there is no theme `{name}`"),
            )
            .with_note(format!(
                "looked for {}",
                Path::new("themes").join(name).display()
            ))
            .with_help(help),
        ]);
    }
    let mut problems = Vec::new();
    add_dir(
        root,
        &dir.join("templates"),
        &mut theme.templates,
        &mut problems,
    );
    add_dir(
        root,
        &root.join("templates"),
        &mut theme.templates,
        &mut problems,
    );
    for static_dir in [dir.join("static"), root.join("static")] {
        add_statics(root, &static_dir, &mut theme.statics, &mut problems);
    }
    add_fonts(root, &dir.join("fonts"), &mut theme.fonts, &mut problems);
    theme.hashed = hashed_names(&theme.statics, &mut problems);
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}

/// The output paths of the static files the theme `name` and the project's `static/` publish,
/// which a link in Markdown may name; without reading templates or reporting problems, which
/// loading the theme does.
pub(crate) fn static_paths(root: &Path, name: &str) -> BTreeSet<String> {
    let mut builtin = Theme::default();
    add_builtin(&mut builtin, &DEFAULT_THEME);
    let dir = root.join("themes").join(name);
    let mut ignored = Vec::new();
    let own = [dir.join("static"), root.join("static")]
        .into_iter()
        .flat_map(|d| files_under(root, &d, &mut ignored))
        .map(|(rel, _)| rel);
    builtin.statics.into_keys().chain(own).collect()
}

fn available_themes(themes_dir: &Path) -> Vec<String> {
    let mut names = vec!["default".to_string()];
    if let Ok(entries) = std::fs::read_dir(themes_dir) {
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names.sort();
    names
}

fn add_builtin(theme: &mut Theme, dir: &'static Dir<'static>) {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            if let Some(text) = file.contents_utf8() {
                theme.templates.insert(
                    name.to_string(),
                    (text.to_string(), Origin::BuiltIn(rel.clone())),
                );
            }
        } else if let Some(name) = rel.strip_prefix("static/") {
            theme
                .statics
                .insert(name.to_string(), StaticFile::BuiltIn(file.contents()));
        } else if let Some(name) = rel.strip_prefix("fonts/")
            && is_font(name)
        {
            theme.fonts.insert(name.to_string(), file.contents().into());
        }
    }
    for sub in dir.dirs() {
        add_builtin(theme, sub);
    }
}

/// The files under `dir`; a name that is not UTF-8 is reported, not skipped.
fn files_under(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(
            |e| match name_not_utf8(&shown(root, e.path()), e.file_name()) {
                Some(d) => {
                    problems.push(d);
                    false
                }
                None => true,
            },
        )
        // A link is kept (and checked to stay inside the project) rather than skipped, so a
        // linked template is never silently left out.
        .filter(|e| e.file_type().is_file() || (e.path_is_symlink() && e.path().is_file()))
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            (!rel.split('/').any(|p| p.starts_with('.'))).then(|| (rel, e.into_path()))
        })
        .collect()
}

fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn add_dir(
    root: &Path,
    dir: &Path,
    templates: &mut BTreeMap<String, (String, Origin)>,
    problems: &mut Vec<Diagnostic>,
) {
    for (rel, path) in files_under(root, dir, problems) {
        if let Err(d) = inside(root, &path) {
            problems.push(d);
            continue;
        }
        let shown = shown(root, &path);
        match read_text(&path, &shown) {
            Ok(text) => {
                templates.insert(rel, (text, Origin::File(shown)));
            }
            Err(d) => problems.push(d),
        }
    }
}

/// Font files share cards can use: OpenType and TrueType (not the web's WOFF).
fn is_font(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".otf") || name.ends_with(".ttf")
}

fn add_fonts(
    root: &Path,
    dir: &Path,
    fonts: &mut BTreeMap<String, std::borrow::Cow<'static, [u8]>>,
    problems: &mut Vec<Diagnostic>,
) {
    let files = files_under(root, dir, problems);
    for (rel, path) in files.into_iter().filter(|(r, _)| is_font(r)) {
        if let Err(d) = inside(root, &path) {
            problems.push(d);
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                fonts.insert(rel, bytes.into());
            }
            Err(e) => problems.push(Diagnostic::error(
                Code::Io,
                shown(root, &path),
                format!("cannot read this font: {e}"),
            )),
        }
    }
}

fn add_statics(
    root: &Path,
    dir: &Path,
    statics: &mut BTreeMap<String, StaticFile>,
    problems: &mut Vec<Diagnostic>,
) {
    for (rel, path) in files_under(root, dir, problems) {
        match inside(root, &path) {
            Ok(()) => {
                statics.insert(rel, StaticFile::File(path));
            }
            Err(d) => problems.push(d),
        }
    }
}

/// Refuses a theme file that is, or is reached through, a link leaving the project: templates
/// and static files follow the same rule.
fn inside(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(()),
        _ => Err(Diagnostic::error(
            Code::OutsideProject,
            shown(root, path),
            "this file is a link outside the project",
        )
        .with_help("copy the file into the project instead of linking to it")),
    }
}

/// Hex digits of a file's SHA-256 put in its published name: 40 bits tell apart every version a
/// site will ever publish of one file.
const NAME_DIGEST: usize = 10;

/// The digest-named copies of the theme's style sheets and scripts (see [`Theme::hashed`]).
fn hashed_names(
    statics: &BTreeMap<String, StaticFile>,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut hashed = BTreeMap::new();
    for (rel, file) in statics {
        let Some((stem, ext)) = rel.rsplit_once('.') else {
            continue;
        };
        if !matches!(ext, "css" | "js") {
            continue;
        }
        let digest = match file {
            StaticFile::BuiltIn(bytes) => ContentDigest::of_bytes(bytes),
            StaticFile::File(path) => match std::fs::read(path) {
                Ok(bytes) => ContentDigest::of_bytes(&bytes),
                Err(e) => {
                    problems.push(Diagnostic::error(
                        Code::Io,
                        path,
                        format!("cannot read this theme file: {e}"),
                    ));
                    continue;
                }
            },
        };
        let hex = digest.hex();
        let hex = hex.get(..NAME_DIGEST).unwrap_or(&hex);
        hashed.insert(rel.clone(), format!("{stem}.{hex}.{ext}"));
    }
    hashed
}

/// The `asset_url` filter: a theme file's published name, `{{ "style.css" | asset_url }}` giving
/// `style.1a2b3c4d5e.css`; a static file that is not a style sheet or script keeps its name, and a
/// name the theme does not have is an error rather than a link to nothing.
pub(crate) fn asset_url(
    theme: &Theme,
) -> impl Fn(&str, tera::Kwargs, &tera::State) -> tera::TeraResult<String> + Send + Sync + 'static {
    let hashed = theme.hashed.clone();
    let names: Vec<String> = theme.statics.keys().cloned().collect();
    move |rel: &str, _: tera::Kwargs, _: &tera::State| match hashed.get(rel) {
        Some(name) => Ok(name.clone()),
        None if names.iter().any(|n| n == rel) => Ok(rel.to_string()),
        None => {
            let known: Vec<&str> = names.iter().map(String::as_str).collect();
            Err(tera::Error::message(format!(
                "asset_url: the theme has no static file `{rel}`; {}",
                suggest::hint(rel, &known)
            )))
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_is_built_in() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), "default").unwrap();
        for name in ["page.html", "section.html", "source.html", "404.html"] {
            assert!(theme.templates.contains_key(name), "{name}");
        }
    }

    #[test]
    fn an_unknown_theme_lists_the_ones_there_are() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/plain")).unwrap();
        let d = load(dir.path(), "plane").unwrap_err().remove(0);
        assert_eq!(d.message, "there is no theme `plane`");
        assert_eq!(d.help.as_deref(), Some("did you mean `plain`?"));
    }
}
