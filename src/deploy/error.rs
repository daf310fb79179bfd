//! The errors of [`crate::deploy`].

/// The permission an application needs to read and write custom policies.
pub const POLICY_PERMISSION: &str = "Policy.ReadWrite.TrustFramework";

/// The permission an application needs to list the tenant's policy keys.
pub const KEYSET_PERMISSION: &str = "TrustFrameworkKeySet.Read.All";

/// What went wrong talking to Microsoft Graph or the token endpoint.
///
/// No variant holds a secret: tokens, client secrets and federated tokens
/// never reach an error's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// Graph answered with an error status.
    #[error("{request}: HTTP {status}{}: {message}", code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Http {
        /// `METHOD /path` of the request.
        request: String,
        /// The HTTP status.
        status: u16,
        /// Graph's `error.code`, when the body had one (`AADB2C`, …).
        code: Option<String>,
        /// Graph's `error.message`, else the body's start.
        message: String,
    },
    /// The request did not get an answer (connection refused, TLS, time-out).
    #[error("{request}: {message}")]
    Transport {
        /// `METHOD /path` of the request.
        request: String,
        /// What the HTTP client said.
        message: String,
    },
    /// The request was retried as many times, or as long, as allowed.
    #[error("{request}: gave up after {attempts} attempt(s) over {seconds} s: {last}")]
    RetriesExhausted {
        /// `METHOD /path` of the request.
        request: String,
        /// How many times it was sent.
        attempts: u32,
        /// How long was spent, in whole seconds (waits included).
        seconds: u64,
        /// The last answer or transport error.
        last: String,
    },
    /// No access token could be had.
    #[error("cannot get an access token: {0}")]
    Token(String),
    /// The credential or endpoint configuration is not usable.
    #[error("{0}")]
    Config(String),
    /// Graph answered 2xx with a body that is not what it documents.
    #[error("{request}: unexpected answer: {message}")]
    Response {
        /// `METHOD /path` of the request.
        request: String,
        /// What was wrong with it.
        message: String,
    },
}

impl GraphError {
    /// The HTTP status, for [`GraphError::Http`].
    pub fn status(&self) -> Option<u16> {
        match self {
            GraphError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// What to do about it, where that can be said: the permission to grant
    /// on 401/403.
    pub fn help(&self) -> Option<String> {
        match self {
            GraphError::Http {
                status: 401,
                request,
                ..
            } => Some(format!(
                "the access token was refused (expired, or for another tenant or audience); the application needs the Microsoft Graph application permission {} with admin consent, in the tenant deployed to",
                permission_for(request)
            )),
            GraphError::Http {
                status: 403,
                request,
                ..
            } => Some(format!(
                "the application lacks the Microsoft Graph application permission {}: add it to the app registration and grant admin consent",
                permission_for(request)
            )),
            GraphError::RetriesExhausted { .. } => Some(
                "Graph kept answering \"busy\"; run the same command again later: policies already uploaded are skipped as unchanged".into(),
            ),
            _ => None,
        }
    }
}

fn permission_for(request: &str) -> &'static str {
    if request.contains("/keySets") {
        KEYSET_PERMISSION
    } else {
        POLICY_PERMISSION
    }
}

/// Why a set cannot be planned for upload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Two files have one PolicyId (ignoring case).
    #[error("{first} and {second} both have the PolicyId `{policy_id}`")]
    Duplicate {
        /// The PolicyId.
        policy_id: String,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// The inheritance chain loops.
    #[error("the inheritance chain loops: {file} names {base} as its base")]
    Loop {
        /// The file whose base closes the loop.
        file: String,
        /// The file it names.
        base: String,
    },
}
