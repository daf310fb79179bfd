// B2C refuses a PolicyId with a space; the declaration says so.
ief::declare! {
    pub policy base = "B2C_1A_Sign In" {}
}

fn main() {}
