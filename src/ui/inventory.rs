//! The inventory: a filter line, the table of items (only the rows in sight are read), and the
//! totals of the rows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::parts::{chip_spans, frame_block, table};
use super::widths::{Spare, share_above, visible, widest};
use super::{clean, fit, pad, theme, with_comments};
use crate::app::views::InventoryState;
use crate::app::views::inventory::{Column, Working};
use crate::app::{Action, App, Context, View};
use crate::model::format::{amount, status_mark};
use crate::model::{Item, Kind, Status, Workspace};

/// From this table width the status is its words, below it its symbol (as in the content map):
/// narrower, the words' eleven columns are better spent on the titles and steps, which a
/// 160-column terminal would otherwise cut.
const WIDE: usize = 170;

/// The built-in columns left out, in this order, while the table is too narrow for every column
/// at its floor (the workspace's item fields go before them, the last first): the kind is told
/// by the type; the channel, the cost, the type, the owner and the date are on the item's card,
/// while the title and the status say what the row is.
const LEFT_OUT_FIRST: [Column; 7] = [
    Column::Kind,
    Column::Channel,
    Column::Cost,
    Column::Type,
    Column::Owner,
    Column::Date,
    Column::Steps,
];

pub fn render(app: &App, state: &InventoryState, frame: &mut Frame, area: Rect) {
    let ws = &app.ws;
    let total = ws.items().len();
    let count = if state.len() == total && !state.shows_filtered() {
        format!("{total} items")
    } else {
        format!("{} of {total} items", state.len())
    };
    let order = match &state.sort {
        Some(column) => {
            let arrow = if state.reversed { "↓" } else { "↑" };
            let heading = match column {
                Column::Field(_) => clean(column.heading(ws)),
                _ => column.heading(ws).to_lowercase(),
            };
            format!(" · by {heading} {arrow}")
        }
        None if state.reversed => " · file order, reversed".to_string(),
        None => String::new(),
    };
    // Until a job's rows land, the rows shown are the ones before the key, and the title says
    // so.
    let working = match state.working() {
        Some(Working::Sorting) => " · sorting…",
        Some(Working::Filtering) => " · filtering…",
        None => "",
    };
    let context = if state.typing {
        Context::Narrow
    } else {
        Context::Inventory
    };
    let hints = if state.typing {
        super::hints(
            app,
            context,
            &[
                (&[Action::Jump], "keep the text"),
                (&[Action::Close], "clear it"),
            ],
            super::bar_room(area.width),
        )
    } else {
        super::hints(
            app,
            context,
            &[
                (&[Action::Sort, Action::SortReverse], "sort"),
                (&[Action::Filters], "filters"),
                (&[Action::Show(View::Search)], "text"),
                (&[Action::Mark], "mark"),
                (&[Action::ChangeMarked], "change"),
                (&[Action::Jump], "map"),
                (&[Action::Close], "back"),
            ],
            super::bar_room(area.width),
        )
    };
    let width = usize::from(area.width.saturating_sub(2));
    let shown = Shown::new(width, state.sort.as_ref(), ws);
    let title = format!(" Inventory · {count}{order}{working} ");
    let room = usize::from(area.width).saturating_sub(title.width() + 3);
    let mut block = frame_block(title, hints);
    if let Some(note) = shown.hidden_note(room) {
        block = block.title_top(Line::styled(note, theme::dim()).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filters, rows, rule, totals] = Split::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(filter_line(app, state, filters.width)),
        filters,
    );

    // The rows `table` shows below its header: only they are read, and the widths come from
    // them alone. Scrolling by one row moves a column only when the row that came or went was
    // its widest; measuring rows off screen would leave room empty beside cut text.
    let capacity = usize::from(rows.height).saturating_sub(1);
    let on_screen = visible(0, state.selected, capacity, state.len());
    let first = on_screen.start;
    let texts: Vec<(&Item, Vec<String>)> = on_screen
        .filter_map(|at| state.row(ws, at))
        .map(|item| (item, cells(ws, item, &shown)))
        .collect();
    let widths = shown.widths(ws, usize::from(rows.width), &texts);
    let header = format!("  {}", widths.headings(ws));
    table(frame, rows, &header, state.len(), state.selected, |at| {
        let Some((item, texts)) = at.checked_sub(first).and_then(|at| texts.get(at)) else {
            return Line::raw("");
        };
        let mark = if state.marked.contains(&item.id) {
            Span::styled("●", theme::label().add_modifier(Modifier::BOLD))
        } else {
            Span::raw(" ")
        };
        let style = match item.status {
            Status::Available => Style::new(),
            _ if item.is_overdue(app.today) => theme::error(),
            _ => Style::new(),
        };
        Line::from(vec![mark, Span::styled(widths.line(texts), style)])
    });
    frame.render_widget(
        Paragraph::new(Line::styled(
            "─".repeat(usize::from(rule.width)),
            theme::dim(),
        )),
        rule,
    );
    let mut sums = format!(
        " {} · cost {} {}",
        counted(state.len()),
        amount(state.cost()),
        clean(ws.currency())
    );
    if !state.marked.is_empty() {
        sums.push_str(&format!(" · {} marked", state.marked.len()));
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&sums, usize::from(totals.width)),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        totals,
    );
}

