//! A deterministic generator of large, valid workspaces, shared by the integration tests and the
//! benchmarks (which include this file with `#[path]`).
//!
//! The same `items` always gives the same workspace, hence the same bytes: ids come from a
//! counter (`Id::from_u128`) and every "random" choice from a fixed hash of a number.

use journeymap::model::{
    Channel, ContentType, Contents, Date, Id, Item, Journey, Kind, Level, Mapping, Media, Metric,
    Objective, Persona, Status, Step, Table, Workspace,
};

/// A fixed mixing function (splitmix64): spreads choices evenly without any randomness.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d1_049b_b133_111b);
    z ^ (z >> 31)
}

/// Hands out ids 1, 2, 3… (0 is the nil id, which the rules refuse).
struct Ids(u128);

impl Ids {
    fn next(&mut self) -> Id {
        self.0 += 1;
        Id::from_u128(self.0)
    }
}

const STEP_NAMES: [&str; 6] = [
    "Awareness",
    "Consideration",
    "Purchase",
    "Onboarding",
    "Loyalty",
    "Advocacy",
];

const TYPE_NAMES: [&str; 20] = [
    "Website page",
    "Promo video",
    "Email campaign",
    "Live chat",
    "Blog post",
    "Social post",
    "Search ad",
    "Display banner",
    "Product guide",
    "FAQ",
    "Webinar",
    "Podcast episode",
    "Newsletter",
    "Case study",
    "Store event",
    "Phone support",
    "Loyalty app",
    "Review request",
    "Referral offer",
    "Onboarding call",
];

const CHANNEL_NAMES: [&str; 12] = [
    "Google Search",
    "Instagram",
    "Facebook",
    "YouTube",
    "Email",
    "Web shop",
    "Blog",
    "Partner shops",
    "Local press",
    "Podcasts",
    "LinkedIn",
    "Word of mouth",
];

const OWNERS: [&str; 6] = ["Lena", "Marco", "Aisha", "Jürgen", "Chloé", ""];

const METRIC_NAMES: [(&str, Level, &str); 9] = [
    ("Customer lifetime value", Level::Strategic, "EUR"),
    ("Digital adoption", Level::Strategic, "%"),
    ("Click-through rate", Level::Marketing, "%"),
    ("Conversion rate", Level::Marketing, "%"),
    ("Cost per acquisition", Level::Marketing, "EUR"),
    ("Revenue from digital channels", Level::Integrated, "EUR"),
    ("Acquisition cost", Level::Integrated, "EUR"),
    ("Retention", Level::Integrated, "%"),
    ("Net promoter score", Level::Strategic, "points"),
];

