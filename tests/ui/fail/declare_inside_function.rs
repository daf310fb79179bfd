// Policies are declared at module level: inside a function body, a policy's
// module cannot reach its base's module (Rust resolves `super::base` from
// the enclosing module, not from the block). Move the `declare!` out of
// the function; the error names the base it cannot find.
fn main() {
    ief::declare! {
        pub policy base = "B2C_1A_InFn_Base" {
            claims { EMAIL: Str = "email"; }
        }
        pub policy extensions = "B2C_1A_InFn_Ext": base {}
    }
}
