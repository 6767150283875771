//! Charts drawn headlessly as PNG images: the one chart module of the
//! report, the command line (`report --charts DIR`) and, later, the app's
//! "save chart as PNG". No window and no GUI library: `plotters` draws into
//! a pixel buffer with the CJK font shipped in `assets/fonts`, and the
//! image is encoded as PNG with its resolution, so a word processor places
//! it at the size it was drawn for.
//!
//! Three kinds of chart, each a plain description drawn by one function:
//!
//! * [`LineChart`] → [`line_png`]: lines over a numeric x axis (years),
//!   each with an optional band (a 90 % interval, say) shaded behind it;
//! * [`BarChart`] → [`bar_png`]: stacked bars by category (spending by
//!   source and year);
//! * [`Tornado`] → [`tornado_png`]: horizontal bars from a base value to
//!   the output at each lever's low and high.
//!
//! Every chart has a title, axes with ticks, the unit of the y axis (or of
//! the x axis of a tornado) written above it, and a legend in a strip of
//! its own below the plot, so it never covers data. Sizes are given in
//! points at a resolution ([`ChartSize`]): the default is the text width of
//! an A4 page (16 cm) at 200 dpi.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::series::LineSeries as PlotLine;
use plotters::style::FontStyle;
use std::sync::OnceLock;

/// The CJK font charts (and the app) draw with: Noto Sans SC, GB2312
/// subset, under the SIL Open Font License (`assets/fonts/OFL.txt`).
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-subset.otf");

/// The family name the font is registered under.
const FAMILY: &str = "talent-planner-cjk";

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The shipped font could not be read (a broken build).
    #[error("the chart font cannot be read")]
    Font,
    /// Drawing failed.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    /// PNG encoding failed.
    #[error("cannot encode the chart as PNG: {0}")]
    Encode(String),
    /// The chart has nothing to draw, or a size too small or too large.
    #[error("the chart {0}")]
    Shape(&'static str),
}

fn draw_err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Draw(format!("{e:?}"))
}

/// Registers the shipped font once per process.
fn font() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, CJK_FONT).is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// The shipped font, read once, for metrics and glyph coverage.
fn glyphs() -> Option<&'static ab_glyph::FontRef<'static>> {
    static FONT: OnceLock<Option<ab_glyph::FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| ab_glyph::FontRef::try_from_slice(CJK_FONT).ok())
        .as_ref()
}

/// Whether the shipped font has a glyph for every character of `text`
/// (spaces aside): a chart or a report checks its texts with this so that
/// no character is drawn as an empty box.
#[must_use]
pub fn font_covers(text: &str) -> bool {
    use ab_glyph::Font;
    let Some(f) = glyphs() else { return false };
    text.chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| f.glyph_id(c).0 != 0)
}

/// Width in pixels of `text` at `px` pixels a font size.
fn text_width(text: &str, px: f64) -> f64 {
    use ab_glyph::{Font, ScaleFont};
    let Some(f) = glyphs() else { return 0.0 };
    let f = f.as_scaled(px as f32);
    let mut w = 0.0_f32;
    let mut prev = None;
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            w += f.kern(p, id);
        }
        w += f.h_advance(id);
        prev = Some(id);
    }
    f64::from(w)
}

/// Where a text is anchored horizontally.
#[derive(Clone, Copy)]
enum Anchor {
    Left,
    Right,
}

/// Draws `text` at `px` pixels from `(x, y)` (its left or right end; the
/// baseline half an em below `y`), one character at a time at its advance and side bearing: the
/// text drawing of the font backend places each glyph without its side
/// bearing, which spaces CJK text unevenly.
fn draw_str<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    px: f64,
    anchor: Anchor,
) -> Result<(), ChartError> {
    use ab_glyph::{Font, ScaleFont};
    let Some(font) = glyphs() else {
        return Err(ChartError::Font);
    };
    let scaled = font.as_scaled(px as f32);
    let style = (FAMILY, px).into_font().color(&BLACK);
    let width = text_width(text, px);
    let mut pen = match anchor {
        Anchor::Left => f64::from(x),
        Anchor::Right => f64::from(x) - width,
    } as f32;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        prev = Some(id);
        if !c.is_whitespace() {
            let bearing = scaled
                .outline_glyph(scaled.scaled_glyph(c))
                .map_or(0.0, |o| o.px_bounds().min.x);
            let mut buf = [0u8; 4];
            area.draw_text(
                c.encode_utf8(&mut buf),
                &style,
                ((pen + bearing).round() as i32, y),
            )
            .map_err(draw_err)?;
        }
        pen += scaled.h_advance(id);
    }
    Ok(())
}

