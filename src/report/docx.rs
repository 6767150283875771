//! The report as a Word document (`.docx`), written with `docx-rs`: A4
//! pages with 25 mm margins, heading styles named as Word and WPS know
//! them (`heading 1`, `heading 2`, with outline levels, so either can build
//! a table of contents), Chinese fonts named in the styles (宋体 for text,
//! 黑体 for headings, Times New Roman / Arial for Latin text), native
//! tables with a shaded header row and numbers aligned right, the charts
//! embedded as PNG at the text width, and page numbers in the footer.

use super::text::cell_text;
use super::{Block, Report, ReportChart, ReportError, ReportTable};
use crate::exchange::Cell;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Pic,
    Run, RunFonts, Shading, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

/// A4 in twentieths of a point.
const A4_TWIPS: (u32, u32) = (11_906, 16_838);
/// 25 mm in twentieths of a point.
const MARGIN_TWIPS: i32 = 1_417;
/// Width of the text, twentieths of a point.
const TEXT_TWIPS: usize = A4_TWIPS.0 as usize - 2 * MARGIN_TWIPS as usize;
/// English metric units per millimetre (images).
const EMU_PER_MM: f64 = 36_000.0;

/// Paragraph style ids.
const NORMAL: &str = "Normal";
const HEADING1: &str = "Heading1";
const HEADING2: &str = "Heading2";
const TITLE: &str = "Title";
const SUBTITLE: &str = "Subtitle";
const CAPTION: &str = "Caption";
const TABLE_TEXT: &str = "TableText";

/// The Chinese body font named in the styles.
pub const BODY_FONT_ZH: &str = "宋体";
/// The Chinese heading font named in the styles.
pub const HEADING_FONT_ZH: &str = "黑体";

fn fonts(latin: &str, east_asia: &str) -> RunFonts {
    RunFonts::new()
        .ascii(latin)
        .hi_ansi(latin)
        .cs(latin)
        .east_asia(east_asia)
}

fn styles(doc: Docx) -> Docx {
    let body = fonts("Times New Roman", BODY_FONT_ZH);
    let head = fonts("Arial", HEADING_FONT_ZH);
    // The body text is the document defaults: docx-rs writes the "Normal"
    // style itself, without properties.
    doc.default_fonts(body.clone())
        .default_size(21)
        .default_line_spacing(
            LineSpacing::new()
                .after(120)
                .line(300)
                .line_rule(LineSpacingType::Auto),
        )
        .add_style(
            Style::new(TITLE, StyleType::Paragraph)
                .name("Title")
                .based_on(NORMAL)
                .next(NORMAL)
                .fonts(head.clone())
                .size(36)
                .bold()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(240).after(240)),
        )
        .add_style(
            Style::new(SUBTITLE, StyleType::Paragraph)
                .name("Subtitle")
                .based_on(NORMAL)
                .next(NORMAL)
                .size(21)
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new(HEADING1, StyleType::Paragraph)
                .name("heading 1")
                .based_on(NORMAL)
                .next(NORMAL)
                .fonts(head.clone())
                .size(32)
                .bold()
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(360).after(160)),
        )
        .add_style(
            Style::new(HEADING2, StyleType::Paragraph)
                .name("heading 2")
                .based_on(NORMAL)
                .next(NORMAL)
                .fonts(head.clone())
                .size(26)
                .bold()
                .outline_lvl(1)
                .line_spacing(LineSpacing::new().before(240).after(120)),
        )
        .add_style(
            Style::new(CAPTION, StyleType::Paragraph)
                .name("caption")
                .based_on(NORMAL)
                .next(NORMAL)
                .fonts(head)
                .size(18)
                .bold()
                .line_spacing(LineSpacing::new().before(120).after(60)),
        )
        .add_style(
            Style::new(TABLE_TEXT, StyleType::Paragraph)
                .name("Table Text")
                .based_on(NORMAL)
                .fonts(body)
                .size(17)
                .line_spacing(
                    LineSpacing::new()
                        .before(0)
                        .after(0)
                        .line(240)
                        .line_rule(LineSpacingType::Auto),
                ),
        )
}

