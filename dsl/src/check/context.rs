//! What every rule of the set checker reads: the files, what each defines
//! and references, the inheritance chains, and where findings go.

use crate::hash::{HashMap, Uncased};
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};

use super::index::{index, FileIndex, RefKind};
use super::rules::flow::Leaf;
use super::rules::RuleInfo;
use super::set::{CheckOptions, Diagnostic};
use super::Severity;
use crate::claims::ClaimType;
use crate::import::Imported;
use crate::policy::TrustFrameworkPolicy;
use crate::providers::TechnicalProfile;
use crate::resolve::{Chain, EffectivePolicy};

pub(crate) use crate::resolve::lc;

/// What the whole set says about its files' chains, computed once per
/// check and shared (read-only) by every [`Context`] of the check: which
/// file each `PolicyId` names, duplicates, chains.
pub(crate) struct SetFacts {
    /// Lowercase `PolicyId` -> the first file with it.
    by_policy: HashMap<String, usize>,
    /// For each file: the earlier file with the same `PolicyId` (ignoring
    /// case), if there is one.
    duplicate_of: Vec<Option<usize>>,
    /// For each file: itself, then its ancestors (resolved part only).
    chains: Vec<Vec<usize>>,
    /// For each file: whether its chain is whole.
    complete: Vec<bool>,
    /// Each file's chain as [`crate::resolve`] finds it.
    resolved_chains: Vec<Chain>,
}

impl SetFacts {
    /// Resolves each file's chain by `PolicyId` (ignoring case), as B2C
    /// does. Reports nothing: the rules of the chain (P001–P006) read what
    /// this finds.
    pub fn new(files: &[Imported]) -> Self {
        let mut by_policy = HashMap::default();
        let mut duplicate_of = Vec::with_capacity(files.len());
        for (i, f) in files.iter().enumerate() {
            let key = lc(f.policy.policy_id.id());
            match by_policy.get(&key) {
                Some(&first) => duplicate_of.push(Some(first)),
                None => {
                    by_policy.insert(key, i);
                    duplicate_of.push(None);
                }
            }
        }
        // The chains are resolve's: one definition of how B2C follows
        // `BasePolicy`.
        let resolved_chains = crate::resolve::chains(files);
        let chains: Vec<Vec<usize>> = resolved_chains.iter().map(|c| c.files.clone()).collect();
        let complete: Vec<bool> = resolved_chains.iter().map(Chain::is_complete).collect();
        SetFacts {
            by_policy,
            duplicate_of,
            chains,
            complete,
            resolved_chains,
        }
    }

    /// The set split into groups that no rule looks across (file indexes,
    /// ascending; groups ordered by their first file): a file is in the
    /// group of the files of its chain, of the file its `BasePolicy` names,
    /// and of every file with its `PolicyId` (ignoring case). The findings
    /// that read unrelated files (P001's "did you mean", H011) are made
    /// after the groups are checked, from each file's header.
    pub fn groups(&self, files: &[Imported]) -> Vec<Vec<usize>> {
        // A file's chain is its base links followed: joining each file with
        // its base's file and its `PolicyId`'s first file joins its chain.
        let keys: Vec<Option<(String, Option<String>)>> = files
            .iter()
            .map(|f| {
                Some((
                    lc(f.policy.policy_id.id()),
                    f.policy.base_policy.as_ref().map(|b| lc(b.policy_id.id())),
                ))
            })
            .collect();
        super::set::groups_of(&keys)
    }
}

