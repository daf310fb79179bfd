// Inside a function body, a base declared by another `declare!` in the same
// block cannot be reached from the child's module (Rust resolves `super::`
// from the enclosing module, never from a block). Declare the chain in one
// `declare!` (its children are then placed in their base's module), or
// declare the base at module level and name it by path (`crate::policies::base`).
// rustc's error points at the base's name.
fn main() {
    ief::declare! {
        pub policy base = "B2C_1A_InFn_Base" {
            claims { EMAIL: Str = "email"; }
        }
    }
    ief::declare! {
        pub policy extensions = "B2C_1A_InFn_Ext": base {}
    }
}
