//! The charts' colours: one per key prefix, as Dask's `color_of` gives each prefix one entry of
//! an 18-colour viridis palette, and one per task state, the same the page's stylesheet uses.
//!
//! Colours only; knows nothing of what is drawn with them.

use plotters::prelude::{RGBColor, ViridisRGB};

/// Task states and their colours, as the dashboard's graph draws them and `www/style.css`
/// names them (`--state-<name>`).
pub const STATE_COLOURS: [(&str, &str); 8] = [
    ("released", "#1f5fd6"),
    ("waiting", "#8c8c8c"),
    ("no-worker", "#d62728"),
    ("queued", "#e6c619"),
    ("processing", "#2ca02c"),
    ("memory", "#c0392b"),
    ("erred", "#000000"),
    ("forgotten", "#d5dae1"),
];

/// The colour of a task state by its Dask name; grey for a name it does not know.
pub fn state_colour(name: &str) -> RGBColor {
    let hex = STATE_COLOURS.iter().find(|(n, _)| *n == name).map_or("#8c8c8c", |(_, c)| c);
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0x8c);
    RGBColor(byte(1), byte(3), byte(5))
}

/// Palette size of Dask's `color_of` (`viridis(18)`).
const PALETTE: u32 = 18;

/// The same colour for the same prefix on every page load and every machine: a stable hash
/// of the name (FNV-1a) picks one of 18 evenly spaced viridis colours.
pub fn prefix_colour(prefix: &str) -> RGBColor {
    let hash = prefix.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193));
    ViridisRGB::get_color_normalized((hash % PALETTE) as f32, 0.0, (PALETTE - 1) as f32)
}

/// `#rrggbb`, for HTML legends.
pub fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}
