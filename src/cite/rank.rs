//! Ranked passage search: which sentences of the sources best match a few words an editor
//! remembers, however they typed them.
//!
//! Sentences are ranked with BM25 (the `bm25` crate's embedder and scorer) over terms made by
//! our own tokeniser, so the search folds typography exactly as the quote check does: the words
//! pass through [`normalize`] first, then are lower-cased, stripped of a few function words and
//! stemmed (Snowball English), which makes the search indifferent to word order, curly quotes,
//! dashes, case and inflection ("moved" finds "move"). A query word absent from every sentence
//! is replaced by the closest word that is there, within one edit (two for long words), so a
//! small typo still finds its sentence. Numbers are never corrected: a figure is matched as
//! written, thousands separators aside.

use std::collections::{BTreeSet, HashMap};

use bm25::{
    Embedder, EmbedderBuilder, Embedding, Scorer, TokenEmbedder, TokenEmbedding, Tokenizer,
};
use rust_stemmers::{Algorithm, Stemmer};

use super::sentences::{Sentence, sentences};
use crate::text::article::Article;
use crate::text::normalize::normalize;

/// Words too common to tell one sentence from another.
const STOP_WORDS: [&str; 48] = [
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but",
    "by", "for", "from", "had", "has", "have", "he", "her", "his", "in", "into", "is", "it", "its",
    "of", "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "they", "this",
    "those", "to", "was", "we", "were", "which", "who", "with",
];

/// Turns text into search terms; see the module documentation.
pub struct Terms {
    stemmer: Stemmer,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Tokenizer for Terms {
    fn tokenize(&self, text: &str) -> Vec<String> {
        self.words(text).into_iter().map(|(_, term)| term).collect()
    }
}

impl Terms {
    /// Each word of `text` that makes a term, as written (after normalisation) and as a term.
    pub fn words(&self, text: &str) -> Vec<(String, String)> {
        let text = normalize(text).text;
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let after = chars.get(i + 1).copied();
            let joins = match c {
                ',' | '.' => {
                    before.is_some_and(|b| b.is_ascii_digit())
                        && after.is_some_and(|a| a.is_ascii_digit())
                }
                '\'' => {
                    before.is_some_and(char::is_alphabetic)
                        && after.is_some_and(char::is_alphabetic)
                }
                c => c.is_alphanumeric(),
            };
            if joins {
                word.push(c);
            } else if !word.is_empty() {
                out.extend(self.term(std::mem::take(&mut word)));
            }
        }
        if !word.is_empty() {
            out.extend(self.term(word));
        }
        out
    }

    fn term(&self, word: String) -> Option<(String, String)> {
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            let term = word.replace(',', "");
            return Some((word, term));
        }
        let lower = word.to_lowercase();
        if lower.chars().count() < 2 || STOP_WORDS.contains(&lower.as_str()) {
            return None;
        }
        let term = self.stemmer.stem(&lower).into_owned();
        (!STOP_WORDS.contains(&term.as_str())).then_some((word, term))
    }
}

/// A sentence of one of the searched sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Index into the sources given to [`Index::new`].
    pub source: usize,
    pub sentence: Sentence,
}

/// What to look for, as terms of the index (typos already corrected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<String>,
}

/// A passage that matches a query, and how well.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into [`Index::passages`].
    pub passage: usize,
    pub score: f32,
}

/// Every sentence of some sources, ready to be ranked against queries.
pub struct Index {
    terms: Terms,
    passages: Vec<Passage>,
    /// Each passage's distinct terms.
    passage_terms: Vec<BTreeSet<String>>,
    /// In how many passages each term occurs; its keys are the vocabulary typos are fixed to.
    frequency: HashMap<String, usize>,
    vocabulary: BTreeSet<String>,
    scorer: Scorer<usize, u64>,
}