/// A valid workspace with about `items` items, the same every call for the same `items`:
/// `items/400` personas (at least 3), `items/500` journeys (at least 3) of 6 steps each, 20
/// content types, 12 channels, 50 objectives and `items/100` metrics (each with a target and an
/// actual). Every step has text,
/// emotions and mappings; items are spread over the cells of all journeys in all three statuses,
/// dated over 2026–2028 (some without a date), with costs and channels.
pub fn generate(items: usize) -> Workspace {
    let mut ids = Ids(0);
    let persona_count = (items / 400).max(3);
    let journey_count = (items / 500).max(3);
    let metric_count = items / 100;

    let objectives: Vec<Objective> = (0..50)
        .map(|n| Objective {
            id: ids.next(),
            title: format!("Objective {n}: grow segment {} by {}%", n % 7, 5 + n % 20),
            notes: if n % 3 == 0 {
                format!("Baseline from the 2026 report, line {n}.\nReviewed quarterly.")
            } else {
                String::new()
            },
            ..Objective::default()
        })
        .collect();

    let channels: Vec<Channel> = CHANNEL_NAMES
        .iter()
        .enumerate()
        .map(|(n, name)| Channel {
            id: ids.next(),
            name: (*name).to_string(),
            media: Media::ALL[n % 3],
            budget: (1_000 + 750 * n) as f64,
            notes: format!("Channel {n} \u{2014} \"{name}\""),
            ..Channel::default()
        })
        .collect();

    let personas: Vec<Persona> = (0..persona_count)
        .map(|n| {
            let first = n % channels.len();
            let second = (n * 5 + 3) % channels.len();
            let mut channel_ids = vec![channels[first].id];
            if second != first {
                channel_ids.push(channels[second].id);
            }
            Persona {
                id: ids.next(),
                name: format!("Persona {n}"),
                summary: format!("Rides {} km a week; café stop on Sundays.", 10 + n % 90),
                characteristics: format!("Age {}–{}, urban", 20 + n % 40, 25 + n % 40),
                needs: "Reliable advice\nQuick repairs".into(),
                preferences: "Mobile first".into(),
                challenges: if n % 2 == 0 {
                    "Little time".into()
                } else {
                    String::new()
                },
                values: "Honesty, quality".into(),
                channel_ids,
                tags: (0..n % 3).map(|t| format!("tag-{t}")).collect(),
                ..Persona::default()
            }
        })
        .collect();

    let content_types: Vec<ContentType> = TYPE_NAMES
        .iter()
        .enumerate()
        .map(|(n, name)| ContentType {
            id: ids.next(),
            name: (*name).to_string(),
            kind: if n % 4 == 3 {
                Kind::Service
            } else {
                Kind::Content
            },
            ..ContentType::default()
        })
        .collect();

    let journeys: Vec<Journey> = (0..journey_count)
        .map(|j| {
            let id = ids.next();
            let steps: Vec<Step> = STEP_NAMES
                .iter()
                .enumerate()
                .map(|(s, name)| {
                    let h = mix((j * 6 + s) as u64);
                    Step {
                        id: ids.next(),
                        name: (*name).to_string(),
                        actions: format!("Journey {j}, step {s}: searches, compares, asks"),
                        touchpoints: "Web shop, Instagram, store".into(),
                        pain_points: format!("Waits {} days for a reply", 1 + h % 9),
                        opportunities: "Answer within the hour".into(),
                        emotion: if h.is_multiple_of(11) {
                            None
                        } else {
                            Some(1 + (h % 5) as u8)
                        },
                        notes: if s == 0 {
                            "First contact; \"tab\"\there".into()
                        } else {
                            String::new()
                        },
                        ..Step::default()
                    }
                })
                .collect();
            // Four distinct content types mapped on each step.
            let mappings = steps
                .iter()
                .enumerate()
                .flat_map(|(s, step)| {
                    let start = (j * 7 + s * 3) % content_types.len();
                    (0..4).map(move |k| (step.id, (start + k * 5) % TYPE_NAMES.len()))
                })
                .map(|(step_id, t)| Mapping {
                    step_id,
                    content_type_id: content_types[t].id,
                    ..Mapping::default()
                })
                .collect();
            let persona_ids = if j % 4 == 3 {
                vec![
                    personas[j % persona_count].id,
                    personas[(j + 1) % persona_count].id,
                ]
            } else {
                vec![personas[j % persona_count].id]
            };
            Journey {
                id,
                name: format!("Journey {j}"),
                persona_ids,
                objective_id: (j % 5 != 4).then(|| objectives[j % objectives.len()].id),
                current_state: format!("Buys elsewhere ({j})"),
                desired_state: "Buys here, comes back, tells friends".into(),
                steps,
                mappings,
                ..Journey::default()
            }
        })
        .collect();

    let start = Date::from_ymd(2026, 1, 1).expect("a real date");
    let item_rows: Vec<Item> = (0..items)
        .map(|n| {
            let h = mix(n as u64 + 1_000_000);
            let journey = &journeys[n % journey_count];
            let first = (h % 6) as usize;
            let mut step_ids = vec![journey.steps[first].id];
            if h.is_multiple_of(5) {
                step_ids.push(journey.steps[(first + 1 + (h >> 8) as usize % 5) % 6].id);
            }
            let status = match (h >> 16) % 8 {
                0..=3 => Status::Available,
                4 | 5 => Status::InProgress,
                _ => Status::ToCreate,
            };
            Item {
                id: ids.next(),
                title: format!("Item {n}: {} piece", TYPE_NAMES[(h >> 24) as usize % 20]),
                content_type_id: content_types[(h >> 24) as usize % content_types.len()].id,
                step_ids,
                channel_id: (!(h >> 32).is_multiple_of(4))
                    .then(|| channels[(h >> 36) as usize % channels.len()].id),
                status,
                owner: OWNERS[(h >> 40) as usize % OWNERS.len()].to_string(),
                available_on: (!(h >> 44).is_multiple_of(10))
                    .then(|| start.add_days(((h >> 48) % 1096) as i64))
                    .flatten(),
                cost: ((h >> 20) % 500_000) as f64 / 100.0,
                url: if n % 3 == 0 {
                    format!("https://example.com/items/{n}")
                } else {
                    String::new()
                },
                notes: if n % 10 == 0 {
                    format!("Brief {n}: 30 s cut, subtitles — ✓ approved")
                } else {
                    String::new()
                },
                ..Item::default()
            }
        })
        .collect();

    let metrics: Vec<Metric> = (0..metric_count)
        .map(|n| {
            let h = mix(n as u64 + 9_000_000);
            let (name, level, unit) = METRIC_NAMES[n % METRIC_NAMES.len()];
            let journey = &journeys[n % journey_count];
            let mut metric = Metric {
                id: ids.next(),
                name: format!("{name} #{n}"),
                level,
                unit: unit.to_string(),
                // Always numbers: the typed floor the load is measured against reads them as
                // plain doubles (the program itself also takes `null`).
                target: Some((h % 10_000) as f64 / 10.0),
                actual: Some(((h >> 16) % 10_000) as f64 / 10.0),
                ..Metric::default()
            };
            match n % 4 {
                0 => {}
                1 => metric.journey_id = Some(journey.id),
                2 => metric.step_id = Some(journey.steps[(h >> 32) as usize % 6].id),
                _ => metric.item_id = Some(item_rows[(h >> 32) as usize % item_rows.len()].id),
            }
            metric
        })
        .collect();

    Workspace::from_contents(Contents {
        name: format!("Generated workspace — {items} items"),
        currency: "EUR".into(),
        objectives: Table::from_rows(objectives),
        channels: Table::from_rows(channels),
        personas: Table::from_rows(personas),
        content_types: Table::from_rows(content_types),
        journeys: Table::from_rows(journeys),
        items: Table::from_rows(item_rows),
        metrics: Table::from_rows(metrics),
        ..Contents::default()
    })
}
