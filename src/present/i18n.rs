//! The glossary of interface texts in Chinese (zh-CN) and English, and
//! number formatting for each language (万 / 亿 for large yuan amounts in
//! Chinese).
//!
//! Every text is a key with a Chinese and an English value
//! ([`glossary`], [`Lang::t`]). The values are written in two lists with the
//! same keys ([`ZH`], [`EN`]) and joined into one key → (zh, en) table; tests
//! check that every key has both texts, none empty, and that every key the
//! code asks for exists. The desktop app, the command line and reports all
//! label from here.

mod decisions;
mod exam_plan;
mod export;
mod year;

use crate::roster::text::Language;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// A name from the scenario file in this language: the English one
    /// (`en`) in the English view where the file gives it, else the Chinese
    /// one.
    #[must_use]
    pub fn name<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.is_empty() => en,
            _ => zh,
        }
    }

    /// Looks up an interface string; a missing key shows as the key itself.
    #[must_use]
    pub fn t(self, key: &'static str) -> &'static str {
        match table().get(key) {
            Some(term) => self.pick(term.zh, term.en),
            None => key,
        }
    }

    /// The Chinese or the English of two texts.
    #[must_use]
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Formats a yuan amount: 万元 / 亿元 in Chinese, k / M in English.
    #[must_use]
    pub fn yuan(self, yuan: f64) -> String {
        let a = yuan.abs();
        match self {
            Lang::Zh => {
                if a >= 1e8 {
                    format!("{:.2} 亿元", yuan / 1e8)
                } else if a >= 1e4 {
                    format!("{:.1} 万元", yuan / 1e4)
                } else {
                    format!("{yuan:.0} 元")
                }
            }
            Lang::En => {
                if a >= 1e9 {
                    format!("¥{:.2} bn", yuan / 1e9)
                } else if a >= 1e6 {
                    format!("¥{:.2} M", yuan / 1e6)
                } else if a >= 1e4 {
                    format!("¥{:.1} k", yuan / 1e3)
                } else {
                    format!("¥{}", group_thousands(yuan))
                }
            }
        }
    }

    /// Formats a share in `[0, 1]` as a percentage.
    #[must_use]
    pub fn percent(self, share: f64) -> String {
        match self {
            Lang::Zh => format!("{:.0}%", share * 100.0),
            Lang::En => format!("{:.0} %", share * 100.0),
        }
    }

    /// A duration in months: "1 month", "3 months"; "3 个月".
    #[must_use]
    pub fn months(self, n: u32) -> String {
        match self {
            Lang::Zh => format!("{n} 个月"),
            Lang::En if n == 1 => "1 month".to_string(),
            Lang::En => format!("{n} months"),
        }
    }

    /// A band of tenure in months, open or closed: "0–12 个月",
    /// "12 个月以上"; "0–12 months", "12 months and more".
    #[must_use]
    pub fn month_band(self, from: u32, to: Option<u32>) -> String {
        match (self, to) {
            (Lang::Zh, Some(to)) => format!("{from}–{to} 个月"),
            (Lang::Zh, None) => format!("{from} 个月以上"),
            (Lang::En, Some(to)) => format!("{from}–{to} months"),
            (Lang::En, None) => format!("{from} months and more"),
        }
    }

    /// Formats a number of people (one decimal unless whole).
    #[must_use]
    pub fn people(self, n: f64) -> String {
        if (n - n.round()).abs() < 0.05 {
            group_thousands(n)
        } else {
            format!("{n:.1}")
        }
    }

    /// Formats a calendar month: `2027年3月` or `Mar 2027`.
    #[must_use]
    pub fn month(self, year: i32, month: u32) -> String {
        const EN_MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match self {
            Lang::Zh => format!("{year}年{month}月"),
            Lang::En => {
                let m = EN_MONTHS
                    .get(month.saturating_sub(1) as usize)
                    .copied()
                    .unwrap_or("?");
                format!("{m} {year}")
            }
        }
    }
}

/// Whole number with thousands separators.
fn group_thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < -0.5 { format!("-{out}") } else { out }
}

impl From<Lang> for Language {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Zh => Language::Zh,
            Lang::En => Language::En,
        }
    }
}

/// One entry of the glossary: a key and its two texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Stable key, e.g. `dash.headcount`.
    pub key: &'static str,
    /// Chinese text (empty if the Chinese list lacks the key: a test fails then).
    pub zh: &'static str,
    /// English text (empty if the English list lacks the key: a test fails then).
    pub en: &'static str,
}

/// The lists of Chinese texts: the general one, then those of other
/// views kept in files of their own ([`decisions`]: compare, what matters
/// most, the least that works, the SWOT board; [`export`]: the roster
/// export's headers and values; [`year`]: the trainer's year's list; [`exam_plan`]: a
/// cohort's exam plan; the report's terms).
const ZH_LISTS: [&[(&str, &str)]; 6] = [
    ZH,
    decisions::ZH,
    export::ZH,
    year::ZH,
    exam_plan::ZH,
    super::report_terms::ZH,
];

/// The lists of English texts, in the order of [`ZH_LISTS`].
const EN_LISTS: [&[(&str, &str)]; 6] = [
    EN,
    decisions::EN,
    export::EN,
    year::EN,
    exam_plan::EN,
    super::report_terms::EN,
];

/// The glossary by key: both languages' lists joined.
fn table() -> &'static BTreeMap<&'static str, Term> {
    static T: OnceLock<BTreeMap<&str, Term>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: BTreeMap<&str, Term> = BTreeMap::new();
        for &(key, zh) in ZH_LISTS.iter().copied().flatten() {
            t.entry(key).or_insert(Term { key, zh, en: "" }).zh = zh;
        }
        for &(key, en) in EN_LISTS.iter().copied().flatten() {
            t.entry(key).or_insert(Term { key, zh: "", en }).en = en;
        }
        t
    })
}

/// Every term of the glossary, sorted by key.
pub fn glossary() -> impl Iterator<Item = &'static Term> {
    table().values()
}

