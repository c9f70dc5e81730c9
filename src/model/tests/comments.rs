//! Reviewers' comments: kept on the six kinds of entry, absent from the file when there are
//! none, checked, edited (each edit undoable), merged by id and said in a diff.

use std::time::{Duration, SystemTime};

use super::*;
use crate::model::comments::{Commented, is_utc_stamp, open_comments, utc_stamp};
use crate::model::diff::diff;
use crate::model::merge::merge;
use crate::model::rules::{Place, check_entry};
use crate::model::search::Target;

/// 2026-11-29T10:15:00Z
fn moment() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_947_300)
}

fn said(n: u128, author: &str, text: &str) -> Comment {
    Comment {
        id: id(n),
        ..Comment::new(author, moment(), text)
    }
}

fn step_comments(ws: &Workspace, n: u128) -> Vec<Comment> {
    ws.step(id(n)).expect("step").comments.clone()
}

#[test]
fn a_time_is_written_in_utc_to_the_second_and_only_such_a_time_is_one() {
    assert_eq!(utc_stamp(moment()), "2026-11-29T10:15:00Z");
    assert_eq!(utc_stamp(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
    assert!(is_utc_stamp("2026-11-29T10:15:00Z"));
    for wrong in [
        "2026-11-29",
        "2026-11-29T10:15:00",
        "2026-11-29T10:15:00+01:00",
        "2026-02-30T10:15:00Z",
        "2026-11-29T24:15:00Z",
        "2026-11-29 10:15:00Z",
        "",
    ] {
        assert!(!is_utc_stamp(wrong), "{wrong}");
    }
}

#[test]
fn every_comment_edit_applies_and_undoes_exactly_on_every_kind_of_entry() {
    let mut ws = small();
    let targets = [
        Target::Persona(id(P1)),
        Target::Journey(id(J1)),
        Target::Step(id(S12)),
        Target::ContentType(id(T2)),
        Target::Item(id(I1)),
        Target::Metric(id(M1)),
    ];
    for (n, target) in targets.into_iter().enumerate() {
        let comment = said(0x900 + n as u128, "ines", "Is this still true?");
        let undo = apply_ok(&mut ws, |ws| edit::add_comment(ws, target, comment.clone()));
        assert!(undo.label.starts_with("comment on "), "{}", undo.label);
        apply_ok(&mut ws, |ws| {
            edit::edit_comment(ws, target, comment.id, "Still true?")
        });
        let undo = apply_ok(&mut ws, |ws| {
            edit::resolve_comment(ws, target, comment.id, true)
        });
        assert!(
            undo.label.starts_with("resolve a comment on "),
            "{}",
            undo.label
        );
        let (_, _, comments) = crate::model::comments::comments_of(&ws, target).unwrap();
        assert_eq!(comments.len(), 1);
        assert_eq!(
            (comments[0].text.as_str(), comments[0].resolved),
            ("Still true?", true)
        );
    }
    assert!(open_comments(&ws).is_empty());
    apply_ok(&mut ws, |ws| {
        edit::resolve_comment(ws, Target::Step(id(S12)), id(0x902), false)
    });
    let open = open_comments(&ws);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].target, Target::Step(id(S12)));
    assert!(open[0].entry.starts_with("Compare ("), "{}", open[0].entry);
    apply_ok(&mut ws, |ws| {
        edit::delete_comment(ws, Target::Step(id(S12)), id(0x902))
    });
    assert!(step_comments(&ws, S12).is_empty());
    // An id used twice in one entry, a comment that is not there, an objective: refused.
    assert_taken(refused(&mut ws, |ws| {
        edit::add_comment(ws, Target::Item(id(I1)), said(0x904, "lena", "again"))
    }));
    refused(&mut ws, |ws| {
        edit::resolve_comment(ws, Target::Item(id(I1)), id(NOBODY), true)
    });
    refused(&mut ws, |ws| {
        edit::add_comment(ws, Target::Objective(id(O1)), said(0x950, "lena", "no"))
    });
    // An empty comment is refused by the rules.
    let error = refused(&mut ws, |ws| {
        edit::add_comment(ws, Target::Item(id(I2)), said(0x951, "lena", "  "))
    });
    assert_eq!(invalid_fields(error), ["comments[0].text"]);
}

