//! Unit tests per expression family, with day- and month-precision DCTs.

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::*;
use crate::model::{PubDate, TimePrecision, TimexType};

fn tagger() -> &'static DateTagger {
    static TAGGER: OnceLock<DateTagger> = OnceLock::new();
    TAGGER.get_or_init(|| DateTagger::new().expect("vocabulary loads"))
}

fn dct(raw: &str) -> PubDate {
    let parts: Vec<u32> = raw.split('-').map(|p| p.parse().unwrap()).collect();
    match parts.as_slice() {
        [y, m] => PubDate::month(*y as i32, *m).unwrap(),
        [y, m, d] => PubDate::day(NaiveDate::from_ymd_opt(*y as i32, *m, *d).unwrap()),
        _ => panic!("bad dct"),
    }
}

fn run(published: &str, text: &str) -> Vec<Annotation> {
    let document = Document::from_text("t", dct(published), text);
    let sentence = Sentence {
        index: 0,
        paragraph: 0,
        bytes: ByteSpan::new(0, text.len()),
    };
    let mut out = Vec::new();
    tagger().annotate(&document, &[sentence], &mut out);
    out
}

/// (surface, value) pairs found in `text`.
fn found(published: &str, text: &str) -> Vec<(String, String)> {
    run(published, text)
        .into_iter()
        .map(|a| {
            let s = a.span.unwrap();
            (text[s.start..s.end].to_string(), a.label)
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn detail(a: &Annotation) -> &DateDetail {
    match &a.detail {
        Detail::Date(d) => d,
        other => panic!("not a date: {other:?}"),
    }
}

const SUNDAY: &str = "2025-12-07";

#[test]
fn calendar_dates_in_words_and_digits() {
    assert_eq!(
        found(SUNDAY, "Op 18 maart belde hij."),
        pairs(&[("18 maart", "2025-03-18")])
    );
    assert_eq!(
        found(SUNDAY, "Vrijdag 5 september en 11 december 2019."),
        pairs(&[
            ("Vrijdag 5 september", "2025-09-05"),
            ("11 december 2019", "2019-12-11")
        ])
    );
    assert_eq!(
        found(SUNDAY, "Sinds 15-10-2016 niet."),
        pairs(&[("15-10-2016", "2016-10-15")])
    );
    assert_eq!(
        found("2025-03", "Op 18 maart."),
        pairs(&[("18 maart", "2025-03-18")])
    );
    // Past bias: a later day of the year lies in the previous year.
    assert_eq!(
        found("2025-03", "Op 20 april."),
        pairs(&[("20 april", "2024-04-20")])
    );
    assert_eq!(
        found("2025-03", "Op 20 april zal hij gaan."),
        pairs(&[("20 april", "2025-04-20")])
    );
}

#[test]
fn months_and_years() {
    assert_eq!(
        found(SUNDAY, "In november viel veel."),
        pairs(&[("november", "2025-11")])
    );
    assert_eq!(
        found(SUNDAY, "In maart 2020 begon het."),
        pairs(&[("maart 2020", "2020-03")])
    );
    let a = run(SUNDAY, "Een akkoord tot 2030.");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].label, "2030");
    assert_eq!(detail(&a[0]).modifier, Some("BEFORE"));
    assert_eq!(detail(&a[0]).precision, TimePrecision::Year);
    let a = run(SUNDAY, "De Krim is sinds 2014 bezet.");
    assert_eq!(detail(&a[0]).modifier, Some("ON_OR_AFTER"));
    let month = run(SUNDAY, "In november.");
    let d = detail(&month[0]);
    assert_eq!(d.start, NaiveDate::from_ymd_opt(2025, 11, 1));
    assert_eq!(d.end, NaiveDate::from_ymd_opt(2025, 11, 30));
}

#[test]
fn numbers_that_are_not_years() {
    assert!(found(SUNDAY, "Het land veroverde 500 vierkante kilometer.").is_empty());
    assert!(found(SUNDAY, "Een bereik van 1000 km.").is_empty());
    assert!(found(SUNDAY, "Er vielen 2000 soldaten.").is_empty());
    assert!(found(SUNDAY, "Het kost 1.500 euro.").is_empty());
    assert!(found(SUNDAY, "Een 37-jarige man.").is_empty());
}

#[test]
fn weekdays_with_day_and_month_dct() {
    assert_eq!(
        found(SUNDAY, "Afgelopen donderdag landde hij."),
        pairs(&[("Afgelopen donderdag", "2025-12-04")])
    );
    assert_eq!(
        found(SUNDAY, "Hij zei vrijdag dat."),
        pairs(&[("vrijdag", "2025-12-05")])
    );
    assert_eq!(
        found(SUNDAY, "Hij zal maandag komen."),
        pairs(&[("maandag", "2025-12-08")])
    );
    assert_eq!(
        found(SUNDAY, "Hij sprak woensdagochtend."),
        pairs(&[("woensdagochtend", "2025-12-03TMO")])
    );
    assert_eq!(
        found(SUNDAY, "Vorige week woensdag viel het."),
        pairs(&[("Vorige week woensdag", "2025-11-26")])
    );
    assert_eq!(
        found("2025-03", "Hij zei vrijdag dat."),
        pairs(&[("vrijdag", "2025-03")])
    );
    assert_eq!(
        found("2025-03", "Die donderdag laat in Moskou zat."),
        pairs(&[("donderdag laat", "2025-03")])
    );
    // `deze` picks the day in the DCT's week, as `deze week` is that week: on a
    // Tuesday, `deze vrijdag` is three days on and `deze maandag` the day before.
    assert_eq!(
        found(
            TUESDAY,
            "Deze vrijdag beslist het kabinet, deze maandag sprak het nog niet."
        ),
        pairs(&[
            ("Deze vrijdag", "2025-03-21"),
            ("deze maandag", "2025-03-17")
        ])
    );
    let month = run("2025-03", "Vrijdag belde hij.");
    assert_eq!(detail(&month[0]).precision, TimePrecision::Month);
    assert_eq!(detail(&month[0]).end, NaiveDate::from_ymd_opt(2025, 3, 31));
}

#[test]
fn deictic_words() {
    assert_eq!(
        found(SUNDAY, "Gisteren en eergisteren, vandaag en morgen."),
        pairs(&[
            ("Gisteren", "2025-12-06"),
            ("eergisteren", "2025-12-05"),
            ("vandaag", "2025-12-07"),
            ("morgen", "2025-12-08"),
        ])
    );
    assert_eq!(
        found(SUNDAY, "Gisteravond."),
        pairs(&[("Gisteravond", "2025-12-06TEV")])
    );
    assert_eq!(
        found("2025-03", "Hij zei gisteren."),
        pairs(&[("gisteren", "2025-03")])
    );
    // `morgen` after `elke` / `'s` is the morning, not tomorrow: every morning is a set,
    // `'s morgens` alone a part of day without a day.
    assert_eq!(
        found(SUNDAY, "Elke morgen en 's morgens."),
        pairs(&[
            ("Elke morgen", "XXXX-XX-XXTMO"),
            ("'s morgens", "XXXX-XX-XXTMO")
        ])
    );
    assert_eq!(
        detail(&run(SUNDAY, "Elke morgen.")[0]).timex_type,
        TimexType::Set
    );
}

#[test]
fn relative_units() {
    assert_eq!(
        found(SUNDAY, "Vorige week."),
        pairs(&[("Vorige week", "2025-W48")])
    );
    assert_eq!(
        found(SUNDAY, "Deze week."),
        pairs(&[("Deze week", "2025-W49")])
    );
    assert_eq!(
        found(SUNDAY, "Volgende week."),
        pairs(&[("Volgende week", "2025-W50")])
    );
    assert_eq!(
        found(SUNDAY, "Vorige maand."),
        pairs(&[("Vorige maand", "2025-11")])
    );
    assert_eq!(
        found("2025-03", "Vorige maand."),
        pairs(&[("Vorige maand", "2025-02")])
    );
    assert_eq!(
        found("2025-03", "Vorige week."),
        pairs(&[("Vorige week", "2025-03")])
    );
    assert_eq!(
        found(SUNDAY, "Vorig jaar."),
        pairs(&[("Vorig jaar", "2024")])
    );
    assert_eq!(
        found("2022-09", "Zij hebben de afgelopen week gepraat."),
        pairs(&[("de afgelopen week", "2022-09")])
    );
    assert_eq!(
        found(SUNDAY, "Drie jaar geleden en over 30 jaar."),
        pairs(&[("Drie jaar geleden", "2022"), ("over 30 jaar", "2055")])
    );
    assert_eq!(
        found(SUNDAY, "de komende maanden"),
        pairs(&[("de komende maanden", "FUTURE_REF")])
    );
    let w = run(SUNDAY, "Vorige week.");
    assert_eq!(detail(&w[0]).start, NaiveDate::from_ymd_opt(2025, 11, 24));
    assert_eq!(detail(&w[0]).end, NaiveDate::from_ymd_opt(2025, 11, 30));
}

#[test]
fn seasons_and_anchors() {
    assert_eq!(
        found(SUNDAY, "Nu de winter begint."),
        pairs(&[("de winter", "2025-WI")])
    );
    assert_eq!(
        found("2023-12", "Een jaar geleden tijdens de herfst."),
        pairs(&[("Een jaar geleden", "2022"), ("de herfst", "2022-FA")])
    );
    assert_eq!(
        found(SUNDAY, "De zomer van 2022."),
        pairs(&[("De zomer van 2022", "2022-SU")])
    );
    assert_eq!(
        found(SUNDAY, "Vorige zomer."),
        pairs(&[("Vorige zomer", "2025-SU")])
    );
}

#[test]
fn edges_narrow_the_interval() {
    let a = run(SUNDAY, "Begin 2025 en eind vorig jaar en half maart.");
    let labels: Vec<&str> = a.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["2025", "2024", "2025-03"]);
    assert_eq!(detail(&a[0]).modifier, Some("START"));
    assert_eq!(detail(&a[0]).end, NaiveDate::from_ymd_opt(2025, 5, 1));
    assert_eq!(detail(&a[1]).start, NaiveDate::from_ymd_opt(2024, 9, 1));
    assert_eq!(detail(&a[2]).modifier, Some("MID"));
}

