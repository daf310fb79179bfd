// A child redeclares a base claim with another data type: B2C would merge
// the two ClaimTypes, and handles of both types would exist in Rust.
ief::declare! {
    pub policy base = "B2C_1A_DT_Base" {
        claims {
            SURNAME: Str = "surname";
            LOYALTY: Int = "loyaltyPoints";
        }
    }
    pub policy extensions = "B2C_1A_DT_Ext": base {
        claims {
            SURNAME: Int = "surname";
            // The same data type is a restatement, which is fine.
            LOYALTY_AGAIN: Int = "LoyaltyPoints";
        }
    }
}

fn main() {}
