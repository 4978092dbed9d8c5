//! The status-code registry: IANA's list (data/status-codes.tsv, copied from the shared reference) plus
//! the constant names each Rust framework uses for a code.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One row of the IANA registry.
#[derive(Debug, Clone)]
pub struct StatusInfo {
    pub code: u16,
    /// The registry's reason phrase, without annotations such as "(TEMPORARY; ...)".
    pub reason: String,
    /// Where it is defined, e.g. "RFC 9110 §15.3.5".
    pub reference: String,
    /// The shared reference's short note on what the RFC requires of it (may be empty).
    pub notes: String,
    pub registration: Registration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    Registered,
    /// A temporary registration whose term has ended (104: expired 2026-11-13).
    ExpiredTemporary,
    Obsolete,
    /// Listed by IANA as "(Unused)": the number is reserved.
    Unused,
    Unassigned,
}

const REGISTRY_TSV: &str = include_str!("../data/status-codes.tsv");

fn registry() -> &'static HashMap<u16, StatusInfo> {
    static REGISTRY: OnceLock<HashMap<u16, StatusInfo>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut map = HashMap::new();
        for line in REGISTRY_TSV.lines().skip(1) {
            let mut cols = line.split('\t');
            let (Some(code), Some(reason)) = (cols.next(), cols.next()) else {
                continue;
            };
            let Ok(code) = code.trim().parse::<u16>() else {
                continue;
            };
            let reference = cols.next().unwrap_or("").trim().to_string();
            let notes = cols.next().unwrap_or("").trim().to_string();
            let registration = if reason == "Unassigned" {
                Registration::Unassigned
            } else if reason.contains("TEMPORARY") {
                // The only temporary entry (104) expired on 2026-11-13; the registry file predates that.
                Registration::ExpiredTemporary
            } else if reason.contains("OBSOLETED") {
                Registration::Obsolete
            } else if reason == "(Unused)" {
                Registration::Unused
            } else {
                Registration::Registered
            };
            let reason = match reason.find(" (") {
                Some(i) if registration != Registration::Unused => reason[..i].to_string(),
                _ => reason.to_string(),
            };
            map.insert(
                code,
                StatusInfo {
                    code,
                    reason,
                    reference,
                    notes,
                    registration,
                },
            );
        }
        map
    })
}

/// The registry entry of `code`, if IANA lists it at all (including unassigned rows).
pub fn info(code: u16) -> Option<&'static StatusInfo> {
    registry()
        .get(&code)
        .filter(|i| i.registration != Registration::Unassigned)
}

/// The reason phrase of a listed code ("No Content").
pub fn reason(code: u16) -> Option<&'static str> {
    info(code).map(|i| i.reason.as_str())
}

pub fn class_name(code: u16) -> &'static str {
    match code / 100 {
        1 => "informational",
        2 => "successful",
        3 => "redirection",
        4 => "client error",
        5 => "server error",
        _ => "invalid",
    }
}

/// RFC 9110 section of a code, when RFC 9110 defines it ("15.3.5").
pub fn rfc9110_section(code: u16) -> Option<&'static str> {
    let reference = &info(code)?.reference;
    reference.strip_prefix("RFC 9110 §")
}

/// A link to where a status code is defined.
pub fn reference_url(code: u16) -> Option<String> {
    let info = info(code)?;
    if let Some(section) = rfc9110_section(code) {
        return Some(format!(
            "https://www.rfc-editor.org/rfc/rfc9110#section-{section}"
        ));
    }
    let rfc = info.reference.strip_prefix("RFC ")?;
    let number: String = rfc.chars().take_while(char::is_ascii_digit).collect();
    (!number.is_empty()).then(|| format!("https://www.rfc-editor.org/rfc/rfc{number}"))
}

