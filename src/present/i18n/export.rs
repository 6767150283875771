//! The glossary's texts of the roster export: sheet names, the headers of
//! columns the roster table does not show, and coded values written as
//! names (same keys in both lists; joined into the one glossary by
//! [`super::glossary`]). Headers the table shows reuse its `trainer.col_*`
//! terms, so a column reads the same on screen and in the file.

/// Chinese texts by key (same keys as [`EN`]).
pub const ZH: &[(&str, &str)] = &[
    ("trainer.export_codes", "导出内部代码（供重新导入）"),
    ("export.sheet_people", "人员"),
    ("export.sheet_attempts", "考试记录"),
    ("export.col_gender", "性别"),
    ("export.col_birth_year", "出生年份"),
    ("export.col_village", "村（社区）"),
    ("export.col_education", "学历"),
    ("export.col_major", "专业"),
    ("export.col_sw_start_date", "从事社会工作起始日期"),
    ("export.col_year", "年份"),
    ("export.col_level", "考试级别"),
    ("export.col_subject", "科目"),
    ("export.col_score", "分数"),
    ("export.gender_male", "男"),
    ("export.gender_female", "女"),
    ("export.major_social_work", "社会工作"),
    ("export.major_other", "其他"),
];

/// English texts by key (same keys as [`ZH`]).
pub const EN: &[(&str, &str)] = &[
    (
        "trainer.export_codes",
        "Export internal codes (for re-import)",
    ),
    ("export.sheet_people", "People"),
    ("export.sheet_attempts", "Exam attempts"),
    ("export.col_gender", "Gender"),
    ("export.col_birth_year", "Birth year"),
    ("export.col_village", "Village"),
    ("export.col_education", "Education"),
    ("export.col_major", "Major"),
    ("export.col_sw_start_date", "In social work since"),
    ("export.col_year", "Year"),
    ("export.col_level", "Exam level"),
    ("export.col_subject", "Subject"),
    ("export.col_score", "Score"),
    ("export.gender_male", "Male"),
    ("export.gender_female", "Female"),
    ("export.major_social_work", "Social work"),
    ("export.major_other", "Other"),
];
