//! TLS for the team memory: libpq's `sslmode` and `sslrootcert` URL parameters read the way
//! subloc means them, and a rustls connector for the `postgres` client (its `MakeTlsConnect`
//! trait, https://docs.rs/tokio-postgres/0.7/tokio_postgres/tls/trait.MakeTlsConnect.html).
//!
//! libpq's parameters (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-SSLMODE
//! and the table "SSL Mode Descriptions" in https://www.postgresql.org/docs/current/libpq-ssl.html)
//! as subloc applies them — stricter than libpq where libpq would encrypt without checking who
//! answers, because the password and every paid answer cross that connection:
//! - `disable`: no TLS.
//! - `prefer` (the default): TLS when the server offers it, its certificate checked as for
//!   `require`; in clear when the server has no TLS.
//! - `require`: TLS or no connection. The certificate is checked as for `verify-full`, except
//!   for a server on this machine (loopback or a Unix socket) named without `sslrootcert`:
//!   there nobody can stand in the middle, and Debian's own clusters answer with a self-signed
//!   "snakeoil" certificate, so encryption alone is accepted.
//! - `verify-ca`: TLS; the chain must lead to a trusted authority, the host name is not checked.
//! - `verify-full`: TLS; the chain and the host name (or IP address) are checked.
//!
//! Trusted authorities: the file `sslrootcert` names (PEM; `system` means the system's store, as
//! in libpq 16), else the system's store (`rustls-native-certs`: the files OpenSSL would read,
//! `SSL_CERT_FILE`/`SSL_CERT_DIR` included).
//!
//! The password rule, in line with `allow-insecure-http` for API keys
//! (`src/pipeline/backend.rs`): with a password, a host that is not this machine is never sent
//! it in clear. There `prefer` becomes `verify-full`, and `disable` is refused, unless
//! `memory-allow-plaintext: true` says the network is private.
//!
//! rustls runs on the `ring` provider installed process-wide by
//! `backends::http::install_crypto_provider` (its comment says why *ring*). Channel binding
//! (`SCRAM-SHA-256-PLUS`) is not offered: the client falls back to plain SCRAM, which the
//! verified certificate already protects; `channel_binding=require` therefore cannot connect.

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use postgres::Socket;
use postgres::config::{Host, SslMode};
use postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect, TlsStream};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// `sslmode` as libpq spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Disable => "disable",
            Mode::Prefer => "prefer",
            Mode::Require => "require",
            Mode::VerifyCa => "verify-ca",
            Mode::VerifyFull => "verify-full",
        }
    }

    fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "disable" => Mode::Disable,
            "prefer" => Mode::Prefer,
            "require" => Mode::Require,
            "verify-ca" => Mode::VerifyCa,
            "verify-full" => Mode::VerifyFull,
            _ => return None,
        })
    }
}

/// A location with the TLS parameters subloc handles itself taken out: `url` is what the
/// `postgres` crate parses (it knows neither `verify-*` nor `sslrootcert`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsParams {
    pub url: String,
    pub mode: Mode,
    pub rootcert: Option<String>,
}

/// Splits `sslmode` and `sslrootcert` out of a URL's query; `Err` is a message for an
/// unknown `sslmode` value (the password-free URL parts only).
pub fn split_params(url: &str) -> Result<TlsParams, String> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut kept = Vec::new();
    let mut mode = Mode::Prefer;
    let mut rootcert = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match percent_decode(k).as_str() {
            "sslmode" => {
                let v = percent_decode(v);
                mode = Mode::parse(&v).ok_or_else(|| {
                    format!(
                        "sslmode={v}: expected disable, prefer, require, verify-ca or verify-full"
                    )
                })?;
            }
            "sslrootcert" => rootcert = Some(percent_decode(v)),
            _ => kept.push(pair),
        }
    }
    // The client itself only ever sees `disable` or `require`: whether TLS is optional is
    // decided here (`plan`).
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok(TlsParams {
        url,
        mode,
        rootcert,
    })
}

