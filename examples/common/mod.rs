//! What the frame-time examples share.

/// Prints the count, mean, median, 95th percentile and maximum of frame
/// times in milliseconds (sorts `v`).
pub fn stats(name: &str, v: &mut [f64]) {
    v.sort_by(f64::total_cmp);
    let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
    let p = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name}: {} frames, mean {mean:.2} ms, median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        v.len(),
        p(0.5),
        p(0.95),
        p(1.0)
    );
}
