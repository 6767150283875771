//! The SWOT board: the analysis this planner is built on (strengths,
//! weaknesses, opportunities, threats and the countermeasures) as cards,
//! each naming the catalog entries that stand for it in the model, their
//! values in the plan and their measured effect on a goal, or saying
//! plainly that the model does not represent it.
//!
//! The cards, their texts in both languages and the factor → lever mapping
//! live in a data file (`assets/swot.ron`) that can be edited without
//! touching code. A lever is named by its catalog id, or by a pattern in
//! which `*` stands for any text (`retention.exit_rate.*`), so one card can
//! name every cohort or every exit rate of whatever plan is open.

use super::{entry_value_text, tornado};
use crate::model::analysis::sensitivity::Sensitivity;
use crate::model::catalog::{Catalog, Entry, LeverKind};
use crate::model::scenario::Scenario;
use crate::present::i18n::Lang;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The board shipped with the app.
pub const BUILTIN: &str = include_str!("../../../assets/swot.ron");

/// The format version this code reads.
pub const FORMAT_VERSION: u32 = 1;

/// Where a card sits on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Quadrant {
    /// Strengths (internal).
    Strength,
    /// Weaknesses (internal).
    Weakness,
    /// Opportunities (external).
    Opportunity,
    /// Threats (external).
    Threat,
    /// What the county can do about them.
    Countermeasure,
}

impl Quadrant {
    /// The five groups in the order the board shows them.
    pub const ALL: [Quadrant; 5] = [
        Quadrant::Strength,
        Quadrant::Weakness,
        Quadrant::Opportunity,
        Quadrant::Threat,
        Quadrant::Countermeasure,
    ];

    /// Glossary key of its heading.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Quadrant::Strength => "swot.strengths",
            Quadrant::Weakness => "swot.weaknesses",
            Quadrant::Opportunity => "swot.opportunities",
            Quadrant::Threat => "swot.threats",
            Quadrant::Countermeasure => "swot.countermeasures",
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `l`.
    #[must_use]
    pub fn get(&self, l: Lang) -> &str {
        l.pick(&self.zh, &self.en)
    }
}

/// One factor or countermeasure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Short stable id (`S1`, `W2`, `C3`).
    pub id: String,
    /// Where it sits.
    pub quadrant: Quadrant,
    /// Its name.
    pub title: Text,
    /// What it says, in a sentence or two.
    pub text: Text,
    /// Catalog ids or patterns (`*` for any text) of the entries that
    /// stand for it in the model.
    #[serde(default)]
    pub levers: Vec<String>,
    /// What of it the model does not represent (required when `levers` is empty).
    #[serde(default)]
    pub unrepresented: Option<Text>,
}

/// The board file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Board {
    /// Format version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The cards, in the order they are shown within their quadrant.
    pub cards: Vec<Card>,
}

/// Why a board file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SwotError {
    /// The file is not a board.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        column: usize,
        /// What the reader found.
        message: String,
    },
    /// A format version this code does not read.
    #[error("format_version {0} is not known (this version reads 1)")]
    Version(u32),
    /// Two cards share an id.
    #[error("card `{0}` is given twice")]
    Duplicate(String),
    /// A text is empty in one language.
    #[error("card `{id}`: {field} is empty")]
    Empty {
        /// The card.
        id: String,
        /// Which text (`title.zh`, …).
        field: String,
    },
    /// A card names no lever and does not say what the model leaves out.
    #[error("card `{0}` names no lever and has no `unrepresented` text")]
    Silent(String),
}

impl SwotError {
    /// The message in the language asked for.
    #[must_use]
    pub fn text(&self, l: Lang) -> String {
        match l {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                SwotError::Syntax {
                    line,
                    column,
                    message,
                } => format!("第 {line} 行第 {column} 列：{message}"),
                SwotError::Version(v) => format!("不认识的 format_version {v}（本版本读取 1）"),
                SwotError::Duplicate(id) => format!("卡片 `{id}` 出现了两次"),
                SwotError::Empty { id, field } => format!("卡片 `{id}`：{field} 为空"),
                SwotError::Silent(id) => {
                    format!(
                        "卡片 `{id}` 既没有对应参数，也没有说明模型未涵盖的内容（unrepresented）"
                    )
                }
            },
        }
    }
}

