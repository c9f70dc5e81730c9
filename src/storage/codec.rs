//! Bytes ↔ workspace: strict decoding that reports every problem, and canonical encoding.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::rules::{Problem, check_workspace};
use crate::model::{
    Contents, Entity, FORMAT, Journey, Mapping, Snapshot, Step, Table, VERSION, Workspace,
};

/// Why bytes are not a workspace this program can edit. `Display` gives one line per problem,
/// without the file name (the caller knows it).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// The reason is in parentheses, e.g. `(no "format": "journeymap")`.
    #[error("this is not a journeymap workspace {0}")]
    NotAWorkspace(String),
    #[error(
        "the file is version {0}, newer than this journeymap understands ({VERSION}): update journeymap to edit it"
    )]
    NewerVersion(u64),
    #[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// The canonical bytes of a workspace: two-space pretty JSON, fields in file order, a final
/// newline. The same workspace always gives the same bytes.
pub fn encode(workspace: &Workspace) -> Vec<u8> {
    encode_snapshot(&workspace.snapshot(), 4096)
}

/// The canonical bytes of a [`Snapshot`] (the same as [`encode`] of its workspace), for a save
/// on another thread. `size_hint` is what the bytes are expected to take (the file's last
/// size): a large workspace is written into one buffer, not one that doubles its way there.
pub fn encode_snapshot(snapshot: &Snapshot, size_hint: usize) -> Vec<u8> {
    #[cfg(test)]
    ENCODES.with(|count| count.set(count.get() + 1));
    // Room for a little growth, so an edit that adds a few bytes does not reallocate.
    let mut bytes = Vec::with_capacity(size_hint + size_hint / 64 + 4096);
    if in_parts(snapshot) {
        let whole = bytes.capacity();
        write_in_parts(snapshot, PART, whole, &mut bytes)
    } else {
        write_canonical(snapshot, &mut bytes)
    }
    .expect("a workspace always serialises");
    bytes
}

/// Writes the canonical bytes of a [`Snapshot`] (those of [`encode_snapshot`]) to `out`, a
/// part at a time, instead of making them first: a command that writes a large workspace once
/// (a merge, into its temporary file) holds a few megabytes of them at a time, not 50. `out`
/// takes every token of a small workspace: give a buffered writer.
pub fn encode_snapshot_to(
    snapshot: &Snapshot,
    size_hint: usize,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    #[cfg(test)]
    ENCODES.with(|count| count.set(count.get() + 1));
    if !in_parts(snapshot) {
        return write_canonical(snapshot, out);
    }
    let mut pieces = WrittenOn {
        here: Vec::new(),
        out,
    };
    write_in_parts(snapshot, PART, size_hint, &mut pieces)
}

/// Whether a snapshot's items are written in parts on two threads: a large workspace's, where
/// this thread may start a helper.
fn in_parts(snapshot: &Snapshot) -> bool {
    snapshot.items().len() >= 2 * PART && crate::model::helpers::allowed()
}

/// How many items [`encode_snapshot`] writes as one part of a large workspace's: enough that a
/// part costs far more than handing it over, few enough that the parts waiting to be put in
/// place take little room (a few megabytes).
const PART: usize = 4096;