#[test]
fn durations() {
    assert_eq!(
        found(
            SUNDAY,
            "Een bestand van 30 dagen of dertig dagen, een 30-daags bestand."
        ),
        pairs(&[
            ("30 dagen", "P30D"),
            ("dertig dagen", "P30D"),
            ("30-daags", "P30D")
        ])
    );
    assert_eq!(
        found(SUNDAY, "Na meer dan twee uur overleg."),
        pairs(&[("meer dan twee uur", "PT2H")])
    );
    assert_eq!(
        found(SUNDAY, "De drie jaar oude oorlog."),
        pairs(&[("drie jaar", "P3Y")])
    );
    assert_eq!(
        found(SUNDAY, "Binnen enkele dagen."),
        pairs(&[("Binnen enkele dagen", "PXD")])
    );
    // Lead words bound the duration to now and belong to its span.
    assert_eq!(
        found(
            SUNDAY,
            "Binnen de komende 10 maanden, de afgelopen drie dagen."
        ),
        pairs(&[
            ("Binnen de komende 10 maanden", "P10M"),
            ("afgelopen drie dagen", "P3D")
        ])
    );
    // A count of days, weeks, months or years from a day is a day.
    assert_eq!(
        found(
            "2025-03-18",
            "Twee dagen na vandaag, een week voor gisteren, drie jaar na morgen."
        ),
        pairs(&[
            ("Twee dagen na vandaag", "2025-03-20"),
            ("een week voor gisteren", "2025-03-10"),
            ("drie jaar na morgen", "2028-03-19")
        ])
    );
    // An abbreviated weekday means what the full name means; a final `zo.` is no Sunday.
    let full = found("2025-03-18", "Op dinsdag kwam hij.");
    assert_eq!(
        found("2025-03-18", "Op di. kwam hij, niet zo."),
        pairs(&[("di.", full[0].1.as_str())])
    );
    assert_eq!(
        found(
            "2025-03-18",
            "Op tweeëntwintig februari en de eerste januari 2000."
        ),
        pairs(&[
            ("tweeëntwintig februari", "2025-02-22"),
            ("eerste januari 2000", "2000-01-01")
        ])
    );
    assert_eq!(
        found("2025-03-18", "Later deze week."),
        pairs(&[("Later deze week", "2025-W12")])
    );
    assert_eq!(
        found(SUNDAY, "Elke twee dagen een bus."),
        pairs(&[("Elke twee dagen", "P2D")])
    );
    assert_eq!(
        found(SUNDAY, "Hij liet hem uren wachten."),
        pairs(&[("uren", "PTXH")])
    );
    assert_eq!(
        found(SUNDAY, "Vijf kwartier."),
        pairs(&[("Vijf kwartier", "PT75M")])
    );
    assert_eq!(
        found(SUNDAY, "Drieënhalf jaar."),
        pairs(&[("Drieënhalf jaar", "P3.5Y")])
    );
    assert_eq!(
        found(SUNDAY, "Eenentwintig dagen."),
        pairs(&[("Eenentwintig dagen", "P21D")])
    );
    let a = run(SUNDAY, "Ruim een uur.");
    assert_eq!(detail(&a[0]).timex_type, TimexType::Duration);
    assert_eq!(detail(&a[0]).start, None);
    assert_eq!(detail(&a[0]).modifier, Some("MORE_THAN"));
}

#[test]
fn sets_and_vague_references() {
    assert_eq!(
        found(SUNDAY, "De grootste maandelijkse winst in tijden."),
        pairs(&[("maandelijkse", "P1M"), ("in tijden", "PAST_REF")])
    );
    assert_eq!(
        found(SUNDAY, "Maar recent voerde het land onlangs aanvallen uit."),
        pairs(&[("recent", "PAST_REF"), ("onlangs", "PAST_REF")])
    );
    assert!(found(SUNDAY, "Een recent rapport.").is_empty());
    assert_eq!(
        found(SUNDAY, "Dat komt binnenkort, maar de laatste tijd niet."),
        pairs(&[
            ("binnenkort", "FUTURE_REF"),
            ("de laatste tijd", "PAST_REF")
        ])
    );
    assert_eq!(
        found(SUNDAY, "Dan tot voor enkele maanden."),
        pairs(&[("tot voor enkele maanden", "PAST_REF")])
    );
    assert_eq!(
        found(SUNDAY, "Hij moet nu wel."),
        pairs(&[("nu", "PRESENT_REF")])
    );
    assert!(found(SUNDAY, "Nu de winter komt")
        .iter()
        .all(|(s, _)| s != "Nu"));
}

#[test]
fn not_marked() {
    for text in [
        "Toen gebeurde het, en daarna sindsdien eerder.",
        "De Tweede Wereldoorlog.",
        "Een 37-jarige vrouw.",
    ] {
        assert!(found(SUNDAY, text).is_empty(), "{text}");
    }
}

#[test]
fn same_day_refers_back() {
    assert_eq!(
        found(SUNDAY, "Vorige week, op diezelfde dag."),
        pairs(&[("Vorige week", "2025-W48"), ("diezelfde dag", "2025-W48")])
    );
}

#[test]
fn clock_times() {
    let a = run("2025-03-18", "Om 21.00 uur begon het.");
    assert_eq!(a[0].label, "2025-03-18T21:00");
    assert_eq!(detail(&a[0]).timex_type, TimexType::Time);
    // A following or leading day part makes `N uur` a clock time, not a duration.
    assert_eq!(
        found(
            "2025-03-18",
            "Hij kwam 3 uur 's nachts en vertrok 's avonds om 7 uur."
        ),
        pairs(&[
            ("3 uur 's nachts", "2025-03-18T03:00"),
            ("'s avonds om 7 uur", "2025-03-18T19:00")
        ])
    );
    assert_eq!(
        found("2025-03-18", "Om 9.00 en 4 uur in de middag."),
        pairs(&[
            ("9.00", "2025-03-18T09:00"),
            ("4 uur in de middag", "2025-03-18T16:00")
        ])
    );
    assert_eq!(
        found("2025-03-18", "Het begon kwart over drie."),
        pairs(&[("kwart over drie", "2025-03-18T03:15")])
    );
}