/// Chinese texts by key (same keys as [`EN`]).
pub const ZH: &[(&str, &str)] = &[
    ("app.title", "社工人才规划"),
    ("menu.file", "文件"),
    ("menu.new", "新建"),
    ("menu.open", "打开…"),
    ("menu.open_recent", "最近打开"),
    ("menu.no_recent", "(无)"),
    ("menu.save", "保存"),
    ("menu.save_as", "另存为…"),
    ("menu.export_csv", "导出结果 CSV…"),
    ("menu.export_xlsx", "导出结果 Excel…"),
    ("menu.quit", "退出"),
    ("menu.edit", "编辑"),
    ("menu.undo", "撤销"),
    ("menu.redo", "重做"),
    ("menu.view", "视图"),
    ("menu.theme_light", "浅色主题"),
    ("menu.theme_dark", "深色主题"),
    ("menu.theme_system", "跟随系统"),
    ("menu.scale", "界面缩放"),
    ("menu.language", "语言"),
    ("menu.help", "帮助"),
    ("menu.guide", "使用指南"),
    ("menu.model_doc", "模型说明"),
    ("menu.about", "关于"),
    (
        "about.text",
        "农村社会工作人才队伍规划工具:专业人才 + 本土人才。离线运行,所有数据保存在本机文件中。",
    ),
    ("tab.dashboard", "总览"),
    ("tab.levers", "政策杠杆"),
    ("tab.pipeline", "培养流程"),
    ("tab.townships", "乡镇"),
    ("tab.trainer", "培训"),
    ("plans.title", "方案"),
    ("plans.base", "基准"),
    ("plans.variant", "变体方案"),
    ("plans.save_as_variant", "另存为变体方案"),
    ("plans.open_beside", "并排打开方案…"),
    ("plans.close", "关闭此方案"),
    (
        "trainer.no_roster",
        "尚未打开名册。请打开名册文件、示例名册，或导入 CSV / Excel。",
    ),
    ("trainer.view_table", "名册"),
    ("trainer.view_progress", "班次进度"),
    ("trainer.open", "打开名册…"),
    ("trainer.open_example", "示例名册"),
    ("trainer.save", "保存名册"),
    ("trainer.save_as", "名册另存为…"),
    ("trainer.import", "导入 CSV / Excel…"),
    ("trainer.export_csv", "导出名册 CSV…"),
    ("trainer.export_xlsx", "导出名册 Excel…"),
    ("trainer.anonymise", "去除姓名和编号"),
    ("trainer.start_plan", "以此名册作为规划起点"),
    ("trainer.estimate", "从名册估计比率"),
    ("trainer.today", "今天："),
    ("trainer.err_open", "无法打开名册"),
    ("trainer.err_plan", "无法由名册生成规划"),
    ("trainer.level_none", "未持证"),
    ("trainer.level_assistant", "助理社会工作师"),
    ("trainer.level_intermediate", "社会工作师"),
    ("trainer.level_senior", "高级社会工作师"),
    ("trainer.status_active", "在岗"),
    ("trainer.status_exited", "已离职"),
    ("trainer.any", "全部"),
    ("trainer.cohort", "班次"),
    ("trainer.search", "姓名或编号"),
    ("trainer.search_label", "搜索"),
    ("trainer.filter_next_level", "今年可报考"),
    ("trainer.filter_deadline_year", "取证期限年份"),
    (
        "trainer.filter_deadline_year_tip",
        "尚未持证的在岗人员须在该年内取得证书（含已逾期者）",
    ),
    (
        "trainer.filter_next_level_tip",
        "按国家报考条件，今年考试可报考比现有证书高一级的人员（在岗者）",
    ),
    ("trainer.showing", "显示人数"),
    ("trainer.col_id", "编号"),
    ("trainer.col_name", "姓名"),
    ("trainer.col_township", "乡镇"),
    ("trainer.col_track", "类别"),
    ("trainer.col_level", "证书"),
    ("trainer.col_hired", "入职日期"),
    ("trainer.col_status", "状态"),
    ("trainer.station", "社工站"),
    ("trainer.timeline", "时间线"),
    ("trainer.rem_subject", "科目成绩将过期"),
    ("trainer.rem_deadline", "取证期限临近"),
    ("trainer.rem_overdue", "取证期限已过"),
    ("trainer.rem_reg_due", "应办理首次登记"),
    ("trainer.rem_reg_expiring", "登记即将到期"),
    ("trainer.rem_reg_lapsed", "登记已失效"),
    ("trainer.rem_ce", "继续教育学时不足"),
    ("trainer.no_cohorts", "名册中没有培训班次。"),
    ("trainer.funnel", "进度漏斗"),
    (
        "trainer.funnel_sat_note",
        "参加考试的人数多于完成全部培训的人数：{n} 人未完成全部培训阶段即参加了考试。考试不以参加培训为条件（考前辅导可选），也可能是其学时未记录完整，请核对：{names}",
    ),
    ("trainer.module_hours", "各模块完成学时"),
    ("trainer.phase", "阶段"),
    ("trainer.module", "模块"),
    ("trainer.hours_mean_planned", "人均学时 / 计划学时"),
    ("trainer.completed", "完成人数"),
    ("trainer.exit_rate", "年离职率"),
    ("trainer.months", "个月"),
    ("trainer.pass_rate", "通过率"),
    ("trainer.import_title", "导入预览："),
    ("trainer.import_new", "新增人员"),
    ("trainer.import_updated", "更新人员"),
    ("trainer.import_attempts", "考试记录"),
    ("trainer.import_replaced", "替换成绩"),
    ("trainer.import_clean", "未发现问题，可以导入。"),
    ("trainer.import_problems", "发现问题，名册不会改变"),
    ("trainer.row", "行"),
    ("trainer.column", "列"),
    ("trainer.reason", "原因"),
    ("trainer.apply", "确认应用"),
    ("trainer.estimate_title", "由名册估计的比率"),
    ("trainer.as_of", "截至"),
    ("trainer.no_changes", "没有可建议的修改。"),
    ("trainer.change", "修改"),
    ("trainer.current", "当前值"),
    ("trainer.estimate_col", "估计值"),
    (
        "trainer.estimate_base_note",
        "离职率按基础比率写入：名册中观察到的离职扣除合同续签时的离职，再除以方案对工资、晋升阶梯、行政事务占比、欠薪和偏远程度所用的乘数，使预测重现名册中的离职。不足{n}人的行默认不勾选。",
    ),
    ("trainer.observed", "观察值"),
    ("trainer.interval", "95% 区间"),
    ("trainer.people", "人数"),
    ("trainer.warning", "提示"),
    ("trainer.start_title", "以名册作为规划起点"),
    ("trainer.people_counted", "计入人数"),
    ("trainer.initial_stock", "期初人数"),
    ("trainer.left_out", "未计入"),
    ("tree.title", "区划"),
    ("tree.search", "搜索乡镇或村…"),
    ("tree.county", "全县"),
    ("tree.village_note", "村级无单独结果,显示所属乡镇。"),
    ("tree.centre", "县社工总站"),
    ("dash.headline", "要点"),
    ("dash.stations_at_norm", "达标站点"),
    ("dash.of", "/"),
    ("dash.chance_all", "全部达标概率"),
    ("dash.headcount", "在岗人数"),
    ("dash.certified_share", "持证比例"),
    ("dash.gap", "缺口(人)"),
    ("dash.cost_year", "年度支出"),
    ("dash.in_year", "年末"),
    ("dash.by_track", "在岗人数(按类别)"),
    ("dash.by_grade", "在岗人数(按等级)"),
    ("dash.need_supply", "需求与供给"),
    ("dash.need", "需求"),
    ("dash.supply", "供给"),
    ("dash.gap_area", "缺口"),
    ("dash.coverage", "站点达标与村覆盖"),
    ("dash.villages_covered", "覆盖村数"),
    ("dash.certified", "持证比例"),
    ("dash.cost", "年度支出(按资金来源)"),
    ("dash.budget", "预算"),
    ("dash.unfunded", "无资金来源"),
    ("dash.total", "合计"),
    ("dash.no_results", "暂无结果:请修正方案中的问题。"),
    ("dash.mc_none", "蒙特卡洛:尚未运行"),
    ("dash.mc_run", "运行蒙特卡洛"),
    ("dash.mc_stale", "不确定区间已过期(方案已修改)"),
    ("dash.mc_runs", "次模拟(阴影:P5–P95、P25–P75,实线:中位数)"),
    (
        "mc.kind_process",
        "区间只含过程随机性(离职、考试、经费迟到)",
    ),
    (
        "mc.kind_all",
        "区间含过程随机性和 {n} 项假设的不确定性(每次模拟各抽一次)",
    ),
    ("mc.process_only", "只看过程随机性"),
    (
        "mc.process_only_tip",
        "勾选后,方案中列出的不确定假设(如本土社工离职率、考试通过率、薪酬弹性)取文件中的数值,区间只反映谁离职、谁通过、经费是否迟到。",
    ),
    ("dash.mc_county_only", "不确定区间只对全县显示。"),
    (
        "dash.township_year_ends",
        "方案较大：乡镇结果只保留每年年末（图中每年一点）。",
    ),
    (
        "dash.stale_results",
        "方案有错误,图表显示最后一次有效结果。",
    ),
    ("dash.median", "中位数"),
    ("dash.trainees", "培训中"),
    ("dash.year", "年"),
    ("dash.people", "人"),
    ("levers.pay", "薪酬与津贴"),
    ("levers.pay_multiplier", "薪酬倍数"),
    ("levers.pay_stage", "月薪"),
    ("levers.allowance_stage", "证书津贴"),
    ("levers.ladder", "晋升阶梯"),
    ("levers.ladder_on", "建立晋升通道"),
    ("levers.admin", "行政事务占比"),
    ("levers.admin_share", "行政事务占工作时间"),
    ("levers.exam", "考试支持"),
    ("levers.exam_uplift", "通过率提升(绝对值)"),
    ("levers.pass_rate", "单科通过率"),
    ("levers.participation", "报考比例"),
    ("levers.recruitment", "招聘与培训"),
    ("levers.recruitment_multiplier", "招聘规模倍数"),
    ("levers.hires_per_year", "每年招聘"),
    ("levers.cohort_size", "每期学员"),
    ("levers.cohort_every", "开班间隔(月)"),
    ("levers.replace_share", "补员比例"),
    ("levers.fill_max", "每年最多补员"),
    ("levers.funding", "资金与拖欠"),
    ("levers.funding_source", "每年资金"),
    ("levers.funding_growth", "年增长率"),
    ("levers.delay_probability", "资金迟到概率"),
    ("levers.delay_months", "拖欠月数"),
    ("levers.cap_hiring", "资金用完后停止招聘"),
    ("levers.norms", "站点配置标准"),
    ("levers.norm", "配置标准(人)"),
    ("levers.station_minimum", "每站最少人数"),
    ("levers.horizon", "预测年限"),
    ("levers.assumed", "假设值"),
    ("levers.source", "来源"),
    ("levers.range", "有效范围"),
    ("levers.filter", "显示："),
    ("levers.filter_all", "全部"),
    ("levers.filter_policies", "政策"),
    ("levers.filter_assumptions", "假设"),
    ("levers.search", "查找参数"),
    (
        "levers.hint",
        "滑块在合理范围内调整；点击数值可输入有效范围内的任何值（拖动数值时按住 Shift 更精细）。",
    ),
    ("levers.no_match", "没有符合条件的参数。"),
    ("levers.policies_head", "政策：县里可以决定"),
    (
        "levers.assumptions_head",
        "假设：关于外部情况，县里无法决定",
    ),
    ("levers.plausible", "合理范围（滑块）"),
    ("levers.basis_assumed", "假设"),
    ("levers.basis_sourced", "依据"),
    ("levers.kind", "类别"),
    ("levers.sec_general", "总体政策"),
    ("levers.sec_stages", "薪酬与培训阶段"),
    ("levers.sec_exams", "考试与取证"),
    ("levers.sec_retention", "留任与离职"),
    ("levers.sec_need", "需求与配置标准"),
    ("levers.sec_budget", "经费与成本"),
    ("levers.sec_other", "其他"),
    ("levers.sec_township_norms", "各站配置标准"),
    ("levers.sec_plan", "推演设置"),
    ("levers.horizon_source", "方案设置，不是政策杠杆"),
    ("levers.horizon_cost", "推演期越长，计入的支出年份越多"),
    ("key.title", "要点"),
    ("key.stations_at_norm", "达标站点"),
    ("key.headcount", "在岗人数"),
    ("key.certified_share", "持证比例"),
    ("key.gap", "距需求缺口"),
    ("key.cost", "支出"),
    ("key.unfunded", "超出经费的支出"),
    ("key.band90", "90% 区间"),
    ("key.median", "中位数"),
    ("key.chance", "达成概率"),
    ("key.path", "期望值"),
    ("key.met", "达到"),
    ("key.not_met", "未达到"),
    ("key.goals", "阶段目标"),
    ("key.by_year", "各年末满足该条件的概率："),
    ("key.col_figure", "指标"),
    ("key.col_mc", "随机模拟中位数（90% 区间）"),
    ("key.col_expected", "期望值路径"),
    ("key.basis_mc", "随机模拟次数："),
    ("key.basis_stale", "方案已修改，随机模拟将重新计算"),
    ("key.basis_expected", "尚未进行随机模拟"),
    (
        "key.basis_expected_note",
        "在随机模拟完成之前，以下数字为期望值路径（不含达成概率）。",
    ),
    ("key.divergence_title", "期望值路径与随机模拟不同之处"),
    (
        "key.divergence_why",
        "† 期望值路径落在随机模拟 90% 区间之外：编制标准、招聘上限和按编制补员都按整人起作用，而期望值把人数摊成小数（例如每站 2.9 人，没有一个站达到 3 人的编制），所以要点采用随机模拟的中位数。",
    ),
    (
        "key.by_construction",
        "本示例县的经费按设计低于其自身规划（见方案说明）：经费缺口以及因此取消的招生是示例的设定，不是对任何县的结论。",
    ),
    ("binding.title", "规则约束与经费"),
    ("binding.details", "逐年明细"),
    ("binding.hiring_stopped", "经费用完，停止招聘"),
    ("binding.planned", "计划"),
    ("binding.placed", "实际"),
    ("binding.legend_span", "停止招聘（经费用完）"),
    ("binding.legend_cut", "招生被取消或削减"),
    ("axis.year", "年"),
    ("axis.percent", "%"),
    ("axis.people", "人"),
    ("axis.wan_people", "万人"),
    ("axis.k_people", "千人"),
    ("axis.wan_yuan", "万元"),
    ("axis.yi_yuan", "亿元"),
    ("axis.k_yuan", "千元"),
    ("axis.m_yuan", "百万元"),
    ("axis.bn_yuan", "十亿元"),
    ("unit.multiplier", "倍"),
    ("unit.share", "比例"),
    ("unit.people_per_year", "人/年"),
    ("unit.people", "人"),
    ("unit.months", "月"),
    ("unit.years", "年"),
    ("unit.yuan_per_month", "元/月"),
    ("unit.yuan_per_year", "元/年"),
    ("err.out_of_range", "超出有效范围"),
    ("err.must_be_number", "必须是数字"),
    ("err.load_title", "无法打开文件"),
    ("err.save_title", "无法保存文件"),
    ("err.export_title", "无法导出"),
    ("err.model", "无法计算"),
    ("pipeline.diagram", "流程图"),
    ("pipeline.stages", "环节与流转"),
    ("pipeline.training", "培训"),
    ("pipeline.working", "在岗"),
    ("pipeline.custom", "其他"),
    ("pipeline.duration", "时长(月)"),
    ("pipeline.dropout", "流失比例"),
    ("pipeline.exam_to", "考试晋升至"),
    ("pipeline.exit", "离开"),
    ("pipeline.exit_rate", "年离职率"),
    ("pipeline.transition", "转移概率"),
    ("pipeline.monthly", "每月"),
    ("pipeline.yearly", "每年"),
    ("townships.year", "年份"),
    ("townships.name", "乡镇"),
    ("townships.headcount", "在岗"),
    ("townships.norm", "标准"),
    ("townships.certified", "持证"),
    ("townships.need", "需求"),
    ("townships.gap", "缺口"),
    ("townships.at_norm", "达标"),
    ("townships.villages", "覆盖村"),
    ("townships.cost", "年支出"),
    ("townships.yes", "是"),
    ("townships.no", "否"),
    ("townships.no_detail", "没有乡镇明细结果。"),
    ("status.problems", "问题"),
    ("status.errors", "错误"),
    ("status.warnings", "警告"),
    ("status.no_problems", "无问题"),
    ("status.recomputed", "已重算"),
    ("status.renderer", "渲染："),
    ("status.renderer_adapter", "显卡"),
    ("status.renderer_failed", "未能使用"),
    ("status.computing", "正在计算…"),
    ("status.loading", "正在打开…"),
    ("status.cancel", "取消"),
    ("status.mc", "蒙特卡洛"),
    ("status.saved", "已保存"),
    ("status.saving", "正在保存"),
    ("status.exported", "已导出"),
    ("dialog.ok", "确定"),
    ("dialog.cancel", "取消"),
    ("dialog.unsaved_title", "有未保存的修改"),
    ("dialog.unsaved_text", "当前方案有未保存的修改。是否保存?"),
    ("dialog.save", "保存"),
    ("dialog.discard", "不保存"),
    ("dialog.recover_title", "恢复未保存的工作"),
    (
        "dialog.recover_text",
        "上次程序意外关闭,留下了未保存的方案。是否恢复?",
    ),
    ("dialog.recover", "恢复"),
    ("doc.untitled", "未命名"),
    ("trainer.actual_vs_projected", "实际与预测对比"),
    ("trainer.compare_cohort", "对比该班次开班时的预测"),
    ("trainer.compare_county", "对比全县当前预测"),
    ("trainer.scope_county", "全县"),
    ("trainer.date", "日期"),
    ("trainer.projected_workers", "预测在岗"),
    ("trainer.actual_workers", "实际在岗"),
    ("trainer.projected_certified", "预测持证"),
    ("trainer.actual_certified", "实际持证"),
    ("trainer.no_comparison", "今天之前没有可对比的月份"),
    ("trainer.no_projection", "方案尚无预测结果"),
    ("trainer.hours_unit", "学时"),
    ("trainer.job_open", "正在打开"),
    ("trainer.job_import", "正在读取"),
    ("trainer.job_apply", "正在导入"),
    ("trainer.step_reading", "读取文件"),
    ("trainer.step_parsing", "解析与校验"),
    ("trainer.step_checking", "逐行检查"),
    ("trainer.step_statuses", "计算证书状态"),
    ("trainer.step_table", "建立名册表"),
    ("trainer.step_reminders", "生成提醒"),
    ("trainer.cancel_job", "取消"),
    ("trainer.load_warnings", "名册警告"),
    ("trainer.err_import", "导入失败"),
    (
        "trainer.err_format",
        "无法识别的文件类型（应为 CSV 或 Excel）",
    ),
    ("trainer.unsaved_title", "名册有未保存的修改"),
    (
        "trainer.unsaved_text",
        "打开其他名册前，是否保存当前名册的修改？",
    ),
    ("trainer.job_rebuild", "正在按新规则更新"),
    ("trainer.may_sit", "{year}年考试报考资格"),
    ("trainer.eligible", "可报考"),
    ("trainer.not_eligible", "暂不可报考"),
    ("trainer.job_save", "正在保存"),
    ("trainer.job_export", "正在导出"),
    ("trainer.step_writing", "写入文件"),
    ("trainer.job_propose", "正在根据名册计算"),
    ("trainer.unsaved_quit", "退出前是否保存名册的修改？"),
    ("pipeline.counts_as_worker", "计为在岗社工"),
    ("pipeline.new_stage_name", "新环节名称"),
    ("pipeline.add_stage", "添加环节"),
    ("pipeline.remove_flow", "删除流转"),
    ("pipeline.add_flow", "添加流转"),
    ("pipeline.remove_stage", "删除环节"),
    ("pipeline.cannot_remove", "不能删除"),
    ("pipeline.still_used_by", "以下字段仍引用该环节，请先修改:"),
    ("bg.reading", "读取文件"),
    ("bg.parsing", "解析"),
    ("bg.checking", "校验"),
    ("bg.projecting", "推算"),
    ("bg.cancel_open", "取消打开"),
    ("bg.cancel_compute", "停止计算"),
    ("bg.cancelled", "已停止后台任务"),
];

