//! S002–S008: settings of the effective policy that let the wrong party in
//! or read what it should not: REST calls without authentication or over
//! plain HTTP (S002–S004), secrets written into policy text (S005, in
//! [`secrets`]), SAML that accepts unsigned assertions or signs with SHA-1
//! (S006, S007), and federation metadata fetched over plain HTTP (S008).
//!
//! The REST and SAML rules read each leaf's *effective* profiles
//! ([`Context::leaves`], with `IncludeTechnicalProfile` applied): the
//! handler usually comes from a base file and the metadata from a child,
//! and a child may override what its base set. A finding points at the
//! metadata item that supplied the value (its provenance), so a base
//! profile shared by several leaves is reported once.

use std::collections::BTreeMap;

use super::placeholders::starts_with_template;
use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};
use crate::policy::DeploymentMode;
use crate::providers::{MetadataItem, Protocol, ProtocolName, TechnicalProfile};
use crate::resolve::{idx, EffectivePolicy, ElementKind, Origin, SourcePath};

mod secrets;

/// A REST technical profile (the example's `REST-Loyalty`) around `metadata`.
macro_rules! rest_policy {
    ($metadata:literal) => {
        policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <DisplayName>REST APIs</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="REST-Loyalty">
          <DisplayName>Look up the loyalty number</DisplayName>
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.RestfulProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <Metadata>
"#,
            $metadata,
            r#"          </Metadata>
          <CryptographicKeys>
            <Key Id="BasicAuthenticationUsername" StorageReferenceId="B2C_1A_RestApiUsername" />
            <Key Id="BasicAuthenticationPassword" StorageReferenceId="B2C_1A_RestApiPassword" />
          </CryptographicKeys>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        )
    };
}

/// A SAML identity provider (the example's `Contoso-SAML2`) around `metadata`.
macro_rules! saml_policy {
    ($metadata:literal) => {
        policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <Domain>contoso.com</Domain>
      <DisplayName>Contoso</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="Contoso-SAML2">
          <DisplayName>Contoso</DisplayName>
          <Protocol Name="SAML2" />
          <Metadata>
"#,
            $metadata,
            r#"          </Metadata>
          <CryptographicKeys>
            <Key Id="SamlMessageSigning" StorageReferenceId="B2C_1A_SamlSigningCert" />
          </CryptographicKeys>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        )
    };
}

/// S002.
pub(super) static S002: RuleInfo = RuleInfo {
    code: "S002",
    severity: Severity::Warning,
    category: Category::Security,
    summary:
        "a REST technical profile authenticates to its service (`AuthenticationType` not `None`)",
    explanation: "A RESTful technical profile with `AuthenticationType` `None` calls its API \
        without any credential, so the API cannot tell B2C from anyone else who finds its URL. \
        The attack prevented: an attacker calls the API directly, to harvest what it returns \
        (profile data, loyalty numbers, whether an account exists) or, for an API that writes \
        or that decides a validation, to act as B2C. B2C itself refuses `None` in a policy whose \
        `DeploymentMode` is `Production` (the default when the attribute is absent) unless the \
        profile also sets `AllowInsecureAuthInProduction` to `true`; ief reports that case as \
        an error naming the leaf policy that would be rejected (reading `DeploymentMode` from \
        each leaf and the metadata from its effective profile, so an item a child adds \
        counts). Otherwise the finding is a warning, and an error in a set checked for an \
        environment marked production. Fix: use `Basic`, `ClientCertificate`, `Bearer` or \
        `ApiKeyHeader`, with the credential in `CryptographicKeys` as a reference to a policy \
        key (for example `BasicAuthenticationUsername` / `BasicAuthenticationPassword`), and \
        have the API check it.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: rest_policy!(
            r#"            <Item Key="ServiceUrl">https://api.contoso.com/loyalty</Item>
            <Item Key="SendClaimsIn">Body</Item>
            <Item Key="AuthenticationType">None</Item>
            <Item Key="AllowInsecureAuthInProduction">true</Item>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: rest_policy!(
            r#"            <Item Key="ServiceUrl">https://api.contoso.com/loyalty</Item>
            <Item Key="SendClaimsIn">Body</Item>
            <Item Key="AuthenticationType">Basic</Item>
"#
        ),
    }],
    source: "FACTS.md §5 (RestfulProvider metadata: `AuthenticationType`, \
        `AllowInsecureAuthInProduction`); Microsoft Learn: \"Define a RESTful technical profile \
        in an Azure AD B2C custom policy\" and \"Secure your API used an API connector in Azure \
        AD B2C\"",
};

