//! Times the user types ("send at", "expires"), read in their zone (`$TZ` where set, as over
//! SSH): `+2h`, `in 30m`, `tomorrow 9:00`, `friday 18:30`, `18:00`, `2026-12-24 18:00`,
//! `2026-12-24`. Shown back the way they are typed, so what is shown can be typed again.

use jiff::civil::{Date, Time, Weekday};
use jiff::{SignedDuration, Timestamp, Zoned, tz::TimeZone};

/// What the user is told a time may look like.
pub const FORMATS: &str = "+2h, tomorrow 9:00 or 2026-12-24 18:00";

/// The moment `text` names, seen from `now` (in the user's zone); the reason it cannot be read
/// otherwise. A time of day already past today is tomorrow's.
pub fn parse(text: &str, now: &Zoned) -> Result<Timestamp, String> {
    let text = text.trim().to_lowercase();
    let refuse = || {
        format!(
            "“{}” is not a time skua reads: write {FORMATS}",
            text.trim()
        )
    };
    if let Some(span) = text.strip_prefix('+').or_else(|| text.strip_prefix("in ")) {
        let span = parse_span(span).ok_or_else(refuse)?;
        return now.timestamp().checked_add(span).map_err(|_| refuse());
    }
    // `2026-12-24T18:00` as two words.
    let words = match text.starts_with(|c: char| c.is_ascii_digit()) && text.contains('-') {
        true => text.replacen('t', " ", 1),
        false => text.clone(),
    };
    let mut words = words.split_whitespace();
    let (day, time) = match (words.next(), words.next(), words.next()) {
        (Some(first), second, None) => match (parse_day(first, now), second) {
            (Some(day), Some(time)) => (Some(day), Some(parse_time(time).ok_or_else(refuse)?)),
            (Some(day), None) => (Some(day), None),
            (None, None) => (None, Some(parse_time(first).ok_or_else(refuse)?)),
            (None, Some(_)) => return Err(refuse()),
        },
        _ => return Err(refuse()),
    };
    let zoned = match (day, time) {
        (Some(day), Some(time)) => day.to_datetime(time).to_zoned(now.time_zone().clone()),
        (Some(day), None) if text.contains('-') => day.to_zoned(now.time_zone().clone()),
        // `tomorrow`, `friday`: at this time of day.
        (Some(day), None) => day
            .to_datetime(now.time())
            .to_zoned(now.time_zone().clone()),
        (None, Some(time)) => {
            let today = now
                .date()
                .to_datetime(time)
                .to_zoned(now.time_zone().clone());
            match today {
                Ok(today) if today.timestamp() <= now.timestamp() => today.tomorrow(),
                other => other,
            }
        }
        (None, None) => return Err(refuse()),
    };
    zoned.map(|z| z.timestamp()).map_err(|_| refuse())
}

/// The moment `text` names, at least `soonest` after `now`; why not otherwise.
pub fn ahead(text: &str, now: &Zoned, soonest: SignedDuration) -> Result<Timestamp, String> {
    let at = parse(text, now)?;
    if at <= now.timestamp() {
        return Err(format!("{} has passed: write a time to come", show(at)));
    }
    if at < now.timestamp() + soonest {
        return Err(format!(
            "the server takes a time {} minutes ahead at the soonest",
            soonest.as_mins()
        ));
    }
    Ok(at)
}

/// Mastodon schedules a post 5 minutes ahead at the soonest; Misskey any time to come.
pub fn soonest_post(misskey: bool) -> SignedDuration {
    match misskey {
        true => SignedDuration::ZERO,
        false => SignedDuration::from_mins(5),
    }
}

/// `2h`, `30m`, `1h30m`, `2d`, `1w`, `90s`, `2 hours`.
fn parse_span(text: &str) -> Option<SignedDuration> {
    let text: String = text.split_whitespace().collect();
    let mut total = SignedDuration::ZERO;
    let mut rest = text.as_str();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let amount: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_end] {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            "w" | "week" | "weeks" => 7 * 86_400,
            _ => return None,
        };
        rest = &rest[unit_end..];
        total = total.checked_add(SignedDuration::from_secs(amount.checked_mul(seconds)?))?;
    }
    Some(total)
}

/// `today`, `tomorrow`, a weekday (the next one, a week on if it is today), `2026-12-24`.
fn parse_day(word: &str, now: &Zoned) -> Option<Date> {
    let today = now.date();
    match word {
        "today" => return Some(today),
        "tomorrow" => return today.tomorrow().ok(),
        _ => {}
    }
    if let Some(weekday) = parse_weekday(word) {
        let ahead = (weekday.to_monday_zero_offset() - today.weekday().to_monday_zero_offset())
            .rem_euclid(7);
        let ahead = if ahead == 0 { 7 } else { ahead };
        return today
            .checked_add(jiff::Span::new().days(i64::from(ahead)))
            .ok();
    }
    word.parse::<Date>().ok()
}