/// English texts by key (same keys as [`ZH`]).
pub const EN: &[(&str, &str)] = &[
    ("app.title", "Talent Planner"),
    ("menu.file", "File"),
    ("menu.new", "New"),
    ("menu.open", "Open…"),
    ("menu.open_recent", "Open recent"),
    ("menu.no_recent", "(none)"),
    ("menu.save", "Save"),
    ("menu.save_as", "Save As…"),
    ("menu.export_csv", "Export results CSV…"),
    ("menu.export_xlsx", "Export results Excel…"),
    ("menu.quit", "Quit"),
    ("menu.edit", "Edit"),
    ("menu.undo", "Undo"),
    ("menu.redo", "Redo"),
    ("menu.view", "View"),
    ("menu.theme_light", "Light theme"),
    ("menu.theme_dark", "Dark theme"),
    ("menu.theme_system", "Follow system"),
    ("menu.scale", "UI scale"),
    ("menu.language", "Language"),
    ("menu.help", "Help"),
    ("menu.guide", "User guide"),
    ("menu.model_doc", "Model specification"),
    ("menu.about", "About"),
    (
        "about.text",
        "Planner for the rural social-work workforce: professional talents + local talents. Works offline; all data stays in files on this computer.",
    ),
    ("tab.dashboard", "Dashboard"),
    ("tab.levers", "Levers"),
    ("tab.pipeline", "Pipeline"),
    ("tab.townships", "Townships"),
    ("tab.trainer", "Trainer"),
    ("plans.title", "Plans"),
    ("plans.base", "base"),
    ("plans.variant", "Variant"),
    ("plans.save_as_variant", "Save as variant"),
    ("plans.open_beside", "Open plan beside…"),
    ("plans.close", "Close this plan"),
    (
        "trainer.no_roster",
        "No roster open. Open a roster file or the example roster, or import CSV / Excel.",
    ),
    ("trainer.view_table", "Roster"),
    ("trainer.view_progress", "Cohort progress"),
    ("trainer.open", "Open roster…"),
    ("trainer.open_example", "Example roster"),
    ("trainer.save", "Save roster"),
    ("trainer.save_as", "Save roster as…"),
    ("trainer.import", "Import CSV / Excel…"),
    ("trainer.export_csv", "Export roster CSV…"),
    ("trainer.export_xlsx", "Export roster Excel…"),
    ("trainer.anonymise", "Drop names and ids"),
    ("trainer.start_plan", "Start the plan from this roster"),
    ("trainer.estimate", "Estimate rates from the roster"),
    ("trainer.today", "Today:"),
    ("trainer.err_open", "Cannot open the roster"),
    ("trainer.err_plan", "Cannot start the plan from the roster"),
    ("trainer.level_none", "Uncertified"),
    ("trainer.level_assistant", "Assistant"),
    ("trainer.level_intermediate", "Intermediate"),
    ("trainer.level_senior", "Senior"),
    ("trainer.status_active", "Active"),
    ("trainer.status_exited", "Exited"),
    ("trainer.any", "Any"),
    ("trainer.cohort", "Cohort"),
    ("trainer.search", "Name or id"),
    ("trainer.search_label", "Search"),
    ("trainer.filter_next_level", "May sit this year"),
    ("trainer.filter_deadline_year", "Certify by (year)"),
    (
        "trainer.filter_deadline_year_tip",
        "People in post without a certificate whose deadline to certify falls in that year (overdue included)",
    ),
    (
        "trainer.filter_next_level_tip",
        "People in post whom the national rules let sit the level above their highest certificate at this year's sitting",
    ),
    ("trainer.showing", "Showing"),
    ("trainer.col_id", "Id"),
    ("trainer.col_name", "Name"),
    ("trainer.col_township", "Township"),
    ("trainer.col_track", "Track"),
    ("trainer.col_level", "Certificate"),
    ("trainer.col_hired", "Hired"),
    ("trainer.col_status", "Status"),
    ("trainer.station", "Station"),
    ("trainer.timeline", "Timeline"),
    ("trainer.rem_subject", "Subject expiring"),
    ("trainer.rem_deadline", "Certification deadline"),
    ("trainer.rem_overdue", "Certification overdue"),
    ("trainer.rem_reg_due", "Registration due"),
    ("trainer.rem_reg_expiring", "Registration expiring"),
    ("trainer.rem_reg_lapsed", "Registration lapsed"),
    ("trainer.rem_ce", "Continuing-education shortfall"),
    ("trainer.no_cohorts", "The roster has no cohorts."),
    ("trainer.funnel", "Funnel"),
    (
        "trainer.funnel_sat_note",
        "More sat the exam than finished the course: {n} sat without finishing every phase. The exam does not require the course (exam preparation is optional), or their hours were not all recorded; check: {names}",
    ),
    ("trainer.module_hours", "Hours per module"),
    ("trainer.phase", "Phase"),
    ("trainer.module", "Module"),
    ("trainer.hours_mean_planned", "Mean hours / planned"),
    ("trainer.completed", "Completed"),
    ("trainer.exit_rate", "Annual exit rate"),
    ("trainer.months", "months"),
    ("trainer.pass_rate", "Pass rate"),
    ("trainer.import_title", "Import preview:"),
    ("trainer.import_new", "New people"),
    ("trainer.import_updated", "Updated people"),
    ("trainer.import_attempts", "Exam attempts"),
    ("trainer.import_replaced", "Replaced scores"),
    (
        "trainer.import_clean",
        "No problems found; ready to import.",
    ),
    (
        "trainer.import_problems",
        "Problems found; the roster will not change",
    ),
    ("trainer.row", "Row"),
    ("trainer.column", "Column"),
    ("trainer.reason", "Reason"),
    ("trainer.apply", "Apply"),
    ("trainer.estimate_title", "Rates estimated from the roster"),
    ("trainer.as_of", "As of"),
    ("trainer.no_changes", "No changes to propose."),
    ("trainer.change", "Change"),
    ("trainer.current", "Current"),
    ("trainer.estimate_col", "Estimate"),
    (
        "trainer.estimate_base_note",
        "Exit rates are written as base rates: the roster's observed exits, net of exits at contract renewal, divided by the multipliers the plan applies (pay, promotion ladder, admin share, wage arrears, remoteness), so the projection reproduces the exits the roster shows. Rows of fewer than {n} people are not ticked.",
    ),
    ("trainer.observed", "observed"),
    ("trainer.interval", "95 % interval"),
    ("trainer.people", "People"),
    ("trainer.warning", "Warning"),
    ("trainer.start_title", "Start the plan from the roster"),
    ("trainer.people_counted", "People counted"),
    ("trainer.initial_stock", "Initial stock"),
    ("trainer.left_out", "Left out"),
    ("tree.title", "Scenario"),
    ("tree.search", "Search townships or villages…"),
    ("tree.county", "Whole county"),
    (
        "tree.village_note",
        "Villages have no results of their own; showing their township.",
    ),
    ("tree.centre", "County centre"),
    ("dash.headline", "Headline"),
    ("dash.stations_at_norm", "Stations at norm"),
    ("dash.of", "of"),
    ("dash.chance_all", "chance all at norm"),
    ("dash.headcount", "Workers in post"),
    ("dash.certified_share", "Certified share"),
    ("dash.gap", "Gap (workers)"),
    ("dash.cost_year", "Yearly cost"),
    ("dash.in_year", "end of"),
    ("dash.by_track", "Workers by track"),
    ("dash.by_grade", "Workers by grade"),
    ("dash.need_supply", "Need vs supply"),
    ("dash.need", "Need"),
    ("dash.supply", "Supply"),
    ("dash.gap_area", "Gap"),
    ("dash.coverage", "Stations at norm and villages covered"),
    ("dash.villages_covered", "Villages covered"),
    ("dash.certified", "Certified share"),
    ("dash.cost", "Yearly cost by funding source"),
    ("dash.budget", "Budget"),
    ("dash.unfunded", "Unfunded"),
    ("dash.total", "Total"),
    (
        "dash.no_results",
        "No results yet: fix the problems in the scenario.",
    ),
    ("dash.mc_none", "Monte Carlo: not run"),
    ("dash.mc_run", "Run Monte Carlo"),
    (
        "dash.mc_stale",
        "Uncertainty bands are stale (scenario changed)",
    ),
    (
        "dash.mc_runs",
        "runs (shaded: P5–P95, P25–P75; line: median)",
    ),
    (
        "mc.kind_process",
        "bands of process noise alone (who leaves, who passes, late funds)",
    ),
    (
        "mc.kind_all",
        "bands of process noise and of {n} uncertain assumptions (drawn once per run)",
    ),
    ("mc.process_only", "Process noise only"),
    (
        "mc.process_only_tip",
        "When ticked, the plan's uncertain assumptions (local staff's exit rates, pass rates, the pay elasticity …) keep the file's values; the bands show only who leaves, who passes and whether funds are late.",
    ),
    (
        "dash.mc_county_only",
        "Uncertainty bands are shown for the whole county only.",
    ),
    (
        "dash.township_year_ends",
        "Large scenario: township results are kept at year ends (one point a year in the charts).",
    ),
    (
        "dash.stale_results",
        "The scenario has errors; the charts show the last valid results.",
    ),
    ("dash.median", "Median"),
    ("dash.trainees", "In training"),
    ("dash.year", "Year"),
    ("dash.people", "people"),
    ("levers.pay", "Pay and allowances"),
    ("levers.pay_multiplier", "Pay multiplier"),
    ("levers.pay_stage", "Monthly pay"),
    ("levers.allowance_stage", "Certificate allowance"),
    ("levers.ladder", "Promotion ladder"),
    ("levers.ladder_on", "Promotion ladder in place"),
    ("levers.admin", "Administrative load"),
    ("levers.admin_share", "Admin share of working time"),
    ("levers.exam", "Exam support"),
    ("levers.exam_uplift", "Pass-rate uplift (absolute)"),
    ("levers.pass_rate", "Pass rate per subject"),
    ("levers.participation", "Share who sit"),
    ("levers.recruitment", "Recruitment and training"),
    ("levers.recruitment_multiplier", "Recruitment multiplier"),
    ("levers.hires_per_year", "Hires per year"),
    ("levers.cohort_size", "Trainees per cohort"),
    ("levers.cohort_every", "Months between cohorts"),
    ("levers.replace_share", "Share of leavers replaced"),
    ("levers.fill_max", "Most hires per year"),
    ("levers.funding", "Funding and delays"),
    ("levers.funding_source", "Funding per year"),
    ("levers.funding_growth", "Growth per year"),
    ("levers.delay_probability", "Chance funds arrive late"),
    ("levers.delay_months", "Months of wage arrears"),
    ("levers.cap_hiring", "Stop hiring when funds run out"),
    ("levers.norms", "Station norms"),
    ("levers.norm", "Staffing norm (workers)"),
    ("levers.station_minimum", "Minimum workers per station"),
    ("levers.horizon", "Horizon"),
    ("levers.assumed", "assumed"),
    ("levers.source", "Source"),
    ("levers.range", "Valid range"),
    ("levers.filter", "Show:"),
    ("levers.filter_all", "All"),
    ("levers.filter_policies", "Policies"),
    ("levers.filter_assumptions", "Assumptions"),
    ("levers.search", "Find a lever"),
    (
        "levers.hint",
        "Sliders move within the plausible range; click a number to type any valid value (hold Shift while dragging a number for finer steps).",
    ),
    ("levers.no_match", "No lever matches."),
    ("levers.policies_head", "Policies: the county decides"),
    (
        "levers.assumptions_head",
        "Assumptions: about the world, not for the county to set",
    ),
    ("levers.plausible", "Plausible range (slider)"),
    ("levers.basis_assumed", "assumed"),
    ("levers.basis_sourced", "basis"),
    ("levers.kind", "Kind"),
    ("levers.sec_general", "Overall levers"),
    ("levers.sec_stages", "Pay and training phases"),
    ("levers.sec_exams", "Exams and certification"),
    ("levers.sec_retention", "Retention and exits"),
    ("levers.sec_need", "Need and staffing norms"),
    ("levers.sec_budget", "Funding and costs"),
    ("levers.sec_other", "Other"),
    ("levers.sec_township_norms", "Norm of each station"),
    ("levers.sec_plan", "Projection"),
    (
        "levers.horizon_source",
        "a setting of the plan, not a lever",
    ),
    (
        "levers.horizon_cost",
        "a longer projection counts more years of spending",
    ),
    ("key.title", "Key results"),
    ("key.stations_at_norm", "Stations at norm"),
    ("key.headcount", "Workers in post"),
    ("key.certified_share", "Certified share"),
    ("key.gap", "Short of need"),
    ("key.cost", "Spending"),
    ("key.unfunded", "Spending beyond funding"),
    ("key.band90", "90 % band"),
    ("key.median", "median"),
    ("key.chance", "chance"),
    ("key.path", "expected path"),
    ("key.met", "met"),
    ("key.not_met", "not met"),
    ("key.goals", "Dated goals"),
    (
        "key.by_year",
        "Chance the condition holds at each year end:",
    ),
    ("key.col_figure", "Figure"),
    ("key.col_mc", "Monte Carlo median (90 % band)"),
    ("key.col_expected", "Expected-value path"),
    ("key.basis_mc", "Monte Carlo runs:"),
    (
        "key.basis_stale",
        "The plan changed: Monte Carlo will run again",
    ),
    ("key.basis_expected", "Monte Carlo has not run yet"),
    (
        "key.basis_expected_note",
        "Until Monte Carlo is done, the figures below are the expected-value path (without the chances).",
    ),
    (
        "key.divergence_title",
        "Where the expected-value path differs",
    ),
    (
        "key.divergence_why",
        "† The expected-value path lies outside the Monte Carlo 90 % band: staffing norms, hiring caps and filling to norm act on whole people, while expected values spread people into fractions (2.9 a station, so no station reaches its norm of 3). The headline therefore quotes the Monte Carlo median.",
    ),
    (
        "key.by_construction",
        "This example county's funding falls short of its own plan by construction (see its description): the shortfall, and the intakes it cancels, are a property of the example, not a finding about any county.",
    ),
    ("binding.title", "What binds, and funding"),
    ("binding.details", "Year by year"),
    ("binding.hiring_stopped", "funds committed, hiring stopped"),
    ("binding.planned", "planned"),
    ("binding.placed", "placed"),
    ("binding.legend_span", "Hiring stopped (funds)"),
    ("binding.legend_cut", "Intake cancelled or cut"),
    ("axis.year", "Year"),
    ("axis.percent", "%"),
    ("axis.people", "people"),
    ("axis.wan_people", "10,000 people"),
    ("axis.k_people", "thousand people"),
    ("axis.wan_yuan", "10,000 yuan"),
    ("axis.yi_yuan", "100 million yuan"),
    ("axis.k_yuan", "thousand yuan"),
    ("axis.m_yuan", "million yuan"),
    ("axis.bn_yuan", "billion yuan"),
    ("unit.multiplier", "×"),
    ("unit.share", "share"),
    ("unit.people_per_year", "people/year"),
    ("unit.people", "people"),
    ("unit.months", "months"),
    ("unit.years", "years"),
    ("unit.yuan_per_month", "yuan/month"),
    ("unit.yuan_per_year", "yuan/year"),
    ("err.out_of_range", "out of the valid range"),
    ("err.must_be_number", "must be a number"),
    ("err.load_title", "Cannot open the file"),
    ("err.save_title", "Cannot save the file"),
    ("err.export_title", "Cannot export"),
    ("err.model", "Cannot compute"),
    ("pipeline.diagram", "Diagram"),
    ("pipeline.stages", "Stages and flows"),
    ("pipeline.training", "Training"),
    ("pipeline.working", "Working"),
    ("pipeline.custom", "Other"),
    ("pipeline.duration", "Duration (months)"),
    ("pipeline.dropout", "Dropout share"),
    ("pipeline.exam_to", "Exam promotes to"),
    ("pipeline.exit", "Exit"),
    ("pipeline.exit_rate", "Annual exit rate"),
    ("pipeline.transition", "Transition probability"),
    ("pipeline.monthly", "monthly"),
    ("pipeline.yearly", "yearly"),
    ("townships.year", "Year"),
    ("townships.name", "Township"),
    ("townships.headcount", "Workers"),
    ("townships.norm", "Norm"),
    ("townships.certified", "Certified"),
    ("townships.need", "Need"),
    ("townships.gap", "Gap"),
    ("townships.at_norm", "At norm"),
    ("townships.villages", "Villages covered"),
    ("townships.cost", "Cost/year"),
    ("townships.yes", "yes"),
    ("townships.no", "no"),
    ("townships.no_detail", "No township results."),
    ("status.problems", "Problems"),
    ("status.errors", "Errors"),
    ("status.warnings", "Warnings"),
    ("status.no_problems", "No problems"),
    ("status.recomputed", "Recomputed"),
    ("status.renderer", "Renderer: "),
    ("status.renderer_adapter", "Adapter"),
    ("status.renderer_failed", "Could not use"),
    ("status.computing", "Computing…"),
    ("status.loading", "Opening…"),
    ("status.cancel", "Cancel"),
    ("status.mc", "Monte Carlo"),
    ("status.saved", "Saved"),
    ("status.saving", "Saving"),
    ("status.exported", "Exported"),
    ("dialog.ok", "OK"),
    ("dialog.cancel", "Cancel"),
    ("dialog.unsaved_title", "Unsaved changes"),
    (
        "dialog.unsaved_text",
        "The scenario has unsaved changes. Save them?",
    ),
    ("dialog.save", "Save"),
    ("dialog.discard", "Don't save"),
    ("dialog.recover_title", "Recover unsaved work"),
    (
        "dialog.recover_text",
        "The app closed unexpectedly and left unsaved work. Recover it?",
    ),
    ("dialog.recover", "Recover"),
    ("doc.untitled", "Untitled"),
    ("trainer.actual_vs_projected", "Actual vs projected"),
    (
        "trainer.compare_cohort",
        "Compare with the projection at the cohort's start",
    ),
    (
        "trainer.compare_county",
        "Compare the county with the current projection",
    ),
    ("trainer.scope_county", "County"),
    ("trainer.date", "Date"),
    ("trainer.projected_workers", "Projected in post"),
    ("trainer.actual_workers", "Actual in post"),
    ("trainer.projected_certified", "Projected certified"),
    ("trainer.actual_certified", "Actual certified"),
    ("trainer.no_comparison", "No month to compare before today"),
    (
        "trainer.no_projection",
        "The scenario has no projection yet",
    ),
    ("trainer.hours_unit", "h"),
    ("trainer.job_open", "Opening"),
    ("trainer.job_import", "Reading"),
    ("trainer.job_apply", "Importing into"),
    ("trainer.step_reading", "reading the file"),
    ("trainer.step_parsing", "parsing and checking"),
    ("trainer.step_checking", "checking rows"),
    ("trainer.step_statuses", "certification statuses"),
    ("trainer.step_table", "building the table"),
    ("trainer.step_reminders", "collecting reminders"),
    ("trainer.cancel_job", "Cancel"),
    ("trainer.load_warnings", "Roster warnings"),
    ("trainer.err_import", "Import failed"),
    (
        "trainer.err_format",
        "Unknown file type (CSV or Excel expected)",
    ),
    ("trainer.unsaved_title", "The roster has unsaved changes"),
    (
        "trainer.unsaved_text",
        "Save the changes to the current roster before opening another?",
    ),
    ("trainer.job_rebuild", "Updating for the new rules"),
    ("trainer.may_sit", "May sit the {year} exam"),
    ("trainer.eligible", "yes"),
    ("trainer.not_eligible", "not yet"),
    ("trainer.job_save", "Saving"),
    ("trainer.job_export", "Exporting"),
    ("trainer.step_writing", "writing the file"),
    ("trainer.job_propose", "Working out from the roster"),
    (
        "trainer.unsaved_quit",
        "Save the changes to the roster before quitting?",
    ),
    ("pipeline.counts_as_worker", "Counts as a worker"),
    ("pipeline.new_stage_name", "Name of the new stage"),
    ("pipeline.add_stage", "Add stage"),
    ("pipeline.remove_flow", "Remove flow"),
    ("pipeline.add_flow", "Add flow"),
    ("pipeline.remove_stage", "Remove stage"),
    ("pipeline.cannot_remove", "Cannot remove"),
    (
        "pipeline.still_used_by",
        "these fields still use it; change them first:",
    ),
    ("bg.reading", "reading the file"),
    ("bg.parsing", "parsing"),
    ("bg.checking", "checking"),
    ("bg.projecting", "projecting"),
    ("bg.cancel_open", "Cancel opening"),
    ("bg.cancel_compute", "Stop computing"),
    ("bg.cancelled", "Background work stopped"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_months_read_as_durations() {
        assert_eq!(Lang::En.months(1), "1 month");
        assert_eq!(Lang::En.months(3), "3 months");
        assert_eq!(Lang::Zh.months(3), "3 个月");
        assert_eq!(Lang::Zh.month_band(12, None), "12 个月以上");
        assert_eq!(Lang::En.month_band(0, Some(12)), "0–12 months");
    }
    use std::collections::BTreeSet;

    #[test]
    fn every_key_has_both_texts_and_no_key_is_written_twice() {
        let zh: Vec<_> = ZH_LISTS.iter().copied().flatten().collect();
        let en: Vec<_> = EN_LISTS.iter().copied().flatten().collect();
        let zk: BTreeSet<_> = zh.iter().map(|(k, _)| *k).collect();
        let ek: BTreeSet<_> = en.iter().map(|(k, _)| *k).collect();
        assert_eq!(zk.len(), zh.len(), "duplicate key in the Chinese lists");
        assert_eq!(ek.len(), en.len(), "duplicate key in the English lists");
        let missing: Vec<_> = glossary()
            .filter(|t| t.zh.trim().is_empty() || t.en.trim().is_empty())
            .map(|t| t.key)
            .collect();
        assert!(missing.is_empty(), "keys without both texts: {missing:?}");
        assert_eq!(glossary().count(), zk.len());
        assert_eq!(Lang::Zh.t("tab.levers"), "政策杠杆");
        assert_eq!(Lang::En.t("tab.levers"), "Levers");
    }

    /// Every `.rs` file under `dir`, recursively.
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_key_used_in_the_code_exists() {
        let mut files = Vec::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let keys: BTreeSet<_> = glossary().map(|t| t.key).collect();
        let mut missing = Vec::new();
        let mut used = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for part in text.split(".t(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                used += 1;
                if !keys.contains(key) {
                    missing.push(format!("{key} ({})", f.display()));
                }
            }
        }
        assert!(used > 200, "the scan found the keys the code uses ({used})");
        assert!(
            missing.is_empty(),
            "keys missing from the glossary: {missing:?}"
        );
    }

    #[test]
    fn money_uses_wan_in_chinese() {
        assert_eq!(Lang::Zh.yuan(2_450_000.0), "245.0 万元");
        assert_eq!(Lang::Zh.yuan(3.2e8), "3.20 亿元");
        assert_eq!(Lang::Zh.yuan(800.0), "800 元");
        assert_eq!(Lang::En.yuan(2_450_000.0), "¥2.45 M");
        assert_eq!(Lang::En.yuan(1234.0), "¥1,234");
        assert_eq!(Lang::En.people(12345.0), "12,345");
        assert_eq!(Lang::Zh.month(2027, 3), "2027年3月");
        assert_eq!(Lang::En.month(2027, 3), "Mar 2027");
    }
}
