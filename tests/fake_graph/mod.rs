//! A local stand-in for the Microsoft Graph trust framework endpoints and
//! the Microsoft identity platform's token endpoint, served on 127.0.0.1
//! for the deploy and pull tests. It behaves as Graph documents:
//!
//! - `GET /beta/trustFramework/policies` lists `{"value":[{"id":…}]}`,
//!   paged with `@odata.nextLink` when `page_size` is set;
//! - `GET …/policies/{id}/$value` returns the stored XML, 404 when absent;
//! - `PUT …/policies/{id}/$value` (Content-Type `application/xml`) stores
//!   the XML: 201 when new, 200 when replaced; 404 with an `AADB2C` error
//!   when the policy's base is not stored; 400 with an `AADB2C` error for
//!   a policy the test marks invalid (several messages run together);
//! - `GET /beta/trustFramework/keySets` lists the key sets;
//! - every Graph request needs a bearer token the token endpoint issued
//!   (401 otherwise); a test may script 429 (with `Retry-After`) and 500
//!   answers for the next requests, and make tokens expire after a count
//!   of requests;
//! - `POST /{tenant}/oauth2/v2.0/token` issues a token for the client
//!   secret or the federated assertion it was given;
//! - `GET /oidc?audience=…` plays GitHub's OIDC token request endpoint.
//!
//! The error messages are written for these tests, in B2C's shape (a
//! header sentence, then the messages run together), not copied.

#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};

use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

/// A scripted answer for the next Graph request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scripted {
    /// Handle it normally.
    Pass,
    /// 429 with `Retry-After: secs` (no header when `None`).
    Throttle(Option<u64>),
    /// 500 with an error body.
    ServerError,
}

/// The fake's state, open to the test.
#[derive(Debug, Default)]
pub struct State {
    /// The tenant (for messages).
    pub tenant: String,
    /// Stored policies: lowercase id → (id, xml).
    pub policies: BTreeMap<String, (String, String)>,
    /// Key set ids.
    pub key_sets: Vec<String>,
    /// The client id, secret and federated assertion accepted.
    pub client_id: String,
    pub client_secret: String,
    pub federated_assertion: String,
    /// `expires_in` of issued tokens.
    pub expires_in: u64,
    /// Tokens issued (valid ones).
    pub tokens: Vec<String>,
    /// How many Graph requests a token is good for (then 401).
    pub token_uses: Option<u32>,
    uses: BTreeMap<String, u32>,
    /// Token requests received (successful or not).
    pub token_requests: u32,
    /// The `scope` of the last token request.
    pub last_scope: String,
    /// Answers for the next Graph requests, in order.
    pub script: VecDeque<Scripted>,
    /// PolicyIds (lowercase) rejected with this `AADB2C` message.
    pub invalid: BTreeMap<String, String>,
    /// Graph requests received: `METHOD path`.
    pub log: Vec<String>,
    /// Policies per page of the list (all when `None`).
    pub page_size: Option<usize>,
    /// The OIDC token GitHub would hand out, and the request token it needs.
    pub oidc_token: String,
    pub oidc_request_token: String,
    /// Every request's headers and body, to look for secrets.
    pub raw: Vec<String>,
    /// Answer PUTs with 403 (the application lacks the permission).
    pub forbid_puts: bool,
}

impl State {
    /// The PUTs received (PolicyIds in order).
    pub fn puts(&self) -> Vec<String> {
        self.log
            .iter()
            .filter_map(|l| l.strip_prefix("PUT "))
            .map(str::to_owned)
            .collect()
    }
}

/// A running fake; stops when dropped.
pub struct Fake {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    state: Arc<Mutex<State>>,
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
}

impl Fake {
    /// Starts a fake for `tenant` with the key sets given.
    pub fn start(tenant: &str, key_sets: &[&str]) -> Fake {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let url = format!("http://127.0.0.1:{port}");
        let state = Arc::new(Mutex::new(State {
            tenant: tenant.to_owned(),
            key_sets: key_sets.iter().map(|s| (*s).to_owned()).collect(),
            client_id: "11111111-2222-3333-4444-555555555555".into(),
            client_secret: "s3cr3t-Client-Value~42".into(),
            federated_assertion: "eyJhbGciOi.fed-assertion.sig".into(),
            expires_in: 3599,
            oidc_token: "eyJhbGciOi.fed-assertion.sig".into(),
            oidc_request_token: "gh-request-token-987".into(),
            ..State::default()
        }));
        let (s, st, base) = (server.clone(), state.clone(), url.clone());
        let thread = std::thread::spawn(move || {
            while let Ok(req) = s.recv() {
                handle(req, &st, &base);
            }
        });
        Fake {
            url,
            state,
            server,
            thread: Some(thread),
        }
    }

