//! Opening the window: which renderer draws it, and its icon, title, first
//! size and place.
//!
//! Office machines in county governments often have old graphics drivers,
//! run in virtual machines or are reached over remote desktop, where the
//! graphics API wgpu picks first (Direct3D 12 on Windows, Vulkan on Linux)
//! may not start. [`run`] tries the renderers one after the other
//! ([`next_attempt`]) until one opens the window. When wgpu loses its device
//! while the app runs, unsaved work goes to the recovery file and the window
//! opens again with the next renderer: in the same process when wgpu reports
//! the loss, in a new one with glow when the renderer stops the program
//! (egui's wgpu renderer panics on a lost device). The status bar names the
//! renderer in use ([`RendererNote`]).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use eframe::egui_wgpu::{WgpuSetup, WgpuSetupCreateNew};
use eframe::wgpu;

use super::{APP_ID, TalentApp};
use crate::cli::Renderer;

/// Environment variable choosing the renderer when `--renderer` is not given
/// (`auto`, `wgpu`, `dx12`, `vulkan`, `gl` or `glow`).
pub const ENV_RENDERER: &str = "TALENT_PLANNER_RENDERER";

/// Set by the program for the copy of itself it starts with glow after wgpu
/// stopped it: which renderer failed and why, for the status bar.
pub const ENV_RENDERER_LOST: &str = "TALENT_PLANNER_RENDERER_LOST";

/// The window icon (also the icon of the Linux package).
const ICON_PNG: &[u8] = include_bytes!("../../assets/icon/talent-planner.png");

/// The window title before the app names the open file (the Chinese name:
/// the taskbar shows it while the first frame is drawn).
const FIRST_TITLE: &str = "社工人才规划";

/// The smallest window the panels are laid out for, points.
const MIN_INNER_SIZE_POINTS: egui::Vec2 = egui::vec2(800.0, 500.0);

/// Room the window frame takes beyond the drawn area (borders; title bar),
/// points: Windows 10 and 11 draw a title bar of about 31 points and
/// borders of about 8, Linux desktops similar or less.
const FRAME_POINTS: egui::Vec2 = egui::vec2(16.0, 40.0);

/// Where a Linux desktop keeps its panel or dock (not known to the app
/// before the window exists): the height taken from the monitor, points.
const PANEL_ALLOWANCE_POINTS: f32 = 48.0;

/// Share of the work area a first window takes in each direction.
const FIRST_WINDOW_SHARE: f32 = 0.92;

/// A graphics API wgpu can draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// Direct3D 12 (Windows).
    Dx12,
    /// Vulkan.
    Vulkan,
    /// OpenGL (OpenGL ES through EGL or WGL).
    Gl,
}

impl Api {
    /// The APIs worth trying on this platform, in order of preference.
    #[must_use]
    pub fn for_platform() -> &'static [Api] {
        if cfg!(windows) {
            &[Api::Dx12, Api::Vulkan, Api::Gl]
        } else {
            &[Api::Vulkan, Api::Gl]
        }
    }

    /// Its name as users and drivers know it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Api::Dx12 => "Direct3D 12",
            Api::Vulkan => "Vulkan",
            Api::Gl => "OpenGL",
        }
    }

    fn backends(self) -> wgpu::Backends {
        match self {
            Api::Dx12 => wgpu::Backends::DX12,
            Api::Vulkan => wgpu::Backends::VULKAN,
            Api::Gl => wgpu::Backends::GL,
        }
    }

    fn of_backend(backend: wgpu::Backend) -> Option<Api> {
        match backend {
            wgpu::Backend::Dx12 => Some(Api::Dx12),
            wgpu::Backend::Vulkan => Some(Api::Vulkan),
            wgpu::Backend::Gl => Some(Api::Gl),
            _ => None,
        }
    }
}

/// One way of drawing the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// wgpu on one graphics API, or (`None`) on the one it picks.
    Wgpu(Option<Api>),
    /// eframe's OpenGL renderer.
    Glow,
}

