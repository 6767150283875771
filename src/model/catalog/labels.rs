//! Fields named as people read them: a problem's field path, or a field
//! name the file reader reports, by the lever catalog's name in Chinese or
//! English (the path or the file's name kept as the detail).

use super::Catalog;
use crate::model::scenario::{Recruitment, Scenario};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The label of the field at `path` of `sc`: the catalog's name of the
/// entry at that path; else the name of the named element the path is in
/// (a stage, a cohort, a goal, a township, a funding source) and the rest
/// of the path; `None` when nothing names it.
#[must_use]
pub fn field_label(sc: &Scenario, catalog: &Catalog, path: &str, chinese: bool) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    if let Some(e) = catalog
        .entries
        .iter()
        .find(|e| e.path == path || e.id == path)
    {
        return Some(e.name(chinese).to_string());
    }
    let pick = |zh: &str, en: &str| -> String {
        if chinese || en.is_empty() {
            zh.to_string()
        } else {
            en.to_string()
        }
    };
    let element = |list: &str| -> Option<(usize, &str)> {
        let rest = path.strip_prefix(list)?.strip_prefix('[')?;
        let (index, rest) = rest.split_once(']')?;
        Some((index.parse().ok()?, rest.trim_start_matches('.')))
    };
    let (name, rest) = if let Some((i, rest)) = element("stages") {
        let s = sc.stages.get(i)?;
        (pick(&s.name, &s.name_en), rest)
    } else if let Some((i, rest)) = element("recruitment") {
        let name = match sc.recruitment.get(i)? {
            Recruitment::Cohort { name, name_en, .. } => pick(name, name_en),
            _ => return None,
        };
        (name, rest)
    } else if let Some((i, rest)) = element("targets.goals") {
        let g = sc.targets.goals.get(i)?;
        let name = pick(&g.label, &g.label_en);
        (if name.is_empty() { g.id.clone() } else { name }, rest)
    } else if let Some((i, rest)) = element("county.townships") {
        (sc.county.townships.get(i)?.name.clone(), rest)
    } else if let Some((i, rest)) = element("budget.sources") {
        let s = sc.budget.sources.get(i)?;
        (pick(&s.name, &s.name_en), rest)
    } else {
        return None;
    };
    let field = named_field(None, rest, chinese);
    Some(if rest.is_empty() {
        name
    } else {
        format!("{name} · {field}")
    })
}

/// A field name as the file reader reports it, with its label where the
/// catalog names it: "薪酬倍数 (`pay_multiplier`)"; `outer` is the name of
/// the record it belongs to (`Levers`), which tells apart fields of the
/// same name. Other names are quoted as written.
#[must_use]
pub fn named_field(outer: Option<&str>, field: &str, chinese: bool) -> String {
    let names = field_names();
    let group = outer.map(str::to_ascii_lowercase);
    let label = group
        .and_then(|g| names.by_path.get(&format!("{g}.{field}")))
        .or_else(|| names.by_field.get(field).and_then(Option::as_ref));
    match label {
        Some((zh, en)) => format!("{} (`{field}`)", if chinese { zh } else { en }),
        None if field.is_empty() => String::new(),
        None => format!("`{field}`"),
    }
}

/// The catalog's names of scenario fields, from the default county.
struct FieldNames {
    /// By `group.field` (`levers.pay_multiplier`).
    by_path: BTreeMap<String, (String, String)>,
    /// By the field's own name, where only one entry has it.
    by_field: BTreeMap<String, Option<(String, String)>>,
}

fn field_names() -> &'static FieldNames {
    static NAMES: OnceLock<FieldNames> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut out = FieldNames {
            by_path: BTreeMap::new(),
            by_field: BTreeMap::new(),
        };
        let Ok(sc) = crate::model::io::default_scenario() else {
            return out;
        };
        for e in Catalog::of(&sc).entries {
            let names = (e.name_zh.clone(), e.name_en.clone());
            // The last plain field of the path (`…kind.pay_yuan_per_month`).
            let field = e.path.rsplit('.').next().unwrap_or("");
            if field.is_empty() || !field.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                continue;
            }
            out.by_path.insert(e.path.clone(), names.clone());
            out.by_field
                .entry(field.to_string())
                .and_modify(|n| {
                    if n.as_ref() != Some(&names) {
                        *n = None;
                    }
                })
                .or_insert(Some(names));
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::io::default_scenario;

    #[test]
    fn a_lever_path_reads_as_its_name_in_each_language() {
        let sc = default_scenario().unwrap();
        let catalog = Catalog::of(&sc);
        let zh = field_label(&sc, &catalog, "levers.pay_multiplier", true);
        let en = field_label(&sc, &catalog, "levers.pay_multiplier", false);
        assert_eq!(zh.as_deref(), Some("薪酬倍数"));
        assert_eq!(en.as_deref(), Some("Pay multiplier"));
    }

    #[test]
    fn a_path_inside_a_named_element_starts_with_its_name() {
        let sc = default_scenario().unwrap();
        let catalog = Catalog::of(&sc);
        let stage = &sc.stages[0];
        let zh = field_label(&sc, &catalog, "stages[0].exam.to", true).unwrap();
        assert!(zh.starts_with(&stage.name), "{zh}");
        let en = field_label(&sc, &catalog, "stages[0].exam.to", false).unwrap();
        assert!(en.starts_with(&stage.name_en), "{en}");
        assert_eq!(field_label(&sc, &catalog, "nothing.here", true), None);
        assert_eq!(field_label(&sc, &catalog, "stages[99].name", true), None);
    }

    #[test]
    fn reported_field_names_carry_their_label() {
        assert_eq!(
            named_field(Some("Levers"), "pay_multiplier", true),
            "薪酬倍数 (`pay_multiplier`)"
        );
        assert_eq!(
            named_field(Some("Levers"), "pay_multiplier", false),
            "Pay multiplier (`pay_multiplier`)"
        );
        assert_eq!(named_field(Some("Levers"), "colour", false), "`colour`");
    }
}
