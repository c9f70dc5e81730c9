//! How the workspace's values read wherever they are shown: on the screen, in every export and
//! in the command line's output. One place, so that the screen and a report never disagree (a
//! budget of 12000 reads `12,000.00` in both) and "overdue" means one thing everywhere. Below
//! `ui` and `export`, which both use it; it knows nothing of terminals or documents (each
//! cleans and escapes the text its own way).

use std::fmt::Write as _;

use super::{CellView, Date, Item, Status};

/// What stands for a value that is not set (a metric's missing target or actual).
pub const NOT_SET: &str = "—";

/// What a chart says where a step's emotion is not scored yet.
pub const NOT_SCORED: &str = "not scored";

/// What a cell of the content map says when the type is mapped and nothing there is available.
pub const GAP: &str = "✗ gap";

/// A number with thousands grouped by commas and at most two decimals, a true minus sign when
/// it is below zero: `9,600`, `1,234.5`, `0.25`, `−1,500`. Metrics' targets and actuals read
/// like this.
pub fn number(value: f64) -> String {
    let mut text = amount(value);
    if value.is_finite() {
        // The amount's cents without their trailing zeros, and the point when none is left.
        if text.ends_with(".00") {
            text.truncate(text.len() - 3);
        } else if text.ends_with('0') {
            text.pop();
        }
    }
    text
}

/// An amount of money: thousands grouped, always two decimals, so that amounts in a column line
/// up on their decimal mark: `12,345.50`, `9,600.00`, `−1,200.00` (a budget overspent).
pub fn amount(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Rounded to cents, then the thousands marked and the sign put in front (none for a value
    // that rounds to zero), all in the one string: every item's cost in a report passes here.
    let mut text = String::with_capacity(24);
    let _ = write!(text, "{:.2}", value.abs());
    let negative = value < 0.0 && text != "0.00";
    let mut comma = text.len() - ".00".len();
    while comma > 3 {
        comma -= 3;
        text.insert(comma, ',');
    }
    if negative {
        text.insert(0, '−');
    }
    text
}

/// A metric value with its unit (on one line), as a person says it: `3.5%`, `1,450 EUR`, `6` (a
/// count is a plain number, not `6 count`), or `—` when not set. A step's card and every export
/// say a KPI's figures so.
pub fn metric_value(value: Option<f64>, unit: &str) -> String {
    match value {
        None => NOT_SET.into(),
        Some(v) if unit.is_empty() || is_plain_count(unit) => number(v),
        Some(v) if unit == "%" => format!("{}%", number(v)),
        Some(v) => format!("{} {unit}", number(v)),
    }
}

/// Units that only say the value is a number of things.
fn is_plain_count(unit: &str) -> bool {
    ["count", "number", "#"]
        .iter()
        .any(|plain| unit.eq_ignore_ascii_case(plain))
}

/// A whole change with its sign always written and a true minus, as every number has: `+2`,
/// `−1`, `0`.
pub fn change(value: i64) -> String {
    match value {
        0 => "0".into(),
        v if v > 0 => format!("+{v}"),
        v => format!("−{}", v.unsigned_abs()),
    }
}

/// An emotion score as dots and its number, `●●●○○ 3`, or `○○○○○ –` when not scored: a gauge
/// of one width whatever the score, so the columns and cards it stands in keep their shape.
pub fn emotion_dots(score: Option<u8>) -> String {
    let filled = usize::from(score.unwrap_or(0).min(5));
    let number = score.map_or("–".to_string(), |score| score.min(5).to_string());
    format!("{}{} {number}", "●".repeat(filled), "○".repeat(5 - filled))
}

/// The mark of an item's status: `✓` available, `◐` in progress, `○` to create.
pub fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Available => "✓",
        Status::InProgress => "◐",
        Status::ToCreate => "○",
    }
}

/// What a cell of the content map says: `✗ gap`, or `✓2`, then the items under way by status,
/// `◐1 ○1`; empty when the type is not mapped on the step (the screen puts a `·` there).
pub fn cell_text(cell: &CellView) -> String {
    if !cell.mapped {
        return String::new();
    }
    let mut parts = vec![if cell.gap {
        GAP.to_string()
    } else {
        format!("{}{}", status_mark(Status::Available), cell.available)
    }];
    parts.extend(under_way(cell.in_progress, cell.to_create));
    parts.join(" ")
}

/// The items of a cell that are not available yet, by status: `◐1 ○2`, each only when there
/// are some.
pub fn under_way(in_progress: u32, to_create: u32) -> Vec<String> {
    [
        (Status::InProgress, in_progress),
        (Status::ToCreate, to_create),
    ]
    .into_iter()
    .filter(|(_, count)| *count > 0)
    .map(|(status, count)| format!("{}{count}", status_mark(status)))
    .collect()
}

/// `November 2026`.
pub fn month_title(date: Date) -> String {
    format!("{} {}", date.month_name(), date.year())
}

impl Item {
    /// The one definition of overdue: dated before `today` and still not available (see
    /// [`Status::is_pending`]). An overdue item is still due, in the month it is dated in. (The
    /// workspace's index of pending items keeps the same rule, so that counting needs no scan.)
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status.is_pending() && self.available_on.is_some_and(|date| date < today)
    }
}