/// S003.
pub(super) static S003: RuleInfo = RuleInfo {
    code: "S003",
    severity: Severity::Warning,
    category: Category::Security,
    summary: "no REST technical profile sets `AllowInsecureAuthInProduction` to `true`",
    explanation: "`AllowInsecureAuthInProduction` `true` switches off B2C's own guard against \
        a production policy that calls a REST API with `AuthenticationType` `None`: with it, \
        the unauthenticated call is uploaded and runs for real users. The attack prevented is \
        the one of S002 (anyone can call the API, and it cannot tell B2C from an attacker), \
        made possible silently in production. Samples set the item so that they can be \
        uploaded before the API has credentials; it is meant to be removed. On a profile \
        whose `AuthenticationType` is not `None` it has no effect today, but it would let a \
        later change to `None` through, so it is reported there too. The finding is a \
        warning, and an error in a set checked for an environment marked production \
        (an environment of appsettings.json with `\"Production\": true`). Fix: \
        remove the item and give the profile real authentication (see S002).",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: rest_policy!(
            r#"            <Item Key="ServiceUrl">https://api.contoso.com/loyalty</Item>
            <Item Key="SendClaimsIn">Body</Item>
            <Item Key="AuthenticationType">Basic</Item>
            <Item Key="AllowInsecureAuthInProduction">true</Item>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: rest_policy!(
            r#"            <Item Key="ServiceUrl">https://api.contoso.com/loyalty</Item>
            <Item Key="SendClaimsIn">Body</Item>
            <Item Key="AuthenticationType">Basic</Item>
            <Item Key="AllowInsecureAuthInProduction">false</Item>
"#
        ),
    }],
    source: "FACTS.md §5 (RestfulProvider metadata); Microsoft Learn: \"Define a RESTful \
        technical profile in an Azure AD B2C custom policy\" (`AllowInsecureAuthInProduction`)",
};

/// S004.
pub(super) static S004: RuleInfo = RuleInfo {
    code: "S004",
    severity: Severity::Warning,
    category: Category::Security,
    summary: "a REST technical profile's `ServiceUrl` is `https://`",
    explanation: "B2C sends a REST profile's input claims (e-mail addresses, names, object ids, \
        sometimes a password being validated) and its credential (a Basic password, a bearer \
        token or an API key header) to `ServiceUrl`, and trusts the claims that come back. \
        Over plain `http://` anyone on the network path reads all of it, and can change the \
        answer: claims injected into the user's token, a validation that passes when it \
        should fail. The attack prevented is eavesdropping and tampering on the path \
        (man in the middle). A value that is a placeholder as a whole, or starts with one \
        (`{Settings:ApiUrl}`, `{Settings:ApiBase}/loyalty`, a claim resolver such as \
        `{Claim:url}`), is not a finding: its scheme is only known once it is rendered, and \
        ief checks the rendered set per environment (`ief check` on a templated set). Nor is \
        a value without a scheme (`your-api-endpoint`): that is a stand-in, which W002 \
        reports. A URL whose scheme is not `https` (`http://`, `ftp://`) is reported: a \
        warning, and an error in a set checked for an environment marked production. Fix: serve the API over \
        HTTPS and write the `https://` URL.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: rest_policy!(
            r#"            <Item Key="ServiceUrl">http://api.contoso.com/loyalty</Item>
            <Item Key="SendClaimsIn">Body</Item>
            <Item Key="AuthenticationType">Basic</Item>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: rest_policy!(
            r#"            <Item Key="ServiceUrl">https://api.contoso.com/loyalty</Item>
            <Item Key="SendClaimsIn">Body</Item>
            <Item Key="AuthenticationType">Basic</Item>
"#
        ),
    }],
    source: "FACTS.md §5 (RestfulProvider metadata: `ServiceUrl`); Microsoft Learn: \"Define a \
        RESTful technical profile in an Azure AD B2C custom policy\"",
};

