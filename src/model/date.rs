//! Calendar dates as the workspace writes them: ISO `YYYY-MM-DD`, nothing else; and as people
//! type them into a form: `today`, `+2w`, `fri`, `dec 24`, `24.12.`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Month;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// How the words a person may type for a date are listed when one is not understood.
const DATE_WORDS: &str = "2027-03-01, today, tomorrow, +7, +2w, fri, dec 24 or 24.12.";

/// A day in the proleptic Gregorian calendar. Wraps `time::Date` for its arithmetic (the calendar
/// widget speaks `time` too) but reads and writes only the strict ISO form.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// The date for a year, month (1–12) and day, or `None` when there is no such day.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }

    pub fn as_time(self) -> time::Date {
        self.0
    }

    /// This date moved by a number of days (negative moves back); `None` past the year 9999.
    pub fn add_days(self, days: i64) -> Option<Self> {
        let moved = self.0.checked_add(time::Duration::days(days))?;
        (1..=9999).contains(&moved.year()).then_some(Date(moved))
    }

    /// The number of days in this date's month.
    pub fn days_in_month(self) -> u8 {
        self.0.month().length(self.0.year())
    }

    /// The first day of this date's month.
    pub fn first_of_month(self) -> Self {
        Date(self.0.replace_day(1).expect("day 1 exists in every month"))
    }

    /// The first and the last day of this date's month.
    pub fn month_bounds(self) -> (Self, Self) {
        let first = self.first_of_month();
        let last = Date(
            self.0
                .replace_day(self.days_in_month())
                .expect("a month's length is one of its days"),
        );
        (first, last)
    }

    /// The same day `months` months later (or earlier), clamped to the length of the target month
    /// (31 January + 1 month = 28 or 29 February).
    pub fn add_months(self, months: i32) -> Option<Self> {
        let index = self.year() * 12 + i32::from(self.month()) - 1 + months;
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        if !(1..=9999).contains(&year) {
            return None;
        }
        let first = Date::from_ymd(year, month, 1)?;
        Date::from_ymd(year, month, self.day().min(first.days_in_month()))
    }

    /// Monday of this date's ISO week.
    pub fn start_of_week(self) -> Self {
        let back = self.0.weekday().number_days_from_monday();
        Date(self.0 - time::Duration::days(i64::from(back)))
    }

    /// The month's name in English: `January`.
    pub fn month_name(self) -> &'static str {
        MONTHS[usize::from(self.month()) - 1]
    }

    /// The date as a person reads it: `Thu 24 Dec 2026`.
    pub fn spoken(self) -> String {
        let weekday = WEEKDAYS[usize::from(self.0.weekday().number_days_from_monday())];
        format!(
            "{}{} {} {} {}",
            weekday[..1].to_uppercase(),
            &weekday[1..3],
            self.day(),
            &self.month_name()[..3],
            self.year()
        )
    }

    /// A date as a person types it, `today` being the day to count from: `2027-03-01`, `today`,
    /// `tomorrow`, `+7` or `-7` (days), `+2w` (weeks), a weekday (`fri`, `friday`: the next one
    /// after today), a month and a day (`dec 24`, `24 dec`, `december 24 2027`) or a day and a
    /// month (`24.12.`, `24.12.2027`); without a year, the next such day from today on.
    pub fn read(text: &str, today: Date) -> Result<Date, String> {
        let shown = text.trim();
        let lower = shown.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let not_a_date = || format!("{shown:?} is not a date: write {DATE_WORDS}");
        let no_such_day = || format!("{shown:?} is not a day of the calendar");
        let too_far = || format!("{shown:?} is past the year 9999");
        match words.as_slice() {
            [] => Err(not_a_date()),
            [iso] if iso.len() > 4 && iso.as_bytes()[4] == b'-' => iso.parse(),
            ["today"] => Ok(today),
            ["tomorrow"] => today.add_days(1).ok_or_else(too_far),
            [word] if word.starts_with(['+', '-']) => {
                let (digits, days_per) = match word[1..].strip_suffix('w') {
                    Some(weeks) => (weeks, 7),
                    None => (word[1..].strip_suffix('d').unwrap_or(&word[1..]), 1),
                };
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(not_a_date());
                }
                let sign = if word.starts_with('-') { -1 } else { 1 };
                digits
                    .parse::<i64>()
                    .ok()
                    .and_then(|count| count.checked_mul(sign * days_per))
                    .and_then(|days| today.add_days(days))
                    .ok_or_else(too_far)
            }
            [word] if word.contains('.') => {
                let parts: Vec<&str> = word.trim_end_matches('.').split('.').collect();
                let number = |part: &str| part.parse::<u16>().map_err(|_| not_a_date());
                match parts.as_slice() {
                    [day, month] => {
                        next_of(today, number(month)?, number(day)?).ok_or_else(no_such_day)
                    }
                    [day, month, year] if year.len() == 4 => {
                        on(number(year)?, number(month)?, number(day)?).ok_or_else(no_such_day)
                    }
                    _ => Err(not_a_date()),
                }
            }
            [word] => {
                let weekday = named(word, &WEEKDAYS).ok_or_else(not_a_date)?;
                let from = today.0.weekday().number_days_from_monday();
                // The next such day after today: today's own name is a week away.
                let ahead = (weekday as i64 - i64::from(from)).rem_euclid(7);
                today
                    .add_days(if ahead == 0 { 7 } else { ahead })
                    .ok_or_else(too_far)
            }
            [first, second, rest @ ..] => {
                let (month, day) = match (named(first, &MONTHS), named(second, &MONTHS)) {
                    (Some(month), None) => (month, *second),
                    (None, Some(month)) => (month, *first),
                    _ => return Err(not_a_date()),
                };
                let day: u16 = day.parse().map_err(|_| not_a_date())?;
                let month = month as u16 + 1;
                match rest {
                    [] => next_of(today, month, day).ok_or_else(no_such_day),
                    [year] => on(year.parse().map_err(|_| not_a_date())?, month, day)
                        .ok_or_else(no_such_day),
                    _ => Err(not_a_date()),
                }
            }
        }
    }

    /// Today in the local calendar of the machine (UTC when the offset cannot be read).
    pub fn today() -> Self {
        Clock::local().today()
    }
}

