//! T003 and T004: a protocol's `Handler` fits its name.

use super::{Example, Module, RuleInfo};
use crate::check::context::Context;
use crate::check::{Category, Severity};
use crate::providers::ProtocolName;

/// T003.
pub(super) static T003: RuleInfo = RuleInfo {
    code: "T003",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a `Proprietary` protocol has a `Handler`",
    explanation: "`<Protocol Name=\"Proprietary\">` means the profile is run by one of B2C's \
        own providers (self-asserted pages, the directory, REST calls, claims transformations, \
        session managers, …), and the `Handler` attribute names which one, as the full type \
        name `Web.TPEngine.Providers.…, Web.TPEngine, Version=1.0.0.0, Culture=neutral, \
        PublicKeyToken=null`. Without it B2C cannot tell what the profile does; the reference \
        documentation makes the handler required for this protocol. Add the handler of the \
        provider you mean.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SM-Noop">
          <Protocol Name="Proprietary" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SM-Noop">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.NoopSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §5 (Rules [D technicalprofiles]: `Proprietary` requires `Handler`)",
};

/// T004.
pub(super) static T004: RuleInfo = RuleInfo {
    code: "T004",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "a `None` protocol has no `Handler`",
    explanation: "`<Protocol Name=\"None\">` names no provider at all (it is used, for \
        instance, by the profile that reads an `id_token_hint`); the reference documentation \
        says such a protocol takes no `Handler`, and no policy of the public corpus has one. A \
        handler here usually means the profile was meant to be `Proprietary` (a claims \
        transformation profile, for instance). Remove the `Handler`, or change the name to \
        `Proprietary`.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="RefreshTokenReadAndSetup">
          <Protocol Name="None" Handler="Web.TPEngine.Providers.ClaimsTransformationProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    passing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="RefreshTokenReadAndSetup">
          <Protocol Name="None" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §5 (Rules [D technicalprofiles]: `None` must not have a `Handler`)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&T003, &T004],
    run,
};

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        for (base, tp) in cx.profiles_of(i) {
            let Some(proto) = &tp.protocol else { continue };
            match (proto.name, &proto.handler) {
                (ProtocolName::Proprietary, None) => cx.report(
                    &T003,
                    i,
                    &format!("{base}/Protocol[0]"),
                    format!("technical profile `{}` has a Proprietary protocol without a Handler", tp.id),
                    Some("name the B2C provider in Handler, e.g. `Web.TPEngine.Providers.SelfAssertedAttributeProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null`".to_string()),
                    Some(tp.id.id()),
                ),
                (ProtocolName::None, Some(_)) => cx.report(
                    &T004,
                    i,
                    &format!("{base}/Protocol[0]@Handler"),
                    format!("technical profile `{}` has protocol None, which takes no Handler", tp.id),
                    Some("remove the Handler, or use Name=\"Proprietary\"".to_string()),
                    Some(tp.id.id()),
                ),
                _ => {}
            }
        }
    }
}