impl Index {
    /// Splits every source into sentences and indexes them together, so a word common in one
    /// source counts for less everywhere.
    pub fn new(sources: &[Article<'_>]) -> Index {
        let terms = Terms::default();
        let mut passages = Vec::new();
        let mut texts = Vec::new();
        for (source, text) in sources.iter().enumerate() {
            for sentence in sentences(*text) {
                texts.push(text.text.get(sentence.range.clone()).unwrap_or(""));
                passages.push(Passage { source, sentence });
            }
        }
        let embedder: Embedder<u64, Terms> =
            EmbedderBuilder::with_tokenizer_and_fit_to_corpus(Terms::default(), &texts).build();
        let mut scorer = Scorer::new();
        let mut passage_terms = Vec::with_capacity(texts.len());
        let mut frequency: HashMap<String, usize> = HashMap::new();
        for (i, text) in texts.iter().enumerate() {
            scorer.upsert(&i, embedder.embed(text));
            let distinct: BTreeSet<String> = terms.tokenize(text).into_iter().collect();
            for term in &distinct {
                *frequency.entry(term.clone()).or_default() += 1;
            }
            passage_terms.push(distinct);
        }
        let vocabulary = frequency.keys().cloned().collect();
        Index {
            terms,
            passages,
            passage_terms,
            frequency,
            vocabulary,
            scorer,
        }
    }

    pub fn passages(&self) -> &[Passage] {
        &self.passages
    }

    /// The distinct terms of `words`, each replaced by the closest term of the sources when it
    /// is in none of them.
    pub fn query(&self, words: &str) -> Query {
        let mut terms: Vec<String> = Vec::new();
        for term in self.terms.tokenize(words) {
            let term = if self.frequency.contains_key(&term) {
                term
            } else {
                self.closest(&term).unwrap_or(term)
            };
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        Query { terms }
    }

    /// The passages sharing a term with the query, best first; ties in reading order.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        let mut hits: Vec<Hit> = self
            .scorer
            .matches(&embedding(query))
            .into_iter()
            .map(|m| Hit {
                passage: m.id,
                score: m.score,
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.passage.cmp(&b.passage)));
        hits
    }

    /// How well one passage matches the query (0 when it shares no term).
    pub fn score(&self, passage: usize, query: &Query) -> f32 {
        self.scorer
            .score(&passage, &embedding(query))
            .unwrap_or(0.0)
    }

    /// The query's terms that occur in a passage.
    pub fn shared<'q>(&self, passage: usize, query: &'q Query) -> Vec<&'q str> {
        let Some(have) = self.passage_terms.get(passage) else {
            return Vec::new();
        };
        query
            .terms
            .iter()
            .filter(|t| have.contains(*t))
            .map(String::as_str)
            .collect()
    }

    /// A short reference label for a passage, such as `kursk`: its rarest word among those the
    /// query asked for (among all its words when the query shares none), without a possessive.
    pub fn label(&self, passage: usize, text: &str, query: &Query) -> String {
        let shared = self.shared(passage, query);
        let words = self.terms.words(text);
        let best = words
            .iter()
            .filter(|(_, term)| shared.is_empty() || shared.contains(&term.as_str()))
            .min_by_key(|(_, term)| self.frequency.get(term).copied().unwrap_or(0));
        let slug: String = best
            .and_then(|(word, _)| word.to_lowercase().split('\'').next().map(str::to_owned))
            .unwrap_or_default()
            .chars()
            .filter_map(|c| match c {
                c if c.is_alphanumeric() => Some(c),
                ',' | '.' => None,
                _ => Some('-'),
            })
            .collect();
        if slug.is_empty() {
            "quote".to_string()
        } else {
            slug
        }
    }

    /// The term of the sources closest to a term none of them has: within one edit, or two for
    /// words of eight letters or more; the first in alphabetical order among equals.
    fn closest(&self, term: &str) -> Option<String> {
        let len = term.chars().count();
        if len < 4 || term.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let most = if len >= 8 { 2 } else { 1 };
        self.vocabulary
            .iter()
            .filter(|v| v.chars().count().abs_diff(len) <= most)
            .map(|v| (strsim::damerau_levenshtein(term, v), v))
            .filter(|(d, _)| *d <= most)
            .min_by_key(|(d, _)| *d)
            .map(|(_, v)| v.clone())
    }
}