    /// The state (locked).
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn json(status: u16, body: serde_json::Value) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body.to_string())
        .with_status_code(status)
        .with_header(Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..]).unwrap())
}

fn graph_error(status: u16, code: &str, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    json(
        status,
        serde_json::json!({ "error": {
            "code": code,
            "message": message,
            "innerError": { "request-id": "00000000-0000-0000-0000-000000000000", "date": "2026-01-01T00:00:00" }
        }}),
    )
}

fn form(body: &str) -> BTreeMap<String, String> {
    body.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| {
            let dec = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (dec(k), dec(v))
        })
        .collect()
}

fn handle(mut req: tiny_http::Request, state: &Mutex<State>, base: &str) {
    let mut body = String::new();
    let _ = req.as_reader().read_to_string(&mut body);
    let method = req.method().as_str().to_owned();
    let url = req.url().to_owned();
    let header = |name: &str| {
        req.headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_owned())
    };
    let auth = header("Authorization");
    let content_type = header("Content-Type");
    let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
    st.raw.push(format!(
        "{method} {url}\n{}\n{body}",
        req.headers()
            .iter()
            .map(|h| format!("{}: {}", h.field, h.value))
            .collect::<Vec<_>>()
            .join("\n")
    ));
    let path = url.split('?').next().unwrap_or("").to_owned();
    let query = url
        .split_once('?')
        .map(|(_, q)| q.to_owned())
        .unwrap_or_default();

    // The token endpoint.
    if method == "POST" && path.ends_with("/oauth2/v2.0/token") {
        st.token_requests += 1;
        let f = form(&body);
        st.last_scope = f.get("scope").cloned().unwrap_or_default();
        let secret_ok = f.get("client_secret") == Some(&st.client_secret);
        let assertion_ok = f.get("client_assertion") == Some(&st.federated_assertion)
            && f.get("client_assertion_type").map(String::as_str)
                == Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        let ok = f.get("grant_type").map(String::as_str) == Some("client_credentials")
            && f.get("client_id") == Some(&st.client_id)
            && (secret_ok || assertion_ok);
        let resp = if ok {
            let token = format!("access-token-{}", st.tokens.len() + 1);
            st.tokens.push(token.clone());
            json(
                200,
                serde_json::json!({ "token_type": "Bearer", "expires_in": st.expires_in, "access_token": token }),
            )
        } else {
            json(
                401,
                serde_json::json!({ "error": "invalid_client", "error_description": "AADSTS0000: the client credentials are not valid (test)" }),
            )
        };
        drop(st);
        let _ = req.respond(resp);
        return;
    }
    // GitHub's OIDC token request endpoint.
    if method == "GET" && path == "/oidc" {
        let want = format!("bearer {}", st.oidc_request_token);
        let resp = if auth.as_deref().map(str::to_lowercase) == Some(want.to_lowercase())
            && query.contains("audience=")
        {
            json(200, serde_json::json!({ "value": st.oidc_token }))
        } else {
            json(401, serde_json::json!({ "message": "bad request token" }))
        };
        drop(st);
        let _ = req.respond(resp);
        return;
    }

    // Graph.
    st.log.push(format!(
        "{method} {}",
        path.strip_prefix("/beta/trustFramework/policies/")
            .and_then(|p| p.strip_suffix("/$value"))
            .unwrap_or(&path)
    ));
    let token = auth
        .as_deref()
        .and_then(|a| a.strip_prefix("Bearer "))
        .unwrap_or("");
    let valid = st.tokens.iter().any(|t| t == token);
    let used = {
        let n = st.uses.entry(token.to_owned()).or_insert(0);
        *n += 1;
        *n
    };
    if !valid || st.token_uses.is_some_and(|max| used > max) {
        drop(st);
        let _ = req.respond(graph_error(
            401,
            "InvalidAuthenticationToken",
            "The bearer token is missing, expired or not valid for this tenant (test).",
        ));
        return;
    }
    match st.script.pop_front().unwrap_or(Scripted::Pass) {
        Scripted::Pass => {}
        Scripted::Throttle(after) => {
            drop(st);
            let mut r = graph_error(429, "TooManyRequests", "Too many requests (test).");
            if let Some(s) = after {
                r = r.with_header(
                    Header::from_bytes(&b"Retry-After"[..], s.to_string().as_bytes()).unwrap(),
                );
            }
            let _ = req.respond(r);
            return;
        }
        Scripted::ServerError => {
            drop(st);
            let _ = req.respond(graph_error(
                500,
                "InternalServerError",
                "Something went wrong (test).",
            ));
            return;
        }
    }
    let resp = if method == "GET" && path == "/beta/trustFramework/policies" {
        let all: Vec<String> = st.policies.values().map(|(id, _)| id.clone()).collect();
        let skip: usize = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("$skiptoken="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let size = st.page_size.unwrap_or(usize::MAX);
        let page: Vec<serde_json::Value> = all
            .iter()
            .skip(skip)
            .take(size)
            .map(|id| serde_json::json!({ "id": id }))
            .collect();
        let mut doc = serde_json::json!({
            "@odata.context": format!("{base}/beta/$metadata#trustFramework/policies"),
            "value": page,
        });
        if skip.saturating_add(size) < all.len() {
            doc["@odata.nextLink"] = serde_json::json!(format!(
                "{base}/beta/trustFramework/policies?$skiptoken={}",
                skip + size
            ));
        }
        json(200, doc)
    } else if method == "GET" && path == "/beta/trustFramework/keySets" {
        let value: Vec<serde_json::Value> = st
            .key_sets
            .iter()
            .map(|id| serde_json::json!({ "id": id, "keys": [] }))
            .collect();
        json(200, serde_json::json!({ "value": value }))
    } else if let Some(id) = path
        .strip_prefix("/beta/trustFramework/policies/")
        .and_then(|p| p.strip_suffix("/$value"))
    {
        let id = percent_encoding::percent_decode_str(id)
            .decode_utf8_lossy()
            .into_owned();
        let key = id.to_lowercase();
        match method.as_str() {
            "GET" => match st.policies.get(&key) {
                Some((_, xml)) => Response::from_string(xml.clone()).with_header(
                    Header::from_bytes(&b"Content-Type"[..], &b"application/xml"[..]).unwrap(),
                ),
                None => graph_error(
                    404,
                    "AADB2C",
                    &format!("The policy '{id}' is not in the tenant (test)."),
                ),
            },
            "PUT" if st.forbid_puts => graph_error(
                403,
                "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation (test).",
            ),
            "PUT" => put(&mut st, &id, &body, content_type.as_deref()),
            _ => graph_error(405, "BadRequest", "method not allowed"),
        }
    } else {
        graph_error(404, "BadRequest", "no such resource")
    };
    drop(st);
    let _ = req.respond(resp);
}