impl Attempt {
    /// A short name for messages and the status bar.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Attempt::Wgpu(Some(api)) => format!("wgpu · {}", api.name()),
            Attempt::Wgpu(None) => "wgpu".to_string(),
            Attempt::Glow => "OpenGL (glow)".to_string(),
        }
    }
}

/// A renderer that could not draw the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was tried.
    pub attempt: Attempt,
    /// The graphics API wgpu had picked, when it got as far as picking one.
    pub api: Option<Api>,
    /// What went wrong.
    pub message: String,
}

impl Failure {
    /// The renderer and API that failed, e.g. `wgpu · Direct3D 12`.
    #[must_use]
    pub fn label(&self) -> String {
        match (self.attempt, self.api) {
            (Attempt::Wgpu(None), Some(api)) => Attempt::Wgpu(Some(api)).label(),
            (attempt, _) => attempt.label(),
        }
    }
}

/// The renderer to try next, after `failures` (in the order they happened),
/// or `None` when nothing is left.
///
/// A forced choice is tried once. `auto` starts with wgpu's own pick; when
/// that fails after picking an API, wgpu is tried on each other API of
/// `apis`; when wgpu found no adapter at all, another API will not find one
/// either. The last resort is glow.
#[must_use]
pub fn next_attempt(choice: Renderer, failures: &[Failure], apis: &[Api]) -> Option<Attempt> {
    let forced = match choice {
        Renderer::Auto => None,
        Renderer::Wgpu => Some(Attempt::Wgpu(None)),
        Renderer::Dx12 => Some(Attempt::Wgpu(Some(Api::Dx12))),
        Renderer::Vulkan => Some(Attempt::Wgpu(Some(Api::Vulkan))),
        Renderer::Gl => Some(Attempt::Wgpu(Some(Api::Gl))),
        Renderer::Glow => Some(Attempt::Glow),
    };
    if let Some(attempt) = forced {
        return failures.is_empty().then_some(attempt);
    }
    let Some(first) = failures.first() else {
        return Some(Attempt::Wgpu(None));
    };
    let tried = |api: Api| {
        failures
            .iter()
            .any(|f| f.api == Some(api) || f.attempt == Attempt::Wgpu(Some(api)))
    };
    let glow_tried = failures.iter().any(|f| f.attempt == Attempt::Glow);
    let wgpu_found_adapter = first.api.is_some();
    let other_api = apis.iter().copied().find(|&api| !tried(api));
    match other_api {
        Some(api) if wgpu_found_adapter => Some(Attempt::Wgpu(Some(api))),
        _ => (!glow_tried).then_some(Attempt::Glow),
    }
}

/// The renderer choice: `--renderer` if given, else [`ENV_RENDERER`], else
/// `auto`. An unknown value of the variable is reported and ignored.
#[must_use]
pub fn renderer_choice(forced: Option<Renderer>, var: impl Fn(&str) -> Option<String>) -> Renderer {
    use clap::ValueEnum as _;
    if let Some(r) = forced {
        return r;
    }
    let Some(value) = var(ENV_RENDERER) else {
        return Renderer::Auto;
    };
    match Renderer::from_str(value.trim(), true) {
        Ok(r) => r,
        Err(_) => {
            eprintln!(
                "warning: {ENV_RENDERER}={value} is not a renderer (auto, wgpu, dx12, vulkan, gl, glow); using auto"
            );
            Renderer::Auto
        }
    }
}

pub use crate::present::renderer::RendererNote;

/// Size and place of a window opened for the first time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Size of the drawn area, points.
    pub inner_size: egui::Vec2,
    /// Top-left corner of the window frame, points.
    pub outer_position: egui::Pos2,
}

