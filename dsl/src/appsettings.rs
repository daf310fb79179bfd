//! Templated policy sets: the `appsettings.json` of the Azure AD B2C VS
//! Code extension (and IEFPolicies' `conf.json`, where it is the same idea).
//!
//! Teams keep one set of policy files with placeholders and render it per
//! environment before upload. The VS Code extension's file looks like this:
//!
//! ```json
//! { "Environments": [
//!     { "Name": "Dev", "Production": false, "Tenant": "contosodev.onmicrosoft.com",
//!       "PolicySettings": { "ProxyIdentityExperienceFrameworkAppId": "1111…" } } ] }
//! ```
//!
//! and its "build all policies" command replaces, in every policy file and
//! for every environment, the placeholders below (each matched ignoring
//! case, `{settings:tenant}` included), in this order:
//!
//! | placeholder | value |
//! |---|---|
//! | `{Settings:Tenant}` | the environment's `Tenant` |
//! | `{Settings:Filename}` | the file's name without its last extension |
//! | `{Settings:PolicyFilename}` | the same with every `B2C_1A_` removed |
//! | `{Settings:Environment}` | the environment's `Name` |
//! | `{Settings:Key}` | `PolicySettings.Key` (the first key equal ignoring case) |
//!
//! A built-in wins over a `PolicySettings` key of the same name (the
//! extension replaces the built-ins first). The extension has no `TenantId`
//! field: `Tenant` is the tenant's domain name, and a `TenantId` (a GUID)
//! is an ordinary `PolicySettings` key.
//!
//! Differences, on purpose: the extension leaves a placeholder it has no
//! value for in the output, ief reports it (E002, at the placeholder); the
//! extension replaces key by key, so a value that itself contains
//! `{Settings:Other}` is expanded when `Other` comes later, ief replaces
//! in one pass and never rescans a value; a key is matched literally (the
//! extension puts it into a regular expression unescaped).
//!
//! [`AppSettings::render`] renders one file for one environment and keeps
//! every substitution ([`Substitution`]), so that a position in the
//! rendered text maps back to the template ([`Rendered::to_template`]).
//! [`check_environment`] and [`check_template`] check a rendered set and
//! report every finding at its place in the template.
//!
//! ```
//! use ief_dsl::appsettings::AppSettings;
//!
//! let json = r#"{ "Environments": [
//!   { "Name": "Dev", "Tenant": "dev.onmicrosoft.com",
//!     "PolicySettings": { "AppId": "1111" } } ] }"#;
//! let settings = AppSettings::parse(json, "appsettings.json").unwrap();
//! let dev = settings.environment("Dev").unwrap();
//! let template = r#"<X TenantId="{Settings:Tenant}" App="{settings:appid}" F="{Settings:PolicyFilename}"/>"#;
//! let out = settings.render(dev, "B2C_1A_SignUp.xml", template);
//! assert_eq!(out.text, r#"<X TenantId="dev.onmicrosoft.com" App="1111" F="SignUp"/>"#);
//! assert!(out.missing.is_empty());
//! // A place in the output maps back to the template.
//! let app = out.text.find("App=").unwrap();
//! assert_eq!(out.to_template(app), template.find("App=").unwrap());
//! ```
//!
//! IEFPolicies' `conf.json` (`Import-IefPolicies`) is one environment: a
//! JSON object whose string members replace `{Name}` (matched with case;
//! a nested object's members are `{Parent:Child}`), and whose `Prefix` is
//! inserted after `B2C_1A_` in `PolicyId="B2C_1A_…`, `<PolicyId>B2C_1A_…`
//! and `/B2C_1A_…`. Braces are also B2C's claim-resolver syntax, so a
//! `{Name}` the file does not define is left as it is, not reported. What
//! the module fills in from the tenant at upload (`yourtenant`, the two
//! IEF application ids, `{tenantId}`, `{ExtAppId}`, `{ExtObjectId}`) is
//! not known offline and stays in the output; a `secrets.json` beside the
//! file is not read.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::check::set::{check_set_with, CheckOptions, Diagnostic};
use crate::check::Severity;
use crate::import::{import_str, Pos};

/// The file name the VS Code extension reads.
pub const FILE_NAME: &str = "appsettings.json";

/// The folder (beside `appsettings.json`) the extension writes the
/// rendered environments into, one subfolder per environment.
pub const ENVIRONMENTS_FOLDER: &str = "Environments";

/// A settings file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AppSettingsError {
    /// The file cannot be read.
    #[error("cannot read settings file {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The file is not JSON, or not shaped as the format wants.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// Which tool's file it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// The VS Code extension's `appsettings.json`: `{Settings:Key}`.
    VsCode,
    /// IEFPolicies' `conf.json`: `{Key}` and `Prefix`.
    IefPolicies,
}

/// One key and value of an environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The key as written.
    pub key: String,
    /// The value as text (a JSON number or boolean as JSON writes it).
    pub value: String,
    /// Where the key is written in the settings file.
    pub pos: Pos,
}

