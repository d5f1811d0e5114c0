//! Export, then import into an empty database: the same sessions (ids, times, rooms, titles),
//! on generated programmes and on the served demo programme through the real server and CLI.

use crate::common::spawn_app;
use app::i18n::Lang;
use app::model::{Agenda, Event, Kind, Localized, Room, Session, Theme};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::Method;
use server::import::{Format, Options, Refused, Stored, plan};

fn text(en: &str) -> Localized {
    Localized {
        en: en.into(),
        ..Default::default()
    }
}

/// A programme as organisers write them: several rooms (one with an Arabic name only in
/// Arabic), themes, breaks, sessions without a room, past midnight, cancelled, Chatham House.
fn generated(seed: u64) -> Agenda {
    let mut rng = StdRng::seed_from_u64(seed);
    let zone: chrono_tz::Tz = [
        "Africa/Tunis",
        "Europe/Vienna",
        "Asia/Amman",
        "America/New_York",
    ][rng.random_range(0..4)]
    .parse()
    .unwrap();
    let first = NaiveDate::from_ymd_opt(2024, 11, 27).unwrap();
    let days = rng.random_range(1..=3);
    let rooms: Vec<Room> = (0..rng.random_range(1..=5))
        .map(|i| Room {
            id: format!("room-{i}"),
            name: Localized {
                ar: Some(format!("قاعة {i}")),
                ..text(&format!(
                    "Room {i} ({})",
                    ["Hannibal", "Elissa", "Dido", "Tanit", "Jugurtha"][i]
                ))
            },
            floor: text("Ground floor"),
            capacity: Some(rng.random_range(20..400)),
            directions: text(""),
        })
        .collect();
    let themes = vec![
        Theme {
            slug: "digital".into(),
            name: text("Digitalisation & AI"),
        },
        Theme {
            slug: "rights".into(),
            name: text("Human-rights-centred border management"),
        },
    ];
    let sessions = (0..rng.random_range(1..=60))
        .map(|i| {
            let day = first + Duration::days(rng.random_range(0..days));
            let minute = rng.random_range(7 * 60..24 * 60 - 30) / 5 * 5;
            let local = day.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(minute);
            let start = zone
                .from_local_datetime(&local)
                .earliest()
                .unwrap()
                .with_timezone(&Utc);
            let kind = Kind::ALL[rng.random_range(0..4)];
            let chatham = rng.random_bool(0.5);
            Session {
                id: format!("s{seed}-{i}"),
                kind,
                theme: [
                    None,
                    Some("digital".to_string()),
                    Some("rights".to_string()),
                ][rng.random_range(0..3)]
                .clone(),
                title: Localized {
                    fr: Some(format!("Séance {i} « débat »")),
                    ..text(&format!("Session {i}: borders & <trust> \"now\""))
                },
                description: text(&format!("What session {i} is about.\nSecond line.")),
                start,
                end: start + Duration::minutes(rng.random_range(3..=48) * 5),
                room: rng
                    .random_bool(0.85)
                    .then(|| rooms[rng.random_range(0..rooms.len())].id.clone()),
                floor_language: Some(Lang::ALL[rng.random_range(0..4)]),
                interpretation: Vec::new(),
                closed: false,
                chatham_house: chatham,
                moderators: if chatham {
                    Vec::new()
                } else {
                    vec![format!("Moderator {i}")]
                },
                cancelled: rng.random_bool(0.1),
            }
        })
        .collect::<Vec<_>>();
    let mut sessions = sessions;
    sessions.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    Agenda {
        version: 1,
        updated_at: Utc::now(),
        event: Event {
            slug: format!("conf-{seed}"),
            name: text("Generated conference"),
            short_name: text("GC"),
            venue: text("Carthage Thalasso"),
            city: text("Tunis"),
            timezone: zone.name().into(),
            start_date: first,
            end_date: first + Duration::days(days - 1),
            languages: Lang::ALL.to_vec(),
            contact_email: "x@example.org".into(),
            demo: false,
        },
        themes,
        rooms,
        sessions,
    }
}

/// What must survive the trip: id, times, room (by id, or by name where the format carries
/// only names), English title, kind, and (where the format can say so) cancellation.
fn kept(agenda_rooms: &[Room], s: &Session, rooms_by_name: bool) -> String {
    let room = match (&s.room, rooms_by_name) {
        (Some(id), true) => agenda_rooms
            .iter()
            .find(|r| &r.id == id)
            .map(|r| r.name.en.clone())
            .unwrap_or_default(),
        (room, _) => room.clone().unwrap_or_default(),
    };
    format!(
        "{} {} {} [{room}] {} {:?} {}",
        s.id,
        s.start.to_rfc3339(),
        s.end.to_rfc3339(),
        s.title.en,
        s.kind,
        s.cancelled
    )
}

fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines
}

fn import(file: &[u8]) -> server::programme::Programme {
    match plan(file, &Options::default(), &Stored::default()) {
        Ok(planned) => planned.programme,
        Err(Refused(problems)) => panic!("refused: {problems:#?}"),
    }
}