fn parse_weekday(word: &str) -> Option<Weekday> {
    let days = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    days.into_iter()
        .find(|(name, _)| word.len() >= 3 && name.starts_with(word))
        .map(|(_, day)| day)
}

/// `9:00`, `18:30`, `9` (o'clock), `9am`, `6:30pm`.
fn parse_time(word: &str) -> Option<Time> {
    let (word, offset) = match (word.strip_suffix("am"), word.strip_suffix("pm")) {
        (Some(w), _) => (w, Some(0)),
        (_, Some(w)) => (w, Some(12)),
        _ => (word, None),
    };
    let (hour, minute) = word.split_once(':').unwrap_or((word, "0"));
    let mut hour: i8 = hour.parse().ok()?;
    let minute: i8 = minute.parse().ok()?;
    if let Some(offset) = offset {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + offset;
    }
    Time::new(hour, minute, 0, 0).ok()
}

/// The user's zone: `$TZ` where set, else the system's.
pub fn zone() -> TimeZone {
    TimeZone::system()
}

/// `at` as the user types times: `2026-12-24 18:00` in their zone.
pub fn show(at: Timestamp) -> String {
    at.to_zoned(zone()).strftime("%Y-%m-%d %H:%M").to_string()
}

/// Now, in the user's zone.
pub fn now() -> Zoned {
    Timestamp::now().to_zoned(zone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thursday 3 December 2026, 10:15 in Berlin.
    fn now() -> Zoned {
        "2026-12-03T10:15:00+01:00[Europe/Berlin]".parse().unwrap()
    }

    fn at(text: &str) -> String {
        parse(text, &now())
            .map(|t| {
                t.to_zoned(now().time_zone().clone())
                    .strftime("%a %F %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|e| e)
    }

    #[test]
    fn the_three_formats_of_the_issue_read_in_the_users_zone() {
        assert_eq!(at("tomorrow 9:00"), "Fri 2026-12-04 09:00");
        assert_eq!(at("2026-12-24 18:00"), "Thu 2026-12-24 18:00");
        assert_eq!(at("+2h"), "Thu 2026-12-03 12:15");
    }

    #[test]
    fn spans_days_and_times_of_day() {
        assert_eq!(at("+1h30m"), "Thu 2026-12-03 11:45");
        assert_eq!(at("in 2 days"), "Sat 2026-12-05 10:15");
        assert_eq!(at("18:00"), "Thu 2026-12-03 18:00");
        // Already past today: tomorrow's.
        assert_eq!(at("9:00"), "Fri 2026-12-04 09:00");
        assert_eq!(at("6:30pm"), "Thu 2026-12-03 18:30");
        assert_eq!(at("friday 8"), "Fri 2026-12-04 08:00");
        // Today is Thursday: the next one.
        assert_eq!(at("thu 9:00"), "Thu 2026-12-10 09:00");
        assert_eq!(at("Tomorrow"), "Fri 2026-12-04 10:15");
        assert_eq!(at("2026-12-24"), "Thu 2026-12-24 00:00");
        assert_eq!(at("2026-12-24T18:00"), "Thu 2026-12-24 18:00");
    }

    #[test]
    fn what_is_shown_can_be_typed_again() {
        let moment = parse("2026-12-24 18:00", &now()).unwrap();
        let shown = moment
            .to_zoned(now().time_zone().clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string();
        assert_eq!(parse(&shown, &now()), Ok(moment));
    }

    #[test]
    fn a_time_ahead_is_to_come_and_soon_enough() {
        let five = SignedDuration::from_mins(5);
        assert!(ahead("+10m", &now(), five).is_ok());
        assert!(
            ahead("+2m", &now(), five)
                .unwrap_err()
                .contains("5 minutes ahead")
        );
        assert!(
            ahead("2026-12-01 10:00", &now(), five)
                .unwrap_err()
                .contains("has passed")
        );
        assert!(ahead("+2m", &now(), SignedDuration::ZERO).is_ok());
    }

    #[test]
    fn what_is_not_a_time_says_how_to_write_one() {
        for bad in [
            "",
            "soon",
            "+",
            "+2x",
            "25:00",
            "tomorrow noon",
            "13pm",
            "1 2 3",
            "+99999999999999w",
        ] {
            let error = parse(bad, &now()).unwrap_err();
            assert!(error.contains("tomorrow 9:00"), "{bad}: {error}");
        }
    }
}