/// S006.
pub(super) static S006: RuleInfo = RuleInfo {
    code: "S006",
    severity: Severity::Error,
    category: Category::Security,
    summary:
        "a SAML technical profile does not accept unsigned assertions (`WantsSignedAssertions`)",
    explanation: "A SAML identity provider's assertion is what B2C believes about who signed \
        in; its signature is the only proof that the identity provider wrote it. \
        `WantsSignedAssertions` `false` makes B2C skip the check of the assertion's own \
        signature, and `ResponsesSigned` `false` the check of the response's. With both off, \
        nothing is verified: the attack prevented is a forged assertion, posted by anyone to \
        B2C's assertion consumer endpoint, that signs the attacker in as any user of that \
        identity provider. That case is an error. With only `WantsSignedAssertions` `false` \
        the signature of the whole response (checked by default) still covers the assertion, \
        which is what some identity providers send; ief reports it as a warning, as \
        the assertion then rests on one signature checked over a larger document. On a SAML \
        relying party's technical profile the same items decide what B2C signs in what it \
        sends to the application, and are read the same way. Fix: leave both items out (both \
        default to `true`), or keep `WantsSignedAssertions` `false` only where the identity \
        provider signs the response.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: saml_policy!(
            r#"            <Item Key="PartnerEntity">https://idp.contoso.com/metadata.xml</Item>
            <Item Key="WantsSignedAssertions">false</Item>
            <Item Key="ResponsesSigned">false</Item>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: saml_policy!(
            r#"            <Item Key="PartnerEntity">https://idp.contoso.com/metadata.xml</Item>
            <Item Key="WantsSignedAssertions">true</Item>
"#
        ),
    }],
    source: "FACTS.md §5 (SAML2 metadata); Microsoft Learn: \"Define a SAML identity provider \
        technical profile in an Azure AD B2C custom policy\" (`WantsSignedAssertions`, \
        `ResponsesSigned`) and \"Configure SAML identity provider options with Azure AD B2C\"",
};

/// S007.
pub(super) static S007: RuleInfo = RuleInfo {
    code: "S007",
    severity: Severity::Warning,
    category: Category::Security,
    summary: "no SAML technical profile signs with SHA-1 (`XmlSignatureAlgorithm` `Sha1`)",
    explanation: "`XmlSignatureAlgorithm` chooses the digest of the signatures B2C makes: on a \
        SAML identity provider's profile, the signature of its authentication requests; on a \
        SAML token issuer or a SAML relying party's profile, the signature of the assertions \
        and responses it sends to the application. SHA-1 has practical collisions, so a \
        signature over it no longer proves that the signed document is the one that was \
        meant; the attack prevented is a forged or altered SAML message that verifies. It is \
        a warning, not an error: an application that supports only SHA-1 does exist, and the \
        setting has to match what the other side accepts. Fix: set `Sha256` (the default when \
        the item is absent), `Sha384` or `Sha512`, on both sides.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: saml_policy!(
            r#"            <Item Key="PartnerEntity">https://idp.contoso.com/metadata.xml</Item>
            <Item Key="XmlSignatureAlgorithm">Sha1</Item>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: saml_policy!(
            r#"            <Item Key="PartnerEntity">https://idp.contoso.com/metadata.xml</Item>
            <Item Key="XmlSignatureAlgorithm">Sha256</Item>
"#
        ),
    }],
    source: "FACTS.md §5 (SAML2 metadata); Microsoft Learn: \"Define a SAML identity provider \
        technical profile\", \"Define a technical profile for a SAML token issuer\" and \
        \"Register a SAML application in Azure AD B2C\" (`XmlSignatureAlgorithm`)",
};

