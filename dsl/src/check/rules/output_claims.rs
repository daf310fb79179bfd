//! T002: no output claim repeated in one technical profile.

use crate::hash::HashMap;

use super::{Example, Module, RuleInfo};
use crate::check::context::{lc, Context};
use crate::check::{Category, Severity};

/// T002.
pub(super) static T002: RuleInfo = RuleInfo {
    code: "T002",
    severity: Severity::Warning,
    category: Category::Correctness,
    summary: "no output claim repeated in one technical profile",
    explanation: "Each `OutputClaim` of a technical profile maps one claim of the claims bag to \
        what the provider returns. A claim listed twice is a copy-and-paste slip, and when the \
        two entries differ in `PartnerClaimType` or `DefaultValue` it is unclear which mapping \
        wins. B2C accepts it, though: the schema puts no key on output claims (so schema \
        validation passes), no upload error for it is documented, B2C merges output claims by \
        `ClaimTypeReferenceId` anyway, and published policies have it, among them Microsoft's \
        own Trusona article, whose profile lists `issuerUserId` twice. So this is a warning, \
        not an error (ief reported it as an error before, which was wrong for policies B2C \
        runs). Keep one entry per claim; if the provider sends the value under another name, \
        set that name as the `PartnerClaimType` of the one you keep.",
    failing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="issuerUserId">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="Trusona-OpenIdConnect">
          <Protocol Name="OpenIdConnect" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="sub" />
            <OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="sub" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkExtensions.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkExtensions",
            r#"  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="issuerUserId">
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="Trusona-OpenIdConnect">
          <Protocol Name="OpenIdConnect" />
          <OutputClaims>
            <OutputClaim ClaimTypeReferenceId="issuerUserId" PartnerClaimType="sub" />
          </OutputClaims>
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §3 (no key covers the claim references of OutputClaims; 4 corpus profiles repeat one) and §6 (output claims merge by `ClaimTypeReferenceId`); Microsoft Learn, \"Configure Trusona Authentication Cloud with Azure Active Directory B2C\" (its technical profile lists `issuerUserId` twice)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&T002],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        for (base, tp) in cx.profiles_of(i) {
            let mut claims: HashMap<String, usize> = HashMap::default();
            for (n, c) in tp.output_claims.iter().enumerate() {
                if let Some(first) = claims.insert(lc(c.claim.id()), n) {
                    cx.report(
                        &T002,
                        i,
                        &format!("{base}/OutputClaims/OutputClaim[{n}]@ClaimTypeReferenceId"),
                        format!(
                            "output claim `{}` appears twice in technical profile `{}` (claims {} and {})",
                            c.claim,
                            tp.id,
                            first + 1,
                            n + 1
                        ),
                        Some("keep one; add PartnerClaimType to the one you keep if the names differ".to_string()),
                        Some(c.claim.id()),
                    );
                }
            }
        }
    }
}
