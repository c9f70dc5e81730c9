//! Tests of the codec: the sample's exact round trip, canonical and deterministic bytes, fields
//! from newer releases kept, and every kind of broken file reported entry by entry, field by
//! field.

use serde_json::json;

use super::*;
use crate::storage::location::SAMPLE;

const O1: &str = "00000000-0000-4000-8000-000000000101";
const C1: &str = "00000000-0000-4000-8000-000000000201";
const P1: &str = "00000000-0000-4000-8000-000000000301";
const T1: &str = "00000000-0000-4000-8000-000000000401";
const T2: &str = "00000000-0000-4000-8000-000000000402";
const J1: &str = "00000000-0000-4000-8000-000000000501";
const J2: &str = "00000000-0000-4000-8000-000000000502";
const S1: &str = "00000000-0000-4000-8000-000000000511";
const S2: &str = "00000000-0000-4000-8000-000000000512";
const S3: &str = "00000000-0000-4000-8000-000000000521";
const I1: &str = "00000000-0000-4000-8000-000000000601";
const I2: &str = "00000000-0000-4000-8000-000000000602";
const M1: &str = "00000000-0000-4000-8000-000000000701";
/// An id no entry has.
const NOBODY: &str = "00000000-0000-4000-8000-00000000dead";

/// A small valid workspace with one entry of most kinds, fields in file order.
fn mini() -> Value {
    json!({
        "format": "journeymap",
        "version": 1,
        "name": "Mini",
        "currency": "EUR",
        "objectives": [{ "id": O1, "title": "Grow", "notes": "" }],
        "channels": [
            { "id": C1, "name": "Search", "media": "paid", "budget": 100.0, "notes": "" }
        ],
        "personas": [{
            "id": P1, "name": "Chris", "summary": "", "characteristics": "", "needs": "",
            "preferences": "", "challenges": "", "values": "", "channel_ids": [C1], "tags": []
        }],
        "content_types": [
            { "id": T1, "name": "Video", "kind": "content" },
            { "id": T2, "name": "Chat", "kind": "service" }
        ],
        "journeys": [
            {
                "id": J1, "name": "Buy", "persona_ids": [P1], "objective_id": O1,
                "current_state": "", "desired_state": "",
                "steps": [
                    { "id": S1, "name": "Look", "actions": "", "touchpoints": "",
                      "pain_points": "", "opportunities": "", "emotion": 3, "notes": "" },
                    { "id": S2, "name": "Pay", "actions": "", "touchpoints": "",
                      "pain_points": "", "opportunities": "", "emotion": null, "notes": "" }
                ],
                "mappings": [
                    { "step_id": S1, "content_type_id": T1 },
                    { "step_id": S2, "content_type_id": T2 }
                ]
            },
            {
                "id": J2, "name": "Fix", "persona_ids": [P1], "objective_id": null,
                "current_state": "", "desired_state": "",
                "steps": [
                    { "id": S3, "name": "Book", "actions": "", "touchpoints": "",
                      "pain_points": "", "opportunities": "", "emotion": 4, "notes": "" }
                ],
                "mappings": []
            }
        ],
        "items": [
            { "id": I1, "title": "Promo", "content_type_id": T1, "step_ids": [S1],
              "channel_id": C1, "status": "available", "owner": "",
              "available_on": "2027-03-01", "cost": 10.5, "url": "", "notes": "" },
            { "id": I2, "title": "Chatbot", "content_type_id": T2, "step_ids": [S2],
              "channel_id": null, "status": "to_create", "owner": "",
              "available_on": null, "cost": 0.0, "url": "", "notes": "" }
        ],
        "metrics": [
            { "id": M1, "name": "Sales", "level": "strategic", "unit": "EUR",
              "target": 100.0, "actual": null, "journey_id": J1, "step_id": null,
              "item_id": null }
        ]
    })
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).expect("JSON")
}

/// `mini()` with one change.
fn mini_with(change: impl FnOnce(&mut Value)) -> Value {
    let mut value = mini();
    change(&mut value);
    value
}

fn set(value: &mut Value, pointer: &str, to: Value) {
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = to;
}

/// The problem lines a broken file gives.
#[track_caller]
fn problems(value: &Value) -> Vec<String> {
    match decode(&bytes(value)) {
        Err(LoadError::Invalid(problems)) => problems.iter().map(|p| p.to_string()).collect(),
        Err(other) => panic!("expected a list of problems, got {other:?}"),
        Ok(_) => panic!("the broken file was accepted"),
    }
}

#[track_caller]
fn broken(change: impl FnOnce(&mut Value)) -> Vec<String> {
    problems(&mini_with(change))
}

