//! Resolution without a publication date: what needs the DCT stays `X`, what does not
//! resolves as it would with one, and no interval is invented.

use std::sync::OnceLock;

use super::*;

fn tagger() -> &'static DateTagger {
    static TAGGER: OnceLock<DateTagger> = OnceLock::new();
    TAGGER.get_or_init(|| DateTagger::new().expect("vocabulary loads"))
}

/// (surface, value) pairs found in `text` with no DCT.
fn undated(text: &str) -> Vec<(String, String)> {
    tagger()
        .tag_text(text, None)
        .into_iter()
        .map(|a| {
            let s = a.span.expect("date annotations have a span");
            (text[s.start..s.end].to_string(), a.label)
        })
        .collect()
}

fn one(text: &str) -> (String, String) {
    let found = undated(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.into_iter().next().unwrap()
}

fn value(text: &str) -> String {
    one(text).1
}

#[test]
fn days_without_a_year_keep_month_and_day() {
    assert_eq!(value("Hij kwam op 18 maart."), "XXXX-03-18");
    assert_eq!(value("Hij kwam op 2/okt."), "XXXX-10-02");
    assert_eq!(value("Op 29 februari."), "XXXX-02-29");
    assert_eq!(value("Tussen 13 t/m 15 juli."), "XXXX-07-13/XXXX-07-15");
}

#[test]
fn weekdays_and_deictic_days_need_the_dct() {
    assert_eq!(value("Vrijdag sprak hij."), "XXXX-WXX-5");
    assert_eq!(value("Hij sprak woensdagochtend."), "XXXX-WXX-3TMO");
    assert_eq!(value("Vorige week woensdag."), "XXXX-WXX-3");
    assert_eq!(value("Gisteren was het stil."), "XXXX-XX-XX");
    assert_eq!(value("Gisteravond was het stil."), "XXXX-XX-XXTEV");
    assert_eq!(value("Op de 15e van de maand."), "XXXX-XX-15");
}

#[test]
fn relative_units_need_the_dct() {
    assert_eq!(value("Vorige week."), "XXXX-WXX");
    assert_eq!(value("Vorige maand."), "XXXX-XX");
    assert_eq!(value("Vorig jaar."), "XXXX");
    assert_eq!(value("Drie jaar geleden."), "XXXX");
    assert_eq!(value("Het eerste kwartaal."), "XXXX-Q1");
    assert_eq!(value("In november."), "XXXX-11");
    assert_eq!(value("In de winter."), "XXXX-WI");
}

#[test]
fn holidays_keep_only_the_fields_that_do_not_move() {
    assert_eq!(value("Met Kerstmis."), "XXXX-12-25");
    // Easter falls in March or April: nothing but its grain is known.
    assert_eq!(value("Met Pasen."), "XXXX-XX-XX");
}

#[test]
fn clock_times_join_their_day() {
    assert_eq!(
        one("Hij kwam op 18 maart om 21.00 uur aan."),
        ("18 maart om 21.00 uur".into(), "XXXX-03-18T21:00".into())
    );
    assert_eq!(value("Om 18u02 begon het."), "XXXX-XX-XXT18:02");
    assert_eq!(
        one("Volgende week op dinsdag om 15.00 uur."),
        (
            "Volgende week op dinsdag om 15.00 uur".into(),
            "XXXX-WXX-2T15:00".into()
        )
    );
}

#[test]
fn what_needs_no_dct_resolves_as_usual() {
    assert_eq!(value("Op 11 december 2019."), "2019-12-11");
    assert_eq!(value("In maart 2020."), "2020-03");
    assert_eq!(value("Van 2014 tot 2030."), "2014/2030");
    assert_eq!(value("De jaren negentig."), "199");
    assert_eq!(value("Dertig dagen."), "P30D");
    assert_eq!(value("Onlangs."), "PAST_REF");
    // A year in the sentence lends itself to a month that follows (`2019 ... maart`).
    assert_eq!(value("Op zaterdag 5 april 2025."), "2025-04-05");
}

#[test]
fn unresolved_values_have_no_interval_and_keep_their_grain() {
    for text in ["Op 18 maart.", "Vrijdag.", "Vorige week.", "Om 21.00 uur."] {
        let found = tagger().tag_text(text, None);
        let Detail::Date(d) = &found[0].detail else {
            panic!("not a date")
        };
        assert_eq!((d.start, d.end), (None, None), "{text}");
        assert_ne!(d.precision, TimePrecision::None, "{text}");
    }
    let counted = tagger().tag_text("De komende drie dagen.", None);
    let Detail::Date(d) = &counted[0].detail else {
        panic!("not a date")
    };
    assert_eq!((counted[0].label.as_str(), d.start), ("P3D", None));
}

#[test]
fn spans_do_not_depend_on_the_dct() {
    let text = "Vorige week woensdag sprak hij, op 18 maart om 21.00 uur, over 2014 tot 2030.";
    let dated = DateTagger::new().unwrap();
    let sunday: PubDate = "2025-12-07".parse().unwrap();
    let spans = |dct: Option<&PubDate>| -> Vec<_> {
        dated
            .tag_text(text, dct)
            .into_iter()
            .map(|a| a.span)
            .collect()
    };
    assert_eq!(spans(None), spans(Some(&sunday)));
}

#[test]
fn a_range_is_not_chained_to_a_third_end() {
    // Found by the property test: a range joined to the expression before it gave
    // `XXXX-WXX-2/XXXX-03/XXXX-03`, which is no TIMEX3 value.
    for text in ["dinsdag tot maart tot maart", "Kerstmis tot maart 1-1-00"] {
        for (_, value) in undated(text) {
            assert!(value.matches('/').count() <= 1, "{text}: {value}");
        }
    }
}
