//! Amounts of money as people type them: `1200`, `1,200`, `1 200`, `1.200,50`,
//! `€300`, `300 EUR`. What is stored stays a plain number.
//!
//! The decimal mark is read from where the marks stand, so `1.200,50` (as most of the euro area
//! writes it) and `1,200.50` (as English does) are both twelve hundred and a half, whatever the
//! workspace's currency. A single mark followed by exactly three digits groups thousands in every
//! currency: nobody writes money to the tenth of a cent, and reading `1,200` as 1.2 would turn
//! twelve hundred euros into one. The workspace's currency decides which currency signs and
//! codes an amount may carry: `$300` in a workspace that counts in euros is refused, not stored
//! as 300 euros.

/// Currency signs, longest first (`R$` before `$`), and the codes of the currencies written with
/// each.
const SIGNS: &[(&str, &[&str])] = &[
    ("R$", &["BRL"]),
    ("zł", &["PLN"]),
    ("kr", &["SEK", "NOK", "DKK", "ISK"]),
    ("€", &["EUR"]),
    (
        "$",
        &[
            "USD", "AUD", "CAD", "NZD", "HKD", "SGD", "MXN", "ARS", "CLP", "COP", "TWD",
        ],
    ),
    ("£", &["GBP"]),
    ("¥", &["JPY", "CNY"]),
    ("₹", &["INR"]),
    ("₩", &["KRW"]),
    ("₺", &["TRY"]),
    ("₪", &["ILS"]),
    ("₽", &["RUB"]),
];

/// Characters that group thousands besides `.` and `,`: spaces (plain, no-break, thin, narrow
/// no-break) and apostrophes (Swiss `1'200`).
fn is_group_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\'' | '\u{2019}'
    )
}

/// An amount of money in a workspace that counts in `currency`: non-negative, with thousands
/// grouped or not, with the workspace's currency sign or code before or after it, or none.
pub fn read_amount(text: &str, currency: &str) -> Result<f64, String> {
    let value = read_signed(text, currency)?;
    if value.is_sign_negative() {
        return Err(format!(
            "{:?} is below zero; an amount cannot be",
            text.trim()
        ));
    }
    Ok(value)
}

/// A number that may be below zero (a metric's target or actual: a net promoter score, a
/// change in churn), read as [`read_amount`] reads money: thousands grouped or not, by where the
/// marks stand, with the workspace's currency sign or code or none.
pub fn read_number(text: &str, currency: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.ends_with('%') {
        return Err(format!(
            "{trimmed:?}: write the number without %; the unit field says what it counts"
        ));
    }
    // `-0` is stored as 0: a file should not say `-0.0`.
    read_signed(text, currency).map(|value| if value == 0.0 { 0.0 } else { value })
}

/// The number in `text`, negative when a minus stands before it or before its sign (`-€5`,
/// `€-5`); a negative zero when the minus stands before a zero, so that [`read_amount`] can
/// refuse `-0` too.
fn read_signed(text: &str, currency: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if !trimmed.chars().any(|c| c.is_ascii_digit()) {
        return Err(not_a_number(trimmed));
    }
    let (minus, rest) = match trimmed.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let bare = without_currency(rest, currency).ok_or_else(|| {
        format!(
            "{trimmed:?} is not in {}, the workspace's currency",
            crate::text::printable(currency.trim())
        )
    })?;
    let value = read_digits(bare.trim(), trimmed)?;
    match (minus, value.is_sign_negative()) {
        // `-€-5`: two minuses.
        (true, true) => Err(not_a_number(trimmed)),
        (true, false) => Ok(-value),
        (false, _) => Ok(value),
    }
}

/// An amount (or any number) as a form shows it for editing: plain digits that [`read_amount`]
/// and [`read_number`] read back as the same number. A fraction of exactly three digits gets a
/// fourth, a zero (`200.1250`), or it would read as thousands.
pub fn amount_text(amount: f64) -> String {
    let text = format!("{amount}");
    match text.split_once('.') {
        Some((whole, fraction))
            if fraction.len() == 3 && is_group_lead(whole.trim_start_matches('-')) =>
        {
            text + "0"
        }
        _ => text,
    }
}

fn not_a_number(shown: &str) -> String {
    format!("{shown:?} is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50")
}

/// The text without the workspace's currency sign or code at its start or its end, or `None`
/// when it carries another currency's.
fn without_currency<'a>(text: &'a str, currency: &str) -> Option<&'a str> {
    let currency = currency.trim();
    let ours = |word: &str| {
        word.eq_ignore_ascii_case(currency)
            || SIGNS.iter().any(|(sign, codes)| {
                *sign == word && codes.iter().any(|code| code.eq_ignore_ascii_case(currency))
            })
    };
    // Whatever is not part of a number belongs to a sign or a code.
    let in_number = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '−');
    let lead_end = text.find(in_number).unwrap_or(text.len());
    let tail_start = text.rfind(in_number).map_or(0, |at| {
        at + text[at..].chars().next().map_or(1, char::len_utf8)
    });
    let (lead, tail) = (text[..lead_end].trim(), text[tail_start..].trim());
    match (lead.is_empty(), tail.is_empty()) {
        (true, true) => Some(text),
        (false, true) if ours(lead) => Some(&text[lead_end..]),
        (true, false) if ours(tail) => Some(&text[..tail_start]),
        (false, false) if ours(lead) && ours(tail) => Some(&text[lead_end..tail_start]),
        _ => None,
    }
}

