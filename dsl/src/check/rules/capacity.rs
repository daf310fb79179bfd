//! H010–H012: B2C's capacity limits. A policy file over 1024 KB (H010),
//! more than 200 policies for one tenant (H011), and a relying party whose
//! journey's worst path consumes more than twice the requests at the
//! authorize endpoint of the heaviest starter-pack journey (H012, from
//! [`crate::capacity`]). The 10-level inheritance limit is P003.

use crate::hash::{HashMap, HashSet};
use std::collections::BTreeSet;

use super::{Example, Module, RuleInfo};
use crate::capacity::{
    Walker, HEAVY_JOURNEY_REQUESTS, MAX_POLICIES_PER_TENANT, MAX_POLICY_FILE_BYTES,
    TENANT_REQUESTS_PER_SECOND,
};
use crate::check::context::Context;
use crate::check::set::{Diagnostic, PolicyHeader};
use crate::check::{Category, Severity};
use crate::resolve::{lc, EffectivePolicy};

/// 1024 bytes: sixteen lines of padding inside a comment.
macro_rules! kib {
    () => {
        concat!(
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
            "  padding: this line and its like make the file too big for B2C\n",
        )
    };
}

/// Four times its argument.
macro_rules! x4 {
    ($e:expr) => {
        concat!($e, $e, $e, $e)
    };
}

/// A base policy of 1024 KiB of comment and a little more.
macro_rules! oversized {
    () => {
        policy!(
            "B2C_1A_TrustFrameworkBase",
            "  <!--\n",
            x4!(x4!(x4!(x4!(x4!(kib!()))))),
            "  -->\n"
        )
    };
}

/// One policy of the tenant, `B2C_1A_P<n>`.
macro_rules! numbered {
    ($n:literal) => {
        Example {
            file: concat!("P", $n, ".xml"),
            xml: concat!(
                "<TrustFrameworkPolicy xmlns=\"http://schemas.microsoft.com/online/cpim/schemas/2013/06\"\n",
                "  PolicySchemaVersion=\"0.3.0.0\" TenantId=\"contoso.onmicrosoft.com\"\n",
                "  PolicyId=\"B2C_1A_P", $n, "\"\n",
                "  PublicPolicyUri=\"http://contoso.onmicrosoft.com/B2C_1A_P", $n, "\">\n",
                "</TrustFrameworkPolicy>\n",
            ),
        }
    };
}

/// The sets of H011: 200 policies of one tenant, and one more.
macro_rules! limit_sets {
    ($($n:literal)*; $extra:literal) => {
        /// 200 policies of `contoso.onmicrosoft.com`.
        static AT_LIMIT: &[Example] = &[$(numbered!($n)),*];
        /// 201.
        static OVER_LIMIT: &[Example] = &[$(numbered!($n)),*, numbered!($extra)];
    };
}

limit_sets!(
    "000" "001" "002" "003" "004" "005" "006" "007" "008" "009" "010" "011" "012" "013"
    "014" "015" "016" "017" "018" "019" "020" "021" "022" "023" "024" "025" "026" "027"
    "028" "029" "030" "031" "032" "033" "034" "035" "036" "037" "038" "039" "040" "041"
    "042" "043" "044" "045" "046" "047" "048" "049" "050" "051" "052" "053" "054" "055"
    "056" "057" "058" "059" "060" "061" "062" "063" "064" "065" "066" "067" "068" "069"
    "070" "071" "072" "073" "074" "075" "076" "077" "078" "079" "080" "081" "082" "083"
    "084" "085" "086" "087" "088" "089" "090" "091" "092" "093" "094" "095" "096" "097"
    "098" "099" "100" "101" "102" "103" "104" "105" "106" "107" "108" "109" "110" "111"
    "112" "113" "114" "115" "116" "117" "118" "119" "120" "121" "122" "123" "124" "125"
    "126" "127" "128" "129" "130" "131" "132" "133" "134" "135" "136" "137" "138" "139"
    "140" "141" "142" "143" "144" "145" "146" "147" "148" "149" "150" "151" "152" "153"
    "154" "155" "156" "157" "158" "159" "160" "161" "162" "163" "164" "165" "166" "167"
    "168" "169" "170" "171" "172" "173" "174" "175" "176" "177" "178" "179" "180" "181"
    "182" "183" "184" "185" "186" "187" "188" "189" "190" "191" "192" "193" "194" "195"
    "196" "197" "198" "199";
    "200"
);