/// One environment of a settings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// Its `Name` (also the folder its rendered files go to).
    pub name: String,
    /// Its `Production` flag, when given (the extension does not use it;
    /// `ief check` checks an environment marked production as such, see
    /// [`CheckOptions::production`]).
    pub production: Option<bool>,
    /// Its `Tenant` (`contoso.onmicrosoft.com`), when given.
    pub tenant: Option<String>,
    /// Its `PolicySettings`, in file order.
    pub settings: Vec<Setting>,
    /// Where the environment is written in the settings file.
    pub pos: Pos,
}

impl Environment {
    /// The value of `key` as the extension finds it: the first key equal
    /// to `key` ignoring case.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings
            .iter()
            .find(|s| eq_ignore_case(&s.key, key))
            .map(|s| s.value.as_str())
    }
}

/// A settings file: its environments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppSettings {
    path: String,
    format: Format,
    environments: Vec<Environment>,
    environments_folder: String,
    prefix: Option<String>,
}

/// One replacement made while rendering: `len` bytes of the template at
/// `offset` became `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// Byte offset in the template.
    pub offset: usize,
    /// Bytes replaced (0 for an insertion, such as an IEFPolicies prefix).
    pub len: usize,
    /// What was written instead.
    pub replacement: String,
    /// The setting's key (`Tenant`, `Filename`, `Prefix`, a policy setting).
    pub key: String,
}

/// A placeholder the environment has no value for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The key, as written in the placeholder.
    pub key: String,
    /// Byte offset of the placeholder in the template.
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
}

/// One file rendered for one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The rendered text.
    pub text: String,
    /// Every substitution, in template order.
    pub substitutions: Vec<Substitution>,
    /// The placeholders left in the text, with no value.
    pub missing: Vec<Missing>,
}

impl Rendered {
    /// The template offset of byte `offset` of the rendered text: a place
    /// inside a replacement maps to the start of its placeholder.
    pub fn to_template(&self, offset: usize) -> usize {
        // `delta` = rendered offset − template offset before the next one.
        let mut delta: isize = 0;
        for s in &self.substitutions {
            let start = (s.offset as isize + delta) as usize;
            if offset < start {
                break;
            }
            let end = start + s.replacement.len();
            if offset < end || (s.replacement.is_empty() && offset == start && s.len > 0) {
                return s.offset;
            }
            delta += s.replacement.len() as isize - s.len as isize;
        }
        (offset as isize - delta).max(0) as usize
    }
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// The line and column (from 1, in characters) of byte `offset` of
/// `text`, counting as the importer counts: CR LF and a lone CR are one
/// line end each.
pub fn pos_of(text: &str, offset: usize) -> Pos {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (mut line, mut column) = (1u32, 1u32);
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    Pos { line, column }
}

/// The byte offset of `pos` in `text` (the inverse of [`pos_of`]); past
/// the end of a line, the line's end.
pub fn offset_of(text: &str, pos: Pos) -> usize {
    let (mut line, mut column) = (1u32, 1u32);
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if line == pos.line && (column == pos.column || c == '\n' || c == '\r') {
            return i;
        }
        if line > pos.line {
            return i;
        }
        match c {
            '\r' if iter.peek().map(|(_, c)| *c) == Some('\n') => {}
            '\r' | '\n' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    text.len()
}

/// The byte offset of `inner` (a slice of `outer`) in `outer`.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

#[derive(Deserialize)]
struct RawFile<'a> {
    #[serde(rename = "Environments", borrow)]
    environments: Option<Vec<&'a RawValue>>,
    #[serde(rename = "EnvironmentsFolder")]
    environments_folder: Option<String>,
}

#[derive(Deserialize)]
struct RawEnvironment<'a> {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Production")]
    production: Option<bool>,
    #[serde(rename = "Tenant")]
    tenant: Option<String>,
    #[serde(rename = "PolicySettings", borrow)]
    policy_settings: Option<&'a RawValue>,
}

/// A JSON object's members in file order, values unparsed.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of settings")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Parses `inner` (a slice of `text`) as `T`, an error located in `text`.
fn parse_at<'a, T: Deserialize<'a>>(
    text: &str,
    inner: &'a str,
    path: &str,
) -> Result<T, AppSettingsError> {
    serde_json::from_str(inner).map_err(|e| {
        let base = offset_in(text, inner);
        // serde_json counts lines from 1 and columns from 1 (0 at a line
        // start before any character).
        let rel = offset_of(
            inner,
            Pos {
                line: e.line().max(1) as u32,
                column: e.column().max(1) as u32,
            },
        );
        let pos = pos_of(text, base + rel);
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        AppSettingsError::Syntax {
            path: path.to_owned(),
            line: pos.line as usize,
            column: pos.column as usize,
            message,
        }
    })
}

fn shape_error(text: &str, at: usize, path: &str, message: String) -> AppSettingsError {
    let pos = pos_of(text, at);
    AppSettingsError::Syntax {
        path: path.to_owned(),
        line: pos.line as usize,
        column: pos.column as usize,
        message,
    }
}

/// The position of the key whose value is `value` (a slice of `text`):
/// the last `"key"` before the value, else the value itself.
fn key_pos(text: &str, key: &str, value: &str) -> Pos {
    let at = offset_in(text, value);
    let quoted = format!("\"{key}\"");
    let found = text[..at].rfind(&quoted).unwrap_or(at);
    pos_of(text, found)
}