/// The digits of a number with its marks: the last of `.` and `,` is the decimal mark when both
/// appear; one kind of mark that appears more than once groups thousands; a single mark is a
/// decimal mark unless exactly three digits follow it and it could group them. `shown` is the
/// whole text the person typed, for the messages.
fn read_digits(text: &str, shown: &str) -> Result<f64, String> {
    let not_amount = || not_a_number(shown);
    let (negative, text) = match text.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c))
        || !text.chars().any(|c| c.is_ascii_digit())
    {
        return Err(not_amount());
    }
    let dots = text.matches('.').count();
    let commas = text.matches(',').count();
    let spaced = text.chars().any(is_group_space);
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let mark = if dots > 0 { '.' } else { ',' };
            let count = dots + commas;
            let at = text.rfind(mark).expect("the mark was counted");
            let after = &text[at + 1..];
            let groups_three = after.len() == 3 && !spaced && is_group_lead(&text[..at]);
            if count > 1 || groups_three {
                None
            } else {
                Some(at)
            }
        }
        _ => {
            let last = text.rfind(['.', ',']).expect("both marks were counted");
            let mark = text[last..].chars().next().expect("a mark is there");
            if text.matches(mark).count() > 1 {
                return Err(not_amount());
            }
            Some(last)
        }
    };
    let (whole, fraction) = match decimal {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    if decimal.is_some() && fraction.is_empty() {
        return Err(not_amount());
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return Err(not_amount());
    }
    let groups: Vec<&str> = whole
        .split(|c: char| c == '.' || c == ',' || is_group_space(c))
        .collect();
    let grouped_right =
        groups.len() == 1 || (is_group_lead(groups[0]) && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_right {
        return Err(format!(
            "{shown:?} groups its digits oddly: thousands go in threes, like 1,200,000"
        ));
    }
    let plain = format!(
        "{}{}.{}",
        if negative { "-" } else { "" },
        groups.concat(),
        if fraction.is_empty() { "0" } else { fraction }
    );
    match plain.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(not_amount()),
    }
}

