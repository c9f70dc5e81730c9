//! The form of each kind of entry: which fields it shows, and how its values become an edit.
//!
//! An entry's form walks the schema ([`all_fields`]): each built-in field becomes the widget its
//! [`FieldKind`] calls for, labelled by the field's label, and the workspace's own fields of the
//! kind follow. Saving reads every field back as a [`FieldInput`] and writes the ones the user
//! changed with [`Schema::write`], so a field added to the schema has its place in the form and
//! its way back into the entry without a line here. What depends on where a form was opened is
//! an explicit override ([`item_steps`], a new journey's [`shapes`]); measurements, comments,
//! the workspace's own fields and its settings are not entries of the schema and have forms of
//! their own.

use super::form::{Field, Form, Value};
use crate::app::subject::Subject;
use crate::model::comments::comments_of;
use crate::model::edit::{self, EditError, Record};
use crate::model::schema::{
    self, ATTACHMENT, ATTACHMENT_FIELDS, AnyField, EntityKind, FieldInput, FieldKind, FieldValue,
    Schema, all_fields, attachment_words, choice_word,
};
use crate::model::template;
use crate::model::{
    Attachment, Channel, Comment, ContentType, Custom, Customised, Date, Edit, Entity, FieldDef,
    Id, Item, Journey, Measurement, Metric, Objective, Persona, Step, Workspace,
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
                .map(|p| form_name(&p.field).to_string())
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

/// The form's name of the field a complaint of the model is about: `step_ids[2]` is the steps
/// field, a KPI's `journey_id` (`step_id`, `item_id`) its one "Attached to" field.
fn form_name(path: &str) -> &str {
    let key = path.split(['.', '[']).next().unwrap_or("");
    if ATTACHMENT_FIELDS.contains(&key) {
        ATTACHMENT
    } else {
        key
    }
}

fn refuse(field: &str, message: impl Into<String>) -> Refusal {
    Refusal {
        field: field.into(),
        message: message.into(),
    }
}

/// A noun with its article, for messages: `an item`, `a content type`.
fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// An entry a form edits: the schema gives its built-in fields; the values of the workspace's
/// own fields are kept in its `custom`, which the kinds that carry none do not have.
trait Formed: Schema {
    fn own(&self) -> Option<&Custom> {
        None
    }
    fn own_mut(&mut self) -> Option<&mut Custom> {
        None
    }
}

impl<T: Schema + Customised> Formed for T {
    fn own(&self) -> Option<&Custom> {
        Some(self.custom())
    }
    fn own_mut(&mut self) -> Option<&mut Custom> {
        Some(self.custom_mut())
    }
}

impl Formed for Objective {}
impl Formed for Channel {}
impl Formed for Metric {}

/// Every entry of a kind, as a form lists them to choose from: by name, channels grouped by
/// media as everywhere they are listed, a step as `journey › step`.
fn entries(ws: &Workspace, kind: EntityKind) -> Vec<(Id, String)> {
    fn named<'a, T: Entity + 'a>(rows: impl IntoIterator<Item = &'a T>) -> Vec<(Id, String)> {
        rows.into_iter()
            .map(|row| (row.id(), row.label().to_string()))
            .collect()
    }
    match kind {
        EntityKind::Objective => named(ws.objectives()),
        EntityKind::Channel => named(ws.channels_by_media()),
        EntityKind::Persona => named(ws.personas()),
        EntityKind::ContentType => named(ws.content_types()),
        EntityKind::Journey => named(ws.journeys()),
        EntityKind::Step => ws
            .journeys()
            .iter()
            .flat_map(|j| (j.steps.iter()).map(move |s| (s.id, format!("{} › {}", j.name, s.name))))
            .collect(),
        EntityKind::Item => named(ws.items()),
        EntityKind::Metric => named(ws.metrics()),
    }
}

fn emotion_options() -> Vec<(Option<Id>, String)> {
    std::iter::once((None, "— not known".to_string()))
        .chain((1..=5).map(|n| (None, format!("{n} {}", "●".repeat(n)))))
        .collect()
}

/// Whether a field of `T` may hold `nothing`: the entry's type says so (an item's content type
/// is an `Id`, which refuses none, a journey's objective an `Option<Id>`; a KPI's direction may
/// be left out of the file).
fn may_hold<T: Schema>(key: &str, nothing: FieldInput) -> bool {
    T::default().write(key, nothing).is_ok()
}

/// What a KPI can be attached to: the workspace, each journey and its steps, and the item it
/// is on (a KPI is attached to an item from the item, never by this choice).
fn attachments(ws: &Workspace, to: Attachment) -> Vec<Attachment> {
    let mut options = vec![Attachment::Workspace];
    for journey in ws.journeys() {
        options.push(Attachment::Journey(journey.id));
        options.extend(journey.steps.iter().map(|s| Attachment::Step(s.id)));
    }
    options.extend(match to {
        Attachment::Item(id) if ws.items().contains(id) => Some(to),
        _ => None,
    });
    options
}

/// The id a KPI is attached to, whatever its kind (`None`: the workspace).
fn attached_id(to: Attachment) -> Option<Id> {
    match to {
        Attachment::Workspace => None,
        Attachment::Journey(id) | Attachment::Step(id) | Attachment::Item(id) => Some(id),
    }
}

/// The form field of a built-in field: the widget its kind calls for, labelled by its label,
/// holding the entry's value. A word of a choice shows in words (`in progress`), a reference
/// offers "— none" first where the entry may point nowhere, tags are typed comma-separated.
fn widget<T: Schema>(ws: &Workspace, field: &'static schema::Field, entry: &T) -> Field {
    let (key, label) = (field.key, field.label);
    let value = entry.read(key).expect("a schema field reads");
    match (field.kind, value) {
        (FieldKind::Name | FieldKind::Line | FieldKind::Long, FieldValue::Text(text)) => {
            Field::text(key, label, text, field.kind == FieldKind::Long)
        }
        (FieldKind::Date, FieldValue::Date(date)) => Field::date(key, label, date),
        (FieldKind::Amount, FieldValue::Number(amount)) => {
            Field::amount(key, label, amount.unwrap_or_default())
        }
        (FieldKind::Number, FieldValue::Number(number)) => Field::number(key, label, number),
        (FieldKind::Score, FieldValue::Score(score)) => {
            Field::choice(key, label, emotion_options(), score.map_or(0, usize::from))
        }
        (FieldKind::Choice(words), FieldValue::Word(word)) => {
            let options = words.iter().map(|w| (None, choice_word(w))).collect();
            let at = words.iter().position(|w| Some(*w) == word).unwrap_or(0);
            Field::choice(key, label, options, at)
        }
        (FieldKind::Ref(kind), FieldValue::Ref(id)) => {
            let none =
                may_hold::<T>(key, FieldInput::Ref(None)).then(|| (None, "— none".to_string()));
            let listed = entries(ws, kind)
                .into_iter()
                .map(|(id, name)| (Some(id), name));
            let options: Vec<_> = none.into_iter().chain(listed).collect();
            let at = options.iter().position(|(option, _)| *option == id);
            Field::choice(key, label, options, at.unwrap_or(0))
        }
        (FieldKind::Refs(kind), FieldValue::Refs(ids)) => {
            Field::set(key, label, entries(ws, kind), ids)
        }
        (FieldKind::Tags, FieldValue::Tags(tags)) => Field::text(
            key,
            format!("{label} (comma-separated)"),
            &tags.join(", "),
            false,
        ),
        (FieldKind::Attachment, FieldValue::Attachment(to)) => {
            let options = attachments(ws, to);
            let at = options.iter().position(|option| *option == to).unwrap_or(0);
            let options = (options.into_iter())
                .map(|option| (attached_id(option), attachment_words(ws, option)))
                .collect();
            Field::choice(key, label, options, at)
        }
        (kind, value) => unreachable!("the schema reads a {kind:?} field as {value:?}"),
    }
}

/// The form's name of one of the workspace's own fields: as `check` names its value.
fn custom_name(field: &FieldDef) -> String {
    format!("custom.{}", field.id)
}

/// An entry's form fields: every field of its kind by the schema, the workspace's own after the
/// built-in ones (a text field each, a long one multi-line, labelled by the field's name). A
/// built-in field whose widget depends on where the form was opened takes the one [`context`]
/// gives.
fn entry_fields<T: Formed>(ws: &Workspace, subject: Subject, entry: &T) -> Vec<Field> {
    all_fields(&ws.contents().fields, T::KIND)
        .map(|field| match field {
            AnyField::BuiltIn(field) => {
                (context(ws, subject, field, entry)).unwrap_or_else(|| widget(ws, field, entry))
            }
            AnyField::Own(own) => {
                let label =
                    crate::text::printable(&own.name.replace(['\n', '\t'], " ")).into_owned();
                let value = entry.own().and_then(|values| values.get(&own.id));
                Field::text(custom_name(own), label, value.unwrap_or_default(), own.long)
            }
        })
        .collect()
}

/// A new entry of a type under a new id, every field as its default.
macro_rules! fresh {
    ($type:ident) => {
        $type {
            id: Id::new(),
            ..$type::default()
        }
    };
}

/// How an entry read back from its form goes into the workspace.
trait Kept: Formed {
    fn keep(self, ws: &mut Workspace, subject: Subject) -> Result<Edit, EditError>;
}

/// An entry of a table of its own: a new one added at its end, an edited one replaced.
impl<T: Formed + Record> Kept for T {
    fn keep(self, ws: &mut Workspace, subject: Subject) -> Result<Edit, EditError> {
        if subject.is_new() {
            edit::add(ws, self)
        } else {
            edit::update(ws, self)
        }
    }
}

/// A step is kept in its journey: a new one inserted at its place there, an edited one
/// replaced where it is.
impl Kept for Step {
    fn keep(self, ws: &mut Workspace, subject: Subject) -> Result<Edit, EditError> {
        match subject {
            Subject::Step {
                journey,
                id: None,
                at,
            } => edit::insert_step(ws, journey, at, self),
            _ => edit::update_step(ws, self),
        }
    }
}

/// An entry as its form starts, whatever its kind: the form it shows, and how the filled-in
/// form saves it.
trait Edited {
    fn form(&self, ws: &Workspace, subject: Subject) -> Form;
    fn save(self: Box<Self>, form: &Form, ws: &mut Workspace, today: Date)
    -> Result<Edit, Refusal>;
}

impl<T: Kept> Edited for T {
    /// The entry's form, `New persona` or `Edit persona`: its fields by the schema and, for a
    /// new journey, the shape of its steps after its name.
    fn form(&self, ws: &Workspace, subject: Subject) -> Form {
        let mut fields = entry_fields(ws, subject, self);
        if let Subject::Journey { id: None, .. } = subject {
            fields.insert(1, shapes(ws));
        }
        let verb = if subject.is_new() { "New" } else { "Edit" };
        Form::new(format!("{verb} {}", T::NOUN), subject, fields)
    }

    fn save(
        self: Box<Self>,
        form: &Form,
        ws: &mut Workspace,
        today: Date,
    ) -> Result<Edit, Refusal> {
        Ok(filled(form, ws, *self, today)?.keep(ws, form.subject)?)
    }
}

/// The entry a subject's form edits: the one it names (`None` when it is gone), or a new one
/// under a new id with what the place it is added at gives it — a journey its persona and the
/// steps of the shape chosen in `form`, an item its cell and day (on no step when added from
/// the calendar), a KPI the item it is added to. `None` for subjects that are not entries.
fn start(ws: &Workspace, subject: Subject, form: Option<&Form>) -> Option<Box<dyn Edited>> {
    fn of<T: Record + Kept + 'static>(
        ws: &Workspace,
        id: Option<Id>,
        new: impl FnOnce() -> T,
    ) -> Option<Box<dyn Edited>> {
        Some(Box::new(match id {
            Some(id) => T::rows(ws).get(id)?.clone(),
            None => new(),
        }))
    }
    Some(match subject {
        Subject::Persona(id) => of(ws, id, || fresh!(Persona))?,
        Subject::Journey { id, persona } => of(ws, id, || Journey {
            persona_ids: persona.into_iter().collect(),
            steps: form.map(|form| shaped_steps(ws, form)).unwrap_or_default(),
            ..fresh!(Journey)
        })?,
        Subject::Step { id, .. } => Box::new(match id {
            Some(id) => ws.step(id)?.clone(),
            None => fresh!(Step),
        }),
        Subject::ContentType(id) => of(ws, id, || fresh!(ContentType))?,
        Subject::Item {
            id,
            content_type,
            step,
            date,
        } => of(ws, id, || Item {
            content_type_id: content_type,
            step_ids: step.into_iter().collect(),
            available_on: date,
            ..fresh!(Item)
        })?,
        Subject::Metric(id) => of(ws, id, || fresh!(Metric))?,
        Subject::ItemMetric(item) => {
            let item_id = Some(ws.items().get(item)?.id);
            of(ws, None, || Metric {
                item_id,
                ..fresh!(Metric)
            })?
        }
        Subject::Channel(id) => of(ws, id, || fresh!(Channel))?,
        Subject::Objective(id) => of(ws, id, || fresh!(Objective))?,
        Subject::Measurement { .. }
        | Subject::Comment(_)
        | Subject::Field(_)
        | Subject::Workspace => {
            return None;
        }
    })
}

