//! Instantiating a summary at a call site, for any language: which of a summary's outcomes apply,
//! and what each becomes given what the caller passes. The language's evaluator supplies the
//! caller's side (`Caller`: its arguments as statuses and bodies, the value's fields) and turns the
//! `Instance` into its own response value.

use super::{BodySource, Found, Outcome, StatusSource};
use crate::model::Related;

/// What the caller passes, as the language's evaluator reads it.
pub trait Caller {
    /// A status as the caller's evaluator represents it (with where it is written).
    type Status;
    /// A body as the caller's evaluator represents it.
    type Body;
    /// Argument `i` read as a status.
    fn status_arg(&self, i: usize) -> Option<Self::Status>;
    /// The value's field `name` (a conversion's `self.status`).
    fn field(&self, name: &str) -> Option<Self::Status>;
    /// A status the helper writes itself, for a builder the caller finishes (reported at the call).
    fn at_call(&self, code: u16) -> Self::Status;
    /// Argument `i` read as a body.
    fn body_arg(&self, i: usize) -> Option<Self::Body>;
}

/// What one outcome of a summary is at a call.
pub struct Instance<S, B> {
    pub status: S,
    /// Header names (lower-case) the response is known to carry.
    pub headers: Vec<String>,
    pub headers_complete: bool,
    pub body: InstanceBody<B>,
    /// An unfinished builder: the caller adds to it and finishes it.
    pub builder: bool,
    /// The language's tag for the value's API (see `Outcome::flavor`).
    pub flavor: u8,
    /// "built by util::json_error", pointing where the helper builds it.
    pub related: Related,
}

pub enum InstanceBody<B> {
    Empty,
    /// Written in the helper.
    Present,
    /// The caller's argument.
    FromCaller(B),
    /// Content the helper makes from the caller's argument `i`.
    AroundArg(usize),
    Unknown,
}

/// The outcomes that apply to a value of `variant` (all of them for a struct or a function).
pub fn applicable(outcomes: &[Outcome], variant: Option<&str>) -> Vec<Outcome> {
    outcomes
        .iter()
        .filter(|o| o.variant.is_none() || o.variant.as_deref() == variant)
        .cloned()
        .collect()
}

/// `outcome` of `found` with what `caller` passes; `None` when the caller does not say enough
/// (an argument we cannot read) or when the outcome's status is a constant of the helper's own,
/// which is reported in the helper (unless the helper hands out an unfinished builder).
pub fn instantiate<C: Caller>(
    found: &Found,
    outcome: &Outcome,
    caller: &C,
) -> Option<Instance<C::Status, C::Body>> {
    let status = match &outcome.status {
        StatusSource::Param(i) => caller.status_arg(*i)?,
        StatusSource::Field(name) => caller.field(name)?,
        StatusSource::Const { code, .. } if outcome.builder => caller.at_call(*code),
        StatusSource::Const { .. } => return None,
        // Read by the Go extractor alone, which evaluates the argument itself.
        StatusSource::Reported { .. } => return None,
    };
    let body = match &outcome.body {
        BodySource::Empty => InstanceBody::Empty,
        BodySource::Present(_) => InstanceBody::Present,
        BodySource::Param(i) => InstanceBody::FromCaller(caller.body_arg(*i)?),
        BodySource::AroundParam(i) => InstanceBody::AroundArg(*i),
        BodySource::Unknown => InstanceBody::Unknown,
    };
    Some(Instance {
        status,
        headers: outcome.headers.clone(),
        headers_complete: outcome.headers_complete,
        body,
        builder: outcome.builder,
        flavor: outcome.flavor,
        related: Related {
            message: format!("built by {}", found.display),
            location: found.location(outcome.built)?,
        },
    })
}
