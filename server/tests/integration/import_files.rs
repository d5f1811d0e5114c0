//! Other tools' files, as messy as real ones (fixtures in `tests/fixtures/import/`), read into
//! an empty database: each oddity handled as an organiser would expect, every problem placed.

use chrono::{DateTime, Utc};
use server::import::{Format, Options, Planned, Refused, Stored, plan};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tunis() -> Options {
    Options {
        timezone: Some("Africa/Tunis".parse().unwrap()),
        ..Options::default()
    }
}

fn planned(file: &[u8], options: &Options) -> Planned {
    plan(file, options, &Stored::default()).unwrap_or_else(|Refused(p)| panic!("refused: {p:#?}"))
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn notes(p: &Planned) -> String {
    p.preview
        .notes
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_messy_frab_file_from_pretalx() {
    let file = fixture("pretalx-messy.xml");
    // No zone in the file and no event to take it from: said, with the option that fixes it.
    let Err(Refused(problems)) = plan(&file, &Options::default(), &Stored::default()) else {
        panic!("a file without a zone needs one");
    };
    assert!(problems[0].message.contains("--timezone"), "{problems:?}");

    let p = planned(&file, &tunis());
    assert_eq!(p.preview.format, Format::FrabXml);
    assert!(p.preview.creates_event);
    let programme = &p.programme;
    assert_eq!(programme.event.slug, "bff24");
    assert_eq!(programme.event.timezone, "Africa/Tunis");
    assert_eq!(programme.event.name.en, "Border Futures Forum");
    let ids: Vec<&str> = programme.sessions.iter().map(|s| s.id.as_str()).collect();
    // Event ids that are not UUIDs; the repeated id 1001 imported once more under 1001-2.
    assert_eq!(ids, ["1001", "1001-2", "1003", "1002", "1004"]);
    assert!(
        notes(&p).contains("the id \"1001\" is used twice"),
        "{}",
        notes(&p)
    );
    assert!(
        notes(&p).contains("line 36"),
        "the repeat is placed: {}",
        notes(&p)
    );

    let session = |id: &str| programme.sessions.iter().find(|s| s.id == id).unwrap();
    let opening = session("1001");
    // 09:00 in Tunis, `1:30` as a duration.
    assert_eq!(
        (opening.start, opening.end),
        (utc("2024-11-27T08:00:00Z"), utc("2024-11-27T09:30:00Z"))
    );
    // Markup dropped, its text kept, the script's content gone.
    assert_eq!(
        opening.description.en,
        "Welcome to Gammarth.\nTwo days of talks."
    );
    assert!(notes(&p).contains("markup (HTML) removed from 1 description"));
    assert_eq!(opening.moderators, ["Amira Ben Salah", "Jonas Weber"]);
    assert_eq!(opening.floor_language, Some(app::i18n::Lang::Fr));
    assert_eq!(opening.kind, app::model::Kind::Plenary, "Keynote");
    assert_eq!(opening.theme.as_deref(), Some("digitalisation"));
    assert!(
        opening.chatham_house && !opening.closed,
        "the conference's defaults"
    );
    // `00:30` in a day that starts at 08:00 is after midnight; PT45M as a duration.
    let late = session("1002");
    assert_eq!(
        (late.start, late.end),
        (utc("2024-11-27T23:30:00Z"), utc("2024-11-28T00:15:00Z"))
    );
    assert_eq!(late.theme, None);
    // A `<date>` in UTC, under a day whose local date is the venue's.
    assert_eq!(session("1001-2").start, utc("2024-11-27T10:45:00Z"));
    // An event in a room without a name has no room; its track becomes a theme.
    let workshop = session("1003");
    assert_eq!(workshop.room, None);
    assert_eq!(workshop.theme.as_deref(), Some("human-rights"));
    assert!(workshop.title.en.chars().count() <= 301 && workshop.title.en.ends_with('…'));
    assert!(notes(&p).contains("longer than 300 characters"));
    let rooms: Vec<(&str, &str)> = programme
        .rooms
        .iter()
        .map(|r| (r.id.as_str(), r.name.en.as_str()))
        .collect();
    assert_eq!(
        rooms,
        [
            ("hannibal-room", "Hannibal Room"),
            ("salle-elissa", "Salle Elissa")
        ]
    );
    assert_eq!(p.preview.added.len(), 5);
    assert!(notes(&p).contains("cannot mark a session closed"));
}

#[test]
fn a_frab_style_c3voc_json_file() {
    let p = planned(&fixture("frab-style.json"), &Options::default());
    assert_eq!(p.preview.format, Format::C3vocJson);
    let programme = &p.programme;
    assert_eq!(
        programme.event.slug, "tfb-2024",
        "from the acronym tfb_2024"
    );
    assert_eq!(programme.event.timezone, "Africa/Tunis");
    let visas = &programme.sessions[0];
    // The other tool's id: its slug holds the title, which may change.
    assert_eq!(visas.id, "501");
    assert_eq!(
        (visas.start, visas.end),
        (utc("2024-11-27T08:30:00Z"), utc("2024-11-27T09:45:00Z"))
    );
    assert_eq!(visas.description.en, "Faster e-visas & fewer queues.");
    assert_eq!(visas.moderators, ["Leila Haddad"]);
    // A session that runs past midnight, with an ISO 8601 duration.
    let night = &programme.sessions[1];
    assert_eq!(
        (night.start, night.end),
        (utc("2024-11-27T22:30:00Z"), utc("2024-11-27T23:30:00Z"))
    );
    assert_eq!(night.room.as_deref(), Some("carthage-hall"));
}

#[test]
fn a_schedule2_file_with_languages_states_and_breaks() {
    let p = planned(&fixture("schedule2.json"), &Options::default());
    let programme = &p.programme;
    assert_eq!(programme.event.slug, "hrb24");
    assert_eq!(programme.rooms.len(), 1);
    assert_eq!(
        (programme.rooms[0].id.as_str(), programme.rooms[0].capacity),
        ("dido", Some(80))
    );
    assert_eq!(programme.themes[0].slug, "rights");
    let safeguards = programme.sessions.iter().find(|s| s.id == "xk7pq").unwrap();
    assert_eq!(safeguards.description.en, "Who checks the checks?");
    assert_eq!(
        safeguards.description.fr.as_deref(),
        Some("Qui contrôle les contrôles ?")
    );
    assert_eq!(safeguards.kind, app::model::Kind::SideEvent);
    assert_eq!(safeguards.theme.as_deref(), Some("rights"));
    assert!(
        programme
            .sessions
            .iter()
            .any(|s| s.id == "zz9ab" && s.cancelled)
    );
    let coffee = programme
        .sessions
        .iter()
        .find(|s| s.title.en == "Coffee")
        .unwrap();
    assert_eq!(coffee.kind, app::model::Kind::Break);
    assert_eq!(coffee.room.as_deref(), Some("dido"));
}

#[test]
fn an_outlook_calendar() {
    // The file's own zone is a Windows name, not IANA: its times are read in `--timezone`.
    let p = planned(&fixture("outlook.ics"), &tunis());
    assert_eq!(p.preview.format, Format::Ical);
    let programme = &p.programme;
    assert_eq!(programme.event.slug, "communication-and-narratives");
    let titles: Vec<&str> = programme
        .sessions
        .iter()
        .map(|s| s.title.en.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Narratives that work, and those that don't",
            "Press briefing",
            "Floating in an unknown zone"
        ]
    );
    let first = &programme.sessions[0];
    assert_eq!(
        first.start,
        utc("2024-11-27T09:00:00Z"),
        "TZID=Africa/Tunis"
    );
    // Folded lines unfolded; the alarm's DESCRIPTION is not the session's.
    assert_eq!(
        first.description.en,
        "A long description folded over\nseveral lines by the calendar app that wrote it."
    );
    assert_eq!(first.kind, app::model::Kind::SideEvent);
    assert_eq!(first.room.as_deref(), Some("tanit-room"));
    let briefing = &programme.sessions[1];
    assert!(briefing.cancelled && briefing.room.is_none());
    assert_eq!(
        (briefing.start, briefing.end),
        (utc("2024-11-27T13:00:00Z"), utc("2024-11-27T13:45:00Z"))
    );
    assert_eq!(
        programme.sessions[2].start,
        utc("2024-11-28T08:00:00Z"),
        "09:00 in Tunis"
    );
    assert!(notes(&p).contains("all-day event"), "{}", notes(&p));
}

#[test]
fn broken_files_are_refused_with_every_problem_placed() {
    let refused = |text: &str| match plan(text.as_bytes(), &tunis(), &Stored::default()) {
        Err(Refused(problems)) => problems,
        Ok(_) => panic!("accepted: {text}"),
    };
    let xml = refused(
        "<schedule>\n  <day date=\"2024-11-27\">\n    <room name=\"A\">\n      <event id=\"1\" guid=\"x\"><title>T</title>\n</schedule>",
    );
    assert!(
        xml[0].at.as_deref().unwrap().starts_with("line 5"),
        "{xml:?}"
    );
    let json = refused(
        r#"{"schedule": {"conference": {"acronym": "x", "title": "X"}, "events": [
        {"guid": "g1", "title": "Fine", "start": "2024-11-27T10:00:00+01:00", "end": "2024-11-27T11:00:00+01:00"},
        {"guid": "g2", "title": "No time"},
        {"guid": "g3", "title": "Bad", "start": "2024-11-27T10:00:00+01:00", "duration": "ninety minutes"}]}}"#,
    );
    let places: Vec<&str> = json.iter().filter_map(|p| p.at.as_deref()).collect();
    assert_eq!(
        places,
        ["schedule.events[1]", "schedule.events[2]"],
        "{json:?}"
    );
    assert!(json[1].message.contains("\"ninety minutes\""));
    let ics = refused(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:No start\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART:2024\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let places: Vec<&str> = ics.iter().filter_map(|p| p.at.as_deref()).collect();
    assert_eq!(places, ["line 2", "line 6"], "{ics:?}");
    // A session outside the event's days is placed where it is in the file.
    let outside = refused(
        r#"{"schedule": {"conference": {"acronym": "x", "title": "X", "start": "2024-11-27", "end": "2024-11-27"}, "events": [
        {"guid": "g1", "title": "Fine", "start": "2024-11-27T10:00:00+01:00", "end": "2024-11-27T11:00:00+01:00"},
        {"guid": "g2", "title": "Next year", "start": "2025-11-27T10:00:00+01:00", "end": "2025-11-27T11:00:00+01:00"}]}}"#,
    );
    assert_eq!(
        outside[0].at.as_deref(),
        Some("schedule.events[1]"),
        "{outside:?}"
    );
    assert!(
        refused("name,start\nx,y\n")[0]
            .message
            .contains("cannot be recognised")
    );
    assert!(
        matches!(plan(&[0xff, 0xfe, 0x00], &tunis(), &Stored::default()), Err(Refused(p)) if p[0].message.contains("UTF-8"))
    );
}

