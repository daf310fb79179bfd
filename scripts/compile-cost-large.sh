#!/usr/bin/env bash
# Measures what the DSL costs to compile on a large, generated policy set, so
# that changes to the macros or to the type-level design can be compared.
#
# Generates, in a temporary folder, a crate that depends on `ief` (path
# dependency on IEF_PATH) with one src/main.rs:
#   - an `ief::declare!` of three policies: a base with N claims (Str, Bool
#     and Int in turn), N self-asserted technical profiles plus JWT_ISSUER,
#     3 content definitions and max(1, N/50) journeys; an extensions policy on
#     top with N/10 claims, N/10 profiles and max(1, N/500) journeys; a
#     relying party on top of that;
#   - every claim type defined with `ClaimType::declare(&..)`, every profile
#     with `TechnicalProfile::builder()` and 5 output claims, every journey
#     with `journey!` (3 to 5 ClaimsExchange steps, then SendClaims) in the
#     scope of the policy that declares it;
#   - each policy built in one `TrustFrameworkPolicy::builder()` expression
#     (checkouts before `Definitions`), or assembled from its
#     `Definitions` (one field per id, each definition built in its own
#     closure; IEF_INLINE_DEFINITIONS=1 writes them inline instead), inside
#     a function that adds it to a `PolicySet`; main prints how many files
#     `PolicySet::emit()` returns.
# The generated code follows the checkout's API: before and after the
# policy-scope refactor (2e93061 and later). To measure an older checkout:
#   git worktree add /tmp/ief-old <commit>
#   scripts/compile-cost-large.sh 2000 /tmp/ief-old
#   git worktree remove --force /tmp/ief-old
#
# After one untimed `cargo build` (dependencies), it times, 3 times each,
# `cargo clean -p <generated crate> && cargo build -q` (macros, type
# checking, codegen of the generated crate only, from scratch) and the same
# with `cargo check -q`, and reports each run and the median. The target folder is inside the temporary folder,
# which is removed on exit.
#
# IEF_DEFINE=1 writes every definition in place instead (`NAME = "id" =>
# …`, define!'s short forms, for the checkouts that have them): claim types
# and self-asserted profiles by kind, content definitions and journeys as
# expressions, each policy `Definitions::written()`.
#
# Usage: scripts/compile-cost-large.sh [N] [IEF_PATH]
#   N         claims and technical profiles in the base (default 2000)
#   IEF_PATH  the ief checkout to build against (default: this repository)
set -euo pipefail