/// S008.
pub(super) static S008: RuleInfo = RuleInfo {
    code: "S008",
    severity: Severity::Error,
    category: Category::Security,
    summary: "federation metadata is fetched over `https://` (`METADATA`, `PartnerEntity`)",
    explanation: "An OpenID Connect provider's `METADATA` (also used by `id_token_hint` \
        profiles) and a SAML partner's `PartnerEntity` name the document from which B2C \
        learns the partner's endpoints and, above all, the keys it trusts to verify tokens or \
        requests. Fetched over plain `http://`, that document can be replaced on the network \
        path. The attack prevented: a man in the middle substitutes his own signing key (B2C \
        then accepts tokens he signs, for any user) or, for a SAML relying party, his own \
        assertion consumer URL (B2C then sends users' assertions to him). It is an error \
        whatever the environment: every real identity provider serves its metadata over \
        HTTPS. Placeholders (`{Settings:…}`, claim resolvers) and inline SAML metadata are \
        not findings. Fix: use the `https://` address of the metadata document.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: saml_policy!(
            r#"            <Item Key="PartnerEntity">http://idp.contoso.com/metadata.xml</Item>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: saml_policy!(
            r#"            <Item Key="PartnerEntity">https://idp.contoso.com/metadata.xml</Item>
"#
        ),
    }],
    source: "FACTS.md §5 (OpenIdConnect `METADATA`, SAML2 `PartnerEntity`); Microsoft Learn: \
        \"Define an OpenID Connect technical profile\" and \"Define a SAML identity provider \
        technical profile in an Azure AD B2C custom policy\"",
};

pub(super) static MODULE: Module = Module {
    rules: &[&S002, &S003, &S004, &secrets::S005, &S006, &S007, &S008],
    run,
};

/// The handler class of RESTful technical profiles, lowercase.
const REST_HANDLER: &str = "restfulprovider";

fn run(cx: &Context<'_>) {
    let mut found = Findings::default();
    let leaves = cx.leaves();
    // Leaves that share their merged elements (relying-party files on one
    // base) are one group: its profiles are read once, for all of them.
    let mut groups: BTreeMap<usize, Vec<LeafFacts<'_>>> = BTreeMap::new();
    for leaf in &leaves {
        groups.entry(leaf.merged.file).or_default().push(LeafFacts {
            id: cx.policy_id(leaf.file),
            production_mode: matches!(
                cx.files[leaf.file].policy.deployment_mode,
                None | Some(DeploymentMode::Production)
            ),
            complete: leaf.complete,
        });
    }
    let mut read: Vec<usize> = Vec::new();
    for leaf in &leaves {
        let merged = leaf.merged;
        if !read.contains(&merged.file) {
            read.push(merged.file);
            let group = groups.get(&merged.file).map_or(&[][..], Vec::as_slice);
            let profiles = merged.technical_profiles().count();
            for tp in merged.technical_profiles() {
                let view = Merged {
                    eff: merged,
                    id: tp.id.id(),
                    profiles,
                };
                let protocol = view.protocol();
                let is_rest = protocol
                    .and_then(|p| p.handler.as_deref())
                    .is_some_and(|h| h.to_ascii_lowercase().contains(REST_HANDLER));
                let is_saml = protocol.is_some_and(|p| p.name == ProtocolName::Saml2);
                if is_rest {
                    rest(cx, &mut found, group, &view);
                }
                if is_saml {
                    saml(&mut found, &view);
                }
                metadata_url(&mut found, &view, is_saml);
            }
        }
        // The relying party's technical profile is the nearest file's, as
        // written (it is not merged).
        let rp_file = cx.chains[leaf.file]
            .iter()
            .copied()
            .find(|&f| cx.files[f].policy.relying_party.is_some());
        if let Some(f) = rp_file {
            let rp = cx.files[f].policy.relying_party.as_ref();
            for (k, tp) in rp
                .iter()
                .flat_map(|rp| rp.technical_profiles.iter())
                .enumerate()
            {
                let is_saml = tp
                    .protocol
                    .as_ref()
                    .is_some_and(|p| p.name == ProtocolName::Saml2);
                let view = Written { tp, file: f, k };
                if is_saml {
                    saml(&mut found, &view);
                }
                metadata_url(&mut found, &view, is_saml);
            }
        }
    }
    found.report(cx);
    secrets::run(cx);
}

