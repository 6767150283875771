//! The catalog's plausible-range bases in Chinese: each basis is written
//! once in English beside its entry (`entries.rs`); this is its Chinese
//! text, looked up by the English one.

/// English basis → Chinese.
const BASIS_ZH: &[(&str, &str)] = &[
    (
        "0.5 to 1.5 around the assumed 1.0",
        "以假设值 1.0 为中心，0.5 至 1.5",
    ),
    ("1 to 6 months", "1 至 6 个月"),
    (
        "a ladder cuts exits by up to 30 %, or not at all",
        "晋升阶梯使离职最多减少 30%，或毫无作用",
    ),
    ("flat to +6 % a year", "持平至每年 +6%"),
    ("from today's pay to a 30 % raise", "从现行薪酬到加薪 30%"),
    ("half to twice as long", "一半至两倍时长"),
    ("half to twice the cap", "上限的一半至两倍"),
    ("half to twice the plan", "计划数的一半至两倍"),
    (
        "half to twice the planned intake",
        "计划招收人数的一半至两倍",
    ),
    ("half to twice the value", "数值的一半至两倍"),
    (
        "no cohort, up to the domain default of 30 a county (6 × 5)",
        "不开班，至领域默认值每县 30 人（6 × 5）",
    ),
    (
        "no source on local staff's turnover: ±50 %",
        "本土人才离职率无资料：±50%",
    ),
    (
        "none to +10 points per subject",
        "不提高至每科 +10 个百分点",
    ),
    ("none to every leaver", "不补充至全部补充"),
    ("none to twice the value", "零至数值的两倍"),
    (
        "project funds are \"often late\": 10–50 % of years",
        "项目经费“经常拖欠”：10–50% 的年份",
    ),
    ("twice or half as often", "频率加倍或减半"),
    ("without or with a ladder", "无或有晋升阶梯"),
    ("without or with the cap", "无或有经费上限"),
    (
        "no-shows of 20 % and more in some provinces",
        "部分省份缺考率达 20% 以上",
    ),
    (
        "≥ 2 a station (Hebei template); 1 to 3",
        "每站不少于 2 人（河北模板）；1 至 3 人",
    ),
    (
        "≥ 2 workers a station (Hebei template) to 3–8 (Guangdong)",
        "每站不少于 2 名社工（河北模板）至 3–8 人（广东）",
    ),
    (
        "\"3 days civil-affairs casework + 2 days professional service\" a week (0.6), down to 2 + 3 days (0.4)",
        "每周“3 天民政事务 + 2 天专业服务”（0.6），降至 2 + 3 天（0.4）",
    ),
    (
        "≈ 20 % of social-work graduates enter the field (2015); the share may halve or grow by half",
        "约 20% 的社会工作专业毕业生从事本行（2015）；这一比例可能减半或增加一半",
    ),
    (
        "county posts pay 2,000–4,500 yuan a month; 龙门县 2023: 4,633 with an assistant certificate",
        "县级岗位月薪 2,000–4,500 元；龙门县 2023 年：持助理证 4,633 元",
    ),
    (
        "Gansu pays 200 / 300 / 500 yuan a month; up to twice that",
        "甘肃每月 200 / 300 / 500 元；最多两倍",
    ),
    (
        "national pass rates vary from year to year (assistant 15–30 %, intermediate 10–20 %)",
        "全国通过率逐年不同（助理 15–30%，中级 10–20%）",
    ),
    (
        "the national rules by education, simplified to one figure per track",
        "国家按学历规定的条件，简化为每类人才一个数值",
    ),
    (
        "annual turnover 17.6 % (Shenzhen 2011) to over 25 % (Guangzhou) around a national ≈ 20 %",
        "年离职率 17.6%（深圳 2011）至 25% 以上（广州），全国约 20%",
    ),
];

/// The Chinese text of an English basis; `None` for a text without one.
#[must_use]
pub fn basis_zh(en: &str) -> Option<String> {
    if let Some((_, zh)) = BASIS_ZH.iter().find(|(e, _)| *e == en) {
        return Some((*zh).to_string());
    }
    // "±20 % of the value" (written from the entry's relative range).
    let share = en.strip_prefix('±')?.strip_suffix(" % of the value")?;
    Some(format!("数值的 ±{share}%"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Catalog;

    #[test]
    fn every_basis_of_the_shipped_and_generated_scenarios_has_chinese() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut scenarios = vec![
            crate::model::io::default_scenario().unwrap(),
            crate::model::generate::synthetic(3, 4, 1).unwrap(),
        ];
        for f in ["larger_county", "policy_variant", "markov_textbook"] {
            scenarios.push(crate::model::io::load(&root.join(format!("saves/{f}.ron"))).unwrap());
        }
        for sc in &scenarios {
            for e in Catalog::of(sc).entries {
                let en = e.basis.text();
                if en.is_empty() {
                    continue;
                }
                let zh = basis_zh(en);
                assert!(zh.is_some(), "{}: {en}", e.id);
                assert!(
                    zh.is_some_and(|z| z.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
                );
            }
        }
        assert_eq!(
            basis_zh("±20 % of the value").as_deref(),
            Some("数值的 ±20%")
        );
        assert_eq!(basis_zh("something new"), None);
    }
}
