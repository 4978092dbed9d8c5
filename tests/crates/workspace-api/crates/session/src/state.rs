/// Whether the browser is logged in (sent in `Set-Login`).
#[derive(PartialEq, Eq)]
pub enum LoginStatus {
    LoggedIn,
    LoggedOut,
}

impl LoginStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            LoginStatus::LoggedIn => "logged-in",
            LoginStatus::LoggedOut => "logged-out",
        }
    }

    pub fn as_header_pair(&self) -> (&'static str, &'static str) {
        ("Set-Login", self.as_str())
    }
}