/// [`write_canonical`] on two threads: the items (nearly all of a large file) are written in
/// parts of `part` items, every other one on a second thread into a buffer of its own that this
/// one then puts in its place, the others here in place; the second thread is at most two parts
/// ahead, so the buffers take little room whatever the size of the file. A value's bytes depend
/// only on itself and its depth in the file, so the parts joined are byte for byte the bytes of
/// one pass (a property test compares them).
///
/// The file's pieces (the part before the items, each part of them, the rest) go to `pieces`,
/// which keeps them all in one buffer or writes each on. `whole` is what the file is expected
/// to take, to size the second thread's buffers.
fn write_in_parts(
    snapshot: &Snapshot,
    part: usize,
    whole: usize,
    pieces: &mut impl Pieces,
) -> std::io::Result<()> {
    // The file around its items: `…,\n  "items": []` and the rest. Every line of a nested
    // value is indented deeper and a string holds no raw newline, so the first such line is
    // the items' own, whatever the entries before them hold.
    let mut around = Vec::new();
    write_canonical(&snapshot.without_items(), &mut around)?;
    const ITEMS: &[u8] = b"\n  \"items\": ";
    let cut = memchr::memmem::find(&around, b"\n  \"items\": []").map(|at| at + ITEMS.len());
    let items = snapshot.items();
    let (Some(cut), false) = (cut, items.is_empty() || part == 0) else {
        // Not reached (a file always has its items; a part has some): one pass.
        write_canonical(snapshot, pieces.here())?;
        return pieces.made_here();
    };
    #[cfg(test)]
    IN_PARTS.with(|count| count.set(count.get() + 1));
    let (before, after) = (&around[..cut], &around[cut + b"[]".len()..]);
    let parts = items.len().div_ceil(part);
    let rows = |n: usize| {
        let rest = items.skip(n * part);
        rest.take(part.min(rest.len()))
    };
    // A part's share of the room made for the whole file.
    let room = whole.saturating_sub(around.len()) / parts;
    pieces.here().extend_from_slice(before);
    pieces.made_here()?;
    std::thread::scope(|scope| {
        let (send, written) = std::sync::mpsc::sync_channel(1);
        // Without a second thread (none to be had), the sender is gone with it: every part
        // is then written here.
        let _second = std::thread::Builder::new().spawn_scoped(scope, move || {
            for n in (1..parts).step_by(2) {
                let mut bytes = Vec::with_capacity(room);
                let done = continue_items(&rows(n), false, &mut bytes).map(|()| bytes);
                // This thread's parts are no longer wanted once the first has stopped.
                if send.send(done).is_err() {
                    return;
                }
            }
        });
        for n in 0..parts {
            let from_second = if n % 2 == 1 {
                written.recv().ok()
            } else {
                None
            };
            match from_second {
                Some(bytes) => pieces.made_elsewhere(&bytes?)?,
                None => {
                    continue_items(&rows(n), n == 0, pieces.here())?;
                    pieces.made_here()?;
                }
            }
        }
        Ok::<_, std::io::Error>(())
    })?;
    pieces.here().extend_from_slice(ARRAY_END);
    pieces.here().extend_from_slice(after);
    pieces.made_here()
}

/// Where [`write_in_parts`] puts the file's pieces as they are made.
trait Pieces {
    /// The buffer this thread makes its pieces in, after what it holds.
    fn here(&mut self) -> &mut Vec<u8>;
    /// The piece made in [`Pieces::here`] is whole.
    fn made_here(&mut self) -> std::io::Result<()>;
    /// A piece the second thread made, which follows those made so far.
    fn made_elsewhere(&mut self, piece: &[u8]) -> std::io::Result<()>;
}

/// The whole file in one buffer, each piece in its place: those made here are made there.
impl Pieces for Vec<u8> {
    fn here(&mut self) -> &mut Vec<u8> {
        self
    }

    fn made_here(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn made_elsewhere(&mut self, piece: &[u8]) -> std::io::Result<()> {
        self.extend_from_slice(piece);
        Ok(())
    }
}

/// Each piece written on to `out` once it is made, a piece made on the second thread straight
/// from its own buffer: no more than a part's bytes are held here.
struct WrittenOn<W> {
    here: Vec<u8>,
    out: W,
}

impl<W: std::io::Write> Pieces for WrittenOn<W> {
    fn here(&mut self) -> &mut Vec<u8> {
        &mut self.here
    }

    fn made_here(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.here)?;
        self.here.clear();
        Ok(())
    }

    fn made_elsewhere(&mut self, piece: &[u8]) -> std::io::Result<()> {
        self.out.write_all(piece)
    }
}

/// How an array that is the value of a top-level field ends.
const ARRAY_END: &[u8] = b"\n  ]";

/// Writes `rows` as they continue the items' array of the file: `[⏎    a,⏎    b` for the first
/// part, `,⏎    c,⏎    d` for any other, and the array's end ([`ARRAY_END`]) left to be written
/// after the last.
fn continue_items(rows: &impl Serialize, first: bool, out: &mut Vec<u8>) -> std::io::Result<()> {
    let start = out.len();
    write_top_level_value(rows, out)?;
    if !first {
        out[start] = b',';
    }
    out.truncate(out.len() - ARRAY_END.len());
    Ok(())
}