/// The claims of H012's examples.
macro_rules! heavy_building_blocks {
    () => {
        r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="email"><DataType>string</DataType></ClaimType>
      <ClaimType Id="phone"><DataType>string</DataType></ClaimType>
      <ClaimType Id="consent"><DataType>boolean</DataType></ClaimType>
      <ClaimType Id="terms"><DataType>boolean</DataType></ClaimType>
      <ClaimType Id="recoveryEmail"><DataType>string</DataType></ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
"#
    };
}

/// H012's pages: a sign-up page that verifies the email address (4), a
/// phone factor (4), two plain pages (2 each), a page that verifies a
/// recovery email address (4).
macro_rules! pages {
    () => {
        r#"    <ClaimsProvider>
      <DisplayName>Pages</DisplayName>
      <TechnicalProfiles>
        <TechnicalProfile Id="SignUp">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="email" PartnerClaimType="Verified.Email" Required="true" />
          </OutputClaims>
        </TechnicalProfile>
        <TechnicalProfile Id="Mfa">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.PhoneFactorProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="phone" PartnerClaimType="Verified.OfficePhone" />
          </OutputClaims>
        </TechnicalProfile>
        <TechnicalProfile Id="Consent">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="consent" Required="true" />
            <OutputClaim ClaimTypeReferenceId="terms" Required="true" />
          </OutputClaims>
        </TechnicalProfile>
        <TechnicalProfile Id="RecoveryEmail">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="recoveryEmail" PartnerClaimType="Verified.Email" Required="true" />
          </OutputClaims>
        </TechnicalProfile>
        <TechnicalProfile Id="Terms">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="terms" Required="true" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
"#
    };
}

/// The journey `SignIn` of H012's examples: the sign-up page, the phone
/// factor, then the steps given.
macro_rules! journey {
    ($rest:expr) => {
        concat!(
            r#"  <UserJourneys>
    <UserJourney Id="SignIn">
      <OrchestrationSteps>
        <OrchestrationStep Order="1" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="SignUpExchange" TechnicalProfileReferenceId="SignUp" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="2" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="MfaExchange" TechnicalProfileReferenceId="Mfa" /></ClaimsExchanges>
        </OrchestrationStep>
"#,
            $rest,
            r#"      </OrchestrationSteps>
    </UserJourney>
  </UserJourneys>
"#
        )
    };
}

/// Where the limits come from.
const LIMITS_SOURCE: &str = "Microsoft Learn, \"Azure Active Directory B2C service limits and \
    restrictions\" (Azure AD B2C configuration limits: maximum policy file size 1024 KB, 200 \
    policies per tenant, 10 levels of inheritance); FACTS.md §6 and §9";

/// H010.
pub(super) static H010: RuleInfo = RuleInfo {
    code: "H010",
    severity: Severity::Error,
    category: Category::Hygiene,
    summary: "a policy file is at most 1024 KB",
    explanation: "B2C refuses to store a policy file larger than 1024 KB, whatever it holds. \
        ief counts the bytes of the file as UTF-8 text without a byte-order mark (what \
        `ief deploy` uploads) and reports a file over 1024 × 1024 bytes at its root element. \
        What usually makes a file that large is left behind: localized strings for languages no \
        relying party offers, claim types and technical profiles nothing uses, long comments, \
        a base copied whole into an extension. Fix: remove what is unused, or move a part of \
        the file (localization, a group of claims providers) into a policy of its own in the \
        chain; every file of a chain counts against the limit separately. The chain's depth \
        has its own limit of 10 levels (P003).",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: oversized!(),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            "  <!-- the padding removed -->\n"
        ),
    }],
    source: LIMITS_SOURCE,
};

/// H011.
pub(super) static H011: RuleInfo = RuleInfo {
    code: "H011",
    severity: Severity::Error,
    category: Category::Hygiene,
    summary: "a tenant holds at most 200 policies",
    explanation: "A B2C tenant holds at most 200 policies, user flows and custom policies \
        together; the upload of one more is refused. ief counts the distinct `PolicyId`s of \
        the set per `TenantId` and reports the policy that is one too many (the 201st, in the \
        order the files were given), naming how many the set has. Policies already in the \
        tenant and user flows are not in the set, so a set under the limit can still be too \
        much for its tenant (`ief deploy` checks that against the tenant before it uploads). \
        Fix: delete policies the tenant no longer runs, merge relying parties that differ only \
        in a setting (one policy can read it from the request with a claim resolver), or split \
        the set over tenants.",
    failing: OVER_LIMIT,
    passing: AT_LIMIT,
    source: LIMITS_SOURCE,
};

