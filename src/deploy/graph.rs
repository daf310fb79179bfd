//! A blocking Microsoft Graph client for the trust framework endpoints:
//! policies (list, get, put) and key sets (list). Every request is retried
//! on 429 and 5xx (and on a failed connection) as [`RetryPolicy`] says,
//! waiting what `Retry-After` asks when it is given; the access token is
//! fetched once and reused until it is about to expire, and renewed once
//! when Graph refuses it (401) half-way through a batch.

use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use super::auth::{Credential, Endpoints, Secret};
use super::clock::{Clock, RetryPolicy, SystemClock};
use super::GraphError;

/// Characters escaped in a policy id put in a URL path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The content type of a policy upload.
pub const XML_CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// A line of the `--verbose` trace (never holds a secret).
pub type Log = Box<dyn Fn(&str)>;

/// An access token and when to renew it (clock time).
struct Token {
    value: Secret,
    renew_at: Option<Duration>,
}

/// An answer: status, `Retry-After`, body.
struct Answer {
    status: u16,
    retry_after: Option<Duration>,
    body: String,
}

/// A Microsoft Graph client for one tenant.
pub struct GraphClient {
    agent: ureq::Agent,
    endpoints: Endpoints,
    credential: Credential,
    token: Option<Token>,
    clock: Box<dyn Clock>,
    retry: RetryPolicy,
    log: Option<Log>,
    token_requests: u32,
}

