//! Resolution: a [`Referent`] plus the publication date (DCT) gives a TIMEX3 value,
//! a precision and the inclusive interval of the referent.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::recognise::{Direction, NthKind, Referent, YearRef};
use crate::model::{DatePrecision, PubDate, TimePrecision, TimexType};

/// A resolved expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// TIMEX3 value.
    pub value: String,
    /// TIMEX3 type.
    pub timex_type: TimexType,
    /// Granularity.
    pub precision: TimePrecision,
    /// First day of the referent.
    pub start: Option<NaiveDate>,
    /// Last day of the referent (inclusive).
    pub end: Option<NaiveDate>,
}

/// What resolution may look at besides the referent.
pub struct Context<'a> {
    /// The publication date; `None` when the document has no usable one, so that what
    /// depends on it stays `X` in the value (`XXXX-03-18`, `XXXX-WXX-5`).
    pub dct: Option<&'a PubDate>,
    /// The sentence speaks of the future.
    pub future: bool,
    /// The expression just before this one in the same sentence (`een jaar geleden tijdens de herfst`).
    pub anchor: Option<&'a Resolved>,
    /// The last calendar expression in the document so far (`op diezelfde dag`).
    pub previous: Option<&'a Resolved>,
    /// Future mode (Duckling's convention): a bare weekday is never the DCT's own day.
    pub strictly_future: bool,
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    date(ny, nm, 1)?.pred_opt()
}

fn calendar(value: String, precision: TimePrecision, start: NaiveDate, end: NaiveDate) -> Resolved {
    Resolved {
        value,
        timex_type: TimexType::Date,
        precision,
        start: Some(start),
        end: Some(end),
    }
}

fn without_interval(value: String, timex_type: TimexType) -> Resolved {
    Resolved {
        value,
        timex_type,
        precision: TimePrecision::None,
        start: None,
        end: None,
    }
}

/// A value whose DCT-dependent parts stay `X`: it has a grain but no known interval.
fn unresolved(value: String, timex_type: TimexType, precision: TimePrecision) -> Resolved {
    Resolved {
        value,
        timex_type,
        precision,
        start: None,
        end: None,
    }
}

/// A day that needs the DCT, with its part of day when given (then type TIME).
fn unresolved_day(value: String, part: Option<&str>) -> Resolved {
    match part {
        Some(part) => unresolved(
            format!("{value}T{part}"),
            TimexType::Time,
            TimePrecision::Day,
        ),
        None => unresolved(value, TimexType::Date, TimePrecision::Day),
    }
}

/// `make` with its year unknown: the value `make` gives in several leap years (so that
/// `29 februari` exists), with the year and every field that differs between them written
/// `X` (`18 maart` → `XXXX-03-18`; Easter, which moves, → `XXXX-XX-XX`).
fn without_year<F>(make: F) -> Option<Resolved>
where
    F: Fn(i32) -> Option<Resolved>,
{
    let samples: Vec<Resolved> = [2000, 2004, 2008, 2012]
        .into_iter()
        .map(&make)
        .collect::<Option<_>>()?;
    let first = samples[0].value.as_bytes();
    if !first.starts_with(b"2000") || samples.iter().any(|r| r.value.len() != first.len()) {
        return None;
    }
    let mut value = first.to_vec();
    value[..4].fill(b'X');
    // Fields are the runs of digits between `-`, `T` and `:`.
    let mut field_start = 0;
    for i in 0..=first.len() {
        if i < first.len() && first[i].is_ascii_digit() {
            continue;
        }
        let varies = samples
            .iter()
            .any(|r| r.value.as_bytes()[field_start..i] != first[field_start..i]);
        if varies {
            value[field_start..i].fill(b'X');
        }
        field_start = i + 1;
    }
    let value = String::from_utf8(value).ok()?;
    Some(unresolved(
        value,
        samples[0].timex_type,
        samples[0].precision,
    ))
}

/// A calendar year.
pub fn year(y: i32) -> Option<Resolved> {
    Some(calendar(
        format!("{y:04}"),
        TimePrecision::Year,
        date(y, 1, 1)?,
        date(y, 12, 31)?,
    ))
}

