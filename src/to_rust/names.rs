//! Rust names for XML ids and file names.

use std::collections::{HashMap, HashSet};

use super::Kind;

/// Rust's keywords (strict, reserved and weak ones that cannot name an item).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Whether `word` is a Rust keyword.
pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The words of an id, split at non-alphanumeric characters and at case
/// boundaries (`AAD-UserReadUsingObjectId` -> `AAD`, `User`, `Read`, ...,
/// `isActiveMFASession` -> `is`, `Active`, `MFA`, `Session`).
fn words(id: &str) -> Vec<String> {
    let chars: Vec<char> = id.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if !cur.is_empty() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let boundary = (prev.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (prev.is_ascii_uppercase() && c.is_ascii_uppercase() && next_lower);
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `SCREAMING_SNAKE_CASE` of an id, a valid identifier (`ID` when the id
/// has no ASCII letter or digit, `_` in front of a leading digit).
pub(crate) fn screaming(id: &str) -> String {
    let mut name = words(id)
        .iter()
        .map(|w| w.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_");
    if name.is_empty() {
        name = "ID".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

/// `snake_case` of a file stem, usable as a module name.
pub(crate) fn module_name(stem: &str) -> String {
    let mut name = screaming(stem).to_ascii_lowercase();
    if name == "id" && !stem.eq_ignore_ascii_case("id") {
        name = "policy".into();
    }
    if is_keyword(&name) || name.starts_with('_') || RESERVED_MODULES.contains(&name.as_str()) {
        name = format!("policy_{}", name.trim_start_matches('_'));
    }
    name
}

/// Module names the generated crate uses itself.
/// (`lib` too: a `src/lib.rs` would make Cargo add a library target.)
const RESERVED_MODULES: &[&str] = &["main", "lib", "settings", "ief", "std", "core", "alloc"];

/// Handle names for every `(kind, id)` of a set, unique across kinds, so
/// that the `Definitions` fields `declare!` derives from them (the name in
/// lower case) never collide, and ids equal ignoring case share one name.
#[derive(Default)]
pub(crate) struct Names {
    by_id: HashMap<(Kind, String), String>,
    taken: HashSet<String>,
}

impl Names {
    /// The name `id` of `kind` was given, if any.
    pub(crate) fn peek(&self, kind: Kind, id: &str) -> Option<String> {
        self.by_id.get(&(kind, id.to_lowercase())).cloned()
    }

    /// The handle name of `id` of `kind`, given on first request.
    pub(crate) fn name(&mut self, kind: Kind, id: &str) -> String {
        let key = (kind, id.to_lowercase());
        if let Some(n) = self.by_id.get(&key) {
            return n.clone();
        }
        let base = screaming(id);
        let base = if is_keyword(&base.to_ascii_lowercase()) {
            format!("{base}_{}", kind.suffix())
        } else {
            base
        };
        let mut name = base.clone();
        if self.taken.contains(&name) {
            name = format!("{base}_{}", kind.suffix());
        }
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}_{}_{n}", kind.suffix());
            n += 1;
        }
        self.taken.insert(name.clone());
        self.by_id.insert(key, name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_word_boundaries() {
        assert_eq!(
            screaming("AAD-UserReadUsingObjectId"),
            "AAD_USER_READ_USING_OBJECT_ID"
        );
        assert_eq!(screaming("isActiveMFASession"), "IS_ACTIVE_MFA_SESSION");
        assert_eq!(screaming("api.signuporsignin.en"), "API_SIGNUPORSIGNIN_EN");
        assert_eq!(screaming("2fa"), "_2FA");
        assert_eq!(screaming("--"), "ID");
        assert_eq!(module_name("TrustFrameworkBase"), "trust_framework_base");
        assert_eq!(module_name("Phone_Email_Base"), "phone_email_base");
        assert_eq!(module_name("main"), "policy_main");
        assert_eq!(module_name("lib"), "policy_lib");
    }

    #[test]
    fn names_are_unique_across_kinds_and_shared_ignoring_case() {
        let mut n = Names::default();
        assert_eq!(n.name(Kind::Claims, "email"), "EMAIL");
        assert_eq!(n.name(Kind::Claims, "Email"), "EMAIL");
        assert_eq!(n.name(Kind::Profiles, "Email"), "EMAIL_PROFILE");
        assert_eq!(n.name(Kind::Profiles, "e-mail"), "E_MAIL");
        assert_eq!(n.name(Kind::Claims, "type"), "TYPE_CLAIM");
    }
}