/// Where a first window goes inside `work_area` (the screen less taskbar and
/// panels, points): most of it, frame included, centred; never smaller than
/// the panels need unless the screen is smaller still.
#[must_use]
pub fn first_placement(work_area: egui::Rect) -> Placement {
    let room = (work_area.size() - FRAME_POINTS).max(egui::Vec2::ZERO);
    let wanted = (work_area.size() * FIRST_WINDOW_SHARE).min(room);
    let inner_size = wanted.max(MIN_INNER_SIZE_POINTS.min(room)).floor();
    let outer = inner_size + FRAME_POINTS;
    let outer_position =
        (work_area.min + ((work_area.size() - outer) * 0.5).max(egui::Vec2::ZERO)).floor();
    Placement {
        inner_size,
        outer_position,
    }
}

/// The primary monitor's work area (without the taskbar), points at 100 %.
#[cfg(windows)]
fn work_area() -> Option<egui::Rect> {
    use windows_sys::Win32::Foundation::RECT;
    use windows_sys::Win32::UI::HiDpi::GetDpiForSystem;
    use windows_sys::Win32::UI::WindowsAndMessaging::{SPI_GETWORKAREA, SystemParametersInfoW};
    let mut rect = RECT {
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
    };
    // SAFETY: SPI_GETWORKAREA writes one RECT through the pointer, which
    // points at a live RECT; GetDpiForSystem takes nothing.
    let (ok, dpi) = unsafe {
        (
            SystemParametersInfoW(SPI_GETWORKAREA, 0, (&raw mut rect).cast(), 0),
            GetDpiForSystem(),
        )
    };
    // Pixels scale with the system DPI when the process is DPI-aware and not
    // otherwise; dividing by the DPI the process is told gives points either way.
    let points_per_pixel = 96.0 / dpi.max(1) as f32;
    let area = egui::Rect::from_min_max(
        egui::pos2(rect.left as f32, rect.top as f32) * points_per_pixel,
        egui::pos2(rect.right as f32, rect.bottom as f32) * points_per_pixel,
    );
    (ok != 0 && area.width() > 0.0 && area.height() > 0.0).then_some(area)
}

/// Outside Windows the work area is not known before the window exists; the
/// first frame sizes the window from its monitor instead.
#[cfg(not(windows))]
fn work_area() -> Option<egui::Rect> {
    None
}

/// A double-click on the Windows program opens a console window beside the
/// app; when the console is the program's own (not a command prompt's), it
/// is let go so only the app's window remains.
#[cfg(windows)]
fn release_own_console() {
    use windows_sys::Win32::System::Console::{FreeConsole, GetConsoleProcessList};
    let mut ids = [0u32; 2];
    // SAFETY: the list has room for the two ids asked for.
    let attached = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), 2) };
    if attached == 1 {
        // SAFETY: no handle of the console is held across this call.
        unsafe { FreeConsole() };
    }
}

#[cfg(not(windows))]
fn release_own_console() {}

/// A program started from one without a console would open a console
/// window of its own on Windows.
#[cfg(windows)]
fn without_console_window(command: &mut std::process::Command) {
    use std::os::windows::process::CommandExt as _;
    use windows_sys::Win32::System::Console::GetConsoleWindow;
    /// The process creation flag of that name (0x08000000).
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    // SAFETY: takes nothing, returns a handle or null.
    if unsafe { GetConsoleWindow() }.is_null() {
        command.creation_flags(CREATE_NO_WINDOW);
    }
}

#[cfg(not(windows))]
fn without_console_window(_command: &mut std::process::Command) {}

/// A device loss or a wgpu error reported while the window is open.
type LostSlot = Arc<Mutex<Option<String>>>;

fn report_lost(slot: &LostSlot, message: String) {
    if let Ok(mut lost) = slot.lock()
        && lost.is_none()
    {
        *lost = Some(message);
    }
}

fn take_lost(slot: &LostSlot) -> Option<String> {
    slot.lock().ok().and_then(|mut lost| lost.take())
}