#[test]
fn check_names_the_entry_and_field_of_an_empty_text_a_repeated_id_and_a_malformed_time() {
    let ws = small();
    let mut persona = ws.personas().get(id(P1)).unwrap().clone();
    persona.comments = vec![
        said(0x900, "ines", "Fine"),
        Comment {
            at: "yesterday".into(),
            ..said(0x900, "ines", "")
        },
    ];
    let problems: Vec<String> = check_entry(&ws, Place::row::<Persona>(0), &persona)
        .iter()
        .map(ToString::to_string)
        .collect();
    let name = &persona.name;
    assert_eq!(
        problems,
        [
            format!(
                "personas[0] {name:?}: comments[1].id: {} is already the id of comments[0]",
                id(0x900)
            ),
            format!("personas[0] {name:?}: comments[1].text: is empty"),
            format!(
                "personas[0] {name:?}: comments[1].at: \"yesterday\" is not a time in UTC (like 2026-11-29T10:15:00Z)"
            ),
        ]
    );
    // A step's comments are checked in its journey, named by the step's place.
    let mut journey = journey(&ws, J1);
    journey.steps[1].comments = vec![Comment {
        at: "2026-11-29".into(),
        ..said(0x901, "ines", "Hm")
    }];
    let problems = check_entry(&ws, Place::row::<Journey>(0), &journey);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].to_string().starts_with("journeys[0].steps[1] "),
        "{}",
        problems[0]
    );
    assert_eq!(problems[0].field, "comments[0].at");
}

#[test]
fn comments_round_trip_with_unknown_fields_and_none_is_written_as_absent() {
    let mut ws = small();
    let mut comment = said(0x900, "ines", "Why only Saturdays?");
    comment
        .extra
        .insert("reactions".into(), serde_json::json!({ "👍": 2 }));
    edit::add_comment(&mut ws, Target::Step(id(S12)), comment).unwrap();
    let bytes = encode(&ws);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.contains(&format!(
            "\"comments\": [\n            {{\n              \"id\": \"{}\",\n              \"author\": \"ines\",\n              \"at\": \"2026-11-29T10:15:00Z\",\n              \"text\": \"Why only Saturdays?\",\n              \"resolved\": false,\n              \"reactions\": {{\n",
            id(0x900)
        )),
        "{text}"
    );
    assert_eq!(text.matches("\"comments\"").count(), 1);
    let again = decode(&bytes).unwrap();
    assert_eq!(encode(&again), bytes);
    assert_eq!(step_comments(&again, S12)[0].extra["reactions"]["👍"], 2);
    assert_eq!(
        encode(&decode(SAMPLE.as_bytes()).unwrap()),
        SAMPLE.as_bytes()
    );
}

#[test]
fn a_copy_starts_without_the_originals_comments() {
    let mut ws = small();
    edit::add_comment(&mut ws, Target::Item(id(I1)), said(0x900, "ines", "Old")).unwrap();
    let copy_edit = crate::model::duplicate::duplicate_item(&mut ws, id(I1)).unwrap();
    let _ = copy_edit;
    let copy = ws
        .items()
        .at(ws.items().position(id(I1)).unwrap() + 1)
        .unwrap();
    assert_eq!(copy.title, format!("{} (copy)", item_of(&ws, I1).title));
    assert!(copy.comments().is_empty());
    assert_eq!(item_of(&ws, I1).open_comments(), 1);
}

#[test]
fn a_merge_keeps_the_comments_each_side_added_to_the_same_step() {
    let base = small();
    let mut ours = base.clone();
    edit::add_comment(
        &mut ours,
        Target::Step(id(S12)),
        said(0x900, "ines", "Ours"),
    )
    .unwrap();
    let mut theirs = base.clone();
    edit::add_comment(
        &mut theirs,
        Target::Step(id(S12)),
        said(0x901, "lena", "Theirs"),
    )
    .unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    let texts: Vec<String> = step_comments(&merged.workspace, S12)
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(texts, ["Ours", "Theirs"]);
    assert_sound(&merged.workspace);
}

