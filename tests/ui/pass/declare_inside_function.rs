// A whole chain declared in one `declare!` inside a function body: each
// child's module is placed in its base's, so the chain resolves in a block
// as it does at module level, and the definitions assemble as usual.
use ief::prelude::*;

fn main() {
    ief::declare! {
        pub policy base = "B2C_1A_InFn_Base" {
            claims { EMAIL: Str = "email"; }
            profiles { provider "Token issuer" { JWT_ISSUER = "JwtIssuer"; } }
        }
        pub policy extensions = "B2C_1A_InFn_Ext": base {
            claims { NICKNAME: Str = "nickname"; }
        }
        policy relying_party = "B2C_1A_InFn_RP": extensions {}
    }

    // The child sees its base chain's ids through its scope.
    assert_eq!(relying_party::scope::claims::EMAIL.id(), "email");
    assert_eq!(relying_party::scope::claims::NICKNAME.id(), "nickname");

    let base_policy = base::Definitions {
        email: ClaimType::declare(&base::claims::EMAIL).build(),
        jwt_issuer: TechnicalProfile::new(base::profiles::JWT_ISSUER)
            .protocol(Protocol::new(ProtocolName::OpenIdConnect))
            .output_token_format(TokenFormat::Jwt)
            .build(),
    }
    .into_policy("contoso.onmicrosoft.com");
    let extensions_policy = extensions::Definitions {
        nickname: ClaimType::declare(&extensions::claims::NICKNAME).build(),
    }
    .into_policy("contoso.onmicrosoft.com");
    assert_eq!(base_policy.policy_id.id(), "B2C_1A_InFn_Base");
    assert_eq!(
        extensions_policy
            .base_policy
            .as_ref()
            .map(|b| b.policy_id.id()),
        Some("B2C_1A_InFn_Base")
    );
}
