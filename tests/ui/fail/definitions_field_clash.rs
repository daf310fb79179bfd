// `Definitions` has one field per declared id, named after the constant:
// a journey and a sub-journey both called `PASSWORD_RESET` would share it.
ief::declare! {
    pub policy base = "B2C_1A_Clash" {
        journeys { PASSWORD_RESET = "PasswordReset"; }
        sub_journeys { PASSWORD_RESET = "PasswordResetSteps"; }
    }
}

fn main() {}