#[test]
fn export_then_import_is_the_identity_on_generated_programmes() {
    for seed in 0..40 {
        let agenda = generated(seed);
        // frab XML: rooms by name (the format has no room ids), cancelled sessions left out.
        let xml = server::frab::schedule_xml(&agenda, "https://companion.example", Lang::En);
        let back = import(xml.as_bytes());
        let expected: Vec<String> = agenda
            .sessions
            .iter()
            .filter(|s| !s.cancelled)
            .map(|s| kept(&agenda.rooms, s, true))
            .collect();
        let got: Vec<String> = back
            .sessions
            .iter()
            .map(|s| kept(&back.rooms, s, true))
            .collect();
        assert_eq!(sorted(got), sorted(expected), "frab XML, seed {seed}");
        assert_eq!(back.event.slug, agenda.event.slug);

        // c3voc schedule2: room ids, cancellations; breaks are meta events, which carry no id.
        let json = server::c3voc::schedule_json(&agenda, "https://companion.example", Lang::En)
            .to_string();
        let back = import(json.as_bytes());
        let expected: Vec<String> = agenda
            .sessions
            .iter()
            .filter(|s| !(s.kind == Kind::Break && s.cancelled))
            .map(|s| kept(&agenda.rooms, s, false))
            .collect();
        // A break comes back with its GUID as id; everything else of it is the same.
        let break_ids: std::collections::HashMap<String, &str> = agenda
            .sessions
            .iter()
            .filter(|s| s.kind == Kind::Break)
            .map(|s| {
                (
                    server::frab::stable_uuid(&agenda.event.slug, &s.id),
                    s.id.as_str(),
                )
            })
            .collect();
        let got: Vec<String> = back
            .sessions
            .iter()
            .map(|s| {
                let line = kept(&back.rooms, s, false);
                match break_ids.get(&s.id) {
                    Some(id) => line.replacen(&s.id, id, 1),
                    None => line,
                }
            })
            .collect();
        assert_eq!(sorted(got), sorted(expected), "c3voc JSON, seed {seed}");
        for (room, original) in back.rooms.iter().zip(&agenda.rooms) {
            assert_eq!(
                (&room.id, &room.name.en, room.capacity),
                (&original.id, &original.name.en, original.capacity)
            );
        }
        assert_eq!(back.event.timezone, agenda.event.timezone);
    }
}

/// Exports the served demo programme as the organiser (closed side event included), imports
/// each file with `server import` into an empty database, and reads it back.
#[tokio::test]
async fn the_demo_programme_survives_export_and_the_import_command() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let (_, agenda) = app
        .call(
            Method::GET,
            "/api/v1/agenda",
            Some(&organiser),
            serde_json::Value::Null,
        )
        .await;
    let served: Agenda = serde_json::from_value(agenda).unwrap();
    for (path, format, rooms_by_name) in [
        ("/api/v1/export/schedule.xml", Format::FrabXml, true),
        ("/api/v1/export/schedule.json", Format::C3vocJson, false),
        ("/api/v1/export/schedule.ics", Format::Ical, true),
    ] {
        let body = app
            .request(Method::GET, path, Some(&organiser))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("programme");
        std::fs::write(&file, &body).unwrap();
        let database_url = format!("sqlite://{}/fresh.db", dir.path().display());
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("import")
            .arg(&file)
            .env("DATABASE_URL", &database_url)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{path}: {}{printed}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            printed.contains(&format!("{} file: creates event ibmc-2024", format.slug())),
            "{printed}"
        );
        let store = server::store::Store::connect(&database_url).await.unwrap();
        let back = store
            .load_agenda("ibmc-2024")
            .await
            .unwrap()
            .expect("the event is created");
        let shown = |s: &&Session| match format {
            Format::FrabXml => !s.cancelled,
            _ => true,
        };
        let expected: Vec<String> = served
            .sessions
            .iter()
            .filter(shown)
            .map(|s| kept(&served.rooms, s, rooms_by_name))
            .collect();
        // schedule2 breaks are meta events, which have no id: they come back under their GUID.
        let got: Vec<String> = back
            .sessions
            .iter()
            .map(|s| {
                let line = kept(&back.rooms, s, rooms_by_name);
                let original = served
                    .sessions
                    .iter()
                    .find(|o| server::frab::stable_uuid("ibmc-2024", &o.id) == s.id);
                match original {
                    Some(o) if format == Format::C3vocJson && o.kind == Kind::Break => {
                        line.replacen(&s.id, &o.id, 1)
                    }
                    _ => line,
                }
            })
            .collect();
        if format == Format::Ical {
            // LOCATION is "room, floor"; the times, ids and titles are what must hold.
            let strip = |lines: Vec<String>| {
                lines
                    .into_iter()
                    .map(|l| {
                        l.split(" [").next().unwrap().to_string() + &l[l.find("] ").unwrap()..]
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(strip(got), strip(expected), "{path}");
        } else {
            assert_eq!(got, expected, "{path}");
        }
        assert!(
            printed.contains("cannot mark a session closed"),
            "the closed side event opens: said before applying"
        );
    }
}