/// Whether digits can stand before a thousands mark: one to three of them, not led by a zero.
fn is_group_lead(digits: &str) -> bool {
    (1..=3).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_type_them() {
        let cases: &[(&str, &str, f64)] = &[
            ("1200", "EUR", 1200.0),
            ("1,200", "EUR", 1200.0),
            ("1,200", "USD", 1200.0),
            ("1.200", "EUR", 1200.0),
            ("1 200", "EUR", 1200.0),
            ("1\u{a0}200", "EUR", 1200.0),
            ("1'200.50", "CHF", 1200.5),
            ("1.200,50", "EUR", 1200.5),
            ("1,200.50", "EUR", 1200.5),
            ("1.200,50", "USD", 1200.5),
            ("1 200,50", "EUR", 1200.5),
            ("1.234.567,8", "EUR", 1234567.8),
            ("1,234,567", "USD", 1234567.0),
            ("49,90", "EUR", 49.9),
            ("49.90", "EUR", 49.9),
            ("0,125", "EUR", 0.125),
            ("1200,500", "EUR", 1200.5),
            (",5", "EUR", 0.5),
            ("€300", "EUR", 300.0),
            ("€ 300", "EUR", 300.0),
            ("300 €", "EUR", 300.0),
            ("300 EUR", "EUR", 300.0),
            ("300eur", "EUR", 300.0),
            ("EUR 1.200,50", "EUR", 1200.5),
            ("$1,200.50", "USD", 1200.5),
            ("1 200 kr", "SEK", 1200.0),
            ("R$ 1.200,00", "BRL", 1200.0),
            ("300 euros", "euros", 300.0),
            ("  42  ", "EUR", 42.0),
            ("0", "EUR", 0.0),
            ("€300 EUR", "EUR", 300.0),
        ];
        for (text, currency, want) in cases {
            assert_eq!(
                read_amount(text, currency),
                Ok(*want),
                "{text:?} in {currency}"
            );
        }
    }

    #[test]
    fn amounts_refused_say_why() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "$300",
                "EUR",
                "\"$300\" is not in EUR, the workspace's currency",
            ),
            (
                "300 USD",
                "EUR",
                "\"300 USD\" is not in EUR, the workspace's currency",
            ),
            (
                "R$ 300",
                "USD",
                "\"R$ 300\" is not in USD, the workspace's currency",
            ),
            ("-5", "EUR", "\"-5\" is below zero; an amount cannot be"),
            ("−5 €", "EUR", "\"−5 €\" is below zero; an amount cannot be"),
            ("-€5", "EUR", "\"-€5\" is below zero; an amount cannot be"),
            (
                "1,2,3",
                "EUR",
                "\"1,2,3\" groups its digits oddly: thousands go in threes, like 1,200,000",
            ),
            (
                "12 00",
                "EUR",
                "\"12 00\" groups its digits oddly: thousands go in threes, like 1,200,000",
            ),
            (
                "1.200.50",
                "EUR",
                "\"1.200.50\" groups its digits oddly: thousands go in threes, like 1,200,000",
            ),
            (
                "1,200.50.5",
                "EUR",
                "\"1,200.50.5\" is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50",
            ),
            (
                "12.",
                "EUR",
                "\"12.\" is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50",
            ),
            (
                "1e3",
                "EUR",
                "\"1e3\" is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50",
            ),
            (
                "NaN",
                "EUR",
                "\"NaN\" is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50",
            ),
            (
                "€300 USD",
                "EUR",
                "\"€300 USD\" is not in EUR, the workspace's currency",
            ),
            (
                "€",
                "EUR",
                "\"€\" is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50",
            ),
            (
                "1 2 3 4",
                "EUR",
                "\"1 2 3 4\" groups its digits oddly: thousands go in threes, like 1,200,000",
            ),
            (
                "300 € 5",
                "EUR",
                "\"300 € 5\" is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50",
            ),
        ];
        for (text, currency, want) in cases {
            assert_eq!(
                read_amount(text, currency),
                Err(want.to_string()),
                "{text:?} in {currency}"
            );
        }
    }

    #[test]
    fn every_stored_amount_reads_back_as_itself() {
        for value in [
            0.0, 0.5, 12.25, 1200.0, 1234567.89, 49.9, 200.125, 0.125, 1200.125, 1e-7, 1e21,
        ] {
            assert_eq!(
                read_amount(&amount_text(value), "EUR"),
                Ok(value),
                "{value}"
            );
        }
        assert_eq!(amount_text(200.125), "200.1250");
    }

    #[test]
    fn numbers_read_as_amounts_do_and_may_be_below_zero() {
        let cases: &[(&str, &str, f64)] = &[
            ("3.5", "EUR", 3.5),
            ("3,5", "EUR", 3.5),
            ("1.200,50", "EUR", 1200.5),
            ("1,200.50", "USD", 1200.5),
            ("12 000", "EUR", 12000.0),
            ("€300", "EUR", 300.0),
            ("300 EUR", "EUR", 300.0),
            ("-5", "EUR", -5.0),
            ("−12,5", "EUR", -12.5),
            ("-€5", "EUR", -5.0),
            ("€-5", "EUR", -5.0),
            ("-1.200", "EUR", -1200.0),
            ("-0", "EUR", 0.0),
            ("0", "EUR", 0.0),
        ];
        for (text, currency, want) in cases {
            let read = read_number(text, currency);
            assert_eq!(read, Ok(*want), "{text:?} in {currency}");
            assert!(!read.unwrap().is_sign_negative() || *want < 0.0, "{text:?}");
        }
        let refused: &[(&str, &str, &str)] = &[
            (
                "$300",
                "EUR",
                "\"$300\" is not in EUR, the workspace's currency",
            ),
            (
                "3.5%",
                "EUR",
                "\"3.5%\": write the number without %; the unit field says what it counts",
            ),
            (
                "-€-5",
                "EUR",
                "\"-€-5\" is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50",
            ),
            (
                "1e3",
                "EUR",
                "\"1e3\" is not a number: write it like 1200, 1 200, 1,200.50 or 1.200,50",
            ),
            (
                "12 00",
                "EUR",
                "\"12 00\" groups its digits oddly: thousands go in threes, like 1,200,000",
            ),
        ];
        for (text, currency, want) in refused {
            assert_eq!(
                read_number(text, currency),
                Err(want.to_string()),
                "{text:?} in {currency}"
            );
        }
    }

    #[test]
    fn every_stored_number_reads_back_as_itself() {
        for value in [-200.125, -0.5, -1200.0, -1234567.89, 3.5, 200.125] {
            assert_eq!(
                read_number(&amount_text(value), "EUR"),
                Ok(value),
                "{value}"
            );
        }
        assert_eq!(amount_text(-200.125), "-200.1250");
    }

    proptest::proptest! {
        #[test]
        fn any_amount_survives_the_form(value in 0.0..1e18f64, cents in 0u32..100_000) {
            for value in [value, f64::from(cents) / 1000.0] {
                proptest::prop_assert_eq!(read_amount(&amount_text(value), "EUR"), Ok(value));
            }
        }
    }
}
