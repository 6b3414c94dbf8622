//! The external temporal suites in ../shared/peer-suites/temporal/ (Microsoft
//! Recognizers-Text's Dutch DateTimeModel spec and Duckling's Dutch corpus), scored
//! against the date tagger. Prints the pass rates and asserts floors at the level
//! reached; the accepted convention differences and the remaining failure categories
//! are listed in tests/temporal_deviations.md, which this test checks is present and
//! names every mapping the comparison applies. Skips when ../shared is absent.

use chrono::{Duration, NaiveDate, NaiveTime};
use kroniek::annotate::dates::{DateTagger, TemporalMode};
use kroniek::model::{Annotation, ByteSpan, Detail, PubDate};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Prepositions the codebook keeps outside the span (Recognizers keeps some inside).
/// `voor`/`na` too: the tagger turns them into BEFORE/AFTER outside the span. Leading
/// articles (`de 9e van mei`, `de week 31`) are dropped the same way, and `van`/`tussen`
/// before a range (`van 2014 tot 2018`), which the tagger leaves outside the span.
const GOVERNING: &[&str] = &[
    "op",
    "in",
    "tot",
    "sinds",
    "vanaf",
    "rond",
    "omstreeks",
    "per",
    "om",
    "voor",
    "na",
    "de",
    "het",
    "van",
    "tussen",
    "aan",
    "tegen",
];

/// Mapping names used below; each must be described in the deviations file.
const MAPPINGS: &[&str] = &[
    "governing-preposition",
    "leading-article",
    "year-less",
    "range-as-interval",
    "time-grain",
    "interval-exclusive-end",
    "day-part",
    "date-less-time",
    "range-endpoints",
    "weekend",
    "duration-units",
    "clock-seconds",
    "end-of-day",
    "vague-count",
    "evening-night",
    "next-weekday",
    "week-by-start",
    "years-ahead",
    "weekend-set",
    "week-of-month",
];

fn suite_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peer-suites/temporal");
    if dir.exists() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn load(dir: &Path, name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

/// Tags `text` as one sentence published on `reference`'s day, at its clock time (both
/// suites give one: Recognizers `2016-11-07T16:12:00`, Duckling `2013-02-12T04:30:00`).
fn tag(tagger: &DateTagger, text: &str, reference: Option<&str>) -> Vec<Annotation> {
    tag_at(tagger, text, reference, true)
}

/// [`tag`], with or without the reference's clock time (a release's DCT is a day).
fn tag_at(
    tagger: &DateTagger,
    text: &str,
    reference: Option<&str>,
    with_clock: bool,
) -> Vec<Annotation> {
    let published = reference
        .and_then(|r| NaiveDate::parse_from_str(r.get(..10)?, "%Y-%m-%d").ok())
        .map(PubDate::day)
        .unwrap_or_else(|| PubDate::month(1, 1).unwrap());
    let clock = reference
        .filter(|_| with_clock)
        .and_then(|r| r.get(11..19))
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok());
    tagger.tag_text_at(text, Some(&published), clock)
}

/// Character offsets (end exclusive) of a byte span.
fn char_span(text: &str, span: ByteSpan) -> (usize, usize) {
    let start = text[..span.start].chars().count();
    (start, start + text[span.start..span.end].chars().count())
}

/// A span with a leading governing preposition dropped.
fn core(text: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let piece: String = chars[start..end].iter().collect();
    let mut lower = piece.to_lowercase();
    let mut start = start;
    // At most two words: `op de 15e`.
    for _ in 0..2 {
        let Some(rest) = GOVERNING
            .iter()
            .find_map(|p| lower.strip_prefix(&format!("{p} ")))
        else {
            break;
        };
        start = end - rest.chars().count();
        lower = rest.to_string();
    }
    (start, end)
}