/// A calendar month.
pub fn month(y: i32, m: u32) -> Option<Resolved> {
    let start = date(y, m, 1)?;
    Some(calendar(
        format!("{y:04}-{m:02}"),
        TimePrecision::Month,
        start,
        month_end(y, m)?,
    ))
}

/// A day, optionally with a part of day (then type TIME).
pub fn day(d: NaiveDate, part: Option<&str>) -> Resolved {
    let mut r = calendar(d.format("%Y-%m-%d").to_string(), TimePrecision::Day, d, d);
    if let Some(part) = part {
        r.value = format!("{}T{part}", r.value);
        r.timex_type = TimexType::Time;
    }
    r
}

/// A day annotation with a part of day added (`dinsdag in de ochtend`).
pub fn day_with_part(day_annotation: &crate::model::Annotation, part: &str) -> Resolved {
    let (start, end) = match &day_annotation.detail {
        crate::model::Detail::Date(d) => (d.start, d.end),
        _ => (None, None),
    };
    Resolved {
        value: format!("{}T{part}", day_annotation.label),
        timex_type: TimexType::Time,
        precision: TimePrecision::Day,
        start,
        end,
    }
}

/// The ISO week containing `d`.
pub fn week(d: NaiveDate) -> Resolved {
    let iso = d.iso_week();
    let monday = NaiveDate::from_isoywd_opt(iso.year(), iso.week(), Weekday::Mon).unwrap_or(d);
    let sunday = monday + Duration::days(6);
    let value = format!("{:04}-W{:02}", iso.year(), iso.week());
    calendar(value, TimePrecision::Week, monday, sunday)
}

/// The weekend (Saturday and Sunday) of the ISO week containing `d`.
pub fn weekend(d: NaiveDate) -> Resolved {
    let mut r = week(d);
    r.value.push_str("-WE");
    r.start = r.end.and_then(|sunday| sunday.pred_opt());
    r
}

/// A season; winter `Y-WI` runs from December of Y to February of Y+1.
pub fn season(y: i32, s: &str) -> Option<Resolved> {
    let (start, end) = match s {
        "SP" => (date(y, 3, 1)?, date(y, 5, 31)?),
        "SU" => (date(y, 6, 1)?, date(y, 8, 31)?),
        "FA" => (date(y, 9, 1)?, date(y, 11, 30)?),
        "WI" => (date(y, 12, 1)?, month_end(y + 1, 2)?),
        _ => return None,
    };
    Some(calendar(
        format!("{y:04}-{s}"),
        TimePrecision::Season,
        start,
        end,
    ))
}

/// The DCT's month: the value for anything that needs a day the DCT does not give.
fn dct_month(dct: &PubDate) -> Option<Resolved> {
    month(dct.start.year(), dct.start.month())
}

/// Western Easter Sunday (anonymous Gregorian algorithm).
pub fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(y, month as u32, day as u32)
}

/// The date of a holiday (`MM-DD` or `easter±N`) in year `y`.
fn holiday_date(y: i32, spec: &str) -> Option<NaiveDate> {
    // `11-4#4+1`: a day after another (Black Friday follows Thanksgiving).
    if let Some((base, days)) = spec.split_once('+').filter(|_| !spec.starts_with("easter")) {
        return holiday_date(y, base)?.checked_add_signed(Duration::days(days.parse().ok()?));
    }
    if let Some(offset) = spec.strip_prefix("easter") {
        let offset: i64 = offset.trim_start_matches('+').parse().ok()?;
        return Some(easter(y)? + Duration::days(offset));
    }
    // `04-27!`: on a Sunday the day moves to the Saturday before (Koningsdag).
    if let Some(fixed) = spec.strip_suffix('!') {
        let d = holiday_date(y, fixed)?;
        return Some(if d.weekday() == Weekday::Sun {
            d.pred_opt()?
        } else {
            d
        });
    }
    let (m, d) = spec.split_once('-')?;
    let m: u32 = m.parse().ok()?;
    // `7#2`: the second Sunday of the month (Mother's Day).
    if let Some((weekday, nth)) = d.split_once('#') {
        let weekday = Weekday::try_from(weekday.parse::<u8>().ok()?.checked_sub(1)?).ok()?;
        return NaiveDate::from_weekday_of_month_opt(y, m, weekday, nth.parse().ok()?);
    }
    date(y, m, d.parse().ok()?)
}