/// `1 item`, `45 items`.
fn counted(count: usize) -> String {
    format!("{count} item{}", if count == 1 { "" } else { "s" })
}

/// The filters as chips and the text, or how to set them when none is on; while the text line
/// has the keys, the text being typed. `width` is the line's room.
fn filter_line(app: &App, state: &InventoryState, width: u16) -> Line<'static> {
    if state.typing {
        return Line::from(vec![
            Span::styled(" text: ", theme::label()),
            Span::raw(clean(state.line.text())),
            Span::styled("▏", theme::label()),
        ]);
    }
    let chips = state.filter.chips(&app.ws);
    let text = state.filter.query().trim();
    if chips.is_empty() && text.is_empty() {
        let lead = " no filters:";
        let how = super::hints(
            app,
            Context::Inventory,
            &[
                (&[Action::Filters], "filters"),
                (&[Action::Show(View::Search)], "narrows by text"),
            ],
            width.saturating_sub(lead.width() as u16),
        );
        return Line::styled(format!("{lead}{how}"), theme::dim());
    }
    let mut spans = chip_spans(chips);
    if !text.is_empty() {
        spans.push(Span::raw(format!("text “{}”", clean(text))));
    }
    Line::from(spans)
}

/// The words of each column for an item, in the order of [`Shown::all`]: the built-in columns,
/// then the item's value of each field (empty where it has none).
fn cells(ws: &Workspace, item: &Item, shown: &Shown) -> Vec<String> {
    let wide = shown.wide;
    let content_type = ws.content_types().get(item.content_type_id);
    let kind = content_type.map_or("", |t| t.kind.as_str());
    let status = if wide {
        item.status.words().to_string()
    } else {
        status_mark(item.status).to_string()
    };
    let steps: Vec<String> = item
        .step_ids
        .iter()
        .filter_map(|s| {
            let journey = ws.journey_of_step(*s)?;
            let step = journey.step(*s)?;
            Some(format!("{} › {}", clean(&journey.name), clean(&step.name)))
        })
        .collect();
    let fields = shown.all[Column::BUILT_IN.len()..]
        .iter()
        .map(|column| match column {
            Column::Field(id) => clean(item.custom.get(id).unwrap_or_default().trim()),
            _ => String::new(),
        });
    [
        with_comments(&item.title, &item.comments),
        content_type.map_or(String::new(), |t| clean(&t.name)),
        kind.to_string(),
        status,
        clean(item.owner.trim()),
        item.available_on.map_or(String::new(), |d| d.to_string()),
        item.channel_id
            .and_then(|c| ws.channels().get(c))
            .map_or(String::new(), |c| clean(&c.name)),
        amount(item.cost),
        if steps.is_empty() {
            "(on no step)".to_string()
        } else {
            steps.join("; ")
        },
    ]
    .into_iter()
    .chain(fields)
    .collect()
}

/// The columns a table width has room for, and whether the status is its words.
#[derive(Debug, PartialEq)]
struct Shown {
    /// Every column of the inventory ([`Column::all`]): a row's cells are in this order.
    all: Vec<Column>,
    /// The places in `all` of the columns shown, in their order.
    columns: Vec<usize>,
    wide: bool,
}