impl std::fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient")
            .field("endpoints", &self.endpoints)
            .field("credential", &self.credential)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl GraphClient {
    /// A client for `endpoints` that authenticates with `credential`, the
    /// real clock and the default [`RetryPolicy`].
    pub fn new(endpoints: Endpoints, credential: Credential) -> GraphClient {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(concat!("ief/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        GraphClient {
            agent,
            endpoints,
            credential,
            token: None,
            clock: Box::new(SystemClock::default()),
            retry: RetryPolicy::default(),
            log: None,
            token_requests: 0,
        }
    }

    /// Uses `clock` to tell time, wait and draw jitter.
    pub fn with_clock(mut self, clock: Box<dyn Clock>) -> GraphClient {
        self.clock = clock;
        self
    }

    /// Uses `retry` for every request.
    pub fn with_retry(mut self, retry: RetryPolicy) -> GraphClient {
        self.retry = retry;
        self
    }

    /// Sends a trace of every request and answer to `log`, the
    /// `Authorization` header and every secret form field redacted.
    pub fn with_log(mut self, log: Log) -> GraphClient {
        self.log = Some(log);
        self
    }

    /// How many times the token endpoint was asked.
    pub fn token_requests(&self) -> u32 {
        self.token_requests
    }

    /// The endpoints in use.
    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    fn trace(&self, line: &str) {
        if let Some(log) = &self.log {
            log(line);
        }
    }

    fn policy_url(&self, id: &str) -> String {
        format!(
            "{}/beta/trustFramework/policies/{}/$value",
            self.endpoints.graph,
            utf8_percent_encode(id, SEGMENT)
        )
    }

    /// The policy `id` as stored in the tenant (`GET …/{id}/$value`), or
    /// `None` when the tenant has no such policy.
    pub fn get_policy(&mut self, id: &str) -> Result<Option<String>, GraphError> {
        let url = self.policy_url(id);
        let ans = self.send("GET", &url, None)?;
        match ans.status {
            200..=299 => Ok(Some(ans.body)),
            404 => Ok(None),
            _ => Err(http_error("GET", &url, &self.endpoints.graph, &ans)),
        }
    }

    /// Uploads `xml` as the policy `id` (`PUT …/{id}/$value`), accepting
    /// 200 (replaced) and 201 (created).
    pub fn put_policy(&mut self, id: &str, xml: &str) -> Result<(), GraphError> {
        let url = self.policy_url(id);
        let ans = self.send("PUT", &url, Some(xml))?;
        match ans.status {
            200 | 201 | 204 => Ok(()),
            _ => Err(http_error("PUT", &url, &self.endpoints.graph, &ans)),
        }
    }

    /// The ids of the tenant's custom policies (`GET …/policies`, every
    /// page).
    pub fn list_policies(&mut self) -> Result<Vec<String>, GraphError> {
        let url = format!("{}/beta/trustFramework/policies", self.endpoints.graph);
        self.list_ids(url)
    }

    /// The ids of the tenant's policy keys (`GET …/keySets`, every page).
    pub fn list_key_sets(&mut self) -> Result<Vec<String>, GraphError> {
        let url = format!("{}/beta/trustFramework/keySets", self.endpoints.graph);
        self.list_ids(url)
    }

    fn list_ids(&mut self, first: String) -> Result<Vec<String>, GraphError> {
        let mut ids = Vec::new();
        let mut next = Some(first);
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            let request = request_name("GET", &url, &self.endpoints.graph);
            if pages > 1000 {
                return Err(GraphError::Response {
                    request,
                    message: "more than 1000 pages".into(),
                });
            }
            let ans = self.send("GET", &url, None)?;
            if !(200..=299).contains(&ans.status) {
                return Err(http_error("GET", &url, &self.endpoints.graph, &ans));
            }
            let doc: Value = serde_json::from_str(&ans.body).map_err(|e| GraphError::Response {
                request: request.clone(),
                message: format!("not JSON: {e}"),
            })?;
            let Some(items) = doc.get("value").and_then(Value::as_array) else {
                return Err(GraphError::Response {
                    request,
                    message: "no `value` array".into(),
                });
            };
            ids.extend(
                items
                    .iter()
                    .filter_map(|i| i.get("id").and_then(Value::as_str))
                    .map(str::to_owned),
            );
            if let Some(link) = doc.get("@odata.nextLink").and_then(Value::as_str) {
                // The token goes only to the Graph base configured.
                if !link.starts_with(&format!("{}/", self.endpoints.graph)) {
                    return Err(GraphError::Response {
                        request,
                        message: format!("the next page is outside the Graph base: {link}"),
                    });
                }
                next = Some(link.to_owned());
            }
        }
        Ok(ids)
    }

    /// The bearer token, fetched when there is none or it is about to
    /// expire.
    fn bearer(&mut self) -> Result<Secret, GraphError> {
        if let Some(t) = &self.token {
            if t.renew_at.is_none_or(|at| self.clock.now() < at) {
                return Ok(t.value.clone());
            }
            self.trace("the access token is about to expire: getting a new one");
        }
        let token = self.fetch_token()?;
        let value = token.value.clone();
        self.token = Some(token);
        Ok(value)
    }

    fn fetch_token(&mut self) -> Result<Token, GraphError> {
        let (tenant, client_id, secret_field) = match &self.credential {
            Credential::Bearer(t) => {
                return Ok(Token {
                    value: t.clone(),
                    renew_at: None,
                })
            }
            Credential::ClientSecret {
                tenant,
                client_id,
                secret,
            } => (tenant.clone(), client_id.clone(), Ok(secret.clone())),
            Credential::Federated {
                tenant,
                client_id,
                token_file,
            } => (tenant.clone(), client_id.clone(), Err(token_file.clone())),
        };
        let url = format!(
            "{}/{}/oauth2/v2.0/token",
            self.endpoints.authority,
            utf8_percent_encode(&tenant, SEGMENT)
        );
        let scope = format!("{}/.default", self.endpoints.graph);
        let mut form: Vec<(&str, String)> = vec![
            ("grant_type", "client_credentials".into()),
            ("client_id", client_id),
            ("scope", scope),
        ];
        let shown = match secret_field {
            Ok(secret) => {
                form.push(("client_secret", secret.expose().to_owned()));
                "client_secret=[redacted]"
            }
            Err(file) => {
                let assertion = std::fs::read_to_string(&file).map_err(|e| {
                    GraphError::Token(format!(
                        "cannot read AZURE_FEDERATED_TOKEN_FILE {}: {e}",
                        file.display()
                    ))
                })?;
                form.push((
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
                ));
                form.push(("client_assertion", assertion.trim().to_owned()));
                "client_assertion=[redacted]"
            }
        };
        self.token_requests += 1;
        let public: Vec<String> = form
            .iter()
            .filter(|(k, _)| !matches!(*k, "client_secret" | "client_assertion"))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        self.trace(&format!("> POST {url} ({}, {shown})", public.join(", ")));
        let request = format!("POST {url}");
        let agent = &self.agent;
        let log = self.log.as_deref();
        let ans = retrying(&*self.clock, &self.retry, log, &request, || {
            let sent = agent
                .post(&url)
                .send_form(form.iter().map(|(k, v)| (*k, v.as_str())));
            answer(sent)
        })?;
        let doc: Value = serde_json::from_str(&ans.body).unwrap_or(Value::Null);
        if !(200..=299).contains(&ans.status) {
            let err = doc.get("error").and_then(Value::as_str).unwrap_or("");
            let desc = doc
                .get("error_description")
                .and_then(Value::as_str)
                .and_then(|d| d.lines().next())
                .unwrap_or("");
            return Err(GraphError::Token(format!(
                "the token endpoint {url} answered HTTP {}: {err} {desc}",
                ans.status
            )));
        }
        let Some(access) = doc.get("access_token").and_then(Value::as_str) else {
            return Err(GraphError::Token(format!(
                "the token endpoint {url} answered without an access_token"
            )));
        };
        let expires_in = doc.get("expires_in").and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        });
        let renew_at = expires_in.map(|secs| {
            let margin = (secs / 2).min(300);
            self.clock.now() + Duration::from_secs(secs - margin)
        });
        Ok(Token {
            value: Secret::new(access),
            renew_at,
        })
    }

    /// Sends a Graph request with the bearer token, retrying as the policy
    /// says; renews the token once if Graph refuses it.
    fn send(&mut self, method: &str, url: &str, body: Option<&str>) -> Result<Answer, GraphError> {
        let mut renewed = false;
        let request = request_name(method, url, &self.endpoints.graph);
        loop {
            let token = self.bearer()?;
            self.trace(&format!(
                "> {method} {url} (Authorization: Bearer [redacted]{})",
                body.map(|b| format!(", Content-Type: {XML_CONTENT_TYPE}, {} bytes", b.len()))
                    .unwrap_or_default()
            ));
            let agent = &self.agent;
            let log = self.log.as_deref();
            let ans = retrying(&*self.clock, &self.retry, log, &request, || {
                let auth = format!("Bearer {}", token.expose());
                let sent = match body {
                    Some(b) => agent
                        .put(url)
                        .header("Authorization", &auth)
                        .header("Content-Type", XML_CONTENT_TYPE)
                        .send(b),
                    None => agent.get(url).header("Authorization", &auth).call(),
                };
                answer(sent)
            })?;
            if ans.status == 401 && !renewed && self.credential.renewable() {
                renewed = true;
                self.token = None;
                self.trace("the access token was refused: getting a new one");
                continue;
            }
            return Ok(ans);
        }
    }
}