/// Writes a value as the value of a top-level field of the file (a table's rows) is written:
/// one level deep, as [`write_canonical`] writes it there.
fn write_top_level_value(value: &impl Serialize, out: &mut Vec<u8>) -> std::io::Result<()> {
    use serde_json::ser::Formatter;
    let mut formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    // Inside the file's object, as its fields are: what opening it does to the indentation.
    formatter.begin_object(&mut std::io::sink())?;
    value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))?;
    Ok(())
}

/// Writes the canonical bytes of a snapshot: the one place that says what they are.
fn write_canonical(snapshot: &Snapshot, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut *out,
        serde_json::ser::PrettyFormatter::with_indent(b"  "),
    );
    snapshot.serialize(&mut serializer)?;
    out.write_all(b"\n")
}

/// Whether `bytes` are the canonical bytes of `workspace` ([`encode`]): compared as they are
/// written, without building them, and stopping at the first difference.
pub fn is_canonical(workspace: &Workspace, bytes: &[u8]) -> bool {
    /// Takes what is written only while it is what `rest` begins with.
    struct Compare<'a> {
        rest: &'a [u8],
    }
    impl std::io::Write for Compare<'_> {
        fn write(&mut self, written: &[u8]) -> std::io::Result<usize> {
            match self.rest.strip_prefix(written) {
                Some(rest) => {
                    self.rest = rest;
                    Ok(written.len())
                }
                None => Err(std::io::Error::other("not the same bytes")),
            }
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // The serializer writes a token at a time (a quote, a key, an indent); gathered into
    // blocks, the comparison is one memcmp per block instead of a call per token.
    let mut compare = std::io::BufWriter::with_capacity(COMPARED_AT_ONCE, Compare { rest: bytes });
    write_canonical(&workspace.snapshot(), &mut compare).is_ok()
        && compare
            .into_inner()
            .is_ok_and(|compare| compare.rest.is_empty())
}

/// How many bytes [`is_canonical`] compares at once.
const COMPARED_AT_ONCE: usize = 64 * 1024;