/// H012.
pub(super) static H012: RuleInfo = RuleInfo {
    code: "H012",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "a journey's worst path needs at most 20 requests at the authorize endpoint",
    explanation: "A B2C tenant serves at most 200 requests a second, and each page, provider \
        and verification a user passes through consumes requests at the authorize endpoint: a \
        self-asserted page 2, email verification 2, a display control 2, a phone-factor page 4, \
        a federated identity provider 2 (Microsoft's figures). ief walks every path of each \
        relying party's default journey (preconditions decided by the claims of the path, each \
        exchange of a step a path of its own, sub-journeys followed) and warns when the most \
        expensive path consumes more than 20 requests, i.e. the whole tenant issues fewer than \
        10 tokens a second on it. The threshold is twice the heaviest journeys of Microsoft's \
        starter packs (sign-up with MFA: 10); Microsoft's own phone-number scenario reaches 14, \
        so a journey past 20 is heavier than anything Microsoft publishes by a margin, usually \
        from a page or a verification repeated. It is a warning: a heavy journey works, it only \
        caps the sign-in rate. `ief capacity` prints every relying party's figures and path. \
        Fix: merge pages (collect the claims of two self-asserted pages on one), drop a repeated \
        verification, skip steps a returning user does not need (preconditions, a session \
        manager on the profile), and ask for MFA only when conditional access asks for it.",
    failing: &[Example {
        file: "SignUp.xml",
        xml: policy!(
            "B2C_1A_SignUp",
            heavy_building_blocks!(),
            "  <ClaimsProviders>\n",
            issuer!(),
            pages!(),
            "  </ClaimsProviders>\n",
            journey!(
                r#"        <OrchestrationStep Order="3" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="ConsentExchange" TechnicalProfileReferenceId="Consent" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="4" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="TermsExchange" TechnicalProfileReferenceId="Terms" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="5" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="RecoveryExchange" TechnicalProfileReferenceId="RecoveryEmail" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="6" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="MfaAgainExchange" TechnicalProfileReferenceId="Mfa" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="7" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="TermsAgainExchange" TechnicalProfileReferenceId="Terms" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="8" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
            ),
            relying_party!()
        ),
    }],
    passing: &[Example {
        file: "SignUp.xml",
        xml: policy!(
            "B2C_1A_SignUp",
            heavy_building_blocks!(),
            "  <ClaimsProviders>\n",
            issuer!(),
            pages!(),
            "  </ClaimsProviders>\n",
            journey!(
                r#"        <OrchestrationStep Order="3" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="ConsentExchange" TechnicalProfileReferenceId="Consent" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="4" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="RecoveryExchange" TechnicalProfileReferenceId="RecoveryEmail" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="5" Type="ClaimsExchange">
          <ClaimsExchanges><ClaimsExchange Id="TermsExchange" TechnicalProfileReferenceId="Terms" /></ClaimsExchanges>
        </OrchestrationStep>
        <OrchestrationStep Order="6" Type="SendClaims" CpimIssuerTechnicalProfileReferenceId="JwtIssuer" />
"#
            ),
            relying_party!()
        ),
    }],
    source: "Microsoft Learn, \"Azure Active Directory B2C service limits and restrictions\" \
        (maximum requests per tenant 200/s; requests consumed per feature of a custom policy; \
        the starter packs' figures, the largest 10); FACTS.md §9; the starter pack's \
        phone-number-passwordless scenario measured by `ief capacity` (14)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&H010, &H011, &H012],
    run,
};