/// The app in its window: closes the window when the renderer loses its
/// device, and sizes a first window to its monitor where the work area was
/// not known in advance.
struct Shell {
    app: TalentApp,
    lost: LostSlot,
    /// Where the open document is read again after the renderer stopped the
    /// program: the file, unless it has unsaved changes (then the recovery
    /// file holds them and the app offers it).
    reopen: Arc<Mutex<Option<PathBuf>>>,
    /// Whether the first frame still has to check the window's size and place.
    fit_pending: bool,
    /// eframe brought back the size and place the window was left at.
    remembered: bool,
    /// The work area, when known before the window exists (Windows).
    work_area: Option<egui::Rect>,
    closing: bool,
}

impl Shell {
    /// Sizes a first window from its monitor where the work area was not
    /// known in advance, and brings a remembered window that no longer fits
    /// the screen (it was left on a larger one) back inside it.
    fn fit_window(&mut self, ctx: &egui::Context) {
        let (monitor, outer, maximized) = ctx.input(|i| {
            let v = i.viewport();
            (v.monitor_size, v.outer_rect, v.maximized == Some(true))
        });
        let Some(monitor) = monitor.filter(|m| m.x > 0.0 && m.y > 0.0) else {
            return;
        };
        self.fit_pending = false;
        if maximized {
            return;
        }
        // Points now, with the zoom the app set; the work area was measured at 100 %.
        let zoom = ctx.zoom_factor();
        let area = match self.work_area {
            Some(area) => egui::Rect::from_min_max(area.min / zoom, area.max / zoom),
            None => egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                monitor - egui::vec2(0.0, PANEL_ALLOWANCE_POINTS / zoom),
            ),
        };
        // Windows counts invisible resize borders of up to 8 pixels in the frame.
        let fits = outer.is_some_and(|o| area.expand(8.0).contains_rect(o));
        if self.remembered && (fits || outer.is_none()) {
            return;
        }
        if !self.remembered && self.work_area.is_some() {
            // Placed before the window existed.
            return;
        }
        let placement = first_placement(area);
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(placement.inner_size));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(
            placement.outer_position,
        ));
    }

    /// Unsaved work goes to the recovery file, which the app offers when it
    /// opens again; a saved document is opened again from its file.
    fn keep_work(&mut self) {
        self.app.autosave(f64::INFINITY);
        if let Ok(mut reopen) = self.reopen.lock() {
            let doc = self.app.doc();
            *reopen = doc.path.clone().filter(|_| !doc.dirty);
        }
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.keep_work();
        }
    }
}

impl eframe::App for Shell {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        self.app.logic(ctx, frame);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if self.closing {
            return;
        }
        if self.lost.lock().is_ok_and(|lost| lost.is_some()) {
            // The app is not asked: it would hold the close back for its
            // unsaved-changes prompt.
            self.keep_work();
            self.closing = true;
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if self.fit_pending {
            self.fit_window(ui.ctx());
        }
        self.app.ui(ui, frame);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.app.save(storage);
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        self.app.on_exit(gl);
    }

    fn auto_save_interval(&self) -> std::time::Duration {
        self.app.auto_save_interval()
    }

    fn persist_egui_memory(&self) -> bool {
        self.app.persist_egui_memory()
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        self.app.clear_color(visuals)
    }
}

/// Window options for one attempt; `picked` learns the API wgpu picks.
fn native_options(
    attempt: Attempt,
    placement: Option<Placement>,
    picked: &Arc<Mutex<Option<Api>>>,
) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(FIRST_TITLE)
        .with_min_inner_size(MIN_INNER_SIZE_POINTS)
        .with_drag_and_drop(true)
        .with_app_id(APP_ID);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    viewport = match placement {
        Some(p) => viewport
            .with_inner_size(p.inner_size)
            .with_position(p.outer_position),
        None => viewport.with_inner_size([1280.0, 720.0]),
    };
    let mut options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        ..Default::default()
    };
    match attempt {
        Attempt::Glow => options.renderer = eframe::Renderer::Glow,
        Attempt::Wgpu(api) => {
            options.renderer = eframe::Renderer::Wgpu;
            let mut setup = WgpuSetupCreateNew::without_display_handle();
            if let Some(api) = api {
                setup.instance_descriptor.backends = api.backends();
            }
            let describe = Arc::clone(&setup.device_descriptor);
            let picked = Arc::clone(picked);
            setup.device_descriptor = Arc::new(move |adapter: &wgpu::Adapter| {
                if let Ok(mut p) = picked.lock() {
                    *p = Api::of_backend(adapter.get_info().backend);
                }
                describe(adapter)
            });
            options.wgpu_options.wgpu_setup = WgpuSetup::CreateNew(setup);
        }
    }
    options
}

