//! Where the access token comes from, and where Graph and the token
//! authority are.
//!
//! See the module docs of [`crate::deploy`] for the environment variables read.

use std::fmt;
use std::path::PathBuf;

use super::GraphError;

/// The default token authority (the public cloud).
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";
/// The default Microsoft Graph base (the public cloud).
pub const DEFAULT_GRAPH: &str = "https://graph.microsoft.com";

/// A secret string (token, client secret). Its `Debug` and `Display` show
/// `[redacted]`; only [`Secret::expose`] gives the value, to put it on the
/// wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The value, for a request.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How to get an access token for Graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A ready bearer token (`IEF_GRAPH_TOKEN`).
    Bearer(Secret),
    /// Client credentials with a secret.
    ClientSecret {
        /// The tenant to ask (id or domain).
        tenant: String,
        /// The application (client) id.
        client_id: String,
        /// The client secret.
        secret: Secret,
    },
    /// Client credentials with a federated token read from a file (as
    /// `client_assertion`, of type JWT bearer).
    Federated {
        /// The tenant to ask (id or domain).
        tenant: String,
        /// The application (client) id.
        client_id: String,
        /// The file holding the federated token.
        token_file: PathBuf,
    },
}

impl Credential {
    /// The credential the environment describes (`var` reads a variable;
    /// pass `|k| std::env::var(k).ok()`). `default_tenant` is used when
    /// `AZURE_TENANT_ID` is not set.
    pub fn from_env(
        var: impl Fn(&str) -> Option<String>,
        default_tenant: &str,
    ) -> Result<Credential, GraphError> {
        let get = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        if let Some(t) = get("IEF_GRAPH_TOKEN") {
            return Ok(Credential::Bearer(Secret::new(t.trim())));
        }
        let tenant = get("AZURE_TENANT_ID").unwrap_or_else(|| default_tenant.to_owned());
        let Some(client_id) = get("AZURE_CLIENT_ID") else {
            return Err(GraphError::Config(
                "no credentials: set IEF_GRAPH_TOKEN, or AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE (and AZURE_TENANT_ID when it is not the --tenant)".into(),
            ));
        };
        if let Some(file) = get("AZURE_FEDERATED_TOKEN_FILE") {
            return Ok(Credential::Federated {
                tenant,
                client_id,
                token_file: PathBuf::from(file),
            });
        }
        if let Some(secret) = get("AZURE_CLIENT_SECRET") {
            return Ok(Credential::ClientSecret {
                tenant,
                client_id,
                secret: Secret::new(secret),
            });
        }
        Err(GraphError::Config(
            "AZURE_CLIENT_ID is set but neither AZURE_CLIENT_SECRET nor AZURE_FEDERATED_TOKEN_FILE is".into(),
        ))
    }

    /// Whether a new token can be had (not for a ready bearer token).
    pub fn renewable(&self) -> bool {
        !matches!(self, Credential::Bearer(_))
    }
}

/// Where the token authority and Graph are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The token authority, without a trailing `/`.
    pub authority: String,
    /// The Graph base, without a trailing `/`.
    pub graph: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            authority: DEFAULT_AUTHORITY.into(),
            graph: DEFAULT_GRAPH.into(),
        }
    }
}

impl Endpoints {
    /// The endpoints of the environment: `AZURE_AUTHORITY_HOST`, and
    /// `graph_url` (the `--graph-url` flag) else `IEF_GRAPH_URL`.
    pub fn from_env(
        var: impl Fn(&str) -> Option<String>,
        graph_url: Option<&str>,
    ) -> Result<Endpoints, GraphError> {
        let get = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        let authority = get("AZURE_AUTHORITY_HOST").unwrap_or_else(|| DEFAULT_AUTHORITY.into());
        let graph = graph_url
            .map(str::to_owned)
            .or_else(|| get("IEF_GRAPH_URL"))
            .unwrap_or_else(|| DEFAULT_GRAPH.into());
        Endpoints::new(&authority, &graph)
    }

    /// Checked endpoints: `https://`, or `http://` to a loopback host.
    pub fn new(authority: &str, graph: &str) -> Result<Endpoints, GraphError> {
        Ok(Endpoints {
            authority: checked_base(authority, "the token authority (AZURE_AUTHORITY_HOST)")?,
            graph: checked_base(graph, "the Graph base (--graph-url, IEF_GRAPH_URL)")?,
        })
    }
}

/// `url` without a trailing `/`, if it is https, or http to a loopback host.
fn checked_base(url: &str, what: &str) -> Result<String, GraphError> {
    let url = url.trim().trim_end_matches('/');
    if let Some(rest) = url.strip_prefix("https://") {
        if !rest.is_empty() {
            return Ok(url.to_owned());
        }
    } else if let Some(rest) = url.strip_prefix("http://") {
        let host_port = rest.split('/').next().unwrap_or("");
        let host = if let Some(v6) = host_port.strip_prefix('[') {
            v6.split(']').next().unwrap_or("")
        } else {
            host_port.split(':').next().unwrap_or("")
        };
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if loopback {
            return Ok(url.to_owned());
        }
        return Err(GraphError::Config(format!(
            "{what} `{url}` is plain http: only https is accepted, or http to a loopback address"
        )));
    }
    Err(GraphError::Config(format!(
        "{what} `{url}` is not an https URL"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_bearer_token_wins_and_is_never_shown() {
        let c = Credential::from_env(
            env(&[("IEF_GRAPH_TOKEN", "tok-123"), ("AZURE_CLIENT_ID", "x")]),
            "t",
        )
        .unwrap();
        assert_eq!(c, Credential::Bearer(Secret::new("tok-123")));
        assert!(!format!("{c:?}").contains("tok-123"));
    }

    #[test]
    fn a_federated_file_wins_over_a_secret_and_the_tenant_defaults() {
        let c = Credential::from_env(
            env(&[
                ("AZURE_CLIENT_ID", "app"),
                ("AZURE_CLIENT_SECRET", "s"),
                ("AZURE_FEDERATED_TOKEN_FILE", "/tmp/f"),
            ]),
            "contoso.onmicrosoft.com",
        )
        .unwrap();
        assert!(
            matches!(c, Credential::Federated { ref tenant, .. } if tenant == "contoso.onmicrosoft.com")
        );
        assert!(Credential::from_env(env(&[]), "t").is_err());
        assert!(Credential::from_env(env(&[("AZURE_CLIENT_ID", "a")]), "t").is_err());
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(Endpoints::new("http://127.0.0.1:9/", "http://[::1]:8").is_ok());
        assert!(Endpoints::new("http://localhost:1", "https://graph.microsoft.us/").is_ok());
        assert!(Endpoints::new("http://login.example.com", "https://g").is_err());
        assert!(Endpoints::new("https://l", "http://10.0.0.1").is_err());
        assert!(Endpoints::new("ftp://l", "https://g").is_err());
        let e = Endpoints::from_env(
            env(&[("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/")]),
            None,
        )
        .unwrap();
        assert_eq!(e.authority, "https://login.microsoftonline.us");
        assert_eq!(e.graph, DEFAULT_GRAPH);
    }
}
