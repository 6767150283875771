//! The glossary's texts of the trainer's year's list (今年) and of its
//! export: the tab, sections, item kinds, filters, dismissal and the
//! exported columns (same keys in both lists; joined into the one glossary
//! by [`super::glossary`]). Columns the roster table shows reuse its
//! `trainer.col_*` terms.

/// Chinese texts by key (same keys as [`EN`]).
pub const ZH: &[(&str, &str)] = &[
    ("year.view", "今年"),
    ("year.scope", "截至{until}的期限；{year}年考试的报考资格"),
    ("year.upcoming", "待办"),
    ("year.overdue", "已逾期"),
    ("year.dismiss", "忽略"),
    ("year.dismiss_group", "全部忽略"),
    ("year.dismissed", "已忽略{n}项"),
    ("year.restore", "重新显示"),
    ("year.may_sit", "可报考"),
    ("year.may_not_sit", "暂不可报考"),
    ("year.col_level", "级别"),
    ("year.level_tip", "报考的级别，或须登记、续期的证书级别"),
    ("year.col_section", "分组"),
    ("year.col_item", "事项"),
    ("year.col_due", "日期"),
    ("year.col_detail", "说明"),
    ("year.file_stem", "今年事项"),
];

/// English texts by key (same keys as [`ZH`]).
pub const EN: &[(&str, &str)] = &[
    ("year.view", "This year"),
    (
        "year.scope",
        "Deadlines up to {until}; eligibility for the {year} sitting",
    ),
    ("year.upcoming", "Upcoming"),
    ("year.overdue", "Overdue"),
    ("year.dismiss", "Dismiss"),
    ("year.dismiss_group", "Dismiss all"),
    ("year.dismissed", "{n} dismissed"),
    ("year.restore", "Show again"),
    ("year.may_sit", "May sit"),
    ("year.may_not_sit", "May not sit yet"),
    ("year.col_level", "Level"),
    (
        "year.level_tip",
        "The level to sit, or the certificate to register or renew",
    ),
    ("year.col_section", "Section"),
    ("year.col_item", "Item"),
    ("year.col_due", "Date"),
    ("year.col_detail", "Detail"),
    ("year.file_stem", "this_year"),
];