/// Pixel size and resolution of a chart image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartSize {
    /// Width, pixels.
    pub width_px: u32,
    /// Height, pixels.
    pub height_px: u32,
    /// Dots per inch the image is meant to be printed at.
    pub dpi: u32,
}

/// Millimetres per inch.
const MM_PER_INCH: f64 = 25.4;

impl ChartSize {
    /// Text width of an A4 page with 25 mm margins, millimetres.
    pub const A4_TEXT_WIDTH_MM: f64 = 160.0;
    /// Resolution of the report's charts.
    pub const REPORT_DPI: u32 = 200;

    /// A chart `width_mm` × `height_mm` at `dpi`.
    #[must_use]
    pub fn mm(width_mm: f64, height_mm: f64, dpi: u32) -> Self {
        let px = |mm: f64| (mm / MM_PER_INCH * f64::from(dpi)).round().max(1.0) as u32;
        Self {
            width_px: px(width_mm),
            height_px: px(height_mm),
            dpi,
        }
    }

    /// The report's size: the A4 text width, `height_mm` high, at 200 dpi.
    #[must_use]
    pub fn a4_text(height_mm: f64) -> Self {
        Self::mm(Self::A4_TEXT_WIDTH_MM, height_mm, Self::REPORT_DPI)
    }

    /// Width in millimetres at the chart's resolution.
    #[must_use]
    pub fn width_mm(&self) -> f64 {
        f64::from(self.width_px) / f64::from(self.dpi) * MM_PER_INCH
    }

    /// Height in millimetres at the chart's resolution.
    #[must_use]
    pub fn height_mm(&self) -> f64 {
        f64::from(self.height_px) / f64::from(self.dpi) * MM_PER_INCH
    }

    /// Pixels of a length in points (1/72 inch) at this resolution.
    fn pt(&self, points: f64) -> f64 {
        points * f64::from(self.dpi) / 72.0
    }

    fn check(&self) -> Result<(), ChartError> {
        let ok = (200..=8000).contains(&self.width_px)
            && (150..=8000).contains(&self.height_px)
            && (50..=1200).contains(&self.dpi);
        if ok {
            Ok(())
        } else {
            Err(ChartError::Shape(
                "size is outside 200–8000 × 150–8000 pixels or 50–1200 dpi",
            ))
        }
    }
}

/// One line of a [`LineChart`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineSeries {
    /// Name in the legend.
    pub name: String,
    /// Points `(x, y)` in x order.
    pub points: Vec<(f64, f64)>,
    /// A band `(x, low, high)` shaded behind the line, in x order.
    pub band: Option<Vec<(f64, f64, f64)>>,
    /// Name of the band in the legend (e.g. "90 % band").
    pub band_name: String,
    /// Draw the line dashed (a second reading of the same quantity).
    pub dashed: bool,
    /// Palette colour (index); `None`: the series' position. Two readings
    /// of one quantity share a colour.
    pub palette: Option<usize>,
}

/// A horizontal reference line of a [`LineChart`] (a target level).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LevelLine {
    /// Name in the legend.
    pub name: String,
    /// The y value.
    pub y: f64,
}

/// Lines over a numeric x axis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    /// Title above the chart.
    pub title: String,
    /// Description of the x axis (e.g. "年份").
    pub x_label: String,
    /// Unit of the y axis, written above it (e.g. "人", "万元", "%").
    pub y_unit: String,
    /// The lines, drawn in order.
    pub series: Vec<LineSeries>,
    /// Reference levels drawn as dotted lines.
    pub levels: Vec<LevelLine>,
    /// The y axis starts at 0 (counts, money).
    pub y_from_zero: bool,
    /// Tick labels of the x axis as whole numbers (years).
    pub x_whole: bool,
}

/// One stacked part of a [`BarChart`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarSeries {
    /// Name in the legend.
    pub name: String,
    /// One value per category (negative values are drawn as 0).
    pub values: Vec<f64>,
}

/// Stacked bars by category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    /// Title above the chart.
    pub title: String,
    /// Category names along the x axis.
    pub categories: Vec<String>,
    /// Unit of the y axis, written above it.
    pub y_unit: String,
    /// The stacked parts, bottom first.
    pub series: Vec<BarSeries>,
    /// A line drawn across the bars (e.g. the funding), with its legend name.
    pub line: Option<BarSeries>,
}

