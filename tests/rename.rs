//! `ief rename`, run as a user runs it on a copy of the starter pack's
//! SocialAndLocalAccounts set (made in a temporary folder, never
//! committed): renaming the claim `surname`, the profile
//! `SelfAsserted-Social` and the journey `SignUpOrSignIn` leaves `ief
//! check` without errors or new warnings, `ief diff --effective` reports
//! changes that are all about the renamed ids, and the files differ from
//! the originals only in the bytes of the ids (comments and formatting
//! untouched, checked against the text itself). Refusals leave every file
//! as it was.

mod common;
use common::{stderr, stdout};

/// `ief` with arguments of mixed types (`&"diff"`, `&path`).
fn ief(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    common::ief(args)
}

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use ief::rename::{rename, RenameKind};
use tempfile::TempDir;

fn copy_set(dir: &Path, name: &str) -> PathBuf {
    let from = common::conformance_dir()
        .join("starterpack")
        .join("SocialAndLocalAccounts");
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
    to
}

/// Every file of a folder: name -> bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// `ief check --format json`: (errors, the warnings as (code, message)).
fn check(dir: &Path) -> (u64, Vec<(String, String)>) {
    let out = ief(&[&"check", &"--format", &"json", &dir]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let warnings = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (doc["errors"].as_u64().unwrap(), warnings)
}

/// Whether `new` is `old` with some occurrences of `from` (any case)
/// replaced by `to`, and nothing else changed; returns the byte offsets in
/// `old` of the replaced occurrences.
fn replaced_only(old: &str, new: &str, renames: &[(&str, &str)]) -> Option<Vec<usize>> {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let (mut i, mut j) = (0, 0);
    let mut at = Vec::new();
    'walk: while i < o.len() || j < n.len() {
        for (from, to) in renames {
            let f = from.len();
            if o.len() >= i + f
                && o[i..i + f].eq_ignore_ascii_case(from.as_bytes())
                && n[j..].starts_with(to.as_bytes())
                && !o[i..].starts_with(to.as_bytes())
            {
                at.push(i);
                i += f;
                j += to.len();
                continue 'walk;
            }
        }
        if i < o.len() && j < n.len() && o[i] == n[j] {
            i += 1;
            j += 1;
        } else {
            return None;
        }
    }
    Some(at)
}

/// The byte ranges of the comments of an XML text.
fn comment_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shift = text.len() - body.len();
    let doc = roxmltree::Document::parse(body).unwrap();
    doc.descendants()
        .filter(|n| n.is_comment())
        .map(|n| n.range().start + shift..n.range().end + shift)
        .collect()
}

