//! The tests' SMTP server: `tests/support/smtp_sink.py` (aiosmtpd) as a child process, which
//! writes each accepted message to a folder; messages are read back with an independent MIME
//! parser (`mail-parser`). It can refuse (451, 550), be slow, be killed and started again.

use mail_parser::{MessageParser, MimeHeaders};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpSink {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: Option<Child>,
}

/// A message as the sink received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub raw: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub message_id: String,
    pub to: String,
    pub text: String,
    pub html: String,
    /// (file name, content type, body) of each attachment.
    pub attachments: Vec<(String, String, String)>,
    /// Each attachment's name and bytes, as sent (images are not text).
    pub attachment_bytes: Vec<(String, Vec<u8>)>,
    pub header: std::collections::HashMap<String, String>,
}

fn python() -> PathBuf {
    let venv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/fuzz/venv/bin/python"
    );
    assert!(
        std::path::Path::new(venv).exists(),
        "{venv} is missing: scripts/setup.sh installs the Python tools (aiosmtpd)"
    );
    venv.into()
}

impl SmtpSink {
    /// A sink with extra arguments (`--tempfail 2`, `--reject bad@`, `--delay-ms 100`).
    pub fn start(args: &[&str]) -> SmtpSink {
        let mut sink = SmtpSink {
            port: 0,
            dir: tempfile::tempdir().unwrap(),
            child: None,
        };
        sink.restart(args);
        sink
    }

    /// `smtp://127.0.0.1:PORT`, as `COMPANION_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts the process (again): first on a port it picks itself and tells, then on the
    /// same port and folder; returns once it listens.
    pub fn restart(&mut self, args: &[&str]) {
        use std::io::BufRead;
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(script)
            .args(["--port", &self.port.to_string(), "--dir"])
            .arg(self.dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("smtp sink starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped");
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the sink says where it listens");
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("smtp sink did not start: {line:?}"));
        assert!(self.port == 0 || self.port == port);
        self.port = port;
        self.child = Some(child);
    }

    /// Kills the process at once (SIGKILL), as a crashed mail server.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Whether the process ended by itself within `seconds` (a `--crash-after`).
    pub fn exited_within(&mut self, seconds: u64) -> bool {
        let until = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < until {
            if let Some(child) = &mut self.child {
                if child.try_wait().ok().flatten().is_some() {
                    self.child = None;
                    return true;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Every message received so far, in order.
    pub fn messages(&self) -> Vec<Received> {
        let mut names: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|name| {
                let raw = std::fs::read(self.dir.path().join(name)).unwrap();
                let rcpt =
                    std::fs::read_to_string(self.dir.path().join(name.replace(".eml", ".rcpt")))
                        .unwrap_or_default();
                parse(&raw, rcpt.lines().map(String::from).collect())
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived (at most `seconds`), and returns all.
    pub async fn wait_for(&self, n: usize, seconds: u64) -> Vec<Received> {
        let until = Instant::now() + Duration::from_secs(seconds);
        loop {
            let messages = self.messages();
            if messages.len() >= n || Instant::now() > until {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.kill();
    }
}

fn parse(raw: &[u8], recipients: Vec<String>) -> Received {
    let message = MessageParser::default().parse(raw).expect("a MIME message");
    let mut header = std::collections::HashMap::new();
    for h in message.headers() {
        let value =
            String::from_utf8_lossy(&raw[h.offset_start() as usize..h.offset_end() as usize])
                .trim()
                .to_string();
        header.insert(h.name().to_ascii_lowercase(), value);
    }
    let attachments = message
        .attachments()
        .map(|a| {
            let content_type = a
                .content_type()
                .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()))
                .unwrap_or_default();
            (
                a.attachment_name().unwrap_or_default().to_string(),
                content_type,
                String::from_utf8_lossy(a.contents()).to_string(),
            )
        })
        .collect();
    let attachment_bytes = message
        .attachments()
        .map(|a| {
            (
                a.attachment_name().unwrap_or_default().to_string(),
                a.contents().to_vec(),
            )
        })
        .collect();
    Received {
        raw: String::from_utf8_lossy(raw).to_string(),
        recipients,
        subject: message.subject().unwrap_or_default().to_string(),
        message_id: message.message_id().unwrap_or_default().to_string(),
        to: message
            .to()
            .and_then(|a| a.first())
            .map(|a| {
                format!(
                    "{} <{}>",
                    a.name().unwrap_or_default(),
                    a.address().unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        text: message.body_text(0).unwrap_or_default().to_string(),
        html: message.body_html(0).unwrap_or_default().to_string(),
        attachments,
        attachment_bytes,
        header,
    }
}

impl Received {
    /// The first link in the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> String {
        let start = self
            .text
            .find(prefix)
            .unwrap_or_else(|| panic!("no {prefix} link in {}", self.text));
        self.text[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    }
}

/// The sender every mail test's server uses.
pub const MAIL_FROM: &str = "IBMC 2024 <ibmc@icmpd.org>";

/// A server at `now` (on `database_url`, or a fresh database) mailing through `sink`, retrying
/// temporary failures after 0.2 s.
pub async fn spawn_mailing(
    now: &str,
    sink: &SmtpSink,
    database_url: Option<String>,
) -> super::TestApp {
    let url = sink.url();
    super::spawn_app_configured(
        now,
        database_url,
        server::config::AgendaVisibility::Public,
        server::config::PushConfig::default(),
        move |c| {
            c.mail.smtp_url = Some(url);
            c.mail.mail_from = Some(MAIL_FROM.into());
            c.mail.mail_retry_seconds = 0.2;
        },
    )
    .await
}

/// The path of a link a mail carries (its address is `--public-url`, not the test server's).
pub fn path_of(link: &str) -> String {
    let rest = link
        .strip_prefix("http://127.0.0.1:3000")
        .unwrap_or_else(|| panic!("{link} is not under the public URL"));
    rest.to_string()
}