fn date_of(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// One Recognizers point (`XXXX-03-18`, `XXXX-WXX-2T14:00`, `T17`) vs one of ours, with
/// the point mappings (year-less, date-less-time, time-grain).
fn point_matches(expected: &str, ours: &str) -> bool {
    // `…T17` at hour grain is `…T17:00`.
    let expected = match expected.rsplit_once('T') {
        Some((_, hour)) if hour.len() == 2 && hour.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{expected}:00")
        }
        _ => expected.to_string(),
    };
    if expected == ours {
        return true;
    }
    // `XX90`, `XXXX-WXX-WE`, `XXXX-XX`: any digit Recognizers leaves open, ours resolved.
    let open_digits = expected.len() == ours.len()
        && expected.contains('X')
        && expected
            .chars()
            .zip(ours.chars())
            .all(|(e, o)| e == o || (e == 'X' && o.is_ascii_digit()));
    if open_digits {
        return true;
    }
    let (date, time) = ours.split_at(ours.find('T').unwrap_or(ours.len()));
    if let Some(t) = expected.strip_prefix('T') {
        return time.strip_prefix('T') == Some(t);
    }
    if let Some(rest) = expected.strip_prefix("XXXX-WXX-") {
        use chrono::Datelike;
        let (wd, expected_time) = rest.split_at(rest.find('T').unwrap_or(rest.len()));
        return date.len() == 10
            && date_of(date)
                .is_some_and(|d| wd.parse::<u32>().ok() == Some(d.weekday().number_from_monday()))
            && expected_time == time;
    }
    let same_tail = |n: usize| ours.len() >= n && expected.len() >= n && ours[n..] == expected[n..];
    // `SU`: a season without its year.
    let season = expected.len() == 2 && ours.len() == 7 && ours.ends_with(expected.as_str());
    (expected.starts_with("XXXX-XX") && same_tail(7))
        || (expected.starts_with("XXXX") && same_tail(4))
        || season
}

/// A duration in years or months as months (`P0.5Y` → 6).
fn months(v: &str) -> Option<f64> {
    let body = v.strip_prefix('P').filter(|b| !b.starts_with('T'))?;
    let (n, unit) = body.split_at(body.len().checked_sub(1)?);
    let n: f64 = n.parse().ok()?;
    match unit {
        "Y" => Some(12.0 * n),
        "M" => Some(n),
        _ => None,
    }
}

/// The first day of a calendar value (`2018-03` → `2018-03-01`), other values unchanged.
fn first_day_of(v: &str) -> String {
    if let Some((y, q)) = v.split_once("-Q") {
        if let Ok(q @ 1..=4) = q.parse::<u32>() {
            return format!("{y}-{:02}-01", 3 * q - 2);
        }
    }
    match v.len() {
        4 => format!("{v}-01-01"),
        7 if !v.contains('W') => format!("{v}-01"),
        _ => v.to_string(),
    }
}

/// `2016-10-14T08:00:31` → `2016-10-14T08:00`: a point with its seconds dropped.
fn without_seconds(v: &str) -> Option<&str> {
    let (_, time) = v.rsplit_once('T')?;
    let b = time.as_bytes();
    let hh_mm_ss = b.len() == 8 && b[2] == b':' && b[5] == b':';
    hh_mm_ss.then(|| &v[..v.len() - 3])
}

/// Where the codebook's convention decides a value Recognizers writes otherwise: the
/// mappings that follow from a rule of codebook section 2 (see the deviations file).
/// `text` is our expression's text, lower case.
fn codebook_convention(expected: &str, a: &Annotation, text: &str) -> Option<&'static str> {
    let ours = a.label.as_str();
    let Detail::Date(detail) = &a.detail else {
        return None;
    };
    // Clock values are `hh:mm` in the codebook: `T19:56:30` is our `T19:56`.
    if without_seconds(expected).is_some_and(|cut| point_matches(cut, ours)) {
        return Some("clock-seconds");
    }
    // `eind van de dag`: the codebook keeps the day with modifier END, Recognizers the
    // day's last second.
    if let Some(day) = expected.strip_suffix("T23:59:59") {
        if detail.modifier == Some("END") && point_matches(day, ours) {
            return Some("end-of-day");
        }
    }
    // `een paar uur`, `enige weken`: the codebook's unknown count `PXD`; Recognizers fixes
    // the count (2, 3) in the same unit.
    let vague = ["paar", "enkele", "enige", "aantal"]
        .iter()
        .any(|w| text.split(' ').any(|t| t == *w));
    if vague && ours.contains('X') && ours.starts_with('P') {
        let (head, tail) = ours.split_once('X').unwrap_or_default();
        let count = expected
            .strip_prefix(head)
            .and_then(|e| e.strip_suffix(tail));
        if count.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
            return Some("vague-count");
        }
    }
    // `avond` is the evening (`EV`) in TIMEX3; Recognizers writes the night (`NI`).
    if let (Some(theirs), Some(mine)) = (expected.strip_suffix("TNI"), ours.strip_suffix("TEV")) {
        if text.contains("avond") && point_matches(theirs, mine) {
            return Some("evening-night");
        }
    }
    // `volgende vrijdag`: the codebook's nearest Friday after the DCT; Recognizers skips
    // to the next week's (and `vorige woensdag` to the week before's).
    let step = match text.split(' ').next() {
        Some("volgende" | "komende") => Some(7),
        Some("vorige") => Some(-7),
        _ => None,
    };
    if let (Some(step), Some(mine), Some(theirs)) = (step, date_of(ours), date_of(expected)) {
        if ours.len() == 10 && expected.len() == 10 && mine + Duration::days(step) == theirs {
            return Some("next-weekday");
        }
    }
    // `de week beginnend 4 februari`: the codebook's ISO week; Recognizers its first day.
    // Only a plain week (`2019-W06`), not a range that starts with one.
    if ours.len() == 8 && ours.contains("-W") && !ours.contains('X') {
        let monday = detail.start.map(|d| d.format("%Y-%m-%d").to_string());
        if monday.is_some_and(|m| point_matches(expected, &m)) {
            return Some("week-by-start");
        }
    }
    // `over twee jaar`: DCT year + 2 in the codebook; Recognizers a day two years on.
    let over_years = text.starts_with("over ") && text.ends_with(" jaar") && ours.len() == 4;
    if over_years && expected.len() == 10 && expected.starts_with(ours) {
        return Some("years-ahead");
    }
    // `alle weekenden`: the set of weekends, as TIMEX3 writes it; Recognizers a period.
    if expected == "P1WE" && ours == "XXXX-WXX-WE" {
        return Some("weekend-set");
    }
    None
}

