use super::*;

fn keymap() -> Keymap {
    Keymap::default()
}

#[test]
fn every_default_key_parses_and_prints_back() {
    for d in DEFAULTS {
        for text in d.keys {
            let key = parse_key(text).unwrap();
            assert_eq!(parse_key(&config_name(key)), Ok(key), "{text}");
        }
    }
}

#[test]
fn keys_read_the_same_from_the_terminal_and_from_a_file() {
    let event = |code, modifiers| key_of_event(KeyEvent::new(code, modifiers));
    assert_eq!(
        event(KeyCode::Char('J'), KeyModifiers::SHIFT),
        parse_key("J").unwrap()
    );
    assert_eq!(
        event(KeyCode::Char('J'), KeyModifiers::SHIFT),
        parse_key("shift-j").unwrap()
    );
    assert_eq!(
        event(KeyCode::Char('?'), KeyModifiers::SHIFT),
        parse_key("?").unwrap()
    );
    assert_eq!(
        event(KeyCode::BackTab, KeyModifiers::SHIFT),
        parse_key("shift-tab").unwrap()
    );
    assert_eq!(
        event(
            KeyCode::Char('R'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT
        ),
        parse_key("ctrl-r").unwrap()
    );
    assert_eq!(
        event(KeyCode::Enter, KeyModifiers::ALT),
        parse_key("alt-enter").unwrap()
    );
    assert_eq!(
        event(KeyCode::Char('s'), KeyModifiers::CONTROL),
        parse_key("ctrl-s").unwrap()
    );
    assert_eq!(
        event(KeyCode::F(1), KeyModifiers::NONE),
        parse_key("F1").unwrap()
    );
    assert_eq!(
        event(KeyCode::Char('b'), KeyModifiers::ALT),
        parse_key("alt-b").unwrap()
    );
    assert_ne!(parse_key("j").unwrap(), parse_key("J").unwrap());
    assert_eq!(label(parse_key("alt-b").unwrap()), "Alt-b");
    assert_eq!(label(parse_key("shift-tab").unwrap()), "Shift-Tab");
    assert!(parse_key("ctrl-nope").is_err());
}

#[test]
fn every_action_is_reachable_by_a_key() {
    let keymap = keymap();
    for action in Action::all() {
        // Exports are run from the palette, which a key opens.
        if matches!(action, Action::Export(_)) {
            continue;
        }
        let reachable = ALL
            .iter()
            .any(|context| keymap.key_for(*context, action).is_some());
        assert!(reachable, "no key does {}", action.name());
    }
    assert!(
        keymap
            .key_for(Context::Personas, Action::Show(View::Palette))
            .is_some()
    );
}

#[test]
fn no_key_is_bound_twice_in_a_layer() {
    let keymap = keymap();
    for layer in Layer::ALL {
        let bindings = keymap.bindings(layer);
        for (at, binding) in bindings.iter().enumerate() {
            assert!(
                bindings[..at].iter().all(|b| b.key != binding.key),
                "{} is bound twice in {}",
                label(binding.key),
                layer.name()
            );
        }
    }
}

#[test]
fn no_layer_hides_another_layers_key_where_both_apply() {
    let keymap = keymap();
    for context in ALL {
        let layers = context.layers();
        for (at, layer) in layers.iter().enumerate() {
            for binding in keymap.bindings(*layer) {
                for under in &layers[at + 1..] {
                    if let Some(hidden) = keymap
                        .bindings(*under)
                        .iter()
                        .find(|b| b.key == binding.key)
                    {
                        assert_eq!(
                            hidden.action,
                            binding.action,
                            "{context:?}: {} means {} in {} and {} in {}",
                            label(binding.key),
                            binding.action.name(),
                            layer.name(),
                            hidden.action.name(),
                            under.name()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_letter_means_one_thing_wherever_it_is_bound() {
    let keymap = keymap();
    for letter in [
        "a", "d", "e", "A", "D", "E", "X", "J", "K", "H", "L", "j", "k", "h", "l", "g", "G", "s",
        "u", "x", "c", "C", "M", "o", "p", "f", "t", "F", "v",
    ] {
        let key = parse_key(letter).unwrap();
        // Present mode is a screen of its own (`journeymap present`): its keys never meet the
        // editor's, so there `c` comments (nothing there is a calendar) as `R` does everywhere.
        let meanings: Vec<(&str, &str)> = Layer::ALL
            .iter()
            .filter(|layer| !matches!(layer, Layer::Confirm | Layer::Present))
            .flat_map(|layer| {
                keymap
                    .bindings(*layer)
                    .iter()
                    .filter(|b| b.key == key)
                    .map(|b| (layer.name(), b.action.name()))
            })
            .collect();
        assert!(
            meanings.windows(2).all(|pair| pair[0].1 == pair[1].1),
            "{letter} means different things: {meanings:?}"
        );
    }
}

#[test]
fn every_context_can_be_left_and_has_help() {
    let keymap = keymap();
    for context in ALL {
        let help = keymap.help(context);
        assert!(!help.is_empty());
        let leaves = [Action::Quit, Action::Close]
            .iter()
            .any(|a| keymap.key_for(context, *a).is_some());
        assert!(leaves, "{context:?} cannot be left");
    }
    let board = keymap.help(Context::Board);
    assert!(board.iter().any(|(k, t)| k == "E" && t.contains("journey")));
}

#[test]
fn overrides_rebind_unbind_and_report_what_is_wrong_with_its_line() {
    let entry = |layer: &str, key: &str, action: &str, line| Override {
        layer: layer.into(),
        key: key.into(),
        action: action.into(),
        line,
    };
    let (keymap, problems) = Keymap::with_overrides(&[
        entry("panes", "Q", "quit", 2),
        entry("panes", "q", "none", 3),
        entry("board", "alt-enter", "emotion_3", 4),
        entry("global", "ctrl-q", "qiut", 5),
        entry("bord", "x", "quit", 6),
        entry("global", "ctrl-hyper-x", "quit", 7),
    ]);
    let q = |text| parse_key(text).unwrap();
    assert_eq!(keymap.lookup(Context::Personas, q("Q")), Some(Action::Quit));
    assert_eq!(keymap.lookup(Context::Personas, q("q")), None);
    assert_eq!(
        keymap.key_for(Context::Personas, Action::Quit),
        Some("Q".into())
    );
    assert_eq!(
        keymap.lookup(Context::Board, q("alt-enter")),
        Some(Action::Emotion(3))
    );
    // What was wrong leaves the default in place.
    assert_eq!(keymap.lookup(Context::Personas, q("ctrl-q")), None);
    assert_eq!(
        problems,
        vec![
            Problem {
                line: 5,
                message: "unknown action \"qiut\" (did you mean \"quit\"?)".into()
            },
            Problem {
                line: 6,
                message: "unknown key layer \"bord\" (did you mean \"board\"?)".into()
            },
            Problem {
                line: 7,
                message: "unknown key \"ctrl-hyper-x\"".into()
            },
        ]
    );
}

#[test]
fn the_readme_key_table_is_the_default_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let (begin, end) = ("<!-- keys: made from the keymap -->\n", "<!-- keys end -->");
    let start = readme.find(begin).expect("the README marks its key table") + begin.len();
    let stop = readme[start..].find(end).expect("the key table ends") + start;
    let table = readme_table();
    assert!(
        readme[start..stop] == table,
        "the README's key table differs from the default keymap; put this between its markers:\n{table}"
    );
}

#[test]
fn the_default_config_lists_every_action_and_binds_exactly_the_defaults() {
    let text = default_keys_toml();
    for action in Action::all() {
        assert!(
            text.contains(&format!(
                "#   {:<16} {}\n",
                action.name(),
                action.description()
            )),
            "{} is not listed",
            action.name()
        );
    }
    assert!(Action::all().all(|a| a.name().len() <= ACTIONS_NAME_WIDTH));
    // Read back the way the configuration reads it, the key lines make the default keymap.
    let mut layer = String::new();
    let mut overrides = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap().trim();
        if let Some(name) = line.strip_prefix("[keys.") {
            layer = name.trim_end_matches(']').to_string();
        } else if let Some((key, action)) = line.split_once(" = ") {
            overrides.push(Override {
                layer: layer.clone(),
                key: key.trim_matches('"').to_string(),
                action: action.trim_matches('"').to_string(),
                line: at + 1,
            });
        }
    }
    let (keymap, problems) = Keymap::with_overrides(&overrides);
    assert_eq!(problems, []);
    assert_eq!(
        overrides.len(),
        DEFAULTS.iter().map(|d| d.keys.len()).sum::<usize>()
    );
    for layer in Layer::ALL {
        let mut got: Vec<_> = keymap
            .bindings(layer)
            .iter()
            .map(|b| (config_name(b.key), b.action.name()))
            .collect();
        let mut want: Vec<_> = Keymap::default()
            .bindings(layer)
            .iter()
            .map(|b| (config_name(b.key), b.action.name()))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{}", layer.name());
    }
}