usage() { echo "usage: $0 [N] [IEF_PATH]" >&2; exit 2; }
case "${1:-}" in -h|--help) usage ;; esac
[ $# -le 2 ] || usage

n="${1:-2000}"
[[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 10 ] || { echo "error: N must be an integer >= 10, got '$n'" >&2; exit 2; }
ief_path="${2:-$(dirname "$0")/..}"
ief_path="$(cd "$ief_path" && pwd -P)"
grep -q '^name = "ief"' "$ief_path/Cargo.toml" 2>/dev/null \
    || { echo "error: $ief_path is not an ief checkout (no package \"ief\" in Cargo.toml)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ief-compile-cost.XXXXXX")"
trap 'rm -rf "$work"' EXIT
crate="$work/large"
mkdir -p "$crate/src"
export CARGO_TARGET_DIR="$work/target"

cat > "$crate/Cargo.toml" <<EOF
[package]
name = "ief-compile-cost-large"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
ief = { path = "$ief_path" }

[workspace]
EOF
# How a definition starts: `TechnicalProfile::builder().id(ID)` (up to and
# including the policy-scope refactor) or `TechnicalProfile::new(ID)` (where
# the checkout has that constructor and hides `builder()`).
# Where `declare!` generates `Definitions`, policies are assembled from them
# (the only way to build a declared policy there).
if [ "${IEF_DEFINE:-}" = 1 ]; then
    grep -q 'fn defined_definitions' "$ief_path/macros/src/scope.rs" 2>/dev/null \
        || { echo "error: IEF_DEFINE=1 needs a checkout whose declare! takes definitions after =>" >&2; exit 2; }
    ctor=written
elif grep -q 'fn definitions(decl' "$ief_path/macros/src/scope.rs" 2>/dev/null; then
    ctor=definitions
elif grep -q 'pub fn new(id: ProfileRef<P>)' "$ief_path/dsl/src/providers.rs" 2>/dev/null; then
    ctor=new
else
    ctor=builder
fi

# Same dependency versions as the checkout (and no registry look-up when they
# are already in the local cache).
if [ -f "$ief_path/Cargo.lock" ]; then cp "$ief_path/Cargo.lock" "$crate/Cargo.lock"; fi

# A large N writes a base over B2C's 1 MB limit (H010, an error since the
# checker has it): where PolicySet takes a rule configuration, the
# generated program allows H010 so that its sanity run emits the set.
allow_size=0
if grep -q 'pub fn rules(mut self, config: RuleConfig)' "$ief_path/dsl/src/emit.rs" 2>/dev/null; then
    allow_size=1
fi

IEF_ALLOW_SIZE="$allow_size" python3 - "$n" "$ctor" > "$crate/src/main.rs" <<'PY'
import os
import sys

n = int(sys.argv[1])
ctor = sys.argv[2]  # "builder": X::builder().id(ID); "new": X::new(ID)
n_ext = max(1, n // 10)
n_journeys = max(1, n // 50)
n_ext_journeys = max(1, n // 500)
n_pages = 3
types = ["Str", "Bool", "Int"]
out = []
w = out.append

def claim(i): return f"C{i:05}"
def ext_claim(i): return f"X{i:05}"
def profile(i): return f"P{i:05}"
def ext_profile(i): return f"XP{i:05}"
def journey(i): return f"J{i:04}"
def ext_journey(i): return f"XJ{i:04}"
def page(i): return f"PAGE_{i}"

# Where `declare!` generates `Definitions`, the declaration groups the
# profiles into claims providers (100 each); before, the builders did.
grouped = ctor in ("definitions", "written")
# IEF_DEFINE=1: every id carries its definition after `=>` (define!'s
# short forms), and each policy is `Definitions::written()`.
written = ctor == "written"
PAGE_COUNT = 3

def claim_def(name, i):
    help_ = f' "Help for {name}."' if i % 2 == 0 else ""
    items = " { input TextBox; }" if i % 3 == 0 else ";"
    return f' => "Claim {name}"{help_}{items}'

def profile_def(name, claims, i):
    out = ", ".join(c + (" required" if k == 0 else "") for k, c in enumerate(claims))
    return (f' => self_asserted "Profile {name}" {{ ContentDefinitionReferenceId: PAGE_{i % PAGE_COUNT}; '
            f'out {out}; }}')

w("// Generated by scripts/compile-cost-large.sh; do not edit.")
w(f"// N = {n}: {n} + {n_ext} claims, {n} + {n_ext} technical profiles, "
  f"{n_journeys} + {n_ext_journeys} journeys.")
w("#![allow(unused_imports)]")
w("use ief::prelude::*;")
w("")
w('const TENANT: &str = "contoso.onmicrosoft.com";')
w("")
w("ief::declare! {")
w('    pub policy base = "B2C_1A_Large_TrustFrameworkBase" {')
w("        claims {")
for i in range(n):
    if written:
        w(f'            {claim(i)}: {types[i % 3]} = "claim{i:05}"{claim_def(claim(i), i)}')
    else:
        w(f'            {claim(i)}: {types[i % 3]} = "claim{i:05}";')
w("        }")


def profiles_section(names, ids, first="", defs=None):
    w("        profiles {")
    if first:
        w(f'            provider "Token issuer" {{ {first} }}' if grouped else f"            {first}")
    for start_ in range(0, len(names), 100 if grouped else len(names) or 1):
        chunk = list(zip(names, ids))[start_:start_ + (100 if grouped else len(names))]
        if grouped:
            w(f'            provider "Provider {start_ // 100}" {{')
        for name, id_ in chunk:
            tail = defs[name] if defs else ";"
            w(f'            {"    " if grouped else ""}{name} = "{id_}"{tail}')
        if grouped:
            w("            }")
    w("        }")

base_defs = {profile(i): profile_def(profile(i), [claim((i + k * (n // 5)) % n) for k in range(5)], i)
             for i in range(n)} if written else None
jwt = ('JWT_ISSUER = "JwtIssuer" => jwt_issuer "JWT token issuer" { token Jwt; client_id: "{service:te}"; '
       f'issuer_refresh_token_user_identity_claim_type: {claim(0)}; '
       'key issuer_secret = "B2C_1A_TokenSigningKeyContainer"; '
       'key issuer_refresh_token_key = "B2C_1A_TokenEncryptionKeyContainer"; }') if written \
    else 'JWT_ISSUER = "JwtIssuer";'
profiles_section([profile(i) for i in range(n)],
                 [f"SelfAsserted-Profile{i:05}" for i in range(n)],
                 first=jwt, defs=base_defs)
w("        content_definitions {")
for i in range(n_pages):
    if written:
        w(f'            {page(i)} = "api.page{i}" => {{ ContentDefinition::new(base::content_definitions::{page(i)})'
          f'.load_uri("~/tenant/templates/AzureBlue/page{i}.cshtml").recovery_uri("~/common/default_page_error.html")'
          f'.data_uri("urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30").build() }}')
    else:
        w(f'            {page(i)} = "api.page{i}";')
w("        }")
w("        journeys {")
for i in range(n_journeys):
    tail = f" => {{ base_{journey(i).lower()}() }}" if written else ";"
    w(f'            {journey(i)} = "Journey{i:04}"{tail}')
w("        }")
w("    }")
w('    pub policy extensions = "B2C_1A_Large_TrustFrameworkExtensions": base {')
w("        claims {")
for i in range(n_ext):
    tail = claim_def(ext_claim(i), i) if written else ";"
    w(f'            {ext_claim(i)}: {types[i % 3]} = "extClaim{i:05}"{tail}')
w("        }")
def ext_claims_of(i):
    own = min(3, n_ext)
    return [ext_claim((i + k) % n_ext) for k in range(own)] + \
        [claim((i * 3 + k * (n // 5)) % n) for k in range(5 - own)]
ext_defs = {ext_profile(i): profile_def(ext_profile(i), ext_claims_of(i), i) for i in range(n_ext)} \
    if written else None
profiles_section([ext_profile(i) for i in range(n_ext)],
                 [f"SelfAsserted-ExtProfile{i:05}" for i in range(n_ext)], defs=ext_defs)
w("        journeys {")
for i in range(n_ext_journeys):
    tail = f" => {{ ext_{ext_journey(i).lower()}() }}" if written else ";"
    w(f'            {ext_journey(i)} = "ExtJourney{i:04}"{tail}')
w("        }")
w("    }")
if grouped:
    w('    pub policy relying_party = "B2C_1A_Large_RelyingParty": extensions {}')
else:
    w('    pub policy relying_party = "B2C_1A_Large_RelyingParty": extensions {')
    w("        profiles {")
    w('            POLICY_PROFILE = "PolicyProfile";')
    w("        }")
    w("    }")
w("}")
w("")

def relying_party_from_definitions():
    """add_relying_party(): the relying party on its (empty) `Definitions`,
    returning claims the first base journey's first profile outputs."""
    w("fn add_relying_party(set: PolicySet) -> PolicySet {")
    w("    use relying_party::scope::claims::*;")
    w("    use relying_party::scope::journeys::*;")
    w('    set.with("RelyingParty.xml", relying_party::Definitions {}.into_policy(TENANT).with_relying_party(')
    w("        RelyingParty::builder()")
    w(f"            .default_user_journey(&{journey(0)})")
    w("            .technical_profiles(vec![TechnicalProfile::new(ProfileRef::policy_profile())")
    w('                .display_name("PolicyProfile")')
    w("                .protocol(Protocol::new(ProtocolName::OpenIdConnect))")
    w("                .output_claims(vec![")
    w(f'                    ProfileClaim::new(&{claim(0)}).partner("sub"),')
    for c in [claim(n // 5), claim(2 * n // 5), claim(3 * n // 5)]:
        w(f"                    ProfileClaim::new(&{c}),")
    w("                ])")
    w('                .subject_naming_info(SubjectNamingInfo::builder().claim_type("sub").build())')
    w("                .build()])")
    w("            .build(),")
    w("    ))")
    w("}")
    w("")

def finish():
    """main(): emit the set and print its size; then print the crate."""
    # The run is a sanity check of what was compiled. A debug build moves
    # each policy's `Definitions` (thousands of definitions by value)
    # through stack frames larger than the main thread's 8 MB, so it runs
    # on a thread with a larger stack (see ARCHITECTURE.md, "Concise
    # definitions", on this limit).
    w("fn main() {")
    w("    let run = std::thread::Builder::new().stack_size(512 << 20).spawn(build_and_emit);")
    w("    if run.and_then(|t| t.join().map_err(|_| std::io::Error::other(\"panicked\"))).is_err() {")
    w("        std::process::exit(1);")
    w("    }")
    w("}")
    w("")
    w("fn build_and_emit() {")
    if os.environ.get("IEF_ALLOW_SIZE") == "1":
        w("    let Ok(rules) = ief::check::config::RuleConfig::new()")
        w("        .allow(\"H010\", \"generated to measure compile time, not to upload\")")
        w("    else {")
        w("        eprintln!(\"error: H010 is not a rule of this checkout\");")
        w("        std::process::exit(1);")
        w("    };")
        w("    let set = add_relying_party(add_extensions(add_base(PolicySet::new().rules(rules))));")
    else:
        w("    let set = add_relying_party(add_extensions(add_base(PolicySet::new())));")
    w("    match set.emit() {")
    w("        Ok(files) => {")
    w("            let bytes: usize = files.iter().map(|(_, xml)| xml.len()).sum();")
    w('            println!("emitted {} files, {} bytes of XML", files.len(), bytes);')
    w("        }")
    w("        Err(e) => {")
    w('            eprintln!("error: {e}");')
    w("            std::process::exit(1);")
    w("        }")
    w("    }")
    w("}")
    sys.stdout.write("\n".join(out) + "\n")

def start(kind, id, ind):
    if ctor in ("new", "definitions"):
        return f"{kind}::new({id})"
    return f"{kind}::builder()\n{ind}    .id({id})"

def claim_type(name, i, ind):
    s = f"{ind}ClaimType::declare(&{name})\n{ind}    .display_name(\"Claim {name}\")\n"
    if i % 2 == 0:
        s += f"{ind}    .user_help_text(\"Help for {name}.\")\n"
    if i % 3 == 0:  # a Str claim
        s += f"{ind}    .user_input_type(UserInputType::TextBox)\n"
    s += f"{ind}    .build(),"
    return s

def technical_profile(name, claims, i, ind):
    s = (f"{ind}{start('TechnicalProfile', name, ind)}\n"
         f"{ind}    .display_name(\"Profile {name}\")\n"
         f"{ind}    .protocol(Protocol::proprietary(handlers::SELF_ASSERTED))\n"
         f"{ind}    .metadata(metadata! {{ \"ContentDefinitionReferenceId\" => {page(i % n_pages)}.id() }})\n"
         f"{ind}    .output_claims(vec![\n")
    for k, c in enumerate(claims):
        s += f"{ind}        ProfileClaim::new(&{c}){'.required()' if k == 0 else ''},\n"
    s += f"{ind}    ])\n{ind}    .build(),"
    return s

def claims_providers(profiles, ind, first="", per_provider=100):
    s = f"{ind}.claims_providers(vec![\n" + first
    for start in range(0, len(profiles), per_provider):
        s += (f"{ind}    ClaimsProvider::builder()\n"
              f"{ind}        .display_name(\"Provider {start // per_provider}\")\n"
              f"{ind}        .technical_profiles(vec![\n")
        for p in profiles[start:start + per_provider]:
            s += p + "\n"
        s += f"{ind}        ])\n{ind}        .build(),\n"
    s += f"{ind}])"
    return s

def journey_macro(scope, name, j, profile_names, precondition_claims, ind):
    steps = 3 + j % 3
    s = (f"{ind}ief::journey! {{\n"
         f"{ind}    scope = {scope};\n"
         f"{ind}    journey {name} (default_issuer = JWT_ISSUER) {{\n")
    for k in range(steps):
        p = profile_names[(j * 7 + k * 11) % len(profile_names)]
        s += f"{ind}        ClaimsExchange {{\n"
        if k > 0 and k % 2 == 0:
            c = precondition_claims[(j * 5 + k) % len(precondition_claims)]
            s += f"{ind}            skip_if_exists {c};\n"
        s += f"{ind}            exchange Exchange{k + 1} = {p};\n{ind}        }}\n"
    s += (f"{ind}        SendClaims (issuer = JWT_ISSUER);\n"
          f"{ind}    }}\n"
          f"{ind}}},")
    return s

# The token issuer: the base's first claims provider.
JWT_PROVIDER = (
    "                ClaimsProvider::builder()\n"
    "                    .display_name(\"Token issuer\")\n"
    "                    .technical_profiles(vec![" + start("TechnicalProfile", "JWT_ISSUER", " " * 20) + "\n"
    "                        .display_name(\"JWT token issuer\")\n"
    "                        .protocol(Protocol::new(ProtocolName::OpenIdConnect))\n"
    "                        .output_token_format(TokenFormat::Jwt)\n"
    "                        .metadata(metadata! { \"client_id\" => \"{service:te}\" })\n"
    "                        .cryptographic_keys(vec![\n"
    "                            CryptographicKey::new(\"issuer_secret\", \"B2C_1A_TokenSigningKeyContainer\"),\n"
    "                            CryptographicKey::new(\"issuer_refresh_token_key\", \"B2C_1A_TokenEncryptionKeyContainer\"),\n"
    "                        ])\n"
    "                        .build()])\n"
    "                    .build(),\n"
)
I = " " * 20  # indentation of list items inside the builder chain
base_claims = [claim(i) for i in range(n)]
base_profiles = [profile(i) for i in range(n)]

if written:
    # Each journey in a function of its own (named in the declaration).
    base_claims = [claim(i) for i in range(n)]
    base_profiles = [profile(i) for i in range(n)]
    ext_claims = [ext_claim(i) for i in range(n_ext)]
    ext_profiles = [ext_profile(i) for i in range(n_ext)]
    for j in range(n_journeys):
        w(f"fn base_{journey(j).lower()}() -> UserJourney<base::Policy> {{")
        w(journey_macro("base::scope", journey(j), j, base_profiles, base_claims, "    ").rstrip(","))
        w("}")
    for j in range(n_ext_journeys):
        w(f"fn ext_{ext_journey(j).lower()}() -> UserJourney<extensions::Policy> {{")
        w(journey_macro("extensions::scope", ext_journey(j), j,
                        ext_profiles + base_profiles[:n_ext], ext_claims, "    ").rstrip(","))
        w("}")
    w("")
    w("fn add_base(set: PolicySet) -> PolicySet {")
    w('    set.with("TrustFrameworkBase.xml", base::Definitions::written().into_policy(TENANT))')
    w("}")
    w("")
    w("fn add_extensions(set: PolicySet) -> PolicySet {")
    w('    set.with("TrustFrameworkExtensions.xml", extensions::Definitions::written().into_policy(TENANT))')
    w("}")
    w("")
    relying_party_from_definitions()
    finish()
    sys.exit(0)

if ctor == "definitions":
    # Policies assembled from their `Definitions`: profiles grouped into
    # claims providers in the declaration, one field per declared id.
    F = " " * 8
    # Each definition in its own function (a closure called in place), as a
    # policy of this size would be written: one function holding hundreds
    # of large definitions as temporaries compiles in time that grows with
    # the square of their number (IEF_INLINE_DEFINITIONS=1 writes that
    # form, to measure it).
    inline = os.environ.get("IEF_INLINE_DEFINITIONS") == "1"
    def field(name, expr):
        e = expr.lstrip().rstrip()
        if inline:
            w(f"{F}{name.lower()}: {e}")
            return
        if e.endswith(","):
            e = e[:-1]
        w(f"{F}{name.lower()}: (|| {e})(),")
    base_claims = [claim(i) for i in range(n)]
    base_profiles = [profile(i) for i in range(n)]
    w("fn add_base(set: PolicySet) -> PolicySet {")
    w("    use base::claims::*;")
    w("    use base::content_definitions::*;")
    w("    use base::profiles::*;")
    w("    use base::journeys::*;")
    w('    set.with("TrustFrameworkBase.xml", base::Definitions {')
    for i in range(n):
        field(claim(i), claim_type(claim(i), i, F))
    for i in range(n_pages):
        field(page(i), f"ContentDefinition::new({page(i)})\n"
              f'{F}    .load_uri("~/tenant/templates/AzureBlue/page{i}.cshtml")\n'
              f'{F}    .recovery_uri("~/common/default_page_error.html")\n'
              f'{F}    .data_uri("urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30")\n'
              f"{F}    .build(),")
    field("JWT_ISSUER", "TechnicalProfile::new(JWT_ISSUER)\n"
          f'{F}    .display_name("JWT token issuer")\n'
          f"{F}    .protocol(Protocol::new(ProtocolName::OpenIdConnect))\n"
          f"{F}    .output_token_format(TokenFormat::Jwt)\n"
          f'{F}    .metadata(metadata! {{ "client_id" => "{{service:te}}" }})\n'
          f"{F}    .cryptographic_keys(vec![\n"
          f'{F}        CryptographicKey::new("issuer_secret", "B2C_1A_TokenSigningKeyContainer"),\n'
          f'{F}        CryptographicKey::new("issuer_refresh_token_key", "B2C_1A_TokenEncryptionKeyContainer"),\n'
          f"{F}    ])\n"
          f"{F}    .build(),")
    for i in range(n):
        cs = [claim((i + k * (n // 5)) % n) for k in range(5)]
        field(profile(i), technical_profile(profile(i), cs, i, F))
    for j in range(n_journeys):
        field(journey(j), journey_macro("base::scope", journey(j), j, base_profiles, base_claims, F))
    w("    }.into_policy(TENANT))")
    w("}")
    w("")
    ext_claims = [ext_claim(i) for i in range(n_ext)]
    ext_profiles = [ext_profile(i) for i in range(n_ext)]
    w("fn add_extensions(set: PolicySet) -> PolicySet {")
    w("    use extensions::scope::claims::*;")
    w("    use extensions::scope::profiles::*;")
    w("    use extensions::scope::content_definitions::*;")
    w("    use extensions::scope::journeys::*;")
    w('    set.with("TrustFrameworkExtensions.xml", extensions::Definitions {')
    for i in range(n_ext):
        field(ext_claim(i), claim_type(ext_claim(i), i, F))
    for i in range(n_ext):
        own = min(3, n_ext)
        cs = [ext_claim((i + k) % n_ext) for k in range(own)] + \
             [claim((i * 3 + k * (n // 5)) % n) for k in range(5 - own)]
        field(ext_profile(i), technical_profile(ext_profile(i), cs, i, F))
    for j in range(n_ext_journeys):
        field(ext_journey(j), journey_macro("extensions::scope", ext_journey(j), j,
                                            ext_profiles + base_profiles[:n_ext], ext_claims, F))
    w("    }.into_policy(TENANT))")
    w("}")
    w("")
    relying_party_from_definitions()
    finish()
    sys.exit(0)

# The base.
w("fn add_base(set: PolicySet) -> PolicySet {")
w("    use base::claims::*;")
w("    use base::content_definitions::*;")
w("    use base::profiles::*;")
w("    set.with(")
w('        "TrustFrameworkBase.xml",')
w("        TrustFrameworkPolicy::builder()")
w("            .tenant_id(TENANT)")
w("            .policy_id(base::POLICY)")
w("            .building_blocks(")
w("                BuildingBlocks::builder()")
w("                    .claims_schema(vec![")
for i in range(n):
    w(claim_type(claim(i), i, I + "    "))
w("                    ])")
w("                    .content_definitions(vec![")
for i in range(n_pages):
    w(f"{I}    {start('ContentDefinition', page(i), I + '    ')}")
    w(f'{I}        .load_uri("~/tenant/templates/AzureBlue/page{i}.cshtml")')
    w(f'{I}        .recovery_uri("~/common/default_page_error.html")')
    w(f'{I}        .data_uri("urn:com:microsoft:aad:b2c:elements:contract:selfasserted:2.1.30")')
    w(f"{I}        .build(),")
w("                    ])")
w("                    .build(),")
w("            )")
profiles = []
for i in range(n):
    cs = [claim((i + k * (n // 5)) % n) for k in range(5)]
    profiles.append(technical_profile(profile(i), cs, i, I + "    "))
w(claims_providers(profiles, "            ", first=JWT_PROVIDER))
w("            .user_journeys(vec![")
for j in range(n_journeys):
    w(journey_macro("base::scope", journey(j), j, base_profiles, base_claims, "                "))
w("            ])")
w("            .build(),")
w("    )")
w("}")
w("")

# The extensions.
ext_claims = [ext_claim(i) for i in range(n_ext)]
ext_profiles = [ext_profile(i) for i in range(n_ext)]
w("fn add_extensions(set: PolicySet) -> PolicySet {")
w("    use extensions::scope::claims::*;")
w("    use extensions::scope::profiles::*;")
w("    use extensions::scope::content_definitions::*;")
w("    set.with(")
w('        "TrustFrameworkExtensions.xml",')
w("        TrustFrameworkPolicy::builder()")
w("            .tenant_id(TENANT)")
w("            .policy_id(extensions::POLICY)")
w("            .base_policy(BasePolicy::new(TENANT, base::POLICY))")
w("            .building_blocks(")
w("                BuildingBlocks::builder()")
w("                    .claims_schema(vec![")
for i in range(n_ext):
    w(claim_type(ext_claim(i), i, I + "    "))
w("                    ])")
w("                    .build(),")
w("            )")
profiles = []
for i in range(n_ext):
    own = min(3, n_ext)  # distinct claims: the checker refuses repeats (T002)
    cs = [ext_claim((i + k) % n_ext) for k in range(own)] + \
         [claim((i * 3 + k * (n // 5)) % n) for k in range(5 - own)]
    profiles.append(technical_profile(ext_profile(i), cs, i, I + "    "))
w(claims_providers(profiles, "            "))
w("            .user_journeys(vec![")
for j in range(n_ext_journeys):
    w(journey_macro("extensions::scope", ext_journey(j), j, ext_profiles + base_profiles[:n_ext],
                    ext_claims, "                "))
w("            ])")
w("            .build(),")
w("    )")
w("}")
w("")

# The relying party.
w("fn add_relying_party(set: PolicySet) -> PolicySet {")
w("    use relying_party::scope::claims::*;")
w("    use relying_party::scope::journeys::*;")
w("    use relying_party::scope::profiles::*;")
w("    set.with(")
w('        "RelyingParty.xml",')
w("        TrustFrameworkPolicy::builder()")
w("            .tenant_id(TENANT)")
w("            .policy_id(relying_party::POLICY)")
w("            .base_policy(BasePolicy::new(TENANT, extensions::POLICY))")
w("            .relying_party(")
w("                RelyingParty::builder()")
w(f"                    .default_user_journey(&{journey(0)})")
w("                    .technical_profiles(vec![" + start("TechnicalProfile", "POLICY_PROFILE", " " * 20))
w('                        .display_name("PolicyProfile")')
w("                        .protocol(Protocol::new(ProtocolName::OpenIdConnect))")
w("                        .output_claims(vec![")
w(f'                            ProfileClaim::new(&{claim(0)}).partner("sub"),')
for c in [claim(n // 5), claim(2 * n // 5), claim(3 * n // 5)]:
    w(f"                            ProfileClaim::new(&{c}),")
w("                        ])")
w('                        .subject_naming_info(SubjectNamingInfo::builder().claim_type("sub").build())')
w("                        .build()])")
w("                    .build(),")
w("            )")
w("            .build(),")
w("    )")
w("}")
w("")

finish()
PY

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

lines=$(wc -l < "$crate/src/main.rs")
echo "ief compile cost, large generated set"
echo "  N:          $n (base: $n claims, $n + 1 profiles, $(( n / 50 > 0 ? n / 50 : 1 )) journeys;" \
     "extensions: $(( n / 10 )) claims, $(( n / 10 )) profiles)"
echo "  IEF_PATH:   $ief_path ($(git -C "$ief_path" describe --always --dirty 2>/dev/null || echo 'not a git checkout'))"
echo "  generated:  src/main.rs, $lines lines (policies built with: $ctor)"
echo

cd "$crate"
echo "building dependencies and the generated crate once (not part of the measurement)..."
t0=$(now); cargo build -q; t1=$(now)
echo "  first build: $(elapsed "$t0" "$t1") s"
run_output=$("$CARGO_TARGET_DIR/debug/ief-compile-cost-large")
echo "  run: $run_output"
cargo check -q
echo

measure() {
    local label="$1"; shift
    local times=() t0 t1 t
    for _ in 1 2 3; do
        # The generated crate alone, from scratch (its dependencies stay
        # built): macro expansion, type checking and code generation.
        cargo clean -q -p ief-compile-cost-large
        t0=$(now); "$@"; t1=$(now)
        t=$(elapsed "$t0" "$t1")
        times+=("$t")
    done
    printf '%-34s %s s   (runs: %s s)\n' "$label" "$(median "${times[@]}")" "${times[*]}"
}
echo "median of 3, the generated crate compiled from scratch (dependencies built):"
measure "  cargo build (generated crate):" cargo build -q
measure "  cargo check (generated crate):" cargo check -q
