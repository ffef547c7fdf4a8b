//! The team memory on a real PostgreSQL server (issue 14 §4): each test starts a throwaway
//! cluster in a temporary folder (`initdb`, `pg_ctl` on 127.0.0.1 and a free port, password
//! authentication for a test role; as root the server runs as the `postgres` user, which it
//! requires) and stops it when the test ends, failed or not (`Server`'s `Drop`). Without the
//! server's binaries a test is skipped with a note, unless `SUBLOC_REQUIRE_POSTGRES=1` (CI).
//!
//! "Paid" means "a request carried it": the `command` backend's program logs every request it is
//! sent (`requests.log` in each working folder, one folder per "machine").

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use super::cli_support::{fill_xliff_targets, sample};

const PASSWORD: &str = "team-secret-4711-do-not-print";
const ROLE: &str = "subloc_test";

/// A running throwaway cluster; stopped and removed when dropped.
struct Server {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
    /// Server options beyond address, port and socket folder (`-c ssl=on …`).
    extra: String,
}

/// The folder of Debian's server binaries (`/usr/lib/postgresql/<version>/bin`), newest first.
fn server_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    found.sort();
    found.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Server {
    /// Starts a cluster, or `None` (with a note) when the binaries are missing and the
    /// environment does not require them.
    fn start() -> Option<Server> {
        let server = Server::init()?;
        server.pg_ctl_start();
        Some(server)
    }

    /// A cluster made but not started.
    fn init() -> Option<Server> {
        let Some(bin) = server_bin() else {
            assert!(
                std::env::var("SUBLOC_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "SUBLOC_REQUIRE_POSTGRES=1 but no PostgreSQL server binaries under /usr/lib/postgresql"
            );
            eprintln!("note: PostgreSQL server binaries not found; team memory test skipped");
            return None;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let as_postgres = is_root();
        if as_postgres {
            // The server refuses to run as root: the cluster belongs to `postgres`.
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(ok, "chown to postgres");
        }
        let server = Server {
            bin,
            dir,
            port: free_port(),
            as_postgres,
            extra: String::new(),
        };
        let pwfile = server.dir.path().join("pw");
        std::fs::write(&pwfile, PASSWORD).expect("pwfile");
        if as_postgres {
            let _ = Command::new("chown").arg("postgres").arg(&pwfile).status();
        }
        let data = server.data();
        let out = server
            .tool("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                ROLE,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
            ])
            .arg(format!("--pwfile={}", pwfile.display()))
            .output()
            .expect("initdb runs");
        assert!(out.status.success(), "initdb: {}", text(&out.stderr));
        Some(server)
    }

    /// Gives a file of the test's to the server's user (a key must be its own, mode 0600).
    fn hand_over(&self, path: &Path) {
        if self.as_postgres {
            let ok = Command::new("chown")
                .arg("postgres:postgres")
                .arg(path)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown {}", path.display());
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A server tool, as `postgres` when we are root.
    fn tool(&self, name: &str) -> Command {
        let exe = self.bin.join(name);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn pg_ctl_start(&self) {
        let opts = self.options();
        let out = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-o", &opts, "start"])
            .stdin(Stdio::null())
            .output()
            .expect("pg_ctl runs");
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            text(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
        );
    }

    fn options(&self) -> String {
        format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} {}",
            self.port,
            self.dir.path().display(),
            self.extra
        )
    }

    /// `pg_ctl restart`: every connection is closed, the server is back when it returns.
    fn pg_ctl_restart(&self) {
        let out = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-m", "fast", "-o", &self.options(), "restart"])
            .stdin(Stdio::null())
            .output()
            .expect("pg_ctl runs");
        assert!(
            out.status.success(),
            "pg_ctl restart: {}",
            text(&out.stderr)
        );
    }

    /// The server's log so far.
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    /// Runs SQL with `psql` as the test role (password authentication, no TLS asked);
    /// its unaligned output.
    fn psql(&self, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", ROLE])
            .args(["-d", "postgres", "-X", "-tA", "-c", sql])
            .env("PGPASSWORD", PASSWORD)
            .env("PGSSLMODE", "prefer")
            .stdin(Stdio::null())
            .output()
            .expect("psql runs");
        assert!(out.status.success(), "psql: {}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    }

    fn pg_ctl_stop(&self) {
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-w", "-m", "fast", "stop"])
            .stdin(Stdio::null())
            .output();
    }

    fn url(&self) -> String {
        format!("postgres://{ROLE}@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.pg_ctl_stop();
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The command program: answers every segment with `[<target>] <text>` and appends each
/// request to `requests.log` (as in `memory_pay_once`).
const ECHO_SH: &str = r#"req=$(cat)
printf '%s\n' "$req" >> requests.log
lang=$(printf '%s' "$req" | sed -E 's/.*"target_lang":"([^"]*)".*/\1/')
body=$(printf '%s' "$req" | grep -oE '"id":"[^"]*","text":"([^"\\]|\\.)*"' | sed -E "s/^\"id\":(\"[^\"]*\"),\"text\":\"(.*)$/\1:\"[$lang] \2/" | paste -sd, -)
printf '{"translations":{%s}}\n' "$body"
"#;

/// A translator's machine: a working folder whose subloc.yaml points at the team memory.
fn machine(server: &Server) -> tempfile::TempDir {
    machine_with(server, ECHO_SH, "")
}

/// A machine whose provider is the script `echo_sh`, with `extra` added to its backend's
/// settings (indented lines).
fn machine_with(server: &Server, echo_sh: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("echo.sh"), echo_sh).expect("echo.sh");
    std::fs::write(
        dir.path().join("subloc.yaml"),
        format!(
            "translate:\n  backend: command\n  memory: {}\n  memory-password-env: SUBLOC_PG_PASSWORD\n  backends:\n    command:\n      command: [sh, echo.sh]\n{extra}",
            server.url()
        ),
    )
    .expect("subloc.yaml");
    dir
}

fn subloc(dir: &Path, password: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_subloc"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("SUBLOC_DEBUG")
        .env_remove("PGPASSWORD")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("SUBLOC_PG_PASSWORD", password);
    cmd
}

fn run(dir: &Path, password: &str, args: &[&str]) -> Output {
    subloc(dir, password, args).output().expect("subloc runs")
}

fn season_args(lang: &str) -> Vec<String> {
    let mut args: Vec<String> = vec!["translate".into()];
    for ep in ["ep01.srt", "ep02.srt", "ep03.srt"] {
        args.push(sample(ep).display().to_string());
    }
    for a in ["--to", lang, "--platform", "youtube", "--format", "json"] {
        args.push(a.into());
    }
    args
}

fn translate(dir: &Path, lang: &str) -> Output {
    let args = season_args(lang);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(dir, PASSWORD, &refs)
}

/// Texts of every segment sent from `dir`, repeats included.
fn sent(dir: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(dir.join("requests.log")).unwrap_or_default();
    log.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .flat_map(|v| {
            v["segments"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|s| s["text"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

fn summary(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON: {e}\nstdout:\n{}\nstderr:\n{}",
            text(&out.stdout),
            text(&out.stderr)
        )
    })
}

fn ok(out: &Output) {
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "exit {:?}\n{}",
        out.status.code(),
        text(&out.stderr)
    );
}

/// The translated subtitle files of a folder's `out` tree, by name (reports name their run).
fn outputs(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.join("out")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "srt") {
                let rel = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
                files.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_team_memory_answers_a_second_run_and_a_second_machine_for_free() {
    let Some(server) = Server::start() else {
        return;
    };
    let a = machine(&server);
    let b = machine(&server);

    let first = translate(a.path(), "fa");
    ok(&first);
    let paid = sent(a.path()).len();
    assert!(paid > 0, "the first run pays");
    let s = summary(&first);
    assert!(!text(&first.stdout).contains(PASSWORD));

    // Again on the same machine: nothing sent, everything from the team memory.
    let again = translate(a.path(), "fa");
    ok(&again);
    assert_eq!(sent(a.path()).len(), paid, "second run paid");
    let s2 = summary(&again);
    assert_eq!(
        s2["totals"]["memory_hits"], s2["totals"]["segments"],
        "{s2}"
    );
    assert_eq!(s["totals"]["segments"], s2["totals"]["segments"]);

    // Another machine, its own memory client: nothing sent either, the same outputs.
    let other = translate(b.path(), "fa");
    ok(&other);
    assert!(sent(b.path()).is_empty(), "the second machine paid");
    let (oa, ob) = (outputs(a.path()), outputs(b.path()));
    assert_eq!(oa.len(), 3);
    assert!(oa == ob, "the second machine's outputs differ");

    // Stats see the team memory.
    let stats = run(a.path(), PASSWORD, &["memory", "stats", "--format", "json"]);
    ok(&stats);
    let st = summary(&stats);
    assert!(st["entries"].as_u64().unwrap_or(0) > 0, "{st}");
    assert_eq!(st["memory"], server.url());
    assert!(!text(&stats.stdout).contains(PASSWORD));
}

#[test]
fn two_machines_started_together_pay_once() {
    let Some(server) = Server::start() else {
        return;
    };
    let a = machine(&server);
    let b = machine(&server);
    let args = season_args("ar");
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut pa = subloc(a.path(), PASSWORD, &refs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("a starts");
    let mut pb = subloc(b.path(), PASSWORD, &refs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("b starts");
    let (oa, ob) = (
        pa.wait().expect("a ends").code(),
        pb.wait().expect("b ends").code(),
    );
    let err = |c: &mut std::process::Child| {
        let mut s = String::new();
        if let Some(mut e) = c.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut s);
        }
        s
    };
    assert!(oa.is_some_and(|c| c <= 1), "a: {}", err(&mut pa));
    assert!(ob.is_some_and(|c| c <= 1), "b: {}", err(&mut pb));
    let (sa, sb) = (sent(a.path()), sent(b.path()));
    let chars = |v: &[String]| v.iter().map(|t| t.chars().count()).sum::<usize>();
    let total = chars(&sa) + chars(&sb);
    let set_a: BTreeSet<&String> = sa.iter().collect();
    let twice: Vec<String> = sb.iter().filter(|t| set_a.contains(t)).cloned().collect();
    assert!(total > 0, "nothing was paid at all");
    // Issue 14 §3's target: at most 1 % of the characters paid twice.
    assert!(
        chars(&twice) * 100 <= total,
        "paid twice: {} of {total} characters",
        chars(&twice)
    );
    let (oa, ob) = (outputs(a.path()), outputs(b.path()));
    assert_eq!(oa.len(), 3);
    assert!(oa == ob, "outputs differ");
}

#[test]
fn a_wrong_password_is_a_clear_error_that_never_shows_it() {
    let Some(server) = Server::start() else {
        return;
    };
    let a = machine(&server);
    let wrong = "wrong-secret-9931";
    let args = season_args("fa");
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(a.path(), wrong, &refs);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("password authentication failed"), "{err}");
    assert!(err.contains(&server.url()), "names the memory: {err}");
    for shown in [text(&out.stdout), err.clone()] {
        assert!(
            !shown.contains(wrong) && !shown.contains(PASSWORD),
            "{shown}"
        );
    }
    assert!(sent(a.path()).is_empty(), "nothing paid without a memory");

    // The variable named in subloc.yaml is not set at all.
    let mut cmd = subloc(a.path(), wrong, &["memory", "stats"]);
    cmd.env_remove("SUBLOC_PG_PASSWORD");
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("SUBLOC_PG_PASSWORD"));

    // A password written into the URL is refused before connecting, and not echoed.
    let url = format!(
        "postgres://{ROLE}:{PASSWORD}@127.0.0.1:{}/postgres",
        server.port
    );
    let out = run(a.path(), PASSWORD, &["memory", "stats", "--memory", &url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("memory-password-env"));
    assert!(!text(&out.stderr).contains(PASSWORD));

    // TLS required of a server that has none: refused, nothing sent in clear.
    let url = format!("{}?sslmode=require", server.url());
    let out = run(a.path(), PASSWORD, &["memory", "stats", "--memory", &url]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("TLS") && err.contains(&url), "{err}");
    assert!(!err.contains(PASSWORD));
}

/// (target language, source, target) of every row of a SQLite memory.
fn sqlite_rows(db: &Path) -> BTreeSet<(String, String, String)> {
    let conn = rusqlite::Connection::open(db).expect("opens");
    let mut stmt = conn
        .prepare("SELECT target_lang, source, target FROM tm")
        .expect("query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn push_and_pull_move_every_entry_once() {
    let Some(server) = Server::start() else {
        return;
    };
    let a = machine(&server);
    // A season translated on a laptop, into a local file.
    let mut args = season_args("fa");
    args.extend(["--memory".into(), "local.sqlite".into()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&run(a.path(), PASSWORD, &refs));
    let local = sqlite_rows(&a.path().join("local.sqlite"));
    assert!(!local.is_empty());

    let push = |file: &str| {
        let out = run(
            a.path(),
            PASSWORD,
            &["memory", "push", file, "--format", "json"],
        );
        ok(&out);
        summary(&out)
    };
    let pushed = push("local.sqlite");
    assert_eq!(
        pushed["copied"].as_u64(),
        Some(local.len() as u64),
        "{pushed}"
    );
    // Again: nothing duplicated.
    let again = push("local.sqlite");
    assert_eq!(again["copied"], 0, "{again}");
    assert_eq!(again["skipped"].as_u64(), Some(local.len() as u64));

    // The team now answers the season: a run against it pays nothing.
    let before = sent(a.path()).len();
    let run_team = translate(a.path(), "fa");
    ok(&run_team);
    assert_eq!(sent(a.path()).len(), before, "paid after push");

    // Another machine pulls it into a new file: every entry, once.
    let b = machine(&server);
    let out = run(
        b.path(),
        PASSWORD,
        &["memory", "pull", "copy.sqlite", "--format", "json"],
    );
    ok(&out);
    let pulled = summary(&out);
    assert_eq!(
        pulled["copied"].as_u64(),
        Some(local.len() as u64),
        "{pulled}"
    );
    assert_eq!(sqlite_rows(&b.path().join("copy.sqlite")), local);
    let out = run(b.path(), PASSWORD, &["memory", "pull", "copy.sqlite"]);
    ok(&out);
    assert_eq!(sqlite_rows(&b.path().join("copy.sqlite")), local);
}

// ---------------------------------------------------------------------------------------------
// TLS (src/translate/memory/pg_tls.rs)

/// Runs `openssl` with `args` in `dir`; `false` when it is not installed.
fn openssl(dir: &Path, args: &[&str]) -> bool {
    match Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                text(&out.stderr)
            );
            true
        }
        Err(_) => false,
    }
}

/// A certificate authority (`<name>.pem`, `<name>.key`) in `dir`.
fn make_ca(dir: &Path, name: &str) -> bool {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN={name}"),
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
        ],
    )
}

/// Starts a cluster that accepts only TLS connections (`hostssl` in pg_hba.conf), with a
/// server certificate for 127.0.0.1 (only: not for `localhost`) signed by a test authority
/// `ca.pem`, and every connection logged with its TLS parameters. `None`: skipped (no server
/// binaries, or no `openssl` where the environment does not require it).
fn start_tls_server() -> Option<(Server, PathBuf)> {
    let mut server = Server::init()?;
    let certs = tempfile::tempdir().expect("tempdir").keep();
    if !make_ca(&certs, "ca") {
        assert!(
            std::env::var("SUBLOC_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "SUBLOC_REQUIRE_POSTGRES=1 but no openssl program to make the test certificates"
        );
        eprintln!("note: openssl not found; team memory TLS test skipped");
        return None;
    }
    std::fs::write(
        certs.join("san.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .expect("ext");
    assert!(openssl(
        &certs,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    ));
    assert!(openssl(
        &certs,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.ext",
            "-out",
            "server.crt",
        ],
    ));
    // The server reads its certificate and key from its own folder, the key private to it.
    let (crt, key) = (
        server.dir.path().join("server.crt"),
        server.dir.path().join("server.key"),
    );
    std::fs::copy(certs.join("server.crt"), &crt).expect("crt");
    std::fs::copy(certs.join("server.key"), &key).expect("key");
    server.hand_over(&crt);
    server.hand_over(&key);
    assert!(
        Command::new("chmod")
            .arg("600")
            .arg(&key)
            .status()
            .is_ok_and(|s| s.success())
    );
    let hba = server.data().join("pg_hba.conf");
    std::fs::write(
        &hba,
        "hostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n",
    )
    .expect("pg_hba.conf");
    server.hand_over(&hba);
    server.extra = format!(
        "-c ssl=on -c ssl_cert_file={} -c ssl_key_file={} -c log_connections=on",
        crt.display(),
        key.display()
    );
    server.pg_ctl_start();
    Some((server, certs))
}

#[test]
fn the_team_memory_over_verified_tls_and_a_wrong_authority_refused() {
    let Some((server, certs)) = start_tls_server() else {
        return;
    };
    let a = machine(&server);
    let ca = certs.join("ca.pem").display().to_string();
    let verified = format!("{}?sslmode=verify-full&sslrootcert={ca}", server.url());

    // verify-full with the test authority: the season is translated and stored.
    let mut args = season_args("fa");
    args.extend(["--memory".into(), verified.clone()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(a.path(), PASSWORD, &refs);
    ok(&out);
    assert!(!sent(a.path()).is_empty());
    let s = summary(&out);
    assert_eq!(s["totals"]["memory_hits"], 0, "{s}");
    // The server accepts nothing but TLS (pg_hba.conf), and logged subloc's connections as
    // encrypted.
    let log = server.log();
    let subloc_lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("connection authorized") && l.contains("application_name=subloc"))
        .collect();
    assert!(!subloc_lines.is_empty(), "{log}");
    assert!(
        subloc_lines.iter().all(|l| l.contains("SSL enabled")),
        "{subloc_lines:?}"
    );
    // What subloc stored is there (read over TLS by psql).
    let rows: u64 = server
        .psql("SELECT count(*) FROM tm")
        .parse()
        .expect("count");
    assert!(rows > 0);

    // A run that finds everything in the team memory, over TLS again.
    let before = sent(a.path()).len();
    ok(&run(a.path(), PASSWORD, &refs));
    assert_eq!(sent(a.path()).len(), before, "paid again over TLS");

    // Another authority: refused with a clear error, exit 2, nothing sent, no password shown.
    assert!(make_ca(&certs, "other"));
    let other = certs.join("other.pem").display().to_string();
    let url = format!("{}?sslmode=verify-full&sslrootcert={other}", server.url());
    let out = run(a.path(), PASSWORD, &["memory", "stats", "--memory", &url]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("TLS") && err.contains("certificate"), "{err}");
    assert!(err.contains("sslrootcert"), "says what to do: {err}");
    assert!(!err.contains(PASSWORD));
    let mut args_other = season_args("ar");
    args_other.extend(["--memory".into(), url.clone()]);
    let refs_other: Vec<&str> = args_other.iter().map(String::as_str).collect();
    let out = run(a.path(), PASSWORD, &refs_other);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        sent(a.path()).len(),
        before,
        "paid with an unverified memory"
    );

    // The system's authorities do not know the test authority: verify-full refuses.
    let url = format!("{}?sslmode=verify-full", server.url());
    let out = run(a.path(), PASSWORD, &["memory", "stats", "--memory", &url]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));

    // The certificate names 127.0.0.1, not localhost: verify-full to localhost refuses the
    // name, verify-ca (chain only) accepts it.
    let port = server.port;
    let by_name = |mode: &str| {
        format!(
            "postgres://{ROLE}@localhost:{port}/postgres?hostaddr=127.0.0.1&sslmode={mode}&sslrootcert={ca}"
        )
    };
    let out = run(
        a.path(),
        PASSWORD,
        &["memory", "stats", "--memory", &by_name("verify-full")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("TLS"), "{}", text(&out.stderr));
    let out = run(
        a.path(),
        PASSWORD,
        &["memory", "stats", "--memory", &by_name("verify-ca")],
    );
    ok(&out);

    // The default (prefer) to a server on this machine: encrypted, certificate not checked.
    let out = run(a.path(), PASSWORD, &["memory", "stats"]);
    ok(&out);
    // A missing sslrootcert file is named.
    let url = format!(
        "{}?sslmode=verify-full&sslrootcert=missing-ca.pem",
        server.url()
    );
    let out = run(a.path(), PASSWORD, &["memory", "stats", "--memory", &url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing-ca.pem"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&certs);
}

#[test]
fn a_password_is_never_sent_in_clear_to_another_machine() {
    // No server needed: the location is refused before any connection. 192.0.2.1 is
    // TEST-NET-1 (RFC 5737), never reached.
    let dir = tempfile::tempdir().expect("tempdir");
    let url = "postgres://someone@192.0.2.1:5432/tm?sslmode=disable";
    let out = subloc(
        dir.path(),
        PASSWORD,
        &[
            "memory",
            "stats",
            "--memory",
            url,
            "--memory-password-env",
            "SUBLOC_PG_PASSWORD",
        ],
    )
    .output()
    .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("192.0.2.1") && err.contains("memory-allow-plaintext"),
        "{err}"
    );
    assert!(!err.contains(PASSWORD));
}

// ---------------------------------------------------------------------------------------------
// A server restart in the middle of a run

/// A machine whose provider takes `delay` per request of at most `max` segments, so a run
/// lasts long enough to restart the server under it.
fn slow_machine(server: &Server, delay: &str, max: usize) -> tempfile::TempDir {
    machine_with(
        server,
        &format!("sleep {delay}\n{ECHO_SH}"),
        &format!("      max-segments: {max}\n"),
    )
}

#[test]
fn a_server_restart_mid_run_keeps_every_paid_answer_and_nothing_is_paid_twice() {
    let Some(server) = Server::start() else {
        return;
    };
    let a = slow_machine(&server, "0.2", 6);
    let args = season_args("fa");
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = subloc(a.path(), PASSWORD, &refs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    // Some answers paid (and stored), then the server restarts under the run.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while sent(a.path()).len() < 30 {
        assert!(
            std::time::Instant::now() < deadline,
            "the run never got going"
        );
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the run ended before the restart"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // (The loop saw the run still going; it may stop during the restart.)
    server.pg_ctl_restart();
    let first = child.wait_with_output().expect("ends");
    let code = first.status.code();
    let err = text(&first.stderr);
    // Either the run resumed on new connections, or it stopped with a clear error (exit 2)
    // naming the memory — never anything else.
    match code {
        Some(0 | 1) => {}
        Some(2) => assert!(err.contains(&server.url()), "names the memory: {err}"),
        other => panic!("exit {other:?}: {err}"),
    }
    assert!(!err.contains(PASSWORD));
    let paid_first = sent(a.path());

    // The next run replays whatever the journal kept and pays for nothing already paid.
    let again = translate(a.path(), "fa");
    ok(&again);
    let paid_second: Vec<String> = sent(a.path())[paid_first.len()..].to_vec();
    let before: BTreeSet<&String> = paid_first.iter().collect();
    let twice: Vec<&String> = paid_second.iter().filter(|t| before.contains(t)).collect();
    assert!(twice.is_empty(), "paid twice: {twice:?}");
    if code == Some(0) || code == Some(1) {
        assert!(paid_second.is_empty(), "a resumed run left work undone");
    }

    // The memory now holds the whole season: a third run pays nothing, and its tracks are
    // those of a run that never saw a restart.
    let count = sent(a.path()).len();
    ok(&translate(a.path(), "fa"));
    assert_eq!(sent(a.path()).len(), count);
    let b = machine(&server);
    let s = summary(&translate(b.path(), "fa"));
    assert_eq!(s["totals"]["memory_hits"], s["totals"]["segments"], "{s}");
    assert_eq!(outputs(a.path()), outputs(b.path()));
    eprintln!(
        "note: restart mid-run: exit {code:?}, {} segments paid before, {} after",
        paid_first.len(),
        paid_second.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Dry runs write nothing; the password variable named on the command line

/// Tables in the server's `public` schema.
fn tables(server: &Server) -> String {
    server.psql("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")
}

#[test]
fn a_dry_run_against_a_team_memory_creates_nothing_and_reads_what_is_there() {
    let Some(server) = Server::start() else {
        return;
    };
    let a = machine(&server);
    let mut dry = season_args("fa");
    dry.push("--dry-run".into());
    let dry_refs: Vec<&str> = dry.iter().map(String::as_str).collect();

    // A database subloc never wrote to: the dry run plans everything as to be sent, and
    // leaves the database as it was; so do stats, export and pull.
    let out = run(a.path(), PASSWORD, &dry_refs);
    ok(&out);
    let s = summary(&out);
    assert_eq!(s["totals"]["memory_hits"], 0, "{s}");
    assert!(s["totals"]["segments"].as_u64().unwrap_or(0) > 0, "{s}");
    assert_eq!(tables(&server), "", "the dry run created tables");
    let stats = run(a.path(), PASSWORD, &["memory", "stats", "--format", "json"]);
    ok(&stats);
    assert_eq!(summary(&stats)["entries"], 0);
    ok(&run(
        a.path(),
        PASSWORD,
        &["memory", "export", "-o", "tm.tmx"],
    ));
    ok(&run(a.path(), PASSWORD, &["memory", "pull", "copy.sqlite"]));
    assert_eq!(tables(&server), "", "stats, export or pull created tables");
    assert!(sent(a.path()).is_empty(), "a dry run paid");

    // Once a real run wrote the season, a dry run finds all of it and writes nothing.
    ok(&translate(a.path(), "fa"));
    let rows = server.psql("SELECT count(*) FROM tm");
    let out = run(a.path(), PASSWORD, &dry_refs);
    ok(&out);
    let s = summary(&out);
    assert_eq!(s["totals"]["memory_hits"], s["totals"]["segments"], "{s}");
    assert_eq!(server.psql("SELECT count(*) FROM tm"), rows);
    assert_eq!(server.psql("SELECT count(*) FROM claims"), "0");
}

#[test]
fn the_password_variable_can_be_named_on_the_command_line() {
    let Some(server) = Server::start() else {
        return;
    };
    // A machine whose subloc.yaml names no password variable at all.
    let a = tempfile::tempdir().expect("tempdir");
    std::fs::write(a.path().join("echo.sh"), ECHO_SH).expect("echo.sh");
    std::fs::write(
        a.path().join("subloc.yaml"),
        "translate:\n  backend: command\n  backends:\n    command:\n      command: [sh, echo.sh]\n",
    )
    .expect("subloc.yaml");
    let url = server.url();
    let mut args = season_args("fa");
    args.extend(["--memory".into(), url.clone()]);
    let with_flag = |args: &[String], var: &str, value: &str| {
        let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
        all.extend(["--memory-password-env", var]);
        let mut cmd = subloc(a.path(), "unused", &all);
        cmd.env(var, value);
        cmd.output().expect("runs")
    };

    // Without it: no password, the server refuses (exit 2).
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(a.path(), PASSWORD, &refs);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(sent(a.path()).is_empty());

    // With it: the run uses the team memory; the password is printed nowhere.
    let out = with_flag(&args, "TEAM_TM_SECRET", PASSWORD);
    ok(&out);
    assert!(!sent(a.path()).is_empty());
    for shown in [text(&out.stdout), text(&out.stderr)] {
        assert!(!shown.contains(PASSWORD), "{shown}");
    }
    let stats = with_flag(
        &[
            "memory".into(),
            "stats".into(),
            "--memory".into(),
            url.clone(),
            "--format".into(),
            "json".into(),
        ],
        "TEAM_TM_SECRET",
        PASSWORD,
    );
    ok(&stats);
    assert!(summary(&stats)["entries"].as_u64().unwrap_or(0) > 0);
    assert!(!text(&stats.stdout).contains(PASSWORD));

    // The flag wins over subloc.yaml's memory-password-env, and a wrong password named
    // through it is refused without being shown.
    let b = machine(&server);
    let mut cmd = subloc(
        b.path(),
        PASSWORD,
        &["memory", "stats", "--memory-password-env", "OTHER_SECRET"],
    );
    cmd.env("OTHER_SECRET", "not-the-password-5521");
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("password authentication failed"), "{err}");
    assert!(!err.contains("not-the-password-5521") && !err.contains(PASSWORD));
    // A variable named but not set is named in the error.
    let out = run(
        b.path(),
        PASSWORD,
        &["memory", "stats", "--memory-password-env", "UNSET_TM_VAR"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("UNSET_TM_VAR"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn translators_xliff_files_go_into_the_team_memory() {
    let Some(server) = Server::start() else {
        return;
    };
    let a = machine(&server);
    let ep = sample("ep01.srt").display().to_string();
    let export = [
        "translate",
        ep.as_str(),
        "--to",
        "fa",
        "--platform",
        "youtube",
        "--backend",
        "xliff",
    ];
    let out = run(a.path(), PASSWORD, &export);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let xlf = a.path().join("out/xliff/fa.xlf");
    let filled = fill_xliff_targets(&std::fs::read_to_string(&xlf).expect("exported"), "[fa] ");
    std::fs::write(&xlf, filled).expect("filled");

    // The import stores into the team memory, not into a file named after the URL.
    let out = run(
        a.path(),
        PASSWORD,
        &["xliff", "import", "out/xliff/fa.xlf", ep.as_str()],
    );
    ok(&out);
    assert!(!text(&out.stderr).contains(PASSWORD));
    let rows: u64 = server
        .psql("SELECT count(*) FROM tm")
        .parse()
        .expect("count");
    assert!(rows > 0, "nothing stored in the team memory");
    assert!(!a.path().join("postgres:").exists());

    // Another machine writes the track from the team memory alone.
    let b = machine(&server);
    let out = run(b.path(), PASSWORD, &export);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let track = outputs(b.path());
    assert_eq!(track.len(), 1);
    assert!(track[0].1.contains("[fa] "), "{}", track[0].1);
}

#[test]
fn plaintext_to_another_machine_only_when_allowed_and_then_with_a_warning() {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): nothing answers; the URL's connect_timeout keeps the
    // attempt short.
    let dir = tempfile::tempdir().expect("tempdir");
    let url = "postgres://someone@192.0.2.1:5432/tm?sslmode=disable&connect_timeout=1";
    std::fs::write(
        dir.path().join("subloc.yaml"),
        format!(
            "translate:\n  backend: pseudo\n  memory: {url}\n  memory-password-env: SUBLOC_PG_PASSWORD\n  memory-allow-plaintext: true\n"
        ),
    )
    .expect("subloc.yaml");
    let ep = sample("ep01.srt").display().to_string();
    let out = run(
        dir.path(),
        PASSWORD,
        &[
            "translate",
            ep.as_str(),
            "--to",
            "fa",
            "--platform",
            "youtube",
        ],
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("may go in clear") && err.contains("192.0.2.1"),
        "{err}"
    );
    assert!(!err.contains("refusing"), "allowed, so not refused: {err}");
    assert_eq!(out.status.code(), Some(2), "nothing answers there: {err}");
    assert!(!err.contains(PASSWORD));
}
