//! The stored source file: the record as YAML front matter, then the paragraphs.

use serde::Serialize;

/// The record `site source add` writes. Keys the page did not state are left out.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Record {
    pub title: String,
    pub publisher: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    pub retrieved: String,
    pub rights: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<String>,
}

impl Record {
    /// The record as the YAML between the `---` lines.
    pub(crate) fn yaml(&self) -> Result<String, serde_yaml::Error> {
        serde_yaml::to_string(self)
    }
}

/// The whole file: front matter, a blank line, the paragraphs separated by blank lines.
pub(crate) fn file_text(
    record: &Record,
    paragraphs: &[String],
) -> Result<String, serde_yaml::Error> {
    Ok(format!(
        "---\n{}---\n\n{}\n",
        record.yaml()?,
        paragraphs.join("\n\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_left_out_and_the_text_follows() {
        let record = Record {
            title: "Rain: at last".into(),
            publisher: "The Weekly".into(),
            authors: vec![],
            url: None,
            published: Some("2025-01-02".into()),
            modified: None,
            retrieved: "2025-01-03".into(),
            rights: "excerpts",
            captions: vec![],
        };
        assert_eq!(
            file_text(&record, &["One.".into(), "Two.".into()]).unwrap(),
            "---\ntitle: 'Rain: at last'\npublisher: The Weekly\npublished: 2025-01-02\nretrieved: 2025-01-03\nrights: excerpts\n---\n\nOne.\n\nTwo.\n"
        );
    }
}