/// `2015-01-W01`, `XXXX-07-W05`: Recognizers' n-th week of a month, counted from the
/// week that holds the month's first day, as an ISO week (`2015-W01`); the year, when
/// Recognizers leaves it open, is ours.
fn week_of_month(expected: &str, ours: &str) -> Option<String> {
    use chrono::Datelike;
    let (year, rest) = expected.split_once('-')?;
    let (month, n) = rest.split_once("-W")?;
    let year: i32 = match year {
        "XXXX" => ours.get(..4)?.parse().ok()?,
        y => y.parse().ok()?,
    };
    let first = NaiveDate::from_ymd_opt(year, month.parse().ok()?, 1)?;
    let day = first + Duration::weeks(n.parse::<i64>().ok()? - 1);
    let week = day.iso_week();
    Some(format!("{}-W{:02}", week.year(), week.week()))
}

/// Recognizers' TIMEX vs ours, with the documented mappings.
fn timex_matches(expected: &str, a: &Annotation, text: &str) -> Option<&'static str> {
    let ours = a.label.as_str();
    if expected == ours {
        return Some("exact");
    }
    if let Some(mapping) = codebook_convention(expected, a, text) {
        return Some(mapping);
    }
    if week_of_month(expected, ours).is_some_and(|w| w == ours) {
        return Some("week-of-month");
    }
    // `(XXXX-04-22T17,XXXX-04-22T18,PT1H)`, `(T07:30,T16,PT8H30M)`, `(XXXX-09-01,XXXX-11-01,P2M)`:
    // a range whose ends match ours point by point; a period end by its first day.
    if let (Some(inner), Some((a, b))) = (
        expected.strip_prefix('(').and_then(|e| e.strip_suffix(')')),
        ours.split_once('/'),
    ) {
        let end = |want: &str, got: &str| {
            point_matches(want, got) || point_matches(want, &first_day_of(got))
        };
        if let [from, to, _] = inner.split(',').collect::<Vec<_>>().as_slice() {
            if end(from, a) && end(to, b) {
                return Some("range-endpoints");
            }
        }
    }
    // `XXXX-WXX-3T15:30`, `XXXX-03-15T09`: a year-less point, with a clock time at any
    // grain; ours is dated.
    if !expected.starts_with('(') && point_matches(expected, ours) {
        return Some("year-less");
    }
    // `P0.5Y` for our `P6M`: the same length in other units.
    if let (Some(a), Some(b)) = (months(expected), months(ours)) {
        if (a - b).abs() < 1e-9 {
            return Some("duration-units");
        }
    }
    // `XXXX-03-18`: Recognizers leaves the year open; we resolve it.
    if let Some(rest) = expected.strip_prefix("XXXX") {
        if ours.len() >= 4 && &ours[4..] == rest {
            return Some("year-less");
        }
    }
    if let Some(rest) = expected.strip_prefix("XXXX-XX") {
        if ours.len() >= 7 && &ours[7..] == rest {
            return Some("year-less");
        }
    }
    // `XXXX-WXX-5`: Recognizers leaves a weekday unresolved; ours is a date on that weekday.
    if let (Some(wd), Some(day)) = (
        expected
            .strip_prefix("XXXX-WXX-")
            .and_then(|w| w.parse::<u32>().ok()),
        date_of(ours).filter(|_| ours.len() == 10),
    ) {
        use chrono::Datelike;
        if day.weekday().number_from_monday() == wd {
            return Some("year-less");
        }
    }
    // `T11:40`, `T03`: Recognizers' clock time has no date; ours is dated.
    if let (Some(time), Some(t)) = (expected.strip_prefix('T'), ours.find('T')) {
        let mine = &ours[t + 1..];
        if mine == time || (time.len() == 2 && mine == format!("{time}:00")) {
            return Some("date-less-time");
        }
    }
    // `2018-06-19T14` at hour grain vs our `2018-06-19T14:00`.
    if expected.len() == 13 && ours == format!("{expected}:00") {
        return Some("time-grain");
    }
    // `(2014-01-01,2018-01-01,P4Y)` for `2014 tot 2018`: Recognizers ends a range at the
    // start of its last named unit; ours is `2014/2018` running to the end of 2018.
    if let (Some(inner), Some((a, b))) = (
        expected.strip_prefix('(').and_then(|e| e.strip_suffix(')')),
        ours.split_once('/'),
    ) {
        let parts: Vec<&str> = inner.split(',').collect();
        let first_day = |v: &str| match v.len() {
            4 => date_of(&format!("{v}-01-01")),
            7 => date_of(&format!("{v}-01")),
            _ => date_of(v),
        };
        if let [from, to, _] = parts.as_slice() {
            if first_day(a) == date_of(from) && first_day(b) == date_of(to) {
                return Some("range-endpoints");
            }
        }
    }
    // `(2016-11-01,2016-12-01,P1M)`: a range equal to our interval (end exclusive).
    if let Some(inner) = expected.strip_prefix('(').and_then(|e| e.strip_suffix(')')) {
        let parts: Vec<&str> = inner.split(',').collect();
        if let (Detail::Date(d), [from, to, _]) = (&a.detail, parts.as_slice()) {
            let end = d.end.map(|e| e + Duration::days(1));
            let day = |x: Option<NaiveDate>| x.map(|x| x.format("%Y-%m-%d").to_string());
            // `(XXXX-01-01,XXXX-04-01,P3M)` for a year-less `het eerste kwartaal`.
            if let (Some(s), Some(e)) = (day(d.start), day(end)) {
                if point_matches(from, &s) && point_matches(to, &e) {
                    return Some("range-as-interval");
                }
            }
        }
    }
    None
}