impl Shown {
    /// Every column while each has its floor, else the columns left out in their order — the
    /// fields' the last first, then [`LEFT_OUT_FIRST`] — never the one the rows are sorted by,
    /// which the title names. Only the width decides, so scrolling never hides or shows a
    /// column.
    fn new(width: usize, sort: Option<&Column>, ws: &Workspace) -> Shown {
        let wide = width >= WIDE;
        let all = Column::all(ws);
        let mut columns: Vec<usize> = (0..all.len()).collect();
        let fits = |columns: &[usize]| {
            // The two marker columns, and a space after each column.
            let floors: usize = columns
                .iter()
                .map(|at| floor(&all[*at], wide, ws) + 1)
                .sum();
            2 + floors <= width
        };
        let built_in = LEFT_OUT_FIRST
            .iter()
            .filter_map(|column| all.iter().position(|c| c == column));
        let left_out_first: Vec<usize> = (Column::BUILT_IN.len()..all.len())
            .rev()
            .chain(built_in)
            .collect();
        for left_out in left_out_first {
            if fits(&columns) {
                break;
            }
            if sort != Some(&all[left_out]) {
                columns.retain(|at| *at != left_out);
            }
        }
        Shown { all, columns, wide }
    }

    /// What the border says when columns are left out, as long as `room` allows.
    fn hidden_note(&self, room: usize) -> Option<String> {
        let hidden = self.all.len() - self.columns.len();
        if hidden == 0 {
            return None;
        }
        let columns = if hidden == 1 { "column" } else { "columns" };
        [
            format!(" {hidden} {columns} hidden: widen the terminal "),
            format!(" {hidden} {columns} hidden "),
            format!(" {hidden} hidden "),
        ]
        .into_iter()
        .find(|note| note.width() <= room)
    }

    /// Each shown column's width in a table `width` wide, by what the rows on screen and the
    /// heading need: the fixed columns (kind, status, date, cost) exactly as wide as their
    /// text, the others at least their floor, the rest shared by need and the spare to the last
    /// column (the steps, or the last field's).
    fn widths(&self, ws: &Workspace, width: usize, rows: &[(&Item, Vec<String>)]) -> Widths {
        let mut floors = Vec::new();
        let mut needs = Vec::new();
        for at in &self.columns {
            let column = &self.all[*at];
            let cells = widest(rows.iter().map(|(_, texts)| texts[*at].as_str()));
            if is_fixed(column) {
                let exact = cells.max(column.short_heading(ws).width());
                floors.push(exact);
                needs.push(exact);
            } else {
                let need = cells.max(clean(column.heading(ws)).width());
                floors.push(need.min(floor(column, self.wide, ws)));
                needs.push(need);
            }
        }
        let room = width.saturating_sub(2 + self.columns.len());
        let spare = Spare::To(self.columns.len().saturating_sub(1));
        let widths = share_above(room, &floors, &needs, spare);
        Widths {
            all: self.all.len(),
            columns: self
                .columns
                .iter()
                .zip(widths)
                .map(|(at, width)| (self.all[*at].clone(), *at, width))
                .collect(),
        }
    }
}

/// The least a column is given where it shares the width: room for its short heading and the
/// start of a name; a fixed column's whole text.
fn floor(column: &Column, wide: bool, ws: &Workspace) -> usize {
    match column {
        Column::Title => 18,
        Column::Type | Column::Channel => 10,
        Column::Kind => widest(Kind::ALL.map(Kind::as_str)),
        Column::Status if wide => widest(Status::ALL.map(Status::words)),
        Column::Status => column.short_heading(ws).width(),
        Column::Owner => column.heading(ws).width(),
        Column::Date => "2026-12-31".width(),
        Column::Cost => "9,999.00".width(),
        Column::Steps => 14,
        Column::Field(_) => 8,
    }
}

/// A column whose width is its text's, never shared.
fn is_fixed(column: &Column) -> bool {
    matches!(
        column,
        Column::Kind | Column::Status | Column::Date | Column::Cost
    )
}

/// The shown columns: each with its place among a row's cells, and its width.
struct Widths {
    /// How many cells a row has.
    all: usize,
    columns: Vec<(Column, usize, usize)>,
}