/// One bar of a [`Tornado`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TornadoBar {
    /// Name of the lever or assumption.
    pub label: String,
    /// The output with the lever at its low.
    pub at_low: f64,
    /// The output with the lever at its high.
    pub at_high: f64,
}

/// A tornado: how far each lever moves one output, largest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tornado {
    /// Title above the chart.
    pub title: String,
    /// Unit of the output, written above the x axis.
    pub x_unit: String,
    /// The output in the base plan (where the bars start).
    pub base: f64,
    /// Bars, drawn top to bottom.
    pub bars: Vec<TornadoBar>,
    /// Legend name of the bars at the lever's low.
    pub low_name: String,
    /// Legend name of the bars at the lever's high.
    pub high_name: String,
    /// Legend name of the base line.
    pub base_name: String,
}

/// Colours of series, in order (colour-blind safe, Okabe–Ito).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(120, 120, 120),
];

/// Colour of an unfunded share or a shortfall.
const ALERT: RGBColor = RGBColor(200, 40, 40);

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// An entry of the legend strip.
enum Swatch {
    Line(RGBColor, bool),
    Band(RGBColor),
    Block(RGBColor),
    Dotted(RGBColor),
}

/// The pixel buffer of a chart and what it is drawn with.
struct Canvas {
    size: ChartSize,
    buf: Vec<u8>,
}

impl Canvas {
    fn new(size: ChartSize) -> Result<Self, ChartError> {
        size.check()?;
        font()?;
        let len = size.width_px as usize * size.height_px as usize * 3;
        Ok(Self {
            size,
            buf: vec![255; len],
        })
    }

    fn png(self) -> Result<Vec<u8>, ChartError> {
        encode_png(&self.buf, self.size)
    }
}

/// Text of `points` size in the chart font.
fn text(size: ChartSize, points: f64) -> TextStyle<'static> {
    (FAMILY, size.pt(points)).into_font().color(&BLACK)
}

/// A part of the bitmap being drawn.
type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// Splits the chart into title, plot and legend strip; draws the title and
/// the unit; returns the plot area and the legend area.
fn frame<'a>(
    root: &Area<'a>,
    size: ChartSize,
    title: &str,
    unit: &str,
    legend_rows: usize,
) -> Result<(Area<'a>, Area<'a>), ChartError> {
    root.fill(&WHITE).map_err(draw_err)?;
    let title_h = size.pt(24.0) as u32;
    let legend_h = (size.pt(16.0) * legend_rows as f64 + size.pt(6.0)) as u32;
    let (top, rest) = root.split_vertically(title_h);
    let (plot, legend) = rest.split_vertically(size.height_px.saturating_sub(title_h + legend_h));
    draw_str(
        &top,
        title,
        (size.pt(8.0) as i32, size.pt(3.0) as i32),
        size.pt(11.0),
        Anchor::Left,
    )?;
    if !unit.is_empty() {
        draw_str(
            &top,
            unit,
            (size.pt(8.0) as i32, size.pt(15.0) as i32),
            size.pt(8.5),
            Anchor::Left,
        )?;
    }
    Ok((plot, legend))
}

/// Draws the legend entries in rows across the strip.
fn legend(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    size: ChartSize,
    entries: &[(String, Swatch)],
) -> Result<(), ChartError> {
    let left = size.pt(40.0) as i32;
    let (mut x, mut y) = (left, size.pt(3.0) as i32);
    let swatch_w = size.pt(18.0) as i32;
    let row_h = size.pt(16.0) as i32;
    let h = size.pt(8.0) as i32;
    for (name, swatch) in entries {
        let tw = text_width(name, size.pt(8.5)).ceil() as i32;
        let entry_w = swatch_w + size.pt(4.0) as i32 + tw + size.pt(14.0) as i32;
        if x > left && x + entry_w > size.width_px as i32 {
            x = left;
            y += row_h;
        }
        let mid = y + h / 2 + size.pt(2.0) as i32;
        match swatch {
            Swatch::Line(c, dashed) => {
                let stroke = size.pt(1.5) as u32;
                if *dashed {
                    let dash = swatch_w / 4;
                    for k in [0, 2] {
                        area.draw(&PathElement::new(
                            vec![(x + k * dash, mid), (x + (k + 1) * dash, mid)],
                            c.stroke_width(stroke),
                        ))
                        .map_err(draw_err)?;
                    }
                } else {
                    area.draw(&PathElement::new(
                        vec![(x, mid), (x + swatch_w, mid)],
                        c.stroke_width(stroke),
                    ))
                    .map_err(draw_err)?;
                }
            }
            Swatch::Dotted(c) => {
                let step = (swatch_w / 6).max(1);
                for k in (0..6).step_by(2) {
                    area.draw(&PathElement::new(
                        vec![(x + k * step, mid), (x + (k + 1) * step, mid)],
                        c.stroke_width(size.pt(1.2) as u32),
                    ))
                    .map_err(draw_err)?;
                }
            }
            Swatch::Band(c) => {
                area.draw(&Rectangle::new(
                    [(x, mid - h / 2), (x + swatch_w, mid + h / 2)],
                    c.mix(0.25).filled(),
                ))
                .map_err(draw_err)?;
            }
            Swatch::Block(c) => {
                area.draw(&Rectangle::new(
                    [(x, mid - h / 2), (x + swatch_w, mid + h / 2)],
                    c.filled(),
                ))
                .map_err(draw_err)?;
            }
        }
        draw_str(
            area,
            name,
            (
                x + swatch_w + size.pt(4.0) as i32,
                mid - (0.12 * size.pt(8.5)) as i32,
            ),
            size.pt(8.5),
            Anchor::Left,
        )?;
        x += entry_w;
    }
    Ok(())
}