fn put(
    st: &mut State,
    id: &str,
    body: &str,
    content_type: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    if !content_type.is_some_and(|c| c.starts_with("application/xml")) {
        return graph_error(415, "BadRequest", "the body must be application/xml (test)");
    }
    let key = id.to_lowercase();
    let tenant = st.tenant.clone();
    let header = |n: usize| {
        format!("Validation failed: {n} validation error(s) found in policy \"{}\" of tenant \"{tenant}\".", id.to_uppercase())
    };
    let Ok(doc) = roxmltree::Document::parse(body) else {
        return graph_error(
            400,
            "AADB2C",
            &format!("{}The document is not well-formed XML (test).", header(1)),
        );
    };
    let root = doc.root_element();
    if !root
        .attribute("PolicyId")
        .is_some_and(|p| p.eq_ignore_ascii_case(id))
    {
        return graph_error(
            400,
            "AADB2C",
            &format!(
                "{}The PolicyId of the document is not the one in the URL (test).",
                header(1)
            ),
        );
    }
    let base = root
        .children()
        .find(|n| n.tag_name().name() == "BasePolicy")
        .and_then(|b| b.children().find(|n| n.tag_name().name() == "PolicyId"))
        .and_then(|p| p.text())
        .map(|t| t.trim().to_owned());
    if let Some(base) = base {
        if !st.policies.contains_key(&base.to_lowercase()) {
            return graph_error(
                404,
                "AADB2C",
                &format!("{}The base policy '{base}' named by this policy cannot be found in the tenant '{tenant}' (test).", header(1)),
            );
        }
    }
    if let Some(msg) = st.invalid.get(&key) {
        return graph_error(400, "AADB2C", msg);
    }
    let created = st
        .policies
        .insert(key, (id.to_owned(), body.to_owned()))
        .is_none();
    let doc = serde_json::json!({ "id": id });
    json(if created { 201 } else { 200 }, doc)
}