#[cfg(test)]
thread_local! {
    /// How many encodes ran on this thread: a test tells that a save started on the screen's
    /// thread encodes elsewhere.
    static ENCODES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many files were parsed on this thread: a test tells that the screen opens its file
    /// on the save worker.
    static PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many files were parsed on the calling thread so far.
#[cfg(test)]
pub fn parses_on_this_thread() -> usize {
    PARSES.with(std::cell::Cell::get)
}

/// How many encodes ran on the calling thread so far.
#[cfg(test)]
pub fn encodes_on_this_thread() -> usize {
    ENCODES.with(std::cell::Cell::get)
}

#[cfg(test)]
thread_local! {
    /// How many encodes started on this thread wrote their items in parts on two threads.
    static IN_PARTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many encodes started on the calling thread took a second thread.
#[cfg(test)]
pub fn encodes_in_parts_on_this_thread() -> usize {
    IN_PARTS.with(std::cell::Cell::get)
}

/// Reads a workspace from bytes, checking every rule; on failure lists every problem found.
pub fn decode(bytes: &[u8]) -> Result<Workspace, LoadError> {
    let read = decode_flawed(bytes)?;
    if read.problems.is_empty() {
        Ok(read.workspace)
    } else {
        Err(LoadError::Invalid(read.problems))
    }
}

/// A workspace read in spite of the rules it breaks: to look at, read-only, or to repair when
/// asked.
#[derive(Debug)]
pub struct Flawed {
    pub workspace: Workspace,
    /// Every problem, in file order: what [`LoadError::Invalid`] lists. None for a valid file.
    pub problems: Vec<Problem>,
    /// The values that could not be read at all (text where a number belongs, an emotion of 7):
    /// each stands in the workspace as its field's default, so there the workspace is not what
    /// the file says. Each is in `problems` too.
    pub unread: Vec<Problem>,
}

/// Reads a workspace from bytes whatever rules it breaks, as long as it is a journeymap
/// workspace of a version this program reads; lists every problem found.
pub fn decode_flawed(bytes: &[u8]) -> Result<Flawed, LoadError> {
    parse(bytes).map(Parsed::into_flawed)
}

/// A file's entries read from its bytes, before the workspace's lookups are built and its rules
/// checked: what needs the bytes is done, so a caller holding a large file frees them first.
pub enum Parsed {
    /// Every value had its type.
    Typed(Box<Contents>),
    /// Read in spite of values that did not (see [`decode_flawed`]).
    Flawed(Box<Flawed>),
}

impl Parsed {
    /// The contents, checked for every rule as [`decode`] checks them (the same problems, the
    /// same errors), without the index a workspace keeps for the screens: for a command that
    /// only reads the entries.
    pub fn into_contents(self) -> Result<Contents, LoadError> {
        let (contents, problems) = match self {
            Parsed::Typed(contents) => {
                let (contents, mut problems) = Workspace::checked_contents(*contents);
                problems.sort_by_key(file_order);
                (contents, problems)
            }
            Parsed::Flawed(flawed) => (flawed.workspace.into_contents(), flawed.problems),
        };
        if problems.is_empty() {
            Ok(contents)
        } else {
            Err(LoadError::Invalid(problems))
        }
    }

    /// The workspace with its lookups, and every problem it has.
    pub fn into_flawed(self) -> Flawed {
        match self {
            Parsed::Typed(contents) => {
                let (workspace, mut problems) = Workspace::checked(*contents);
                problems.sort_by_key(file_order);
                Flawed {
                    workspace,
                    problems,
                    unread: Vec::new(),
                }
            }
            Parsed::Flawed(flawed) => *flawed,
        }
    }
}

/// The first half of [`decode_flawed`]: everything that reads the bytes.
pub fn parse(bytes: &[u8]) -> Result<Parsed, LoadError> {
    #[cfg(test)]
    PARSES.with(|count| count.set(count.get() + 1));
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The fast path: a file whose values all have their types deserialises straight into the
    // model. Its bytes are checked as UTF-8 once, as a whole, not string by string as the
    // reader of bytes checks them (about a twentieth of the parse); a file that is not UTF-8
    // goes to that reader, which tells where.
    let parsed = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str::<Contents>(text),
        Err(_) => serde_json::from_slice::<Contents>(bytes),
    };
    match parsed {
        Ok(contents) => {
            check_header(&contents.format, u64::from(contents.version))?;
            Ok(Parsed::Typed(Box::new(contents)))
        }
        Err(error) if error.is_data() => {
            decode_slowly(bytes, error).map(|flawed| Parsed::Flawed(Box::new(flawed)))
        }
        Err(error) => Err(syntax(error)),
    }
}

fn syntax(error: serde_json::Error) -> LoadError {
    let mut message = error.to_string();
    // serde_json appends " at line L column C"; we give them separately.
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    if error.is_eof() {
        message = format!("{message} (is the file cut short?)");
    }
    LoadError::Syntax {
        line: error.line(),
        column: error.column(),
        message,
    }
}

fn check_header(format: &str, version: u64) -> Result<(), LoadError> {
    check_format(Some(format))?;
    check_version(version)
}

fn check_version(version: u64) -> Result<(), LoadError> {
    if version > u64::from(VERSION) {
        return Err(LoadError::NewerVersion(version));
    }
    if version == 0 {
        return Err(LoadError::NotAWorkspace(
            "(\"version\" 0 does not exist)".into(),
        ));
    }
    Ok(())
}

/// The `format` field first: a JSON file of another tool (a `package.json`) is told apart by
/// it, before any of its other fields (its `"version": "1.0.0"`) is complained about. An empty
/// or missing one is "no format".
fn check_format(format: Option<&str>) -> Result<(), LoadError> {
    match format {
        Some(FORMAT) => Ok(()),
        None | Some("") => Err(LoadError::NotAWorkspace(format!(
            "(no \"format\": \"{FORMAT}\")"
        ))),
        Some(other) => Err(LoadError::NotAWorkspace(format!(
            "(\"format\" is {other:?}, not \"{FORMAT}\")"
        ))),
    }
}

/// The slow path, taken only when the fast one failed on a wrongly typed value: walk the file
/// entry by entry so that every problem is reported, not just the first one serde meets.
fn decode_slowly(bytes: &[u8], error: serde_json::Error) -> Result<Flawed, LoadError> {
    let root: Value = serde_json::from_slice(bytes).map_err(syntax)?;
    let Value::Object(mut root) = root else {
        return Err(LoadError::NotAWorkspace(
            "(the file holds no JSON object)".into(),
        ));
    };
    match root.get("format") {
        None => check_format(None)?,
        Some(Value::String(format)) => check_format(Some(format))?,
        Some(other) => check_format(Some(&other.to_string()))?,
    }
    let version = match root.get("version") {
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
            LoadError::NotAWorkspace(format!("(\"version\" {n} is not a version number)"))
        })?,
        Some(other) => {
            return Err(LoadError::NotAWorkspace(format!(
                "(\"version\" {other} is not a version number)"
            )));
        }
        None => 0,
    };
    check_version(version)?;

    let mut problems = Vec::new();
    let mut contents = Contents {
        objectives: repair_table(&mut root, &mut problems),
        channels: repair_table(&mut root, &mut problems),
        personas: repair_table(&mut root, &mut problems),
        content_types: repair_table(&mut root, &mut problems),
        journeys: repair_journeys(&mut root, &mut problems),
        items: repair_table(&mut root, &mut problems),
        metrics: repair_table(&mut root, &mut problems),
        ..Contents::default()
    };
    for field in ["name", "currency"] {
        match root.remove(field) {
            Some(Value::String(text)) if field == "name" => contents.name = text,
            Some(Value::String(text)) => contents.currency = text,
            None => {}
            Some(other) => problems.push(top_level_problem(field, &other, "a string")),
        }
    }
    if let Some(fields) = root.remove("fields") {
        match crate::model::from_tree(&fields) {
            Ok(fields) => contents.fields = fields,
            Err(error) => {
                problems.push(top_level_problem(
                    "fields",
                    &fields,
                    &format!("a list of fields ({error})"),
                ));
                // Kept as written, so saving loses nothing.
                root.insert("fields".into(), fields);
            }
        }
    }
    root.remove("format");
    root.remove("version");
    contents.extra = root;

    // Rules on the repaired entries find the remaining problems; a field already reported as
    // unreadable is not reported again for the placeholder that stands in for it.
    let workspace = Workspace::from_contents(contents);
    let unread = problems.clone();
    let reported: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.entry.clone(), top_field(&p.field).to_string()))
        .collect();
    problems.extend(check_workspace(&workspace).into_iter().filter(|p| {
        !reported
            .iter()
            .any(|(entry, field)| *entry == p.entry && field == top_field(&p.field))
    }));
    if problems.is_empty() {
        // What serde refused is invisible in the parsed tree (a key written twice): its own
        // words, with line and column, are all there is to say.
        return Err(syntax(error));
    }
    problems.sort_by_key(file_order);
    Ok(Flawed {
        workspace,
        problems,
        unread,
    })
}