/// A JSON scalar as text: a string's value, a number or boolean as JSON
/// writes it; anything else is `None`.
fn scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl AppSettings {
    /// Reads a settings file: the VS Code extension's format when the file
    /// is named `appsettings.json` (any case) or has `Environments`,
    /// IEFPolicies' `conf.json` format otherwise.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, AppSettingsError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| AppSettingsError::Read {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| AppSettingsError::Read {
            path: shown.clone(),
            reason: "the file is not UTF-8".into(),
        })?;
        Self::parse(&text, &shown)
    }

    /// Parses settings text; `path` names it in errors and picks the
    /// format (see [`AppSettings::from_file`]).
    pub fn parse(text: &str, path: &str) -> Result<Self, AppSettingsError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value = parse_at(text, text, path)?;
        let named_appsettings = Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.eq_ignore_ascii_case(FILE_NAME));
        let has_environments = value.get("Environments").is_some();
        if !value.is_object() {
            return Err(shape_error(
                text,
                0,
                path,
                "a settings file is a JSON object".into(),
            ));
        }
        if named_appsettings || has_environments {
            Self::parse_vscode(text, path)
        } else {
            Self::parse_conf(text, path, &value)
        }
    }

    fn parse_vscode(text: &str, path: &str) -> Result<Self, AppSettingsError> {
        let raw: RawFile<'_> = parse_at(text, text, path)?;
        let Some(envs) = raw.environments else {
            return Err(shape_error(
                text,
                0,
                path,
                "the file has no `Environments` array (the VS Code extension's appsettings.json: { \"Environments\": [ { \"Name\": …, \"Tenant\": …, \"PolicySettings\": { … } } ] })".into(),
            ));
        };
        let mut environments: Vec<Environment> = Vec::new();
        for env in envs {
            let at = offset_in(text, env.get());
            let e: RawEnvironment<'_> = parse_at(text, env.get(), path)?;
            if e.name.is_empty() {
                return Err(shape_error(
                    text,
                    at,
                    path,
                    "an environment's `Name` is empty".into(),
                ));
            }
            if !is_folder_name(&e.name) {
                return Err(shape_error(
                    text,
                    at,
                    path,
                    format!(
                        "the environment name `{}` is not a plain folder name (it names the folder the build writes into: no `/`, `\\`, `.`, `..` or drive)",
                        e.name
                    ),
                ));
            }
            if let Some(first) = environments.iter().find(|o| o.name == e.name) {
                return Err(shape_error(
                    text,
                    at,
                    path,
                    format!(
                        "a second environment named `{}` (the first is at line {})",
                        e.name, first.pos.line
                    ),
                ));
            }
            let mut settings = Vec::new();
            match e.policy_settings {
                None => {
                    return Err(shape_error(
                        text,
                        at,
                        path,
                        format!(
                            "the environment `{}` has no `PolicySettings` object (the extension refuses to build it)",
                            e.name
                        ),
                    ))
                }
                Some(ps) => {
                    let members: Members<'_> = parse_at(text, ps.get(), path)?;
                    for (key, raw) in members.0 {
                        let v: serde_json::Value = parse_at(text, raw.get(), path)?;
                        let Some(value) = scalar(&v) else {
                            return Err(shape_error(
                                text,
                                offset_in(text, raw.get()),
                                path,
                                format!(
                                    "the setting `{key}` of environment `{}` must be a string, a number or a boolean",
                                    e.name
                                ),
                            ));
                        };
                        settings.push(Setting {
                            pos: key_pos(text, &key, raw.get()),
                            key,
                            value,
                        });
                    }
                }
            }
            environments.push(Environment {
                name: e.name,
                production: e.production,
                tenant: e.tenant,
                settings,
                pos: pos_of(text, at),
            });
        }
        if environments.is_empty() {
            return Err(shape_error(
                text,
                0,
                path,
                "`Environments` is empty: add at least one environment".into(),
            ));
        }
        if let Some(folder) = raw.environments_folder.as_deref() {
            let inside = std::path::Path::new(folder).components().all(|c| {
                matches!(c, std::path::Component::Normal(n) if n.to_str().is_some_and(is_folder_name))
            });
            if !folder.is_empty() && !inside {
                return Err(shape_error(
                    text,
                    0,
                    path,
                    format!(
                        "`EnvironmentsFolder` is `{folder}`: it must be a relative folder inside the project (no `..`, no absolute path)"
                    ),
                ));
            }
        }
        Ok(AppSettings {
            path: path.to_owned(),
            format: Format::VsCode,
            environments,
            environments_folder: raw
                .environments_folder
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| ENVIRONMENTS_FOLDER.to_owned()),
            prefix: None,
        })
    }

    fn parse_conf(
        text: &str,
        path: &str,
        value: &serde_json::Value,
    ) -> Result<Self, AppSettingsError> {
        // Nested objects flatten to `Parent:Child`, as Import-IefPolicies
        // does; only strings are settings (it ignores other values).
        fn flatten(
            prefix: &str,
            v: &serde_json::Value,
            text: &str,
            out: &mut Vec<Setting>,
            search_from: &mut usize,
        ) {
            let Some(obj) = v.as_object() else { return };
            for (k, v) in obj {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}:{k}")
                };
                let quoted = format!("\"{k}\"");
                let at = text[*search_from..]
                    .find(&quoted)
                    .map(|i| *search_from + i)
                    .or_else(|| text.find(&quoted))
                    .unwrap_or(0);
                match v {
                    serde_json::Value::String(s) => out.push(Setting {
                        key,
                        value: s.clone(),
                        pos: pos_of(text, at),
                    }),
                    serde_json::Value::Object(_) => flatten(&key, v, text, out, search_from),
                    _ => {}
                }
            }
        }
        let mut settings = Vec::new();
        flatten("", value, text, &mut settings, &mut 0);
        let prefix = settings
            .iter()
            .find(|s| s.key == "Prefix")
            .map(|s| s.value.clone())
            .filter(|p| !p.is_empty());
        let name = Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("conf")
            .to_owned();
        Ok(AppSettings {
            path: path.to_owned(),
            format: Format::IefPolicies,
            environments: vec![Environment {
                name,
                production: None,
                tenant: None,
                settings,
                pos: Pos { line: 1, column: 1 },
            }],
            environments_folder: ENVIRONMENTS_FOLDER.to_owned(),
            prefix,
        })
    }

    /// The file's path, as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Which tool's format the file is in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Every environment, in file order.
    pub fn environments(&self) -> &[Environment] {
        &self.environments
    }

    /// The environment named `name` (exactly, else ignoring case).
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments
            .iter()
            .find(|e| e.name == name)
            .or_else(|| {
                self.environments
                    .iter()
                    .find(|e| eq_ignore_case(&e.name, name))
            })
    }

    /// The names of the environments, in file order.
    pub fn names(&self) -> Vec<&str> {
        self.environments.iter().map(|e| e.name.as_str()).collect()
    }

    /// The folder the extension leaves out of the templates and writes
    /// into: `EnvironmentsFolder` when the file sets it, else
    /// `Environments`.
    pub fn environments_folder(&self) -> &str {
        &self.environments_folder
    }

    /// Renders `template` (the text of the file named `file_name`, a path
    /// or a bare name) for `env`.
    pub fn render(&self, env: &Environment, file_name: &str, template: &str) -> Rendered {
        match self.format {
            Format::VsCode => render_vscode(env, file_name, template),
            Format::IefPolicies => render_conf(env, self.prefix.as_deref(), template),
        }
    }

    /// The keys of `env` that no template uses (a built-in of the same
    /// name shadows a key, so it counts as unused).
    pub fn unused<'s>(&'s self, env: &'s Environment, templates: &[&str]) -> Vec<&'s Setting> {
        let mut used: Vec<String> = Vec::new();
        for t in templates {
            match self.format {
                Format::VsCode => {
                    for (_, _, key) in placeholders(t) {
                        used.push(key.to_lowercase());
                    }
                }
                Format::IefPolicies => {
                    for s in &env.settings {
                        if t.contains(&format!("{{{}}}", s.key)) {
                            used.push(s.key.to_lowercase());
                        }
                    }
                }
            }
        }
        let builtins = ["tenant", "filename", "policyfilename", "environment"];
        let mut seen: Vec<String> = Vec::new();
        env.settings
            .iter()
            .filter(|s| {
                let lower = s.key.to_lowercase();
                let first = !seen.contains(&lower);
                seen.push(lower.clone());
                let shadowed =
                    self.format == Format::VsCode && (builtins.contains(&lower.as_str()) || !first);
                let prefix = self.format == Format::IefPolicies && s.key == "Prefix";
                !prefix && (shadowed || !used.contains(&lower))
            })
            .collect()
    }
}