/// Rows the legend strip needs for `names` (an estimate from their length).
fn legend_rows(size: ChartSize, names: &[&str]) -> usize {
    let avail = f64::from(size.width_px) - size.pt(40.0);
    let mut rows = 1;
    let mut x = 0.0;
    for n in names {
        let w = size.pt(18.0 + 4.0 + 14.0) + text_width(n, size.pt(8.5)).ceil();
        if x > 0.0 && x + w > avail {
            rows += 1;
            x = 0.0;
        }
        x += w;
    }
    rows
}

/// A range with a little room above (and below, when not from 0).
fn padded(lo: f64, hi: f64, from_zero: bool) -> (f64, f64) {
    let (lo, hi) = if from_zero {
        (lo.min(0.0), hi.max(0.0))
    } else {
        (lo, hi)
    };
    let span = (hi - lo).abs().max(hi.abs() * 0.1).max(1e-9);
    let top = hi + span * 0.08;
    let bottom = if from_zero && lo >= 0.0 {
        0.0
    } else {
        lo - span * 0.08
    };
    (bottom, top)
}

/// Tick label of a value on an axis spanning `span`.
fn tick(v: f64, span: f64) -> String {
    if span >= 20.0 || (v - v.round()).abs() < 1e-9 && span >= 5.0 {
        format!("{v:.0}")
    } else if span >= 2.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Draws a [`LineChart`] and returns the PNG.
pub fn line_png(chart: &LineChart, size: ChartSize) -> Result<Vec<u8>, ChartError> {
    let points = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| (p.0, p.1)));
    let bands = chart.series.iter().flat_map(|s| {
        s.band
            .iter()
            .flatten()
            .flat_map(|b| [(b.0, b.1), (b.0, b.2)])
    });
    let levels = chart.levels.iter().map(|l| (f64::NAN, l.y));
    let all: Vec<(f64, f64)> = points
        .chain(bands)
        .chain(levels)
        .filter(|p| p.1.is_finite())
        .collect();
    let xs: Vec<f64> = all.iter().map(|p| p.0).filter(|x| x.is_finite()).collect();
    if xs.is_empty() {
        return Err(ChartError::Shape("has no points"));
    }
    let (x0, x1) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let (y0, y1) = all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    let (y0, y1) = padded(y0, y1, chart.y_from_zero);
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    // Whole years from the first to the last: every year gets its tick.
    let (x0, x1) = if chart.x_whole {
        (x0.floor(), x1.ceil().max(x0.floor() + 1.0))
    } else {
        (x0, x1)
    };

    let pick = |i: usize, s: &LineSeries| colour(s.palette.unwrap_or(i));
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    for (i, s) in chart.series.iter().enumerate() {
        if s.band.is_some() && !s.band_name.is_empty() {
            entries.push((s.band_name.clone(), Swatch::Band(pick(i, s))));
        }
        entries.push((s.name.clone(), Swatch::Line(pick(i, s), s.dashed)));
    }
    for l in &chart.levels {
        entries.push((l.name.clone(), Swatch::Dotted(ALERT)));
    }
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    let rows = legend_rows(size, &names);

    let mut canvas = Canvas::new(size)?;
    {
        let root = BitMapBackend::with_buffer(&mut canvas.buf, (size.width_px, size.height_px))
            .into_drawing_area();
        let (plot, legend_area) = frame(&root, size, &chart.title, &chart.y_unit, rows)?;
        let mut ctx = ChartBuilder::on(&plot)
            .margin_right(size.pt(14.0) as u32)
            .margin_top(size.pt(6.0) as u32)
            .x_label_area_size(size.pt(26.0) as u32)
            .y_label_area_size(size.pt(40.0) as u32)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(draw_err)?;
        let span = y1 - y0;
        let x_whole = chart.x_whole;
        let x_fmt = move |x: &f64| {
            if x_whole {
                format!("{}", x.round() as i64)
            } else {
                tick(*x, x1 - x0)
            }
        };
        let y_fmt = move |y: &f64| tick(*y, span);
        let x_ticks = if x_whole {
            ((x1 - x0).round() as usize + 1).clamp(2, 16)
        } else {
            10
        };
        ctx.configure_mesh()
            .x_labels(x_ticks)
            .y_labels(8)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text(size, 8.5))
            .max_light_lines(1)
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(215, 215, 215))
            .set_all_tick_mark_size(size.pt(3.0) as u32)
            .draw()
            .map_err(draw_err)?;
        for (i, s) in chart.series.iter().enumerate() {
            if let Some(band) = &s.band {
                let mut poly: Vec<(f64, f64)> = band.iter().map(|b| (b.0, b.2)).collect();
                poly.extend(band.iter().rev().map(|b| (b.0, b.1)));
                ctx.draw_series(std::iter::once(Polygon::new(
                    poly,
                    pick(i, s).mix(0.22).filled(),
                )))
                .map_err(draw_err)?;
            }
        }
        for l in &chart.levels {
            let step = (x1 - x0) / 80.0;
            let dashes = (0..80).step_by(2).map(|k| {
                let a = x0 + step * k as f64;
                PathElement::new(
                    vec![(a, l.y), ((a + step).min(x1), l.y)],
                    ALERT.stroke_width(size.pt(1.2) as u32),
                )
            });
            ctx.draw_series(dashes).map_err(draw_err)?;
        }
        for (i, s) in chart.series.iter().enumerate() {
            let style = pick(i, s).stroke_width(size.pt(1.6) as u32);
            if s.dashed {
                // Every other segment: a dash, a gap.
                let segs = s
                    .points
                    .windows(2)
                    .step_by(2)
                    .map(|w| PathElement::new(vec![w[0], w[1]], style));
                ctx.draw_series(segs).map_err(draw_err)?;
            } else {
                ctx.draw_series(PlotLine::new(s.points.iter().copied(), style))
                    .map_err(draw_err)?;
            }
        }
        if !chart.x_label.is_empty() {
            let (px, py) = ctx.backend_coord(&(x1, y0));
            draw_str(
                &root,
                &chart.x_label,
                (px, py + size.pt(14.0) as i32),
                size.pt(8.5),
                Anchor::Right,
            )?;
        }
        legend(&legend_area, size, &entries)?;
        root.present().map_err(draw_err)?;
    }
    canvas.png()
}

