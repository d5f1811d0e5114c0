//! Times are stored in UTC and always shown in the venue's zone, never the browser's.

use crate::i18n::Lang;
use crate::model::Event;
use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// The venue's zone and the conference days, derived from the event.
#[derive(Clone, Copy, Debug)]
pub struct VenueTime {
    pub tz: Tz,
}

impl VenueTime {
    /// The zone is validated on import, so an unparsable one can only come from a hand-edited
    /// database; UTC then keeps the page readable rather than failing it.
    pub fn of(event: &Event) -> Self {
        VenueTime {
            tz: event.timezone.parse().unwrap_or(Tz::UTC),
        }
    }

    pub fn date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// "09:05", 24-hour, as every working language writes it at conferences.
    pub fn clock(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.tz);
        format!("{:02}:{:02}", local.hour(), local.minute())
    }

    /// "09:00–10:30".
    pub fn range(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
        format!("{}–{}", self.clock(start), self.clock(end))
    }

    /// The zone's offset on that day, "UTC+01:00".
    pub fn offset_label(&self, on: NaiveDate) -> String {
        let noon = on.and_hms_opt(12, 0, 0).unwrap_or_default();
        let seconds = self
            .tz
            .offset_from_utc_datetime(&noon)
            .fix()
            .local_minus_utc();
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.unsigned_abs() / 60;
        format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// Every day of the event, first to last.
pub fn event_days(event: &Event) -> Vec<NaiveDate> {
    event
        .start_date
        .iter_days()
        .take_while(|d| *d <= event.end_date)
        .collect()
}

/// "Wednesday 27".
pub fn weekday_and_day(date: NaiveDate, lang: Lang) -> String {
    let s = lang.strings();
    format!(
        "{} {}",
        s.weekdays[date.weekday().num_days_from_monday() as usize],
        date.day()
    )
}

/// "27 November 2024".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let s = lang.strings();
    format!(
        "{} {} {}",
        date.day(),
        s.months[date.month0() as usize],
        date.year()
    )
}

/// "27 November 09:42", in venue time: for "updated …" lines.
pub fn day_and_clock(venue: &VenueTime, at: DateTime<Utc>, lang: Lang) -> String {
    let date = venue.date(at);
    format!(
        "{} {} {}",
        date.day(),
        lang.strings().months[date.month0() as usize],
        venue.clock(at)
    )
}

/// "20 November 2024, 23:59 (Tunis time, UTC+01:00)": a deadline, wherever the reader is.
pub fn venue_date_time(event: &Event, at: DateTime<Utc>, lang: Lang) -> String {
    let venue = VenueTime::of(event);
    let date = venue.date(at);
    lang.mail()
        .at_venue_time
        .replace("{date}", &long_date(date, lang))
        .replace("{time}", &venue.clock(at))
        .replace("{city}", event.city.get(lang))
        .replace("{offset}", &venue.offset_label(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Localized;

    fn event(tz: &str) -> Event {
        Event {
            slug: "e".into(),
            name: Localized::default(),
            short_name: Localized::default(),
            venue: Localized::default(),
            city: Localized::default(),
            timezone: tz.into(),
            start_date: NaiveDate::from_ymd_opt(2024, 11, 27).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2024, 11, 28).unwrap(),
            languages: vec![],
            contact_email: String::new(),
            demo: false,
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn shows_utc_times_in_tunis_time() {
        let venue = VenueTime::of(&event("Africa/Tunis"));
        assert_eq!(venue.clock(utc("2024-11-27T08:00:00Z")), "09:00");
        assert_eq!(
            venue.range(utc("2024-11-27T08:00:00Z"), utc("2024-11-27T09:30:00Z")),
            "09:00–10:30"
        );
        assert_eq!(
            venue.offset_label(NaiveDate::from_ymd_opt(2024, 11, 27).unwrap()),
            "UTC+01:00"
        );
    }

    #[test]
    fn the_venue_day_not_the_utc_day_decides_the_date() {
        let venue = VenueTime::of(&event("Africa/Tunis"));
        // 23:30 UTC on the 27th is already the 28th in Tunis.
        assert_eq!(
            venue.date(utc("2024-11-27T23:30:00Z")),
            NaiveDate::from_ymd_opt(2024, 11, 28).unwrap()
        );
    }

    #[test]
    fn offsets_follow_daylight_saving_and_negative_zones() {
        let venue = VenueTime::of(&event("America/St_Johns"));
        assert_eq!(
            venue.offset_label(NaiveDate::from_ymd_opt(2024, 1, 10).unwrap()),
            "UTC-03:30"
        );
        assert_eq!(
            venue.offset_label(NaiveDate::from_ymd_opt(2024, 7, 10).unwrap()),
            "UTC-02:30"
        );
    }

    #[test]
    fn lists_every_event_day_and_labels_them_per_language() {
        let days = event_days(&event("Africa/Tunis"));
        assert_eq!(days.len(), 2);
        assert_eq!(weekday_and_day(days[0], Lang::En), "Wednesday 27");
        assert_eq!(weekday_and_day(days[1], Lang::Fr), "jeudi 28");
        assert_eq!(long_date(days[0], Lang::Ru), "27 ноября 2024");
        assert_eq!(long_date(days[0], Lang::Ar), "27 نوفمبر 2024");
    }
}
