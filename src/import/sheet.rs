//! An inventory's CSV file split into its header and its rows' cells before anything is read
//! from them: the splitting needs no workspace, so a command can do it on the thread that reads
//! the file while the workspace is read and decoded, and the rows are then read without it.

use std::ops::Range;

use super::{ImportError, csv_rows};

/// A CSV file's header row and its other rows, each split into cells.
pub struct Sheet {
    pub(super) header: ::csv::ByteRecord,
    /// Every row's cells, one after the other: text when the whole file is UTF-8 (nearly
    /// always), so that a cell is found in it without a check of its own; bytes otherwise.
    cells: Cells,
    /// Where each cell ends, counted from the start of its row: half the room of a place in
    /// `cells` (a row is shorter than 4 GiB).
    ends: Vec<u32>,
    /// Where each row starts: in `cells`, and its first cell among `ends`; then where the last
    /// row ends.
    starts: Vec<(usize, usize)>,
    /// What stopped the rows being read, if anything: told after the header's problems, as
    /// reading the rows one by one tells it.
    broken: Option<String>,
}

enum Cells {
    Text(String),
    Bytes(Vec<u8>),
}

impl Sheet {
    /// Splits a CSV file as [`csv_rows`] opens it: a byte-order mark skipped, the delimiter
    /// guessed, rows of any length. Refused only when the file has no header row.
    pub fn split(bytes: &[u8]) -> Result<Self, ImportError> {
        let (header, mut reader) = csv_rows(bytes)?;
        let mut cells = Vec::with_capacity(bytes.len());
        let mut ends = Vec::new();
        let mut starts = Vec::new();
        let mut record = ::csv::ByteRecord::new();
        let broken = loop {
            starts.push((cells.len(), ends.len()));
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break None,
                Err(error) => break Some(error.to_string()),
            }
            if u32::try_from(record.as_slice().len()).is_err() {
                break Some(format!("row {} is longer than 4 GiB", starts.len() + 1));
            }
            cells.extend_from_slice(record.as_slice());
            // Each cell ends within its row, shorter than 4 GiB: the end fits.
            ends.extend((0..record.len()).filter_map(|at| Some(record.range(at)?.end as u32)));
        };
        let cells = match String::from_utf8(cells) {
            Ok(text) => Cells::Text(text),
            Err(error) => Cells::Bytes(error.into_bytes()),
        };
        Ok(Sheet {
            header,
            cells,
            ends,
            starts,
            broken,
        })
    }

    /// How many rows follow the header (empty rows too).
    pub(super) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// What stopped the rows being read: the file is refused.
    pub(super) fn broken(&self) -> Result<(), ImportError> {
        match &self.broken {
            Some(error) => Err(ImportError::Csv(error.clone())),
            None => Ok(()),
        }
    }

    /// The row at `at` (0 is the first after the header).
    pub(super) fn row(&self, at: usize) -> Record<'_> {
        let ((start, first), (end, last)) = (self.starts[at], self.starts[at + 1]);
        let (bytes, text) = match &self.cells {
            Cells::Text(text) => (&text.as_bytes()[start..end], text.get(start..end)),
            Cells::Bytes(bytes) => (&bytes[start..end], None),
        };
        Record {
            bytes,
            text,
            ends: &self.ends[first..last],
        }
    }
}

/// One row's cells.
#[derive(Clone, Copy)]
pub(super) struct Record<'a> {
    /// The row's cells, one after the other.
    bytes: &'a [u8],
    /// The same as text, when the whole file is UTF-8.
    text: Option<&'a str>,
    /// Where each of its cells ends in `bytes`.
    ends: &'a [u32],
}

impl<'a> Record<'a> {
    /// The row as text, when the whole file is UTF-8; otherwise as bytes.
    pub(super) fn text(&self) -> Result<&'a str, &'a [u8]> {
        self.text.ok_or(self.bytes)
    }

    /// Where the cell at `at` is in the row's bytes, when the row has that many cells.
    pub(super) fn range(&self, at: usize) -> Option<Range<usize>> {
        let end = *self.ends.get(at)? as usize;
        let start = at
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize);
        Some(start..end)
    }

    /// The bytes of the cell at `at`, when the row has that many cells.
    pub(super) fn get(&self, at: usize) -> Option<&'a [u8]> {
        Some(&self.bytes[self.range(at)?])
    }

    /// Every cell's bytes.
    pub(super) fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.ends.len()).filter_map(|at| self.get(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row's cells, as the csv reader reads the file one record at a time.
    fn read_one_by_one(bytes: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let (_, reader) = csv_rows(bytes).unwrap();
        reader
            .into_byte_records()
            .map(|record| record.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    fn cells(sheet: &Sheet) -> Vec<Vec<Vec<u8>>> {
        (0..sheet.len())
            .map(|at| sheet.row(at).iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    #[test]
    fn a_sheet_holds_the_cells_the_reader_reads_row_by_row() {
        let files: [&[u8]; 6] = [
            b"id,title\n1,a\n,\n\n2,\"b, \"\"quoted\"\"\nline\",extra\n3\n",
            b"\xEF\xBB\xBFtitle;cost\n\xC3\xA9t\xC3\xA9;12\n",
            b"title\tcost\r\nA\t1\r\n",
            b"title,notes\nA,\xFF\xFE not text\nB,text\n",
            b"title\n",
            b"title",
        ];
        for file in files {
            let sheet = Sheet::split(file).unwrap();
            assert_eq!(cells(&sheet), read_one_by_one(file), "{file:?}");
            assert!(sheet.broken().is_ok());
        }
    }

    #[test]
    fn a_row_is_text_when_the_whole_file_is() {
        let sheet = Sheet::split("title,notes\nété,«a»\nB,\n".as_bytes()).unwrap();
        assert_eq!(sheet.row(0).text(), Ok("été«a»"));
        assert_eq!(sheet.row(0).range(1), Some(5..10));
        assert_eq!(sheet.row(1).text(), Ok("B"));
        assert_eq!(sheet.row(1).get(1), Some(&b""[..]));
        assert_eq!(sheet.row(1).get(2), None);
        let sheet = Sheet::split(b"title\n\xFF\nB\n").unwrap();
        assert_eq!(sheet.row(0).text(), Err(&b"\xFF"[..]));
        assert_eq!(sheet.row(1).text(), Err(&b"B"[..]));
    }

    #[test]
    fn a_file_without_a_header_row_is_refused() {
        assert!(matches!(Sheet::split(b""), Err(ImportError::Empty)));
    }
}