#[test]
fn hostile_files_are_read_in_linear_time_and_refused_when_too_big() {
    // Each of these took minutes or gigabytes with a quadratic step; now they read at once.
    let amp = format!(
        r#"{{"schedule": {{"conference": {{"acronym": "x", "title": "X"}}, "events": [{{"guid": "g", "title": "T", "start": "2024-11-27T10:00:00+01:00", "end": "2024-11-27T11:00:00+01:00", "abstract": "<p>{}"}}]}}}}"#,
        "&".repeat(2_000_000)
    );
    let p = planned(amp.as_bytes(), &tunis());
    assert!(p.programme.sessions[0].description.en.chars().count() <= 20_001);
    let scripts = format!(
        r#"{{"schedule": {{"conference": {{"acronym": "x", "title": "X"}}, "events": [{{"guid": "g", "title": "T", "start": "2024-11-27T10:00:00+01:00", "end": "2024-11-27T11:00:00+01:00", "abstract": "{}"}}]}}}}"#,
        "<script></script>".repeat(200_000)
    );
    assert_eq!(
        planned(scripts.as_bytes(), &tunis()).programme.sessions[0]
            .description
            .en,
        ""
    );
    let events: String = (0..6_000)
        .map(|i| format!("<event guid=\"g{i}\" id=\"{i}\"><title>T</title><date>2024-11-27T10:00:00+01:00</date><duration>00:30</duration></event>"))
        .collect();
    let many = format!(
        "<schedule><day date=\"2024-11-27\"><room name=\"A\">{events}</room></day></schedule>"
    );
    let Err(Refused(problems)) = plan(many.as_bytes(), &tunis(), &Stored::default()) else {
        panic!("6,000 sessions are refused");
    };
    assert!(problems[0].message.contains("at most 5000"), "{problems:?}");
    let lines = "x\n".repeat(1_000_000);
    let Err(Refused(problems)) = plan(
        format!("BEGIN:VCALENDAR\n{lines}").as_bytes(),
        &tunis(),
        &Stored::default(),
    ) else {
        panic!("refused");
    };
    assert_eq!(
        problems.len(),
        201,
        "the first 200 problems, then how many more"
    );
    assert!(problems[200].message.contains("more"));
}

#[test]
fn an_id_of_another_events_session_is_not_taken() {
    let mut other = planned(&fixture("pretalx-messy.xml"), &tunis()).programme;
    other.event.slug = "other-event".into();
    let agenda = app::model::Agenda {
        version: 1,
        updated_at: chrono::Utc::now(),
        event: other.event,
        themes: other.themes,
        rooms: other.rooms,
        sessions: other.sessions,
    };
    let stored = Stored {
        agendas: [("other-event".to_string(), agenda)].into_iter().collect(),
        deadlines: Default::default(),
    };
    let options = Options {
        event: Some("bff24".into()),
        ..tunis()
    };
    let p = plan(&fixture("pretalx-messy.xml"), &options, &stored)
        .unwrap_or_else(|Refused(p)| panic!("{p:?}"));
    let ids: Vec<&str> = p.programme.sessions.iter().map(|s| s.id.as_str()).collect();
    assert!(!ids.contains(&"1001") && !ids.contains(&"1004"), "{ids:?}");
    assert!(
        notes(&p).contains("belongs to a session of another event"),
        "{}",
        notes(&p)
    );
}