impl Context<'_> {
    /// The year of a year-less expression given by `make(year)`: the anchor's year, or the
    /// year that puts the referent before (past) or after (future) the DCT.
    fn open_year<F>(&self, make: F) -> Option<Resolved>
    where
        F: Fn(i32) -> Option<Resolved>,
    {
        if let Some(y) = self.anchor.and_then(|a| a.start).map(|s| s.year()) {
            return make(y);
        }
        let Some(dct) = self.dct else {
            return without_year(make);
        };
        let y = dct.start.year();
        // `29 februari` exists only in leap years: the nearest one in the sentence's direction.
        let step = if self.future { 1 } else { -1 };
        let Some(this) = make(y) else {
            return (1..=4).find_map(|k| make(y + step * k));
        };
        let (start, end) = (this.start?, this.end?);
        if self.future {
            if end >= dct.start {
                Some(this)
            } else {
                make(y + 1)
            }
        } else if start <= dct.end {
            Some(this)
        } else {
            make(y - 1)
        }
    }

    fn year_of<F>(&self, yref: YearRef, make: F) -> Option<Resolved>
    where
        F: Fn(i32) -> Option<Resolved>,
    {
        match yref {
            YearRef::Explicit(y) => make(y),
            YearRef::Open => self.open_year(make),
            _ if self.dct.is_none() => without_year(make),
            YearRef::Shift(n) => make(self.dct?.start.year().checked_add(n)?),
            YearRef::Occurrence(n) => self.occurrence(n, make),
        }
    }

    /// The previous, current or next occurrence of a yearly period around the DCT.
    fn occurrence<F>(&self, n: i32, make: F) -> Option<Resolved>
    where
        F: Fn(i32) -> Option<Resolved>,
    {
        let dct = self.dct?;
        let y = dct.start.year();
        let candidates: Vec<Resolved> = (y - 2..=y + 1).filter_map(&make).collect();
        let current = candidates
            .iter()
            .position(|c| c.start <= Some(dct.start) && Some(dct.start) <= c.end);
        let n = i64::from(n);
        let index = match current {
            Some(i) => i as i64 + n,
            None => {
                // Between occurrences: the next one is at `next`, the previous at `next - 1`;
                // "this" one is the coming one only when the sentence speaks of the future.
                let next = candidates.iter().position(|c| c.start > Some(dct.start))? as i64;
                let distance = |k: i64| {
                    let c = candidates.get(usize::try_from(k).ok()?)?;
                    let (start, end) = (c.start?, c.end?);
                    Some(
                        (start - dct.start)
                            .num_days()
                            .abs()
                            .min((dct.start - end).num_days().abs()),
                    )
                };
                match n {
                    0 if self.future => next,
                    // `deze zomer` between summers: the nearer one.
                    0 => match (distance(next - 1), distance(next)) {
                        (Some(back), Some(ahead)) if ahead < back => next,
                        _ => next - 1,
                    },
                    n if n < 0 => next + n,
                    n => next + n - 1,
                }
            }
        };
        candidates.get(usize::try_from(index).ok()?).cloned()
    }

    /// Resolves anything that needs the day; with no DCT it gives `unknown`.
    fn needs_day<F, U>(&self, unknown: U, make: F) -> Option<Resolved>
    where
        F: Fn(NaiveDate) -> Option<Resolved>,
        U: FnOnce() -> Resolved,
    {
        match self.dct {
            None => Some(unknown()),
            Some(dct) => on_day(dct, make),
        }
    }

    /// Resolves one referent.
    pub fn resolve(&self, referent: &Referent) -> Option<Resolved> {
        match referent {
            Referent::Year(yref) => self.year_of(*yref, year),
            Referent::Month(yref, m) => self.year_of(*yref, |y| month(y, *m)),
            Referent::DayMonth(yref, m, d) => {
                self.year_of(*yref, |y| Some(day(date(y, *m, *d)?, None)))
            }
            Referent::Season(yref, s) => self.year_of(*yref, |y| season(y, s)),
            Referent::Quarter(yref, q) => self.year_of(*yref, |y| {
                let start = date(y, 3 * q - 2, 1)?;
                let end = month_end(y, 3 * q)?;
                Some(calendar(
                    format!("{y:04}-Q{q}"),
                    TimePrecision::Quarter,
                    start,
                    end,
                ))
            }),
            Referent::Half(yref, h) => self.year_of(*yref, |y| {
                let start = date(y, 6 * h - 5, 1)?;
                let end = month_end(y, 6 * h)?;
                Some(calendar(
                    format!("{y:04}-H{h}"),
                    TimePrecision::Quarter,
                    start,
                    end,
                ))
            }),
            Referent::Decade(start) => {
                let value = format!("{:03}", start / 10);
                let (s, e) = (date(*start, 1, 1)?, date(start + 9, 12, 31)?);
                Some(calendar(value, TimePrecision::Decade, s, e))
            }
            Referent::Century(n) => {
                let first = (n - 1) * 100;
                let (s, e) = (date(first, 1, 1)?, date(first + 99, 12, 31)?);
                Some(calendar(
                    format!("{:02}", n - 1),
                    TimePrecision::Decade,
                    s,
                    e,
                ))
            }
            Referent::IsoWeek(yref, w) => self.year_of(*yref, |y| {
                let monday = NaiveDate::from_isoywd_opt(y, *w, Weekday::Mon)?;
                Some(week(monday))
            }),
            // `volgende week op dinsdag`: the weekday in the week just named.
            Referent::Weekday(wd, Direction::Bias, part) if self.anchor_week().is_some() => {
                let monday = self.anchor_week()?;
                Some(day(monday + Duration::days(i64::from(*wd) - 1), *part))
            }
            Referent::Weekday(wd, direction, part) => {
                let direction = match direction {
                    Direction::Bias if self.strictly_future => Direction::Future,
                    other => *other,
                };
                let unknown = || unresolved_day(format!("XXXX-WXX-{wd}"), *part);
                self.needs_day(unknown, |dct| {
                    Some(day(weekday(dct, *wd, direction, self.future)?, *part))
                })
            }
            Referent::DayOffset(n, part) => {
                let unknown = || unresolved_day("XXXX-XX-XX".to_string(), *part);
                self.needs_day(unknown, |dct| Some(day(dct + Duration::days(*n), *part)))
            }
            Referent::Shift(unit, n) => self.shift(unit, *n),
            Referent::Holiday(yref, spec) => {
                self.year_of(*yref, |y| Some(day(holiday_date(y, spec)?, None)))
            }
            Referent::Time(h, m) => self.clock(*h, *m),
            Referent::Duration(v) => Some(without_interval(v.clone(), TimexType::Duration)),
            Referent::Set(v) => Some(without_interval(v.clone(), TimexType::Set)),
            Referent::Vague(v) => Some(without_interval((*v).to_string(), TimexType::Date)),
            Referent::SameAsPrevious => self.previous.cloned(),
            Referent::DayPart(part) => Some(Resolved {
                value: format!("XXXX-XX-XXT{part}"),
                timex_type: TimexType::Time,
                precision: TimePrecision::None,
                start: None,
                end: None,
            }),
            Referent::DayOfMonth(d, wd) => {
                let unknown = || unresolved_day(format!("XXXX-XX-{d:02}"), None);
                self.needs_day(unknown, |dct| {
                    let found = day_of_month(dct, *d, *wd, self.future)?;
                    Some(day(found, None))
                })
            }
            Referent::Range(first, b) => {
                let a = self.resolve(first)?;
                // The second end takes its year from the first (`augustus tot oktober`);
                // clock times keep the day the whole range is anchored on.
                let anchor = if a.timex_type == TimexType::Time {
                    self.anchor
                } else {
                    Some(&a)
                };
                let second = Context { anchor, ..*self };
                let b_resolved = second.resolve(b)?;
                range(a.clone(), b_resolved.clone()).or_else(|| {
                    // `mei tot maart`, `18 nov - 19 dec 2015`: the first end in the year
                    // before the second's.
                    let b_alone = self.resolve(b)?;
                    let y = b_alone.start?.year();
                    let same = self.resolve(&with_year(first, y)?)?;
                    let earlier = self.resolve(&with_year(first, y - 1)?)?;
                    range(same, b_alone.clone()).or_else(|| range(earlier, b_alone))
                })
            }
            Referent::Counted(value, unit, n, from_dct) => {
                Some(self.counted(value, unit, *n, *from_dct))
            }
            Referent::Nth(inner, kind, n) => {
                let period = self.resolve(inner)?;
                nth(&period, *kind, *n).or_else(|| nth_unresolved(&period, *kind))
            }
            Referent::WithPart(inner, part) => {
                let mut d = self.resolve(inner)?;
                if d.precision == TimePrecision::Day && d.value.len() == 10 {
                    d.value = format!("{}T{part}", d.value);
                    d.timex_type = TimexType::Time;
                }
                Some(d)
            }
            Referent::WeekOf(inner) => {
                let d = self.resolve(inner)?;
                if d.precision != TimePrecision::Day {
                    return None;
                }
                match d.start {
                    Some(start) => Some(week(start)),
                    None => Some(unresolved(
                        "XXXX-WXX".to_string(),
                        TimexType::Date,
                        TimePrecision::Week,
                    )),
                }
            }
            Referent::FromPrevious(unit, n) => match self.previous.and_then(|p| p.start) {
                Some(d) => unit_around(d, unit, *n),
                None => self.shift(unit, *n),
            },
            Referent::Weekend if self.future => self.shift("WE+", 0),
            // News: from Friday on the weekend of the DCT's week, before it the last one.
            Referent::Weekend => self.needs_day(unknown_weekend, |d| {
                let ahead = matches!(d.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun);
                Some(weekend(d - Duration::days(if ahead { 0 } else { 7 })))
            }),
            Referent::DayShift(unit, n) => self.needs_day(unknown_day, |d| {
                let moved = match *unit {
                    "W" => d.checked_add_signed(Duration::try_weeks(*n)?)?,
                    _ => add_months(d, *n)?,
                };
                Some(day(moved, None))
            }),
        }
    }

    /// `de komende drie dagen` runs from the day after the DCT; `de afgelopen 5 jaar` ends
    /// the day before it. The value stays the duration; the interval needs the DCT's day.
    fn counted(&self, value: &str, unit: &str, n: i64, from_dct: bool) -> Resolved {
        let mut r = without_interval(value.to_string(), TimexType::Duration);
        let Some(dct) = self.dct.and_then(PubDate::exact_day) else {
            return r;
        };
        if self.strictly_future && unit != "D" {
            return self
                .counted_units(r, unit, n)
                .unwrap_or_else(|| without_interval(value.to_string(), TimexType::Duration));
        }
        let moved = match unit {
            "D" => dct.checked_add_signed(Duration::days(n)),
            "W" => Duration::try_weeks(n).and_then(|w| dct.checked_add_signed(w)),
            "M" => add_months(dct, n),
            "Y" => add_months(dct, n.saturating_mul(12)),
            _ => None,
        };
        let bounds = match moved {
            // `binnen 9 maanden`: from the DCT to the day before the same date 9 months on.
            Some(m) if n > 0 && from_dct => m.pred_opt().map(|e| (dct, e)),
            Some(m) if n > 0 => dct.succ_opt().map(|s| (s, m)),
            Some(m) => dct.pred_opt().map(|e| (m, e)),
            None => None,
        };
        if let Some((start, end)) = bounds.filter(|(s, e)| s <= e) {
            r.start = Some(start);
            r.end = Some(end);
            r.precision = TimePrecision::Day;
        }
        r
    }

    /// Future mode (Duckling's convention): `de komende 3 maanden` are the three whole
    /// calendar units after the DCT's, `de afgelopen 2 weken` the two before it.
    fn counted_units(&self, mut r: Resolved, unit: &str, n: i64) -> Option<Resolved> {
        let first = |k: i64| -> Option<Resolved> { self.shift(unit, k) };
        let (from, to) = if n > 0 {
            (first(1)?, first(n)?)
        } else {
            (first(n)?, first(-1)?)
        };
        r.start = from.start;
        r.end = to.end;
        r.precision = TimePrecision::Day;
        Some(r)
    }

    /// The Monday of the anchor when the anchor is an ISO week.
    fn anchor_week(&self) -> Option<NaiveDate> {
        self.anchor
            .filter(|a| a.precision == TimePrecision::Week)
            .and_then(|a| a.start)
    }

    fn shift(&self, unit: &str, n: i64) -> Option<Resolved> {
        let Some(dct) = self.dct else {
            return unresolved_shift(unit);
        };
        let y = dct.start.year();
        match unit {
            "Y" => year(y.checked_add(i32::try_from(n).ok()?)?),
            "M" => {
                let index = i64::from(y) * 12 + i64::from(dct.start.month0()) + n;
                month(
                    i32::try_from(index.div_euclid(12)).ok()?,
                    index.rem_euclid(12) as u32 + 1,
                )
            }
            "W" => on_day(dct, |d| {
                Some(week(d.checked_add_signed(Duration::try_weeks(n)?)?))
            }),
            "WE" => on_day(dct, |d| {
                Some(weekend(d.checked_add_signed(Duration::try_weeks(n)?)?))
            }),
            "WE+" => on_day(dct, |d| {
                let begun = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
                Some(weekend(d + Duration::days(if begun { 7 } else { 0 })))
            }),
            "Q" => {
                let index = i64::from(y) * 4 + i64::from(dct.start.month0() / 3) + n;
                let (qy, q) = (
                    i32::try_from(index.div_euclid(4)).ok()?,
                    index.rem_euclid(4) as u32 + 1,
                );
                let start = date(qy, 3 * q - 2, 1)?;
                let end = month_end(qy, 3 * q)?;
                Some(calendar(
                    format!("{qy:04}-Q{q}"),
                    TimePrecision::Quarter,
                    start,
                    end,
                ))
            }
            "D" => on_day(dct, |d| {
                Some(day(d.checked_add_signed(Duration::try_days(n)?)?, None))
            }),
            _ => None,
        }
    }

    /// A clock time on the anchor's day, else on the DCT's day.
    fn clock(&self, h: u32, m: u32) -> Option<Resolved> {
        let anchor_day = self
            .anchor
            .filter(|a| a.precision == TimePrecision::Day && a.start == a.end)
            .and_then(|a| a.start);
        let on = |d: NaiveDate| Resolved {
            value: format!("{}T{h:02}:{m:02}", d.format("%Y-%m-%d")),
            timex_type: TimexType::Time,
            precision: TimePrecision::Minute,
            start: Some(d),
            end: Some(d),
        };
        match anchor_day {
            Some(d) => Some(on(d)),
            None => {
                let unknown = || {
                    let value = format!("XXXX-XX-XXT{h:02}:{m:02}");
                    unresolved(value, TimexType::Time, TimePrecision::Minute)
                };
                self.needs_day(unknown, |d| Some(on(d))).map(|mut r| {
                    r.timex_type = TimexType::Time;
                    r
                })
            }
        }
    }
}