/// The policy set as the rules see it: the whole set's files and chains,
/// and the files this context checks (its scope: the whole set, or some
/// groups of [`SetFacts::groups`]). Built by
/// [`check_set`](super::set::check_set); every rule module takes it, and
/// reports findings of the files in scope only.
pub(crate) struct Context<'a> {
    /// The files of the set given to the check, in the order given (in
    /// `check_streamed`, the files of one group).
    pub files: &'a [Imported],
    /// For each file: the earlier file with the same `PolicyId` (ignoring
    /// case), if there is one.
    pub duplicate_of: &'a [Option<usize>],
    /// For each file: itself, then its ancestors (resolved part only).
    pub chains: &'a [Vec<usize>],
    /// For each file: whether its chain is whole, i.e. ends at a policy
    /// without `BasePolicy` (no missing base, no loop). Rules that need
    /// everything the chain defines (unresolved references, C001, T005,
    /// journey rules on merged journeys) are not run on a broken chain:
    /// its P001/P002 is the finding, and what the missing part would
    /// define cannot be known.
    pub complete: &'a [bool],
    by_policy: &'a HashMap<String, usize>,
    /// Each file's chain as [`crate::resolve`] finds it.
    resolved_chains: &'a [Chain],
    /// The files checked, ascending.
    scope: &'a [usize],
    /// For each file of the scope (by position in it): what it defines and
    /// references, indexed when a rule first asks.
    indexes: Vec<OnceCell<FileIndex>>,
    /// For each file of the scope: its effective policy, merged when a
    /// rule first asks.
    effective: Vec<OnceCell<EffectivePolicy>>,
    /// For each root file of the scope: its claims providers' profiles
    /// and its claim types by id (made when first asked), read instead of
    /// a merged copy (see [`Context::profile_in_chain`]).
    own: Vec<OnceCell<Own<'a>>>,
    /// For each file: its technical profiles with their paths
    /// ([`Context::profiles_of`]), listed when a rule first asks.
    profiles: Vec<OnceCell<Vec<(String, &'a TechnicalProfile)>>>,
    /// The same for files out of scope, made if a rule ever asks about
    /// one (the chains of the files in scope stay in their groups, so no
    /// rule does).
    spill: OnceCell<Spill>,
    out: RefCell<Vec<Diagnostic>>,
    /// The set is built for a production environment
    /// ([`super::set::CheckOptions::production`]).
    pub production: bool,
}

/// A root file's claims-provider profiles by id (ignoring case): where
/// each is, as (provider, profile).
type OwnProfiles<'a> = HashMap<Uncased<'a>, (usize, usize)>;

/// A root file's own elements by id, for the questions its effective
/// policy would answer the same way: each `None` when the file declares
/// an id of that kind twice (the merge would combine the two).
struct Own<'a> {
    profiles: Option<OwnProfiles<'a>>,
    /// Claim type id -> position in the claims schema.
    claims: Option<HashMap<Uncased<'a>, usize>>,
}

impl<'a> Own<'a> {
    fn of(policy: &'a TrustFrameworkPolicy) -> Own<'a> {
        let profiles = (|| {
            let mut map: OwnProfiles<'_> = HashMap::default();
            for (c, cp) in policy.claims_providers.iter().enumerate() {
                for (k, tp) in cp.technical_profiles.iter().enumerate() {
                    if map.insert(Uncased(tp.id.id()), (c, k)).is_some() {
                        return None;
                    }
                }
            }
            Some(map)
        })();
        let claims = (|| {
            let mut map = HashMap::default();
            for (n, c) in policy.building_blocks.claims_schema.iter().enumerate() {
                if map.insert(Uncased(c.id.id()), n).is_some() {
                    return None;
                }
            }
            Some(map)
        })();
        Own { profiles, claims }
    }
}

/// [`Context`]'s cells for files out of its scope, one per file of the set.
struct Spill {
    indexes: Vec<OnceCell<FileIndex>>,
    effective: Vec<OnceCell<EffectivePolicy>>,
}

impl<'a> Context<'a> {
    /// A context that checks the files of `scope` (ascending; a union of
    /// groups of [`SetFacts::groups`]) of the set `files`, whose chains
    /// `set` holds.
    pub fn new(
        files: &'a [Imported],
        set: &'a SetFacts,
        scope: &'a [usize],
        options: &CheckOptions,
    ) -> Self {
        Context {
            files,
            indexes: scope.iter().map(|_| OnceCell::new()).collect(),
            duplicate_of: &set.duplicate_of,
            chains: &set.chains,
            complete: &set.complete,
            by_policy: &set.by_policy,
            resolved_chains: &set.resolved_chains,
            scope,
            effective: scope.iter().map(|_| OnceCell::new()).collect(),
            own: scope.iter().map(|_| OnceCell::new()).collect(),
            profiles: files.iter().map(|_| OnceCell::new()).collect(),
            spill: OnceCell::new(),
            out: RefCell::new(Vec::new()),
            production: options.production,
        }
    }

