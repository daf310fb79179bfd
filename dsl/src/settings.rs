//! Per-environment settings: one policy source, many tenants.
//!
//! Settings come from a TOML file with one table per environment and an
//! optional `[default]` table whose keys every environment inherits:
//!
//! ```toml
//! [default]
//! trusona_client_id = "00000000-0000-0000-0000-000000000000"
//!
//! [dev]
//! tenant = "contosodev.onmicrosoft.com"
//!
//! [prod]
//! tenant = "contoso.onmicrosoft.com"
//! ```
//!
//! [`Settings::load`] picks the environment from `IEF_ENV` (or the given
//! default) and lets environment variables override single keys:
//! `IEF_SETTING_TENANT=…` overrides `tenant`. Every lookup of a key that
//! is not set is an error naming the key and the environment; so is a key
//! in the file that the policy does not know (a typo would otherwise be
//! ignored). Secrets do not belong here: policies refer to B2C policy key
//! containers (`B2C_1A_…`) by name, and the secret stays in the tenant.
//!
//! A team that keeps its XML policies templated for the VS Code extension
//! can read the same `appsettings.json` ([`Settings::from_appsettings`]),
//! so policies move to Rust file by file with one source of settings:
//!
//! ```
//! use ief_dsl::settings::Settings;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("appsettings.json");
//! std::fs::write(&path, r#"{ "Environments": [
//!   { "Name": "Dev", "Tenant": "contosodev.onmicrosoft.com",
//!     "PolicySettings": { "FacebookAppId": "1234" } } ] }"#)?;
//! let dev = Settings::from_appsettings(&path, "Dev")?;
//! assert_eq!(dev.get("Tenant")?, "contosodev.onmicrosoft.com");
//! assert_eq!(dev.get("Environment")?, "Dev");
//! // Keys are found ignoring case, as the extension finds them.
//! assert_eq!(dev.get("facebookappid")?, "1234");
//! let missing = dev.get("GoogleAppId").unwrap_err().to_string();
//! assert!(missing.contains("`GoogleAppId`") && missing.contains("environment `Dev`"));
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The environment variable that selects the environment.
pub const ENV_VAR: &str = "IEF_ENV";
/// The prefix of environment variables that override single keys.
pub const OVERRIDE_PREFIX: &str = "IEF_SETTING_";

/// A settings problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// The file cannot be read.
    #[error("cannot read settings file {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The file is not valid TOML, or not shaped as expected.
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
    /// The environment has no table in the file.
    #[error("unknown environment `{env}` in {path}; it defines: {}", known.join(", "))]
    UnknownEnvironment {
        /// The requested environment.
        env: String,
        /// The file.
        path: String,
        /// The environments the file defines.
        known: Vec<String>,
    },
    /// A key is needed but not set for the environment.
    #[error("setting `{key}` is not set for environment `{env}`: add it to [{env}] or [default] in {path}, or set {var}")]
    Missing {
        /// The key.
        key: String,
        /// The environment.
        env: String,
        /// The file.
        path: String,
        /// The variable that would override it.
        var: String,
    },
    /// The file sets a key the policy does not know.
    #[error("unknown setting `{key}` in [{table}] of {path}{}; known settings: {}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), known.join(", "))]
    UnknownKey {
        /// The key.
        key: String,
        /// The table it is in.
        table: String,
        /// The file.
        path: String,
        /// The nearest known key.
        suggestion: Option<String>,
        /// Every known key.
        known: Vec<String>,
    },
    /// A key is needed but the environment of an `appsettings.json` has
    /// no value for it.
    #[error("setting `{key}` is not set for environment `{env}`: add it to the environment's `PolicySettings` in {path}")]
    MissingInAppSettings {
        /// The key.
        key: String,
        /// The environment.
        env: String,
        /// The file.
        path: String,
    },
    /// A value is not a string.
    #[error("setting `{key}` in [{table}] of {path} must be a string")]
    NotAString {
        /// The key.
        key: String,
        /// The table.
        table: String,
        /// The file.
        path: String,
    },
}

/// The settings of one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    env: String,
    path: String,
    values: BTreeMap<String, String>,
    /// Read from an `appsettings.json`: keys match ignoring case.
    appsettings: bool,
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count() + 1)
        .unwrap_or(1);
    (line, column)
}

/// The environment variable that overrides `key`.
pub fn override_var(key: &str) -> String {
    format!(
        "{OVERRIDE_PREFIX}{}",
        key.to_ascii_uppercase().replace(['-', '.'], "_")
    )
}