/// `make` on the DCT's day; with a DCT known only to the month, the DCT's month.
fn on_day<F>(dct: &PubDate, make: F) -> Option<Resolved>
where
    F: Fn(NaiveDate) -> Option<Resolved>,
{
    match dct.precision {
        DatePrecision::Day => make(dct.start),
        DatePrecision::Month => dct_month(dct),
    }
}

/// A day the DCT would give (`gisteren`, `over drie dagen`): `XXXX-XX-XX`.
fn unknown_day() -> Resolved {
    unresolved_day("XXXX-XX-XX".to_string(), None)
}

/// A weekend the DCT would give (`het weekend`): `XXXX-WXX-WE`.
fn unknown_weekend() -> Resolved {
    unresolved(
        "XXXX-WXX-WE".to_string(),
        TimexType::Date,
        TimePrecision::Week,
    )
}

/// A unit shifted from an unknown DCT (`vorig jaar`, `volgende week`).
fn unresolved_shift(unit: &str) -> Option<Resolved> {
    let (value, precision) = match unit {
        "Y" => ("XXXX", TimePrecision::Year),
        "M" => ("XXXX-XX", TimePrecision::Month),
        "W" => ("XXXX-WXX", TimePrecision::Week),
        "WE" | "WE+" => ("XXXX-WXX-WE", TimePrecision::Week),
        "Q" => ("XXXX-QX", TimePrecision::Quarter),
        "D" => ("XXXX-XX-XX", TimePrecision::Day),
        _ => return None,
    };
    Some(unresolved(value.to_string(), TimexType::Date, precision))
}