/// `steps[2].emotion` → `steps`.
fn top_field(field: &str) -> &str {
    field.split(['.', '[']).next().unwrap_or(field)
}

/// Sorts problems in file order: by collection, then by position; within a journey, its own
/// fields come first, then its steps, then its mappings.
fn file_order(problem: &Problem) -> (usize, Vec<usize>) {
    const ORDER: [&str; 10] = [
        "workspace",
        "fields",
        "objectives",
        "channels",
        "personas",
        "content_types",
        "journeys",
        "items",
        "metrics",
        "conflicts",
    ];
    let collection = top_field(&problem.entry);
    let rank = ORDER.iter().position(|c| *c == collection).unwrap_or(0);
    let numbers = |text: &str| -> Vec<usize> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect()
    };
    let mut key = numbers(&problem.entry);
    if problem.entry.contains(".steps[") {
        key.insert(key.len().min(1), 1);
    } else if problem.entry.contains(".mappings[") {
        key.insert(key.len().min(1), 2);
    } else if problem.field.starts_with("mappings[") {
        key.push(2);
        key.extend(numbers(&problem.field).first());
    }
    (rank, key)
}

fn top_level_problem(field: &str, value: &Value, expected: &str) -> Problem {
    Problem {
        entry: "workspace".into(),
        label: String::new(),
        field: field.into(),
        message: format!("{} is not {expected}", describe(value)),
    }
}

