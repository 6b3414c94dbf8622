//! Expressions relative to a reference clock time: `over een uur`, `3 minuten vanaf nu`,
//! `30 minuten later` (with no earlier expression), and in future mode `in 15 minuten`.
//!
//! A publication date is a day, so a release never knows the clock and these stay
//! durations there (`PT1H`): the value is never more precise than the evidence. A caller
//! that knows the time of its reference ([`super::DateTagger::tag_text_at`], `kroniek dates
//! --dct 2016-11-07T16:12`) gets a TIME instead (`2016-11-07T17:12`).

use chrono::{Duration, NaiveDateTime, Timelike};

use super::recognise::Recogniser;
use super::resolve::Resolved;
use super::tokens::Token;
use super::TemporalMode;
use crate::model::{Annotation, Detail, TimePrecision, TimexType};

/// Seconds a duration in clock units stands for (`PT15M` → 900, `PT2.5H` → 9000); `None`
/// for days and longer and for unknown counts (`PTXH`).
pub(super) fn clock_seconds(value: &str) -> Option<i64> {
    let body = value.strip_prefix("PT").filter(|b| b.is_ascii())?;
    let (n, unit) = body.split_at(body.len().checked_sub(1)?);
    let per_unit = match unit {
        "H" => 3600.0,
        "M" => 60.0,
        "S" => 1.0,
        _ => return None,
    };
    let seconds = n.parse::<f64>().ok()? * per_unit;
    (seconds > 0.0 && seconds.fract() == 0.0 && seconds < 1e9).then_some(seconds as i64)
}

/// What resolving against a reference clock time looks at.
pub(super) struct Relative<'s, 'v> {
    /// The sentence's tokens.
    pub tokens: &'s [Token<'s>],
    /// The recogniser that read them (for the count of `30 minuten later`).
    pub recogniser: &'s Recogniser<'v>,
    /// News or future mode.
    pub mode: TemporalMode,
    /// The reference: the publication day at the clock time.
    pub at: NaiveDateTime,
}

impl Relative<'_, '_> {
    /// Turns the clock-relative annotations of a sentence (after all merges, so that
    /// nothing else changes) into TIMEs. `bounds` are their token ranges;
    /// `had_previous`: the document had a calendar expression before this sentence.
    pub fn resolve(&self, out: &mut [Annotation], bounds: &[(usize, usize)], had_previous: bool) {
        let mut placed_before = had_previous;
        for (a, &(first, _)) in out.iter_mut().zip(bounds) {
            let seconds = self.offset(a, first, !placed_before);
            let Detail::Date(d) = &mut a.detail else {
                continue;
            };
            placed_before |= d.start.is_some();
            if let Some(r) = seconds.and_then(|s| shifted(self.at, s)) {
                a.label = r.value;
                d.timex_type = r.timex_type;
                d.precision = r.precision;
                (d.start, d.end) = (r.start, r.end);
            }
        }
    }

    /// How far from the clock time annotation `a` (first token `first`) points, in
    /// seconds, when it is an expression of that kind. `first_in_document`: there is no
    /// earlier expression for `later` to count from.
    fn offset(&self, a: &Annotation, first: usize, first_in_document: bool) -> Option<i64> {
        let word = |k: usize| self.tokens.get(k).map_or("", |t| t.lower());
        match a.rule.as_str() {
            // `over een uur`, `3 minuten vanaf nu`, `2 uur in de toekomst`.
            "from_now" => clock_seconds(&a.label),
            "duration" if word(first) == "over" => clock_seconds(&a.label),
            // `in 15 minuten`: ahead in the agenda convention; in news text as often a
            // length (`de 5 kilometer in 15 minuten`).
            "duration"
                if self.mode == TemporalMode::Future && first > 0 && word(first - 1) == "in" =>
            {
                clock_seconds(&a.label)
            }
            "later_than_previous" if first_in_document => self.recogniser.clock_count(first),
            _ => None,
        }
    }
}

/// The TIME `seconds` after `at` (before, when negative), with seconds in the value only
/// when there are any (`2016-11-07T17:12`, `2013-02-12T04:30:01`).
pub(super) fn shifted(at: NaiveDateTime, seconds: i64) -> Option<Resolved> {
    let t = at.checked_add_signed(Duration::seconds(seconds))?;
    let format = if t.second() == 0 {
        "%Y-%m-%dT%H:%M"
    } else {
        "%Y-%m-%dT%H:%M:%S"
    };
    Some(Resolved {
        value: t.format(format).to_string(),
        timex_type: TimexType::Time,
        precision: TimePrecision::Minute,
        start: Some(t.date()),
        end: Some(t.date()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_units_only() {
        assert_eq!(clock_seconds("PT15M"), Some(900));
        assert_eq!(clock_seconds("PT2.5H"), Some(9000));
        assert_eq!(clock_seconds("PT1S"), Some(1));
        assert_eq!(clock_seconds("PTXH"), None);
        assert_eq!(clock_seconds("P3D"), None);
        assert_eq!(clock_seconds("PT0.5S"), None);
    }
}