/// The nth day or week of a period whose year is unknown (`de eerste maandag van maart`
/// with no DCT): the month stays when the period has one (`XXXX-03-XX`).
fn nth_unresolved(period: &Resolved, kind: NthKind) -> Option<Resolved> {
    if period.start.is_some() {
        return None;
    }
    if let NthKind::Week = kind {
        return unresolved_shift("W");
    }
    let month = period
        .value
        .strip_prefix("XXXX-")
        .filter(|m| m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("XX");
    Some(unresolved_day(format!("XXXX-{month}-XX"), None))
}

/// The calendar unit (`D`, `W`, `WE`, `M`, `Y`) `n` units from the one holding `d`.
fn unit_around(d: NaiveDate, unit: &str, n: i64) -> Option<Resolved> {
    match unit {
        "D" => Some(day(d.checked_add_signed(Duration::try_days(n)?)?, None)),
        "W" => Some(week(d.checked_add_signed(Duration::try_weeks(n)?)?)),
        "WE" => Some(weekend(d.checked_add_signed(Duration::try_weeks(n)?)?)),
        "M" => {
            let moved = add_months(d, n)?;
            month(moved.year(), moved.month())
        }
        "Y" => year(d.year().checked_add(i32::try_from(n).ok()?)?),
        _ => None,
    }
}

/// `d` moved by `n` calendar months, clamped to the month's last day.
fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let months = chrono::Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        d.checked_add_months(months)
    } else {
        d.checked_sub_months(months)
    }
}