fn describe(value: &Value) -> String {
    let text = value.to_string();
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn take_array(
    root: &mut Map<String, Value>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Value> {
    match root.remove(field) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(rows)) => rows,
        Some(other) => {
            problems.push(top_level_problem(field, &other, "a list"));
            Vec::new()
        }
    }
}

fn repair_table<T: Entity>(root: &mut Map<String, Value>, problems: &mut Vec<Problem>) -> Table<T> {
    let rows = take_array(root, T::COLLECTION, problems);
    Table::from_rows(
        rows.into_iter()
            .enumerate()
            .map(|(at, row)| repair(row, format!("{}[{at}]", T::COLLECTION), problems)),
    )
}

fn repair_journeys(root: &mut Map<String, Value>, problems: &mut Vec<Problem>) -> Table<Journey> {
    let rows = take_array(root, Journey::COLLECTION, problems);
    let mut journeys = Vec::with_capacity(rows.len());
    for (at, mut row) in rows.into_iter().enumerate() {
        let entry = format!("journeys[{at}]");
        let label = row
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut nested = |field: &str| match row.as_object_mut().and_then(|o| o.remove(field)) {
            Some(Value::Array(rows)) => rows,
            None | Some(Value::Null) => Vec::new(),
            Some(other) => {
                problems.push(Problem {
                    entry: entry.clone(),
                    label: label.clone(),
                    field: field.into(),
                    message: format!("{} is not a list", describe(&other)),
                });
                Vec::new()
            }
        };
        let steps = nested("steps");
        let mappings = nested("mappings");
        let mut journey: Journey = repair(row, entry.clone(), problems);
        journey.steps = steps
            .into_iter()
            .enumerate()
            .map(|(s, step)| repair::<Step>(step, format!("{entry}.steps[{s}]"), problems))
            .collect();
        journey.mappings = mappings
            .into_iter()
            .enumerate()
            .map(|(m, mapping)| {
                repair::<Mapping>(mapping, format!("{entry}.mappings[{m}]"), problems)
            })
            .collect();
        journeys.push(journey);
    }
    Table::from_rows(journeys)
}

/// Deserialises one entry, replacing each field that cannot be read by its default and
/// reporting it, until the entry reads; so one entry with three bad fields gives three lines.
fn repair<T: serde::de::DeserializeOwned + Default + Serialize>(
    row: Value,
    entry: String,
    problems: &mut Vec<Problem>,
) -> T {
    let Value::Object(mut fields) = row else {
        problems.push(Problem {
            entry,
            label: String::new(),
            field: String::new(),
            message: format!("{} is not an object", describe(&row)),
        });
        return T::default();
    };
    let label = ["name", "title"]
        .iter()
        .find_map(|key| fields.get(*key).and_then(Value::as_str))
        .unwrap_or("")
        .to_string();
    let defaults = match serde_json::to_value(T::default()) {
        Ok(Value::Object(defaults)) => defaults,
        _ => Map::new(),
    };
    for _ in 0..=fields.len() {
        // Through text, as the fast path reads: a `Value` cannot hand a number beyond 64 bits
        // to the map of unknown fields (see `crate::model::from_tree`).
        let attempt = serde_json::to_vec(&fields).expect("a JSON map serialises");
        let mut reader = serde_json::Deserializer::from_slice(&attempt);
        match serde_path_to_error::deserialize::<_, T>(&mut reader) {
            Ok(value) => return value,
            Err(error) => {
                let path = error.path().to_string();
                let field = top_field(&path).to_string();
                problems.push(Problem {
                    entry: entry.clone(),
                    label: label.clone(),
                    field: if path == "." { String::new() } else { path },
                    message: crate::model::without_position(error.inner()),
                });
                match defaults.get(&field) {
                    Some(default) => fields.insert(field, default.clone()),
                    None => fields.remove(&field),
                };
            }
        }
    }
    T::default()
}

#[cfg(test)]
mod tests;