/// The `{Settings:Key}` placeholders of `text` (any case): start, length,
/// key. A key is one or more characters up to the first `}`, none of them
/// a brace, `<`, `>`, a quote or a line end.
pub fn placeholders(text: &str) -> Vec<(usize, usize, &str)> {
    const OPEN: &str = "{settings:";
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(rel) = text[i..].find('{') {
        let start = i + rel;
        i = start + 1;
        let Some(head) = bytes.get(start..start + OPEN.len()) else {
            break;
        };
        if !head.eq_ignore_ascii_case(OPEN.as_bytes()) {
            continue;
        }
        let key_start = start + OPEN.len();
        let Some(end) = text[key_start..].find(['}', '{', '<', '>', '"', '\'', '\n', '\r']) else {
            break;
        };
        let key_end = key_start + end;
        if end == 0 || bytes[key_end] != b'}' {
            continue;
        }
        out.push((start, key_end + 1 - start, &text[key_start..key_end]));
        i = key_end + 1;
    }
    out
}

/// The file name of `file_name` without its last extension.
/// Whether `name` can be one folder of a path: not empty, not `.` or
/// `..`, no separator, no drive or other special component.
fn is_folder_name(name: &str) -> bool {
    let mut comps = std::path::Path::new(name).components();
    matches!(comps.next(), Some(std::path::Component::Normal(_)))
        && comps.next().is_none()
        && !name.contains(['/', '\\', ':'])
}

