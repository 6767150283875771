//! What the status bar says about the renderer in use.

/// What the status bar says about the renderer: its name, and in the tooltip
/// the adapter and the renderers that failed before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RendererNote {
    /// e.g. `wgpu · Vulkan` or `OpenGL (glow)`.
    pub label: String,
    /// The graphics adapter, when the renderer names it.
    pub adapter: Option<String>,
    /// Renderers that failed first: name and message.
    pub failed: Vec<(String, String)>,
}