/// `METHOD /path` (the path under the Graph base).
fn request_name(method: &str, url: &str, base: &str) -> String {
    format!("{method} {}", url.strip_prefix(base).unwrap_or(url))
}

fn answer(sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<Answer, String> {
    let mut resp = sent.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let body = resp
        .body_mut()
        .with_config()
        .limit(16 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| e.to_string())?;
    Ok(Answer {
        status,
        retry_after,
        body,
    })
}

/// Sends with `attempt` until the answer is not 429 or 5xx (nor a
/// transport error), within the policy's count and time.
fn retrying(
    clock: &dyn Clock,
    policy: &RetryPolicy,
    log: Option<&dyn Fn(&str)>,
    request: &str,
    mut attempt: impl FnMut() -> Result<Answer, String>,
) -> Result<Answer, GraphError> {
    let start = clock.now();
    let mut retries = 0u32;
    loop {
        let before = clock.now();
        let result = attempt();
        let (last, retry_after) = match result {
            Ok(ans) => {
                if let Some(log) = log {
                    log(&format!(
                        "< HTTP {} ({} ms)",
                        ans.status,
                        clock.now().saturating_sub(before).as_millis()
                    ));
                }
                if ans.status == 429 || (500..=599).contains(&ans.status) {
                    (format!("HTTP {}", ans.status), ans.retry_after)
                } else {
                    return Ok(ans);
                }
            }
            Err(e) => (e, None),
        };
        let elapsed = clock.now().saturating_sub(start);
        let exhausted = |retries: u32| GraphError::RetriesExhausted {
            request: request.to_owned(),
            attempts: retries + 1,
            seconds: elapsed.as_secs(),
            last: last.clone(),
        };
        if retries >= policy.max_retries {
            return Err(exhausted(retries));
        }
        let wait = match retry_after {
            Some(w) => w.min(policy.max_delay),
            None => policy.backoff(retries + 1, clock.jitter()),
        };
        if elapsed + wait > policy.max_total {
            return Err(exhausted(retries));
        }
        retries += 1;
        if let Some(log) = log {
            log(&format!(
                "  {last}: retry {retries} of {} in {} ms{}",
                policy.max_retries,
                wait.as_millis(),
                if retry_after.is_some() {
                    " (Retry-After)"
                } else {
                    ""
                }
            ));
        }
        clock.sleep(wait);
    }
}

/// The error of an answer that is not a success: Graph's `error.code` and
/// `error.message` when the body has them.
fn http_error(method: &str, url: &str, base: &str, ans: &Answer) -> GraphError {
    let doc: Value = serde_json::from_str(&ans.body).unwrap_or(Value::Null);
    let err = doc.get("error");
    let code = err
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let message = err
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| ans.body.chars().take(400).collect());
    GraphError::Http {
        request: request_name(method, url, base),
        status: ans.status,
        code,
        message,
    }
}
