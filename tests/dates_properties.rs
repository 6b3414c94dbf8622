//! Property tests of the date tagger: on any input it does not panic, every value is a
//! well-formed TIMEX3 value (or an ISO 8601 `start/end` range of two), the interval is
//! ordered, and every span lies inside its sentence on character boundaries.

use chrono::{NaiveDate, NaiveTime};
use kroniek::annotate::dates::{DateTagger, TemporalMode};
use kroniek::model::{ByteSpan, Detail, Document, PubDate, Sentence};
use proptest::prelude::*;
use regex::Regex;
use std::sync::OnceLock;

/// TIMEX3 values the codebook allows: calendar points with `X` for unknown digits, weeks,
/// weekends, seasons, quarters, halves, day parts, clock times, durations, sets and the
/// `*_REF` values.
fn well_formed(value: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        let date = r"[0-9X]{2,4}(-(0[1-9]|1[0-2]|XX)(-(0[1-9]|[12][0-9]|3[01]|XX))?)?";
        let week = r"[0-9X]{4}-W([0-4][0-9]|5[0-3]|XX)(-([1-7]|WE))?";
        let part = r"[0-9X]{4}-(SP|SU|FA|WI|Q[1-4X]|H[12X])";
        // Seconds only from a reference clock time (`over een seconde`).
        let time = r"T(([01][0-9]|2[0-3])(:[0-5][0-9](:[0-5][0-9])?)?|MO|AF|EV|NI|DT)";
        let point = format!(r"(({date})|({week})|({part}))({time})?");
        let duration = r"P(([0-9]+(\.[0-9]+)?|X)(WE|[YMWD]))*(T(([0-9]+(\.[0-9]+)?|X)[HMS])+)?";
        Regex::new(&format!(
            r"^((({point})(/({point}))?)|({duration})|PAST_REF|PRESENT_REF|FUTURE_REF)$"
        ))
        .expect("pattern compiles")
    });
    value != "P" && value != "PT" && re.is_match(value)
}

fn tagger(mode: TemporalMode) -> &'static DateTagger {
    static NEWS: OnceLock<DateTagger> = OnceLock::new();
    static FUTURE: OnceLock<DateTagger> = OnceLock::new();
    let cell = if mode == TemporalMode::News {
        &NEWS
    } else {
        &FUTURE
    };
    cell.get_or_init(|| DateTagger::new().unwrap().with_mode(mode))
}

/// Words that trigger the tagger, mixed with digits and noise.
fn sentence() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("maart".to_string()),
        Just("dinsdag".to_string()),
        Just("vorige".to_string()),
        Just("week".to_string()),
        Just("tot".to_string()),
        Just("t/m".to_string()),
        Just("-".to_string()),
        Just("eind".to_string()),
        Just("half".to_string()),
        Just("uur".to_string()),
        Just("jaren".to_string()),
        Just("negentig".to_string()),
        Just("geleden".to_string()),
        Just("Kerstmis".to_string()),
        Just("om".to_string()),
        Just("'s".to_string()),
        Just("avonds".to_string()),
        Just("over".to_string()),
        Just("minuten".to_string()),
        Just("later".to_string()),
        Just("vanaf nu".to_string()),
        "[0-9]{1,5}",
        "[0-9]{1,2}[:.][0-9]{2}",
        "[0-9]{1,2}[-/][0-9]{1,2}[-/][0-9]{2,4}",
        "\\PC{1,6}",
    ];
    prop::collection::vec(word, 0..12).prop_map(|w| w.join(" "))
}

fn check(text: &str, published: PubDate, mode: TemporalMode) -> Result<(), TestCaseError> {
    let document = Document::from_text("p", published, format!("Voor. {text} Na."));
    let sentence = Sentence {
        index: 0,
        paragraph: 0,
        bytes: ByteSpan::new(6, 6 + text.len()),
    };
    for a in tagger(mode).tag_sentence(&document, &sentence, &mut None) {
        prop_assert!(
            well_formed(&a.label),
            "ill-formed {:?} in {text:?}",
            a.label
        );
        let span = a.span.expect("date annotations have a span");
        prop_assert!(sentence.bytes.start <= span.start && span.start < span.end);
        prop_assert!(span.end <= sentence.bytes.end, "{span:?} outside {text:?}");
        prop_assert!(document.text.get(span.start..span.end).is_some());
        if let Detail::Date(d) = &a.detail {
            if let (Some(s), Some(e)) = (d.start, d.end) {
                prop_assert!(s <= e, "{s} > {e} for {:?} in {text:?}", a.label);
            }
        }
    }
    Ok(())
}