/// What the REST rules need to know of a leaf.
struct LeafFacts<'a> {
    /// Its `PolicyId`.
    id: &'a str,
    /// It runs in `DeploymentMode` `Production` (or without the attribute).
    production_mode: bool,
    /// Its chain is whole (else what a missing base sets is unknown).
    complete: bool,
}

/// A technical profile as the rules read it: its metadata values, each
/// with the place that wrote it.
trait Profile {
    /// Its id.
    fn id(&self) -> &str;
    /// The metadata item `key` (compared exactly, as B2C compares keys),
    /// and where it was written.
    fn item(&self, key: &str) -> Option<(&MetadataItem, Option<Origin>)>;

    /// The value of the item `key`, trimmed.
    fn value(&self, key: &str) -> Option<&str> {
        self.item(key).map(|(m, _)| m.value.trim())
    }

    /// Whether the item `key` is `value` (ignoring case).
    fn is(&self, key: &str, value: &str) -> bool {
        self.value(key)
            .is_some_and(|v| v.eq_ignore_ascii_case(value))
    }

    /// Where the item `key` was written.
    fn origin(&self, key: &str) -> Option<Origin> {
        self.item(key).and_then(|(_, o)| o)
    }
}

/// A claims provider's profile in an effective policy, with its
/// `IncludeTechnicalProfile` chain read the way the merge applies it (the
/// profile's own item or protocol first, then the included profile's),
/// without building the merged copy.
struct Merged<'e> {
    eff: &'e EffectivePolicy,
    id: &'e str,
    /// How many technical profiles `eff` has: no walk without a loop is
    /// longer.
    profiles: usize,
}

impl<'e> Merged<'e> {
    /// The profile, then the profiles it includes, nearest first (an
    /// include that does not resolve ends the walk; so does a loop, once
    /// every profile could have been passed: the walk may repeat some of
    /// a loop, which `find_map` over it never sees, since it stops at the
    /// first profile that answers). Each step is one lookup, so a chain of
    /// n includes costs n, not n².
    fn chain(&self) -> impl Iterator<Item = &'e TechnicalProfile> + '_ {
        let mut steps = 0usize;
        let mut next = Some(self.id);
        let eff = self.eff;
        let limit = self.profiles;
        std::iter::from_fn(move || {
            let id = next.take()?;
            if steps > limit {
                return None;
            }
            steps += 1;
            let tp = eff.technical_profile(id)?;
            next = tp
                .include_technical_profile
                .as_ref()
                .map(|r| r.reference.id());
            Some(tp)
        })
    }

    /// The protocol after the includes are applied.
    fn protocol(&self) -> Option<&'e Protocol> {
        self.chain().find_map(|tp| tp.protocol.as_ref())
    }
}

impl Profile for Merged<'_> {
    fn id(&self) -> &str {
        self.id
    }

    fn item(&self, key: &str) -> Option<(&MetadataItem, Option<Origin>)> {
        self.chain().find_map(|tp| {
            // The last item with the key, as B2C's merge keeps the child's.
            let m = tp.metadata.iter().rev().find(|m| m.key == key)?;
            let origin = self
                .eff
                .provenance
                .part(
                    ElementKind::TechnicalProfile,
                    tp.id.id(),
                    &format!("Metadata:{}", m.key),
                )
                .cloned();
            Some((m, origin))
        })
    }
}

/// A relying party's technical profile, as written in file `file` (it is
/// not merged), the `k`th of its relying party.
struct Written<'a> {
    tp: &'a TechnicalProfile,
    file: usize,
    k: usize,
}