#[track_caller]
fn decoded(bytes: &[u8]) -> Workspace {
    match decode(bytes) {
        Ok(workspace) => workspace,
        Err(error) => panic!("did not decode:\n{error}"),
    }
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8")
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[test]
fn the_sample_decodes_without_problems_and_encodes_to_the_same_bytes() {
    let workspace = decoded(SAMPLE.as_bytes());
    assert!(check_workspace(&workspace).is_empty());
    assert!(workspace.journeys().len() >= 2 && workspace.items().len() >= 10);
    let encoded = encode(&workspace);
    if encoded != SAMPLE.as_bytes() {
        let at = encoded
            .iter()
            .zip(SAMPLE.as_bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(encoded.len().min(SAMPLE.len()));
        panic!(
            "the sample does not round-trip; first difference at byte {at}: {:?}",
            String::from_utf8_lossy(&encoded[at.saturating_sub(40)..(at + 40).min(encoded.len())])
        );
    }
}

#[test]
fn encoding_is_canonical_and_deterministic() {
    let workspace = decoded(&bytes(&mini()));
    let first = encode(&workspace);
    assert_eq!(encode(&workspace), first);
    assert_eq!(encode(&workspace.clone()), first);
    // Decoding canonical bytes and encoding again changes nothing, whatever order the indexes
    // (hash maps) were built in.
    for _ in 0..3 {
        assert_eq!(encode(&decoded(&first)), first);
    }
    // Two-space indentation, fields in file order, a final newline.
    let text = text(&first);
    assert!(text.starts_with(
        "{\n  \"format\": \"journeymap\",\n  \"version\": 1,\n  \"name\": \"Mini\",\n  \"currency\": \"EUR\",\n  \"objectives\": [\n    {\n      \"id\": "
    ));
    assert!(text.ends_with("\n}\n") && !text.ends_with("\n\n"));
    assert!(!text.contains('\t'));
    let fields: Vec<usize> = [
        "\"objectives\"",
        "\"channels\"",
        "\"personas\"",
        "\"content_types\"",
        "\"journeys\"",
        "\"items\"",
        "\"metrics\"",
    ]
    .iter()
    .map(|field| text.find(field).expect(field))
    .collect();
    assert!(fields.windows(2).all(|w| w[0] < w[1]));
    // The JSON says what the input said.
    assert_eq!(serde_json::from_slice::<Value>(&first).unwrap(), mini());

    let blank = Workspace::blank("Blank");
    assert_eq!(encode(&decoded(&encode(&blank))), encode(&blank));
}

#[test]
fn canonical_bytes_are_told_from_any_others_without_encoding() {
    let workspace = decoded(SAMPLE.as_bytes());
    let canonical = encode(&workspace);
    assert!(is_canonical(&workspace, &canonical));
    let mut changed = canonical.clone();
    let middle = changed.len() / 2;
    changed[middle] = b'#';
    let mut longer = canonical.clone();
    longer.push(b'\n');
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&canonical);
    for other in [
        &changed[..],
        &canonical[..canonical.len() - 1],
        &longer,
        &with_bom,
        b"",
    ] {
        assert!(!is_canonical(&workspace, other), "{:?}", other.len());
    }
}

#[test]
fn unknown_fields_at_every_level_survive_decoding_and_encoding() {
    let input = mini_with(|v| {
        let root = v.as_object_mut().unwrap();
        root.insert(
            "future_feature".into(),
            json!({ "nested": [1, "two", null], "flag": true }),
        );
        for (pointer, field, value) in [
            ("/objectives/0", "owner", json!("Ana")),
            ("/personas/0", "mood", json!("calm")),
            ("/journeys/0", "colour", json!("#ff0000")),
            ("/journeys/0/steps/1", "duration_days", json!(3)),
            (
                "/journeys/0/mappings/0",
                "priority",
                json!({ "level": "high" }),
            ),
            ("/items/0", "tags", json!(["spring", 2027])),
            ("/metrics/0", "source", json!("analytics")),
        ] {
            let entry = v.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
            entry.insert(field.into(), value);
        }
    });
    let workspace = decoded(&bytes(&input));
    let encoded = encode(&workspace);
    let output: Value = serde_json::from_slice(&encoded).unwrap();
    assert_eq!(output, input);
    assert_eq!(output["future_feature"]["nested"][1], "two");
    assert_eq!(output["journeys"][0]["steps"][1]["duration_days"], 3);
    assert_eq!(
        output["journeys"][0]["mappings"][0]["priority"]["level"],
        "high"
    );
    assert_eq!(output["personas"][0]["mood"], "calm");
    assert_eq!(output["items"][0]["tags"][1], 2027);
    // And they stay put through a second round.
    assert_eq!(encode(&decoded(&encoded)), encoded);
}

/// Numbers as a file spells them, kept as text (serde_json's `arbitrary_precision`).
fn number(text: &str) -> Value {
    serde_json::from_str(text).expect("a JSON number")
}

#[test]
fn every_number_survives_load_and_save_bit_for_bit() {
    let input = mini_with(|v| {
        // Known fields: doubles an approximate parser gets one bit wrong (…017 came back …014).
        set(v, "/channels/0/budget", number("0.21298617672715017"));
        set(v, "/metrics/0/actual", number("0.21298617672715017"));
        set(v, "/metrics/0/target", number("1234567.8901234567"));
        // Unknown fields: more digits than a double or 64 bits hold, at every level.
        let root = v.as_object_mut().unwrap();
        root.insert("big".into(), number("123456789012345678901234567890"));
        root.insert("precise".into(), number("1.00000000000000000001"));
        root.insert(
            "list".into(),
            json!([
                number("-98765432109876543210987654321"),
                number("0.1000000000000000000000001"),
                number("-0.0")
            ]),
        );
        let item = v.pointer_mut("/items/0").unwrap().as_object_mut().unwrap();
        item.insert("big".into(), number("123456789012345678901234567890"));
        let step = v
            .pointer_mut("/journeys/0/steps/0")
            .unwrap()
            .as_object_mut()
            .unwrap();
        step.insert("precise".into(), number("1.00000000000000000001"));
    });
    let encoded = encode(&decoded(&bytes(&input)));
    // Number for number as the input spells it (a `Value` compares numbers by their digits),
    // and a saved file loads and saves to the same bytes.
    assert_eq!(serde_json::from_slice::<Value>(&encoded).unwrap(), input);
    assert_eq!(text(&encode(&decoded(&encoded))), text(&encoded));
    for spelled in [
        "\"budget\": 0.21298617672715017",
        "\"big\": 123456789012345678901234567890",
        "\"precise\": 1.00000000000000000001",
        "-98765432109876543210987654321",
        "0.1000000000000000000000001",
        "-0.0",
    ] {
        assert!(text(&encoded).contains(spelled), "{spelled} is lost");
    }
}

#[test]
fn an_unknown_big_number_does_not_confuse_the_report_of_a_broken_file() {
    // The slow path reads entry by entry; a number beyond 64 bits must not be a problem there.
    let lines = broken(|v| {
        let item = v.pointer_mut("/items/0").unwrap().as_object_mut().unwrap();
        item.insert("big".into(), number("123456789012345678901234567890"));
        set(v, "/items/0/status", json!("lost"));
    });
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].contains("items[0]") && lines[0].contains("status"),
        "{lines:#?}"
    );
    assert!(!lines[0].contains("at line"), "{lines:#?}");
}

