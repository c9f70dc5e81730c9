//! A Graphviz digraph of the journeys: one cluster per journey (its name and personas), its steps
//! in order from left to right, each step a card with its emotion score and the content types
//! attached to it, each with what the cell holds (`✓ 2`, `✗ gap · ◐ 1`…; gaps in red).
//!
//! Ids are double-quoted strings (`"` and `\` escaped); plain labels are quoted the same way
//! with line breaks as `\n`, so no text can trigger one of Graphviz's own escapes (`\N`, `\G`…);
//! the step cards are HTML-like labels in which every text is XML-escaped. Control characters
//! are dropped everywhere. The layout uses only plain edges and clusters, which every Graphviz
//! release lays out without complaint.

use super::{Scope, clean, one_line, persona_names};
use crate::model::format::{cell_text, emotion_dots};
use crate::model::{Step, Workspace};

const FONT: &str = "Helvetica,Arial,sans-serif";

pub fn render(scope: &Scope) -> String {
    let ws = scope.ws;
    let mut out = String::new();
    out.push_str("digraph journeymap {\n");
    out.push_str(&format!(
        "  graph [label={}, labelloc=t, fontsize=20, fontname={}, rankdir=LR, nodesep=0.3, ranksep=0.45];\n",
        quote(&format!("{} — journeys", one_line(ws.name()))),
        quote(FONT)
    ));
    out.push_str(&format!(
        "  node [shape=plain, fontname={}, fontsize=11];\n",
        quote(FONT)
    ));
    out.push_str(&format!(
        "  edge [penwidth=2, color=\"#555555\", arrowsize=0.8, fontname={}];\n",
        quote(FONT)
    ));
    // Graphviz stacks clusters of the same ranks from the bottom up: the journeys are written
    // last first, so that they read from the top down in the workspace's order.
    for journey in scope.journeys.iter().rev() {
        out.push_str(&format!(
            "\n  subgraph {} {{\n",
            quote(&format!("cluster_{}", journey.id))
        ));
        let personas = persona_names(ws, journey)
            .iter()
            .map(|p| one_line(p))
            .collect::<Vec<_>>()
            .join(", ");
        let label = if personas.is_empty() {
            one_line(&journey.name).into_owned()
        } else {
            format!("{}\n{personas}", one_line(&journey.name))
        };
        out.push_str(&format!(
            "    graph [label={}, labeljust=l, style=\"rounded\", color=\"#999999\", fontsize=14];\n",
            quote(&label)
        ));
        if journey.steps.is_empty() {
            // An empty cluster is not drawn; a note keeps the journey visible.
            out.push_str(&format!(
                "    {} [shape=box, style=\"rounded,dashed\", label=\"no steps yet\"];\n",
                quote(&format!("{}/empty", journey.id))
            ));
        }
        for (at, step) in journey.steps.iter().enumerate() {
            out.push_str(&format!(
                "    {} [label=<{}>];\n",
                quote(&step.id.to_string()),
                card(ws, at, step)
            ));
        }
        let ids: Vec<String> = journey
            .steps
            .iter()
            .map(|s| quote(&s.id.to_string()))
            .collect();
        if ids.len() > 1 {
            out.push_str(&format!("    {};\n", ids.join(" -> ")));
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

/// A step's card: its number, name and emotion on a coloured header, then one row per content
/// type attached to it.
fn card(ws: &Workspace, at: usize, step: &Step) -> String {
    let mut html = String::from(
        "<table border=\"1\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"5\" color=\"#555555\">",
    );
    html.push_str(&format!(
        "<tr><td bgcolor=\"{}\"><b>{}. {}</b><br/>{}</td></tr>",
        emotion_colour(step.emotion),
        at + 1,
        xml(&one_line(&step.name)),
        xml(&emotion_dots(step.emotion))
    ));
    for content_type in ws.content_types() {
        let cell = ws.cell(step.id, content_type.id);
        if !cell.mapped {
            continue;
        }
        let (colour, ink) = if cell.gap {
            ("#fde2e1", "#8b1a1a")
        } else {
            ("#e3f4e1", "#1a5e20")
        };
        html.push_str(&format!(
            "<tr><td align=\"left\" bgcolor=\"{colour}\"><font color=\"{ink}\">{}: {}</font></td></tr>",
            xml(&one_line(&content_type.name)),
            xml(&cell_text(&cell))
        ));
    }
    html.push_str("</table>");
    html
}

/// A fill colour for an emotion score: red (1) to green (5), grey when not scored.
fn emotion_colour(emotion: Option<u8>) -> &'static str {
    match emotion {
        Some(1) => "#f8d0cc",
        Some(2) => "#fbe3c8",
        Some(3) => "#fdf3c4",
        Some(4) => "#e3f1c9",
        Some(5) => "#cdebd1",
        _ => "#eeeeee",
    }
}

/// A DOT double-quoted string: `"` and `\` escaped, each line break `\n` (a centred line),
/// control characters dropped.
pub fn quote(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for an HTML-like label: `&`, `<`, `>`, `"`, `'` as XML references, line breaks as
/// `<br/>`, control characters dropped.
pub fn xml(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br/>"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_break_out() {
        assert_eq!(quote("a\"b\\c\nd\u{1b}"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(quote("\\N \\G"), "\"\\\\N \\\\G\"");
        assert_eq!(
            xml("<b>&\"x\"]]>\n"),
            "&lt;b&gt;&amp;&quot;x&quot;]]&gt;<br/>"
        );
    }
}