/// The position in `names` of the one name `word` begins, three letters or more (`dec`, `sept`,
/// `thurs`), any case.
fn named(word: &str, names: &[&str]) -> Option<usize> {
    if word.chars().count() < 3 {
        return None;
    }
    names
        .iter()
        .position(|name| name.to_lowercase().starts_with(word))
}

/// The day of a year, month and day as typed (any of them may be out of range).
fn on(year: u16, month: u16, day: u16) -> Option<Date> {
    let (month, day) = (u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    Date::from_ymd(i32::from(year), month, day).filter(|d| d.year() > 0)
}

/// The next day with this month and day from `today` on: this year's when it is still to come,
/// or the next year that has it (29 February waits for a leap year).
fn next_of(today: Date, month: u16, day: u16) -> Option<Date> {
    let year = u16::try_from(today.year()).ok()?;
    (year..=year.saturating_add(8))
        .filter_map(|year| on(year, month, day))
        .find(|date| *date >= today)
}

/// The machine's calendar, to ask "what day is it?" again and again (a session left open
/// overnight must know that it is tomorrow).
///
/// The local UTC offset is read once, when the clock is made: the `time` crate can read it only
/// while the program has a single thread, so a clock made at start-up keeps it for later. (A
/// daylight-saving change during the session moves midnight by that hour until the next start.)
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    offset: time::UtcOffset,
}

