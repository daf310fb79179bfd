//! Deploying a policy set to an Azure AD B2C tenant through Microsoft
//! Graph (what `ief deploy` and `ief pull` run).

mod auth;
mod clock;
mod error;
mod graph;
pub mod messages;

pub use auth::{Credential, Endpoints, Secret, DEFAULT_AUTHORITY, DEFAULT_GRAPH};
pub use clock::{Clock, RetryPolicy, SystemClock};
pub use error::{GraphError, PlanError, KEYSET_PERMISSION, POLICY_PERMISSION};
pub use graph::{GraphClient, Log, XML_CONTENT_TYPE};
mod run;

pub use run::{
    compare, deploy, plan, preflight, pull, Change, Entry, Failure, Options, Outcome, PolicyFile,
    Report, TENANT_POLICY_LIMIT,
};