/// With no DCT: values are well formed, and a value with an interval depended on nothing
/// but the text, so tagging with any DCT gives it too, on the same span.
fn check_undated(text: &str, any_day: NaiveDate) -> Result<(), TestCaseError> {
    let tagger = tagger(TemporalMode::News);
    let dated: Vec<_> = tagger
        .tag_text(text, Some(&PubDate::day(any_day)))
        .into_iter()
        .map(|a| (a.span, a.label))
        .collect();
    for a in tagger.tag_text(text, None) {
        prop_assert!(
            well_formed(&a.label),
            "ill-formed {:?} in {text:?}",
            a.label
        );
        let Detail::Date(d) = &a.detail else {
            continue;
        };
        if d.start.is_some() {
            prop_assert!(!a.label.contains('X'), "{:?} has an interval", a.label);
            // Or one end of a range only a DCT makes (`vanaf nu tot 1-1-2015`).
            let inside = |outer: &Option<ByteSpan>| match (outer, a.span) {
                (Some(o), Some(s)) => o.start <= s.start && s.end <= o.end,
                _ => false,
            };
            let end_of_range = dated.iter().any(|(span, label)| {
                inside(span)
                    && (label.starts_with(&format!("{}/", a.label))
                        || label.ends_with(&format!("/{}", a.label)))
            });
            prop_assert!(
                end_of_range || dated.contains(&(a.span, a.label.clone())),
                "{:?} at {:?} in {text:?} changes with a DCT: {dated:?}",
                a.label,
                a.span
            );
        }
    }
    Ok(())
}

/// With a reference clock time: values are well formed, the same expressions are found,
/// and only clock-relative ones change: a duration in clock units (`over een uur`) or a
/// count `later` (`30 minuten later`) that becomes a TIME.
fn check_clock(
    text: &str,
    day: NaiveDate,
    clock: NaiveTime,
    mode: TemporalMode,
) -> Result<(), TestCaseError> {
    let tagger = tagger(mode);
    let dct = PubDate::day(day);
    let plain = tagger.tag_text(text, Some(&dct));
    let timed = tagger.tag_text_at(text, Some(&dct), Some(clock));
    prop_assert_eq!(plain.len(), timed.len(), "{:?}", text);
    for (p, t) in plain.iter().zip(&timed) {
        prop_assert!(
            well_formed(&t.label),
            "ill-formed {:?} in {text:?}",
            t.label
        );
        prop_assert_eq!(p.span, t.span);
        if p.label == t.label {
            continue;
        }
        let clock_relative = p.label.starts_with("PT") || p.rule == "later_than_previous";
        let Detail::Date(d) = &t.detail else { continue };
        prop_assert!(
            clock_relative && d.timex_type == kroniek::model::TimexType::Time,
            "{:?} became {:?} in {text:?}",
            p.label,
            t.label
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tagging_holds_its_invariants(text in sentence(), day in 0i64..20000, month_only: bool, future: bool) {
        let date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(day);
        let published = if month_only {
            use chrono::Datelike;
            PubDate::month(date.year(), date.month()).unwrap()
        } else {
            PubDate::day(date)
        };
        let mode = if future { TemporalMode::Future } else { TemporalMode::News };
        check(&text, published, mode)?;
    }

    #[test]
    fn undated_tagging_invents_nothing(text in sentence(), day in 0i64..20000) {
        check_undated(&text, NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(day))?;
    }

    #[test]
    fn a_clock_time_changes_only_clock_relative_values(text in sentence(), day in 0i64..20000, second in 0u32..86400, future: bool) {
        let date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(day);
        let clock = NaiveTime::from_num_seconds_from_midnight_opt(second, 0).unwrap();
        let mode = if future { TemporalMode::Future } else { TemporalMode::News };
        check_clock(&text, date, clock, mode)?;
    }

    #[test]
    fn arbitrary_text_does_not_panic(text in "\\PC{0,80}") {
        check(&text, PubDate::day(NaiveDate::from_ymd_opt(2025, 3, 18).unwrap()), TemporalMode::News)?;
    }
}

#[test]
fn the_validator_rejects_malformed_values() {
    for good in [
        "2025",
        "2025-03-18",
        "2025-W12",
        "2025-W12-WE",
        "199",
        "2025-SU",
        "P3D",
        "PT1H30M",
        "PXY",
        "2025-03-18T21:00",
        "2025-03-18TEV",
        "XXXX-03-18",
        "2014/2018",
        "PRESENT_REF",
    ] {
        assert!(well_formed(good), "{good}");
    }
    for bad in [
        "",
        "2025-13",
        "2025-03-32",
        "P",
        "2025-03-18T25:00",
        "maart",
        "2025/",
        "P3",
    ] {
        assert!(!well_formed(bad), "{bad}");
    }
}