fn embedding(query: &Query) -> Embedding<u64> {
    Embedding(
        query
            .terms
            .iter()
            .map(|t| TokenEmbedding {
                index: u64::embed(t),
                value: 1.0,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::article::SourceText;
    use proptest::prelude::*;

    const ARTICLE: &str = include_str!("testdata/article.txt");

    /// The first-ranked sentence of the article for `words`.
    fn top(words: &str) -> String {
        let src = SourceText::new(ARTICLE);
        let index = Index::new(&[src.article()]);
        let hits = index.search(&index.query(words));
        let Some(hit) = hits.first() else {
            panic!("nothing found for {words:?}");
        };
        let range = index.passages()[hit.passage].sentence.range.clone();
        ARTICLE[range].to_string()
    }

    const KURSK: &str = "South Korea’s National Intelligence Service reports “around 11,000 troops were assessed to have been relocated to Kursk in late October after completing local adjustment training in northeastern Russia,” according to Seoul’s Yonhap News.";
    const PAY: &str = "Russia is reportedly paying nearly $2,000 a month for each North Korean soldier, virtually all of which goes into Mr. Kim’s accounts.";

    #[test]
    fn paraphrase_finds_the_sentence() {
        assert_eq!(top("troops moved to Kursk"), KURSK);
        assert_eq!(top("Russia pays Kim's regime for every soldier"), PAY);
        assert!(top("Russia recruits new soldiers each month").contains("25,000–30,000"));
    }

    #[test]
    fn word_order_does_not_matter() {
        assert_eq!(top("Kursk relocated troops October"), KURSK);
        assert_eq!(top("October troops Kursk relocated"), KURSK);
    }

    #[test]
    fn small_typos_are_forgiven() {
        assert_eq!(top("troops relocatd to Kurks"), KURSK);
        assert_eq!(top("reportedy payng for each Korean soldeir"), PAY);
    }

    #[test]
    fn typography_and_case_are_folded() {
        assert_eq!(top("“AROUND 11,000 TROOPS”"), KURSK);
        assert_eq!(top("Seoul’s Yonhap"), top("seoul's yonhap"));
        assert_eq!(top("Kim’s accounts"), PAY);
        assert_eq!(top("$2000 a month"), PAY);
    }

    #[test]
    fn numbers_are_not_corrected() {
        let src = SourceText::new(ARTICLE);
        let index = Index::new(&[src.article()]);
        assert_eq!(index.query("11,001").terms, ["11001"]);
        assert!(index.search(&index.query("11,001")).is_empty());
    }

    #[test]
    fn terms_drop_function_words_and_stem() {
        let terms = Terms::default();
        assert_eq!(
            terms.tokenize("The troops were moved to Kursk, U.S. 1.2 million"),
            ["troop", "move", "kursk", "1.2", "million"]
        );
    }

    #[test]
    fn labels_name_the_rarest_asked_word() {
        let src = SourceText::new(ARTICLE);
        let index = Index::new(&[src.article()]);
        let query = index.query("troops moved to Kursk");
        let hit = &index.search(&query)[0];
        assert_eq!(index.label(hit.passage, KURSK, &query), "kursk");
        let nothing = index.query("");
        assert_eq!(index.label(hit.passage, KURSK, &nothing), "around");
    }

    #[test]
    fn several_sources_rank_together() {
        let a = SourceText::new("Apples grow on trees. Pears too.");
        let b = SourceText::new("The orchard has apple trees and pear trees.");
        let index = Index::new(&[a.article(), b.article()]);
        let hits = index.search(&index.query("pear trees"));
        let first = &index.passages()[hits[0].passage];
        assert_eq!(first.source, 1);
        assert_eq!(hits.len(), 3);
    }

    proptest! {
        #[test]
        fn search_never_panics(source in any::<String>(), words in any::<String>()) {
            let src = SourceText::new(&source);
            let index = Index::new(&[src.article()]);
            let query = index.query(&words);
            for hit in index.search(&query) {
                let range = index.passages()[hit.passage].sentence.range.clone();
                let _ = index.label(hit.passage, &source[range], &query);
            }
        }
    }
}