#[test]
fn renaming_a_claim_a_profile_and_a_journey_keeps_the_set_clean_and_the_text() {
    let tmp = TempDir::new().unwrap();
    let old = copy_set(tmp.path(), "old");
    let new = copy_set(tmp.path(), "new");
    // A comment that names the claim must stay as it is.
    let base = new.join("TrustFrameworkBase.xml");
    let text = std::fs::read_to_string(&base).unwrap();
    let anchor = "<ClaimType Id=\"surname\">";
    assert!(text.contains(anchor));
    let text = text.replace(
        anchor,
        &format!("<!-- surname: the family name -->\n      {anchor}"),
    );
    std::fs::write(&base, &text).unwrap();
    std::fs::write(old.join("TrustFrameworkBase.xml"), &text).unwrap();

    let (errors_before, warnings_before) = check(&old);
    assert_eq!(errors_before, 0);
    let renames = [
        ("claim", "surname", "familyName"),
        ("profile", "SelfAsserted-Social", "SocialSelfAsserted"),
        ("journey", "SignUpOrSignIn", "SignInOrSignUp"),
    ];
    let mut total_edits = 0;
    for (kind, from, to) in renames {
        let out = ief(&[&"rename", &kind, &from, &to, &new]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let said = stderr(&out);
        let n: usize = said
            .split(": ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("the count of edits in {said}"));
        assert!(n >= 2, "a definition and a reference at least: {said}");
        total_edits += n;
    }

    // `ief check`: no errors, no warning that was not there before.
    let (errors, warnings) = check(&new);
    assert_eq!(errors, 0, "{warnings:?}");
    let before: BTreeSet<&(String, String)> = warnings_before.iter().collect();
    for w in &warnings {
        assert!(before.contains(w), "a new warning: {w:?}");
    }
    // The two `surName` spellings (W001) are gone: every reference now
    // has the definition's spelling.
    assert!(warnings_before.iter().any(|w| w.1.contains("surName")));
    assert!(!warnings.iter().any(|w| w.1.contains("surName")));

    // Only the ids' bytes changed, none inside a comment.
    let pairs = [
        ("surname", "familyName"),
        ("SelfAsserted-Social", "SocialSelfAsserted"),
        ("SignUpOrSignIn", "SignInOrSignUp"),
    ];
    let mut replaced = 0;
    for ((name, a), (_, b)) in snapshot(&old).iter().zip(snapshot(&new).iter()) {
        let (a, b) = (
            String::from_utf8(a.clone()).unwrap(),
            String::from_utf8(b.clone()).unwrap(),
        );
        let at = replaced_only(&a, &b, &pairs)
            .unwrap_or_else(|| panic!("{name} changed beyond the ids"));
        let comments = comment_ranges(&a);
        for p in &at {
            assert!(
                !comments.iter().any(|c| c.contains(p)),
                "{name}: an id inside a comment was changed at byte {p}"
            );
        }
        replaced += at.len();
    }
    assert_eq!(replaced, total_edits);
    assert!(std::fs::read_to_string(&base)
        .unwrap()
        .contains("<!-- surname: the family name -->"));
    // The claims exchange's own id `SelfAsserted-Social` is journey-local,
    // not a profile id: it stays.
    assert!(std::fs::read_to_string(&base).unwrap().contains(
        "<ClaimsExchange Id=\"SelfAsserted-Social\" TechnicalProfileReferenceId=\"SocialSelfAsserted\" />"
    ));

    // `ief diff --effective`: every change is about a renamed id.
    let out = ief(&[&"diff", &"--effective", &"--format", &"json", &old, &new]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<String> = pairs
        .iter()
        .flat_map(|(a, b)| [a.to_lowercase(), b.to_lowercase()])
        .collect();
    let mut elements = BTreeSet::new();
    let mut count = 0;
    for p in doc["policies"].as_array().unwrap() {
        for c in p["changes"].as_array().unwrap() {
            count += 1;
            let text = format!(
                "{} {} {} {}",
                c["id"].as_str().unwrap(),
                c["path"].as_str().unwrap(),
                c["old"].as_str().unwrap_or(""),
                c["new"].as_str().unwrap_or("")
            )
            .to_lowercase();
            assert!(
                ids.iter().any(|id| text.contains(id.as_str())),
                "a change not about a renamed id: {c}"
            );
            if c["path"] == "" {
                elements.insert((
                    c["kind"].as_str().unwrap().to_owned(),
                    c["change"].as_str().unwrap().to_owned(),
                    c["id"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    assert!(count > 0);
    let expected: BTreeSet<(String, String, String)> = [
        ("ClaimType", "renamed", "familyName"),
        ("TechnicalProfile", "removed", "SelfAsserted-Social"),
        ("TechnicalProfile", "added", "SocialSelfAsserted"),
        ("UserJourney", "removed", "SignUpOrSignIn"),
        ("UserJourney", "added", "SignInOrSignUp"),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    .collect();
    assert_eq!(elements, expected);
}

#[test]
fn refusals_leave_every_file_as_it_was() {
    let tmp = TempDir::new().unwrap();
    let set = copy_set(tmp.path(), "set");
    let before = snapshot(&set);
    let cases: [(&str, &str, &str, &str); 6] = [
        ("claim", "surname", "givenName", "is taken"),
        ("claim", "surname", "GIVENNAME", "is taken"),
        ("claim", "surname", "Surname", "differ only in case"),
        ("claim", "nosuchclaim", "other", "no claim `nosuchclaim`"),
        (
            "profile",
            "SelfAsserted-Social",
            "with space",
            "not a valid id",
        ),
        ("journey", "SignUpOrSignIn", "ProfileEdit", "is taken"),
    ];
    for (kind, from, to, says) in cases {
        let out = ief(&[&"rename", &kind, &from, &to, &set]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{kind} {from} -> {to}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(says),
            "{kind} {from} -> {to}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("nothing was renamed"));
        assert_eq!(
            snapshot(&set),
            before,
            "{kind} {from} -> {to} changed a file"
        );
    }
    // A near miss is suggested.
    let out = ief(&[&"rename", &"claim", &"surnam", &"x", &set]);
    assert!(
        stderr(&out).contains("did you mean `surname`?"),
        "{}",
        stderr(&out)
    );
    // A reference with no definition takes the id too.
    let rp = set.join("SignUpOrSignin.xml");
    let text = std::fs::read_to_string(&rp).unwrap();
    std::fs::write(
        &rp,
        text.replace(
            "<OutputClaim ClaimTypeReferenceId=\"email\" />",
            "<OutputClaim ClaimTypeReferenceId=\"email\" /><OutputClaim ClaimTypeReferenceId=\"lastName\" />",
        ),
    )
    .unwrap();
    let out = ief(&[&"rename", &"claim", &"surname", &"lastname", &set]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refers to `lastName`"),
        "{}",
        stderr(&out)
    );
    // An unknown kind is a usage error.
    let out = ief(&[&"rename", &"planet", &"a", &"b", &set]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn dry_run_prints_the_edits_and_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let set = copy_set(tmp.path(), "set");
    let before = snapshot(&set);
    let out = ief(&[
        &"rename",
        &"content-definition",
        &"api.selfasserted",
        &"api.self-asserted",
        &"--dry-run",
        &set,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot(&set), before);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let (last, edits) = lines.split_last().unwrap();
    assert!(
        last.starts_with("would rename the content-definition"),
        "{text}"
    );
    assert!(last.contains(&format!("{} edit(s)", edits.len())), "{text}");
    // Each edit is located and its place holds the old id.
    for e in edits {
        let (place, change) = e.split_once(": ").unwrap();
        let mut parts = place.rsplitn(3, ':');
        let col: usize = parts.next().unwrap().parse().unwrap();
        let line: usize = parts.next().unwrap().parse().unwrap();
        let file = parts.next().unwrap();
        let (old, new) = change.split_once(" -> ").unwrap();
        assert!(old.eq_ignore_ascii_case("api.selfasserted"), "{e}");
        assert_eq!(new, "api.self-asserted");
        let content = std::fs::read_to_string(file).unwrap();
        let l = content.lines().nth(line - 1).unwrap();
        let at: String = l.chars().skip(col - 1).take(old.len()).collect();
        assert_eq!(at, old, "{e}");
    }
    // The step attribute and the profile metadata are both references.
    assert!(edits.iter().any(|e| e.contains("TrustFrameworkBase.xml")));
}

#[test]
fn claim_resolvers_and_metadata_references_are_renamed_in_the_model_and_the_text() {
    let text = r#"<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
  PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_X"
  PublicPolicyUri="http://t.onmicrosoft.com/B2C_1A_X">
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="loyaltyId"><DataType>string</DataType></ClaimType>
      <ClaimType Id="greeting"><DataType>string</DataType></ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>REST</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="Rest">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
            <Item Key="ServiceUrl">https://example.invalid/{Claim:LOYALTYID}?a={claim:loyaltyId}&amp;b={Claim:greeting}</Item>
            <Item Key="ClaimUsedForRequestPayload"> loyaltyid </Item>
          </Metadata>
          <InputClaims>
            <InputClaim ClaimTypeReferenceId="greeting" DefaultValue="hello {Claim:loyaltyId}" AlwaysUseDefaultValue="true" />
          </InputClaims>
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="loyaltyId" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
</TrustFrameworkPolicy>
"#;
    let done = rename(
        &[("x.xml".into(), text.into())],
        RenameKind::Claim,
        "loyaltyId",
        "memberNumber",
    )
    .unwrap();
    let new = done.texts[0].as_deref().unwrap();
    assert_eq!(done.edits.len(), 6, "{:#?}", done.edits);
    assert!(new.contains(
        "https://example.invalid/{Claim:memberNumber}?a={claim:memberNumber}&amp;b={Claim:greeting}"
    ));
    assert!(new.contains("<Item Key=\"ClaimUsedForRequestPayload\"> memberNumber </Item>"));
    assert!(new.contains("DefaultValue=\"hello {Claim:memberNumber}\""));
    assert!(new.contains("<ClaimType Id=\"memberNumber\">"));
    assert!(new.contains("<OutputClaim ClaimTypeReferenceId=\"memberNumber\" />"));
    assert!(!new.to_lowercase().contains("loyaltyid"));
    // The model-level rename is the same rename.
    let mut model = ief::import::import_str(text, "x.xml").unwrap().policy;
    assert_eq!(
        ief::rename::rename_in_policy(&mut model, RenameKind::Claim, "LOYALTYID", "memberNumber"),
        5,
        "five strings hold the id (one of them twice)"
    );
    assert_eq!(ief::import::import_str(new, "x.xml").unwrap().policy, model);
    // A profile rename leaves the claim resolvers alone.
    let done = rename(
        &[("x.xml".into(), text.into())],
        RenameKind::Profile,
        "Rest",
        "Loyalty-REST",
    )
    .unwrap();
    assert_eq!(done.edits.len(), 1);
}

/// The starter-pack set `name` as (file name, text), in name order.
fn sources(set: &str) -> Vec<(String, String)> {
    let dir = common::conformance_dir().join("starterpack").join(set);
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The checker's findings as (code, message), errors and warnings.
fn findings(files: &[(String, String)]) -> BTreeSet<(String, String)> {
    ief::check::set::check_sources(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .diagnostics
        .iter()
        .map(|d| (d.code.to_owned(), d.message.clone()))
        .collect()
}

#[test]
fn every_id_of_a_starter_pack_set_renames_and_checks_clean() {
    for set in [
        "SocialAndLocalAccounts",
        "DisplayControls/SocialAndLocalAccounts",
    ] {
        let files = sources(set);
        let before = findings(&files);
        let imported: Vec<ief::import::Imported> = files
            .iter()
            .map(|(n, t)| ief::import::import_str(t, n.clone()).unwrap())
            .collect();
        let mut checked_kinds = BTreeSet::new();
        let mut count = 0;
        for f in &imported {
            for d in ief::check::index::index(f).defs {
                let Some(kind) = RenameKind::ALL.into_iter().find(|k| k.ref_kind() == d.kind)
                else {
                    continue;
                };
                // B2C finds these by their ids (the error page, the
                // engine's profile): renamed, they are unused (H003, H004).
                if d.id == "api.error" || d.id.starts_with("TpEngine_") {
                    continue;
                }
                let new_id = format!("Renamed{}", d.id.replace('.', "_"));
                let done = rename(&files, kind, &d.id, &new_id)
                    .unwrap_or_else(|e| panic!("{set}: {kind} {}: {e}", d.id));
                count += 1;
                assert!(!done.edits.is_empty());
                // Check the result once per kind (the checker is the slow part).
                if checked_kinds.insert(kind.name()) {
                    let renamed: Vec<(String, String)> = files
                        .iter()
                        .zip(&done.texts)
                        .map(|((n, t), new)| (n.clone(), new.clone().unwrap_or_else(|| t.clone())))
                        .collect();
                    // A finding about the element itself (H: unused) names
                    // it by its new id.
                    let after: BTreeSet<_> = findings(&renamed)
                        .into_iter()
                        .map(|(c, m)| {
                            (c, m.replace(&format!("`{new_id}`"), &format!("`{}`", d.id)))
                        })
                        .collect();
                    let new_findings: Vec<_> = after.difference(&before).collect();
                    assert!(
                        new_findings.is_empty(),
                        "{set}: renaming the {kind} {} to {new_id}: {new_findings:?}",
                        d.id
                    );
                }
            }
        }
        assert!(count > 80, "{set}: {count} ids");
        assert!(checked_kinds.len() >= 5, "{checked_kinds:?}");
        if set.starts_with("DisplayControls") {
            assert!(
                checked_kinds.contains("display-control"),
                "{checked_kinds:?}"
            );
        }
    }
}

#[test]
fn a_display_control_is_renamed_in_its_localized_strings() {
    let files = sources("DisplayControls/SocialAndLocalAccounts");
    let count = |files: &[(String, String)], id: &str| -> usize {
        files
            .iter()
            .map(|(_, t)| {
                t.matches(&format!(
                    "ElementType=\"DisplayControl\" ElementId=\"{id}\""
                ))
                .count()
            })
            .sum()
    };
    let before = count(&files, "emailVerificationControl");
    assert!(before > 0);
    let done = rename(
        &files,
        RenameKind::DisplayControl,
        "emailVerificationControl",
        "emailCheck",
    )
    .unwrap();
    let renamed: Vec<(String, String)> = files
        .iter()
        .zip(&done.texts)
        .map(|((n, t), new)| (n.clone(), new.clone().unwrap_or_else(|| t.clone())))
        .collect();
    assert_eq!(count(&renamed, "emailVerificationControl"), 0);
    assert_eq!(count(&renamed, "emailCheck"), before);
    assert!(renamed
        .iter()
        .any(|(_, t)| t.contains("DisplayControlReferenceId=\"emailCheck\"")));
}

#[test]
fn include_claims_from_technical_profile_is_renamed() {
    let tmp = TempDir::new().unwrap();
    let set = copy_set(tmp.path(), "set");
    let base = set.join("TrustFrameworkBase.xml");
    let text = std::fs::read_to_string(&base).unwrap();
    let at = text
        .find("<TechnicalProfile Id=\"SelfAsserted-Social\">")
        .unwrap();
    let copy = "<TechnicalProfile Id=\"SA-Copy\">\n          <DisplayName>copy</DisplayName>\n          <IncludeClaimsFromTechnicalProfile>SelfAsserted-Social</IncludeClaimsFromTechnicalProfile>\n        </TechnicalProfile>\n        ";
    std::fs::write(&base, format!("{}{copy}{}", &text[..at], &text[at..])).unwrap();
    let out = ief(&[
        &"rename",
        &"profile",
        &"SelfAsserted-Social",
        &"SA-Social",
        &set,
    ]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let after = std::fs::read_to_string(&base).unwrap();
    assert!(
        after.contains(
            "<IncludeClaimsFromTechnicalProfile>SA-Social</IncludeClaimsFromTechnicalProfile>"
        ),
        "{after}"
    );
    let check = ief(&[&"check", &set]);
    assert!(
        stdout(&check).contains(": 0 error(s)"),
        "{}",
        stdout(&check)
    );
}