#[derive(Default)]
struct Tally {
    expressions: usize,
    span: usize,
    span_timex: usize,
    spurious: usize,
    /// How many span+TIMEX matches each mapping accepted (`exact` for none).
    by_mapping: std::collections::BTreeMap<&'static str, usize>,
}

fn recognizers(tagger: &DateTagger, suite: &Value, with_clock: bool) -> Tally {
    let mut t = Tally::default();
    for case in suite["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        let found = tag_at(tagger, input, case["reference"].as_str(), with_clock);
        let ours: Vec<((usize, usize), &Annotation)> = found
            .iter()
            .filter_map(|a| Some((core(input, char_span(input, a.span?)), a)))
            .collect();
        let mut used = vec![false; ours.len()];
        for r in case["results"].as_array().unwrap() {
            t.expressions += 1;
            // One spec entry has text that is not in its input (start -1): a failure.
            let Ok(start) = usize::try_from(r["start"].as_i64().unwrap()) else {
                continue;
            };
            let end = (r["end"].as_i64().unwrap().max(-1) + 1) as usize;
            let want = core(input, (start, end.max(start)));
            let hit = ours.iter().position(|(s, _)| *s == want);
            if let Some(i) = hit {
                used[i] = true;
                t.span += 1;
                let a = ours[i].1;
                let text = a
                    .span
                    .map_or(String::new(), |s| input[s.start..s.end].to_lowercase());
                if let Some(m) = timex_matches(r["timex"].as_str().unwrap_or(""), a, &text) {
                    t.span_timex += 1;
                    *t.by_mapping.entry(m).or_default() += 1;
                    if std::env::var("SUITE_MAPPINGS").is_ok() && m != "exact" {
                        eprintln!("MAP {m}: {text:?} want {} got {}", r["timex"], a.label);
                    }
                } else if std::env::var("SUITE_DEBUG").is_ok() {
                    eprintln!(
                        "TIMEX {input:?} want {} got {}",
                        r["timex"], ours[i].1.label
                    );
                }
            } else if std::env::var("SUITE_DEBUG").is_ok() {
                let got: Vec<String> = ours
                    .iter()
                    .map(|(s, a)| {
                        format!(
                            "{}={}",
                            input.chars().skip(s.0).take(s.1 - s.0).collect::<String>(),
                            a.label
                        )
                    })
                    .collect();
                eprintln!("SPAN {input:?} want {:?} got {got:?}", r["text"]);
            }
        }
        t.spurious += used.iter().filter(|u| !**u).count();
    }
    t
}

