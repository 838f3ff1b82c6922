//! Front matter of pages and sources: `split`, then `page_meta` and `source_meta`, on any
//! UTF-8 text. None of them may panic, and `split` must hand back slices that really are
//! where its offsets say.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use site::parse::front_matter::{self, check_slug, is_iso_date};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("f.md");
    match front_matter::split(file, text) {
        Ok(split) => {
            assert_eq!(
                text.get(split.yaml_offset..split.yaml_offset + split.yaml.len()),
                Some(split.yaml),
                "yaml_offset does not point at the yaml"
            );
            assert_eq!(
                text.get(split.body_offset..),
                Some(split.body),
                "body_offset does not point at the body"
            );
            assert!(split.yaml_offset + split.yaml.len() <= split.body_offset);
            match front_matter::page_meta(file, text, &split) {
                Ok(meta) => {
                    if let Some(slug) = &meta.slug {
                        assert!(check_slug(slug).is_ok());
                    }
                }
                Err(problems) => {
                    assert!(!problems.is_empty());
                    for d in problems {
                        let _ = d.to_string();
                        let _ = d.to_json();
                    }
                }
            }
            if let Err(d) = front_matter::source_meta(file, text, &split) {
                let _ = d.to_string();
                let _ = d.to_json();
            }
        }
        Err(d) => {
            let _ = d.to_string();
            let _ = d.to_json();
        }
    }
    // The value checkers see whatever a YAML scalar holds: try them on every line.
    for line in text.lines() {
        let _ = is_iso_date(line);
        let _ = check_slug(line);
    }
});