#[test]
fn odd_strings_never_panic_and_spans_are_sane() {
    let odd = [
        "",
        " ",
        "-",
        "--",
        "1-",
        "-1-",
        "99-99-9999",
        "31-02-2020",
        "0000",
        "2199-",
        "'90",
        "jaren",
        "de jaren",
        "de jaren '",
        "over",
        "over een",
        "tot voor",
        "tot voor enkele",
        "om 99.99 uur",
        "25:61",
        "één-daags",
        "ënhalf",
        "enhalf",
        "drieën",
        "😀 maart 😀 2020",
        "ma\u{0301}art",
        "Ⅻ",
        "maandagmaandag",
        "woensdagochtendavond",
        "begin",
        "begin van",
        "half",
        "eind eind eind",
        "diezelfde",
        "elke",
        "per",
        "1,",
        "1,5 jaar",
        "9999999999 dagen",
        "18446744073709551616 jaar geleden",
        "300000000 jaar geleden",
        "over 99999999 jaar",
        "\u{feff}vandaag\u{200b}",
        "vrijdag 31 februari",
        "de eerste helft van",
        "het laatste kwartaal van vorig jaar",
        "İstanbul maart",
        "ß 2020 ẞ",
    ];
    for published in ["2025-12-07", "2025-03", "0001-01-01", "9999-12"] {
        for text in odd {
            for a in run(published, text) {
                let s = a.span.unwrap();
                assert!(s.start <= s.end && s.end <= text.len(), "{text}");
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                assert!(!a.label.is_empty() && !a.rule.is_empty());
                let d = detail(&a);
                if let (Some(start), Some(end)) = (d.start, d.end) {
                    assert!(start <= end, "{text}: {start} > {end}");
                }
            }
        }
    }
}

#[test]
fn future_cues_count_per_clause() {
    assert_eq!(
        found(SUNDAY, "Hij zei vrijdag, maar zal nog komen."),
        pairs(&[("vrijdag", "2025-12-05")])
    );
    assert_eq!(
        found("2023-12", "Hij zal, sinds september, niet zwijgen."),
        pairs(&[("september", "2023-09")])
    );
    assert_eq!(
        found(SUNDAY, "Het land zal sinds september betalen."),
        pairs(&[("september", "2025-09")])
    );
}

#[test]
fn months_with_relative_years_and_clock_words() {
    assert_eq!(
        found(SUNDAY, "In februari vorig jaar en de zomer van 2022."),
        pairs(&[
            ("februari vorig jaar", "2024-02"),
            ("de zomer van 2022", "2022-SU")
        ])
    );
    assert_eq!(
        found("2025-03-18", "Om negen uur."),
        pairs(&[("negen uur", "2025-03-18T09:00")])
    );
    assert!(found(SUNDAY, "Hij is 37 jaar oud.").is_empty());
}

#[test]
fn numbered_and_relative_periods() {
    assert_eq!(
        found(SUNDAY, "In de 15e eeuw, in week 31 en in Q1 2019."),
        pairs(&[
            ("de 15e eeuw", "14"),
            ("week 31", "2025-W31"),
            ("Q1 2019", "2019-Q1")
        ])
    );
    assert_eq!(
        found(SUNDAY, "Het afgelopen kwartaal en dit weekend."),
        pairs(&[
            ("Het afgelopen kwartaal", "2025-Q3"),
            ("dit weekend", "2025-W49-WE")
        ])
    );
    assert_eq!(
        found(
            SUNDAY,
            "Sinds afgelopen augustus, op 4e jan 2019 en 31 dec. 1994."
        ),
        pairs(&[
            ("afgelopen augustus", "2025-08"),
            ("4e jan 2019", "2019-01-04"),
            ("31 dec. 1994", "1994-12-31")
        ])
    );
    let end = run(SUNDAY, "Eind van de maand.");
    assert_eq!(end[0].label, "2025-12");
    assert_eq!(detail(&end[0]).start, NaiveDate::from_ymd_opt(2025, 12, 22));
}

#[test]
fn a_time_after_a_day_joins_it() {
    assert_eq!(
        found(SUNDAY, "Hij komt vandaag om 21:00 en 23-sep-2020."),
        pairs(&[
            ("vandaag om 21:00", "2025-12-07T21:00"),
            ("23-sep-2020", "2020-09-23")
        ])
    );
    assert_eq!(
        found(SUNDAY, "In 2007 en 2009 zien."),
        pairs(&[("2007", "2007"), ("2009", "2009")])
    );
    assert_eq!(
        found(SUNDAY, "Rond 11 uur."),
        pairs(&[("11 uur", "2025-12-07T11:00")])
    );
}

#[test]
fn more_clock_and_day_forms() {
    assert_eq!(
        found(SUNDAY, "Gisterenavond om 8 uur."),
        pairs(&[("Gisterenavond om 8 uur", "2025-12-06T20:00")])
    );
    assert_eq!(
        found(SUNDAY, "Om half vier."),
        pairs(&[("half vier", "2025-12-07T03:30")])
    );
    assert_eq!(
        found(SUNDAY, "Om kwart over 2."),
        pairs(&[("kwart over 2", "2025-12-07T02:15")])
    );
    assert_eq!(
        found(SUNDAY, "Vanaf 17u10."),
        pairs(&[("17u10", "2025-12-07T17:10")])
    );
    assert_eq!(
        found(SUNDAY, "Om 7 uur 's avonds."),
        pairs(&[("7 uur 's avonds", "2025-12-07T19:00")])
    );
    assert_eq!(
        found(SUNDAY, "Op 15-2 en 31-10-74."),
        pairs(&[("15-2", "2025-02-15"), ("31-10-74", "1974-10-31")])
    );
    assert!(found(SUNDAY, "Het werd 3-1 voor Ajax.").is_empty());
    assert_eq!(
        found(SUNDAY, "Maandag, 18 februari en moederdag 2024."),
        pairs(&[
            ("Maandag, 18 februari", "2025-02-18"),
            ("moederdag 2024", "2024-05-12")
        ])
    );
    assert_eq!(
        found(SUNDAY, "Het 4de kwartaal 2018."),
        pairs(&[("Het 4de kwartaal 2018", "2018-Q4")])
    );
    assert_eq!(
        found("2013-02-12", "Deze zomer."),
        pairs(&[("Deze zomer", "2013-SU")])
    );
}

#[test]
fn prefilter_lets_every_vocabulary_word_through() {
    let t = tagger();
    let v = &t.vocab;
    let words = v
        .months
        .keys()
        .chain(v.weekdays.keys())
        .chain(v.deictic.keys())
        .chain(v.seasons.keys())
        // Abbreviated units (`min`, `sec`) count only after a number, whose digit passes.
        .chain(
            v.units
                .iter()
                .filter(|(_, u)| u.kind != "abbreviation")
                .map(|(w, _)| w),
        )
        .chain(v.sets.keys())
        .chain(v.day_parts.keys())
        .map(|w| w.to_string())
        .chain(v.vague.iter().chain(&v.holidays).map(|p| p.words.join(" ")));
    for word in words {
        assert!(t.may_contain_time(&word), "{word}");
    }
    assert!(t.may_contain_time("over 30 min"));
    assert!(t.may_contain_time("in tweeduizend vijftien"));
    assert!(!t.may_contain_time("Poetin belde met Trump."));
    // Neither the minister nor a value passes for `min` or `dag van de aarde`.
    assert!(!t.may_contain_time("De minister sprak over de waarde."));
}

#[test]
fn digit_check_by_chunks_equals_a_scan() {
    let long = "x".repeat(40);
    for n in 0..40 {
        for digit in ["0", "9", "/", ":", "é"] {
            let text = format!("{}{digit}{}", &long[..n], &long[n..]);
            let scan = text.bytes().any(|b| b.is_ascii_digit());
            assert_eq!(super::has_digit(&text), scan, "{text:?}");
        }
    }
    assert!(!super::has_digit(""));
}