/// How many items are overdue on `today`, as a sentence for a report: `⚠ 3 items are overdue on
/// 2026-11-29: dated in the past and not available yet.`, split where a document marks the
/// warning (`⚠ 3 items are`) apart from the rest; `None` when none is.
pub fn overdue_note(overdue: usize, today: Date) -> Option<(String, String)> {
    let count = match overdue {
        0 => return None,
        1 => "1 item is".to_string(),
        n => format!("{n} items are"),
    };
    Some((
        format!("⚠ {count}"),
        format!("overdue on {today}: dated in the past and not available yet."),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An amount as it was first defined: rounded, its whole part grouped digit by digit.
    fn amount_digit_by_digit(value: f64) -> String {
        if !value.is_finite() {
            return value.to_string();
        }
        let text = format!("{:.2}", value.abs());
        let (whole, cents) = text.split_once('.').unwrap();
        let mut grouped = String::new();
        for (at, digit) in whole.chars().enumerate() {
            if at > 0 && (whole.len() - at) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let sign = if value < 0.0 && text != "0.00" {
            "−"
        } else {
            ""
        };
        format!("{sign}{grouped}.{cents}")
    }

    proptest::proptest! {
        /// Amounts and numbers made in one string are what the first definition gives, for
        /// every value (huge, tiny, negative, rounding to zero, not finite).
        #[test]
        fn amounts_and_numbers_are_their_plain_definitions(
            value in proptest::prop_oneof![
                proptest::num::f64::ANY,
                -2e6..2e6f64,
                proptest::strategy::Strategy::prop_map(-200_000i64..200_000, |cents| cents as f64 / 100.0),
            ]
        ) {
            let plain = amount_digit_by_digit(value);
            proptest::prop_assert_eq!(amount(value), plain.clone());
            let number_plain = match plain.split_once('.') {
                Some((whole, cents)) if value.is_finite() => {
                    match cents.trim_end_matches('0') {
                        "" => whole.to_string(),
                        cents => format!("{whole}.{cents}"),
                    }
                }
                _ => plain.clone(),
            };
            proptest::prop_assert_eq!(number(value), number_plain);
        }
    }

    #[test]
    fn numbers_and_amounts_read_the_same_everywhere() {
        // (value, as a number, as an amount of money)
        let cases = [
            (0.0, "0", "0.00"),
            (0.25, "0.25", "0.25"),
            (7.0, "7", "7.00"),
            (999.0, "999", "999.00"),
            (1000.0, "1,000", "1,000.00"),
            (9600.0, "9,600", "9,600.00"),
            (1234.5, "1,234.5", "1,234.50"),
            (12345.678, "12,345.68", "12,345.68"),
            (999.999, "1,000", "1,000.00"),
            (1_000_000.0, "1,000,000", "1,000,000.00"),
            (-1500.0, "−1,500", "−1,500.00"),
            (-0.001, "0", "0.00"),
            (-0.0, "0", "0.00"),
            (f64::INFINITY, "inf", "inf"),
        ];
        for (value, as_number, as_amount) in cases {
            assert_eq!(number(value), as_number, "number({value})");
            assert_eq!(amount(value), as_amount, "amount({value})");
        }
    }

    #[test]
    fn a_change_always_has_its_sign_and_a_true_minus() {
        let cases = [(0, "0"), (2, "+2"), (-1, "−1"), (-4, "−4")];
        for (value, text) in cases {
            assert_eq!(change(value), text, "change({value})");
        }
    }

    #[test]
    fn emotions_read_as_dots_and_a_number() {
        let cases = [
            (None, "○○○○○ –"),
            (Some(1), "●○○○○ 1"),
            (Some(3), "●●●○○ 3"),
            (Some(5), "●●●●● 5"),
            (Some(9), "●●●●● 5"),
        ];
        for (score, words) in cases {
            assert_eq!(emotion_dots(score), words, "{score:?}");
        }
    }

    #[test]
    fn cells_say_gap_or_what_is_available_then_what_is_under_way() {
        let cell = |mapped, available, in_progress, to_create| CellView {
            mapped,
            explicit: mapped,
            available,
            in_progress,
            to_create,
            gap: mapped && available == 0,
        };
        let cases = [
            (cell(false, 0, 0, 0), ""),
            (cell(true, 0, 0, 0), "✗ gap"),
            (cell(true, 2, 0, 0), "✓2"),
            (cell(true, 0, 1, 1), "✗ gap ◐1 ○1"),
            (cell(true, 3, 0, 2), "✓3 ○2"),
            (cell(true, 1, 4, 0), "✓1 ◐4"),
        ];
        for (cell, words) in cases {
            assert_eq!(cell_text(&cell), words, "{cell:?}");
        }
        let marks: Vec<_> = Status::ALL.into_iter().map(status_mark).collect();
        assert_eq!(marks, ["✓", "◐", "○"]);
    }

    #[test]
    fn overdue_is_dated_before_today_and_not_available() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        let today = day("2027-03-02");
        let item = |status, on: Option<&str>| Item {
            status,
            available_on: on.map(day),
            ..Item::default()
        };
        let cases = [
            (Status::ToCreate, Some("2027-03-01"), true),
            (Status::InProgress, Some("2026-12-31"), true),
            (Status::Available, Some("2027-03-01"), false),
            (Status::ToCreate, Some("2027-03-02"), false),
            (Status::ToCreate, Some("2027-03-03"), false),
            (Status::ToCreate, None, false),
        ];
        for (status, on, overdue) in cases {
            assert_eq!(
                item(status, on).is_overdue(today),
                overdue,
                "{status:?} {on:?}"
            );
        }
        assert_eq!(overdue_note(0, today), None);
        let note = |n| overdue_note(n, today).map(|(mark, rest)| format!("{mark} {rest}"));
        assert_eq!(
            note(1).as_deref(),
            Some("⚠ 1 item is overdue on 2027-03-02: dated in the past and not available yet.")
        );
        assert_eq!(
            note(3).as_deref(),
            Some("⚠ 3 items are overdue on 2027-03-02: dated in the past and not available yet.")
        );
        assert_eq!(month_title(today), "March 2027");
    }
}