/// A month or day without a year given the year `y`.
fn with_year(r: &Referent, y: i32) -> Option<Referent> {
    match r {
        Referent::Month(YearRef::Open, m) => Some(Referent::Month(YearRef::Explicit(y), *m)),
        Referent::DayMonth(YearRef::Open, m, d) => {
            Some(Referent::DayMonth(YearRef::Explicit(y), *m, *d))
        }
        _ => None,
    }
}

/// Two resolved ends as one range: ISO 8601 `start/end`, interval over both.
fn range(a: Resolved, b: Resolved) -> Option<Resolved> {
    if a.value.contains('/') || b.value.contains('/') {
        return None;
    }
    let start = a.start.or(b.start);
    let end = b.end.or(a.end);
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return None;
        }
    }
    Some(Resolved {
        value: format!("{}/{}", a.value, b.value),
        timex_type: a.timex_type,
        precision: a.precision,
        start,
        end,
    })
}

/// Day `d` of the month nearest the DCT in the sentence's direction, on weekday `wd` when
/// given (`maandag de 21e`): searched over the year around the DCT.
fn day_of_month(dct: NaiveDate, d: u32, wd: Option<u32>, future: bool) -> Option<NaiveDate> {
    let fits = |c: &NaiveDate| wd.is_none_or(|w| c.weekday().number_from_monday() == w);
    let candidate = |k: i64| {
        let first = add_months(dct.with_day(1)?, k)?;
        first.with_day(d).filter(fits)
    };
    let found = if future {
        (0..=12).filter_map(candidate).find(|c| *c >= dct)
    } else {
        (-12..=0).rev().filter_map(candidate).find(|c| *c <= dct)
    };
    // A weekday that matches no such day nearby: the weekday alone.
    found.or_else(|| {
        let wd = wd?;
        weekday(dct, wd, Direction::Bias, future)
    })
}