#[test]
fn gaat_is_a_future_cue_only_as_auxiliary() {
    assert_eq!(
        found(SUNDAY, "Het gaat Rusland goed en in november won het."),
        pairs(&[("november", "2025-11")])
    );
    assert_eq!(
        found(SUNDAY, "Hij gaat in januari stoppen."),
        pairs(&[("januari", "2026-01")])
    );
    assert!(found(SUNDAY, "Het kwam vroeger dan verwacht.").is_empty());
}

#[test]
fn weekday_in_a_named_week_and_years_in_identifiers() {
    assert_eq!(
        // One expression, like `vorige week woensdag`: the day in the week just named.
        found(SUNDAY, "Volgende week op dinsdag."),
        pairs(&[("Volgende week op dinsdag", "2025-12-09")])
    );
    assert_eq!(
        found("2025-03", "Vorige week op dinsdag."),
        pairs(&[("Vorige week", "2025-03"), ("dinsdag", "2025-03")])
    );
    assert!(found(SUNDAY, "Zie https://x.nl/?id=1687&r=2 en art2019.").is_empty());
    assert_eq!(
        found(SUNDAY, "Op 18 januari, 2019 begon het."),
        pairs(&[("18 januari, 2019", "2019-01-18")])
    );
}

#[test]
fn vague_counts_ago_and_ahead() {
    assert_eq!(
        found(
            SUNDAY,
            "Jaren geleden, enkele weken geleden en over een paar maanden."
        ),
        pairs(&[
            ("Jaren geleden", "PAST_REF"),
            ("enkele weken geleden", "PAST_REF"),
            ("over een paar maanden", "FUTURE_REF")
        ])
    );
    assert_eq!(
        found(SUNDAY, "Vandaag de dag niet."),
        pairs(&[("Vandaag de dag", "PRESENT_REF")])
    );
}

const TUESDAY: &str = "2025-03-18";

#[test]
fn clock_words_and_dotted_times() {
    assert_eq!(
        found(
            TUESDAY,
            "Het is half acht, of 10 voor half negen, of twintig over 3."
        ),
        pairs(&[
            ("half acht", "2025-03-18T07:30"),
            ("10 voor half negen", "2025-03-18T08:20"),
            ("twintig over 3", "2025-03-18T03:20")
        ])
    );
    assert_eq!(
        found(
            TUESDAY,
            "De trein van 20.15 kwam om 14 uur 15 aan, 19:56:30 precies."
        ),
        pairs(&[
            ("20.15", "2025-03-18T20:15"),
            ("14 uur 15", "2025-03-18T14:15"),
            ("19:56:30", "2025-03-18T19:56")
        ])
    );
    // Measures, amounts and longer numbers are no clock times.
    for text in [
        "Hij sprong 1.50 meter.",
        "Het kost € 2.50 per stuk.",
        "Versie 1.10.30 is uit.",
        "Half 8 miljoen mensen.",
        "Over 3 dagen weer.",
    ] {
        assert!(
            found(TUESDAY, text).iter().all(|(_, v)| !v.contains('T')),
            "{text}: {:?}",
            found(TUESDAY, text)
        );
    }
    // With only the month known, a clock time gets the month.
    assert_eq!(
        found("2025-03", "Het is half acht."),
        pairs(&[("half acht", "2025-03")])
    );
}

#[test]
fn day_parts_alone_and_after_a_day() {
    assert_eq!(
        found(
            TUESDAY,
            "Dinsdag in de ochtend en vandaag avond, 's nachts ook."
        ),
        pairs(&[
            ("Dinsdag in de ochtend", "2025-03-18TMO"),
            ("vandaag avond", "2025-03-18TEV"),
            ("'s nachts", "XXXX-XX-XXTNI")
        ])
    );
    assert_eq!(
        found(TUESDAY, "Het middaguur en later in de middag."),
        pairs(&[
            ("Het middaguur", "2025-03-18T12:00"),
            ("later in de middag", "XXXX-XX-XXTAF")
        ])
    );
    // With only the month known the day is the month; a part of day cannot attach to it.
    // The governing `in` stays outside the span (codebook section 2).
    assert_eq!(
        found("2025-03", "Gisteren in de ochtend."),
        pairs(&[("Gisteren", "2025-03"), ("de ochtend", "XXXX-XX-XXTMO")])
    );
}

#[test]
fn month_edges_of_august_are_no_emperor() {
    // `augustus` is a name only when capitalised mid-sentence without a preposition.
    assert_eq!(
        found(TUESDAY, "Eind augustus gaat de pijpleiding dicht."),
        pairs(&[("Eind augustus", "2025-08")])
    );
    assert_eq!(
        found(TUESDAY, "Het gebeurde begin augustus."),
        pairs(&[("begin augustus", "2024-08")])
    );
    assert!(found(TUESDAY, "Keizer Augustus regeerde lang.").is_empty());
    assert_eq!(
        found(TUESDAY, "Het gebeurde in Augustus."),
        pairs(&[("Augustus", "2024-08")])
    );
}

#[test]
fn a_hedged_count_ago_is_still_a_date() {
    // TUESDAY is 2025-03-18: two years ago is 2023, its hedge the side it lies on.
    let tagged = |text: &str| -> Vec<(String, String, Option<&str>)> {
        run(TUESDAY, text)
            .iter()
            .map(|a| {
                let s = a.span.unwrap();
                let surface = text[s.start..s.end].to_string();
                (surface, a.label.clone(), detail(a).modifier)
            })
            .collect()
    };
    let one = |text: &str, value: &str, modifier: Option<&'static str>| {
        vec![(text.to_string(), value.to_string(), modifier)]
    };
    assert_eq!(
        tagged("Ruim twee jaar geleden viel Rusland binnen."),
        one("Ruim twee jaar geleden", "2023", Some("BEFORE"))
    );
    assert_eq!(
        tagged("Bijna drie jaar geleden begon het."),
        one("Bijna drie jaar geleden", "2022", Some("AFTER"))
    );
    assert_eq!(
        tagged("Ongeveer twee weken geleden sprak hij."),
        one("Ongeveer twee weken geleden", "2025-03-04", Some("APPROX"))
    );
    assert_eq!(
        tagged("Over ruim twee jaar zijn er verkiezingen."),
        one("Over ruim twee jaar", "2027", Some("AFTER"))
    );
    // Without `geleden` it stays a length of time.
    assert_eq!(
        tagged("De oorlog duurt al ruim twee jaar."),
        one("ruim twee jaar", "P2Y", Some("MORE_THAN"))
    );
}

#[test]
fn a_quarter_without_a_year_follows_the_tense() {
    // As a month does (codebook section 2): the nearest before the DCT, or after it in a
    // sentence about the future. TUESDAY is 2025-03-18, in the first quarter.
    assert_eq!(
        found(TUESDAY, "In het vierde kwartaal daalde de olieprijs."),
        pairs(&[("het vierde kwartaal", "2024-Q4")])
    );
    assert_eq!(
        found(TUESDAY, "In het eerste kwartaal steeg de olieprijs."),
        pairs(&[("het eerste kwartaal", "2025-Q1")])
    );
    assert_eq!(
        found(TUESDAY, "In het vierde kwartaal zal de olieprijs stijgen."),
        pairs(&[("het vierde kwartaal", "2025-Q4")])
    );
}

#[test]
fn a_clock_time_joins_a_day_not_a_counted_period() {
    // Found by the property test `undated_tagging_invents_nothing`: a counted period has a
    // day's precision with a DCT, and a clock time after it took it for its day.
    assert_eq!(
        found(TUESDAY, "De afgelopen drie dagen 20.00 uur."),
        pairs(&[
            ("afgelopen drie dagen", "P3D"),
            ("20.00 uur", "2025-03-18T20:00")
        ])
    );
    assert_eq!(
        found(TUESDAY, "Vandaag 20.00 uur."),
        pairs(&[("Vandaag 20.00 uur", "2025-03-18T20:00")])
    );
}