/// `%XX` decoding of a URL query component (`+` is left alone, as libpq does).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether every host of a configuration is this machine (loopback addresses, `localhost`,
/// Unix sockets): nothing sent there crosses a network.
pub fn all_local(config: &postgres::Config) -> bool {
    let host_local = |h: &Host| match h {
        Host::Tcp(name) => is_local_name(name),
        #[cfg(unix)]
        Host::Unix(_) => true,
    };
    config.get_hosts().iter().all(host_local)
        && config.get_hostaddrs().iter().all(|a| a.is_loopback())
}

fn is_local_name(name: &str) -> bool {
    let host = name.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => {
            let d = host.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
    }
}

/// How the certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Encryption only (a server on this machine, `require`/`prefer` without `sslrootcert`).
    None,
    /// The chain leads to a trusted authority; the name is not checked (`verify-ca`).
    Chain,
    /// The chain and the host name (`verify-full`).
    Full,
}

/// What a location asks for, once the rules above are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// `Disable`, `Prefer` or `Require`, for the client.
    pub ssl: SslMode,
    pub check: Check,
    /// `None`: the system's store.
    pub roots: Option<PathBuf>,
}

/// Why a plan cannot be followed (data for the caller's message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanProblem {
    /// The password would go in clear to `host`, not this machine.
    Plaintext { host: String, mode: Mode },
}

/// Applies the rules of this module's header to a location.
pub fn plan(
    params: &TlsParams,
    local: bool,
    has_password: bool,
    allow_plaintext: bool,
    first_host: &str,
) -> Result<Plan, PlanProblem> {
    let roots = match params.rootcert.as_deref() {
        None | Some("system") | Some("") => None,
        Some(p) => Some(PathBuf::from(p)),
    };
    let explicit_roots = params.rootcert.as_deref().is_some_and(|r| !r.is_empty());
    let guarded = !local && has_password && !allow_plaintext;
    let checked = if local && !explicit_roots {
        Check::None
    } else {
        Check::Full
    };
    let (ssl, check) = match params.mode {
        Mode::Disable if guarded => {
            return Err(PlanProblem::Plaintext {
                host: first_host.to_string(),
                mode: Mode::Disable,
            });
        }
        Mode::Disable => (SslMode::Disable, Check::None),
        Mode::Prefer if guarded => (SslMode::Require, Check::Full),
        Mode::Prefer => (SslMode::Prefer, checked),
        Mode::Require => (SslMode::Require, checked),
        Mode::VerifyCa => (SslMode::Require, Check::Chain),
        Mode::VerifyFull => (SslMode::Require, Check::Full),
    };
    Ok(Plan { ssl, check, roots })
}

/// Why the TLS set-up failed before any connection (data for the caller's message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootsProblem {
    /// `sslrootcert` names a file that cannot be read or holds no certificate.
    File { path: String, detail: String },
    /// The system's store has no certificate subloc can use.
    System(String),
}

