use super::*;
use crate::app::keymap::{Layer, config_name, parse_key};
use crate::app::{Action, Context};

/// Every binding of every layer, as the config file names them, for comparing keymaps.
fn bindings(keymap: &Keymap) -> Vec<(&'static str, String, &'static str)> {
    let mut all: Vec<_> = Layer::ALL
        .into_iter()
        .flat_map(|layer| {
            keymap
                .bindings(layer)
                .iter()
                .map(move |b| (layer.name(), config_name(b.key), b.action.name()))
        })
        .collect();
    all.sort();
    all
}

/// Whether `config` is the defaults in every part.
#[track_caller]
fn assert_defaults(config: &Config) {
    assert_eq!(config.theme, Theme::built_in(ThemeName::Default));
    assert_eq!(config.autosave, AUTOSAVE);
    assert_eq!(bindings(&config.keymap), bindings(&Keymap::default()));
}

fn key(text: &str) -> crate::app::Key {
    parse_key(text).unwrap()
}

fn problems(text: &str) -> Vec<(usize, String)> {
    parse(text)
        .1
        .into_iter()
        .map(|problem| (problem.line, problem.message))
        .collect()
}

#[test]
fn an_empty_file_is_the_defaults() {
    let (config, found) = parse("");
    assert_eq!(found, []);
    assert_defaults(&config);
}

#[test]
fn the_default_file_parses_to_the_defaults_without_a_problem() {
    let text = default_file();
    let (config, found) = parse(&text);
    assert_eq!(found, [], "{text}");
    assert_defaults(&config);
    assert!(text.parse::<toml::Table>().is_ok());
    for slot in Slot::ALL {
        assert!(
            text.contains(slot.name()),
            "{} is not in the file",
            slot.name()
        );
    }
    // Uncommenting a colour line sets that colour to the default theme's own value.
    let line = text.lines().find(|l| l.starts_with("# accent")).unwrap();
    let setting = line.trim_start_matches("# ");
    let (config, found) = parse(&format!("[theme]\n{setting}\n"));
    assert_eq!(found, Vec::new());
    assert_eq!(config.theme, Theme::built_in(ThemeName::Default));
}

#[test]
fn settings_apply_and_the_rest_keeps_its_default() {
    let text = r##"
[theme]
name = "light"
accent = "#ff8000"
gap = 196
border = "bright-white"

[autosave]
delay_ms = 250

[keys.global]
"ctrl-q" = "quit"
[keys.board]
"+" = "emotion_5"
"d" = "none"
"##;
    let (config, found) = parse(text);
    assert_eq!(found, Vec::new());
    let expected = Theme::built_in(ThemeName::Light)
        .with(Slot::Accent, Color::Rgb(255, 128, 0))
        .with(Slot::Gap, Color::Indexed(196))
        .with(Slot::Border, Color::White);
    assert_eq!(config.theme, expected);
    assert_eq!(config.autosave, Duration::from_millis(250));
    let keymap = &config.keymap;
    assert_eq!(
        keymap.lookup(Context::Board, key("ctrl-q")),
        Some(Action::Quit)
    );
    assert_eq!(
        keymap.lookup(Context::Board, key("+")),
        Some(Action::Emotion(5))
    );
    assert_eq!(
        keymap.lookup(Context::Board, key("d")),
        None,
        "\"none\" unbinds"
    );
}