#[test]
fn a_date_something_is_planned_for() {
    // `gepland voor`: the date set, not a bound; and planning words speak of the future.
    let tagged = |published: &str, text: &str| -> Vec<(String, Option<&str>)> {
        run(published, text)
            .iter()
            .map(|a| (a.label.clone(), detail(a).modifier))
            .collect()
    };
    assert_eq!(
        tagged("2025-02-19", "De top staat gepland voor 12 maart."),
        [("2025-03-12".to_string(), None)]
    );
    assert_eq!(
        tagged(
            "2025-02-19",
            "Het akkoord wordt naar verwachting in april getekend."
        ),
        [("2025-04".to_string(), None)]
    );
    // Without a planning word `voor` is before, and the past is the default.
    assert_eq!(
        tagged("2025-02-19", "Hij kwam voor 12 maart terug."),
        [("2024-03-12".to_string(), Some("BEFORE"))]
    );
}

#[test]
fn the_part_of_a_named_day() {
    // TUESDAY is 2025-03-18.
    assert_eq!(
        found(
            TUESDAY,
            "In de vroege ochtend van donderdag staken ze de grens over."
        ),
        pairs(&[("de vroege ochtend van donderdag", "2025-03-13TMO")])
    );
    assert_eq!(
        found(
            TUESDAY,
            "Vroeg in de ochtend van 4 maart viel de stroom uit."
        ),
        pairs(&[("Vroeg in de ochtend van 4 maart", "2025-03-04TMO")])
    );
    // A night runs into the next day: it is the first day's night.
    assert_eq!(
        found(
            TUESDAY,
            "In de nacht van zaterdag op zondag vielen drones aan."
        ),
        pairs(&[("de nacht van zaterdag op zondag", "2025-03-15TNI")])
    );
    assert_eq!(
        found(TUESDAY, "In de nacht van 23 op 24 februari begon het."),
        pairs(&[("de nacht van 23 op 24 februari", "2025-02-23TNI")])
    );
    assert_eq!(
        found(TUESDAY, "De nacht van 3 op 4 maart bleef het stil."),
        pairs(&[("nacht van 3 op 4 maart", "2025-03-03TNI")])
    );
    // Days that are not one night apart are two expressions.
    assert_eq!(
        found(TUESDAY, "In de nacht van 23 op 25 februari."),
        pairs(&[("de nacht", "XXXX-XX-XXTNI"), ("25 februari", "2025-02-25")])
    );
}

#[test]
fn days_of_the_month_without_a_month() {
    // Past bias: the nearest 15th on or before the DCT; a weekday picks a matching day.
    assert_eq!(
        found(TUESDAY, "Hij kwam op de 15e, niet op maandag de 24e."),
        pairs(&[("de 15e", "2025-03-15"), ("maandag de 24e", "2025-02-24")])
    );
    assert_eq!(
        found(TUESDAY, "Hij zal op de 15e terug zijn."),
        pairs(&[("de 15e", "2025-04-15")])
    );
    // A rank is no day.
    assert!(found(TUESDAY, "Hij werd op de 3e plaats gezet.").is_empty());
    assert_eq!(
        found("2025-03", "Op de 15e."),
        pairs(&[("de 15e", "2025-03")])
    );
}

#[test]
fn month_before_day_and_slashed_dates() {
    assert_eq!(
        found(
            TUESDAY,
            "Op februari 15 en April 14, 2015 en 22/04 en 2/okt."
        ),
        pairs(&[
            ("februari 15", "2025-02-15"),
            ("April 14, 2015", "2015-04-14"),
            ("22/04", "2024-04-22"),
            ("2/okt", "2024-10-02")
        ])
    );
    // Fractions, the 24/7 idiom and a count after a month are no dates.
    assert!(found(TUESDAY, "Ruim 1/2 van de mensen werkt 24/7.").is_empty());
    assert_eq!(
        found(TUESDAY, "In juli 12 doden."),
        pairs(&[("juli", "2024-07")])
    );
}

#[test]
fn ranges_of_days_months_and_clock_times() {
    assert_eq!(
        found(
            TUESDAY,
            "Van 13 t/m 15 juli en 18-19 november, jan-feb 2017."
        ),
        pairs(&[
            ("13 t/m 15 juli", "2024-07-13/2024-07-15"),
            ("18-19 november", "2024-11-18/2024-11-19"),
            ("jan-feb 2017", "2017-01/2017-02")
        ])
    );
    let a = run(TUESDAY, "Ik ben 5 tot 6 's middags weg.");
    assert_eq!(a[0].label, "2025-03-18T17:00/2025-03-18T18:00");
    assert_eq!(
        found(TUESDAY, "Vandaag van vijf tot zeven en van nov tot maart."),
        pairs(&[
            (
                "Vandaag van vijf tot zeven",
                "2025-03-18T05:00/2025-03-18T07:00"
            ),
            ("nov tot maart", "2024-11/2025-03")
        ])
    );
    // A range of counts is no clock time.
    assert!(found(TUESDAY, "Van 5 tot 6 procent.").is_empty());
    assert_eq!(
        found("2025-03", "Tussen 9:30 en 11:00."),
        pairs(&[("9:30 en 11:00", "2025-03/2025-03")])
    );
}

#[test]
fn counted_periods_and_shifts_to_a_day() {
    let a = run(TUESDAY, "De komende drie dagen en de afgelopen 2 weken.");
    assert_eq!(
        a.iter().map(|a| a.label.as_str()).collect::<Vec<_>>(),
        ["P3D", "P2W"]
    );
    let d = detail(&a[0]);
    assert_eq!(
        (d.start, d.end),
        (Some(ymd(2025, 3, 19)), Some(ymd(2025, 3, 21)))
    );
    let d = detail(&a[1]);
    assert_eq!(
        (d.start, d.end),
        (Some(ymd(2025, 3, 4)), Some(ymd(2025, 3, 17)))
    );
    // With only the month known the period has no interval.
    let a = run("2025-03", "De komende drie dagen.");
    assert_eq!((a[0].label.as_str(), detail(&a[0]).start), ("P3D", None));
    assert_eq!(
        found(
            TUESDAY,
            "Over twee weken, drie maanden geleden, 2 weken voor Kerst."
        ),
        pairs(&[
            ("Over twee weken", "2025-04-01"),
            ("drie maanden geleden", "2024-12-18"),
            ("2 weken voor Kerst", "2024-12-11")
        ])
    );
}

#[test]
fn nth_weekday_day_and_week_of_a_period() {
    assert_eq!(
        found(
            TUESDAY,
            "De laatste maandag van maart 2014, de eerste dinsdag in oktober 2014, de 15e dag van volgende maand, de eerste week van 2015, de laatste week van september 2014."
        ),
        pairs(&[
            ("laatste maandag van maart 2014", "2014-03-31"),
            ("eerste dinsdag in oktober 2014", "2014-10-07"),
            ("15e dag van volgende maand", "2025-04-15"),
            ("eerste week van 2015", "2015-W01"),
            ("laatste week van september 2014", "2014-W39")
        ])
    );
    // A week belongs to the month that holds its Thursday (ISO 8601's rule for years):
    // 1 January 2015 is a Thursday, 29 December 2016 the last Thursday of 2016.
    assert_eq!(
        found(
            TUESDAY,
            "De eerste week van januari 2015 en de laatste week van december 2016."
        ),
        pairs(&[
            ("eerste week van januari 2015", "2015-W01"),
            ("laatste week van december 2016", "2016-W52")
        ])
    );
}

#[test]
fn comparisons_holidays_and_sets() {
    let a = run(TUESDAY, "Vanaf 2018 of later, niet later dan 1 mei.");
    assert_eq!(
        a.iter()
            .map(|a| (a.label.as_str(), detail(a).modifier))
            .collect::<Vec<_>>(),
        [
            ("2018", Some("ON_OR_AFTER")),
            ("2024-05-01", Some("BEFORE"))
        ]
    );
    assert_eq!(
        found(
            TUESDAY,
            "Koningsdag 2014, vorige Koningsdag, elke maandag om 16.00."
        ),
        pairs(&[
            ("Koningsdag 2014", "2014-04-26"),
            ("vorige Koningsdag", "2024-04-27"),
            ("elke maandag om 16.00", "XXXX-WXX-1T16:00")
        ])
    );
}