/// Reads and checks a board file.
pub fn load(text: &str) -> Result<Board, SwotError> {
    let board: Board = ron::from_str(text).map_err(|e| SwotError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })?;
    if board.format_version != FORMAT_VERSION {
        return Err(SwotError::Version(board.format_version));
    }
    for (i, c) in board.cards.iter().enumerate() {
        if board.cards[..i].iter().any(|d| d.id == c.id) {
            return Err(SwotError::Duplicate(c.id.clone()));
        }
        let mut texts = vec![("title", &c.title), ("text", &c.text)];
        if let Some(u) = &c.unrepresented {
            texts.push(("unrepresented", u));
        }
        for (field, t) in texts {
            for (lang, s) in [("zh", &t.zh), ("en", &t.en)] {
                if s.trim().is_empty() {
                    return Err(SwotError::Empty {
                        id: c.id.clone(),
                        field: format!("{field}.{lang}"),
                    });
                }
            }
        }
        if c.levers.is_empty() && c.unrepresented.is_none() {
            return Err(SwotError::Silent(c.id.clone()));
        }
    }
    Ok(board)
}

/// The board shipped with the app.
pub fn builtin() -> Result<Board, SwotError> {
    load(BUILTIN)
}

/// Whether `id` matches `pattern`, where `*` stands for any text.
#[must_use]
pub fn matches(pattern: &str, id: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return pattern == id;
    };
    let Some(mut rest) = id.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        // No `*`: the whole id must be the pattern.
        return rest.is_empty();
    };
    for p in middle {
        match rest.find(p) {
            Some(at) => rest = &rest[at + p.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// The catalog entries a card names, in catalog order, each once.
#[must_use]
pub fn entries_of<'c>(card: &Card, catalog: &'c Catalog) -> Vec<&'c Entry> {
    catalog
        .entries
        .iter()
        .filter(|e| card.levers.iter().any(|p| matches(p, &e.id)))
        .collect()
}

/// The lever names of `board` that match no entry of `catalog`, as
/// (card id, name).
#[must_use]
pub fn unresolved(board: &Board, catalog: &Catalog) -> Vec<(String, String)> {
    board
        .cards
        .iter()
        .flat_map(|c| {
            c.levers
                .iter()
                .filter(|p| !catalog.entries.iter().any(|e| matches(p, &e.id)))
                .map(|p| (c.id.clone(), p.clone()))
        })
        .collect()
}

/// One entry on a card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeverLine {
    /// Catalog id.
    pub id: String,
    /// Field path (where the levers panel shows it).
    pub path: String,
    /// Name in the interface language.
    pub name: String,
    /// Policy or assumption.
    pub kind: LeverKind,
    /// Its value in the plan, with unit.
    pub current: String,
    /// Its measured effect on the goal (`None`: not measured yet).
    pub effect: Option<String>,
}

/// A card as the board shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardView {
    /// The card's id.
    pub id: String,
    /// Its quadrant.
    pub quadrant: Quadrant,
    /// Title in the interface language.
    pub title: String,
    /// Text in the interface language.
    pub text: String,
    /// The entries standing for it in this plan.
    pub levers: Vec<LeverLine>,
    /// What the model leaves out of it.
    pub unrepresented: Option<String>,
    /// Lever names of the card that this plan does not have.
    pub absent: Vec<String>,
}

