//! Help: the user guide (in the interface language) and the model
//! specification (MODEL.md), drawn as formatted text in a window that stays
//! below the menu bar, inside the screen, scrolls and can be resized.

use crate::present::i18n::Lang;
use std::sync::OnceLock;

/// The user guide in Chinese.
pub const GUIDE_ZH: &str = include_str!("../../docs/guide.zh.md");

/// The user guide in English.
pub const GUIDE_EN: &str = include_str!("../../docs/guide.en.md");

/// The model specification shown under Help (written in English).
pub const MODEL_DOC: &str = include_str!("../../MODEL.md");

/// A document of the Help menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpDoc {
    /// The user guide.
    Guide,
    /// The model specification.
    Model,
}

impl HelpDoc {
    /// The window's title key in the glossary.
    #[must_use]
    pub fn title_key(self) -> &'static str {
        match self {
            HelpDoc::Guide => "menu.guide",
            HelpDoc::Model => "menu.model_doc",
        }
    }

    /// The markdown text shown, in `lang` where it is translated, with its
    /// code blocks as lines of code (see [`code_blocks_as_lines`]).
    #[must_use]
    pub fn text(self, lang: Lang) -> &'static str {
        static MODEL: OnceLock<String> = OnceLock::new();
        match (self, lang) {
            (HelpDoc::Guide, Lang::Zh) => GUIDE_ZH,
            (HelpDoc::Guide, Lang::En) => GUIDE_EN,
            (HelpDoc::Model, _) => MODEL.get_or_init(|| code_blocks_as_lines(MODEL_DOC)),
        }
    }
}

/// Rewrites fenced code blocks as lines of inline code joined by hard line
/// breaks. The renderer draws a block with a copy button whose icon none of
/// the app's fonts has (it would show as a box); lines of code read the same.
#[must_use]
pub fn code_blocks_as_lines(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_block = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            out.push('\n');
            continue;
        }
        if in_block {
            // Leading spaces as no-break spaces keep the indentation; a
            // longer fence than any run of backticks inside keeps the line whole.
            let indent = line.len() - line.trim_start().len();
            let code = format!("{}{}", "\u{a0}".repeat(indent), line.trim_start());
            let fence = "`".repeat(longest_backtick_run(&code) + 1);
            if code.trim().is_empty() {
                out.push_str("\u{a0}  \n");
            } else {
                out.push_str(&format!("{fence} {code} {fence}  \n"));
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The longest run of backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// The Help window: which document is open and the renderer's cache.
#[derive(Default)]
pub struct HelpWindow {
    /// The document shown, None while the window is closed.
    pub open: Option<HelpDoc>,
    cache: egui_commonmark::CommonMarkCache,
}

impl HelpWindow {
    /// Draws the window inside `area` (the screen below the menu bar).
    pub fn show(&mut self, ctx: &egui::Context, area: egui::Rect, lang: Lang) {
        let Some(doc) = self.open else {
            return;
        };
        let mut open = true;
        let size = egui::vec2(
            (area.width() * 0.9).min(820.0),
            (area.height() * 0.9).min(900.0),
        );
        egui::Window::new(lang.t(doc.title_key()))
            .id(egui::Id::unique("help_window"))
            .open(&mut open)
            .constrain_to(area)
            .default_pos(area.center() - size / 2.0)
            .default_size(size)
            .max_size(area.size())
            .resizable(true)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt(("help_scroll", doc.title_key(), lang.t("app.title")))
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        egui_commonmark::CommonMarkViewer::new().show(
                            ui,
                            &mut self.cache,
                            doc.text(lang),
                        );
                    });
            });
        if !open {
            self.open = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_become_lines_of_code_and_other_text_stays() {
        let md = "Text\n```ron\ntargets: (\n    by_year: Some(2030), // `x`\n)\n```\nAfter";
        let out = code_blocks_as_lines(md);
        assert!(!out.contains("```ron"), "{out}");
        assert!(
            out.contains("`` \u{a0}\u{a0}\u{a0}\u{a0}by_year: Some(2030), // `x` ``  \n"),
            "{out}"
        );
        assert!(out.contains("` targets: ( `  \n"), "{out}");
        assert!(
            out.starts_with("Text\n") && out.ends_with("After\n"),
            "{out}"
        );
    }

    #[test]
    fn the_model_specification_has_no_code_block_left() {
        let text = HelpDoc::Model.text(Lang::Zh);
        assert!(!text.lines().any(|l| l.trim_start().starts_with("```")));
        assert!(text.contains("all_stations_at_norm"));
    }
}