fn stem(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rfind('.') {
        Some(i) if i > 0 => base[..i].to_owned(),
        _ => base.to_owned(),
    }
}

/// The byte ranges of the XML comments of `text` (`<!--` to `-->`).
fn comment_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--").map(|i| from + i) {
        let end = text[open + 4..]
            .find("-->")
            .map_or(text.len(), |i| open + 4 + i + 3);
        out.push(open..end);
        from = end;
    }
    out
}

fn render_vscode(env: &Environment, file_name: &str, template: &str) -> Rendered {
    let filename = stem(file_name);
    let policy_filename = filename.replace("B2C_1A_", "");
    let mut text = String::with_capacity(template.len());
    let mut substitutions = Vec::new();
    let mut missing = Vec::new();
    let mut last = 0;
    let comments = comment_ranges(template);
    for (start, len, key) in placeholders(template) {
        let lower = key.to_lowercase();
        let value: Option<String> = match lower.as_str() {
            "tenant" => env.tenant.clone(),
            "filename" => Some(filename.clone()),
            "policyfilename" => Some(policy_filename.clone()),
            "environment" => Some(env.name.clone()),
            _ => env.get(key).map(str::to_owned),
        };
        let Some(value) = value else {
            // In a comment B2C never reads it: left as written, as the
            // extension leaves it, and no error.
            if comments.iter().any(|r| r.contains(&start)) {
                continue;
            }
            missing.push(Missing {
                key: key.to_owned(),
                offset: start,
                len,
            });
            continue;
        };
        text.push_str(&template[last..start]);
        text.push_str(&value);
        last = start + len;
        substitutions.push(Substitution {
            offset: start,
            len,
            replacement: value,
            key: key.to_owned(),
        });
    }
    text.push_str(&template[last..]);
    Rendered {
        text,
        substitutions,
        missing,
    }
}

fn render_conf(env: &Environment, prefix: Option<&str>, template: &str) -> Rendered {
    // Every place a substitution starts: (offset, len, replacement, key).
    let mut subs: BTreeMap<usize, (usize, String, String)> = BTreeMap::new();
    if let Some(p) = prefix {
        for pattern in ["PolicyId=\"B2C_1A_", "/B2C_1A_", "<PolicyId>B2C_1A_"] {
            for (i, m) in template.match_indices(pattern) {
                subs.insert(i + m.len(), (0, p.to_owned(), "Prefix".to_owned()));
            }
        }
    }
    for s in &env.settings {
        let token = format!("{{{}}}", s.key);
        for (i, _) in template.match_indices(&token) {
            subs.entry(i)
                .or_insert((token.len(), s.value.clone(), s.key.clone()));
        }
    }
    let mut text = String::with_capacity(template.len());
    let mut substitutions = Vec::new();
    let mut last = 0;
    for (offset, (len, replacement, key)) in subs {
        if offset < last {
            continue; // overlaps an earlier one
        }
        text.push_str(&template[last..offset]);
        text.push_str(&replacement);
        last = offset + len;
        substitutions.push(Substitution {
            offset,
            len,
            replacement,
            key,
        });
    }
    text.push_str(&template[last..]);
    Rendered {
        text,
        substitutions,
        missing: Vec::new(),
    }
}