fn para(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(text))
}

/// Width of a line of table text, twentieths of a point (8.5 pt text,
/// bold headers: a CJK character about one em, a Latin one about 0.65 em).
fn text_twips(s: &str) -> f64 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if c.is_ascii() { LATIN } else { CJK })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// Twips of a Latin character of table text.
const LATIN: f64 = 110.0;
/// Twips of a CJK character of table text.
const CJK: f64 = 175.0;

/// Column widths (twentieths of a point) filling the text width. Each
/// column has a hard minimum (numbers never wrap) and a soft one (its
/// longest header or cell word unbroken, or a few CJK characters); when
/// the soft minimums do not fit, the room above the hard ones is shared in
/// proportion, so header words break before numbers do. The room left
/// after the minimums goes to the columns whose text wants more.
fn column_widths(t: &crate::exchange::Table) -> Vec<usize> {
    // Cell margins of both sides and a little air.
    const PAD: f64 = 300.0;
    const FEW: f64 = 4.0 * CJK;
    let text = TEXT_TWIPS as f64;
    // Latin words are not broken; CJK text breaks between characters.
    let word = |s: &str| -> f64 {
        s.split_whitespace()
            .map(|w| {
                if w.is_ascii() {
                    text_twips(w)
                } else {
                    text_twips(w).min(2.0 * CJK)
                }
            })
            .fold(0.0, f64::max)
    };
    let (mut hard, mut soft, mut want) = (Vec::new(), Vec::new(), Vec::new());
    for (c, head) in t.header.iter().enumerate() {
        let cells: Vec<&Cell> = t.rows.iter().filter_map(|r| r.get(c)).collect();
        let widest = cells
            .iter()
            .map(|cell| text_twips(&cell_text(cell)))
            .fold(0.0, f64::max);
        let numeric = cells
            .iter()
            .all(|c| matches!(c, Cell::Number(..) | Cell::Integer(_) | Cell::Empty));
        let cell_words = cells
            .iter()
            .map(|c| word(&cell_text(c)))
            .fold(0.0, f64::max);
        let lo = if numeric {
            widest
        } else {
            widest.min(FEW).max(cell_words)
        };
        let h = if numeric { widest } else { cell_words.min(FEW) };
        let s = lo.max(word(head)) + PAD;
        hard.push(h + PAD);
        soft.push(s);
        want.push(
            (widest.max(text_twips(head) / 2.0) + PAD)
                .min(text * 0.45)
                .max(s),
        );
    }
    let sum = |v: &[f64]| -> f64 { v.iter().sum() };
    // Between two lists of widths, the share of the way that fills `text`.
    let between = |lo: &[f64], hi: &[f64]| -> Vec<f64> {
        let room = sum(hi) - sum(lo);
        let share = if room > 0.0 {
            ((text - sum(lo)) / room).clamp(0.0, 1.0)
        } else {
            0.0
        };
        lo.iter()
            .zip(hi)
            .map(|(l, h)| l + (h - l).max(0.0) * share)
            .collect()
    };
    let widths: Vec<f64> = if sum(&want) <= text {
        want.iter().map(|w| w * text / sum(&want)).collect()
    } else if sum(&hard) >= text {
        hard.iter().map(|w| w * text / sum(&hard)).collect()
    } else if sum(&soft) >= text {
        // Not every header word fits: the short ones do, so only the
        // longest words break.
        let mut w = hard.clone();
        let mut room = text - sum(&hard);
        let mut order: Vec<usize> = (0..w.len()).collect();
        order.sort_by(|&a, &b| (soft[a] - hard[a]).total_cmp(&(soft[b] - hard[b])));
        for k in order {
            let more = (soft[k] - hard[k]).max(0.0).min(room);
            w[k] += more;
            room -= more;
        }
        w
    } else {
        between(&soft, &want)
    };
    widths.into_iter().map(|w| w as usize).collect()
}