#[test]
fn each_problem_names_its_line_and_what_was_meant() {
    let cases: &[(&str, &[(usize, &str)])] = &[
        (
            "[theme]\nname = \"drak\"\n",
            &[(2, "unknown theme \"drak\"")],
        ),
        (
            "[theme]\nname = \"mnoo\"\n",
            &[(2, "unknown theme \"mnoo\" (did you mean \"mono\"?)")],
        ),
        (
            "\n[theme]\nacent = \"red\"\n",
            &[(
                3,
                "unknown theme colour \"acent\" (did you mean \"accent\"?)",
            )],
        ),
        (
            "[theme]\naccent = \"teal\"\ngap = 300\nlabel = true\n",
            &[
                (
                    2,
                    "accent is not a colour: use an ANSI name such as \"cyan\", \"#rrggbb\" or 0–255",
                ),
                (
                    3,
                    "gap is not a colour: use an ANSI name such as \"cyan\", \"#rrggbb\" or 0–255",
                ),
                (
                    4,
                    "label is not a colour: use an ANSI name such as \"cyan\", \"#rrggbb\" or 0–255",
                ),
            ],
        ),
        (
            "[autosave]\ndelay_ms = 60000\n",
            &[(
                2,
                "delay_ms must be a whole number of milliseconds from 0 to 10000",
            )],
        ),
        (
            "[autosave]\ndelay_ms = -1\n",
            &[(
                2,
                "delay_ms must be a whole number of milliseconds from 0 to 10000",
            )],
        ),
        (
            "[autosave]\ndealy_ms = 100\n",
            &[(
                2,
                "unknown autosave setting \"dealy_ms\" (did you mean \"delay_ms\"?)",
            )],
        ),
        (
            "[them]\nname = \"light\"\n",
            &[(1, "unknown section \"them\" (did you mean \"theme\"?)")],
        ),
        ("theme = 3\n", &[(1, "theme must be a table, as [theme]")]),
        (
            "[keys.board]\nq = 1\n",
            &[(2, "key \"q\" in [keys.board] must name an action in quotes")],
        ),
        (
            "[keys]\nboard = \"quit\"\n",
            &[(2, "keys.board must be a table, as [keys.board]")],
        ),
        (
            "[keys.global]\n\"ctrl-q\" = \"qiut\"\n",
            &[(2, "unknown action \"qiut\" (did you mean \"quit\"?)")],
        ),
        (
            "[keys.bord]\n\"Q\" = \"quit\"\n",
            &[(2, "unknown key layer \"bord\" (did you mean \"board\"?)")],
        ),
    ];
    for (text, expected) in cases {
        let expected: Vec<(usize, String)> =
            expected.iter().map(|(l, m)| (*l, m.to_string())).collect();
        assert_eq!(problems(text), expected, "{text}");
    }
}

#[test]
fn a_wrong_value_costs_only_that_value() {
    let (config, found) = parse(
        "[theme]\nname = \"high-contrast\"\naccent = \"teal\"\nlabel = \"red\"\n[autosave]\ndelay_ms = \"soon\"\n",
    );
    assert_eq!(found.len(), 2);
    assert_eq!(
        config.theme,
        Theme::built_in(ThemeName::HighContrast).with(Slot::Label, Color::Red)
    );
    assert_eq!(config.autosave, AUTOSAVE);
}

#[test]
fn broken_toml_is_a_problem_on_its_line_and_the_rest_still_applies() {
    let (config, found) = parse("[autosave]\ndelay_ms = 200\n[theme\nname = \"mono\"\n");
    assert!(
        found
            .iter()
            .any(|p| p.line == 3 && p.message.starts_with("not valid TOML")),
        "{found:?}"
    );
    assert_eq!(config.autosave, Duration::from_millis(200));
}

#[test]
fn hostile_text_in_a_problem_is_made_visible() {
    let found = problems("[theme]\nname = \"\\u001b[31mx\"\n");
    assert_eq!(found, [(2, "unknown theme \"\\u{1b}[31mx\"".to_string())]);
}

#[test]
fn problems_read_as_file_line_message_and_fit_the_status_line() {
    let loaded = Loaded {
        config: Config::default(),
        path: Some(PathBuf::from("conf/config.toml")),
        problems: vec![
            Problem {
                line: 3,
                message: "unknown theme \"drak\"".into(),
            },
            Problem {
                line: 0,
                message: "cannot read it".into(),
            },
        ],
    };
    assert_eq!(
        loaded.problem_lines(),
        [
            "conf/config.toml:3: unknown theme \"drak\"",
            "conf/config.toml: cannot read it"
        ]
    );
    assert_eq!(
        loaded.notice(34).unwrap(),
        "config: 2 problems, defaults used"
    );
    let one = Loaded {
        problems: loaded.problems[..1].to_vec(),
        ..loaded.clone()
    };
    assert_eq!(
        one.notice(80).unwrap(),
        "config.toml:3: unknown theme \"drak\"; default used"
    );
    assert_eq!(
        one.notice(36).unwrap(),
        "config.toml:3: unknown theme \"drak\""
    );
    assert_eq!(one.notice(30).unwrap(), "config: 1 problem, default used");
}
