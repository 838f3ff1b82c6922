//! citations.json follows the MUST rules of the W3C Web Annotation Data Model: the shipped
//! site's file and each annotation in it, taken out of the collection, are validated against
//! tests/schemas/web-annotation.schema.json (each rule with its section of the model), and the
//! schema itself is shown to reject the shapes the model forbids.

pub mod common;

use std::path::Path;

use jsonschema::Validator;
use serde_json::{Value, json};

fn schema() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/web-annotation.schema.json");
    serde_json::from_str(&common::read(&path)).expect("the schema is JSON")
}

/// The schema, or one of its definitions as the root.
fn validator(def: Option<&str>) -> Validator {
    let mut schema = schema();
    if let Some(def) = def {
        schema["$ref"] = json!(format!("#/$defs/{def}"));
    }
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn errors(validator: &Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Builds the shipped site into a temporary folder and reads its citations.json.
fn shipped_citations() -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = out.path().join("public");
    common::run_in(
        root,
        &[
            "--root",
            root.to_str().unwrap(),
            "build",
            "--base-url",
            "https://example.org/explainer/",
            "--output",
            output.to_str().unwrap(),
        ],
    )
    .assert_success();
    serde_json::from_str(&common::read(&output.join("citations.json"))).expect("JSON")
}

#[test]
fn the_shipped_citations_json_and_each_annotation_in_it_are_valid() {
    let doc = shipped_citations();
    let found = errors(&validator(None), &doc);
    assert!(found.is_empty(), "citations.json: {found:#?}");
    assert_eq!(doc["id"], "https://example.org/explainer/citations.json");
    let page = &doc["first"];
    assert_eq!(page["partOf"], doc["id"]);
    let items = page["items"]
        .as_array()
        .expect("the first page lists annotations");
    assert_eq!(doc["total"].as_u64(), Some(items.len() as u64));
    assert!(items.len() >= 10, "{} annotations", items.len());
    let one = validator(Some("annotation"));
    for item in items {
        let found = errors(&one, item);
        assert!(found.is_empty(), "{}: {found:#?}", item["id"]);
        let bodies = item["body"].as_array().expect("bodies");
        assert!(
            bodies
                .iter()
                .all(|b| b["type"] != "SpecificResource" || b.get("value").is_none())
        );
        assert!(bodies.iter().any(|b| b["type"] == "TextualBody"));
        assert!(
            item["target"]["textDigest"]
                .as_str()
                .is_some_and(|d| d.starts_with("sha256:") && d.len() == 71),
            "{item}"
        );
    }
}

#[test]
fn the_schema_rejects_what_the_model_forbids() {
    let collection = validator(None);
    let annotation = validator(Some("annotation"));
    let good = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://ex.org/#ref-1-1",
        "type": "Annotation",
        "body": [
            {"type": "SpecificResource", "source": "https://ex.org/",
             "selector": {"type": "FragmentSelector", "value": "ref-1-1"}},
            {"type": "TextualBody", "value": "11,000 troops"}
        ],
        "target": {"type": "SpecificResource", "source": "https://news.example/a",
                   "selector": [{"type": "TextQuoteSelector", "exact": "11,000"},
                                {"type": "TextPositionSelector", "start": 3, "end": 9}]}
    });
    assert!(
        errors(&annotation, &good).is_empty(),
        "{:#?}",
        errors(&annotation, &good)
    );

    let broken = |change: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        change(&mut v);
        v
    };
    let cases: Vec<(&str, Value)> = vec![
        (
            "no @context",
            broken(&|v| {
                v.as_object_mut().unwrap().remove("@context");
            }),
        ),
        (
            "a one-value @context as a list",
            broken(&|v| v["@context"] = json!(["http://www.w3.org/ns/anno.jsonld"])),
        ),
        (
            "no id",
            broken(&|v| {
                v.as_object_mut().unwrap().remove("id");
            }),
        ),
        ("two ids", broken(&|v| v["id"] = json!(["a", "b"]))),
        (
            "no target",
            broken(&|v| {
                v.as_object_mut().unwrap().remove("target");
            }),
        ),
        (
            "a Specific Resource with a value",
            broken(&|v| v["body"][0]["value"] = json!("11,000 troops")),
        ),
        (
            "a Textual Body without a value",
            broken(&|v| {
                v["body"][1].as_object_mut().unwrap().remove("value");
            }),
        ),
        (
            "a Specific Resource without a source",
            broken(&|v| {
                v["target"].as_object_mut().unwrap().remove("source");
            }),
        ),
        (
            "a quote selector without exact",
            broken(&|v| {
                v["target"]["selector"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("exact");
            }),
        ),
        (
            "a negative position",
            broken(&|v| v["target"]["selector"][1]["start"] = json!(-1)),
        ),
        ("the wrong type", broken(&|v| v["type"] = json!("Note"))),
    ];
    for (what, doc) in &cases {
        assert!(!errors(&annotation, doc).is_empty(), "accepted {what}");
    }

    // The collection as it was: members in `items`, no id, annotations without @context.
    let mut old_item = good.clone();
    old_item.as_object_mut().unwrap().remove("@context");
    let old = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "total": 1,
        "items": [old_item.clone()]
    });
    assert!(!errors(&collection, &old).is_empty());
    let paged = |item: Value| {
        json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": "https://ex.org/citations.json",
            "type": "AnnotationCollection",
            "total": 1,
            "first": {"id": "https://ex.org/citations.json#page-1", "type": "AnnotationPage",
                      "partOf": "https://ex.org/citations.json", "items": [item]}
        })
    };
    assert!(errors(&collection, &paged(good.clone())).is_empty());
    assert!(
        !errors(&collection, &paged(old_item)).is_empty(),
        "an embedded annotation without @context"
    );
    let mut empty_page = paged(good);
    empty_page["first"]["items"] = json!([]);
    assert!(
        !errors(&collection, &empty_page).is_empty(),
        "a page with no annotation"
    );
}