    /// The severity of a finding that is an error in a set built for
    /// production and a warning otherwise (development settings left on).
    pub fn production_severity(&self) -> Severity {
        if self.production {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// The files this context checks, ascending: every rule reports on
    /// these.
    pub fn scope(&self) -> impl Iterator<Item = usize> + '_ {
        self.scope.iter().copied()
    }

    /// The spill cells, made on first use.
    fn spill(&self) -> &Spill {
        self.spill.get_or_init(|| Spill {
            indexes: self.files.iter().map(|_| OnceCell::new()).collect(),
            effective: self.files.iter().map(|_| OnceCell::new()).collect(),
        })
    }

    /// What `file` defines and references.
    pub fn index_of(&self, file: usize) -> &FileIndex {
        let cell = match self.scope.binary_search(&file) {
            Ok(s) => &self.indexes[s],
            Err(_) => &self.spill().indexes[file],
        };
        cell.get_or_init(|| index(&self.files[file]))
    }

    /// The file that `policy_id` names (ignoring case), if it is in the set.
    pub fn file_of(&self, policy_id: &str) -> Option<usize> {
        self.by_policy.get(&lc(policy_id)).copied()
    }

    /// The `PolicyId` of `file`, as written.
    pub fn policy_id(&self, file: usize) -> &'a str {
        self.files[file].policy.policy_id.id()
    }

    /// Reports a finding of `rule` with the rule's default severity, at the
    /// source-map `path` of `file`.
    pub fn report(
        &self,
        rule: &RuleInfo,
        file: usize,
        path: &str,
        message: String,
        help: Option<String>,
        id: Option<&str>,
    ) {
        self.report_as((rule, rule.severity), file, path, message, help, id);
    }

    /// Reports a finding of `rule` with the severity given (for a rule that
    /// says, finding by finding, that B2C accepts a case).
    pub fn report_as(
        &self,
        (rule, severity): (&RuleInfo, Severity),
        file: usize,
        path: &str,
        message: String,
        help: Option<String>,
        id: Option<&str>,
    ) {
        let f = &self.files[file];
        self.out.borrow_mut().push(Diagnostic {
            file: f.file.clone(),
            pos: f.source_map.locate(path),
            code: rule.code,
            severity,
            message,
            help,
            id: id.map(str::to_owned),
            origins: Vec::new(),
        });
    }

    /// The effective policy of `file` (its chain merged; the resolved part
    /// of a broken chain).
    pub fn effective_of(&self, file: usize) -> &EffectivePolicy {
        let cell = match self.scope.binary_search(&file) {
            Ok(s) => &self.effective[s],
            Err(_) => &self.spill().effective[file],
        };
        cell.get_or_init(|| {
            let chain = self.resolved_chains[file].clone();
            // Built on the nearest ancestor's effective policy already made
            // whose chain is the rest of this one (copied, not merged
            // again); an ancestor no rule asks about (a localization file
            // between base and extensions) is merged on the way and never
            // copied. With none made, the whole chain is merged.
            let made = chain.files.iter().enumerate().skip(1).find_map(|(k, &a)| {
                let eff = self.made(a)?;
                (self.chains[a][..] == chain.files[k..]).then_some(eff)
            });
            match made {
                Some(base) => crate::resolve::resolve_onto_for_rules(base, self.files, file, chain),
                None => crate::resolve::resolve_for_rules(self.files, file, chain),
            }
        })
    }