/// H011 over the whole set, once it is known: the distinct `PolicyId`s
/// (ignoring case) of each tenant (`TenantId`, trimmed, ignoring case),
/// reported at the file that brings its tenant to 201. Run by
/// [`crate::check::set`] after every group is checked, from each file's
/// header alone: no context holds the whole set.
pub(crate) fn tenant_limits(headers: &[PolicyHeader]) -> Vec<Diagnostic> {
    let mut tenants: HashMap<String, (HashSet<String>, Option<usize>)> = HashMap::default();
    for (i, h) in headers.iter().enumerate() {
        let (ids, over) = tenants.entry(lc(h.tenant_id.trim())).or_default();
        if ids.insert(lc(&h.policy_id)) && ids.len() == MAX_POLICIES_PER_TENANT + 1 {
            *over = Some(i);
        }
    }
    let mut found = Vec::new();
    for (ids, over) in tenants.values() {
        let Some(i) = *over else { continue };
        let h = &headers[i];
        found.push(Diagnostic {
            file: h.file.clone(),
            pos: h.policy_id_pos,
            code: H011.code,
            severity: H011.severity,
            message: format!(
                "policy `{}` is the {}st of tenant `{}` in this set, which has {} policies; a tenant holds at most {MAX_POLICIES_PER_TENANT}",
                h.policy_id,
                MAX_POLICIES_PER_TENANT + 1,
                h.tenant_id,
                ids.len()
            ),
            help: Some("delete policies the tenant no longer runs, merge relying parties that differ only in a setting, or split the set over tenants".to_owned()),
            id: Some(h.policy_id.clone()),
            origins: Vec::new(),
        });
    }
    found
}