/// True for errors of the renderer (the next one may work), false for
/// errors of the windowing system or the app.
fn renderer_error(err: &eframe::Error) -> bool {
    matches!(
        err,
        eframe::Error::Wgpu(_)
            | eframe::Error::Glutin(_)
            | eframe::Error::NoGlutinConfigs(..)
            | eframe::Error::OpenGL(_)
    )
}

/// What the status bar says of the renderer that opened the window.
fn note_for(
    attempt: Attempt,
    cc: &eframe::CreationContext<'_>,
    failures: &[Failure],
) -> RendererNote {
    let (label, adapter) = match &cc.wgpu_render_state {
        Some(state) => {
            let info = state.adapter.get_info();
            let label = match Api::of_backend(info.backend) {
                Some(api) => Attempt::Wgpu(Some(api)).label(),
                None => format!("wgpu · {:?}", info.backend),
            };
            (label, Some(info.name))
        }
        None => (attempt.label(), None),
    };
    RendererNote {
        label,
        adapter,
        failed: failures
            .iter()
            .map(|f| (f.label(), f.message.clone()))
            .collect(),
    }
}

/// Reports device losses and wgpu errors to `lost` instead of stopping the
/// program (wgpu's default for an error nobody catches).
fn watch_device(cc: &eframe::CreationContext<'_>, lost: &LostSlot) {
    let Some(state) = &cc.wgpu_render_state else {
        return;
    };
    let ctx = cc.egui_ctx.clone();
    let slot = Arc::clone(lost);
    state
        .device
        .set_device_lost_callback(move |reason, message| {
            if reason == wgpu::DeviceLostReason::Unknown {
                report_lost(&slot, format!("device lost: {message}"));
                ctx.request_repaint();
            }
        });
    let ctx = cc.egui_ctx.clone();
    let slot = Arc::clone(lost);
    state
        .device
        .on_uncaptured_error(Arc::new(move |err: wgpu::Error| {
            eprintln!("wgpu error: {err}");
            report_lost(&slot, err.to_string());
            ctx.request_repaint();
        }));
}

/// The message of the last panic raised inside wgpu or egui's wgpu renderer.
static RENDERER_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Notes panics raised inside the wgpu stack (by their source file), so that
/// [`run`] can tell a renderer that stopped from a fault of the app.
fn watch_renderer_panics() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.location().is_some_and(|l| l.file().contains("wgpu"))
            && let Ok(mut last) = RENDERER_PANIC.lock()
        {
            let message = info
                .payload()
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| info.payload().downcast_ref::<&str>().copied())
                .unwrap_or("panic");
            *last = Some(message.to_string());
        }
        report(info);
    }));
}

/// Starts the program again with glow after wgpu stopped it, on the
/// document it had open (or the recovery file), and waits for it.
fn restart_with_glow(failure: &Failure, reopen: Option<PathBuf>) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let mut command = std::process::Command::new(exe);
    command.args(["--renderer", "glow"]).env(
        ENV_RENDERER_LOST,
        format!("{}: {}", failure.label(), failure.message),
    );
    without_console_window(&mut command);
    match reopen {
        Some(path) => command.env(super::ENV_FILE, path),
        None => command.env_remove(super::ENV_FILE),
    };
    let status = command.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(anyhow::anyhow!("the app stopped ({status})"))
    }
}