impl Profile for Written<'_> {
    fn id(&self) -> &str {
        self.tp.id.id()
    }

    fn item(&self, key: &str) -> Option<(&MetadataItem, Option<Origin>)> {
        let n = self.tp.metadata.iter().rposition(|m| m.key == key)?;
        let origin = Origin {
            file: self.file,
            path: SourcePath::new(
                "TrustFrameworkPolicy/RelyingParty[0]/TechnicalProfile[#]",
                [idx(self.k), 0, 0],
            )
            .part("/Metadata/Item[#]", idx(n)),
        };
        Some((&self.tp.metadata[n], Some(origin)))
    }
}

/// A finding waiting to be reported: one per (origin, code), with the
/// most severe of the leaves' verdicts.
struct Finding {
    rule: &'static RuleInfo,
    severity: Severity,
    message: String,
    help: String,
    id: String,
    /// The leaf policies B2C would reject for it (S002), named after the
    /// message.
    rejected_by: Vec<String>,
}

/// The findings of a check, keyed by where they point.
#[derive(Default)]
struct Findings(BTreeMap<(Origin, &'static str), Finding>);

impl Findings {
    fn add(&mut self, at: Option<Origin>, f: Finding) {
        let Some(at) = at else { return };
        match self.0.get_mut(&(at, f.rule.code)) {
            Some(old) if old.severity == f.severity => {
                for leaf in f.rejected_by {
                    if !old.rejected_by.contains(&leaf) {
                        old.rejected_by.push(leaf);
                    }
                }
            }
            // `Error` orders before `Warning`: keep the more severe verdict.
            Some(old) if old.severity < f.severity => {}
            Some(old) => *old = f,
            None => {
                self.0.insert((at, f.rule.code), f);
            }
        }
    }

    fn report(self, cx: &Context<'_>) {
        for ((at, _), f) in self.0 {
            let message = match f.rejected_by.split_first() {
                None => f.message,
                Some((first, rest)) => {
                    let more = match rest.len() {
                        0 => String::new(),
                        n => format!(" (and {n} more)"),
                    };
                    format!(
                        "{}; B2C rejects policy `{first}`{more}: it runs in `DeploymentMode` \
                         `Production` without `AllowInsecureAuthInProduction`",
                        f.message
                    )
                }
            };
            cx.report_as(
                (f.rule, f.severity),
                at.file,
                &at.path.to_string(),
                message,
                Some(f.help),
                Some(&f.id),
            );
        }
    }
}

/// Whether `v` names an `http://` address (ignoring case).
fn is_http(v: &str) -> bool {
    v.get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
}

/// S002–S004 on one effective REST profile.
fn rest(cx: &Context<'_>, found: &mut Findings, leaves: &[LeafFacts<'_>], tp: &dyn Profile) {
    let id = tp.id();
    let env = cx.production_severity();
    let allow = tp.is("AllowInsecureAuthInProduction", "true");
    let auth = tp.value("AuthenticationType");
    let none = auth.is_some_and(|a| a.eq_ignore_ascii_case("None"));
    if none {
        // The leaves B2C rejects: production mode, whole chain, no allowance.
        let rejected: Vec<String> = if allow {
            Vec::new()
        } else {
            leaves
                .iter()
                .filter(|l| l.production_mode && l.complete)
                .map(|l| l.id.to_owned())
                .collect()
        };
        found.add(
            tp.origin("AuthenticationType"),
            Finding {
                rule: &S002,
                severity: if rejected.is_empty() {
                    env
                } else {
                    Severity::Error
                },
                message: format!(
                    "REST technical profile `{id}` calls its service without authentication \
                     (`AuthenticationType` `None`)"
                ),
                rejected_by: rejected,
                help: "use `Basic`, `ClientCertificate`, `Bearer` or `ApiKeyHeader` with the \
                       credential in `CryptographicKeys` (a policy key)"
                    .to_owned(),
                id: id.to_owned(),
            },
        );
    }
    if allow {
        let message = if none || auth.is_none() {
            format!(
                "REST technical profile `{id}` sets `AllowInsecureAuthInProduction`: an \
                 unauthenticated call is allowed in production"
            )
        } else {
            format!(
                "REST technical profile `{id}` sets `AllowInsecureAuthInProduction` (no effect \
                 with `AuthenticationType` `{}`, but a later change to `None` would pass)",
                auth.unwrap_or_default()
            )
        };
        found.add(
            tp.origin("AllowInsecureAuthInProduction"),
            Finding {
                rule: &S003,
                severity: env,
                message,
                help: "remove the item and authenticate the call (S002)".to_owned(),
                id: id.to_owned(),
                rejected_by: Vec::new(),
            },
        );
    }
    if let Some(url) = tp.value("ServiceUrl") {
        // Only a URL with a scheme other than https: a value without one
        // (`your-api-endpoint`) is a stand-in, W002's finding, not a
        // plain-text call.
        let scheme = url
            .split_once("://")
            .map(|(scheme, _)| scheme.trim())
            .filter(|s| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            });
        let insecure = scheme.is_some_and(|s| !s.eq_ignore_ascii_case("https"));
        if insecure && !starts_with_template(url) {
            found.add(
                tp.origin("ServiceUrl"),
                Finding {
                    rule: &S004,
                    severity: env,
                    message: format!(
                        "REST technical profile `{id}` calls `{url}`, which is not `https://`"
                    ),
                    help: "serve the API over HTTPS and write its `https://` URL".to_owned(),
                    id: id.to_owned(),
                    rejected_by: Vec::new(),
                },
            );
        }
    }
}

