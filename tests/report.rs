//! The county plan report read back as a reader's program reads it: the
//! .docx unzipped and its `word/document.xml` parsed (headings, tables,
//! numbers), the .xlsx read sheet by sheet, the charts decoded; the
//! numbers compared with the JSON of `talent-planner run --runs N`. Bad
//! input through the binary: exit code 2, a message in the user's
//! language, no file written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use talent_planner::present::i18n::Lang;

const BIN: &str = env!("CARGO_BIN_EXE_talent-planner");
/// Replications of the tests' reports (a debug build; the CLI default is 1,000).
const RUNS: &str = "60";
const SEED: &str = "7";

/// A paragraph of the document: its style and its text.
#[derive(Debug, Clone)]
struct Para {
    style: String,
    text: String,
}

/// What a reader finds in `word/document.xml`.
#[derive(Debug, Default)]
struct DocText {
    paragraphs: Vec<Para>,
    /// Tables: rows of cell texts.
    tables: Vec<Vec<Vec<String>>>,
}

impl DocText {
    fn headings(&self, style: &str) -> Vec<&str> {
        self.paragraphs
            .iter()
            .filter(|p| p.style == style)
            .map(|p| p.text.as_str())
            .collect()
    }

    fn all_text(&self) -> String {
        let mut s: Vec<String> = self.paragraphs.iter().map(|p| p.text.clone()).collect();
        for t in &self.tables {
            for r in t {
                s.push(r.join("\t"));
            }
        }
        s.join("\n")
    }

    /// The table whose header row holds every one of `cols`.
    fn table_with(&self, cols: &[&str]) -> &Vec<Vec<String>> {
        self.tables
            .iter()
            .find(|t| {
                t.first()
                    .is_some_and(|h| cols.iter().all(|c| h.iter().any(|x| x == c)))
            })
            .unwrap_or_else(|| panic!("no table with columns {cols:?}"))
    }
}

fn unzip(path: &Path, part: &str) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name(part).unwrap();
    let mut out = Vec::new();
    entry.read_to_end(&mut out).unwrap();
    out
}

fn parts(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    (0..zip.len())
        .map(|i| zip.name_for_index(i).unwrap().unwrap().to_string())
        .collect()
}

/// Parses `word/document.xml`: paragraphs (outside tables) with their
/// style, and tables with their cells' text.
fn read_docx(path: &Path) -> DocText {
    let xml = String::from_utf8(unzip(path, "word/document.xml")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut doc = DocText::default();
    let mut depth_tbl = 0;
    let mut style = String::new();
    let mut text = String::new();
    let mut in_t = false;
    let mut raw = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                b"tbl" => {
                    depth_tbl += 1;
                    table.clear();
                }
                b"tr" => row.clear(),
                b"tc" => cell.clear(),
                b"p" => {
                    style.clear();
                    text.clear();
                }
                b"t" => {
                    in_t = true;
                    raw.clear();
                }
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"pStyle" => {
                for a in e.attributes().flatten() {
                    if a.key.local_name().as_ref() == b"val" {
                        style = String::from_utf8(a.value.to_vec()).unwrap();
                    }
                }
            }
            Event::Text(t) if in_t => raw.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_t => {
                raw.push('&');
                raw.push_str(&r.decode().unwrap());
                raw.push(';');
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => {
                    in_t = false;
                    text.push_str(&quick_xml::escape::unescape(&raw).unwrap());
                }
                b"p" => {
                    if depth_tbl > 0 {
                        if !cell.is_empty() && !text.is_empty() {
                            cell.push('\n');
                        }
                        cell.push_str(&text);
                    } else {
                        doc.paragraphs.push(Para {
                            style: style.clone(),
                            text: text.clone(),
                        });
                    }
                }
                b"tc" => row.push(cell.clone()),
                b"tr" => table.push(row.clone()),
                b"tbl" => {
                    depth_tbl -= 1;
                    doc.tables.push(table.clone());
                }
                _ => {}
            },
            _ => {}
        }
    }
    doc
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn run(args: &[&str], lang_env: &str) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("LANG", lang_env)
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap()
}