#[test]
fn a_file_may_nest_as_deep_as_merge_assumes_and_no_deeper() {
    use crate::model::merge::MAX_NESTING;
    let with_levels = |levels: usize| {
        // The file's object is the first level; the field adds the rest.
        let deep = (1..levels).fold(json!(1), |inner, _| json!([inner]));
        let mut v = mini();
        v.as_object_mut().unwrap().insert("deep".into(), deep);
        serde_json::to_vec(&v).unwrap()
    };
    assert!(decode(&with_levels(MAX_NESTING)).is_ok());
    assert!(decode(&with_levels(MAX_NESTING + 1)).is_err());
}

proptest::proptest! {
    /// Any amount a file may hold comes back as the same double, written the same way.
    #[test]
    fn any_cost_survives_load_and_save(bits in proptest::prelude::any::<u64>()) {
        let cost = f64::from_bits(bits).abs() % 1e13;
        proptest::prop_assume!(cost.is_finite());
        let input = mini_with(|v| set(v, "/items/0/cost", json!(cost)));
        let workspace = decoded(&bytes(&input));
        proptest::prop_assert_eq!(workspace.items().at(0).unwrap().cost.to_bits(), cost.to_bits());
        let encoded = encode(&workspace);
        proptest::prop_assert_eq!(serde_json::from_slice::<Value>(&encoded).unwrap(), input);
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding in parts on two threads
// ---------------------------------------------------------------------------------------------

/// The canonical bytes written in one pass, as a small workspace is.
fn in_one_pass(workspace: &Workspace) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_canonical(&workspace.snapshot(), &mut bytes).expect("serialises");
    bytes
}

/// The canonical bytes with the items written in parts of `part`, every other on a second
/// thread: kept in one buffer as they are made, and the same when each piece is written on as
/// soon as it is made (as a merge writes its file).
fn in_parts(workspace: &Workspace, part: usize) -> Vec<u8> {
    /// The bytes written, and how many writes brought them.
    #[derive(Default)]
    struct Written {
        bytes: Vec<u8>,
        writes: usize,
    }
    impl std::io::Write for Written {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.writes += 1;
            self.bytes.write(bytes)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let snapshot = workspace.snapshot();
    let mut bytes = Vec::new();
    write_in_parts(&snapshot, part, 0, &mut bytes).expect("serialises");
    let mut written_on = WrittenOn {
        here: Vec::new(),
        out: Written::default(),
    };
    write_in_parts(&snapshot, part, 1 << 20, &mut written_on).expect("serialises");
    assert!(written_on.out.bytes == bytes, "parts of {part} written on");
    assert!(written_on.here.is_empty());
    if part > 0 && !workspace.items().is_empty() {
        // Before the items, each part of them, after them.
        let parts = workspace.items().len().div_ceil(part);
        assert_eq!(written_on.out.writes, parts + 2, "parts of {part}");
    }
    bytes
}

/// `mini()` with `titles.len()` items (of those titles and costs, and an unknown field holding
/// a number of more digits than a double keeps), an unknown top-level field after the items,
/// and a conflict.
fn with_items(titles: &[String], costs: &[u64], big: &str, extra: &str) -> Value {
    mini_with(|v| {
        let template = v["items"][0].clone();
        let items: Vec<Value> = titles
            .iter()
            .enumerate()
            .map(|(n, title)| {
                let mut item = template.clone();
                item["id"] = json!(format!("00000000-0000-4000-8000-{:012x}", 0x1000 + n));
                item["title"] = json!(title);
                item["cost"] = json!(f64::from_bits(costs[n % costs.len()]).abs() % 1e13);
                item["big"] = number(big);
                item
            })
            .collect();
        set(v, "/items", json!(items));
        let root = v.as_object_mut().unwrap();
        root.insert(
            format!("x_{extra}"),
            json!({ "after": [number(big), "items"] }),
        );
        root.insert(
            "conflicts".into(),
            json!([{
                "id": "00000000-0000-4000-8000-00000000c0f1", "kind": "items", "field": "title",
                "ours": "A", "theirs": "B", "base": null
            }]),
        );
    })
}

/// The items in parts of any size, from one item each to all in one, join into the bytes of
/// one pass.
fn assert_every_split_joins(workspace: &Workspace) {
    let whole = in_one_pass(workspace);
    for part in 1..=workspace.items().len() + 1 {
        let joined = in_parts(workspace, part);
        assert!(
            joined == whole,
            "parts of {part}: {}",
            String::from_utf8_lossy(&joined)
        );
    }
}

#[test]
fn the_items_written_in_parts_join_into_the_bytes_of_one_pass() {
    assert_every_split_joins(&decoded(SAMPLE.as_bytes()));
    let titles = ["Promo", "Tab\there \"quoted\" ünïcode ✓", ""].map(String::from);
    let input = with_items(
        &titles,
        &[0x4004_0000_0000_0001],
        "1.00000000000000000001",
        "k",
    );
    let workspace = decode_flawed(&bytes(&input)).expect("reads").workspace;
    assert_eq!(workspace.contents().conflicts.len(), 1);
    assert_every_split_joins(&workspace);
}

#[test]
fn a_large_workspace_is_encoded_in_parts_to_the_bytes_of_one_pass() {
    let titles: Vec<String> = (0..5 * PART + 7).map(|n| format!("Item {n}")).collect();
    let input = with_items(&titles, &[1, 2, 3], "123456789012345678901234567890", "k");
    let workspace = decode_flawed(&bytes(&input)).expect("reads").workspace;
    let whole = in_one_pass(&workspace);
    assert!(encode(&workspace) == whole);
    assert!(encode_snapshot(&workspace.snapshot(), whole.len()) == whole);
    let in_parts = encodes_in_parts_on_this_thread();
    let mut written = Vec::new();
    encode_snapshot_to(&workspace.snapshot(), 0, &mut written).expect("writes");
    assert_eq!(encodes_in_parts_on_this_thread(), in_parts + 1);
    assert!(written == whole);
}

#[test]
fn a_file_that_is_not_utf8_is_refused_where_the_reader_of_bytes_refuses_it() {
    let mut bytes = SAMPLE.as_bytes().to_vec();
    let at = memchr::memmem::find(&bytes, b"Spoke").expect("the name");
    bytes[at + 2] = 0xFF;
    let expected = syntax(serde_json::from_slice::<Contents>(&bytes).expect_err("not UTF-8"));
    let error = parse(&bytes).err().expect("refused");
    assert!(
        matches!(error, LoadError::Syntax { line: 4, .. }),
        "{error:?}"
    );
    assert_eq!(error.to_string(), expected.to_string());
    // The whole file read as text is what its bytes are read as.
    let Ok(Parsed::Typed(contents)) = parse(SAMPLE.as_bytes()) else {
        panic!("the sample parses");
    };
    let from_bytes = serde_json::from_slice::<Contents>(SAMPLE.as_bytes()).expect("parses");
    assert!(
        in_one_pass(&Workspace::from_contents(*contents))
            == in_one_pass(&Workspace::from_contents(from_bytes))
    );
}

#[test]
fn a_small_workspace_is_written_to_the_bytes_of_one_pass() {
    let workspace = decoded(SAMPLE.as_bytes());
    let mut written = Vec::new();
    encode_snapshot_to(&workspace.snapshot(), 0, &mut written).expect("writes");
    assert!(written == in_one_pass(&workspace));
}

#[test]
fn work_that_may_start_no_helpers_encodes_a_large_workspace_on_its_own_thread() {
    let titles: Vec<String> = (0..2 * PART + 1).map(|n| format!("Item {n}")).collect();
    let input = with_items(&titles, &[1], "1", "k");
    let snapshot = decode_flawed(&bytes(&input))
        .expect("reads")
        .workspace
        .snapshot();
    let in_parts = encodes_in_parts_on_this_thread();
    let alone = crate::model::helpers::alone(|| encode_snapshot(&snapshot, 0));
    assert_eq!(encodes_in_parts_on_this_thread(), in_parts);
    assert!(encode_snapshot(&snapshot, 0) == alone);
    assert_eq!(encodes_in_parts_on_this_thread(), in_parts + 1);
}

proptest::proptest! {
    /// Whatever the items hold, wherever they are split, the parts join into one pass's bytes.
    #[test]
    fn any_items_split_anywhere_join_into_the_bytes_of_one_pass(
        titles in proptest::collection::vec(proptest::prelude::any::<String>(), 1..10),
        costs in proptest::collection::vec(proptest::prelude::any::<u64>(), 1..10),
        big in "-?[1-9][0-9]{0,40}(\\.[0-9]{1,30})?",
        extra in "[a-z_]{0,8}",
    ) {
        let input = with_items(&titles, &costs, &big, &extra);
        let workspace = decode_flawed(&bytes(&input)).expect("reads").workspace;
        proptest::prop_assert_eq!(workspace.items().len(), titles.len());
        assert_every_split_joins(&workspace);
    }
}

#[test]
fn a_byte_order_mark_is_accepted_and_dropped() {
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(SAMPLE.as_bytes());
    assert_eq!(encode(&decoded(&with_bom)), SAMPLE.as_bytes());
    // Also when the slow path reads the file.
    let mut broken = b"\xEF\xBB\xBF".to_vec();
    broken.extend(bytes(&mini_with(|v| {
        set(v, "/journeys/0/steps/0/emotion", json!("high"))
    })));
    assert!(matches!(decode(&broken), Err(LoadError::Invalid(p)) if p.len() == 1));
}

#[test]
fn a_control_character_in_a_name_round_trips_as_its_escape() {
    let needle = "\"name\": \"Spoke & Chain Cycles";
    assert!(SAMPLE.contains(needle));
    let escaped = SAMPLE.replacen(needle, "\"name\": \"Spoke \\u001b[31m& Chain Cycles", 1);
    let workspace = decoded(escaped.as_bytes());
    assert!(workspace.name().starts_with("Spoke \u{1b}[31m& Chain"));
    let encoded = encode(&workspace);
    assert!(
        !encoded.contains(&0x1b),
        "the raw control character reached the file"
    );
    assert_eq!(text(&encoded), escaped);
}

// ---------------------------------------------------------------------------------------------
// Broken files: every problem named by entry, label and field
// ---------------------------------------------------------------------------------------------

#[test]
fn dangling_ids_are_named_by_entry_and_field() {
    assert_eq!(
        broken(|v| set(v, "/items/0/channel_id", json!(NOBODY))),
        [format!(
            "items[0] \"Promo\": channel_id: no channel has id {NOBODY}"
        )]
    );
    assert_eq!(
        broken(|v| set(v, "/items/1/step_ids", json!([S1, NOBODY]))),
        [format!(
            "items[1] \"Chatbot\": step_ids[1]: no step has id {NOBODY}"
        )]
    );
    assert_eq!(
        broken(|v| set(v, "/personas/0/channel_ids/0", json!(NOBODY))),
        [format!(
            "personas[0] \"Chris\": channel_ids[0]: no channel has id {NOBODY}"
        )]
    );
    assert_eq!(
        broken(|v| set(v, "/journeys/0/mappings/1/content_type_id", json!(NOBODY))),
        [format!(
            "journeys[0] \"Buy\": mappings[1].content_type_id: no content type has id {NOBODY}"
        )]
    );
    assert_eq!(
        broken(|v| set(
            v,
            "/journeys/1/mappings",
            json!([{ "step_id": S1, "content_type_id": T1 }])
        )),
        [format!(
            "journeys[1] \"Fix\": mappings[0].step_id: no step of this journey has id {S1}"
        )]
    );
    assert_eq!(
        broken(|v| set(v, "/metrics/0/journey_id", json!(NOBODY))),
        [format!(
            "metrics[0] \"Sales\": journey_id: no journey has id {NOBODY}"
        )]
    );
    // Deleting the objective leaves the journey's reference dangling.
    assert_eq!(
        broken(|v| set(v, "/objectives", json!([]))),
        [format!(
            "journeys[0] \"Buy\": objective_id: no objective has id {O1}"
        )]
    );
}

#[test]
fn duplicate_ids_are_found_across_kinds_and_journeys() {
    assert_eq!(
        broken(|v| set(v, "/channels/0/id", json!(O1))),
        [
            format!("channels[0] \"Search\": id: {O1} is already the id of objectives[0]"),
            // The persona's channel now names the objective's id, which is no channel.
            format!("personas[0] \"Chris\": channel_ids[0]: no channel has id {C1}"),
            format!("items[0] \"Promo\": channel_id: no channel has id {C1}"),
        ]
    );
    assert_eq!(
        broken(|v| set(v, "/items/1/id", json!(I1))),
        [format!(
            "items[1] \"Chatbot\": id: {I1} is already the id of items[0]"
        )]
    );
    assert_eq!(
        broken(|v| set(v, "/metrics/0/id", json!(S2))),
        [format!(
            "metrics[0] \"Sales\": id: {S2} is already the id of journeys[0].steps[1]"
        )]
    );
    // A step id reused in another journey.
    assert_eq!(
        broken(|v| set(v, "/journeys/1/steps/0/id", json!(S1))),
        [format!(
            "journeys[1].steps[0] \"Book\": id: {S1} is already the id of journeys[0].steps[0]"
        )]
    );
    // A step id reused in the same journey: reported once, by the journey's own rules, and the
    // mapping and item that pointed at the lost step are reported too.
    assert_eq!(
        broken(|v| set(v, "/journeys/0/steps/1/id", json!(S1))),
        [
            format!("journeys[0].steps[1] \"Pay\": id: {S1} is used by another step"),
            format!(
                "journeys[0] \"Buy\": mappings[1].step_id: no step of this journey has id {S2}"
            ),
            format!("items[1] \"Chatbot\": step_ids[0]: no step has id {S2}"),
        ]
    );
}

#[test]
fn out_of_range_and_mistyped_scores_are_refused() {
    assert_eq!(
        broken(|v| set(v, "/journeys/0/steps/0/emotion", json!(9))),
        [
            "journeys[0].steps[0] \"Look\": emotion: 9 is outside 1–5 (a whole number from 1 to 5, or null)"
        ]
    );
    assert_eq!(
        broken(|v| set(v, "/journeys/1/steps/0/emotion", json!("high"))),
        [
            "journeys[1].steps[0] \"Book\": emotion: \"high\" is not a score (a whole number from 1 to 5, or null)"
        ]
    );
    for score in [json!(0), json!(-1), json!(2.5), json!(256)] {
        let lines = broken(|v| set(v, "/journeys/0/steps/1/emotion", score.clone()));
        assert_eq!(lines.len(), 1, "{score}: {lines:?}");
        assert!(
            lines[0].starts_with("journeys[0].steps[1] \"Pay\": emotion: "),
            "{score}: {lines:?}"
        );
    }
}

#[test]
fn unknown_enum_values_name_their_field() {
    for (pointer, field, entry) in [
        ("/channels/0/media", "media", "channels[0] \"Search\""),
        ("/content_types/1/kind", "kind", "content_types[1] \"Chat\""),
        ("/items/0/status", "status", "items[0] \"Promo\""),
        ("/metrics/0/level", "level", "metrics[0] \"Sales\""),
    ] {
        let lines = broken(|v| set(v, pointer, json!("sometimes")));
        assert_eq!(lines.len(), 1, "{lines:?}");
        let prefix = format!("{entry}: {field}: unknown variant `sometimes`, expected ");
        assert!(lines[0].starts_with(&prefix), "{lines:?}");
    }
}

#[test]
fn impossible_dates_are_refused() {
    assert_eq!(
        broken(|v| set(v, "/items/0/available_on", json!("2027-02-30"))),
        ["items[0] \"Promo\": available_on: \"2027-02-30\" is not a day of the calendar"]
    );
    assert_eq!(
        broken(|v| set(v, "/items/1/available_on", json!("1 March 2027"))),
        [
            "items[1] \"Chatbot\": available_on: \"1 March 2027\" is not a date of the form YYYY-MM-DD"
        ]
    );
    // 29 February exists in leap years only.
    decoded(&bytes(&mini_with(|v| {
        set(v, "/items/0/available_on", json!("2028-02-29"))
    })));
    assert_eq!(
        broken(|v| set(v, "/items/0/available_on", json!("2027-02-29"))).len(),
        1
    );
}

#[test]
fn a_wrong_format_is_not_a_workspace() {
    let error = decode(&bytes(&mini_with(|v| set(v, "/format", json!("kanban"))))).unwrap_err();
    assert!(
        matches!(&error, LoadError::NotAWorkspace(m) if m.contains("\"kanban\"")),
        "{error:?}"
    );
    // Also when the rest of the file is broken.
    let error = decode(&bytes(&mini_with(|v| {
        set(v, "/format", json!("kanban"));
        set(v, "/items", json!("none"));
    })))
    .unwrap_err();
    assert!(matches!(error, LoadError::NotAWorkspace(_)), "{error:?}");
    let error = decode(br#"{"version": 1, "name": 5}"#).unwrap_err();
    assert!(matches!(error, LoadError::NotAWorkspace(_)), "{error:?}");
}

#[test]
fn a_newer_version_is_reported_as_such_whatever_its_shape() {
    let newer = mini_with(|v| set(v, "/version", json!(2)));
    assert!(matches!(
        decode(&bytes(&newer)),
        Err(LoadError::NewerVersion(2))
    ));
    // A newer release may have changed shapes this version cannot read.
    let reshaped = mini_with(|v| {
        set(v, "/version", json!(7));
        set(v, "/journeys", json!({ "by_id": {} }));
        set(
            v,
            "/items/0/status",
            json!({ "state": "done", "since": "2027-01-01" }),
        );
        set(v, "/name", json!(["a", "b"]));
    });
    let error = decode(&bytes(&reshaped)).unwrap_err();
    assert!(matches!(error, LoadError::NewerVersion(7)), "{error:?}");
    assert!(error.to_string().contains("version 7"), "{error}");
    let huge = mini_with(|v| set(v, "/version", json!(1u64 << 40)));
    assert!(matches!(
        decode(&bytes(&huge)),
        Err(LoadError::NewerVersion(n)) if n == 1 << 40
    ));
}

#[test]
fn a_truncated_file_gives_the_line_and_column_where_it_stops() {
    // Cut in the middle of a line, on a character boundary.
    let cut = (SAMPLE.len() / 2..)
        .find(|at| SAMPLE.is_char_boundary(*at) && !SAMPLE[..*at].ends_with(['\n', ' ']))
        .unwrap();
    let head = &SAMPLE[..cut];
    match decode(head.as_bytes()) {
        Err(LoadError::Syntax {
            line,
            column,
            message,
        }) => {
            assert_eq!(line, head.matches('\n').count() + 1);
            let last_line = &head[head.rfind('\n').unwrap() + 1..];
            assert_eq!(column, last_line.len());
            assert!(message.contains("cut short"), "{message}");
            assert!(!message.contains(" at line "), "{message}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let error = decode(b"{\n  \"format\": \"journeymap\",\n  \"version\": 1,\n").unwrap_err();
    assert!(
        matches!(error, LoadError::Syntax { line: 4, .. }),
        "{error:?}"
    );
    assert!(error.to_string().starts_with("line 4, column "), "{error}");
}

#[test]
fn text_that_is_not_json_or_not_an_object_is_refused() {
    for (input, line, column) in [
        (&b"hello"[..], 1, 1),
        (b"journeymap: 1\n", 1, 1),
        (b"{\n  \"format\": journeymap\n}", 2, 13),
        (b"", 1, 0),
    ] {
        match decode(input) {
            Err(LoadError::Syntax {
                line: l, column: c, ..
            }) => assert_eq!((l, c), (line, column), "{:?}", text(input)),
            other => panic!("{:?}: expected a syntax error, got {other:?}", text(input)),
        }
    }
    for input in [&b"[]"[..], b"[1, 2]", b"\"journeymap\"", b"null", b"42"] {
        let error = decode(input).unwrap_err();
        assert!(
            matches!(&error, LoadError::NotAWorkspace(m) if m.contains("no JSON object")),
            "{:?}: {error:?}",
            text(input)
        );
    }
}

#[test]
fn a_key_written_twice_is_reported_with_its_place() {
    let twice = br#"{"format": "journeymap", "version": 1, "name": "a", "name": "b"}"#;
    let error = decode(twice).unwrap_err();
    match &error {
        LoadError::Syntax { line, message, .. } => {
            assert_eq!(*line, 1);
            assert!(message.contains("duplicate field `name`"), "{message}");
        }
        other => panic!("expected the duplicate key to be reported, got {other:?}"),
    }
    assert!(!error.to_string().trim().is_empty());
}

#[test]
fn three_problems_in_one_entry_are_all_listed() {
    let lines = broken(|v| {
        set(v, "/items/0/title", json!(""));
        set(v, "/items/0/status", json!("done"));
        set(v, "/items/0/channel_id", json!(NOBODY));
    });
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines.iter().all(|l| l.starts_with("items[0]: ")),
        "{lines:?}"
    );
    let fields = [
        "title: is empty",
        "status: unknown variant `done`",
        "channel_id: no channel",
    ];
    for field in fields {
        assert!(
            lines.iter().any(|l| l.contains(field)),
            "{field} missing from {lines:?}"
        );
    }
    // Three type errors in one step.
    let lines = broken(|v| {
        set(v, "/journeys/0/steps/1/emotion", json!(9));
        set(v, "/journeys/0/steps/1/name", json!(5));
        set(v, "/journeys/0/steps/1/notes", json!(["x"]));
    });
    assert_eq!(lines.len(), 3, "{lines:?}");
    for field in ["emotion: ", "name: ", "notes: "] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("journeys[0].steps[1]") && l.contains(field)),
            "{field} missing from {lines:?}"
        );
    }
}

#[test]
fn problems_in_several_entries_are_listed_in_file_order() {
    // Mixed: some found by serde (the slow path), some by the rules.
    let lines = broken(|v| {
        set(v, "/metrics/0/journey_id", json!(NOBODY));
        set(v, "/items/1/status", json!("done"));
        set(v, "/journeys/1/objective_id", json!(NOBODY));
        set(v, "/journeys/0/mappings/0/content_type_id", json!(NOBODY));
        set(v, "/journeys/0/steps/1/emotion", json!("high"));
        set(v, "/journeys/0/name", json!(" "));
        set(v, "/personas/0/channel_ids", json!([NOBODY]));
        set(v, "/objectives/0/title", json!(""));
        set(v, "/name", json!(12));
    });
    let entries: Vec<&str> = lines
        .iter()
        .map(|l| l.split([' ', ':']).next().unwrap())
        .collect();
    assert_eq!(
        entries,
        [
            "workspace",
            "objectives[0]",
            "personas[0]",
            "journeys[0]",
            "journeys[0].steps[1]",
            "journeys[0]",
            "journeys[1]",
            "items[1]",
            "metrics[0]",
        ],
        "{lines:#?}"
    );
    assert!(lines[3].contains(": name: is empty"), "{lines:#?}");
    assert!(
        lines[5].contains(": mappings[0].content_type_id: "),
        "{lines:#?}"
    );

    // Only rule problems (the fast path), one of them a step id found reused only after every
    // journey was read.
    let lines = broken(|v| {
        set(v, "/journeys/0/steps/0/id", json!(O1));
        set(v, "/journeys/0/mappings/0/step_id", json!(O1));
        set(v, "/items/0/step_ids", json!([]));
        set(v, "/journeys/1/name", json!(""));
        set(v, "/items/1/cost", json!(-3.0));
    });
    assert_eq!(
        lines,
        [
            format!("journeys[0].steps[0] \"Look\": id: {O1} is already the id of objectives[0]"),
            "journeys[1]: name: is empty".to_string(),
            "items[1] \"Chatbot\": cost: -3 is not an amount of money (0 or more)".to_string(),
        ]
    );
}

#[test]
fn problems_display_one_line_each() {
    let error = decode(&bytes(&mini_with(|v| {
        set(v, "/items/0/title", json!(""));
        set(v, "/items/1/title", json!(""));
    })))
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "items[0]: title: is empty\nitems[1]: title: is empty"
    );
}

#[test]
fn wrongly_shaped_lists_and_entries_are_reported() {
    for (pointer, value, expected) in [
        ("/items", json!({}), "workspace: items: {} is not a list"),
        (
            "/journeys/0/steps",
            json!(3),
            "journeys[0] \"Buy\": steps: 3 is not a list",
        ),
        (
            "/personas/0",
            json!("Chris"),
            "personas[0]: \"Chris\" is not an object",
        ),
    ] {
        let lines = broken(|v| set(v, pointer, value));
        assert!(lines.iter().any(|l| l == expected), "{lines:#?}");
    }
}

#[test]
fn a_metric_is_better_higher_or_lower_and_an_absent_direction_stays_absent() {
    let lines = broken(|v| v["metrics"][0]["better"] = json!("sometimes"));
    assert_eq!(
        lines,
        vec![
            "metrics[0] \"Sales\": better: unknown variant `sometimes`, expected `higher` or `lower`"
        ]
    );
    for better in [None, Some("higher"), Some("lower")] {
        let value = mini_with(|v| {
            if let Some(better) = better {
                v["metrics"][0]["better"] = json!(better);
            }
        });
        let encoded = encode(&decoded(&bytes(&value)));
        let out: Value = serde_json::from_slice(&encoded).expect("JSON");
        assert_eq!(
            out["metrics"][0].get("better"),
            better.map(|b| json!(b)).as_ref()
        );
        // Written after the numbers it qualifies.
        let text = String::from_utf8(encoded).expect("UTF-8");
        if better.is_some() {
            assert!(
                text.find("\"actual\"") < text.find("\"better\"")
                    && text.find("\"better\"") < text.find("\"journey_id\""),
                "{text}"
            );
        }
    }
}