/// The segment after category `k` of `n`: the next one, or the end.
fn segment_end(k: usize, n: usize) -> SegmentValue<u32> {
    if k + 1 >= n {
        SegmentValue::Last
    } else {
        SegmentValue::Exact(k as u32 + 1)
    }
}

/// Draws a [`BarChart`] and returns the PNG.
pub fn bar_png(chart: &BarChart, size: ChartSize) -> Result<Vec<u8>, ChartError> {
    let n = chart.categories.len();
    if n == 0 || chart.series.is_empty() {
        return Err(ChartError::Shape("has no bars"));
    }
    let totals: Vec<f64> = (0..n)
        .map(|k| {
            chart
                .series
                .iter()
                .map(|s| s.values.get(k).copied().unwrap_or(0.0).max(0.0))
                .filter(|v| v.is_finite())
                .sum()
        })
        .collect();
    let line_max = chart
        .line
        .iter()
        .flat_map(|l| l.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let top = totals.iter().copied().fold(line_max, f64::max);
    let (_, y1) = padded(0.0, top.max(1e-9), true);

    let mut entries: Vec<(String, Swatch)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), Swatch::Block(bar_colour(chart, i))))
        .collect();
    if let Some(l) = &chart.line {
        entries.push((l.name.clone(), Swatch::Line(BLACK_ISH, false)));
    }
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    let rows = legend_rows(size, &names);

    let mut canvas = Canvas::new(size)?;
    {
        let root = BitMapBackend::with_buffer(&mut canvas.buf, (size.width_px, size.height_px))
            .into_drawing_area();
        let (plot, legend_area) = frame(&root, size, &chart.title, &chart.y_unit, rows)?;
        let cats = chart.categories.clone();
        let mut ctx = ChartBuilder::on(&plot)
            .margin_right(size.pt(14.0) as u32)
            .margin_top(size.pt(6.0) as u32)
            .x_label_area_size(size.pt(20.0) as u32)
            .y_label_area_size(size.pt(40.0) as u32)
            .build_cartesian_2d((0..n as u32 - 1).into_segmented(), 0.0..y1)
            .map_err(draw_err)?;
        let x_fmt = move |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(i) => cats.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        let y_fmt = move |y: &f64| tick(*y, y1);
        ctx.configure_mesh()
            .disable_x_mesh()
            .x_labels(n + 1)
            .y_labels(8)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text(size, 8.5))
            .max_light_lines(1)
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(215, 215, 215))
            .set_all_tick_mark_size(size.pt(3.0) as u32)
            .draw()
            .map_err(draw_err)?;
        let slot_px = f64::from(size.width_px) / (n as f64 + 1.0);
        let gap = (slot_px * 0.15).max(1.0) as u32;
        let mut base = vec![0.0_f64; n];
        for (i, s) in chart.series.iter().enumerate() {
            let c = bar_colour(chart, i);
            let bars = (0..n).filter_map(|k| {
                let v = s.values.get(k).copied().unwrap_or(0.0);
                if !v.is_finite() || v <= 0.0 {
                    return None;
                }
                let (lo, hi) = (base[k], base[k] + v);
                base[k] = hi;
                let mut r = Rectangle::new(
                    [(SegmentValue::Exact(k as u32), lo), (segment_end(k, n), hi)],
                    c.filled(),
                );
                r.set_margin(0, 0, gap, gap);
                Some(r)
            });
            let bars: Vec<_> = bars.collect();
            ctx.draw_series(bars).map_err(draw_err)?;
        }
        if let Some(l) = &chart.line {
            let pts: Vec<(SegmentValue<u32>, f64)> = l
                .values
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(k, v)| (SegmentValue::CenterOf(k as u32), *v))
                .collect();
            ctx.draw_series(PlotLine::new(
                pts.clone(),
                BLACK_ISH.stroke_width(size.pt(1.6) as u32),
            ))
            .map_err(draw_err)?;
            ctx.draw_series(
                pts.into_iter()
                    .map(|p| Circle::new(p, size.pt(2.2) as u32, BLACK_ISH.filled())),
            )
            .map_err(draw_err)?;
        }
        legend(&legend_area, size, &entries)?;
        root.present().map_err(draw_err)?;
    }
    canvas.png()
}