/// S006 and S007 on one SAML profile (an identity provider, a token
/// issuer or a relying party's profile).
fn saml(found: &mut Findings, tp: &dyn Profile) {
    let id = tp.id();
    if tp.is("WantsSignedAssertions", "false") {
        let unsigned_responses = tp.is("ResponsesSigned", "false");
        let (severity, message) = if unsigned_responses {
            (
                Severity::Error,
                format!(
                    "SAML technical profile `{id}` checks neither the assertion's signature \
                     (`WantsSignedAssertions` `false`) nor the response's (`ResponsesSigned` \
                     `false`): a forged assertion is accepted"
                ),
            )
        } else {
            (
                Severity::Warning,
                format!(
                    "SAML technical profile `{id}` accepts unsigned assertions \
                     (`WantsSignedAssertions` `false`); only the response's signature covers them"
                ),
            )
        };
        found.add(
            tp.origin("WantsSignedAssertions"),
            Finding {
                rule: &S006,
                severity,
                message,
                help: "remove `WantsSignedAssertions` (it defaults to `true`), or keep it \
                       `false` only where the identity provider signs the response"
                    .to_owned(),
                id: id.to_owned(),
                rejected_by: Vec::new(),
            },
        );
    }
    if tp.is("XmlSignatureAlgorithm", "Sha1") {
        found.add(
            tp.origin("XmlSignatureAlgorithm"),
            Finding {
                rule: &S007,
                severity: S007.severity,
                message: format!(
                    "SAML technical profile `{id}` signs with SHA-1 (`XmlSignatureAlgorithm` `Sha1`)"
                ),
                help: "set `Sha256` (or remove the item: it is the default) on both sides"
                    .to_owned(),
                id: id.to_owned(),
                rejected_by: Vec::new(),
            },
        );
    }
}

/// S008 on one profile: `METADATA` of any profile (OpenID Connect,
/// `id_token_hint`), `PartnerEntity` of a SAML one.
fn metadata_url(found: &mut Findings, tp: &dyn Profile, is_saml: bool) {
    let id = tp.id();
    let keys: &[&str] = if is_saml {
        &["METADATA", "PartnerEntity"]
    } else {
        &["METADATA"]
    };
    for &key in keys {
        let Some(url) = tp.value(key) else { continue };
        if !is_http(url) {
            continue;
        }
        found.add(
            tp.origin(key),
            Finding {
                rule: &S008,
                severity: S008.severity,
                message: format!(
                    "technical profile `{id}` fetches its partner's metadata over plain HTTP \
                     (`{key}` `{url}`)"
                ),
                help: "use the `https://` address of the metadata document".to_owned(),
                id: id.to_owned(),
                rejected_by: Vec::new(),
            },
        );
    }
}

#[cfg(test)]
mod tests;
