//! The form of each kind of entry: which fields it shows, and how its values become an edit.

use super::form::{Field, Form};
use crate::app::subject::Subject;
use crate::model::comments::comments_of;
use crate::model::edit::{self, EditError};
use crate::model::fields::{Customised, fields_on};
use crate::model::template;
use crate::model::{
    Attachment, Better, Channel, Comment, ContentType, Date, Edit, FieldDef, Id, Item, Journey,
    Kind, Level, Measurement, Media, Metric, Objective, Persona, Status, Step, Workspace,
};

/// A value the form could not accept, and the field it is about.
pub struct Refusal {
    field: String,
    message: String,
}

impl From<EditError> for Refusal {
    fn from(error: EditError) -> Self {
        let field = match &error {
            EditError::Invalid(problems) => problems
                .first()
                .map(|p| p.field.split(['.', '[']).next().unwrap_or("").to_string())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let message = match &error {
            EditError::Invalid(problems) => problems
                .first()
                .map(|p| p.message.clone())
                .unwrap_or_default(),
            other => other.to_string(),
        };
        Refusal { field, message }
    }
}

fn refuse(field: &str, message: impl Into<String>) -> Refusal {
    Refusal {
        field: field.into(),
        message: message.into(),
    }
}

fn names<'a, T: crate::model::Entity + 'a>(rows: impl Iterator<Item = &'a T>) -> Vec<(Id, String)> {
    rows.map(|row| (row.id(), row.label().to_string()))
        .collect()
}

fn emotion_options() -> Vec<(Option<Id>, String)> {
    std::iter::once((None, "— not known".to_string()))
        .chain((1..=5).map(|n| (None, format!("{n} {}", "●".repeat(n)))))
        .collect()
}

/// What a new journey's steps can start from, the first (no steps) chosen until the user picks
/// another: each built-in template, then the steps of each journey that has some.
fn shapes(ws: &Workspace) -> Vec<(Option<Id>, String)> {
    std::iter::once((None, "none yet: add them on the board".to_string()))
        .chain(template::built_in().iter().map(|t| (None, t.summary())))
        .chain(
            ws.journeys()
                .iter()
                .filter(|j| !j.steps.is_empty())
                .map(|j| (Some(j.id), format!("copy the steps of {:?}", j.name))),
        )
        .collect()
}

/// Every journey's steps as `journey › step`, after "none": where an item on no step may go.
fn every_step(ws: &Workspace) -> Vec<(Option<Id>, String)> {
    std::iter::once((None, "— none: on no step yet".to_string()))
        .chain(ws.journeys().iter().flat_map(|j| {
            j.steps
                .iter()
                .map(|s| (Some(s.id), format!("{} › {}", j.name, s.name)))
        }))
        .collect()
}

/// The steps of the shape chosen in a new journey's form, under new ids.
fn shaped_steps(ws: &Workspace, form: &Form) -> Vec<Step> {
    let chosen = form.chosen("shape");
    if let Some(journey) = form.chosen_id("shape") {
        return ws.journeys().get(journey).map_or_else(Vec::new, |j| {
            j.steps
                .iter()
                .map(|s| Step {
                    id: Id::new(),
                    ..s.clone()
                })
                .collect()
        });
    }
    chosen
        .checked_sub(1)
        .and_then(|at| template::built_in().get(at))
        .map_or_else(Vec::new, template::Template::steps)
}

/// The form's name of one of the workspace's own fields: as `check` names its value.
fn custom_name(field: &FieldDef) -> String {
    format!("custom.{}", field.id)
}

/// The workspace's own fields of an entry's kind, after its built-in ones: a text field each,
/// a long one multi-line, labelled by the field's name and filled with the entry's value.
fn custom_fields<T: Customised>(ws: &Workspace, entry: &T) -> Vec<Field> {
    fields_on(&ws.contents().fields, T::ON)
        .map(|field| {
            let label = crate::text::printable(&field.name.replace(['\n', '\t'], " ")).into_owned();
            let value = entry.custom().get(&field.id).unwrap_or_default();
            Field::text(custom_name(field), label, value, field.long)
        })
        .collect()
}

/// Sets the entry's values of the workspace's own fields from the form, as part of the one
/// edit the form makes; a field the form did not show (defined while it was open) keeps its
/// value.
fn take_custom<T: Customised>(form: &Form, ws: &Workspace, entry: &mut T) {
    let fields = &ws.contents().fields;
    for field in fields_on(fields, T::ON) {
        let name = custom_name(field);
        if form.fields.iter().any(|f| f.name == name) {
            entry.custom_mut().set(fields, &field.id, &form.text(&name));
        }
    }
}

/// The form of a subject, filled with the entry's values (`None`: the entry is gone). A new
/// measurement is dated `today` until the user types another day.
pub fn build(ws: &Workspace, subject: Subject, today: Date) -> Option<Form> {
    let form = match subject {
        Subject::Persona(id) => {
            let p = match id {
                Some(id) => ws.personas().get(id)?.clone(),
                None => Persona::default(),
            };
            let title = if id.is_some() {
                "Edit persona"
            } else {
                "New persona"
            };
            Form::new(
                title.into(),
                subject,
                vec![
                    Field::text("name", "Name", &p.name, false),
                    Field::text("summary", "Summary", &p.summary, true),
                    Field::text(
                        "characteristics",
                        "Characteristics",
                        &p.characteristics,
                        true,
                    ),
                    Field::text("needs", "Digital needs", &p.needs, true),
                    Field::text("preferences", "Preferences", &p.preferences, true),
                    Field::text("challenges", "Challenges", &p.challenges, true),
                    Field::text("values", "Values", &p.values, true),
                    Field::set(
                        "channel_ids",
                        "Channels",
                        names(ws.channels_by_media()),
                        &p.channel_ids,
                    ),
                    Field::text("tags", "Tags (comma-separated)", &p.tags.join(", "), false),
                ]
                .into_iter()
                .chain(custom_fields(ws, &p))
                .collect(),
            )
        }
        Subject::Journey { id, persona } => {
            let j = match id {
                Some(id) => ws.journeys().get(id)?.clone(),
                None => Journey {
                    persona_ids: persona.into_iter().collect(),
                    ..Journey::default()
                },
            };
            let objectives: Vec<(Option<Id>, String)> = std::iter::once((None, "— none".into()))
                .chain(
                    ws.objectives()
                        .iter()
                        .map(|o| (Some(o.id), o.title.clone())),
                )
                .collect();
            let selected = objectives
                .iter()
                .position(|(oid, _)| *oid == j.objective_id)
                .unwrap_or(0);
            let title = if id.is_some() {
                "Edit journey"
            } else {
                "New journey"
            };
            let mut fields = vec![
                Field::text("name", "Name", &j.name, false),
                Field::set(
                    "persona_ids",
                    "Personas",
                    names(ws.personas().iter()),
                    &j.persona_ids,
                ),
                Field::choice("objective_id", "Objective", objectives, selected),
                Field::text("current_state", "Current state", &j.current_state, true),
                Field::text("desired_state", "Desired state", &j.desired_state, true),
            ];
            if id.is_none() {
                fields.insert(1, Field::choice("shape", "Steps", shapes(ws), 0));
            }
            fields.extend(custom_fields(ws, &j));
            Form::new(title.into(), subject, fields)
        }
        Subject::Step { id, .. } => {
            let s = match id {
                Some(id) => ws.step(id)?.clone(),
                None => Step::default(),
            };
            let title = if id.is_some() {
                "Edit step"
            } else {
                "New step"
            };
            Form::new(
                title.into(),
                subject,
                vec![
                    Field::text("name", "Name", &s.name, false),
                    Field::choice(
                        "emotion",
                        "Emotion",
                        emotion_options(),
                        usize::from(s.emotion.unwrap_or(0)),
                    ),
                    Field::text("actions", "Actions", &s.actions, true),
                    Field::text("touchpoints", "Touchpoints", &s.touchpoints, true),
                    Field::text("pain_points", "Pain points", &s.pain_points, true),
                    Field::text("opportunities", "Opportunities", &s.opportunities, true),
                    Field::text("notes", "Notes", &s.notes, true),
                ]
                .into_iter()
                .chain(custom_fields(ws, &s))
                .collect(),
            )
        }
        Subject::ContentType(id) => {
            let t = match id {
                Some(id) => ws.content_types().get(id)?.clone(),
                None => ContentType::default(),
            };
            let kinds = Kind::ALL
                .iter()
                .map(|k| (None, k.as_str().to_string()))
                .collect();
            let title = if id.is_some() {
                "Edit content type"
            } else {
                "New content type"
            };
            Form::new(
                title.into(),
                subject,
                vec![
                    Field::text("name", "Name", &t.name, false),
                    Field::choice(
                        "kind",
                        "Kind",
                        kinds,
                        Kind::ALL.iter().position(|k| *k == t.kind).unwrap_or(0),
                    ),
                ]
                .into_iter()
                .chain(custom_fields(ws, &t))
                .collect(),
            )
        }
        Subject::Item {
            id,
            content_type,
            step,
            date,
        } => {
            let item = match id {
                Some(id) => ws.items().get(id)?.clone(),
                None => Item {
                    content_type_id: content_type,
                    step_ids: step.into_iter().collect(),
                    available_on: date,
                    ..Item::default()
                },
            };
            let types: Vec<(Option<Id>, String)> = ws
                .content_types()
                .iter()
                .map(|t| (Some(t.id), t.name.clone()))
                .collect();
            let type_at = types
                .iter()
                .position(|(t, _)| *t == Some(item.content_type_id))
                .unwrap_or(0);
            let channels: Vec<(Option<Id>, String)> = std::iter::once((None, "— none".into()))
                .chain(ws.channels_by_media().map(|c| (Some(c.id), c.name.clone())))
                .collect();
            let channel_at = channels
                .iter()
                .position(|(c, _)| *c == item.channel_id)
                .unwrap_or(0);
            let statuses = Status::ALL
                .iter()
                .map(|s| (None, s.words().to_string()))
                .collect();
            // Steps to pick from: those of the journey the cell is in; steps of other journeys
            // the item is on stay as they are. An item on no step (a new one from the
            // calendar) picks its one step among every journey's.
            let steps = match step.and_then(|s| ws.journey_of_step(s)) {
                Some(journey) => Field::set(
                    "step_ids",
                    "Steps",
                    journey
                        .steps
                        .iter()
                        .map(|s| (s.id, s.name.clone()))
                        .collect(),
                    &item.step_ids,
                ),
                None => Field::choice("step_id", "Journey › step", every_step(ws), 0),
            };
            let title = if id.is_some() {
                "Edit item"
            } else {
                "New item"
            };
            Form::new(
                title.into(),
                subject,
                vec![
                    Field::text("title", "Title", &item.title, false),
                    Field::choice("content_type_id", "Content type", types, type_at),
                    steps,
                    Field::choice("channel_id", "Channel", channels, channel_at),
                    Field::choice(
                        "status",
                        "Status",
                        statuses,
                        Status::ALL
                            .iter()
                            .position(|s| *s == item.status)
                            .unwrap_or(0),
                    ),
                    Field::text("owner", "Owner", &item.owner, false),
                    Field::date("available_on", "Date", item.available_on),
                    Field::amount("cost", "Cost", item.cost),
                    Field::text("url", "URL", &item.url, false),
                    Field::text("notes", "Notes", &item.notes, true),
                ]
                .into_iter()
                .chain(custom_fields(ws, &item))
                .collect(),
            )
        }
        Subject::Metric(_) | Subject::ItemMetric(_) => {
            let m = match subject {
                Subject::Metric(Some(id)) => ws.metrics().get(id)?.clone(),
                Subject::ItemMetric(item) => Metric {
                    item_id: Some(ws.items().get(item)?.id),
                    ..Metric::default()
                },
                _ => Metric::default(),
            };
            let id = match subject {
                Subject::Metric(id) => id,
                _ => None,
            };
            let levels = Level::ALL
                .iter()
                .map(|l| (None, l.as_str().to_string()))
                .collect();
            let attachments = attachment_options(ws, &m);
            let attached = attachments
                .iter()
                .position(|(id, _)| *id == attachment_id(&m))
                .unwrap_or(0);
            let title = if id.is_some() {
                "Edit metric"
            } else {
                "New metric"
            };
            Form::new(
                title.into(),
                subject,
                vec![
                    Field::text("name", "Name", &m.name, false),
                    Field::choice(
                        "level",
                        "Level",
                        levels,
                        Level::ALL.iter().position(|l| *l == m.level).unwrap_or(0),
                    ),
                    Field::text("unit", "Unit", &m.unit, false),
                    Field::number("target", "Target", m.target),
                    Field::number("actual", "Actual", m.actual),
                    Field::choice(
                        "better",
                        "Better",
                        Better::ALL
                            .iter()
                            .map(|b| (None, b.as_str().to_string()))
                            .collect(),
                        Better::ALL
                            .iter()
                            .position(|b| *b == m.better())
                            .unwrap_or(0),
                    ),
                    Field::choice("journey_id", "Attached to", attachments, attached),
                ],
            )
        }
        Subject::Measurement { metric, on } => {
            let kpi = ws.metrics().get(metric)?;
            let was = match on {
                Some(on) => Some(kpi.measurements.iter().find(|m| m.on == on)?),
                None => None,
            };
            let title = if was.is_some() {
                "Edit measurement"
            } else {
                "New measurement"
            };
            Form::new(
                format!("{title} · {}", crate::text::printable(&kpi.name)),
                subject,
                vec![
                    Field::date("on", "Date", Some(was.map_or(today, |m| m.on))),
                    Field::number("value", "Value", was.map(|m| m.value)),
                    Field::text("note", "Note", was.map_or("", |m| m.note.as_str()), false),
                ],
            )
        }
        Subject::Channel(id) => {
            let c = match id {
                Some(id) => ws.channels().get(id)?.clone(),
                None => Channel::default(),
            };
            let media = Media::ALL
                .iter()
                .map(|m| (None, m.as_str().to_string()))
                .collect();
            let title = if id.is_some() {
                "Edit channel"
            } else {
                "New channel"
            };
            Form::new(
                title.into(),
                subject,
                vec![
                    Field::text("name", "Name", &c.name, false),
                    Field::choice(
                        "media",
                        "Media",
                        media,
                        Media::ALL.iter().position(|m| *m == c.media).unwrap_or(0),
                    ),
                    Field::amount("budget", "Budget", c.budget),
                    Field::text("notes", "Notes", &c.notes, true),
                ],
            )
        }
        Subject::Objective(id) => {
            let o = match id {
                Some(id) => ws.objectives().get(id)?.clone(),
                None => Objective::default(),
            };
            let title = if id.is_some() {
                "Edit objective"
            } else {
                "New objective"
            };
            Form::new(
                title.into(),
                subject,
                vec![
                    Field::text("title", "Title", &o.title, false),
                    Field::text("notes", "Notes", &o.notes, true),
                ],
            )
        }
        Subject::Comment(on) => {
            let (noun, label, _) = comments_of(ws, on)?;
            Form::new(
                format!("Comment on {noun} {:?}", crate::text::printable(label)),
                subject,
                vec![Field::text("text", "Comment", "", false)],
            )
        }
        Subject::Field(at) => field_form(ws, subject, at)?,
        Subject::Workspace => Form::new(
            "Workspace".into(),
            subject,
            vec![
                Field::text("name", "Name", ws.name(), false),
                Field::text("currency", "Currency", ws.currency(), false),
            ],
        ),
    };
    Some(form)
}

/// The kinds of entry a field can be on, as the form offers them.
const FIELD_ON: [(&str, &str); 5] = [
    ("step", "Steps"),
    ("persona", "Personas"),
    ("journey", "Journeys"),
    ("item", "Items"),
    ("content_type", "Content types"),
];

/// A new field's form (name, kind of entry, long); an existing field's renames it, since its
/// values are kept by the kind of entry they are on.
fn field_form(ws: &Workspace, subject: Subject, at: Option<usize>) -> Option<Form> {
    let Some(at) = at else {
        let on = FIELD_ON.iter().map(|(_, label)| (None, label.to_string()));
        return Some(Form::new(
            "New field".into(),
            subject,
            vec![
                Field::text("name", "Name", "", false),
                Field::choice("on", "On", on.collect(), 0),
                Field::choice(
                    "long",
                    "Long",
                    vec![
                        (None, "no: one line".into()),
                        (None, "yes: several lines".into()),
                    ],
                    0,
                ),
            ],
        ));
    };
    let field = ws.contents().fields.get(at)?;
    Some(Form::new(
        "Rename field".into(),
        subject,
        vec![Field::text("name", "Name", &field.name, false)],
    ))
}

/// The id a metric is attached to, whatever its kind (`None`: the workspace).
fn attachment_id(m: &Metric) -> Option<Id> {
    match m.attachment() {
        Attachment::Workspace => None,
        Attachment::Journey(id) | Attachment::Step(id) | Attachment::Item(id) => Some(id),
    }
}

/// What a metric can be attached to: the workspace, a journey, a step, or the item it is on.
fn attachment_options(ws: &Workspace, m: &Metric) -> Vec<(Option<Id>, String)> {
    let mut options = vec![(None, "the whole workspace".to_string())];
    for journey in ws.journeys() {
        options.push((Some(journey.id), format!("journey: {}", journey.name)));
        for step in &journey.steps {
            options.push((
                Some(step.id),
                format!("step: {} › {}", journey.name, step.name),
            ));
        }
    }
    if let Some(item) = m.item_id.and_then(|id| ws.items().get(id)) {
        options.push((Some(item.id), format!("item: {}", item.title)));
    }
    options
}

/// A number typed as amounts are (`1.200,50`, `-5`; see [`crate::model::read_number`]); empty
/// is none.
fn parse_number(form: &Form, field: &str, currency: &str) -> Result<Option<f64>, Refusal> {
    let text = form.text(field);
    if text.is_empty() {
        return Ok(None);
    }
    crate::model::read_number(&text, currency)
        .map(Some)
        .map_err(|message| refuse(field, message))
}

/// An amount typed the way people write money (see [`crate::model::read_amount`]); empty is 0.
fn parse_money(form: &Form, field: &str, currency: &str) -> Result<f64, Refusal> {
    let text = form.text(field);
    if text.is_empty() {
        return Ok(0.0);
    }
    crate::model::read_amount(&text, currency).map_err(|message| refuse(field, message))
}

/// A day typed as a date or as words (`+2w`, `dec 24`; see [`Date::read`]); empty is none.
fn parse_date(form: &Form, field: &str, today: Date) -> Result<Option<Date>, Refusal> {
    let text = form.text(field);
    if text.is_empty() {
        return Ok(None);
    }
    Date::read(&text, today)
        .map(Some)
        .map_err(|message| refuse(field, message))
}

/// The day a measurement's form names, when its date field reads as one.
pub fn measured_on(form: &Form, today: Date) -> Option<Date> {
    match form.subject {
        Subject::Measurement { .. } => parse_date(form, "on", today).ok().flatten(),
        _ => None,
    }
}

fn required(form: &Form, field: &str, what: &str) -> Result<String, Refusal> {
    let text = form.text(field);
    if text.is_empty() {
        Err(refuse(field, format!("{what} cannot be empty")))
    } else {
        Ok(text)
    }
}

/// The ticked entries in the order the entry had them, newly ticked ones after: a list shown
/// in another order (channels by media) must not reorder the file.
fn in_order_kept(had: &[Id], ticked: Vec<Id>) -> Vec<Id> {
    let mut kept: Vec<Id> = had
        .iter()
        .filter(|id| ticked.contains(id))
        .copied()
        .collect();
    kept.extend(ticked.into_iter().filter(|id| !had.contains(id)));
    kept
}

/// Turns a filled-in form into an edit of the workspace, or says which field is wrong. Dates
/// such as `+2w` count from `today`.
pub fn submit(form: &Form, ws: &mut Workspace, today: Date) -> Result<Edit, Refusal> {
    match form.subject {
        Subject::Persona(id) => {
            let mut p = match id {
                Some(id) => ws.personas().get(id).cloned().ok_or_else(gone)?,
                None => Persona {
                    id: Id::new(),
                    ..Persona::default()
                },
            };
            p.name = required(form, "name", "a persona's name")?;
            p.summary = form.text("summary");
            p.characteristics = form.text("characteristics");
            p.needs = form.text("needs");
            p.preferences = form.text("preferences");
            p.challenges = form.text("challenges");
            p.values = form.text("values");
            p.channel_ids = in_order_kept(&p.channel_ids, form.ticked("channel_ids"));
            p.tags = form
                .text("tags")
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            take_custom(form, ws, &mut p);
            Ok(match id {
                Some(_) => edit::update(ws, p)?,
                None => edit::add(ws, p)?,
            })
        }
        Subject::Journey { id, .. } => {
            let mut j = match id {
                Some(id) => ws.journeys().get(id).cloned().ok_or_else(gone)?,
                None => Journey {
                    id: Id::new(),
                    steps: shaped_steps(ws, form),
                    ..Journey::default()
                },
            };
            j.name = required(form, "name", "a journey's name")?;
            j.persona_ids = form.ticked("persona_ids");
            j.objective_id = form.chosen_id("objective_id");
            j.current_state = form.text("current_state");
            j.desired_state = form.text("desired_state");
            take_custom(form, ws, &mut j);
            Ok(match id {
                Some(_) => edit::update(ws, j)?,
                None => edit::add(ws, j)?,
            })
        }
        Subject::Step { journey, id, at } => {
            let mut s = match id {
                Some(id) => ws.step(id).cloned().ok_or_else(gone)?,
                None => Step {
                    id: Id::new(),
                    ..Step::default()
                },
            };
            s.name = required(form, "name", "a step's name")?;
            s.emotion = match form.chosen("emotion") {
                0 => None,
                n => Some(n as u8),
            };
            s.actions = form.text("actions");
            s.touchpoints = form.text("touchpoints");
            s.pain_points = form.text("pain_points");
            s.opportunities = form.text("opportunities");
            s.notes = form.text("notes");
            take_custom(form, ws, &mut s);
            Ok(match id {
                Some(_) => edit::update_step(ws, s)?,
                None => edit::insert_step(ws, journey, at, s)?,
            })
        }
        Subject::ContentType(id) => {
            let mut t = match id {
                Some(id) => ws.content_types().get(id).cloned().ok_or_else(gone)?,
                None => ContentType {
                    id: Id::new(),
                    ..ContentType::default()
                },
            };
            t.name = required(form, "name", "a content type's name")?;
            t.kind = Kind::ALL[form.chosen("kind").min(Kind::ALL.len() - 1)];
            take_custom(form, ws, &mut t);
            Ok(match id {
                Some(_) => edit::update(ws, t)?,
                None => edit::add(ws, t)?,
            })
        }
        Subject::Item { id, .. } => {
            let currency = ws.currency().to_string();
            let mut item = match id {
                Some(id) => ws.items().get(id).cloned().ok_or_else(gone)?,
                None => Item {
                    id: Id::new(),
                    ..Item::default()
                },
            };
            item.title = required(form, "title", "an item's title")?;
            item.content_type_id = form
                .chosen_id("content_type_id")
                .ok_or_else(|| refuse("content_type_id", "choose a content type"))?;
            // Keep the steps of other journeys; take this journey's from the form.
            let offered: Vec<Id> = match form.fields.iter().find(|f| f.name == "step_ids") {
                Some(super::form::Field {
                    value: super::form::Value::Set { ids, .. },
                    ..
                }) => ids.clone(),
                _ => Vec::new(),
            };
            item.step_ids.retain(|s| !offered.contains(s));
            item.step_ids.extend(form.ticked("step_ids"));
            item.step_ids.extend(form.chosen_id("step_id"));
            item.channel_id = form.chosen_id("channel_id");
            item.status = Status::ALL[form.chosen("status").min(Status::ALL.len() - 1)];
            item.owner = form.text("owner");
            item.available_on = parse_date(form, "available_on", today)?;
            item.cost = parse_money(form, "cost", &currency)?;
            item.url = form.text("url");
            item.notes = form.text("notes");
            take_custom(form, ws, &mut item);
            Ok(match id {
                Some(_) => edit::update(ws, item)?,
                None => edit::add(ws, item)?,
            })
        }
        Subject::Measurement { metric, on } => {
            let when = parse_date(form, "on", today)?
                .ok_or_else(|| refuse("on", "a measurement needs a date"))?;
            let currency = ws.currency().to_string();
            let value = parse_number(form, "value", &currency)?
                .ok_or_else(|| refuse("value", "a measurement needs a value"))?;
            let measurement = Measurement::new(when, value, &form.text("note"));
            Ok(edit::measure(ws, metric, on, measurement)?)
        }
        Subject::Metric(_)
        | Subject::ItemMetric(_)
        | Subject::Channel(_)
        | Subject::Objective(_) => submit_more(form, ws),
        Subject::Comment(on) => {
            let text = required(form, "text", "a comment")?;
            let author = crate::storage::lock::user_name();
            let comment = Comment::new(&author, std::time::SystemTime::now(), &text);
            Ok(edit::add_comment(ws, on, comment)?)
        }
        Subject::Field(at) => {
            let name = required(form, "name", "a field's name")?;
            Ok(match at {
                None => {
                    let (on, _) = FIELD_ON[form.chosen("on").min(FIELD_ON.len() - 1)];
                    let mut field = FieldDef::new(&name, on);
                    field.long = form.chosen("long") == 1;
                    edit::add_field(ws, field)?
                }
                Some(at) => {
                    let id = ws.contents().fields.get(at).ok_or_else(gone)?.id.clone();
                    edit::rename_field(ws, &id, &name)?
                }
            })
        }
        Subject::Workspace => {
            let name = required(form, "name", "the workspace's name")?;
            let currency = required(form, "currency", "a currency")?.trim().to_string();
            Ok(edit::set_settings(ws, &name, &currency)?)
        }
    }
}

fn submit_more(form: &Form, ws: &mut Workspace) -> Result<Edit, Refusal> {
    match form.subject {
        Subject::Metric(_) | Subject::ItemMetric(_) => {
            let id = match form.subject {
                Subject::Metric(id) => id,
                _ => None,
            };
            let mut m = match id {
                Some(id) => ws.metrics().get(id).cloned().ok_or_else(gone)?,
                None => Metric {
                    id: Id::new(),
                    ..Metric::default()
                },
            };
            m.name = required(form, "name", "a metric's name")?;
            m.level = Level::ALL[form.chosen("level").min(Level::ALL.len() - 1)];
            m.unit = form.text("unit");
            m.target = parse_number(form, "target", ws.currency())?;
            m.actual = parse_number(form, "actual", ws.currency())?;
            // Higher is the default and is written only where the file already said so, so
            // editing a metric does not add `"better": "higher"` to it.
            let better = Better::ALL[form.chosen("better").min(Better::ALL.len() - 1)];
            m.better = Some(better).filter(|b| *b == Better::Lower || m.better == Some(*b));
            let to = match form.chosen_id("journey_id") {
                None => Attachment::Workspace,
                Some(id) if ws.journeys().contains(id) => Attachment::Journey(id),
                Some(id) if ws.items().contains(id) => Attachment::Item(id),
                Some(id) => Attachment::Step(id),
            };
            m.attach(to);
            Ok(match id {
                Some(_) => edit::update(ws, m)?,
                None => edit::add(ws, m)?,
            })
        }
        Subject::Channel(id) => {
            let mut c = match id {
                Some(id) => ws.channels().get(id).cloned().ok_or_else(gone)?,
                None => Channel {
                    id: Id::new(),
                    ..Channel::default()
                },
            };
            c.name = required(form, "name", "a channel's name")?;
            c.media = Media::ALL[form.chosen("media").min(Media::ALL.len() - 1)];
            c.budget = parse_money(form, "budget", ws.currency())?;
            c.notes = form.text("notes");
            Ok(match id {
                Some(_) => edit::update(ws, c)?,
                None => edit::add(ws, c)?,
            })
        }
        Subject::Objective(id) => {
            let mut o = match id {
                Some(id) => ws.objectives().get(id).cloned().ok_or_else(gone)?,
                None => Objective {
                    id: Id::new(),
                    ..Objective::default()
                },
            };
            o.title = required(form, "title", "an objective's title")?;
            o.notes = form.text("notes");
            Ok(match id {
                Some(_) => edit::update(ws, o)?,
                None => edit::add(ws, o)?,
            })
        }
        _ => Err(gone()),
    }
}

fn gone() -> Refusal {
    refuse("", "the entry was deleted meanwhile")
}

impl Refusal {
    /// Shows the refusal at its field (or the focused one), which takes the focus.
    pub fn show_in(self, form: &mut Form) {
        let at = form.focus_named(&self.field).unwrap_or(form.focus);
        form.error = Some((at, crate::text::printable(&self.message).into_owned()));
    }
}