/// The nth (`-1` last) weekday, day or week of a resolved month or year.
fn nth(period: &Resolved, kind: NthKind, n: i32) -> Option<Resolved> {
    let (start, end) = (period.start?, period.end?);
    let step = |from: NaiveDate, days: i64| from.checked_add_signed(Duration::days(days));
    let first_on = |wd: u32| {
        let ahead = (i64::from(wd) - i64::from(start.weekday().number_from_monday())).rem_euclid(7);
        step(start, ahead)
    };
    let last_on = |wd: u32| {
        let back = (i64::from(end.weekday().number_from_monday()) - i64::from(wd)).rem_euclid(7);
        step(end, -back)
    };
    let k = i64::from(n.max(1) - 1);
    let found = match kind {
        NthKind::Weekday(wd) if n > 0 => step(first_on(wd)?, 7 * k)?,
        NthKind::Weekday(wd) => last_on(wd)?,
        NthKind::Day if n > 0 => step(start, k)?,
        NthKind::Day => end,
        NthKind::Week if period.precision == TimePrecision::Year => {
            let y = start.year();
            let w = if n > 0 {
                u32::try_from(n).ok()?
            } else {
                date(y, 12, 28)?.iso_week().week()
            };
            let monday = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
            return Some(week(monday));
        }
        // A week belongs to the month that holds its Thursday, as ISO 8601 gives a week
        // to the year that holds its Thursday: `de eerste week van januari 2015` is
        // 2015-W01 (29 December – 4 January), as `de eerste week van 2015` is.
        NthKind::Week => {
            let thursday = if n > 0 {
                step(first_on(4)?, 7 * k)?
            } else {
                last_on(4)?
            };
            return (start..=end)
                .contains(&thursday)
                .then(|| week(thursday - Duration::days(3)));
        }
    };
    (start..=end).contains(&found).then(|| day(found, None))
}

