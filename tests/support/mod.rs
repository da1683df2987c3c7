//! Fixture sites for the integration tests: a fixture is copied into a temporary project
//! with the repository's real theme and UI strings (unless it brings its own), so tests
//! exercise what users get; an invalid fixture is a few files laid over `valid/bilingual`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A project made of the repository's theme and i18n, then each layer in order.
pub fn project(layers: &[&Path]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    copy_dir(&repo().join("i18n"), &dir.path().join("i18n"));
    for layer in layers {
        copy_dir(layer, dir.path());
    }
    dir
}

/// Runs the real binary in `root`.
pub fn passerelle(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .current_dir(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// Runs the real binary in `root`, which must succeed, and gives what it printed.
pub fn passerelle_ok(root: &Path, args: &[&str]) -> String {
    let out = passerelle(root, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir` with its bytes, sorted: two equal trees are byte-identical.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// A running `passerelle serve` on a free port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT`, as printed by the server.
    pub host: String,
    pub stdout: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    pub stderr: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

/// Collects the lines a child prints, and hands each to `first` too.
fn collect_lines(
    from: impl std::io::Read + Send + 'static,
    into: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    first: Option<std::sync::mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            into.lock().unwrap().push(line.clone());
            if let Some(tx) = &first {
                let _ = tx.send(line);
            }
        }
    });
}

/// How long a test waits for anything the server should do before failing.
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(20);

impl Server {
    /// Starts `passerelle serve --port 0` in `root` and waits for the address it prints.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(root, extra, &[])
    }

    /// `start`, with environment variables for the server.
    pub fn start_with_env(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .current_dir(root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        collect_lines(child.stdout.take().unwrap(), stdout.clone(), Some(tx));
        collect_lines(child.stderr.take().unwrap(), stderr.clone(), None);
        let deadline = std::time::Instant::now() + WAIT;
        let host = loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(at) = line.find("http://") {
                        let url = line[at + 7..].split_whitespace().next().unwrap();
                        break url.trim_end_matches('/').to_string();
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!(
                        "the server printed no address; stderr:\n{}",
                        stderr.lock().unwrap().join("\n")
                    );
                }
            }
        };
        Server {
            child,
            host,
            stdout,
            stderr,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// GET `path` with the right Host header.
    pub fn get(&self, path: &str) -> HttpResponse {
        http_get(&self.host, path, &[("Host", &self.host)])
    }

    /// Waits until the server process ends, at most `WAIT`.
    pub fn wait(&mut self) -> std::process::ExitStatus {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not stop"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    /// Names in lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == &name.to_ascii_lowercase())
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A GET over a fresh connection, with exactly the path and headers given (no
/// normalisation, unlike a real client), bounded by timeouts.
pub fn http_get(addr: &str, path: &str, headers: &[(&str, &str)]) -> HttpResponse {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> HttpResponse {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete HTTP head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    HttpResponse {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: String,
}

/// The reload channel, read on a thread; events arrive on `events`.
pub struct EventStream {
    pub status: u16,
    pub events: std::sync::mpsc::Receiver<Event>,
}

impl EventStream {
    /// Opens the channel with the given headers (Host included).
    pub fn open(addr: &str, path: &str, headers: &[(&str, &str)]) -> EventStream {
        use std::io::{BufRead, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut request = format!("GET {path} HTTP/1.1\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut reader = std::io::BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line).unwrap();
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut chunked = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            chunked |= line
                .to_ascii_lowercase()
                .starts_with("transfer-encoding: chunked");
        }
        let (tx, events) = std::sync::mpsc::channel();
        if status == 200 {
            std::thread::spawn(move || {
                let mut name = String::from("message");
                let mut data = String::new();
                let body: Box<dyn std::io::Read + Send> = if chunked {
                    Box::new(Dechunk {
                        from: reader,
                        left: 0,
                    })
                } else {
                    Box::new(reader)
                };
                for line in std::io::BufReader::new(body).lines() {
                    let Ok(line) = line else { break };
                    if line.is_empty() {
                        if !data.is_empty() {
                            let event = Event {
                                name: std::mem::replace(&mut name, "message".into()),
                                data: std::mem::take(&mut data),
                            };
                            if tx.send(event).is_err() {
                                break;
                            }
                        }
                        name = "message".into();
                    } else if let Some(value) = line.strip_prefix("event: ") {
                        name = value.to_string();
                    } else if let Some(value) = line.strip_prefix("data: ") {
                        data.push_str(value);
                    }
                }
            });
        }
        EventStream { status, events }
    }

    /// The next event called `name` (others are skipped), within `WAIT`.
    pub fn next(&self, name: &str) -> Event {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let event = self
                .events
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{name}` event came"));
            if event.name == name {
                return event;
            }
        }
    }
}

/// The body of a chunked HTTP/1.1 response, read as the bytes it carries.
struct Dechunk<R> {
    from: R,
    /// Bytes left in the current chunk.
    left: usize,
}

impl<R: std::io::BufRead> std::io::Read for Dechunk<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            let mut size = String::new();
            // The CRLF that ends the previous chunk, then the size line.
            while size.trim().is_empty() {
                if self.from.read_line(&mut size)? == 0 {
                    return Ok(0);
                }
            }
            let hex = size.trim().split(';').next().unwrap_or("");
            self.left = usize::from_str_radix(hex, 16)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            if self.left == 0 {
                return Ok(0);
            }
        }
        let wanted = buf.len().min(self.left);
        let read = self.from.read(&mut buf[..wanted])?;
        self.left -= read;
        Ok(read)
    }
}

/// Runs `script` with `sh` as an unprivileged user (`nobody`) when the tests run as root:
/// root ignores the permissions these cases are about. The project is handed over to it.
pub fn as_unprivileged(root: &Path, script: &str) -> std::process::Output {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .unwrap()
        .stdout
        == b"0\n";
    let mut command = if is_root {
        let chown = std::process::Command::new("chown")
            .args(["-R", "65534:65534"])
            .arg(root)
            .status()
            .unwrap();
        assert!(chown.success());
        let mut c = std::process::Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "sh",
            "-c",
            script,
        ]);
        c
    } else {
        let mut c = std::process::Command::new("sh");
        c.args(["-c", script]);
        c
    };
    command
        .current_dir(root)
        .env("PASSERELLE", env!("CARGO_BIN_EXE_passerelle"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}