/// The widget of a built-in field that depends on where the form was opened, overriding the
/// one its kind calls for: an item's steps (see [`item_steps`]).
fn context<T: Schema>(
    ws: &Workspace,
    subject: Subject,
    field: &'static schema::Field,
    entry: &T,
) -> Option<Field> {
    match (subject, entry.read(field.key)) {
        (Subject::Item { step, .. }, Some(FieldValue::Refs(had))) if field.key == "step_ids" => {
            Some(item_steps(ws, field, step, had))
        }
        _ => None,
    }
}

/// The steps an item's form offers, overriding the schema's list of every step: those of the
/// journey of the cell it was opened from (the item's steps on other journeys stay as they
/// are, see [`kept`]); an item on no step (a new one from the calendar) picks its one step
/// among every journey's, as `Journey › step`.
fn item_steps(
    ws: &Workspace,
    field: &'static schema::Field,
    step: Option<Id>,
    had: &[Id],
) -> Field {
    match step.and_then(|s| ws.journey_of_step(s)) {
        Some(journey) => {
            let steps = journey.steps.iter().map(|s| (s.id, s.name.clone()));
            Field::set(field.key, field.label, steps.collect(), had)
        }
        None => {
            let none = (None, "— none: on no step yet".to_string());
            let every = entries(ws, EntityKind::Step).into_iter();
            let steps = std::iter::once(none).chain(every.map(|(id, name)| (Some(id), name)));
            Field::choice(field.key, "Journey › step", steps.collect(), 0)
        }
    }
}