/// The line colour drawn over bars.
const BLACK_ISH: RGBColor = RGBColor(40, 40, 40);

/// A bar series' colour: the palette, but red for the last series when the
/// chart marks it as a shortfall (named like the unfunded part).
fn bar_colour(chart: &BarChart, i: usize) -> RGBColor {
    if i + 1 == chart.series.len() && chart.series.len() > 1 && is_shortfall(&chart.series[i].name)
    {
        ALERT
    } else {
        colour(i)
    }
}

/// Names of a shortfall series in both languages.
fn is_shortfall(name: &str) -> bool {
    name.contains("无经费") || name.contains("超出") || name.to_lowercase().contains("unfunded")
}

/// Draws a [`Tornado`] and returns the PNG.
pub fn tornado_png(chart: &Tornado, size: ChartSize) -> Result<Vec<u8>, ChartError> {
    let n = chart.bars.len();
    if n == 0 {
        return Err(ChartError::Shape("has no bars"));
    }
    let vals = chart
        .bars
        .iter()
        .flat_map(|b| [b.at_low, b.at_high])
        .chain(std::iter::once(chart.base))
        .filter(|v| v.is_finite());
    let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (x0, x1) = padded(lo, hi, false);
    let entries = vec![
        (chart.low_name.clone(), Swatch::Block(colour(0))),
        (chart.high_name.clone(), Swatch::Block(colour(1))),
        (chart.base_name.clone(), Swatch::Line(BLACK_ISH, false)),
    ];
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    let rows = legend_rows(size, &names);
    let longest = chart
        .bars
        .iter()
        .map(|b| {
            b.label
                .chars()
                .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
                .sum::<f64>()
        })
        .fold(4.0, f64::max);
    let label_w = (size.pt(8.5) * longest + size.pt(12.0)).min(f64::from(size.width_px) * 0.45);

    let mut canvas = Canvas::new(size)?;
    {
        let root = BitMapBackend::with_buffer(&mut canvas.buf, (size.width_px, size.height_px))
            .into_drawing_area();
        let (plot, legend_area) = frame(&root, size, &chart.title, &chart.x_unit, rows)?;
        let labels: Vec<String> = chart.bars.iter().map(|b| b.label.clone()).collect();
        let mut ctx = ChartBuilder::on(&plot)
            .margin_right(size.pt(14.0) as u32)
            .margin_top(size.pt(6.0) as u32)
            .x_label_area_size(size.pt(20.0) as u32)
            .y_label_area_size(label_w as u32)
            .build_cartesian_2d(x0..x1, (0..n as u32 - 1).into_segmented())
            .map_err(draw_err)?;
        // The lever names are drawn below, each beside its bar.
        let y_fmt = |_: &SegmentValue<u32>| String::new();
        let span = x1 - x0;
        let x_fmt = move |x: &f64| tick(*x, span);
        ctx.configure_mesh()
            .disable_y_mesh()
            .y_labels(n + 1)
            .x_labels(8)
            .y_label_formatter(&y_fmt)
            .x_label_formatter(&x_fmt)
            .label_style(text(size, 8.5))
            .max_light_lines(1)
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(215, 215, 215))
            .set_all_tick_mark_size(size.pt(3.0) as u32)
            .draw()
            .map_err(draw_err)?;
        let slot_px = f64::from(plot.dim_in_pixel().1) / (n as f64 + 1.0);
        let gap = (slot_px * 0.18).max(1.0) as u32;
        let mut rects = Vec::new();
        for (k, b) in chart.bars.iter().enumerate() {
            let row = (n - 1 - k) as u32;
            for (v, c) in [(b.at_low, colour(0)), (b.at_high, colour(1))] {
                if !v.is_finite() {
                    continue;
                }
                let mut r = Rectangle::new(
                    [
                        (chart.base.min(v), SegmentValue::Exact(row)),
                        (chart.base.max(v), segment_end(row as usize, n)),
                    ],
                    c.filled(),
                );
                r.set_margin(gap, gap, 0, 0);
                rects.push(r);
            }
        }
        ctx.draw_series(rects).map_err(draw_err)?;
        // The first bar on top: bar k sits in row n − 1 − k.
        for (k, label) in labels.iter().enumerate() {
            let row = (n - 1 - k) as u32;
            let (px, py) = ctx.backend_coord(&(x0, SegmentValue::CenterOf(row)));
            draw_str(
                &root,
                label,
                (px - size.pt(6.0) as i32, py - (0.12 * size.pt(8.5)) as i32),
                size.pt(8.5),
                Anchor::Right,
            )?;
        }
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![
                (chart.base, SegmentValue::Exact(0)),
                (chart.base, SegmentValue::Last),
            ],
            BLACK_ISH.stroke_width(size.pt(1.4) as u32),
        )))
        .map_err(draw_err)?;
        legend(&legend_area, size, &entries)?;
        root.present().map_err(draw_err)?;
    }
    canvas.png()
}