/// Failures the program was restarted after (see [`ENV_RENDERER_LOST`]).
fn inherited_failures(var: impl Fn(&str) -> Option<String>) -> Vec<Failure> {
    var(ENV_RENDERER_LOST)
        .map(|message| Failure {
            attempt: Attempt::Wgpu(None),
            api: None,
            message,
        })
        .into_iter()
        .collect()
}

/// How one window ended.
enum Ended {
    /// The user closed it.
    Closed,
    /// The renderer could not open it.
    NotOpened(String),
    /// The renderer failed while it was open: its message, and the saved
    /// document to open again.
    Lost(String, Option<PathBuf>),
}

/// Opens the window once with `attempt`; `failures` are named in the status bar.
fn open_window(
    attempt: Attempt,
    file: Option<PathBuf>,
    work_area: Option<egui::Rect>,
    failures: Vec<Failure>,
    picked: &Arc<Mutex<Option<Api>>>,
) -> anyhow::Result<Ended> {
    let lost: LostSlot = Arc::new(Mutex::new(None));
    let reopen = Arc::new(Mutex::new(None));
    let options = native_options(attempt, work_area.map(first_placement), picked);
    let (shell_lost, shell_reopen) = (Arc::clone(&lost), Arc::clone(&reopen));
    let creator: eframe::AppCreator<'_> = Box::new(move |cc| {
        watch_device(cc, &shell_lost);
        // eframe keeps the last size and place under this key.
        let remembered = cc.storage.and_then(|s| s.get_string("window")).is_some();
        let mut app = TalentApp::new(cc, file);
        app.set_renderer_note(note_for(attempt, cc, &failures));
        Ok(Box::new(Shell {
            app,
            lost: shell_lost,
            reopen: shell_reopen,
            fit_pending: true,
            remembered,
            work_area,
            closing: false,
        }))
    });
    let run = std::panic::AssertUnwindSafe(|| eframe::run_native(APP_ID, options, creator));
    let result = match std::panic::catch_unwind(run) {
        Ok(result) => result,
        Err(panic) => match RENDERER_PANIC.lock().ok().and_then(|mut p| p.take()) {
            Some(message) if attempt != Attempt::Glow => {
                report_lost(&lost, message);
                Ok(())
            }
            _ => std::panic::resume_unwind(panic),
        },
    };
    let reopened = || reopen.lock().ok().and_then(|mut r| r.take());
    match result {
        Ok(()) => Ok(match take_lost(&lost) {
            Some(message) => Ended::Lost(message, reopened()),
            None => Ended::Closed,
        }),
        Err(err) if renderer_error(&err) => Ok(Ended::NotOpened(err.to_string())),
        Err(err) => Err(anyhow::anyhow!("cannot open the window: {err}")),
    }
}