/// The board's cards for `sc`, with the measured effect on `metric` from
/// sensitivity run `measured` where one is given.
#[must_use]
pub fn cards(
    board: &Board,
    sc: &Scenario,
    measured: Option<(&Sensitivity, &str)>,
    l: Lang,
) -> Vec<CardView> {
    let catalog = Catalog::of(sc);
    let mut out: Vec<CardView> = board
        .cards
        .iter()
        .map(|c| CardView {
            id: c.id.clone(),
            quadrant: c.quadrant,
            title: c.title.get(l).to_string(),
            text: c.text.get(l).to_string(),
            levers: entries_of(c, &catalog)
                .into_iter()
                .map(|e| LeverLine {
                    id: e.id.clone(),
                    path: e.path.clone(),
                    name: e.name(l == Lang::Zh).to_string(),
                    kind: e.kind,
                    current: e
                        .get(sc)
                        .map_or_else(|| "—".into(), |v| entry_value_text(e, v, l)),
                    effect: measured
                        .and_then(|(s, metric)| tornado::effect_text(s, metric, &e.id, l)),
                })
                .collect(),
            unrepresented: c.unrepresented.as_ref().map(|t| t.get(l).to_string()),
            absent: c
                .levers
                .iter()
                .filter(|p| !catalog.entries.iter().any(|e| matches(p, &e.id)))
                .cloned()
                .collect(),
        })
        .collect();
    out.sort_by_key(|c| c.quadrant);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::io;

    #[test]
    fn patterns_match_ids() {
        assert!(matches("levers.pay_multiplier", "levers.pay_multiplier"));
        assert!(!matches("levers.pay_multiplier", "levers.pay_multiplier#2"));
        assert!(matches(
            "retention.exit_rate.*",
            "retention.exit_rate.local.first_year"
        ));
        assert!(matches(
            "exam.*.pass.local",
            "exam.assistant.practice.pass.local"
        ));
        assert!(!matches(
            "exam.*.pass.local",
            "exam.assistant.practice.pass.professional"
        ));
        assert!(matches("*", "anything"));
        assert!(!matches("budget.*", "levers.admin_share"));
    }

    #[test]
    fn the_shipped_board_reads_and_every_lever_resolves_on_the_default_county() {
        let board = builtin().unwrap();
        let sc = io::default_scenario().unwrap();
        let catalog = Catalog::of(&sc);
        assert_eq!(unresolved(&board, &catalog), Vec::<(String, String)>::new());
        // Every quadrant has cards; some cards are not in the model and say so.
        for q in Quadrant::ALL {
            assert!(board.cards.iter().any(|c| c.quadrant == q), "{q:?}");
        }
        assert!(board.cards.iter().any(|c| c.levers.is_empty()));
        let views = cards(&board, &sc, None, Lang::En);
        assert_eq!(views.len(), board.cards.len());
        for v in &views {
            assert!(v.absent.is_empty(), "{}: {:?}", v.id, v.absent);
            assert!(
                !v.levers.is_empty() || v.unrepresented.is_some(),
                "{} is silent",
                v.id
            );
        }
        // The talent-team weakness names the exit rates and pay.
        let w2 = views.iter().find(|v| v.id == "W2").unwrap();
        assert!(w2.levers.iter().any(|l| l.id == "levers.pay_multiplier"));
        assert!(
            w2.levers
                .iter()
                .any(|l| l.id.starts_with("retention.exit_rate."))
        );
    }

    #[test]
    fn a_bad_board_is_refused_with_line_and_column_in_both_languages() {
        let e =
            load("(format_version: 1, cards: [ (id: \"S1\", quadrant: Nowhere) ])").unwrap_err();
        assert!(matches!(e, SwotError::Syntax { line: 1, .. }), "{e:?}");
        assert!(e.text(Lang::Zh).starts_with("第 1 行第 "));
        let card = |id: &str, levers: &str| {
            format!(
                "(id: \"{id}\", quadrant: Strength, title: (zh: \"甲\", en: \"a\"), text: (zh: \"乙\", en: \"b\"), levers: [{levers}])"
            )
        };
        let twice = format!(
            "(format_version: 1, cards: [{}, {}])",
            card("S1", "\"x\""),
            card("S1", "\"y\"")
        );
        assert_eq!(load(&twice), Err(SwotError::Duplicate("S1".into())));
        let silent = format!("(format_version: 1, cards: [{}])", card("S2", ""));
        assert_eq!(load(&silent), Err(SwotError::Silent("S2".into())));
        let empty = "(format_version: 1, cards: [(id: \"O1\", quadrant: Opportunity, title: (zh: \"\", en: \"a\"), text: (zh: \"乙\", en: \"b\"), levers: [\"x\"])])";
        assert!(matches!(load(empty), Err(SwotError::Empty { .. })));
        assert_eq!(
            load("(format_version: 2, cards: [])"),
            Err(SwotError::Version(2))
        );
    }
}