/// Encodes an RGB buffer as PNG with its resolution (pHYs, pixels per metre).
fn encode_png(rgb: &[u8], size: ChartSize) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, size.width_px, size.height_px);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Balanced);
        let per_metre = (f64::from(size.dpi) / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut w = enc
            .write_header()
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        w.write_image_data(rgb)
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        w.finish().map_err(|e| ChartError::Encode(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png_bytes: &[u8]) -> (png::OutputInfo, Vec<u8>, Option<png::PixelDimensions>) {
        let dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = dec.read_info().unwrap();
        let dims = reader.info().pixel_dims;
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info, buf, dims)
    }

    /// Share of pixels that are not white.
    fn inked(rgb: &[u8]) -> f64 {
        let px = rgb
            .chunks_exact(3)
            .filter(|p| p != &[255, 255, 255])
            .count();
        px as f64 / (rgb.len() / 3) as f64
    }

    fn years_chart() -> LineChart {
        let pts: Vec<(f64, f64)> = (0..=10)
            .map(|k| (2026.0 + k as f64, 35.0 + 2.0 * k as f64))
            .collect();
        LineChart {
            title: "在岗社工（人）".into(),
            x_label: "年份".into(),
            y_unit: "人".into(),
            series: vec![LineSeries {
                name: "期望值预测".into(),
                band: Some(pts.iter().map(|p| (p.0, p.1 - 3.0, p.1 + 3.0)).collect()),
                band_name: "90% 区间".into(),
                points: pts,
                dashed: false,
                palette: None,
            }],
            levels: vec![LevelLine {
                name: "目标".into(),
                y: 50.0,
            }],
            y_from_zero: true,
            x_whole: true,
        }
    }

    #[test]
    fn a_line_chart_is_a_png_at_the_report_resolution_with_ink() {
        let size = ChartSize::a4_text(80.0);
        assert!(size.width_px >= 945, "150 dpi at 16 cm is 945 px");
        let bytes = line_png(&years_chart(), size).unwrap();
        let (info, rgb, dims) = decode(&bytes);
        assert_eq!((info.width, info.height), (size.width_px, size.height_px));
        let d = dims.unwrap();
        assert_eq!(d.unit, png::Unit::Meter);
        assert_eq!(d.xppu, 7874, "200 dpi");
        let ink = inked(&rgb);
        assert!(ink > 0.03 && ink < 0.6, "ink {ink}");
        // Same description, same bytes.
        assert_eq!(line_png(&years_chart(), size).unwrap(), bytes);
    }

    #[test]
    fn the_legend_strip_lies_below_the_plot() {
        // Draw the chart with and without its legend names: only the
        // bottom strip may differ.
        let size = ChartSize::a4_text(80.0);
        let mut quiet = years_chart();
        quiet.series[0].name = String::new();
        quiet.series[0].band_name = String::new();
        quiet.levels[0].name = String::new();
        let (_, a, _) = decode(&line_png(&years_chart(), size).unwrap());
        let (_, b, _) = decode(&line_png(&quiet, size).unwrap());
        let row = size.width_px as usize * 3;
        let first_diff = a
            .chunks(row)
            .zip(b.chunks(row))
            .position(|(x, y)| x != y)
            .unwrap();
        let legend_top = size.height_px as f64 - size.pt(16.0 + 6.0);
        assert!(
            first_diff as f64 >= legend_top - 2.0,
            "legend text drawn at row {first_diff}, above the strip at {legend_top}"
        );
    }

    #[test]
    fn bars_and_tornado_draw() {
        let size = ChartSize::a4_text(70.0);
        let bars = BarChart {
            title: "年度支出（按经费来源）".into(),
            categories: (2026..=2035).map(|y| y.to_string()).collect(),
            y_unit: "万元".into(),
            series: vec![
                BarSeries {
                    name: "中央财政".into(),
                    values: vec![100.0; 10],
                },
                BarSeries {
                    name: "无经费来源".into(),
                    values: (0..10).map(|k| k as f64 * 5.0).collect(),
                },
            ],
            line: Some(BarSeries {
                name: "本年经费".into(),
                values: vec![120.0; 10],
            }),
        };
        let (_, rgb, _) = decode(&bar_png(&bars, size).unwrap());
        assert!(inked(&rgb) > 0.1);
        // The unfunded part is drawn in the alert colour.
        assert!(rgb.chunks_exact(3).any(|p| p == [200, 40, 40]));
        let t = Tornado {
            title: "持证比例".into(),
            x_unit: "%".into(),
            base: 60.0,
            bars: vec![
                TornadoBar {
                    label: "本土人才单科通过率".into(),
                    at_low: 50.0,
                    at_high: 70.0,
                },
                TornadoBar {
                    label: "pay".into(),
                    at_low: 58.0,
                    at_high: 61.0,
                },
            ],
            low_name: "取低值".into(),
            high_name: "取高值".into(),
            base_name: "基准".into(),
        };
        let (_, rgb, _) = decode(&tornado_png(&t, size).unwrap());
        assert!(inked(&rgb) > 0.05);
        assert!(rgb.chunks_exact(3).any(|p| p == [0, 114, 178]));
        assert!(rgb.chunks_exact(3).any(|p| p == [230, 159, 0]));
    }

    #[test]
    fn empty_or_absurd_charts_are_refused() {
        let size = ChartSize::a4_text(70.0);
        assert!(line_png(&LineChart::default(), size).is_err());
        assert!(bar_png(&BarChart::default(), size).is_err());
        assert!(tornado_png(&Tornado::default(), size).is_err());
        let huge = ChartSize {
            width_px: 100_000,
            height_px: 100,
            dpi: 200,
        };
        assert!(line_png(&years_chart(), huge).is_err());
    }

    #[test]
    fn the_font_covers_chinese_labels_and_reports_what_it_lacks() {
        assert!(font_covers("在岗社工 持证比例 万元 90% 区间 2030年"));
        assert!(!font_covers("\u{1F600}"));
    }
}