/// Duckling's expected value at its grain vs ours (`T14` = `T14:00`, `T04:30:00` = `T04:30`).
fn duckling_value(expected: &Value, a: &Annotation) -> bool {
    let want = expected["timex"].as_str().unwrap_or("");
    let ours = a.label.as_str();
    if want == ours {
        return true;
    }
    let hour_grain = want.len() == 13 && ours.len() == 16 && ours.ends_with(":00");
    let second_grain = want.len() == 19 && want.ends_with(":00") && ours.len() == 16;
    (hour_grain || second_grain) && ours.starts_with(&want[..want.len().min(16)])
}

/// TIMEX3 day parts and weekends vs Duckling's hour intervals: `2013-02-12TAF` is the
/// interval starting 2013-02-12T12, `2013-W07-WE` the one starting on that week's Friday.
fn duckling_hour_interval(from: &str, a: &Annotation) -> bool {
    let (Some(day), Some(hour)) = (
        date_of(from),
        from.get(11..13).and_then(|h| h.parse::<u32>().ok()),
    ) else {
        return false;
    };
    let ours = a.label.as_str();
    if let Some(week) = ours.strip_suffix("-WE") {
        use chrono::Datelike;
        let iso = day.iso_week();
        return week == format!("{}-W{:02}", iso.year(), iso.week())
            && day.weekday() == chrono::Weekday::Fri;
    }
    let part = match hour {
        0..=11 => &["MO"][..],
        12..=17 => &["AF"][..],
        _ => &["EV", "NI"][..],
    };
    ours.get(..10) == from.get(..10)
        && part
            .iter()
            .any(|p| ours.get(10..) == Some(&format!("T{p}")))
}

/// Duckling's clock interval (`from` 09:30, exclusive `to` 11:01 at minute grain, `12` at
/// hour grain) vs our range `…T09:30/…T11:00`: equal when our end plus one unit of the
/// grain is Duckling's `to`.
fn clock_interval(from: &str, to: &str, ours: &str) -> bool {
    use chrono::NaiveDateTime;
    let Some((a, b)) = ours.split_once('/') else {
        return false;
    };
    let parse = |v: &str| {
        let padded = match v.len() {
            13 => format!("{v}:00"),
            _ => v.to_string(),
        };
        NaiveDateTime::parse_from_str(&padded, "%Y-%m-%dT%H:%M").ok()
    };
    let step = if to.len() == 13 {
        Duration::hours(1)
    } else {
        Duration::minutes(1)
    };
    matches!(
        (parse(from), parse(to), parse(a), parse(b)),
        (Some(f), Some(t), Some(x), Some(y)) if f == x && t - step == y
    )
}

