// An Entra ID profile's `ClientId` (the extensions app's application id)
// that is not a GUID, such as the text the documentation puts there to be
// replaced, does not compile.

ief::declare! {
    pub policy base = "B2C_1A_Base" {
        claims { OBJECT_ID: Str = "objectId"; }
        profiles {
            provider "Directory" { AAD_COMMON = "AAD-Common"; }
        }
    }
}

fn main() {
    let _tp = ief::define! { base;
        profile AAD_COMMON aad "Directory" {
            Operation: Read;
            ClientId: "b2c-extensions-app application ID";
            ApplicationObjectId: "af4a5b6c-7d8e-4f9a-b0c1-2d3e4f5a6b7c";
            in OBJECT_ID required;
            out OBJECT_ID;
        }
    };
}