/// Tables of at most this many rows are kept on one page.
const KEPT_TOGETHER_ROWS: usize = 12;

fn table(t: &ReportTable) -> Table {
    let widths = column_widths(&t.table);
    // A short table stays on one page (each row kept with the next); a
    // long one keeps at least its header row with the first row below it.
    let short = t.table.rows.len() <= KEPT_TOGETHER_ROWS;
    let last = t.table.rows.len();
    let cell = |text: String, width: usize, right: bool, head: bool, row: usize| {
        let keep = head || (short && row + 1 < last);
        let mut p = Paragraph::new().style(TABLE_TEXT).keep_next(keep);
        let mut run = Run::new().add_text(text);
        if head {
            run = run.bold();
        }
        p = p.add_run(run);
        if right {
            p = p.align(AlignmentType::Right);
        }
        let mut c = TableCell::new()
            .width(width, WidthType::Dxa)
            .add_paragraph(p);
        if head {
            c = c.shading(Shading::new().fill("D9E2F3"));
        }
        c
    };
    let mut rows = vec![
        TableRow::new(
            t.table
                .header
                .iter()
                .zip(&widths)
                .map(|(h, w)| cell(h.clone(), *w, false, true, 0))
                .collect(),
        )
        .cant_split(),
    ];
    for (i, r) in t.table.rows.iter().enumerate() {
        rows.push(
            TableRow::new(
                widths
                    .iter()
                    .enumerate()
                    .map(|(k, w)| {
                        let c = r.get(k).unwrap_or(&Cell::Empty);
                        let right = matches!(c, Cell::Number(..) | Cell::Integer(_));
                        cell(cell_text(c), *w, right, false, i)
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_TWIPS, WidthType::Dxa)
}

fn picture(c: &ReportChart) -> Paragraph {
    let (w, h) = (c.size.width_px, c.size.height_px);
    let pic = Pic::new_with_dimensions(c.png.clone(), w, h).size(
        (c.size.width_mm() * EMU_PER_MM) as u32,
        (c.size.height_mm() * EMU_PER_MM) as u32,
    );
    Paragraph::new()
        .align(AlignmentType::Center)
        .keep_next(true)
        .add_run(Run::new().add_image(pic))
}

/// The report as `.docx` bytes.
pub fn docx_bytes(report: &Report) -> Result<Vec<u8>, ReportError> {
    let mut doc = styles(Docx::new())
        .page_size(A4_TWIPS.0, A4_TWIPS.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TWIPS)
                .bottom(MARGIN_TWIPS)
                .left(MARGIN_TWIPS)
                .right(MARGIN_TWIPS)
                .header(720)
                .footer(720),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        )
        .created_at("2026-01-01T00:00:00Z")
        .updated_at("2026-01-01T00:00:00Z");
    doc = doc.add_paragraph(para(TITLE, &report.title));
    for line in &report.subtitle {
        doc = doc.add_paragraph(para(SUBTITLE, line));
    }
    for s in &report.sections {
        doc = doc.add_paragraph(para(HEADING1, &s.heading).keep_next(true));
        for b in &s.blocks {
            doc = match b {
                Block::Text(t) => doc.add_paragraph(para(NORMAL, t)),
                Block::Subheading(t) => doc.add_paragraph(para(HEADING2, t).keep_next(true)),
                Block::Table(t) => doc
                    .add_paragraph(para(CAPTION, &t.caption).keep_next(true))
                    .add_table(table(t))
                    .add_paragraph(Paragraph::new().style(NORMAL)),
                Block::Chart(c) => doc
                    .add_paragraph(picture(c))
                    .add_paragraph(para(CAPTION, &c.caption).align(AlignmentType::Center)),
            };
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| ReportError::Write(e.to_string()))?;
    Ok(out.into_inner())
}
