//! Every character the app can show from shipped texts (the interface in
//! both languages, MODEL.md rendered in Help, the default county and the
//! example files) has a glyph in the fonts the app installs, so nothing is
//! drawn as a blank box on a machine without Chinese fonts.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;
use talent_planner::app::install_fonts;
use talent_planner::present::i18n::{EN, ZH};

/// Characters of `text` the installed fonts cannot draw.
fn missing(ctx: &egui::Context, text: &str) -> BTreeSet<char> {
    let font = egui::FontId::proportional(14.0);
    ctx.fonts_mut(|f| {
        text.chars()
            .filter(|c| !c.is_control() && *c != '\u{feff}')
            .filter(|c| !f.has_glyph(&font, *c))
            .collect()
    })
}

fn context() -> egui::Context {
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    // Fonts added to a context take effect with the next pass.
    let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
    // No renderer here: the font atlas upload is dropped on purpose.
    out.textures_delta.clear();
    ctx
}

#[test]
fn interface_texts_have_glyphs_in_both_languages() {
    let ctx = context();
    for (key, text) in ZH.iter().chain(EN.iter()) {
        let gaps = missing(&ctx, text);
        assert!(gaps.is_empty(), "`{key}`: no glyph for {gaps:?}");
    }
}

#[test]
fn shipped_files_have_glyphs() {
    let ctx = context();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("MODEL.md"),
        root.join("assets/default_county.ron"),
    ];
    for entry in std::fs::read_dir(root.join("saves")).unwrap() {
        let path = entry.unwrap().path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("ron" | "csv")
        ) {
            files.push(path);
        }
    }
    let mut checked = 0;
    for path in &files {
        // GBK examples are shown after decoding, like the app does.
        let bytes = std::fs::read(path).unwrap();
        let (text, _, _) = encoding_rs::UTF_8.decode(&bytes);
        let text = if text.contains('\u{fffd}') {
            encoding_rs::GBK.decode(&bytes).0
        } else {
            text
        };
        let gaps = missing(&ctx, &text);
        assert!(gaps.is_empty(), "{}: no glyph for {gaps:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} files checked");
}

#[test]
fn a_character_outside_the_fonts_is_reported() {
    // The check itself must be able to fail: a rare CJK Extension B character.
    let ctx = context();
    assert_eq!(
        missing(&ctx, "乡镇\u{20000}"),
        BTreeSet::from(['\u{20000}'])
    );
}