    /// Technical profile `id` (a claims provider's) as it runs in `file`'s
    /// chain, with what it includes merged in: what
    /// `merged_of(file).profile_with_includes_cow(id)` gives. A root file
    /// of the scope whose chain is whole and that declares each profile
    /// once is its own effective policy as far as profiles go: its
    /// profiles are read where they are, and no merged copy of the file is
    /// made for it.
    pub fn profile_in_chain(&self, file: usize, id: &str) -> Option<Cow<'_, TechnicalProfile>> {
        match self.own_profiles(file) {
            Some(map) => {
                let p = &self.files[file].policy;
                let lookup = |id: &str| {
                    let &(c, k) = map.get(&Uncased(id))?;
                    p.claims_providers.get(c)?.technical_profiles.get(k)
                };
                crate::resolve::with_includes_in(&lookup, id)
            }
            None => self.merged_of(file).profile_with_includes_cow(id),
        }
    }

    /// Technical profile `id` (a claims provider's) as merged in `file`'s
    /// chain: `merged_of(file).technical_profile(id)`, read where it is in
    /// a root file (see [`Context::profile_in_chain`]).
    pub fn merged_profile(&self, file: usize, id: &str) -> Option<&TechnicalProfile> {
        match self.own_profiles(file) {
            Some(map) => {
                let &(c, k) = map.get(&Uncased(id))?;
                self.files[file]
                    .policy
                    .claims_providers
                    .get(c)?
                    .technical_profiles
                    .get(k)
            }
            None => self.merged_of(file).technical_profile(id),
        }
    }