#[test]
fn future_mode_never_takes_the_dcts_own_weekday() {
    let tagger = DateTagger::new().unwrap().with_mode(TemporalMode::Future);
    let text = "dinsdag";
    let document = Document::from_text("t", dct(TUESDAY), text);
    let sentence = Sentence {
        index: 0,
        paragraph: 0,
        bytes: ByteSpan::new(0, text.len()),
    };
    let a = tagger.tag_sentence(&document, &sentence, &mut None);
    assert_eq!(a[0].label, "2025-03-25");
    assert_eq!(
        found(TUESDAY, "Dinsdag."),
        pairs(&[("Dinsdag", "2025-03-18")])
    );
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn future(published: &str, text: &str) -> Vec<(String, String)> {
    let tagger = DateTagger::new().unwrap().with_mode(TemporalMode::Future);
    let document = Document::from_text("t", dct(published), text);
    let sentence = Sentence {
        index: 0,
        paragraph: 0,
        bytes: ByteSpan::new(0, text.len()),
    };
    tagger
        .tag_sentence(&document, &sentence, &mut None)
        .into_iter()
        .map(|a| {
            let s = a.span.unwrap();
            (text[s.start..s.end].to_string(), a.label)
        })
        .collect()
}

#[test]
fn future_mode_clock_and_calendar_units() {
    // Agenda convention: a 12-hour reading between 1 and 6 is the afternoon; 24-hour
    // notation and a part of day stay as written.
    assert_eq!(
        future(TUESDAY, "Om drie uur, om 3:30 en om drie uur 's nachts."),
        pairs(&[
            ("drie uur", "2025-03-18T15:00"),
            ("3:30", "2025-03-18T03:30"),
            ("drie uur 's nachts", "2025-03-18T03:00")
        ])
    );
    assert_eq!(
        found(TUESDAY, "Om drie uur."),
        pairs(&[("drie uur", "2025-03-18T03:00")])
    );
    // Whole calendar months after the DCT's in future mode, counted days in news mode.
    let tagger = DateTagger::new().unwrap().with_mode(TemporalMode::Future);
    let text = "de komende 3 maanden";
    let document = Document::from_text("t", dct(TUESDAY), text);
    let sentence = Sentence {
        index: 0,
        paragraph: 0,
        bytes: ByteSpan::new(0, text.len()),
    };
    let a = tagger.tag_sentence(&document, &sentence, &mut None);
    let d = detail(&a[0]);
    assert_eq!(
        (d.start, d.end),
        (Some(ymd(2025, 4, 1)), Some(ymd(2025, 6, 30)))
    );
    let a = run(TUESDAY, "de komende 3 maanden");
    let d = detail(&a[0]);
    assert_eq!(
        (d.start, d.end),
        (Some(ymd(2025, 3, 19)), Some(ymd(2025, 6, 18)))
    );
    // `binnen` counts from the DCT itself.
    let a = run(TUESDAY, "binnen 2 weken");
    let d = detail(&a[0]);
    assert_eq!(
        (d.start, d.end),
        (Some(ymd(2025, 3, 18)), Some(ymd(2025, 3, 31)))
    );
}

#[test]
fn weeks_of_days_bounds_and_named_parts() {
    assert_eq!(
        found(
            TUESDAY,
            "In de week van 10 april en de week beginnend op 4 februari."
        ),
        pairs(&[
            ("week van 10 april", "2024-W15"),
            ("week beginnend op 4 februari", "2025-W06")
        ])
    );
    let a = run(
        TUESDAY,
        "Kom al zo vroeg als 7 uur 's ochtends, twee uur op zijn vroegst.",
    );
    assert_eq!(
        a.iter()
            .map(|a| (a.label.as_str(), detail(a).modifier))
            .collect::<Vec<_>>(),
        [
            ("2025-03-18T07:00", Some("ON_OR_AFTER")),
            ("2025-03-18T02:00", Some("ON_OR_AFTER"))
        ]
    );
    assert_eq!(
        found(
            TUESDAY,
            "Op de avond van 4 maart, elke avond om 19.13, later in de week."
        ),
        pairs(&[
            ("avond van 4 maart", "2025-03-04TEV"),
            ("elke avond om 19.13", "XXXX-XX-XXT19:13"),
            ("later in de week", "2025-W12")
        ])
    );
    // 29 February falls in the nearest leap year.
    assert_eq!(
        found(TUESDAY, "Op 29 februari."),
        pairs(&[("29 februari", "2024-02-29")])
    );
}

#[test]
fn hours_before_a_day_part_and_coordinated_times() {
    assert_eq!(
        found(
            TUESDAY,
            "Ik ga op 8 vanavond terug, Ajax won met 3-1 vanavond."
        ),
        pairs(&[
            ("8 vanavond", "2025-03-18T20:00"),
            ("vanavond", "2025-03-18TEV")
        ])
    );
    // `of` coordinates: the second time does not join the day before the first.
    assert_eq!(
        found(TUESDAY, "Vandaag om 9 uur of om 10 uur."),
        pairs(&[
            ("Vandaag om 9 uur", "2025-03-18T09:00"),
            ("10 uur", "2025-03-18T10:00")
        ])
    );
}

#[test]
fn om_with_an_article_is_no_clock_time() {
    assert!(found("2025-03", "Zij gingen om een ‘force’ op te zetten.").is_empty());
    assert_eq!(
        found(TUESDAY, "Ik ga terug om 7."),
        pairs(&[("7", "2025-03-18T07:00")])
    );
}

#[test]
fn a_clock_range_ending_before_its_start_ends_in_the_afternoon() {
    assert_eq!(
        found(TUESDAY, "Tussen 09:30-07:30."),
        pairs(&[("09:30-07:30", "2025-03-18T09:30/2025-03-18T19:30")])
    );
}

#[test]
fn a_clock_range_past_midnight_ends_the_next_day() {
    let found = run(TUESDAY, "Het feest duurt van 23.00 tot 01.00 uur.");
    assert_eq!(found[0].label, "2025-03-18T23:00/2025-03-19T01:00");
    let d = detail(&found[0]);
    assert_eq!(
        (d.start, d.end),
        (
            NaiveDate::from_ymd_opt(2025, 3, 18),
            NaiveDate::from_ymd_opt(2025, 3, 19)
        )
    );
    assert_eq!(
        found_labels(TUESDAY, "Zaterdag van 22.00 tot 02.00 uur."),
        ["2025-03-15T22:00/2025-03-16T02:00"]
    );
    // A range within the day is left alone.
    assert_eq!(
        found_labels(TUESDAY, "Van 9.30 tot 11.00 uur."),
        ["2025-03-18T09:30/2025-03-18T11:00"]
    );
}

fn found_labels(published: &str, text: &str) -> Vec<String> {
    run(published, text).into_iter().map(|a| a.label).collect()
}

/// A Wednesday.
const WEDNESDAY: &str = "2025-03-19";

#[test]
fn weekends_with_and_without_a_determiner() {
    // News: before Friday the last weekend, from Friday on this week's.
    assert_eq!(
        found(WEDNESDAY, "Het weekend was rustig."),
        pairs(&[("weekend", "2025-W11-WE")])
    );
    assert_eq!(
        found("2025-03-21", "Het weekend wordt zonnig."),
        pairs(&[("weekend", "2025-W12-WE")])
    );
    assert_eq!(
        found(WEDNESDAY, "De cursus duurt drie weekenden."),
        pairs(&[("drie weekenden", "P3WE")])
    );
    assert_eq!(
        found(
            WEDNESDAY,
            "Hij werkt alle weekenden, en ook in de weekenden thuis."
        ),
        pairs(&[
            ("alle weekenden", "XXXX-WXX-WE"),
            ("weekenden", "XXXX-WXX-WE")
        ])
    );
    assert_eq!(
        found(WEDNESDAY, "Elke twee weekenden en een weekend lang."),
        pairs(&[("Elke twee weekenden", "P2WE"), ("een weekend", "P1WE")])
    );
    // A month-only DCT gives the month, as for any expression that needs the day.
    assert_eq!(
        found("2025-03", "Het weekend was rustig."),
        pairs(&[("weekend", "2025-03")])
    );
}

#[test]
fn units_relative_to_the_previous_expression() {
    assert_eq!(
        found(WEDNESDAY, "Op 4 maart begon het, de dag erna stopte het."),
        pairs(&[("4 maart", "2025-03-04"), ("dag erna", "2025-03-05")])
    );
    assert_eq!(
        found(WEDNESDAY, "In 2019 won hij, het jaar daarvoor verloor hij."),
        pairs(&[("2019", "2019"), ("jaar daarvoor", "2018")])
    );
    assert_eq!(
        found(
            WEDNESDAY,
            "Op 4 maart begon het, in dezelfde week stopte het."
        ),
        pairs(&[("4 maart", "2025-03-04"), ("dezelfde week", "2025-W10")])
    );
    // Without an earlier expression: the DCT's unit.
    assert_eq!(
        found(WEDNESDAY, "Hij was er niet in hetzelfde jaar."),
        pairs(&[("hetzelfde jaar", "2025")])
    );
    assert_eq!(
        found(WEDNESDAY, "Wat is de dag ervoor gebeurd?"),
        pairs(&[("dag ervoor", "2025-03-18")])
    );
    assert_eq!(
        found(
            WEDNESDAY,
            "In 2010 trouwde hij. Dat jaar kocht hij een huis."
        ),
        pairs(&[("2010", "2010"), ("Dat jaar", "2010")])
    );
    // `die week na week` repeats; it names no week.
    assert!(found(WEDNESDAY, "Hij herhaalde die week na week.").is_empty());
}

#[test]
fn counts_later_and_from_now() {
    assert_eq!(
        found(
            WEDNESDAY,
            "Op 4 maart 2020 begon het, drie jaar later stopte het."
        ),
        pairs(&[("4 maart 2020", "2020-03-04"), ("drie jaar later", "2023")])
    );
    assert_eq!(
        found(WEDNESDAY, "Twee weken later was het voorbij."),
        pairs(&[("Twee weken later", "2025-04-02")])
    );
    // `later deze week` is an expression of its own.
    assert_eq!(
        found(WEDNESDAY, "Vind 30 minuten later deze week."),
        pairs(&[("30 minuten", "PT30M"), ("later deze week", "2025-W12")])
    );
    assert_eq!(
        found(WEDNESDAY, "Het gebeurt twee dagen vanaf nu."),
        pairs(&[("twee dagen vanaf nu", "2025-03-21")])
    );
    assert_eq!(
        found(WEDNESDAY, "Over 2 uur in de toekomst."),
        pairs(&[("2 uur in de toekomst", "PT2H")])
    );
    assert_eq!(
        found(WEDNESDAY, "Ik vertrek over twee dagen na vandaag."),
        pairs(&[("twee dagen na vandaag", "2025-03-21")])
    );
    // A comparison is no shift.
    assert_eq!(
        found(WEDNESDAY, "Het duurde drie dagen langer dan verwacht."),
        pairs(&[("drie dagen", "P3D")])
    );
}

#[test]
fn years_in_words_and_year_month_forms() {
    assert_eq!(
        found(
            WEDNESDAY,
            "In negentienhonderd zesennegentig en tweeduizend en vijftien."
        ),
        pairs(&[
            ("negentienhonderd zesennegentig", "1996"),
            ("tweeduizend en vijftien", "2015")
        ])
    );
    assert_eq!(
        found(WEDNESDAY, "Op januari de eerste tweeduizend tweeëndertig."),
        pairs(&[("januari de eerste tweeduizend tweeëndertig", "2032-01-01")])
    );
    assert_eq!(
        found(WEDNESDAY, "Ik ben 2015-3 weg, in 2017 april terug."),
        pairs(&[("2015-3", "2015-03"), ("2017 april", "2017-04")])
    );
    // `2009-10` is a season, two years, not October 2009.
    assert!(run(WEDNESDAY, "Het seizoen 2009-10 was goed.")
        .iter()
        .all(|a| a.label != "2009-10"));
    assert_eq!(
        found(WEDNESDAY, "Het bereik is 2014~2018."),
        pairs(&[("2014~2018", "2014/2018")])
    );
    assert_eq!(
        found(WEDNESDAY, "Muziek uit de '90s en het fiscale jaar 2008."),
        pairs(&[("90s", "199"), ("fiscale jaar 2008", "2008")])
    );
}

#[test]
fn holidays_from_the_vocabulary() {
    assert_eq!(
        found(WEDNESDAY, "Op black friday 2024 en Dag van de Aarde 2010."),
        pairs(&[
            ("black friday 2024", "2024-11-29"),
            ("Dag van de Aarde 2010", "2010-04-22")
        ])
    );
    // Thanksgiving 2019 was 28 November: Black Friday is the 29th, not the 4th Friday (22nd).
    assert_eq!(
        found(WEDNESDAY, "Op Black Friday 2019."),
        pairs(&[("Black Friday 2019", "2019-11-29")])
    );
    assert_eq!(
        found(WEDNESDAY, "Op St. Patrick's Day 2020 en Juneteenth 2021."),
        pairs(&[
            ("St. Patrick's Day 2020", "2020-03-17"),
            ("Juneteenth 2021", "2021-06-19")
        ])
    );
    assert_eq!(
        found(WEDNESDAY, "Wanneer was de laatste Pasen?"),
        pairs(&[("laatste Pasen", "2024-03-31")])
    );
}

#[test]
fn clock_forms_with_parts_of_day() {
    assert_eq!(
        found(WEDNESDAY, "Het gebeurde afgelopen nacht om 8."),
        pairs(&[("afgelopen nacht om 8", "2025-03-18T20:00")])
    );
    assert_eq!(
        found(WEDNESDAY, "Ik ben de komende avond van 7 tot 9 weg."),
        pairs(&[(
            "komende avond van 7 tot 9",
            "2025-03-20T19:00/2025-03-20T21:00"
        )])
    );
    assert_eq!(
        found(WEDNESDAY, "Ze werkten tussen 7 en 9 afgelopen ochtend."),
        pairs(&[(
            "7 en 9 afgelopen ochtend",
            "2025-03-18T07:00/2025-03-18T09:00"
        )])
    );
    assert_eq!(
        found(WEDNESDAY, "Ik ben 's middags 5 tot zeven weg."),
        pairs(&[(
            "'s middags 5 tot zeven",
            "2025-03-19T17:00/2025-03-19T19:00"
        )])
    );
    let noon = run(WEDNESDAY, "Ik ben rond de middag terug.");
    assert_eq!(noon[0].label, "2025-03-19T12:00");
    assert_eq!(detail(&noon[0]).modifier, Some("APPROX"));
    assert_eq!(
        found(WEDNESDAY, "Afspreken op vrijdag de 28e rond vieren."),
        pairs(&[("vrijdag de 28e rond vieren", "2025-02-28T04:00")])
    );
    // `om feest te vieren` is the verb.
    assert!(found(WEDNESDAY, "Ze kwamen om feest te vieren.").is_empty());
    assert_eq!(
        found(WEDNESDAY, "Het gebeurt op de 17 van 14.00 tot 16.00."),
        pairs(&[(
            "de 17 van 14.00 tot 16.00",
            "2025-03-17T14:00/2025-03-17T16:00"
        )])
    );
    assert_eq!(
        found(
            WEDNESDAY,
            "Ik vertrek elke dag 15.00 en om 9 uur of 10 uur."
        ),
        pairs(&[
            ("elke dag 15.00", "XXXX-XX-XXT15:00"),
            ("9 uur", "2025-03-19T09:00"),
            ("10 uur", "2025-03-19T10:00")
        ])
    );
    assert_eq!(
        found(
            WEDNESDAY,
            "Hij kwam om ongeveer drie uur, en bleef ongeveer drie uur."
        ),
        pairs(&[
            ("drie uur", "2025-03-19T03:00"),
            ("ongeveer drie uur", "PT3H")
        ])
    );
    let hour = run(WEDNESDAY, "Het afgelopen uur regende het.");
    assert_eq!(hour[0].label, "PT1H");
}

#[test]
fn ranges_with_nu_and_forward_ends() {
    assert_eq!(
        found(WEDNESDAY, "Tussen 22 jan en nu."),
        pairs(&[("22 jan en nu", "2025-01-22/2025-03-19")])
    );
    // From now the end lies ahead.
    assert_eq!(
        found(WEDNESDAY, "Tussen nu en de 21e van februari."),
        pairs(&[("nu en de 21e van februari", "2025-03-19/2026-02-21")])
    );
    assert_eq!(
        found(WEDNESDAY, "Van maart tot op heden."),
        pairs(&[("maart tot op heden", "2025-03/2025-03-19")])
    );
    assert_eq!(
        found(WEDNESDAY, "Vakantie van volgende maandag tot vrijdag."),
        pairs(&[("volgende maandag tot vrijdag", "2025-03-24/2025-03-28")])
    );
    assert_eq!(
        found(WEDNESDAY, "De periode is 1/10-2/11/2017."),
        pairs(&[("1/10-2/11/2017", "2017-10-01/2017-11-02")])
    );
    assert_eq!(
        found(
            WEDNESDAY,
            "Open vanaf het middaguur vandaag tot het middaguur morgen."
        ),
        pairs(&[(
            "het middaguur vandaag tot het middaguur morgen",
            "2025-03-19T12:00/2025-03-20T12:00"
        )])
    );
    assert_eq!(
        found(WEDNESDAY, "Het rendement over het jaar tot op heden."),
        pairs(&[("jaar tot op heden", "2025/2025-03-19")])
    );
    assert_eq!(
        found(WEDNESDAY, "Van Q1 van 2017 - Q3 van 2018."),
        pairs(&[("Q1 van 2017 - Q3 van 2018", "2017-Q1/2018-Q3")])
    );
}

#[test]
fn durations_joined_and_abbreviated() {
    let joined = run(WEDNESDAY, "Bestanden langer dan 1 uur en 30 minuten.");
    assert_eq!(joined.len(), 1);
    assert_eq!(joined[0].label, "PT1H30M");
    assert_eq!(
        found(
            WEDNESDAY,
            "Twee jaar en drie maanden, 30 min, 123,45 sec of een ½ uur."
        ),
        pairs(&[
            ("Twee jaar en drie maanden", "P2Y3M"),
            ("30 min", "PT30M"),
            ("123,45 sec", "PT123.45S"),
            ("½ uur", "PT0.5H")
        ])
    );
    // `minister` holds no `min`.
    assert!(found(WEDNESDAY, "De minister en de sector.").is_empty());
}

#[test]
fn relative_dates_and_hortative_future() {
    assert_eq!(
        found(WEDNESDAY, "Dit moet de volgende 6e april klaar zijn."),
        pairs(&[("volgende 6e april", "2025-04-06")])
    );
    assert_eq!(
        found(WEDNESDAY, "Laten we afspreken op vrijdag de 28e."),
        pairs(&[("vrijdag de 28e", "2025-03-28")])
    );
    // `heeft laten vallen` is no hortative: the past Friday.
    assert_eq!(
        found(WEDNESDAY, "Hij heeft de vaas vrijdag laten vallen."),
        pairs(&[("vrijdag", "2025-03-14")])
    );
    assert_eq!(
        found(WEDNESDAY, "Laten we vrijdag afspreken."),
        pairs(&[("vrijdag", "2025-03-21")])
    );
    assert_eq!(
        found(
            WEDNESDAY,
            "Nog veel te doen dit schooljaar en de rest van de week."
        ),
        pairs(&[("dit schooljaar", "2025"), ("rest van de week", "2025-W12")])
    );
    assert_eq!(
        found(
            WEDNESDAY,
            "In de week na volgende, niet het jaar voor vorig jaar."
        ),
        pairs(&[
            ("week na volgende", "2025-W14"),
            ("jaar voor vorig jaar", "2023")
        ])
    );
    assert_eq!(
        found(WEDNESDAY, "Ik ga 20 ste van de volgende maand terug."),
        pairs(&[("20 ste van de volgende maand", "2025-04-20")])
    );
}

#[test]
fn hour_ranges_after_a_day_and_the_dial() {
    // A digit range before `uur` or a part of day is hours, not a day and month.
    assert_eq!(
        found(
            TUESDAY,
            "Maandag 8-9 's ochtends en donderdag 9-10 uur is hij vrij."
        ),
        pairs(&[
            (
                "Maandag 8-9 's ochtends",
                "2025-03-17T08:00/2025-03-17T09:00"
            ),
            ("donderdag 9-10 uur", "2025-03-13T09:00/2025-03-13T10:00")
        ])
    );
    // Bare hours run past midnight only when written as clock times.
    assert_eq!(
        found(TUESDAY, "Hij komt op 15-2 's avonds."),
        pairs(&[("15-2 's avonds", "2025-02-15TEV")])
    );
    // A joined afternoon leaves a range on the 24-hour dial as it is.
    assert_eq!(
        found(
            TUESDAY,
            "Waar was je van 8 uur 's morgens-15:00 gisterenmiddag?"
        ),
        pairs(&[(
            "8 uur 's morgens-15:00 gisterenmiddag",
            "2025-03-17T08:00/2025-03-17T15:00"
        )])
    );
    assert_eq!(
        found(TUESDAY, "Van 2 tot 4 uur vanmiddag."),
        pairs(&[("2 tot 4 uur vanmiddag", "2025-03-18T14:00/2025-03-18T16:00")])
    );
}

#[test]
fn clock_relative_expressions_need_a_reference_clock() {
    let clock = chrono::NaiveTime::from_hms_opt(16, 12, 0);
    let values = |tagger: &DateTagger, published: &str, text: &str| -> Vec<String> {
        tagger
            .tag_text_at(text, Some(&dct(published)), clock)
            .into_iter()
            .map(|a| a.label)
            .collect()
    };
    let news = tagger();
    assert_eq!(
        values(news, TUESDAY, "Over een kwartier begint het."),
        ["2025-03-18T16:27"]
    );
    assert_eq!(
        values(news, TUESDAY, "Twee uur vanaf nu."),
        ["2025-03-18T18:12"]
    );
    assert_eq!(
        values(news, TUESDAY, "Over een seconde."),
        ["2025-03-18T16:12:01"]
    );
    assert_eq!(
        values(news, TUESDAY, "Over 8 uur landt hij."),
        ["2025-03-19T00:12"]
    );
    // Days and longer, and unknown counts, resolve as without a clock.
    assert_eq!(values(news, TUESDAY, "Over drie dagen."), ["2025-03-21"]);
    assert_eq!(values(news, TUESDAY, "Over een paar uur."), ["PTXH"]);
    // `in 15 minuten` is ahead only in future mode: in news a length.
    assert_eq!(
        values(news, TUESDAY, "Hij liep het in 15 minuten."),
        ["PT15M"]
    );
    let future = DateTagger::new().unwrap().with_mode(TemporalMode::Future);
    assert_eq!(
        values(&future, TUESDAY, "Ik ben er in 15 minuten."),
        ["2025-03-18T16:27"]
    );
    // A clock on a month's DCT means nothing: the duration stays.
    assert_eq!(values(news, "2025-03", "Over een uur."), ["PT1H"]);
    let a = news.tag_text_at("Over een uur.", Some(&dct(TUESDAY)), clock);
    assert_eq!(detail(&a[0]).timex_type, TimexType::Time);
    assert_eq!(detail(&a[0]).start, NaiveDate::from_ymd_opt(2025, 3, 18));
}