fn report(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec!["report", "--runs", RUNS, "--seed", SEED];
    args.extend_from_slice(extra);
    let o = out.display().to_string();
    args.extend_from_slice(&["--out", &o]);
    let r = run(&args, "C.UTF-8");
    assert!(
        r.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&r.stderr)
    );
    out
}

fn json_run(dir: &Path) -> serde_json::Value {
    let out = dir.join("run.json");
    let r = run(
        &[
            "run",
            "--runs",
            RUNS,
            "--seed",
            SEED,
            "--out",
            &out.display().to_string(),
        ],
        "C.UTF-8",
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap()
}

/// Whether a number as a table shows it (`decimals` decimals) is `v`
/// rounded: within half a unit of the last decimal (JSON numbers are read
/// back to the nearest few bits, so a value ending in 5 may round either way).
fn rounds_to(cell: &str, v: f64, decimals: i32) -> bool {
    let shown: f64 = cell.parse().unwrap_or(f64::NAN);
    (shown - v).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-9
}

#[test]
fn the_docx_has_every_section_the_target_table_and_the_json_numbers() {
    let dir = tmp();
    let charts = dir.path().join("charts").display().to_string();
    let docx = report(dir.path(), "plan.docx", &["--charts", &charts]);
    let json = json_run(dir.path());
    let doc = read_docx(&docx);
    let l = Lang::Zh;

    // Every section heading, as a real heading, in order.
    let h1 = doc.headings("Heading1");
    let expected: Vec<&str> = talent_planner::report::SECTION_KEYS
        .iter()
        .map(|k| l.t(k))
        .collect();
    assert_eq!(h1, expected);
    assert!(doc.headings("Title")[0].contains("典型县"));
    // Section 7 says which uncertainty the runs include, naming the
    // assumptions drawn (the default county states 16).
    let text = doc.all_text();
    assert!(text.contains("也包括 16 项假设的不确定性"), "section 7");
    let para = doc
        .paragraphs
        .iter()
        .find(|p| p.text.contains("也包括 16 项假设的不确定性："))
        .map(|p| p.text.clone())
        .unwrap_or_default();
    assert!(
        para.contains("离职对薪酬的弹性") && para.contains("本土人才 · 第一年 · 年离职率"),
        "assumptions named by their Chinese names: {para}"
    );

    // The target table: one row per goal; probability, median and band
    // equal the JSON of `run --runs` rounded as shown.
    let t = doc.table_with(&[l.t("report.col_goal"), l.t("report.col_probability")]);
    let head = &t[0];
    let col = |key: &'static str| head.iter().position(|h| h == l.t(key)).unwrap();
    let targets = json["targets"].as_object().unwrap();
    let goals = json["goals"].as_array().unwrap();
    assert_eq!(t.len() - 1, goals.len());
    assert_eq!(goals.len(), 5, "the default county states five goals");
    for (row, g) in t.iter().skip(1).zip(goals) {
        let id = g["id"].as_str().unwrap();
        let metric = g["metric"].as_str().unwrap();
        let odd = &targets[id];
        let (factor, d): (f64, i32) = if metric.ends_with("_share") {
            (100.0, 0)
        } else if metric.ends_with("_yuan") {
            (1e-4, 1)
        } else if metric == "workers_per_10k" {
            (1.0, 2)
        } else {
            (1.0, 0)
        };
        assert_eq!(row[0], g["label"].as_str().unwrap());
        let check = |key: &'static str, v: f64, d: i32| {
            let cell = &row[col(key)];
            assert!(
                rounds_to(cell, v, d),
                "{id} {key}: {cell} is not {v} rounded"
            );
        };
        check("report.col_probability", f(&odd["probability"]) * 100.0, 0);
        check("report.col_median", f(&odd["p50"]) * factor, d);
        check("report.col_p5", f(&odd["p5"]) * factor, d);
        check("report.col_p95", f(&odd["p95"]) * factor, d);
        check("report.col_projected", f(&g["value"]) * factor, d);
    }

    // People by year: year-end workers and certified equal the projection's
    // December rows; hires the sum of the year's months.
    let months = json["months"].as_array().unwrap();
    let people = doc.table_with(&[l.t("report.col_workers"), l.t("report.col_certified")]);
    let ph = &people[0];
    let pc = |key: &'static str| ph.iter().position(|h| h == l.t(key)).unwrap();
    assert_eq!(people.len() - 1, 10, "ten years");
    for row in people.iter().skip(1) {
        let year: i64 = row[0].parse().unwrap();
        let in_year: Vec<&serde_json::Value> = months
            .iter()
            .filter(|m| m["year"].as_i64() == Some(year) && m["month_index"].as_i64() != Some(0))
            .collect();
        let dec = in_year.last().unwrap();
        let workers = f(&dec["headcount_total"]);
        assert!(rounds_to(&row[pc("report.col_workers")], workers, 0));
        let certified = f(&dec["certified"]);
        assert!(rounds_to(&row[pc("report.col_certified")], certified, 0));
        let passes: f64 = in_year.iter().map(|m| f(&m["exam_passes"])).sum();
        assert!(
            rounds_to(&row[pc("report.col_passes")], passes, 0),
            "{year}"
        );
    }

    // Money: cumulative spending at each year end, in 万元.
    let money = doc.table_with(&[l.t("report.col_cumulative")]);
    let mc = money[0]
        .iter()
        .position(|h| h == l.t("report.col_cumulative"))
        .unwrap();
    for row in money.iter().skip(1) {
        let year: i64 = row[0].parse().unwrap();
        let dec = months
            .iter()
            .rfind(|m| m["year"].as_i64() == Some(year))
            .unwrap();
        assert!(rounds_to(
            &row[mc],
            f(&dec["cumulative_cost_yuan"]) * 1e-4,
            1
        ));
    }

    // The paragraph of section 2 states the same year-end workers as its table.
    let target_row = people.iter().find(|r| r[0] == "2030").unwrap();
    let p2 = doc
        .paragraphs
        .iter()
        .find(|p| p.text.contains("到 2030 年末在岗"))
        .unwrap();
    assert!(
        p2.text.contains(&format!(
            "年末在岗 {} 人",
            target_row[pc("report.col_workers")]
        )),
        "{}",
        p2.text
    );

    // Charts: embedded PNGs at ≥ 150 dpi over the text width, and the same
    // images written with --charts.
    let media: Vec<String> = parts(&docx)
        .into_iter()
        .filter(|p| p.starts_with("word/media/") && p.ends_with(".png"))
        .collect();
    let files: Vec<PathBuf> = std::fs::read_dir(dir.path().join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(media.len() >= 4, "{media:?}");
    assert_eq!(media.len(), files.len());
    for p in &files {
        let dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(p).unwrap()));
        let info = dec.read_info().unwrap();
        assert!(info.info().width >= 945, "{}", p.display());
    }

    // Styles: headings named as Word knows them, with outline levels, and
    // the Chinese fonts.
    let styles = String::from_utf8(unzip(&docx, "word/styles.xml")).unwrap();
    assert!(styles.contains(r#"w:val="heading 1""#));
    assert!(
        styles.contains(r#"<w:outlineLvl w:val="0" />"#)
            || styles.contains(r#"<w:outlineLvl w:val="0"/>"#)
    );
    assert!(styles.contains("宋体") && styles.contains("黑体"));

    // The same file, seed and runs give the same bytes.
    let again = report(dir.path(), "again.docx", &[]);
    let a = unzip(&docx, "word/document.xml");
    let b = unzip(&again, "word/document.xml");
    assert_eq!(a, b);
}

#[test]
fn the_english_workbook_has_one_sheet_per_table_with_numbers_as_numbers() {
    let dir = tmp();
    let xlsx = report(dir.path(), "plan.xlsx", &["--lang", "en"]);
    let bytes = std::fs::read(&xlsx).unwrap();
    let sheets = talent_planner::exchange::xlsx::read_sheets(&bytes, |d| match d {
        calamine::DataRef::Float(v) => format!("number:{v}"),
        calamine::DataRef::Int(v) => format!("number:{v}"),
        calamine::DataRef::String(s) => s.clone(),
        calamine::DataRef::SharedString(s) => (*s).to_string(),
        other => format!("{other:?}"),
    })
    .unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    let l = Lang::En;
    for key in [
        "report.sheet0",
        "report.sheet1",
        "report.sheet2",
        "report.sheet3b",
        "report.sheet5",
        "report.sheet7",
    ] {
        assert!(names.contains(&l.t(key)), "{key} missing from {names:?}");
    }
    let rows = &sheets
        .iter()
        .find(|s| s.0 == l.t("report.sheet1"))
        .unwrap()
        .1;
    assert_eq!(rows[0][0], l.t("report.col_goal"));
    let p = rows[0]
        .iter()
        .position(|h| h == l.t("report.col_probability"))
        .unwrap();
    assert_eq!(rows.len(), 6, "a header and five goals");
    for r in &rows[1..] {
        assert!(r[p].starts_with("number:"), "{:?}", r[p]);
        let v: f64 = r[p]["number:".len()..].parse().unwrap();
        assert!((0.0..=100.0).contains(&v));
    }
    // The spending table is in 10,000 yuan, a number per year and source.
    let money = &sheets
        .iter()
        .find(|s| s.0 == l.t("report.sheet3b"))
        .unwrap()
        .1;
    assert_eq!(money.len(), 11, "a header and ten years");
    assert!(money[1][1].starts_with("number:"));
}

#[test]
fn a_comparison_section_appears_with_a_variant_and_a_bad_variant_is_refused() {
    let dir = tmp();
    let variant = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/policy_variant.ron");
    let docx = report(
        dir.path(),
        "cmp.docx",
        &["--compare", &variant.display().to_string()],
    );
    let doc = read_docx(&docx);
    let l = Lang::Zh;
    let t = doc.table_with(&[l.t("report.col_variant"), l.t("report.col_difference")]);
    assert!(t.iter().skip(1).all(|r| r[2] == "policy_variant.ron"));
    // Differences of means are shown with a decimal, even for people.
    assert!(
        t.iter()
            .skip(1)
            .all(|r| r[5..8].iter().all(|c| c.contains('.')))
    );
    // A cost per extra result is never negative: where the variant has
    // fewer, the cell says so in words.
    let ce = doc.table_with(&[
        l.t("report.col_per_certified"),
        l.t("report.col_per_station"),
    ]);
    for row in ce.iter().skip(1) {
        for cell in &row[4..6] {
            let ok = cell.parse::<f64>().is_ok_and(|v| v >= 0.0)
                || cell == l.t("report.not_measurable")
                || cell == l.t("report.no_gain");
            assert!(ok, "{cell}");
        }
    }
    assert!(doc.all_text().contains("每多一名持证社工"));

    // A variant of another horizon cannot be compared: exit 2, a Chinese
    // message under a Chinese locale, no file.
    let text = std::fs::read_to_string(&variant).unwrap();
    let short = dir.path().join("short.ron");
    std::fs::write(
        &short,
        text.replace("horizon_years: 10", "horizon_years: 5"),
    )
    .unwrap();
    let out = dir.path().join("refused.docx");
    let r = run(
        &[
            "report",
            "--runs",
            "10",
            "--compare",
            &short.display().to_string(),
            "--out",
            &out.display().to_string(),
        ],
        "zh_CN.UTF-8",
    );
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("只有起点和期限相同的方案才能比较"), "{err}");
    assert!(!out.exists());
    assert!(leftovers(dir.path()).is_empty());
}

/// Temporary files of the safe write left in a folder.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

#[test]
fn bad_input_is_refused_with_exit_code_2_and_no_file() {
    let dir = tmp();
    let d = dir.path();
    // A file that fails validation: its problems with line and column.
    let bad = d.join("bad.ron");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/default_county.ron"),
    )
    .unwrap();
    std::fs::write(&bad, text.replace("horizon_years: 10", "horizon_years: 0")).unwrap();
    let out = d.join("a.docx");
    let o = out.display().to_string();
    let r = run(
        &[
            "report",
            &bad.display().to_string(),
            "--runs",
            "10",
            "--out",
            &o,
        ],
        "C.UTF-8",
    );
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("bad.ron:"));
    assert!(!out.exists());

    // An output that is neither .docx nor .xlsx.
    let r = run(
        &[
            "report",
            "--runs",
            "10",
            "--out",
            &d.join("a.pdf").display().to_string(),
        ],
        "zh_CN.UTF-8",
    );
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("报告只能保存为"));

    // An output in a folder that does not exist, or that is a folder.
    std::fs::create_dir(d.join("folder.docx")).unwrap();
    for target in [d.join("no/such/dir/a.docx"), d.join("folder.docx")] {
        let r = run(
            &[
                "report",
                "--runs",
                "10",
                "--out",
                &target.display().to_string(),
            ],
            "C.UTF-8",
        );
        assert_eq!(r.status.code(), Some(2), "{}", target.display());
        assert!(String::from_utf8_lossy(&r.stderr).contains("cannot write"));
    }

    // A folder that cannot be written (read-only).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = d.join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let target = ro.join("a.xlsx");
        let r = run(
            &[
                "report",
                "--runs",
                "10",
                "--out",
                &target.display().to_string(),
            ],
            "C.UTF-8",
        );
        assert_eq!(r.status.code(), Some(2));
        assert!(!target.exists());
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    // An unknown lever in --set.
    let r = run(
        &["report", "--runs", "10", "--set", "no.such=1", "--out", &o],
        "C.UTF-8",
    );
    assert_eq!(r.status.code(), Some(2));
    assert!(!out.exists());
    assert!(leftovers(d).is_empty());
}

