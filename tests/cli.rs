//! The command line's conventions: short flags and the names Zola and Hugo use, paths as the
//! user types them, `init --force`, `new`, and `serve` moving to the next free port.

pub mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};

use common::{NYSUN, Project, run_in};

const INDEX: &str = "---\ntitle: Home\nsources: [nysun]\n---\n\
    About [11,000 troops](nysun \"around 11,000 troops were assessed\") moved.\n";

fn good_site() -> Project {
    Project::new(&[
        ("site.yaml", "title: Test site\n"),
        ("content/index.md", INDEX),
        ("content/sources/nysun.md", NYSUN),
    ])
}

#[test]
fn output_has_a_short_flag_and_the_names_zola_and_hugo_use() {
    let p = good_site();
    for (flag, dir) in [
        ("-o", "out-o"),
        ("--output-dir", "out-zola"),
        ("--destination", "out-hugo"),
        ("-d", "out-d"),
    ] {
        let out = p.run(&["build", flag, dir, "-u", "https://example.org/x/", "-D"]);
        out.assert_success();
        assert!(
            out.stdout.trim_end().ends_with(&format!("→ {dir}/")),
            "{out}"
        );
        assert!(p.read(&format!("{dir}/index.html")).contains("/x/"));
    }
}

#[test]
fn paths_are_printed_as_typed_from_the_current_folder() {
    let p = good_site();
    let parent = p.root().parent().expect("a parent").to_path_buf();
    let name = p
        .root()
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let out = run_in(&parent, &["-r", &name, "build"]);
    out.assert_success();
    assert!(
        out.stdout
            .trim_end()
            .ends_with(&format!("→ {name}/public/")),
        "{out}"
    );
    assert!(p.exists("public/index.html"));

    p.write(
        "content/index.md",
        &INDEX.replace("11,000 troops]", "11,500 troops]"),
    );
    let out = run_in(&parent, &["--root", &name, "check"]);
    out.assert_fails(1, &[&format!("--> {name}/content/index.md:5:")]);
}

#[test]
fn init_refuses_a_folder_with_files_unless_forced_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("README.md"), "mine\n").expect("write");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    std::fs::write(dir.path().join("content/index.md"), "mine too\n").expect("write");
    run_in(dir.path(), &["init"]).assert_fails(1, &["this folder is not empty", "--force"]);
    assert!(!dir.path().join("site.yaml").exists());

    let out = run_in(dir.path(), &["init", "--force"]);
    out.assert_success();
    assert!(
        out.stdout
            .contains("Kept the files already there: content/index.md"),
        "{out}"
    );
    assert!(dir.path().join("site.yaml").exists());
    // The user's home page is kept, and no second home is written beside it.
    assert!(!dir.path().join("content/_index.md").exists());
    assert_eq!(
        common::read(&dir.path().join("content/index.md")),
        "mine too\n"
    );
    assert_eq!(common::read(&dir.path().join("README.md")), "mine\n");
}

#[test]
fn new_writes_a_page_that_checks_with_title_date_and_sources() {
    let p = good_site();
    let out = p.run(&["new", "content/notes/troop-numbers.md"]);
    out.assert_success();
    assert!(
        out.stdout.contains("Wrote content/notes/troop-numbers.md"),
        "{out}"
    );
    let page = p.read("content/notes/troop-numbers.md");
    assert!(
        page.starts_with("---\ntitle: \"Troop numbers\"\ndate: 20"),
        "{page}"
    );
    assert!(page.contains("sources: [\"nysun\"]\n"), "{page}");
    // Nothing links to the new page yet: it is named as an orphan until something does.
    p.run(&["check", "--strict"]).assert_fails(
        1,
        &["warning[orphan-page]", "content/notes/troop-numbers.md"],
    );
    p.write(
        "content/index.md",
        &format!(
            "{}\nSee [the count](notes/troop-numbers.md).\n",
            p.read("content/index.md")
        ),
    );
    p.run(&["check", "--strict"]).assert_success();

    p.run(&["new", "content/notes/troop-numbers.md"])
        .assert_fails(2, &["this file is already here"]);
    p.run(&["new", "notes.md"])
        .assert_fails(2, &["not under the project's content/ folder"]);
    let out = p.run(&[
        "new",
        "content/b.md",
        "-t",
        "Kursk: the count",
        "-s",
        "other",
    ]);
    out.assert_success();
    let page = p.read("content/b.md");
    assert!(page.contains("title: \"Kursk: the count\"\n"), "{page}");
    assert!(page.contains("sources: [\"other\"]\n"), "{page}");
}

#[test]
fn serve_moves_to_the_next_free_port_and_says_so() {
    let p = good_site();
    let taken = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("an address").port();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("site"))
        .args([
            "-r",
            p.root().to_str().expect("UTF-8"),
            "serve",
            "-p",
            &port.to_string(),
        ])
        .args(["-u", "laptop.local"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("site serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let mut seen = vec![first.clone()];
    while !seen.iter().any(|l| l.starts_with("Serving")) {
        match lines.next().and_then(Result::ok) {
            Some(line) => seen.push(line),
            None => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    drop(taken);
    let text = seen.join("\n");
    assert!(
        text.contains(&format!("Port {port} is in use; serving on port ")),
        "{text}"
    );
    assert!(
        !text.contains(&format!("Serving http://127.0.0.1:{port}/")),
        "{text}"
    );
}

#[test]
fn serve_refuses_a_base_url_with_a_path() {
    let p = good_site();
    p.run(&["serve", "-p", "0", "--base-url", "https://example.org/x/"])
        .assert_fails(2, &["cannot have a path"]);
}

#[test]
fn quote_prints_the_source_path_from_the_current_folder() {
    let p = good_site();
    let parent = p.root().parent().expect("a parent").to_path_buf();
    let name = p
        .root()
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let out = run_in(&parent, &["-r", &name, "quote", "troops moved to Kursk"]);
    out.assert_success();
    assert!(
        out.stdout
            .starts_with(&format!("{name}/content/sources/nysun.md:")),
        "{out}"
    );
}
