//! Deploying a policy set to an Azure AD B2C tenant through Microsoft
//! Graph: what `ief deploy` and `ief pull` run.
//!
//! - [`plan`] orders a set for upload: every base before the policies
//!   built on it, independent branches in a stable order (by depth in the
//!   chain, then PolicyId).
//! - [`preflight`] checks the tenant before anything is uploaded: the
//!   policy keys every `StorageReferenceId` names exist, every `TenantId`
//!   is the tenant's, the tenant stays within its
//!   [`TENANT_POLICY_LIMIT`] policies.
//! - [`deploy`] uploads in plan order (`PUT
//!   {graph}/beta/trustFramework/policies/{id}/$value`), after fetching
//!   each policy from the tenant and comparing it as canonical XML
//!   (formatting and comments aside, lists in their order: [`compare`]):
//!   unchanged
//!   policies are skipped unless [`Options::force`], a dry run uploads
//!   nothing, and the first failure stops the deploy with a [`Report`]
//!   (uploaded, failed, not tried). A failure's `AADB2C` messages become
//!   one finding each, placed on the local file ([`messages`]).
//! - [`pull`] downloads the tenant's custom policies.
//! - [`GraphClient`] is the HTTP client under them (blocking, rustls):
//!   it gets a token once per batch ([`Credential`]: a ready token, client
//!   credentials with a secret or a federated token), renews it before it
//!   expires or when Graph refuses it, and retries 429 and 5xx answers
//!   ([`RetryPolicy`]) as `Retry-After` says, else with exponential
//!   backoff and jitter, bounded in count and time. Time and waiting go
//!   through a [`Clock`], so tests do not wait.
//!
//! No secret (token, client secret, federated token) is printed, logged
//! or written: [`Secret`] shows `[redacted]`, the trace of
//! [`GraphClient::with_log`] redacts the `Authorization` header and the
//! secret form fields, and no error holds one.
//!
//! # Credentials and clouds
//!
//! The environment variables are those the Azure SDKs read, so that a CI
//! job set up for them works unchanged:
//!
//! | variable | use |
//! |---|---|
//! | `IEF_GRAPH_TOKEN` | a ready bearer token for Graph (used as is, never renewed) |
//! | `AZURE_TENANT_ID` | the tenant to get a token from (default: `--tenant`) |
//! | `AZURE_CLIENT_ID` | the application (client) id |
//! | `AZURE_CLIENT_SECRET` | its client secret (client credentials) |
//! | `AZURE_FEDERATED_TOKEN_FILE` | a file holding a federated token (workload identity, GitHub OIDC), read at each token request |
//! | `AZURE_AUTHORITY_HOST` | the token authority (default `https://login.microsoftonline.com`) |
//! | `IEF_GRAPH_URL` | the Graph base (default `https://graph.microsoft.com`; `--graph-url` wins) |
//!
//! `IEF_GRAPH_TOKEN` wins over the others; a federated token file wins
//! over a client secret. Plain `http://` is accepted only for a loopback
//! host (a local test server).
//!
//! ```no_run
//! use ief::deploy::{deploy, plan, preflight, Credential, Endpoints, GraphClient, Options, PolicyFile};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let tenant = "contoso.onmicrosoft.com";
//! let var = |k: &str| std::env::var(k).ok();
//! let mut client = GraphClient::new(
//!     Endpoints::from_env(var, None)?,  // AZURE_AUTHORITY_HOST, IEF_GRAPH_URL
//!     Credential::from_env(var, tenant)?, // IEF_GRAPH_TOKEN, AZURE_CLIENT_ID, …
//! );
//! let mut files = Vec::new();
//! for name in ["SignUpOrSignin.xml", "TrustFrameworkExtensions.xml", "TrustFrameworkBase.xml"] {
//!     files.push(PolicyFile::new(name, std::fs::read_to_string(name)?)?);
//! }
//! let order: Vec<&str> = plan(&files)?.iter().map(|&i| files[i].policy_id()).collect();
//! println!("upload order: {order:?}");
//! for finding in preflight(&mut client, &files, tenant)? {
//!     eprintln!("{}: {}", finding.file, finding.message);
//! }
//! let report = deploy(&mut client, &files, Options::default(), |entry| {
//!     println!("{}: {:?}", entry.policy_id, entry.outcome);
//! })?;
//! if let Some((entry, failure)) = report.failed() {
//!     eprintln!("{} failed: {}", entry.policy_id, failure.error);
//!     eprintln!("not tried: {:?}", report.not_tried());
//! }
//! # Ok(())
//! # }
//! ```

mod auth;
mod clock;
mod error;
mod graph;
pub mod messages;
mod run;

pub use auth::{Credential, Endpoints, Secret, DEFAULT_AUTHORITY, DEFAULT_GRAPH};
pub use clock::{Clock, RetryPolicy, SystemClock};
pub use error::{GraphError, PlanError, KEYSET_PERMISSION, POLICY_PERMISSION};
pub use graph::{GraphClient, Log, XML_CONTENT_TYPE};
pub use run::{
    compare, deploy, plan, preflight, pull, Change, Entry, Failure, Options, Outcome, PolicyFile,
    Report, TENANT_POLICY_LIMIT,
};