/// Constant names of the `http` crate's `StatusCode` (axum, hyper, warp, poem, salvo, actix re-export).
/// Rocket's `Status` and actix's `HttpResponse` helpers use the CamelCase of the same words.
const HTTP_CONSTS: &[(u16, &str)] = &[
    (100, "CONTINUE"),
    (101, "SWITCHING_PROTOCOLS"),
    (102, "PROCESSING"),
    (103, "EARLY_HINTS"),
    (200, "OK"),
    (201, "CREATED"),
    (202, "ACCEPTED"),
    (203, "NON_AUTHORITATIVE_INFORMATION"),
    (204, "NO_CONTENT"),
    (205, "RESET_CONTENT"),
    (206, "PARTIAL_CONTENT"),
    (207, "MULTI_STATUS"),
    (208, "ALREADY_REPORTED"),
    (226, "IM_USED"),
    (300, "MULTIPLE_CHOICES"),
    (301, "MOVED_PERMANENTLY"),
    (302, "FOUND"),
    (303, "SEE_OTHER"),
    (304, "NOT_MODIFIED"),
    (305, "USE_PROXY"),
    (307, "TEMPORARY_REDIRECT"),
    (308, "PERMANENT_REDIRECT"),
    (400, "BAD_REQUEST"),
    (401, "UNAUTHORIZED"),
    (402, "PAYMENT_REQUIRED"),
    (403, "FORBIDDEN"),
    (404, "NOT_FOUND"),
    (405, "METHOD_NOT_ALLOWED"),
    (406, "NOT_ACCEPTABLE"),
    (407, "PROXY_AUTHENTICATION_REQUIRED"),
    (408, "REQUEST_TIMEOUT"),
    (409, "CONFLICT"),
    (410, "GONE"),
    (411, "LENGTH_REQUIRED"),
    (412, "PRECONDITION_FAILED"),
    (413, "PAYLOAD_TOO_LARGE"),
    (414, "URI_TOO_LONG"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
    (416, "RANGE_NOT_SATISFIABLE"),
    (417, "EXPECTATION_FAILED"),
    (418, "IM_A_TEAPOT"),
    (421, "MISDIRECTED_REQUEST"),
    (422, "UNPROCESSABLE_ENTITY"),
    (423, "LOCKED"),
    (424, "FAILED_DEPENDENCY"),
    (425, "TOO_EARLY"),
    (426, "UPGRADE_REQUIRED"),
    (428, "PRECONDITION_REQUIRED"),
    (429, "TOO_MANY_REQUESTS"),
    (431, "REQUEST_HEADER_FIELDS_TOO_LARGE"),
    (451, "UNAVAILABLE_FOR_LEGAL_REASONS"),
    (500, "INTERNAL_SERVER_ERROR"),
    (501, "NOT_IMPLEMENTED"),
    (502, "BAD_GATEWAY"),
    (503, "SERVICE_UNAVAILABLE"),
    (504, "GATEWAY_TIMEOUT"),
    (505, "HTTP_VERSION_NOT_SUPPORTED"),
    (506, "VARIANT_ALSO_NEGOTIATES"),
    (507, "INSUFFICIENT_STORAGE"),
    (508, "LOOP_DETECTED"),
    (510, "NOT_EXTENDED"),
    (511, "NETWORK_AUTHENTICATION_REQUIRED"),
];

/// Other spellings frameworks use (registry renames, Rocket and actix variants), normalised.
const ALIASES: &[(u16, &str)] = &[
    (413, "contenttoolarge"),
    (413, "requestentitytoolarge"),
    (414, "requesturitoolong"),
    (416, "requestedrangenotsatisfiable"),
    (422, "unprocessablecontent"),
    (302, "movedtemporarily"),
    (418, "teapot"),
    (410, "gone"),
];

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

fn names() -> &'static HashMap<String, u16> {
    static NAMES: OnceLock<HashMap<String, u16>> = OnceLock::new();
    NAMES.get_or_init(|| {
        HTTP_CONSTS
            .iter()
            .map(|(code, name)| (normalise(name), *code))
            .chain(ALIASES.iter().map(|(code, name)| (name.to_string(), *code)))
            .collect()
    })
}

/// The code a status constant or helper name stands for: `NO_CONTENT`, `NoContent`, `Unauthorized`.
pub fn code_from_name(name: &str) -> Option<u16> {
    names().get(&normalise(name)).copied()
}

/// The `http` crate's constant name for `code` (`NO_CONTENT`).
pub fn http_const_name(code: u16) -> Option<&'static str> {
    HTTP_CONSTS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// The CamelCase name used by Rocket's `Status` and actix's `HttpResponse` helpers (`NoContent`).
pub fn camel_name(code: u16) -> Option<String> {
    let name = http_const_name(code)?;
    Some(
        name.split('_')
            .map(|word| {
                let mut chars = word.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                first
                    .into_iter()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect::<String>()
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_reads_the_iana_table() {
        assert_eq!(reason(204), Some("No Content"));
        assert_eq!(reason(413), Some("Content Too Large"));
        assert_eq!(
            info(104).unwrap().registration,
            Registration::ExpiredTemporary
        );
        assert_eq!(reason(104), Some("Upload Resumption Supported"));
        assert_eq!(info(510).unwrap().registration, Registration::Obsolete);
        assert_eq!(info(306).unwrap().registration, Registration::Unused);
        assert!(info(427).is_none());
        assert!(info(299).is_none());
        assert_eq!(rfc9110_section(401), Some("15.5.2"));
        assert_eq!(
            reference_url(429).as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc6585")
        );
    }

    #[test]
    fn names_map_both_ways() {
        assert_eq!(code_from_name("NO_CONTENT"), Some(204));
        assert_eq!(code_from_name("NoContent"), Some(204));
        assert_eq!(code_from_name("MethodNotAllowed"), Some(405));
        assert_eq!(code_from_name("ImATeapot"), Some(418));
        assert_eq!(code_from_name("Frobnicate"), None);
        assert_eq!(camel_name(204).as_deref(), Some("NoContent"));
        assert_eq!(camel_name(200).as_deref(), Some("Ok"));
        assert_eq!(http_const_name(401), Some("UNAUTHORIZED"));
    }
}