/// The chart texts (the report's own texts, and the names the default
/// county gives its levers, tracks, sources and goals) all have a glyph in
/// the font the charts are drawn with.
#[test]
fn chart_texts_are_covered_by_the_shipped_font_in_both_languages() {
    use talent_planner::present::charts::font_covers;
    use talent_planner::present::report_terms;
    let sc = talent_planner::model::io::default_scenario().unwrap();
    let catalog = talent_planner::model::catalog::Catalog::of(&sc);
    let mut texts: Vec<String> = report_terms::ZH
        .iter()
        .chain(report_terms::EN)
        .map(|(_, t)| (*t).to_string())
        .collect();
    texts.extend(
        catalog
            .entries
            .iter()
            .flat_map(|e| [e.name_zh.clone(), e.name_en.clone()]),
    );
    texts.extend(
        sc.tracks
            .iter()
            .flat_map(|t| [t.name.clone(), t.name_en.clone()]),
    );
    texts.extend(
        sc.budget
            .sources
            .iter()
            .flat_map(|s| [s.name.clone(), s.name_en.clone()]),
    );
    texts.extend(
        sc.targets
            .goals
            .iter()
            .flat_map(|g| [g.label.clone(), g.label_en.clone()]),
    );
    let missing: BTreeMap<char, String> = texts
        .iter()
        .flat_map(|t| {
            t.chars()
                .filter(|c| !font_covers(&c.to_string()))
                .map(move |c| (c, t.clone()))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "characters without a glyph: {missing:?}"
    );
}