    /// The profiles of `file` by id when it is a root of the scope whose
    /// chain is whole and that declares each profile once (its own
    /// effective policy as far as profiles go); `None` otherwise.
    fn own_profiles(&self, file: usize) -> Option<&OwnProfiles<'a>> {
        self.own(file)?.profiles.as_ref()
    }

    /// The own elements of `file` when it is a root of the scope whose
    /// chain is whole; `None` otherwise.
    fn own(&self, file: usize) -> Option<&Own<'a>> {
        match self.scope.binary_search(&file) {
            Ok(s) if self.complete[file] && self.chains[file].len() == 1 => {
                Some(self.own[s].get_or_init(|| Own::of(&self.files[file].policy)))
            }
            _ => None,
        }
    }

    /// Claim type `id` as merged in `file`'s chain:
    /// `merged_of(file).claim_type(id)`, read where it is in a root file
    /// that declares each claim type once.
    pub fn merged_claim_type(&self, file: usize, id: &str) -> Option<&ClaimType> {
        match self.own(file).and_then(|o| o.claims.as_ref()) {
            Some(map) => {
                let &n = map.get(&Uncased(id))?;
                self.files[file].policy.building_blocks.claims_schema.get(n)
            }
            None => self.merged_of(file).claim_type(id),
        }
    }

    /// The effective policy of `file` if a rule has asked for it already.
    fn made(&self, file: usize) -> Option<&EffectivePolicy> {
        match self.scope.binary_search(&file) {
            Ok(s) => self.effective[s].get(),
            Err(_) => self.spill.get()?.effective[file].get(),
        }
    }

    /// The file whose effective policy holds everything `file`'s chain
    /// merges (claim types, profiles, journeys, … and their provenance):
    /// `file` itself, or, for a file that merges only its header and
    /// relying party ([`crate::resolve::merges_only_header`]) onto a base
    /// whose chain is the rest of its own, that base's source. Rules that
    /// read merged elements read them there, and no copy is made for the
    /// file.
    pub fn merged_source(&self, file: usize) -> usize {
        let mut cur = file;
        while let Some(&base) = self.chains[cur].get(1) {
            if self.chains[base][..] != self.chains[cur][1..]
                || !crate::resolve::merges_only_header(&self.files[cur].policy)
            {
                break;
            }
            cur = base;
        }
        cur
    }

    /// The merged elements of `file`'s chain: the effective policy of
    /// [`Context::merged_source`]. Its header, relying party, `file` and
    /// chain may be another file's; its elements and provenance are
    /// `file`'s.
    pub fn merged_of(&self, file: usize) -> &EffectivePolicy {
        self.effective_of(self.merged_source(file))
    }

    /// The leaves of the set in scope ([`crate::resolve::leaves`]), each
    /// as the flow rules read it: every journey and profile of the set,
    /// each in the context it runs in. The leaves of the scope are the
    /// set's leaves in it: a chain that passes through a file is in the
    /// file's group.
    pub fn leaves(&self) -> Vec<Leaf<'_>> {
        let inner: std::collections::BTreeSet<usize> = self
            .scope
            .iter()
            .flat_map(|&i| self.chains[i].iter().skip(1).copied())
            .collect();
        self.scope()
            .filter(|i| !inner.contains(i))
            .map(|i| {
                let merged = self.merged_of(i);
                Leaf {
                    merged,
                    file: i,
                    // The nearest relying party of the chain, as merged.
                    relying_party: self.chains[i]
                        .iter()
                        .take_while(|&&f| f != merged.file)
                        .find_map(|&f| self.files[f].policy.relying_party.as_ref())
                        .or(merged.relying_party()),
                    complete: self.complete[i],
                }
            })
            .collect()
    }

    /// Adds a finding made elsewhere (a rule that builds its diagnostics
    /// from the effective policy's provenance).
    pub fn push(&self, d: Diagnostic) {
        self.out.borrow_mut().push(d);
    }

    /// The findings, sorted by file and position, each once.
    pub fn finish(self) -> Vec<Diagnostic> {
        let mut out = self.out.into_inner();
        out.sort();
        out.dedup();
        out
    }

    /// The definitions of `kind` in `file`'s chain: `(file, id, path)`.
    pub fn definitions_in_chain(
        &self,
        file: usize,
        kind: RefKind,
    ) -> Vec<(usize, &str, crate::resolve::SourcePath)> {
        self.chains[file]
            .iter()
            .flat_map(|&f| {
                self.index_of(f)
                    .defs
                    .iter()
                    .filter(move |d| d.kind == kind)
                    .map(move |d| (f, d.id.as_str(), d.path))
            })
            .collect()
    }

    /// The technical profiles of `file` (claims providers, then the relying
    /// party's), each with the source-map path of its element. Listed
    /// once per file, however many rules ask.
    pub fn profiles_of(&self, file: usize) -> &[(String, &'a TechnicalProfile)] {
        match self.profiles.get(file) {
            Some(cell) => cell.get_or_init(|| Self::list_profiles(&self.files[file].policy)),
            None => &[],
        }
    }

    fn list_profiles(p: &'a TrustFrameworkPolicy) -> Vec<(String, &'a TechnicalProfile)> {
        let mut list = Vec::new();
        for (j, cp) in p.claims_providers.iter().enumerate() {
            for (k, tp) in cp.technical_profiles.iter().enumerate() {
                list.push((
                    format!("TrustFrameworkPolicy/ClaimsProviders/ClaimsProvider[{j}]/TechnicalProfiles/TechnicalProfile[{k}]"),
                    tp,
                ));
            }
        }
        if let Some(rp) = &p.relying_party {
            for (k, tp) in rp.technical_profiles.iter().enumerate() {
                list.push((
                    format!("TrustFrameworkPolicy/RelyingParty[0]/TechnicalProfile[{k}]"),
                    tp,
                ));
            }
        }
        list
    }
}