fn run(cx: &Context<'_>) {
    let scope: BTreeSet<usize> = cx.scope().collect();
    let root = "TrustFrameworkPolicy";
    // H010: each file's size.
    for &i in &scope {
        let bytes = cx.files[i].source_map.text_len();
        if bytes > MAX_POLICY_FILE_BYTES {
            cx.report(
                &H010,
                i,
                root,
                format!(
                    "policy `{}` is {bytes} bytes ({} KB); B2C accepts files of at most 1024 KB",
                    cx.policy_id(i),
                    bytes.div_ceil(1024)
                ),
                Some(
                    "remove what nothing uses, or move part of the file into a policy of its own in the chain"
                        .to_owned(),
                ),
                Some(cx.policy_id(i)),
            );
        }
    }
    // H012: each relying party's default journey. Leaves that read the
    // same merged elements share one walker (what it learned of profiles).
    let mut walkers: HashMap<*const EffectivePolicy, Walker<'_>> = HashMap::default();
    for leaf in cx.leaves() {
        if !leaf.complete {
            continue;
        }
        let Some(journey_id) = leaf
            .relying_party
            .and_then(|rp| rp.default_user_journey.as_ref())
            .map(|d| d.reference.id())
        else {
            continue;
        };
        let walker = walkers
            .entry(std::ptr::from_ref(leaf.merged))
            .or_insert_with(|| Walker::new(leaf.merged));
        let Some(cost) = walker.journey(leaf.relying_party, journey_id) else {
            continue;
        };
        let requests = cost.worst.requests();
        if requests <= HEAVY_JOURNEY_REQUESTS {
            continue;
        }
        // The file of the chain that names the journey.
        let at = cx.chains[leaf.file]
            .iter()
            .copied()
            .find(|&f| {
                cx.files[f]
                    .policy
                    .relying_party
                    .as_ref()
                    .is_some_and(|rp| rp.default_user_journey.is_some())
            })
            .unwrap_or(leaf.file);
        cx.report(
            &H012,
            at,
            &format!("{root}/RelyingParty[0]/DefaultUserJourney[0]@ReferenceId"),
            format!(
                "the worst path of user journey `{}` consumes {requests} requests at the authorize endpoint: the tenant's {TENANT_REQUESTS_PER_SECOND} requests a second allow {:.1} tokens a second on it ({})",
                cost.journey,
                f64::from(TENANT_REQUESTS_PER_SECOND) / f64::from(requests),
                cost.worst.describe()
            ),
            Some(format!("merge pages, drop a repeated verification, skip steps a returning user does not need, to stay within {HEAVY_JOURNEY_REQUESTS} requests (`ief capacity` shows every path's figures)")),
            Some(&cost.journey),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::set::check_sources;

    fn codes(files: &[(&str, String)]) -> Vec<(String, &'static str, u32, String)> {
        check_sources(files.iter().map(|(n, x)| (*n, x.as_str())))
            .diagnostics
            .into_iter()
            .filter(|d| d.code.starts_with('H'))
            .map(|d| (d.file, d.code, d.pos.map_or(0, |p| p.line), d.message))
            .collect()
    }

    #[test]
    fn only_the_limit_examples_are_shown_in_part_by_explain() {
        for rule in super::super::rules() {
            let big = [rule.failing, rule.passing]
                .iter()
                .any(|set| set.len() > 20 || set.iter().any(|f| f.xml.len() > 16 * 1024));
            assert_eq!(big, matches!(rule.code, "H010" | "H011"), "{}", rule.code);
        }
        let text = H010.explain();
        assert!(text.len() < 4096, "{}", text.len());
        assert!(text.contains("lines left out"), "{text}");
        let text = H011.explain();
        assert!(text.contains("... and 199 more files of the same shape (P002.xml to P200.xml)"));
        assert!(text.contains("... and 198 more files of the same shape (P002.xml to P199.xml)"));
    }

    #[test]
    fn the_oversized_example_is_just_over_the_limit() {
        let len = H010.failing[0].xml.len();
        assert!(len > MAX_POLICY_FILE_BYTES, "{len}");
        assert!(len < MAX_POLICY_FILE_BYTES + 2048, "{len}");
        let found = codes(&[("Base.xml", H010.failing[0].xml.to_owned())]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, 1);
        assert!(found[0].3.contains(&format!("is {len} bytes")), "{found:?}");
    }

    #[test]
    fn a_byte_order_mark_is_not_counted_and_the_limit_itself_is_accepted() {
        let head = policy!("B2C_1A_X", "  <!--\n");
        let tail = "  -->\n</TrustFrameworkPolicy>\n";
        let body = head
            .strip_suffix("</TrustFrameworkPolicy>\n")
            .unwrap_or(head);
        let fill = MAX_POLICY_FILE_BYTES - body.len() - tail.len();
        let exact = format!("{body}{}{tail}", "x".repeat(fill));
        assert_eq!(exact.len(), MAX_POLICY_FILE_BYTES);
        assert!(codes(&[("X.xml", format!("\u{feff}{exact}"))]).is_empty());
        let over = format!("{body}{}{tail}", "x".repeat(fill + 1));
        assert_eq!(codes(&[("X.xml", over)]).len(), 1);
    }

    #[test]
    fn policies_are_counted_per_tenant_and_by_distinct_id() {
        let mut files: Vec<(String, String)> = (0..200)
            .map(|n| {
                (
                    format!("P{n}.xml"),
                    policy!("B2C_1A_Pxxx").replace("Pxxx", &format!("P{n}")),
                )
            })
            .collect();
        // The same PolicyId twice (another case) is one policy (and P005's
        // finding); another tenant's policy is not counted.
        files.push(("Again.xml".into(), policy!("B2C_1A_P7").replace("P7", "p7")));
        files.push((
            "Other.xml".into(),
            policy!("B2C_1A_Other").replace("contoso", "fabrikam"),
        ));
        let named: Vec<(&str, String)> =
            files.iter().map(|(n, x)| (n.as_str(), x.clone())).collect();
        assert!(
            codes(&named).iter().all(|f| f.1 != "H011"),
            "{:?}",
            codes(&named)
        );
        let mut more = named.clone();
        more.push(("Last.xml", policy!("B2C_1A_Last").to_owned()));
        let found: Vec<_> = codes(&more).into_iter().filter(|f| f.1 == "H011").collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Last.xml");
        assert!(found[0].3.contains("which has 201 policies"), "{found:?}");
    }

    #[test]
    fn the_heavy_journey_is_reported_at_the_relying_party_with_its_path() {
        let found = codes(&[("SignUp.xml", H012.failing[0].xml.to_owned())]);
        assert_eq!(found.len(), 1, "{found:?}");
        let line = H012.failing[0]
            .xml
            .lines()
            .position(|l| l.contains("<DefaultUserJourney"))
            .map_or(0, |n| n + 1);
        assert_eq!(found[0].2 as usize, line);
        assert!(found[0].3.contains("consumes 22 requests"), "{found:?}");
        assert!(found[0].3.contains("9.1 tokens a second"), "{found:?}");
        assert!(
            found[0].3.contains("step 6 Mfa: phone factor 4"),
            "{found:?}"
        );
        assert!(
            found[0].3.contains("step 2 Mfa: phone factor 4"),
            "{found:?}"
        );
    }
}