#[test]
fn a_merge_keeps_a_resolve_and_an_edit_made_apart_and_records_two_different_texts() {
    let mut base = small();
    let target = Target::Item(id(I1));
    edit::add_comment(&mut base, target, said(0x900, "ines", "One")).unwrap();
    edit::add_comment(&mut base, target, said(0x901, "ines", "Two")).unwrap();
    // Ours resolves the first and rewrites the second; theirs renames the item and rewrites
    // the second otherwise.
    let mut ours = base.clone();
    edit::resolve_comment(&mut ours, target, id(0x900), true).unwrap();
    edit::edit_comment(&mut ours, target, id(0x901), "Two, ours").unwrap();
    let mut theirs = base.clone();
    edit::edit_comment(&mut theirs, target, id(0x901), "Two, theirs").unwrap();
    let mut renamed = item_of(&theirs, I1);
    renamed.title = "Renamed".into();
    edit::update(&mut theirs, renamed).unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert_eq!(merged.conflicts.len(), 1, "{:#?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.field, format!("comments.{}", id(0x901)));
    let mut ws = merged.workspace;
    assert_sound(&ws);
    let item = item_of(&ws, I1);
    assert_eq!(item.title, "Renamed");
    assert!(item.comments[0].resolved);
    assert_eq!(item.comments[1].text, "Two, ours");
    assert_eq!(
        conflict.describe(&ws),
        "item 'Renamed' comment: ours 'Two, ours', theirs 'Two, theirs' (was 'Two')"
    );
    apply_ok(&mut ws, |ws| {
        edit::resolve_conflict(ws, 0, crate::model::Pick::Theirs)
    });
    assert_eq!(item_of(&ws, I1).comments[1].text, "Two, theirs");
    assert!(ws.conflicts().is_empty());

    // One side deletes a comment the other resolved: a conflict, the resolved one stays.
    let mut ours = base.clone();
    edit::delete_comment(&mut ours, target, id(0x900)).unwrap();
    let mut theirs = base.clone();
    edit::resolve_comment(&mut theirs, target, id(0x900), true).unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert_eq!(merged.conflicts.len(), 1, "{:#?}", merged.conflicts);
    assert!(item_of(&merged.workspace, I1).comments[0].resolved);
}

#[test]
fn a_diff_says_who_commented_on_what_and_what_became_of_it() {
    let mut old = small();
    edit::add_comment(
        &mut old,
        Target::Item(id(I1)),
        said(0x900, "ines", "Old one"),
    )
    .unwrap();
    let mut new = old.clone();
    edit::add_comment(
        &mut new,
        Target::Step(id(S12)),
        said(0x901, "Ines", "Only Saturdays?"),
    )
    .unwrap();
    edit::resolve_comment(&mut new, Target::Item(id(I1)), id(0x900), true).unwrap();
    let journey_name = journey(&old, J1).name;
    let step_name = &journey(&old, J1).steps[1].name;
    let item_title = item_of(&old, I1).title;
    assert_eq!(
        diff(&old, &new),
        [
            format!(
                "journey '{journey_name}': Ines commented on step '{step_name}': 'Only Saturdays?'"
            ),
            format!("comment by ines on item '{item_title}' resolved: 'Old one'"),
        ]
    );
    let mut newer = new.clone();
    edit::edit_comment(&mut newer, Target::Item(id(I1)), id(0x900), "New one").unwrap();
    edit::delete_comment(&mut newer, Target::Step(id(S12)), id(0x901)).unwrap();
    assert_eq!(
        diff(&new, &newer),
        [
            format!(
                "journey '{journey_name}': comment by Ines on step '{step_name}' deleted: 'Only Saturdays?'"
            ),
            format!("comment by ines on item '{item_title}' edited: 'Old one' → 'New one'"),
        ]
    );
    let outline = crate::model::diff::outline(&new);
    assert!(
        outline.contains("  comment by Ines at 2026-11-29T10:15:00Z: 'Only Saturdays?'\n"),
        "{outline}"
    );
}