/// The rustls connector of a plan (`None` for `Disable`).
pub fn connector(plan: &Plan) -> Result<Option<RustlsConnector>, RootsProblem> {
    if plan.ssl == SslMode::Disable {
        return Ok(None);
    }
    crate::translate::backends::http::install_crypto_provider();
    let provider = provider();
    let verifier: Arc<dyn ServerCertVerifier> = match plan.check {
        Check::None => Arc::new(EncryptOnly(provider.clone())),
        Check::Chain | Check::Full => {
            let roots = Arc::new(load_roots(plan.roots.as_deref())?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .map_err(|e| match &plan.roots {
                    Some(p) => RootsProblem::File {
                        path: p.display().to_string(),
                        detail: e.to_string(),
                    },
                    None => RootsProblem::System(e.to_string()),
                })?;
            if plan.check == Check::Chain {
                Arc::new(ChainOnly(webpki))
            } else {
                webpki
            }
        }
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| RootsProblem::System(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Some(RustlsConnector {
        config: Arc::new(config),
    }))
}

/// The process's provider (installed just before), or *ring*'s when another crate left none.
fn provider() -> Arc<CryptoProvider> {
    match CryptoProvider::get_default() {
        Some(p) => p.clone(),
        #[allow(deprecated)] // see `install_crypto_provider`
        None => Arc::new(rustls::crypto::ring::default_provider()),
    }
}

fn load_roots(file: Option<&std::path::Path>) -> Result<RootCertStore, RootsProblem> {
    let mut store = RootCertStore::empty();
    match file {
        Some(path) => {
            let shown = path.display().to_string();
            let iter = CertificateDer::pem_file_iter(path).map_err(|e| RootsProblem::File {
                path: shown.clone(),
                detail: e.to_string(),
            })?;
            for cert in iter {
                let cert = cert.map_err(|e| RootsProblem::File {
                    path: shown.clone(),
                    detail: e.to_string(),
                })?;
                store.add(cert).map_err(|e| RootsProblem::File {
                    path: shown.clone(),
                    detail: e.to_string(),
                })?;
            }
            if store.is_empty() {
                return Err(RootsProblem::File {
                    path: shown,
                    detail: "no PEM certificate in it".into(),
                });
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            // Unusable entries of a system store are common (expired, odd encodings); what
            // matters is that some authority is there.
            let (added, _ignored) = store.add_parsable_certificates(found.certs);
            if added == 0 {
                let why = found
                    .errors
                    .first()
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| "no certificate authority found".into());
                return Err(RootsProblem::System(why));
            }
        }
    }
    Ok(store)
}

/// `verify-ca`: webpki's verification, less the name check. webpki checks the chain first
/// and the name last (rustls `webpki/server_verifier.rs`, `verify_server_cert`), so a
/// name error means the chain was accepted.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// Encryption without checking the certificate (a server on this machine only, `plan`). The
/// handshake signatures are still verified, so the key exchange is with the certificate's key.
#[derive(Debug)]
struct EncryptOnly(Arc<CryptoProvider>);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The connector handed to the `postgres` client.
#[derive(Debug, Clone)]
pub struct RustlsConnector {
    config: Arc<ClientConfig>,
}

/// A failed handshake: found again in the client's error chain to word the message.
#[derive(Debug)]
pub struct HandshakeFailed(pub String);

impl std::fmt::Display for HandshakeFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HandshakeFailed {}

impl MakeTlsConnect<Socket> for RustlsConnector {
    type Stream = RustlsStream;
    type TlsConnect = RustlsConnect;
    type Error = HandshakeFailed;

    fn make_tls_connect(&mut self, domain: &str) -> Result<RustlsConnect, HandshakeFailed> {
        let name = ServerName::try_from(domain.to_string())
            .map_err(|e| HandshakeFailed(format!("{domain}: {e}")))?;
        Ok(RustlsConnect {
            config: self.config.clone(),
            name,
        })
    }
}

pub struct RustlsConnect {
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
}

type Connecting = Pin<Box<dyn Future<Output = Result<RustlsStream, HandshakeFailed>> + Send>>;

impl TlsConnect<Socket> for RustlsConnect {
    type Stream = RustlsStream;
    type Error = HandshakeFailed;
    type Future = Connecting;

    fn connect(self, stream: Socket) -> Connecting {
        Box::pin(async move {
            tokio_rustls::TlsConnector::from(self.config)
                .connect(self.name, stream)
                .await
                .map(|s| RustlsStream(Box::new(s)))
                // rustls' error is the io::Error's payload, not its `source()`: its words
                // are kept here.
                .map_err(|e| HandshakeFailed(e.to_string()))
        })
    }
}

/// An encrypted connection.
pub struct RustlsStream(Box<tokio_rustls::client::TlsStream<Socket>>);

impl AsyncRead for RustlsStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for RustlsStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_shutdown(cx)
    }
}

