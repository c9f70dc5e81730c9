//! Calendar dates as the workspace writes them: ISO `YYYY-MM-DD`, nothing else.

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

    /// Today in the local calendar of the machine (UTC when the offset cannot be read).
    pub fn today() -> Self {
        Clock::local().today()
    }
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

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-23 is a Monday.
        assert_eq!(d("2026-11-29").start_of_week(), d("2026-11-23"));
        assert_eq!(d("2026-11-23").start_of_week(), d("2026-11-23"));
        assert_eq!(d("2027-01-01").start_of_week(), d("2026-12-28"));
    }
}
