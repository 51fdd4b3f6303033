//! A real headless Chromium for the HTML report's tests, driven over the DevTools
//! protocol: open a file at a window size, read the rendered DOM, take a full-page
//! screenshot, and collect every console message, script error and network request.
//!
//! Chromium is found at `$KPI_CHROMIUM`, else `chromium`, `chromium-browser` or
//! `google-chrome` on the PATH. When none is there the tests say that they skipped;
//! under `KPI_REQUIRE_ENGINES=1` (what `.ci/run` sets) an absent browser is a failure.

use std::io::{BufRead, BufReader, ErrorKind};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// The Chromium to use, or `None` after saying why the test skips.
pub(crate) fn find() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = match std::env::var_os("KPI_CHROMIUM") {
        Some(path) => vec![PathBuf::from(path)],
        None => ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .filter_map(|name| which(name))
            .collect(),
    };
    if let Some(found) = candidates.into_iter().find(|p| p.is_file()) {
        return Some(found);
    }
    let why =
        "no Chromium found (install Debian's `chromium`, or set KPI_CHROMIUM to a Chromium binary)";
    if std::env::var("KPI_REQUIRE_ENGINES").is_ok_and(|v| v == "1") {
        panic!("KPI_REQUIRE_ENGINES=1 and {why}");
    }
    eprintln!("skipped: {why}");
    None
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A running headless Chromium with one page attached.
pub(crate) struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: String,
    next: u64,
    /// Every event received, in order.
    pub(crate) events: Vec<Value>,
    _profile: tempfile::TempDir,
    /// The browser's version, `Chrome/148.0.7778.167`.
    pub(crate) version: String,
}

/// What a page did while it loaded: messages and requests.
#[derive(Debug, Default)]
pub(crate) struct Activity {
    /// Console messages, script exceptions and browser log entries (CSP violations
    /// among them), as text.
    pub(crate) messages: Vec<String>,
    /// URLs requested, the page's own included.
    pub(crate) requests: Vec<String>,
}

const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--mute-audio",
    "--force-color-profile=srgb",
    "--font-render-hinting=none",
    "--remote-debugging-port=0",
];

impl Browser {
    /// Starts `binary` with an empty profile and attaches to a blank page.
    pub(crate) fn start(binary: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("profile folder");
        let mut child = Command::new(binary)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("Chromium starts");
        let stderr = child.stderr.take().expect("stderr");
        // Chromium prints `DevTools listening on ws://…` once it accepts connections.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let url = rx
            // Generous: on two cores the warehouse tests' JVM and engines run beside it.
            .recv_timeout(Duration::from_secs(120))
            .expect("Chromium prints its DevTools address within 120 s");
        let rest = url.strip_prefix("ws://").expect("a ws:// address");
        let host = rest.split('/').next().expect("host:port");
        let stream = TcpStream::connect(host).expect("connect to DevTools");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("WebSocket handshake");
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next: 0,
            events: Vec::new(),
            _profile: profile,
            version: String::new(),
        };
        let version = browser.call("Browser.getVersion", json!({}));
        browser.version = version["product"].as_str().unwrap_or_default().to_owned();
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_owned();
        for domain in ["Page", "Runtime", "Log", "Network"] {
            browser.call(&format!("{domain}.enable"), json!({}));
        }
        browser
    }

    /// Sends one command (to the page once attached) and waits for its answer, keeping
    /// the events that arrive meanwhile.
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send");
        loop {
            let reply = self.receive();
            if reply["id"] == json!(id) {
                if let Some(error) = reply.get("error") {
                    panic!("{method} failed: {error}");
                }
                return reply["result"].clone();
            }
            self.events.push(reply);
        }
    }

    fn receive(&mut self) -> Value {
        loop {
            match self.socket.read() {
                Ok(Message::Text(text)) => return serde_json::from_str(&text).expect("JSON"),
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e)) if e.kind() == ErrorKind::WouldBlock => {
                    panic!("Chromium did not answer within 120 s")
                }
                Err(e) => panic!("DevTools connection: {e}"),
            }
        }
    }

    /// Waits until an event named `method` arrives (or has arrived since `from`).
    fn wait_for(&mut self, method: &str, from: usize) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while !self.events[from..].iter().any(|e| e["method"] == method) {
            assert!(Instant::now() < deadline, "no {method} within 120 s");
            let event = self.receive();
            self.events.push(event);
        }
    }

    /// Opens `file` in a window `width` × `height` CSS pixels (a phone's when narrow),
    /// waits for it to load and says what it asked for and printed.
    pub(crate) fn open(&mut self, file: &Path, width: u32, height: u32) -> Activity {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
        let from = self.events.len();
        let url = format!("file://{}", file.canonicalize().expect("file").display());
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("Page.loadEventFired", from);
        // A round trip after the load: anything the page did is reported by now.
        self.eval("1");
        let mut activity = Activity::default();
        for e in &self.events[from..] {
            let p = &e["params"];
            match e["method"].as_str().unwrap_or_default() {
                "Runtime.consoleAPICalled" => activity
                    .messages
                    .push(format!("console.{}: {}", p["type"], p["args"])),
                "Runtime.exceptionThrown" => activity
                    .messages
                    .push(format!("exception: {}", p["exceptionDetails"])),
                "Log.entryAdded" => activity.messages.push(format!(
                    "{} {}: {}",
                    p["entry"]["source"], p["entry"]["level"], p["entry"]["text"]
                )),
                "Network.requestWillBeSent" => activity
                    .requests
                    .push(p["request"]["url"].as_str().unwrap_or_default().to_owned()),
                _ => {}
            }
        }
        activity
    }

    /// The value of a JavaScript expression evaluated in the page (DevTools evaluates
    /// outside the page's own policy; the page itself runs no script).
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        if let Some(e) = result.get("exceptionDetails") {
            panic!("{expression}: {e}");
        }
        result["result"]["value"].clone()
    }

    /// Renders the page as for `media` (`screen`, `print`) with the reader's colour
    /// scheme `scheme` (`light`, `dark`).
    pub(crate) fn emulate(&mut self, media: &str, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// A PNG of the whole page at the current width.
    pub(crate) fn screenshot(&mut self) -> Vec<u8> {
        let shot = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true, "fromSurface": true}),
        );
        data_encoding::BASE64
            .decode(shot["data"].as_str().expect("image data").as_bytes())
            .expect("base64")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Decoded RGBA pixels of a PNG, with its size.
pub(crate) fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    buf.truncate(info.buffer_size());
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => buf
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width, info.height, rgba)
}

/// The share of pixels that differ by more than `level` in any channel; 1.0 when the
/// sizes differ.
pub(crate) fn difference(a: &[u8], b: &[u8], level: u8) -> f64 {
    let (wa, ha, pa) = pixels(a);
    let (wb, hb, pb) = pixels(b);
    if (wa, ha) != (wb, hb) {
        return 1.0;
    }
    let differing = pa
        .chunks(4)
        .zip(pb.chunks(4))
        .filter(|(x, y)| x.iter().zip(y.iter()).any(|(p, q)| p.abs_diff(*q) > level))
        .count();
    differing as f64 / (f64::from(wa) * f64::from(ha))
}