impl TlsStream for RustlsStream {
    fn channel_binding(&self) -> ChannelBinding {
        ChannelBinding::none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(url: &str) -> TlsParams {
        split_params(url).expect("parses")
    }

    #[test]
    fn subloc_takes_out_what_the_client_does_not_know() {
        let p = params(
            "postgres://u@db.example:5433/tm?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=5",
        );
        assert_eq!(p.mode, Mode::VerifyFull);
        assert_eq!(p.rootcert.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(p.url, "postgres://u@db.example:5433/tm?connect_timeout=5");
        let p = params("postgres://u@h/db");
        assert_eq!(
            (p.mode, p.url.as_str()),
            (Mode::Prefer, "postgres://u@h/db")
        );
        assert!(split_params("postgres://u@h/db?sslmode=allow-maybe").is_err());
    }

    #[test]
    fn a_password_never_goes_in_clear_to_another_machine() {
        let remote = |url: &str, password: bool, allow: bool| {
            plan(&params(url), false, password, allow, "db.example")
        };
        assert!(matches!(
            remote("postgres://u@db.example/db?sslmode=disable", true, false),
            Err(PlanProblem::Plaintext { .. })
        ));
        // prefer becomes verify-full there.
        let p = remote("postgres://u@db.example/db", true, false).expect("plan");
        assert_eq!((p.ssl, p.check), (SslMode::Require, Check::Full));
        // Explicitly allowed, or no password: libpq's prefer, the certificate checked.
        let p = remote("postgres://u@db.example/db", true, true).expect("plan");
        assert_eq!((p.ssl, p.check), (SslMode::Prefer, Check::Full));
        let p = remote("postgres://u@db.example/db?sslmode=disable", false, false).expect("plan");
        assert_eq!(p.ssl, SslMode::Disable);
    }

    #[test]
    fn modes_check_what_the_header_says() {
        let local = |url: &str| plan(&params(url), true, true, false, "127.0.0.1").expect("plan");
        assert_eq!(
            local("postgres://u@127.0.0.1/db?sslmode=require").check,
            Check::None
        );
        let p = local("postgres://u@127.0.0.1/db?sslmode=require&sslrootcert=ca.pem");
        assert_eq!(
            (p.check, p.roots),
            (Check::Full, Some(PathBuf::from("ca.pem")))
        );
        assert_eq!(
            local("postgres://u@127.0.0.1/db?sslmode=verify-ca").check,
            Check::Chain
        );
        let p = local("postgres://u@127.0.0.1/db?sslmode=verify-full&sslrootcert=system");
        assert_eq!(
            (p.ssl, p.check, p.roots),
            (SslMode::Require, Check::Full, None)
        );
        let remote = plan(
            &params("postgres://u@db.example/db?sslmode=require"),
            false,
            false,
            false,
            "db.example",
        )
        .expect("plan");
        assert_eq!(remote.check, Check::Full);
    }

    #[test]
    fn loopback_names_are_local() {
        let cfg = |url: &str| url.parse::<postgres::Config>().expect("config");
        assert!(all_local(&cfg("postgres://u@127.0.0.1/db")));
        assert!(all_local(&cfg("postgres://u@localhost:5432/db")));
        assert!(all_local(&cfg("postgres://u@[::1]/db")));
        assert!(!all_local(&cfg("postgres://u@db.example/db")));
        assert!(!all_local(&cfg("postgres://u@127.0.0.1,10.0.0.2/db")));
    }

    #[test]
    fn a_missing_or_empty_root_file_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").expect("write");
        for path in [dir.path().join("missing.pem"), empty] {
            let p = Plan {
                ssl: SslMode::Require,
                check: Check::Full,
                roots: Some(path.clone()),
            };
            match connector(&p) {
                Err(RootsProblem::File { path: shown, .. }) => {
                    assert_eq!(shown, path.display().to_string())
                }
                other => panic!("{:?}", other.map(|c| c.is_some())),
            }
        }
    }
}