fn duckling_case(case: &Value, found: &[Annotation]) -> bool {
    let e = &case["expected"];
    match case["kind"].as_str().unwrap() {
        "value" => found.iter().any(|a| duckling_value(e, a)),
        "interval" => found.iter().any(|a| {
            let Detail::Date(d) = &a.detail else {
                return false;
            };
            let from = e["from"]["timex"].as_str().unwrap_or("");
            let to = e["to"]["timex"].as_str().unwrap_or("");
            let day_grain = from.len() == 10 && to.len() == 10;
            // Week, month and year grains compare by their first days (`2013-W05`).
            let first = |v: &str| match v.len() {
                4 => date_of(&format!("{v}-01-01")),
                7 => date_of(&format!("{v}-01")),
                8 => NaiveDate::parse_from_str(&format!("{v}-1"), "%G-W%V-%u").ok(),
                _ => None,
            };
            if let (Some(f), Some(t)) = (first(from), first(to)) {
                return d.start == Some(f) && d.end.map(|x| x + Duration::days(1)) == Some(t);
            }
            if from.len() == 13 && duckling_hour_interval(from, a) {
                return true;
            }
            if clock_interval(from, to, &a.label) {
                return true;
            }
            day_grain
                && d.start == date_of(from)
                && d.end.map(|x| x + Duration::days(1)) == date_of(to)
        }),
        _ => {
            let bound = if e["to"].is_object() {
                &e["to"]
            } else {
                &e["from"]
            };
            found.iter().any(|a| duckling_value(bound, a))
        }
    }
}

#[test]
fn external_temporal_suites() {
    let Some(dir) = suite_dir() else { return };
    let news = DateTagger::new().unwrap();
    let suite = load(&dir, "recognizers-nl.json");
    let t = recognizers(&news, &suite, true);
    let pct = |n: usize, d: usize| 100.0 * n as f64 / d.max(1) as f64;
    let span = pct(t.span, t.expressions);
    let span_timex = pct(t.span_timex, t.expressions);
    eprintln!(
        "recognizers-nl: {} expressions, span {span:.1}% (peer best 71.6%), span+TIMEX {span_timex:.1}% (peer best 58.9%), {} spurious",
        t.expressions, t.spurious
    );
    eprintln!(
        "recognizers-nl span+TIMEX matches by mapping: {:?}",
        t.by_mapping
    );
    // As a release tags: the publication date is a day, so no clock-relative value resolves.
    let day_only = recognizers(&news, &suite, false);
    let day_only_timex = pct(day_only.span_timex, day_only.expressions);
    eprintln!(
        "recognizers-nl without the reference clock time (as in a release): span+TIMEX {day_only_timex:.1}%"
    );

    let future = DateTagger::new().unwrap().with_mode(TemporalMode::Future);
    let suite = load(&dir, "duckling-nl.json");
    let cases = suite["cases"].as_array().unwrap();
    let passed = cases
        .iter()
        .filter(|c| {
            let found = tag(
                &future,
                c["text"].as_str().unwrap(),
                c["reference"].as_str(),
            );
            let ok = duckling_case(c, &found);
            if !ok && std::env::var("SUITE_DEBUG").is_ok() {
                let got: Vec<&str> = found.iter().map(|a| a.label.as_str()).collect();
                eprintln!("DUCK {:?} want {} got {got:?}", c["text"], c["expected"]);
            }
            ok
        })
        .count();
    let negatives = suite["negatives"].as_array().unwrap();
    let tagged: Vec<&str> = negatives
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .filter(|text| !tag(&future, text, Some("2013-02-12")).is_empty())
        .collect();
    let duck = pct(passed, cases.len());
    eprintln!(
        "duckling-nl: {passed}/{} = {duck:.1}% (Recognizers 66.4%), negatives tagged: {tagged:?}",
        cases.len()
    );

    let deviations = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/temporal_deviations.md"),
    )
    .expect("tests/temporal_deviations.md lists the accepted mappings");
    for m in MAPPINGS {
        assert!(deviations.contains(m), "mapping {m} undocumented");
    }
    assert!(span >= FLOOR_SPAN, "span {span:.1}% < {FLOOR_SPAN}");
    assert!(
        span_timex >= FLOOR_SPAN_TIMEX,
        "span+TIMEX {span_timex:.1}%"
    );
    assert!(duck >= FLOOR_DUCKLING, "duckling {duck:.1}%");
    assert!(
        day_only_timex >= FLOOR_SPAN_TIMEX_DAY_ONLY,
        "span+TIMEX without the clock {day_only_timex:.1}%"
    );
    assert!(tagged.is_empty(), "negatives tagged {tagged:?}");
}

// Floors at the level reached (goals: 90%, 85%, 80%); no negative may be tagged.
const FLOOR_SPAN: f64 = 90.0;
const FLOOR_SPAN_TIMEX: f64 = 85.0;
const FLOOR_DUCKLING: f64 = 84.0;
const FLOOR_SPAN_TIMEX_DAY_ONLY: f64 = 84.0;