/// What a new journey's steps can start from, the first (no steps) chosen until the user picks
/// another: each built-in template, then the steps of each journey that has some. Not a field
/// of a journey: only its form asks it, after the name.
fn shapes(ws: &Workspace) -> Field {
    let shapes = std::iter::once((None, "none yet: add them on the board".to_string()))
        .chain(template::built_in().iter().map(|t| (None, t.summary())))
        .chain(
            ws.journeys()
                .iter()
                .filter(|j| !j.steps.is_empty())
                .map(|j| (Some(j.id), format!("copy the steps of {:?}", j.name))),
        );
    Field::choice("shape", "Steps", shapes.collect(), 0)
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

/// The form of a subject, filled with the entry's values (`None`: the entry is gone). A new
/// measurement is dated `today` until the user types another day.
pub fn build(ws: &Workspace, subject: Subject, today: Date) -> Option<Form> {
    let form = match subject {
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
        _ => start(ws, subject, None)?.form(ws, subject),
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

/// The entries a list field offers and those picked in it: the ticked ones of a set, the
/// chosen one of a choice.
fn picks(form: &Form, name: &str) -> (Vec<Option<Id>>, Vec<Id>) {
    match form
        .fields
        .iter()
        .find(|f| f.name == name)
        .map(|f| &f.value)
    {
        Some(Value::Set { ids, .. }) => {
            (ids.iter().copied().map(Some).collect(), form.ticked(name))
        }
        Some(Value::Choice { ids, .. }) => {
            (ids.clone(), form.chosen_id(name).into_iter().collect())
        }
        _ => (Vec::new(), Vec::new()),
    }
}

/// A list of entries after the form: those it did not offer stay (an item's steps on other
/// journeys), of the offered ones those picked; in the order the entry had them, newly picked
/// ones after, so that a list shown in another order (channels by media) does not reorder the
/// file.
fn kept(had: &[Id], offered: &[Option<Id>], picked: Vec<Id>) -> Vec<Id> {
    let mut kept: Vec<Id> = had
        .iter()
        .filter(|id| !offered.contains(&Some(**id)) || picked.contains(id))
        .copied()
        .collect();
    kept.extend(picked.into_iter().filter(|id| !had.contains(id)));
    kept
}

/// What the form holds for a built-in field of an entry, as a value to write; `had` is the
/// entry's value. A name may not be empty, nor a reference that offers no "— none"; a date or
/// an amount that does not read is refused at its field, saying why. A choice the file may
/// leave out (a KPI's direction, read as its first word, higher) is written as that word only
/// where the file already spelled it, so that choosing it again leaves the field out as before.
fn input<T: Schema>(
    form: &Form,
    ws: &Workspace,
    field: &'static schema::Field,
    had: FieldValue<'_>,
    today: Date,
) -> Result<FieldInput, Refusal> {
    let key = field.key;
    Ok(match field.kind {
        FieldKind::Name => {
            let what = format!("{}'s {}", a(T::NOUN), field.word());
            FieldInput::Text(required(form, key, &what)?)
        }
        FieldKind::Line | FieldKind::Long => FieldInput::Text(form.text(key)),
        FieldKind::Date => FieldInput::Date(parse_date(form, key, today)?),
        FieldKind::Amount => FieldInput::Number(Some(parse_money(form, key, ws.currency())?)),
        FieldKind::Number => FieldInput::Number(parse_number(form, key, ws.currency())?),
        FieldKind::Score => FieldInput::Score(match form.chosen(key) {
            0 => None,
            n => u8::try_from(n).ok(),
        }),
        FieldKind::Choice(words) => {
            let word = words.get(form.chosen(key)).copied();
            let left_out = word == words.first().copied()
                && had != FieldValue::Word(word)
                && may_hold::<T>(key, FieldInput::Word(None));
            FieldInput::Word(word.filter(|_| !left_out).map(str::to_string))
        }
        FieldKind::Ref(kind) => {
            let (offered, _) = picks(form, key);
            let id = form.chosen_id(key);
            if id.is_none() && !offered.contains(&None) {
                return Err(refuse(key, format!("choose {}", a(kind.noun()))));
            }
            FieldInput::Ref(id)
        }
        FieldKind::Refs(_) => {
            let had = match had {
                FieldValue::Refs(ids) => ids,
                _ => &[],
            };
            let (offered, picked) = picks(form, key);
            FieldInput::Refs(kept(had, &offered, picked))
        }
        FieldKind::Tags => FieldInput::Tags(
            form.text(key)
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        FieldKind::Attachment => FieldInput::Attachment(match form.chosen_id(key) {
            None => Attachment::Workspace,
            Some(id) if ws.journeys().contains(id) => Attachment::Journey(id),
            Some(id) if ws.items().contains(id) => Attachment::Item(id),
            Some(id) => Attachment::Step(id),
        }),
    })
}

/// The entry with the form's values: every field read (so a bad one is refused), and those the
/// user changed written — built-in ones through the schema, then the workspace's own (emptying
/// one removes its value). A field left as it was keeps the entry's value as the file spells
/// it (an absent KPI direction stays absent, text keeps its spaces), and one the form did not
/// show (defined while it was open) keeps its value.
fn filled<T: Formed>(form: &Form, ws: &Workspace, mut entry: T, today: Date) -> Result<T, Refusal> {
    let fields = &ws.contents().fields;
    for field in all_fields(fields, T::KIND) {
        match field {
            AnyField::BuiltIn(field) => {
                let had = entry.read(field.key).expect("a schema field reads");
                let value = input::<T>(form, ws, field, had, today)?;
                if form.changed_field(field.key) {
                    (entry.write(field.key, value))
                        .map_err(|e| refuse(field.key, e.to_string()))?;
                }
            }
            AnyField::Own(own) => {
                let name = custom_name(own);
                if let Some(values) = entry.own_mut()
                    && form.changed_field(&name)
                {
                    values.set(fields, &own.id, &form.text(&name));
                }
            }
        }
    }
    Ok(entry)
}

/// Turns a filled-in form into an edit of the workspace, or says which field is wrong. Dates
/// such as `+2w` count from `today`.
pub fn submit(form: &Form, ws: &mut Workspace, today: Date) -> Result<Edit, Refusal> {
    match form.subject {
        Subject::Measurement { metric, on } => {
            let when = parse_date(form, "on", today)?
                .ok_or_else(|| refuse("on", "a measurement needs a date"))?;
            let currency = ws.currency().to_string();
            let value = parse_number(form, "value", &currency)?
                .ok_or_else(|| refuse("value", "a measurement needs a value"))?;
            let measurement = Measurement::new(when, value, &form.text("note"));
            Ok(edit::measure(ws, metric, on, measurement)?)
        }
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
        subject => start(ws, subject, Some(form))
            .ok_or_else(gone)?
            .save(form, ws, today),
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

#[cfg(test)]
mod tests;