/// `text` with every `name:LINE:COL` (a position in the rendered file)
/// replaced by the template's position.
fn remap_positions(text: &str, name: &str, template: &str, r: &Rendered) -> String {
    let needle = format!("{name}:");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let l = digits(after);
        // Not the end of a longer name (`AF.xml` when looking for `F.xml`).
        let whole = !rest[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '\\'));
        let parsed = (whole && l > 0 && after[l..].starts_with(':'))
            .then(|| {
                let c = digits(&after[l + 1..]);
                let line = after[..l].parse::<u32>().ok()?;
                let column = after[l + 1..l + 1 + c].parse::<u32>().ok()?;
                (c > 0).then_some((line, column, l + 1 + c))
            })
            .flatten();
        match parsed {
            Some((line, column, len)) => {
                let off = r.to_template(offset_of(&r.text, Pos { line, column }));
                let p = pos_of(template, off);
                out.push_str(&rest[..i + needle.len()]);
                out.push_str(&format!("{}:{}", p.line, p.column));
                rest = &after[len..];
            }
            None => {
                out.push_str(&rest[..i + needle.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A template file: its name (as findings name it) and text.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    /// The file's name or path.
    pub name: &'a str,
    /// Its text (a byte-order mark, if any, already removed).
    pub text: &'a str,
}

/// A finding of a templated set, with the environments it was found in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EnvFinding {
    /// The finding, at its place in the template (or in the settings file).
    pub diagnostic: Diagnostic,
    /// The environments it was found in, in file order.
    pub environments: Vec<String>,
    /// Whether it was found in every environment checked.
    pub everywhere: bool,
}

impl EnvFinding {
    /// The finding with the environments named in its message (nothing
    /// added when it holds everywhere and more than one was checked).
    pub fn to_diagnostic(&self, checked: usize) -> Diagnostic {
        let mut d = self.diagnostic.clone();
        let own = matches!(d.code, "E002" | "W004");
        if own || !(self.everywhere && checked > 1) {
            let names: Vec<String> = self.environments.iter().map(|e| format!("`{e}`")).collect();
            let what = if names.len() == 1 {
                "environment"
            } else {
                "environments"
            };
            d.message = format!("{} (in {what} {})", d.message, names.join(", "));
        }
        d
    }
}

/// Renders `templates` for `env` and checks the rendered set: every
/// finding at its place in the template; a placeholder with no value is
/// E002 at the placeholder, a key of `env` that no template uses is W004
/// at the key in the settings file. Each finding names `env`
/// ([`EnvFinding::to_diagnostic`] puts it into the message).
pub fn check_environment(
    settings: &AppSettings,
    env: &Environment,
    templates: &[Template<'_>],
) -> Vec<EnvFinding> {
    check_environment_with(settings, env, templates, &CheckOptions::default())
}

/// [`check_environment`] with `options`; `options.production` checks the
/// environment as production whatever its own flag says.
pub fn check_environment_with(
    settings: &AppSettings,
    env: &Environment,
    templates: &[Template<'_>],
    options: &CheckOptions,
) -> Vec<EnvFinding> {
    check_one(settings, env, templates, options)
        .into_iter()
        .map(|diagnostic| EnvFinding {
            diagnostic,
            environments: vec![env.name.clone()],
            everywhere: true,
        })
        .collect()
}

/// [`check_environment`]'s findings, the environment not named.
fn check_one(
    settings: &AppSettings,
    env: &Environment,
    templates: &[Template<'_>],
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut imported = Vec::new();
    let mut rendered: Vec<(&str, &str, Rendered)> = Vec::new();
    for t in templates {
        let r = settings.render(env, t.name, t.text);
        for m in &r.missing {
            let known: Vec<&str> = env
                .settings
                .iter()
                .map(|s| s.key.as_str())
                .chain(["Tenant", "Filename", "PolicyFilename", "Environment"])
                .collect();
            let near = crate::import::did_you_mean(&m.key, known.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            diagnostics.push(Diagnostic {
                file: t.name.to_owned(),
                pos: Some(pos_of(t.text, m.offset)),
                code: "E002",
                severity: Severity::Error,
                message: format!("the setting `{}` has no value", m.key),
                help: Some(if m.key.eq_ignore_ascii_case("tenant") {
                    format!("give the environment a `Tenant` in {}", settings.path)
                } else {
                    format!(
                        "add `{}` to the environment's `PolicySettings` in {}{near}",
                        m.key, settings.path
                    )
                }),
                id: Some(m.key.clone()),
                origins: Vec::new(),
            });
        }
        match import_str(&r.text, t.name) {
            Ok(i) => imported.push(i),
            Err(errors) => diagnostics.extend(errors.into_iter().map(Diagnostic::from)),
        }
        rendered.push((t.name, t.text, r));
    }
    // An environment marked `"Production": true` is checked as production
    // (development settings left on are errors there).
    let options = CheckOptions {
        production: options.production || env.production == Some(true),
        ..options.clone()
    };
    diagnostics.extend(check_set_with(&imported, &options).diagnostics);
    // Back to the template; W002 of a placeholder already reported as
    // E002 is dropped.
    let mut out: Vec<Diagnostic> = Vec::new();
    for mut d in diagnostics {
        if d.code == "E002" {
            out.push(d);
            continue;
        }
        if let Some((_, template, r)) = rendered.iter().find(|(n, _, _)| *n == d.file) {
            if d.code == "W002"
                && r.missing.iter().any(|m| {
                    d.id.as_deref().is_some_and(|id| {
                        id.eq_ignore_ascii_case(&template[m.offset..m.offset + m.len])
                    })
                })
            {
                continue;
            }
            if let Some(p) = d.pos {
                let off = r.to_template(offset_of(&r.text, p));
                d.pos = Some(pos_of(template, off));
            }
        }
        // Positions written inside the text (`defined at File.xml:3:7`).
        for (name, template, r) in &rendered {
            d.message = remap_positions(&d.message, name, template, r);
            d.help = d.help.map(|h| remap_positions(&h, name, template, r));
        }
        out.push(d);
    }
    let texts: Vec<&str> = templates.iter().map(|t| t.text).collect();
    for s in settings.unused(env, &texts) {
        out.push(Diagnostic {
            file: settings.path.clone(),
            pos: Some(s.pos),
            code: "W004",
            severity: Severity::Warning,
            message: format!("the setting `{}` is used by no policy file", s.key),
            help: Some(match settings.format {
                Format::VsCode
                    if ["tenant", "filename", "policyfilename", "environment"]
                        .contains(&s.key.to_lowercase().as_str()) =>
                {
                    format!(
                        "`{{Settings:{}}}` is a built-in of the VS Code extension and wins over this key; rename the key",
                        s.key
                    )
                }
                Format::VsCode if env.settings.iter().any(|o| !std::ptr::eq(o, s) && eq_ignore_case(&o.key, &s.key)) => {
                    "an earlier key of the same name (ignoring case) wins; remove one".into()
                }
                Format::VsCode => format!("remove it, or use it as `{{Settings:{}}}`", s.key),
                Format::IefPolicies => format!("remove it, or use it as `{{{}}}`", s.key),
            }),
            id: Some(s.key.clone()),
            origins: Vec::new(),
        });
    }
    out.sort();
    out.dedup();
    out
}

/// Checks the template: every environment's rendering
/// ([`check_environment`]); a finding found in every environment is one
/// finding, one found in some names them.
pub fn check_template(settings: &AppSettings, templates: &[Template<'_>]) -> Vec<EnvFinding> {
    check_template_with(settings, templates, &CheckOptions::default())
}

/// [`check_template`] with `options` (see [`check_environment_with`]).
pub fn check_template_with(
    settings: &AppSettings,
    templates: &[Template<'_>],
    options: &CheckOptions,
) -> Vec<EnvFinding> {
    let envs = settings.environments();
    let mut found: BTreeMap<Diagnostic, Vec<String>> = BTreeMap::new();
    for env in envs {
        for d in check_one(settings, env, templates, options) {
            let names = found.entry(d).or_default();
            if !names.contains(&env.name) {
                names.push(env.name.clone());
            }
        }
    }
    found
        .into_iter()
        .map(|(diagnostic, environments)| EnvFinding {
            everywhere: environments.len() == envs.len(),
            diagnostic,
            environments,
        })
        .collect()
}

/// Checks `(file name, text)` sources of which the one named
/// `settings_name` is the settings file and the others templates, over
/// every environment ([`check_template`]); findings as diagnostics with
/// their environments in the message. A settings file that cannot be read
/// is one E002-free error finding of that file.
pub fn check_template_sources<'s>(
    settings_name: &str,
    sources: impl IntoIterator<Item = (&'s str, &'s str)>,
) -> Vec<Diagnostic> {
    let sources: Vec<(&str, &str)> = sources.into_iter().collect();
    let Some((_, settings_text)) = sources.iter().find(|(n, _)| *n == settings_name) else {
        return Vec::new();
    };
    let settings = match AppSettings::parse(settings_text, settings_name) {
        Ok(s) => s,
        Err(e) => {
            return vec![Diagnostic {
                file: settings_name.to_owned(),
                pos: None,
                code: "E001",
                severity: Severity::Error,
                message: e.to_string(),
                help: None,
                id: None,
                origins: Vec::new(),
            }]
        }
    };
    let templates: Vec<Template<'_>> = sources
        .iter()
        .filter(|(n, _)| *n != settings_name)
        .map(|(name, text)| Template {
            name,
            text: text.strip_prefix('\u{feff}').unwrap_or(text),
        })
        .collect();
    let checked = settings.environments().len();
    let mut out: Vec<Diagnostic> = check_template(&settings, &templates)
        .iter()
        .map(|f| f.to_diagnostic(checked))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"{
  "Environments": [
    {
      "Name": "Dev",
      "Production": false,
      "Tenant": "dev.onmicrosoft.com",
      "PolicySettings": { "AppId": "1111", "Unused": "x", "Port": 8080 }
    },
    {
      "Name": "Prod",
      "Tenant": "prod.onmicrosoft.com",
      "PolicySettings": { "AppId": "2222" }
    }
  ]
}"#;

    fn two() -> AppSettings {
        AppSettings::parse(TWO, "appsettings.json").unwrap()
    }

    #[test]
    fn parses_environments_in_order_with_key_positions() {
        let s = two();
        assert_eq!(s.names(), ["Dev", "Prod"]);
        let dev = s.environment("dev").unwrap();
        assert_eq!(dev.tenant.as_deref(), Some("dev.onmicrosoft.com"));
        assert_eq!(dev.production, Some(false));
        assert_eq!(dev.get("appid"), Some("1111"));
        assert_eq!(dev.get("Port"), Some("8080"));
        let unused = &dev.settings[1];
        assert_eq!(unused.key, "Unused");
        assert_eq!((unused.pos.line, unused.pos.column), (7, 44));
        assert_eq!(s.environments_folder(), "Environments");
    }

    #[test]
    fn bad_json_and_bad_shapes_are_located() {
        let e = AppSettings::parse(
            "{\n  \"Environments\": [\n    { \"Name\": }\n  ]\n}",
            "appsettings.json",
        )
        .unwrap_err();
        match e {
            AppSettingsError::Syntax { line, .. } => assert_eq!(line, 3),
            other => panic!("{other}"),
        }
        let e = AppSettings::parse(
            "{ \"Environments\": [\n  { \"Name\": \"A\", \"PolicySettings\": {} },\n  { \"Name\": 3, \"PolicySettings\": {} } ] }",
            "appsettings.json",
        )
        .unwrap_err();
        match e {
            AppSettingsError::Syntax { line, message, .. } => {
                assert_eq!(line, 3, "{message}");
                assert!(message.contains("invalid type"), "{message}");
            }
            other => panic!("{other}"),
        }
        let e = AppSettings::parse(
            "{ \"Environments\": [\n  { \"Name\": \"A\", \"PolicySettings\": { \"K\": [1] } } ] }",
            "appsettings.json",
        )
        .unwrap_err();
        assert!(e.to_string().contains("`K` of environment `A`"), "{e}");
        let e = AppSettings::parse("{ \"Environment\": [] }", "appsettings.json").unwrap_err();
        assert!(e.to_string().contains("no `Environments`"), "{e}");
    }

    #[test]
    fn a_missing_key_in_a_comment_is_left_as_written() {
        let s = two();
        let dev = s.environment("Dev").unwrap();
        let t = "<!-- {Settings:Old} and {Settings:Tenant} --><A>{Settings:Nope}</A><!-- {Settings:Gone}";
        let r = s.render(dev, "x.xml", t);
        assert_eq!(
            r.text,
            "<!-- {Settings:Old} and dev.onmicrosoft.com --><A>{Settings:Nope}</A><!-- {Settings:Gone}"
        );
        let keys: Vec<&str> = r.missing.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["Nope"]);
    }

    #[test]
    fn renders_builtins_and_keys_ignoring_case_and_maps_back() {
        let s = two();
        let dev = s.environment("Dev").unwrap();
        let t = "a {Settings:Tenant} b {SETTINGS:appid} c {Settings:Filename}/{settings:PolicyFilename} {Settings:Environment} {Settings:Nope}";
        let r = s.render(dev, "dir/B2C_1A_TrustFrameworkBase.xml", t);
        assert_eq!(
            r.text,
            "a dev.onmicrosoft.com b 1111 c B2C_1A_TrustFrameworkBase/TrustFrameworkBase Dev {Settings:Nope}"
        );
        assert_eq!(r.missing.len(), 1);
        assert_eq!(r.missing[0].key, "Nope");
        // Text after a replacement maps back by the difference in length.
        let b = r.text.find(" b ").unwrap();
        assert_eq!(r.to_template(b), t.find(" b ").unwrap());
        // Inside a replacement: the placeholder's start.
        let inside = r.text.find("onmicrosoft").unwrap();
        assert_eq!(r.to_template(inside), t.find("{Settings:Tenant}").unwrap());
        let nope = r.text.find("{Settings:Nope}").unwrap();
        assert_eq!(r.to_template(nope), t.find("{Settings:Nope}").unwrap());
    }

    #[test]
    fn unused_keys_are_per_environment() {
        let s = two();
        let t = ["{Settings:AppId}"];
        let dev = s.environment("Dev").unwrap();
        let unused: Vec<&str> = s.unused(dev, &t).iter().map(|u| u.key.as_str()).collect();
        assert_eq!(unused, ["Unused", "Port"]);
        assert!(s.unused(s.environment("Prod").unwrap(), &t).is_empty());
    }

    #[test]
    fn conf_json_replaces_braced_names_with_case_and_injects_the_prefix() {
        let conf = r#"{ "Prefix": "V1", "MyRESTUrl": "https://x.example/users", "Nested": { "Key": "n" } }"#;
        let s = AppSettings::parse(conf, "conf.json").unwrap();
        assert_eq!(s.format(), Format::IefPolicies);
        assert_eq!(s.names(), ["conf"]);
        let env = &s.environments()[0];
        let t = r#"<P PolicyId="B2C_1A_Base" U="{MyRESTUrl}" L="{myresturl}" N="{Nested:Key}" C="{Culture:RFC5646}"><PolicyId>B2C_1A_Base</PolicyId></P>"#;
        let r = s.render(env, "Base.xml", t);
        assert_eq!(
            r.text,
            r#"<P PolicyId="B2C_1A_V1Base" U="https://x.example/users" L="{myresturl}" N="n" C="{Culture:RFC5646}"><PolicyId>B2C_1A_V1Base</PolicyId></P>"#
        );
        let u = r.text.find(" U=").unwrap();
        assert_eq!(r.to_template(u), t.find(" U=").unwrap());
        assert!(s.unused(env, &[t]).is_empty());
    }

    #[test]
    fn positions_in_messages_move_to_the_template() {
        let s = two();
        let dev = s.environment("Dev").unwrap();
        let t = "x\n{Settings:Tenant} <a/>\n";
        let r = s.render(dev, "F.xml", t);
        let a = r.text.find("<a/>").unwrap();
        let p = pos_of(&r.text, a);
        let msg = format!(
            "defined at F.xml:{}:{} and G.xml:2:40, F.xml:x, AF.xml:2:9",
            p.line, p.column
        );
        assert_eq!(
            remap_positions(&msg, "F.xml", t, &r),
            "defined at F.xml:2:19 and G.xml:2:40, F.xml:x, AF.xml:2:9"
        );
    }

    #[test]
    fn placeholders_need_a_closing_brace_and_a_key() {
        let p = placeholders("{Settings:} {Settings:A {Settings:B} {settings:c\"}");
        let keys: Vec<&str> = p.iter().map(|(_, _, k)| *k).collect();
        assert_eq!(keys, ["B"]);
    }

    #[test]
    fn positions_round_trip_with_crlf_and_multibyte_text() {
        let t = "ab\r\nçd\ré\nx";
        for off in [0, 1, 2, 4, 6, 7, 8, 10, 11] {
            let p = pos_of(t, off);
            assert_eq!(offset_of(t, p), off, "{off} {p:?}");
        }
    }
}
