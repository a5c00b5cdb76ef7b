//! The built-in lectures: scenario files from `www/scenarios/`, embedded at build time, in
//! course order (grouped by lecture).
//!
//! Text only; `parse` reads them like any other file.

/// A scenario shipped with Tasklab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltIn {
    pub id: &'static str,
    pub lecture: &'static str,
    pub text: &'static str,
}

macro_rules! builtin {
    ($id:literal, $lecture:literal, $file:literal) => {
        BuiltIn { id: $id, lecture: $lecture, text: include_str!(concat!("../../www/scenarios/", $file)) }
    };
}

static BUILTINS: &[BuiltIn] = &[
    builtin!("comb-prod", "000", "000-comb-prod.toml"),
];

/// Every built-in, in course order.
pub fn builtins() -> &'static [BuiltIn] {
    BUILTINS
}

pub fn builtin(id: &str) -> Option<&'static BuiltIn> {
    BUILTINS.iter().find(|b| b.id == id)
}
