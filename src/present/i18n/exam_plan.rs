//! The glossary's texts of a cohort's exam plan (same keys in both lists;
//! joined into the one glossary by [`super::glossary`]).

/// Chinese texts by key (same keys as [`EN`]).
pub const ZH: &[(&str, &str)] = &[
    ("exam.plan", "考试安排"),
    ("exam.title", "{name} · {level} · {year}年考试"),
    (
        "exam.counts",
        "可报考{may}人 · 已取得该级证书{held}人 · 暂不可报考{not}人",
    ),
    ("exam.col_person", "人员"),
    ("exam.col_subjects", "应考科目（或暂不可报考的原因）"),
    ("exam.held", "已取得该级证书"),
    ("exam.last_year", "{year}年各科通过率（本班参考者）"),
    ("exam.col_passed", "通过/参考"),
    ("exam.col_rate", "通过率"),
    ("exam.by_education", "按学历：本班参考者中取得证书的比例"),
    (
        "exam.by_hours",
        "按参训学时（占计划学时）：本班参考者中取得证书的比例",
    ),
    ("exam.col_certified", "取证/参考"),
    ("exam.col_hours", "参训学时"),
    ("exam.band", "{from}–{to}"),
    ("exam.band_open", "{from}及以上"),
    ("exam.nobody", "无人参考"),
];

/// English texts by key (same keys as [`ZH`]).
pub const EN: &[(&str, &str)] = &[
    ("exam.plan", "Exam plan"),
    ("exam.title", "{name} · {level} · {year} sitting"),
    (
        "exam.counts",
        "May sit: {may} · Hold this level: {held} · May not sit yet: {not}",
    ),
    ("exam.col_person", "Person"),
    ("exam.col_subjects", "Subjects to sit (or why not yet)"),
    ("exam.held", "Holds this level"),
    (
        "exam.last_year",
        "Pass rate by subject, {year} sitting (the cohort's candidates)",
    ),
    ("exam.col_passed", "Passed / sat"),
    ("exam.col_rate", "Pass rate"),
    (
        "exam.by_education",
        "By education: share of the cohort's candidates certified",
    ),
    (
        "exam.by_hours",
        "By hours attended (share of planned hours): share of the cohort's candidates certified",
    ),
    ("exam.col_certified", "Certified / sat"),
    ("exam.col_hours", "Hours attended"),
    ("exam.band", "{from}–{to}"),
    ("exam.band_open", "{from} and more"),
    ("exam.nobody", "nobody sat"),
];
