//! T006: no `IncludeTechnicalProfile` cycle.

use crate::hash::HashMap;

use super::{Example, Module, RuleInfo};
use crate::check::context::{lc, Context};
use crate::check::{Category, Severity};

/// T006.
pub(super) static T006: RuleInfo = RuleInfo {
    code: "T006",
    severity: Severity::Error,
    category: Category::Correctness,
    summary: "no `IncludeTechnicalProfile` cycle",
    explanation: "`IncludeTechnicalProfile` adds everything of another profile to this one, \
        which may itself include a third (the starter pack's `AAD-*` profiles include \
        `AAD-Common`). When the includes lead back to the profile they start from, there is \
        nothing to start the merge from and no complete profile results. Each loop is \
        reported once, on the profile of the loop that comes first in the file, with the \
        loop spelled out (profiles whose includes lead into a loop are not reported again). Break the \
        loop: the shared settings belong in one profile that includes nothing.",
    failing: &[Example {
        file: "TrustFrameworkBase.xml",
        xml: policy!(
            "B2C_1A_TrustFrameworkBase",
            r#"  <ClaimsProviders>
    <ClaimsProvider>
      <TechnicalProfiles>
        <TechnicalProfile Id="SM-AAD">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.DefaultSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
          <IncludeTechnicalProfile ReferenceId="SM-SocialSignup" />
        </TechnicalProfile>
        <TechnicalProfile Id="SM-SocialSignup">
          <IncludeTechnicalProfile ReferenceId="SM-AAD" />
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
        <TechnicalProfile Id="SM-AAD">
          <Protocol Name="Proprietary" Handler="Web.TPEngine.SSO.DefaultSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
        </TechnicalProfile>
        <TechnicalProfile Id="SM-SocialSignup">
          <IncludeTechnicalProfile ReferenceId="SM-AAD" />
        </TechnicalProfile>
      </TechnicalProfiles>
    </ClaimsProvider>
  </ClaimsProviders>
"#
        ),
    }],
    source: "FACTS.md §6 (Technical profiles: `IncludeTechnicalProfile` chains; detect cycles)",
};

pub(super) static MODULE: Module = Module {
    rules: &[&T006],
    run,
};

/// How many ids of a loop the message spells out.
const SHOWN: usize = 12;

fn run(cx: &Context<'_>) {
    for i in cx.scope() {
        // Where each profile of this file is declared (the first time).
        let mut declared: HashMap<String, (usize, usize)> = HashMap::default();
        for (j, cp) in cx.files[i].policy.claims_providers.iter().enumerate() {
            for (k, tp) in cp.technical_profiles.iter().enumerate() {
                declared.entry(lc(tp.id.id())).or_insert((j, k));
            }
        }
        // The walk that reached each profile: every profile is walked once,
        // so the file takes linear time and each loop is found once.
        let mut walked: HashMap<String, usize> = HashMap::default();
        let mut walk = 0usize;
        for cp in &cx.files[i].policy.claims_providers {
            for tp in &cp.technical_profiles {
                walk += 1;
                // (lowercased, as written) along the includes.
                let mut path: Vec<(String, String)> = Vec::new();
                let mut cur = Some(tp.id.id().to_owned());
                while let Some(written) = cur {
                    let key = lc(&written);
                    match walked.get(&key) {
                        Some(&w) if w == walk => {
                            let from = path.iter().position(|(k, _)| *k == key).unwrap_or(0);
                            report_loop(cx, i, &path[from..], &written, &declared);
                            break;
                        }
                        Some(_) => break,
                        None => {}
                    }
                    walked.insert(key.clone(), walk);
                    cur = cx.include_of(i, &key);
                    path.push((key, written));
                }
            }
        }
    }
}

/// Reports `cycle` (ids lowercased and as referenced; `closing` is the
/// reference back to its first member) once, at its member declared first in file `i` (a loop
/// with no member in this file is reported by the file that declares one).
fn report_loop(
    cx: &Context<'_>,
    i: usize,
    cycle: &[(String, String)],
    closing: &str,
    declared: &HashMap<String, (usize, usize)>,
) {
    let Some((at, (j, k))) = cycle
        .iter()
        .enumerate()
        .filter_map(|(n, (key, _))| declared.get(key).map(|&pos| (n, pos)))
        .min_by_key(|&(_, pos)| pos)
    else {
        return;
    };
    let Some(tp) = cx.files[i]
        .policy
        .claims_providers
        .get(j)
        .and_then(|cp| cp.technical_profiles.get(k))
    else {
        return;
    };
    // The loop from the reported profile round to it again.
    let mut shown: Vec<&str> = cycle[at..]
        .iter()
        .chain(&cycle[..at])
        .map(|(_, w)| w.as_str())
        .collect();
    shown[0] = tp.id.id();
    // The reference that leads back to it, as written.
    let first = if at == 0 {
        closing
    } else {
        cycle[at].1.as_str()
    };
    let text = if shown.len() > SHOWN {
        format!(
            "{} -> … ({} more) -> {first}",
            shown[..SHOWN].join(" -> "),
            shown.len() - SHOWN
        )
    } else {
        format!("{} -> {first}", shown.join(" -> "))
    };
    cx.report(
        &T006,
        i,
        &format!("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]/IncludeTechnicalProfile[0]"),
        format!("IncludeTechnicalProfile loops: {text}"),
        None,
        Some(tp.id.id()),
    );
}
