//! Columns that share a width by what their text needs.
//!
//! Every column asks for the width its widest visible text needs. When the asks fit, each gets
//! its ask and the spare goes where the view says; when they do not, the narrow asks are met in
//! full and the wide columns share the rest equally, so no text is cut while another column has
//! room it does not use. The asks are measured over the rows on screen only, so a frame costs
//! the same for any size of workspace.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::window;

/// Where the width left over after every column has its ask goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spare {
    /// Shared equally (cards and step columns, which read better when alike).
    Even,
    /// All to one column (a table's last, free-text column).
    To(usize),
}

/// Widths for columns asking `needs`, summing to `total` (or less when there are no columns).
pub fn share(total: usize, needs: &[usize], spare: Spare) -> Vec<usize> {
    let count = needs.len();
    if count == 0 {
        return Vec::new();
    }
    let asked: usize = needs.iter().sum();
    if asked <= total {
        let mut widths = needs.to_vec();
        let left = total - asked;
        match spare {
            Spare::Even => {
                for (at, width) in widths.iter_mut().enumerate() {
                    *width += left / count + usize::from(at < left % count);
                }
            }
            Spare::To(column) => widths[column.min(count - 1)] += left,
        }
        return widths;
    }
    // The level every wide column is cut to: raise it while the narrow asks below it leave
    // enough for the others.
    let mut sorted = needs.to_vec();
    sorted.sort_unstable();
    let mut left = total;
    let mut wide = count;
    for need in &sorted {
        if need * wide > left {
            break;
        }
        left -= need;
        wide -= 1;
    }
    let level = left / wide;
    let mut extra = left % wide;
    needs
        .iter()
        .map(|need| {
            if *need <= level {
                *need
            } else if extra > 0 {
                extra -= 1;
                level + 1
            } else {
                level
            }
        })
        .collect()
}

/// Widths for columns that each get at least their floor (a readable minimum, or the exact
/// width of a fixed column whose floor is its need): the floors first, then what is left shared
/// by what each column needs beyond its floor, as [`share`] shares it. When the floors alone do
/// not fit, the caller has too many columns for the room and gets [`share`] of the needs.
pub fn share_above(total: usize, floors: &[usize], needs: &[usize], spare: Spare) -> Vec<usize> {
    let floored: usize = floors.iter().sum();
    if floored > total || floors.len() != needs.len() {
        return share(total, needs, spare);
    }
    let beyond: Vec<usize> = needs
        .iter()
        .zip(floors)
        .map(|(need, floor)| need.saturating_sub(*floor))
        .collect();
    share(total - floored, &beyond, spare)
        .into_iter()
        .zip(floors)
        .map(|(extra, floor)| floor + extra)
        .collect()
}

/// The widest of some texts, in terminal columns.
pub fn widest<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    texts
        .into_iter()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// The rows a list of `len` rows shows in `capacity` lines, keeping `selected` in view and
/// moving as little as possible from `offset`.
pub fn visible(offset: usize, selected: usize, capacity: usize, len: usize) -> Range<usize> {
    let first = window(offset, selected, capacity, len);
    first..len.min(first + capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_that_fit_are_met_and_the_spare_goes_where_asked() {
        assert_eq!(share(50, &[20, 17, 13], Spare::Even), [20, 17, 13]);
        assert_eq!(share(56, &[20, 17, 13], Spare::Even), [22, 19, 15]);
        assert_eq!(share(57, &[20, 17, 13], Spare::Even), [23, 19, 15]);
        assert_eq!(share(60, &[20, 17, 13], Spare::To(2)), [20, 17, 23]);
        assert_eq!(share(60, &[20, 17, 13], Spare::To(9)), [20, 17, 23]);
    }

    #[test]
    fn narrow_asks_are_met_and_the_wide_share_the_rest() {
        // 10 is met; 40 and 60 share the other 40.
        assert_eq!(share(50, &[40, 10, 60], Spare::Even), [20, 10, 20]);
        assert_eq!(share(51, &[40, 10, 60], Spare::Even), [21, 10, 20]);
        // Nobody's ask fits: equal shares.
        assert_eq!(share(9, &[40, 10, 60], Spare::To(0)), [3, 3, 3]);
        // Everything is used, never more.
        for total in 0..120 {
            let widths = share(total, &[40, 10, 60, 3], Spare::Even);
            assert_eq!(widths.iter().sum::<usize>(), total, "{total}: {widths:?}");
        }
        assert!(share(10, &[], Spare::Even).is_empty());
    }

    #[test]
    fn floors_are_kept_and_the_rest_is_shared_by_what_is_needed_beyond_them() {
        // A fixed column (10 of 10) gets exactly its width; 30 and 60 share what is left above
        // their floors of 16, and the small need of 6 is met.
        let floors = [10, 16, 16, 6];
        let needs = [10, 30, 60, 6];
        assert_eq!(
            share_above(70, &floors, &needs, Spare::To(2)),
            [10, 27, 27, 6]
        );
        // Everything fits: every need met, the spare to the named column.
        assert_eq!(
            share_above(120, &floors, &needs, Spare::To(2)),
            [10, 30, 74, 6]
        );
        // Only the floors fit: nobody goes below one.
        assert_eq!(
            share_above(48, &floors, &needs, Spare::To(2)),
            [10, 16, 16, 6]
        );
        // Without the floors, the wide ones would be levelled below them.
        assert_eq!(share(40, &needs, Spare::To(2)), [10, 12, 12, 6]);
        assert_eq!(
            share_above(40, &floors, &needs, Spare::To(2)),
            share(40, &needs, Spare::To(2))
        );
        for total in 48..140 {
            let widths = share_above(total, &floors, &needs, Spare::Even);
            assert_eq!(widths.iter().sum::<usize>(), total, "{total}: {widths:?}");
            assert!(
                widths.iter().zip(floors).all(|(w, f)| *w >= f),
                "{widths:?}"
            );
        }
    }
}