impl Widths {
    /// The headings, each whole or in its short form where the column is narrower.
    fn headings(&self, ws: &Workspace) -> String {
        let mut texts = vec![String::new(); self.all];
        for (column, at, width) in &self.columns {
            let heading = clean(column.heading(ws));
            texts[*at] = if heading.width() <= *width {
                heading
            } else {
                clean(column.short_heading(ws))
            };
        }
        self.line(&texts)
    }

    #[cfg(test)]
    fn width(&self, column: Column) -> usize {
        self.columns
            .iter()
            .find(|(c, _, _)| *c == column)
            .map_or(0, |(_, _, width)| *width)
    }

    /// One line of the table: each shown column's text cut or padded to its width, the cost to
    /// the right.
    fn line(&self, texts: &[String]) -> String {
        let mut out = String::new();
        for (column, at, width) in &self.columns {
            let text = &texts[*at];
            if *column == Column::Cost {
                let text = fit(text, *width);
                out.push_str(&" ".repeat(width.saturating_sub(text.width())));
                out.push_str(&text);
            } else {
                out.push_str(&pad(text, *width));
            }
            out.push(' ');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldDef, edit};

    /// A blank workspace with item fields of these names (their ids the names in lower case).
    fn with_item_fields(names: &[&str]) -> Workspace {
        let mut ws = Workspace::blank("Test");
        for name in names {
            let field = FieldDef {
                id: name.to_lowercase(),
                ..FieldDef::new(name, "item")
            };
            edit::add_field(&mut ws, field).expect("a field");
        }
        ws
    }

    impl Shown {
        /// The columns shown, in order.
        fn shown(&self) -> Vec<Column> {
            self.columns
                .iter()
                .map(|at| self.all[*at].clone())
                .collect()
        }

        /// The columns left out, in the order of the table.
        fn left_out(&self) -> Vec<Column> {
            let shown = self.shown();
            self.all
                .iter()
                .filter(|c| !shown.contains(c))
                .cloned()
                .collect()
        }
    }

    /// A column's place among a row's cells.
    fn place(column: &Column) -> usize {
        Column::BUILT_IN
            .iter()
            .position(|c| c == column)
            .expect("a built-in column")
    }

    #[test]
    fn columns_are_left_out_in_their_order_only_when_the_floors_do_not_fit() {
        let ws = Workspace::blank("Test");
        let everything = Shown::new(116, None, &ws);
        assert_eq!(everything.shown(), Column::BUILT_IN);
        assert!(!everything.wide);
        assert_eq!(everything.hidden_note(80), None);
        assert!(Shown::new(198, None, &ws).wide);
        // At 80×24 the table is 78 wide: the kind and the channel go.
        let narrow = Shown::new(78, None, &ws);
        assert!(!narrow.wide);
        assert_eq!(narrow.left_out(), [Column::Kind, Column::Channel]);
        assert_eq!(
            narrow.hidden_note(40).as_deref(),
            Some(" 2 columns hidden: widen the terminal ")
        );
        assert_eq!(
            narrow.hidden_note(20).as_deref(),
            Some(" 2 columns hidden ")
        );
        // The column the rows are sorted by stays; the next in the order goes instead.
        let sorted = Shown::new(78, Some(&Column::Channel), &ws);
        assert!(sorted.shown().contains(&Column::Channel));
        assert!(!sorted.shown().contains(&Column::Cost));
        // However narrow, the title and the status stay.
        assert_eq!(
            Shown::new(20, None, &ws).shown(),
            [Column::Title, Column::Status]
        );
    }

    #[test]
    fn the_item_fields_come_after_the_built_in_columns_and_are_the_first_left_out() {
        let ws = with_item_fields(&["Campaign", "Region"]);
        let (campaign, region) = (
            Column::Field("campaign".into()),
            Column::Field("region".into()),
        );
        // At 120×40 (a table 118 wide) every column has its floor.
        let wide = Shown::new(118, None, &ws);
        let mut all = Column::BUILT_IN.to_vec();
        all.extend([campaign.clone(), region.clone()]);
        assert_eq!(wide.shown(), all);
        // A little narrower the last field goes first, then the other.
        assert_eq!(
            Shown::new(110, None, &ws).left_out(),
            std::slice::from_ref(&region)
        );
        assert_eq!(
            Shown::new(100, None, &ws).left_out(),
            [campaign.clone(), region.clone()]
        );
        // At 80×24 both go before the kind and the channel, and the border counts them.
        let narrow = Shown::new(78, None, &ws);
        assert_eq!(
            narrow.left_out(),
            [
                Column::Kind,
                Column::Channel,
                campaign.clone(),
                region.clone()
            ]
        );
        assert_eq!(
            narrow.hidden_note(40).as_deref(),
            Some(" 4 columns hidden: widen the terminal ")
        );
        // The field the rows are sorted by stays, as a built-in column does.
        let sorted = Shown::new(78, Some(&region), &ws);
        assert!(sorted.shown().contains(&region), "{:?}", sorted.shown());
        assert!(!sorted.shown().contains(&campaign));
    }

    #[test]
    fn a_field_column_is_headed_by_its_name_and_as_wide_as_its_values_need() {
        // Two fields: the spare goes to the last column, the region.
        let ws = with_item_fields(&["Campaign code", "Region"]);
        let shown = Shown::new(198, None, &ws);
        let mut texts = vec![String::new(); Column::BUILT_IN.len() + 2];
        texts[place(&Column::Title)] = "Promo".into();
        let item = Item::default();
        let field = Column::Field("campaign code".into());
        // No value yet: as wide as the name, which heads it whole.
        let widths = shown.widths(&ws, 198, &[(&item, texts.clone())]);
        assert_eq!(widths.width(field.clone()), "Campaign code".len());
        assert!(widths.headings(&ws).contains("Campaign code Region"));
        texts[Column::BUILT_IN.len()] = "SPRING-2027-COMMUTER-LAUNCH".into();
        let widths = shown.widths(&ws, 198, &[(&item, texts.clone())]);
        assert_eq!(widths.width(field), "SPRING-2027-COMMUTER-LAUNCH".len());
        assert!(widths.line(&texts).contains("SPRING-2027-COMMUTER-LAUNCH "));
    }

    #[test]
    fn fixed_columns_are_exact_and_the_rest_share_by_what_the_rows_need() {
        let ws = Workspace::blank("Test");
        let texts = |title: &str, steps: &str, status: &str| {
            let mut texts = vec![String::new(); Column::BUILT_IN.len()];
            texts[place(&Column::Title)] = title.to_string();
            texts[place(&Column::Type)] = "Ad campaign".to_string();
            texts[place(&Column::Status)] = status.to_string();
            texts[place(&Column::Date)] = "2026-09-01".to_string();
            texts[place(&Column::Cost)] = "900.00".to_string();
            texts[place(&Column::Steps)] = steps.to_string();
            texts
        };
        let item = Item::default();
        let rows = |status: &str| {
            [
                (
                    &item,
                    texts("Google Search: commuter bike ad group", "Buys", status),
                ),
                (
                    &item,
                    texts("Short", "First commuter bike › Notices the need", status),
                ),
            ]
        };
        let shown = Shown::new(198, None, &ws);
        let widths = shown.widths(&ws, 198, &rows("in progress"));
        assert_eq!(widths.width(Column::Status), 11);
        assert_eq!(widths.width(Column::Date), 10);
        assert_eq!(widths.width(Column::Cost), 6);
        assert_eq!(widths.width(Column::Kind), 4);
        // Everything fits: each gets its need, the steps the spare.
        assert_eq!(widths.width(Column::Title), 37);
        assert_eq!(widths.width(Column::Type), 11);
        assert_eq!(widths.width(Column::Owner), 5);
        assert!(widths.width(Column::Steps) > 38);
        let total: usize = shown.shown().into_iter().map(|c| widths.width(c) + 1).sum();
        assert_eq!(total + 2, 198);
        // Narrower, the title and the steps are cut alike above their floors (18 and 14) while
        // the others keep their need, and the status is its symbol under its short heading.
        let shown = Shown::new(116, None, &ws);
        let widths = shown.widths(&ws, 116, &rows("◐"));
        assert_eq!(widths.width(Column::Type), 11);
        assert_eq!(widths.width(Column::Status), 2);
        let (title, steps) = (widths.width(Column::Title), widths.width(Column::Steps));
        assert!(title < 37 && steps < 38, "{title} {steps}");
        assert!((title - 18).abs_diff(steps - 14) <= 1, "{title} {steps}");
    }
}