/// Opens the desktop app on `file` (or the default county) and keeps it open
/// with the first renderer that works; `forced` is the `--renderer` switch.
pub fn run(file: Option<PathBuf>, forced: Option<Renderer>) -> anyhow::Result<()> {
    release_own_console();
    watch_renderer_panics();
    let var = |k: &str| std::env::var(k).ok();
    let choice = renderer_choice(forced, var);
    let work_area = work_area();
    // Shown in the status bar; not counted by `next_attempt`, which starts afresh.
    let inherited = inherited_failures(var);
    let mut failures: Vec<Failure> = Vec::new();
    while let Some(attempt) = next_attempt(choice, &failures, Api::for_platform()) {
        let picked = Arc::new(Mutex::new(None));
        let shown = [inherited.clone(), failures.clone()].concat();
        let ended = open_window(attempt, file.clone(), work_area, shown, &picked)?;
        let api = picked.lock().ok().and_then(|p| *p);
        match ended {
            Ended::Closed => return Ok(()),
            Ended::NotOpened(message) => {
                let failure = Failure {
                    attempt,
                    api,
                    message,
                };
                eprintln!(
                    "warning: the window could not be drawn with {}: {}",
                    failure.label(),
                    failure.message
                );
                failures.push(failure);
            }
            // The window system may not take another window after a panic
            // went through it, nor the app's start-up settings a changed
            // document: a new process opens the window with glow.
            Ended::Lost(message, reopen) => {
                let failure = Failure {
                    attempt,
                    api,
                    message,
                };
                eprintln!(
                    "warning: {} failed while the app was open: {}; starting again with OpenGL (glow)",
                    failure.label(),
                    failure.message
                );
                return restart_with_glow(&failure, reopen);
            }
        }
    }
    let tried: Vec<String> = failures
        .iter()
        .map(|f| format!("{}: {}", f.label(), f.message))
        .collect();
    Err(anyhow::anyhow!(
        "cannot open the window with any renderer ({}); try --renderer glow",
        tried.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(attempt: Attempt, api: Option<Api>) -> Failure {
        Failure {
            attempt,
            api,
            message: "Parent device is lost".to_string(),
        }
    }

    const WINDOWS: &[Api] = &[Api::Dx12, Api::Vulkan, Api::Gl];
    const LINUX: &[Api] = &[Api::Vulkan, Api::Gl];

    #[test]
    fn auto_falls_back_through_the_other_apis_then_glow() {
        let mut failures = Vec::new();
        let mut order = Vec::new();
        while let Some(a) = next_attempt(Renderer::Auto, &failures, WINDOWS) {
            order.push(a);
            // wgpu's own pick is Direct3D 12; every attempt fails.
            let api = match a {
                Attempt::Wgpu(None) => Some(Api::Dx12),
                Attempt::Wgpu(api) => api,
                Attempt::Glow => None,
            };
            failures.push(failed(a, api));
        }
        assert_eq!(
            order,
            vec![
                Attempt::Wgpu(None),
                Attempt::Wgpu(Some(Api::Vulkan)),
                Attempt::Wgpu(Some(Api::Gl)),
                Attempt::Glow,
            ]
        );
    }

    #[test]
    fn auto_goes_to_glow_when_wgpu_finds_no_adapter() {
        let failures = vec![failed(Attempt::Wgpu(None), None)];
        assert_eq!(
            next_attempt(Renderer::Auto, &failures, LINUX),
            Some(Attempt::Glow)
        );
    }

    #[test]
    fn auto_skips_an_api_that_found_no_adapter() {
        let failures = vec![
            failed(Attempt::Wgpu(None), Some(Api::Vulkan)),
            failed(Attempt::Wgpu(Some(Api::Gl)), None),
        ];
        assert_eq!(
            next_attempt(Renderer::Auto, &failures, LINUX),
            Some(Attempt::Glow)
        );
        let more = [failures, vec![failed(Attempt::Glow, None)]].concat();
        assert_eq!(next_attempt(Renderer::Auto, &more, LINUX), None);
    }

    #[test]
    fn a_forced_renderer_is_tried_once() {
        assert_eq!(
            next_attempt(Renderer::Glow, &[], WINDOWS),
            Some(Attempt::Glow)
        );
        assert_eq!(
            next_attempt(Renderer::Dx12, &[], WINDOWS),
            Some(Attempt::Wgpu(Some(Api::Dx12)))
        );
        let failures = vec![failed(Attempt::Wgpu(Some(Api::Vulkan)), Some(Api::Vulkan))];
        assert_eq!(next_attempt(Renderer::Vulkan, &failures, LINUX), None);
    }

    #[test]
    fn the_switch_wins_over_the_variable_and_unknown_values_mean_auto() {
        let var = |v: &'static str| move |k: &str| (k == ENV_RENDERER).then(|| v.to_string());
        assert_eq!(renderer_choice(None, var("glow")), Renderer::Glow);
        assert_eq!(renderer_choice(None, var(" DX12 ")), Renderer::Dx12);
        assert_eq!(
            renderer_choice(Some(Renderer::Gl), var("glow")),
            Renderer::Gl
        );
        assert_eq!(renderer_choice(None, var("direct3d")), Renderer::Auto);
        assert_eq!(renderer_choice(None, |_| None), Renderer::Auto);
    }

    #[test]
    fn a_failure_names_the_api_wgpu_picked() {
        let f = failed(Attempt::Wgpu(None), Some(Api::Dx12));
        assert_eq!(f.label(), "wgpu · Direct3D 12");
        assert_eq!(failed(Attempt::Glow, None).label(), "OpenGL (glow)");
    }

    /// The window frame a placement asks for, points.
    fn outer_rect(p: Placement) -> egui::Rect {
        egui::Rect::from_min_size(p.outer_position, p.inner_size + FRAME_POINTS)
    }

    #[test]
    fn a_first_window_fits_a_small_laptop_work_area() {
        // 1366 × 768 at 100 % with a 40-pixel taskbar at the bottom.
        let area = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1366.0, 728.0));
        let p = first_placement(area);
        assert!(area.contains_rect(outer_rect(p)), "{p:?}");
        assert!(p.inner_size.x >= 1200.0 && p.inner_size.y >= 640.0, "{p:?}");
    }

    #[test]
    fn a_first_window_is_large_on_a_full_hd_screen() {
        // 1920 × 1080 at 125 % (1536 × 864 points), taskbar 48 pixels.
        let area = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1536.0, 825.6));
        let p = first_placement(area);
        assert!(area.contains_rect(outer_rect(p)), "{p:?}");
        assert!(p.inner_size.x >= 1400.0 && p.inner_size.y >= 740.0, "{p:?}");
        // 1920 × 1080 at 100 %, taskbar on the left.
        let area = egui::Rect::from_min_max(egui::pos2(62.0, 0.0), egui::pos2(1920.0, 1080.0));
        let p = first_placement(area);
        assert!(area.contains_rect(outer_rect(p)), "{p:?}");
        assert!(p.inner_size.x >= 1700.0 && p.inner_size.y >= 990.0, "{p:?}");
    }

    /// The app over the default county with `note`, in `language`.
    fn harness_with(
        note: RendererNote,
        language: super::super::i18n::Lang,
    ) -> egui_kittest::Harness<'static, TalentApp> {
        let scenario = crate::model::io::default_scenario().unwrap();
        let prefs = super::super::Preferences {
            language,
            ..Default::default()
        };
        let mut app = TalentApp::new_headless(scenario, None, prefs);
        app.set_renderer_note(note);
        let mut h = egui_kittest::Harness::builder()
            .with_size([1366.0, 768.0])
            .with_context_setup(super::super::install_fonts)
            .build_ui_state(|ui, app: &mut TalentApp| app.show(ui), app);
        h.run_steps(3);
        h
    }

    #[test]
    fn the_status_bar_names_the_renderer_and_what_failed_before_it() {
        use egui_kittest::kittest::Queryable as _;
        let note = RendererNote {
            label: Attempt::Glow.label(),
            adapter: None,
            failed: vec![(
                failed(Attempt::Wgpu(None), Some(Api::Dx12)).label(),
                "WGPU error: Parent device is lost".to_string(),
            )],
        };
        let mut h = harness_with(note.clone(), super::super::i18n::Lang::En);
        h.get_by_label("Renderer: OpenGL (glow)").hover();
        // Tooltips wait for the pointer to rest (half a second).
        h.run_steps(60);
        h.get_by_label_contains(
            "Could not use wgpu · Direct3D 12: WGPU error: Parent device is lost",
        );

        let h = harness_with(note, super::super::i18n::Lang::Zh);
        h.get_by_label("渲染：OpenGL (glow)");
    }

    #[test]
    fn a_first_window_on_a_tiny_screen_stays_on_it() {
        let area = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(800.0, 560.0));
        let p = first_placement(area);
        assert!(area.contains_rect(outer_rect(p)), "{p:?}");
    }
}