impl Clock {
    /// The local calendar; UTC when the offset cannot be read.
    pub fn local() -> Self {
        Clock {
            offset: time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC),
        }
    }

    /// The local time of day, to the second: `14:03:27`.
    pub fn time_of_day(&self) -> String {
        let now = time::OffsetDateTime::now_utc().to_offset(self.offset);
        format!("{:02}:{:02}:{:02}", now.hour(), now.minute(), now.second())
    }

    pub fn today(&self) -> Date {
        Date(
            time::OffsetDateTime::now_utc()
                .to_offset(self.offset)
                .date(),
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl std::str::FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = s.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shaped {
            return Err(format!("{s:?} is not a date of the form YYYY-MM-DD"));
        }
        let number = |range: std::ops::Range<usize>| s[range].parse::<u16>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        if year == 0 {
            return Err(format!("{s:?} has no year 0000"));
        }
        Date::from_ymd(i32::from(year), month as u8, day as u8)
            .ok_or_else(|| format!("{s:?} is not a day of the calendar"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                s.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn parses_only_real_days() {
        assert_eq!(d("2028-02-29").to_string(), "2028-02-29");
        assert!("2027-02-29".parse::<Date>().is_err());
        assert!("2027-13-01".parse::<Date>().is_err());
        assert!("2027-1-01".parse::<Date>().is_err());
        assert!("2027-01-01T00:00".parse::<Date>().is_err());
        assert!("0000-01-01".parse::<Date>().is_err());
        assert!("+202-01-01".parse::<Date>().is_err());
    }

    #[test]
    fn month_arithmetic_clamps_to_month_length() {
        assert_eq!(d("2027-01-31").add_months(1), Some(d("2027-02-28")));
        assert_eq!(d("2028-01-31").add_months(1), Some(d("2028-02-29")));
        assert_eq!(d("2027-12-15").add_months(1), Some(d("2028-01-15")));
        assert_eq!(d("2027-01-15").add_months(-1), Some(d("2026-12-15")));
        assert_eq!(d("9999-12-01").add_months(1), None);
    }

    #[test]
    fn day_arithmetic_crosses_years_and_leap_days() {
        assert_eq!(d("2027-12-31").add_days(1), Some(d("2028-01-01")));
        assert_eq!(d("2028-02-28").add_days(1), Some(d("2028-02-29")));
        assert_eq!(d("2028-03-01").add_days(-1), Some(d("2028-02-29")));
        assert_eq!(d("2027-03-01").add_days(-7), Some(d("2027-02-22")));
        assert_eq!(d("2028-02-01").days_in_month(), 29);
        assert_eq!(d("2100-02-01").days_in_month(), 28);
        assert_eq!(d("2000-02-01").days_in_month(), 29);
    }

    /// 2026-11-29, a Sunday.
    fn today() -> Date {
        d("2026-11-29")
    }

    #[test]
    fn dates_read_as_people_type_them() {
        let cases = [
            ("2027-03-01", "2027-03-01"),
            ("today", "2026-11-29"),
            (" Today ", "2026-11-29"),
            ("tomorrow", "2026-11-30"),
            ("+7", "2026-12-06"),
            ("+3d", "2026-12-02"),
            ("+2w", "2026-12-13"),
            ("-1", "2026-11-28"),
            ("-1w", "2026-11-22"),
            ("+0", "2026-11-29"),
            ("mon", "2026-11-30"),
            ("Sat", "2026-12-05"),
            ("friday", "2026-12-04"),
            ("thurs", "2026-12-03"),
            // Today's own weekday is the one a week away.
            ("sun", "2026-12-06"),
            ("dec 24", "2026-12-24"),
            ("24 dec", "2026-12-24"),
            ("December 24", "2026-12-24"),
            ("dec 24 2027", "2027-12-24"),
            ("dec 24, 2027", "2027-12-24"),
            ("sept 5", "2027-09-05"),
            // Without a year: the next such day from today on.
            ("nov 29", "2026-11-29"),
            ("nov 28", "2027-11-28"),
            ("feb 29", "2028-02-29"),
            ("24.12.", "2026-12-24"),
            ("24.12", "2026-12-24"),
            ("1.3.", "2027-03-01"),
            ("24.12.2027", "2027-12-24"),
        ];
        for (text, want) in cases {
            assert_eq!(Date::read(text, today()), Ok(d(want)), "{text:?}");
        }
    }

    #[test]
    fn dates_refused_say_why() {
        let words = "write 2027-03-01, today, tomorrow, +7, +2w, fri, dec 24 or 24.12.";
        let cases = [
            ("", format!("\"\" is not a date: {words}")),
            ("someday", format!("\"someday\" is not a date: {words}")),
            ("ma", format!("\"ma\" is not a date: {words}")),
            ("dec", format!("\"dec\" is not a date: {words}")),
            ("+", format!("\"+\" is not a date: {words}")),
            ("+2x", format!("\"+2x\" is not a date: {words}")),
            ("+-5", format!("\"+-5\" is not a date: {words}")),
            ("24.12.27", format!("\"24.12.27\" is not a date: {words}")),
            (
                "dec 24 2027 noon",
                format!("\"dec 24 2027 noon\" is not a date: {words}"),
            ),
            ("mon dec", format!("\"mon dec\" is not a date: {words}")),
            ("feb 30", "\"feb 30\" is not a day of the calendar".into()),
            ("31.11.", "\"31.11.\" is not a day of the calendar".into()),
            (
                "2027-02-29",
                "\"2027-02-29\" is not a day of the calendar".into(),
            ),
            (
                "2027-3-1",
                "\"2027-3-1\" is not a date of the form YYYY-MM-DD".into(),
            ),
            ("+9999999", "\"+9999999\" is past the year 9999".into()),
        ];
        for (text, want) in cases {
            assert_eq!(Date::read(text, today()), Err(want), "{text:?}");
        }
    }

    #[test]
    fn dates_are_spoken_with_their_weekday() {
        assert_eq!(d("2026-12-24").spoken(), "Thu 24 Dec 2026");
        assert_eq!(d("2027-03-01").spoken(), "Mon 1 Mar 2027");
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-23 is a Monday.
        assert_eq!(d("2026-11-29").start_of_week(), d("2026-11-23"));
        assert_eq!(d("2026-11-23").start_of_week(), d("2026-11-23"));
        assert_eq!(d("2027-01-01").start_of_week(), d("2026-12-28"));
    }
}