/// The day a weekday refers to, seen from `dct`.
fn weekday(dct: NaiveDate, wd: u32, direction: Direction, future: bool) -> Option<NaiveDate> {
    let today = i64::from(dct.weekday().number_from_monday());
    let wd = i64::from(wd);
    let back = (today - wd).rem_euclid(7); // 0 when the DCT is that weekday
    let ahead = (wd - today).rem_euclid(7);
    let offset = match direction {
        Direction::Bias if future => ahead,
        Direction::Bias => -back,
        Direction::Past => -(if back == 0 { 7 } else { back }),
        Direction::Future => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Direction::Week(k) => 7 * k + wd - today,
    };
    dct.checked_add_signed(Duration::days(offset))
}

/// Narrows the interval for `begin`/`midden`/`eind`: the interval is cut into three equal
/// parts (in days, rounded down) and the first, middle or last part is kept.
pub fn narrow(r: &mut Resolved, edge: &str) {
    let (Some(start), Some(end)) = (r.start, r.end) else {
        return;
    };
    let days = (end - start).num_days() + 1;
    let third = (days / 3).max(1);
    let (s, e) = match edge {
        "START" => (start, start + Duration::days(third - 1)),
        "MID" => (start + Duration::days(third), end - Duration::days(third)),
        "END" => (end - Duration::days(third - 1), end),
        _ => return,
    };
    if s <= e {
        r.start = Some(s);
        r.end = Some(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        date(y, m, d).unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2024), Some(ymd(2024, 3, 31)));
        assert_eq!(easter(2025), Some(ymd(2025, 4, 20)));
    }

    #[test]
    fn weekday_directions() {
        let sunday = ymd(2025, 12, 7);
        assert_eq!(
            weekday(sunday, 4, Direction::Past, false),
            Some(ymd(2025, 12, 4))
        );
        assert_eq!(
            weekday(sunday, 7, Direction::Past, false),
            Some(ymd(2025, 11, 30))
        );
        assert_eq!(weekday(sunday, 7, Direction::Bias, false), Some(sunday));
        assert_eq!(
            weekday(sunday, 1, Direction::Bias, true),
            Some(ymd(2025, 12, 8))
        );
        assert_eq!(
            weekday(sunday, 3, Direction::Week(-1), false),
            Some(ymd(2025, 11, 26))
        );
    }

    #[test]
    fn narrowing_cuts_thirds() {
        let mut r = year(2025).unwrap();
        narrow(&mut r, "START");
        assert_eq!(
            (r.start, r.end),
            (Some(ymd(2025, 1, 1)), Some(ymd(2025, 5, 1)))
        );
        let mut m = month(2025, 3).unwrap();
        narrow(&mut m, "MID");
        assert_eq!(
            (m.start, m.end),
            (Some(ymd(2025, 3, 11)), Some(ymd(2025, 3, 21)))
        );
        let mut w = month(2025, 3).unwrap();
        narrow(&mut w, "END");
        assert_eq!(
            (w.start, w.end),
            (Some(ymd(2025, 3, 22)), Some(ymd(2025, 3, 31)))
        );
    }

    #[test]
    fn winter_spans_the_new_year() {
        let w = season(2025, "WI").unwrap();
        assert_eq!(
            (w.start, w.end),
            (Some(ymd(2025, 12, 1)), Some(ymd(2026, 2, 28)))
        );
    }
}
