//! A chart on screen written as a PNG image: the window's next frame is
//! captured (egui's screenshot of the viewport), the chart's area cut out
//! at the screen's pixel density, encoded and written whole (the one safe
//! write). The capture arrives on the renderer's side, so the outcome is
//! left for the app to pick up on a later frame.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

/// Where a requested image was written, or why it was not.
pub type PngOutcome = Result<PathBuf, String>;

/// The outcome of a requested capture, filled in when it arrives.
#[derive(Debug, Clone, Default)]
pub struct PendingPng(Arc<Mutex<Option<PngOutcome>>>);

impl PendingPng {
    /// The outcome, once it has arrived (taken once).
    pub fn take(&self) -> Option<PngOutcome> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    fn set(&self, outcome: PngOutcome) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
    }
}

/// The pixels of `image` inside `rect` (in points, at `pixels_per_point`),
/// cut to the image's bounds; `None` when nothing of it is inside.
#[must_use]
pub fn crop(
    image: &egui::ColorImage,
    rect: egui::Rect,
    pixels_per_point: f32,
) -> Option<egui::ColorImage> {
    let [w, h] = image.size;
    let to_px = |v: f32, max: usize| ((v * pixels_per_point).round().max(0.0) as usize).min(max);
    let (x0, x1) = (to_px(rect.min.x, w), to_px(rect.max.x, w));
    let (y0, y1) = (to_px(rect.min.y, h), to_px(rect.max.y, h));
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let mut pixels = Vec::with_capacity((x1 - x0) * (y1 - y0));
    for row in y0..y1 {
        pixels.extend_from_slice(image.pixels.get(row * w + x0..row * w + x1)?);
    }
    Some(egui::ColorImage::new([x1 - x0, y1 - y0], pixels))
}

/// `image` encoded as a PNG file (8-bit RGBA).
pub fn encode(image: &egui::ColorImage) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let [w, h] = image.size;
    let mut encoder = png::Encoder::new(&mut out, w as u32, h as u32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|c| c.to_srgba_unmultiplied())
        .collect();
    writer.write_image_data(&bytes)?;
    writer.finish()?;
    Ok(out)
}

/// Asks for a capture of the next frame and writes `rect` of it to
/// `path`; the outcome appears in the returned [`PendingPng`].
pub fn request(ctx: &egui::Context, rect: egui::Rect, path: PathBuf) -> PendingPng {
    let pending = PendingPng::default();
    let out = pending.clone();
    let ppp = ctx.pixels_per_point();
    let wake = ctx.clone();
    ctx.request_screenshot(move |image| {
        let result = crop(&image, rect, ppp)
            .ok_or_else(|| "the chart is not on screen".to_string())
            .and_then(|img| encode(&img).map_err(|e| e.to_string()))
            .and_then(|bytes| {
                crate::exchange::safe_write::write_bytes(&path, &bytes)
                    .map_err(|e| format!("{e:#}"))
            })
            .map(|()| path);
        out.set(result);
        wake.request_repaint();
    });
    pending
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_area_is_cut_at_the_pixel_density_and_reads_back_as_png() {
        let mut image = egui::ColorImage::filled([40, 30], egui::Color32::WHITE);
        // A red block where the chart is: points (5,5)–(10,10) at 2 px a point.
        for y in 10..20 {
            for x in 10..20 {
                image.pixels[y * 40 + x] = egui::Color32::RED;
            }
        }
        let rect = egui::Rect::from_min_max(egui::pos2(5.0, 5.0), egui::pos2(10.0, 10.0));
        let cut = crop(&image, rect, 2.0).unwrap();
        assert_eq!(cut.size, [10, 10]);
        assert!(cut.pixels.iter().all(|c| *c == egui::Color32::RED));
        let bytes = encode(&cut).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (10, 10));
        // Partly outside: cut to the image; wholly outside: nothing.
        let beyond = egui::Rect::from_min_max(egui::pos2(15.0, 10.0), egui::pos2(99.0, 99.0));
        assert_eq!(crop(&image, beyond, 2.0).unwrap().size, [10, 10]);
        let outside = egui::Rect::from_min_max(egui::pos2(50.0, 50.0), egui::pos2(60.0, 60.0));
        assert!(crop(&image, outside, 2.0).is_none());
    }
}