impl Settings {
    /// Reads `path` for the environment named by `IEF_ENV` (or
    /// `default_env`), applying `IEF_SETTING_*` overrides. `known` lists
    /// the keys the policy uses; any other key in the file is an error.
    pub fn load(
        path: impl AsRef<Path>,
        default_env: &str,
        known: &[&str],
    ) -> Result<Self, SettingsError> {
        let env = std::env::var(ENV_VAR).unwrap_or_else(|_| default_env.to_owned());
        let mut s = Self::from_file(path, &env, known)?;
        for key in known {
            if let Ok(v) = std::env::var(override_var(key)) {
                s.values.insert((*key).to_owned(), v);
            }
        }
        Ok(s)
    }

    /// Reads `path` for environment `env`, without looking at environment
    /// variables (for reproducible builds and tests).
    pub fn from_file(
        path: impl AsRef<Path>,
        env: &str,
        known: &[&str],
    ) -> Result<Self, SettingsError> {
        let path: PathBuf = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| SettingsError::Read {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        Self::from_str(&text, &shown, env, known)
    }

    /// Parses settings text; `path` names it in errors.
    pub fn from_str(
        text: &str,
        path: &str,
        env: &str,
        known: &[&str],
    ) -> Result<Self, SettingsError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let (line, column) = e.span().map(|r| position(text, r.start)).unwrap_or((1, 1));
            SettingsError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: e.message().to_owned(),
            }
        })?;
        let mut values = BTreeMap::new();
        let read =
            |name: &str, values: &mut BTreeMap<String, String>| -> Result<(), SettingsError> {
                let Some(t) = table.get(name) else {
                    return Ok(());
                };
                let Some(t) = t.as_table() else {
                    return Err(SettingsError::Syntax {
                        path: path.to_owned(),
                        line: 1,
                        column: 1,
                        message: format!("`{name}` must be a table of settings"),
                    });
                };
                for (k, v) in t {
                    if !known.contains(&k.as_str()) {
                        return Err(SettingsError::UnknownKey {
                            key: k.clone(),
                            table: name.to_owned(),
                            path: path.to_owned(),
                            suggestion: crate::import::did_you_mean(k, known.iter().copied())
                                .map(str::to_owned),
                            known: known.iter().map(|s| (*s).to_owned()).collect(),
                        });
                    }
                    let Some(v) = v.as_str() else {
                        return Err(SettingsError::NotAString {
                            key: k.clone(),
                            table: name.to_owned(),
                            path: path.to_owned(),
                        });
                    };
                    values.insert(k.clone(), v.to_owned());
                }
                Ok(())
            };
        if !table.contains_key(env) {
            return Err(SettingsError::UnknownEnvironment {
                env: env.to_owned(),
                path: path.to_owned(),
                known: table.keys().filter(|k| *k != "default").cloned().collect(),
            });
        }
        read("default", &mut values)?;
        for name in table.keys().filter(|k| *k != "default" && *k != env) {
            // Check every environment's keys, not only the selected one's.
            read(name, &mut BTreeMap::new())?;
        }
        read(env, &mut values)?;
        Ok(Settings {
            env: env.to_owned(),
            path: path.to_owned(),
            values,
            appsettings: false,
        })
    }

    /// Reads environment `env` of the VS Code extension's
    /// `appsettings.json` (or IEFPolicies' `conf.json`, see
    /// [`crate::appsettings`]): its `PolicySettings`, plus `Tenant` and
    /// `Environment` (its name) as the extension's built-ins. Keys match
    /// ignoring case, as in the extension; environment variables are not
    /// read.
    pub fn from_appsettings(path: impl AsRef<Path>, env: &str) -> Result<Self, SettingsError> {
        use crate::appsettings::{AppSettings, AppSettingsError};
        let file = AppSettings::from_file(path).map_err(|e| match e {
            AppSettingsError::Read { path, reason } => SettingsError::Read { path, reason },
            AppSettingsError::Syntax {
                path,
                line,
                column,
                message,
            } => SettingsError::Syntax {
                path,
                line,
                column,
                message,
            },
        })?;
        let Some(e) = file.environment(env) else {
            return Err(SettingsError::UnknownEnvironment {
                env: env.to_owned(),
                path: file.path().to_owned(),
                known: file.names().iter().map(|s| (*s).to_owned()).collect(),
            });
        };
        // The first of keys equal ignoring case wins, as in the extension.
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        for s in &e.settings {
            let lower = s.key.to_lowercase();
            if !values.keys().any(|k| k.to_lowercase() == lower) {
                values.insert(s.key.clone(), s.value.clone());
            }
        }
        // The built-ins win over keys of the same name.
        values.retain(|k, _| {
            !k.eq_ignore_ascii_case("tenant") && !k.eq_ignore_ascii_case("environment")
        });
        if let Some(t) = &e.tenant {
            values.insert("Tenant".to_owned(), t.clone());
        }
        values.insert("Environment".to_owned(), e.name.clone());
        Ok(Settings {
            env: e.name.clone(),
            path: file.path().to_owned(),
            values,
            appsettings: true,
        })
    }

    /// The environment's name.
    pub fn env(&self) -> &str {
        &self.env
    }

    /// The value of `key`, or an error naming the key and the environment.
    pub fn get(&self, key: &str) -> Result<&str, SettingsError> {
        if self.appsettings {
            let lower = key.to_lowercase();
            return self
                .values
                .iter()
                .find(|(k, _)| k.as_str() == key)
                .or_else(|| self.values.iter().find(|(k, _)| k.to_lowercase() == lower))
                .map(|(_, v)| v.as_str())
                .ok_or_else(|| SettingsError::MissingInAppSettings {
                    key: key.to_owned(),
                    env: self.env.clone(),
                    path: self.path.clone(),
                });
        }
        self.values
            .get(key)
            .map(String::as_str)
            .ok_or_else(|| SettingsError::Missing {
                key: key.to_owned(),
                env: self.env.clone(),
                path: self.path.clone(),
                var: override_var(key),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["tenant", "client_id"];
    const TEXT: &str = "[default]\nclient_id = \"abc\"\n\n[dev]\ntenant = \"dev.onmicrosoft.com\"\n\n[prod]\ntenant = \"prod.onmicrosoft.com\"\nclient_id = \"xyz\"\n";

    #[test]
    fn environments_inherit_defaults_and_override_them() {
        let dev = Settings::from_str(TEXT, "s.toml", "dev", KNOWN).unwrap();
        assert_eq!(dev.get("tenant").unwrap(), "dev.onmicrosoft.com");
        assert_eq!(dev.get("client_id").unwrap(), "abc");
        let prod = Settings::from_str(TEXT, "s.toml", "prod", KNOWN).unwrap();
        assert_eq!(prod.get("client_id").unwrap(), "xyz");
    }

    #[test]
    fn unknown_environment_and_missing_key_name_the_key_and_environment() {
        let e = Settings::from_str(TEXT, "s.toml", "test", KNOWN).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown environment `test` in s.toml; it defines: dev, prod"
        );
        let s = Settings::from_str("[dev]\n", "s.toml", "dev", KNOWN).unwrap();
        let e = s.get("tenant").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("setting `tenant` is not set for environment `dev`"),
            "{e}"
        );
        assert!(e.to_string().contains("IEF_SETTING_TENANT"), "{e}");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let e = Settings::from_str("[dev]\ntennant = \"x\"\n", "s.toml", "dev", KNOWN).unwrap_err();
        assert!(
            e.to_string().contains("unknown setting `tennant` in [dev]"),
            "{e}"
        );
        assert!(e.to_string().contains("did you mean `tenant`?"), "{e}");
        // Also in an environment that is not the selected one.
        let e = Settings::from_str("[dev]\n[prod]\nclientid = \"x\"\n", "s.toml", "dev", KNOWN)
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown setting `clientid` in [prod]"),
            "{e}"
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = Settings::from_str("[dev]\ntenant = \n", "s.toml", "dev", KNOWN).unwrap_err();
        match e {
            SettingsError::Syntax { line, .. } => assert_eq!(line, 2),
            other => panic!("expected a syntax error, got {other}"),
        }
    }

    #[test]
    fn appsettings_builtins_win_and_the_first_key_ignoring_case_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("appsettings.json");
        std::fs::write(
            &path,
            r#"{ "Environments": [ { "Name": "Prod", "Tenant": "t.onmicrosoft.com",
  "PolicySettings": { "tenant": "shadowed", "Key": "first", "KEY": "second" } } ] }"#,
        )
        .unwrap();
        let s = Settings::from_appsettings(&path, "prod").unwrap();
        assert_eq!(s.env(), "Prod");
        assert_eq!(s.get("TENANT").unwrap(), "t.onmicrosoft.com");
        assert_eq!(s.get("key").unwrap(), "first");
        let e = Settings::from_appsettings(&path, "Dev").unwrap_err();
        assert!(e.to_string().contains("it defines: Prod"), "{e}");
        std::fs::write(&path, "{ \"Environments\": [ { \"Name\": 1 } ] }").unwrap();
        match Settings::from_appsettings(&path, "Prod").unwrap_err() {
            SettingsError::Syntax { line, .. } => assert_eq!(line, 1),
            other => panic!("{other}"),
        }
    }
}
