//! The tips table of lecture 003's demo, made up deterministically from a seed
//! (`total_bill, tip, day, time, size`), its CSV text, and how `read_csv` cuts that text
//! into byte blocks: Dask's `read_bytes` offsets and fsspec's `read_block`, which moves both
//! ends of a block to just after a newline so every partition holds whole lines.
//!
//! Knows nothing of graphs.

use crate::rng::Rng;

pub(crate) const HEADER: &str = "total_bill,tip,day,time,size";
pub(crate) const DAYS: [&str; 4] = ["Thur", "Fri", "Sat", "Sun"];
pub(crate) const TIMES: [&str; 2] = ["Lunch", "Dinner"];
pub(crate) const COLUMNS: [&str; 5] = ["total_bill", "tip", "day", "time", "size"];

/// One row; money in cents so the CSV round trip is exact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Row {
    pub bill_cents: u32,
    pub tip_cents: u32,
    pub day: u8,
    pub time: u8,
    pub size: u8,
}

impl Row {
    /// The value of a column as a number (categories by their code).
    pub(crate) fn get(&self, column: usize) -> f64 {
        match column {
            0 => self.bill_cents as f64 / 100.0,
            1 => self.tip_cents as f64 / 100.0,
            2 => self.day as f64,
            3 => self.time as f64,
            _ => self.size as f64,
        }
    }
}

/// `rows` seeded rows: weekend dinners are busier, bills grow with the party, tips are
/// 10–25 % of the bill.
pub(crate) fn table(rows: u32, seed: u64) -> Vec<Row> {
    let mut rng = Rng::new(seed).fork(7);
    (0..rows)
        .map(|_| {
            let day = [0u8, 1, 2, 2, 3, 3, 3][rng.below(7) as usize];
            let time = if day <= 1 && rng.chance(0.7) { 0 } else { 1 };
            let size = 1 + rng.below(2) as u8 + rng.below(2) as u8 + if rng.chance(0.2) { rng.below(4) as u8 } else { 0 };
            let bill_cents = 300 + size as u32 * (400 + rng.below(700) as u32) + time as u32 * 250;
            let tip_cents = bill_cents * (10 + rng.below(16) as u32) / 100;
            Row { bill_cents, tip_cents, day, time, size }
        })
        .collect()
}

pub(crate) fn csv(rows: &[Row]) -> String {
    let mut out = String::with_capacity(rows.len() * 28 + HEADER.len() + 1);
    out.push_str(HEADER);
    out.push('\n');
    for r in rows {
        out.push_str(&format!(
            "{}.{:02},{}.{:02},{},{},{}\n",
            r.bill_cents / 100,
            r.bill_cents % 100,
            r.tip_cents / 100,
            r.tip_cents % 100,
            DAYS[r.day as usize],
            TIMES[r.time as usize],
            r.size
        ));
    }
    out
}

/// `read_bytes`: the (offset, length) of each block of a `size`-byte file.
pub(crate) fn offsets(size: u64, blocksize: u64) -> Vec<(u64, u64)> {
    let b1 = if size % blocksize != 0 && size > blocksize { size as f64 / (size / blocksize) as f64 } else { blocksize as f64 };
    let mut place = 0.0;
    let mut off = vec![0u64];
    let mut length = Vec::new();
    while size as f64 - place > b1 * 2.0 - 1.0 {
        place += b1;
        off.push(place as u64);
        length.push(off[off.len() - 1] - off[off.len() - 2]);
    }
    length.push(size - off[off.len() - 1]);
    off.into_iter().zip(length).collect()
}

/// fsspec's `read_block` with `delimiter=b"\n"`: the byte range actually read.
pub(crate) fn read_block(text: &[u8], offset: u64, length: u64) -> (usize, usize) {
    let after_newline = |from: usize| -> usize {
        if from == 0 {
            return 0;
        }
        match text[from.min(text.len())..].iter().position(|&c| c == b'\n') {
            Some(i) => from + i + 1,
            None => text.len(),
        }
    };
    let start = after_newline(offset as usize);
    let end = after_newline((offset + length) as usize).max(start);
    (start, end)
}

/// Parses the lines of one block (the header line is skipped where it appears).
pub(crate) fn parse(block: &str) -> Result<Vec<[f64; 5]>, String> {
    let mut out = Vec::new();
    for line in block.lines() {
        if line.is_empty() || line == HEADER {
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 5 {
            return Err(format!("the line `{line}` has {} fields, not 5", f.len()));
        }
        let num = |s: &str| s.parse::<f64>().map_err(|_| format!("`{s}` in `{line}` is not a number"));
        let code = |s: &str, names: &[&str]| names.iter().position(|n| *n == s).map(|i| i as f64).ok_or(format!("unknown category `{s}` in `{line}`"));
        out.push([num(f[0])?, num(f[1])?, code(f[2], &DAYS)?, code(f[3], &TIMES)?, num(f[4])?]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_line_exactly_once() {
        let rows = table(500, 3);
        let text = csv(&rows);
        for bs in [700, 1000, 4096, 100_000] {
            let blocks = offsets(text.len() as u64, bs);
            let parsed: Vec<[f64; 5]> = blocks
                .iter()
                .flat_map(|&(o, l)| {
                    let (s, e) = read_block(text.as_bytes(), o, l);
                    parse(&text[s..e]).unwrap()
                })
                .collect();
            assert_eq!(parsed.len(), rows.len(), "blocksize {bs}");
            assert!(parsed.iter().zip(&rows).all(|(p, r)| (0..5).all(|c| p[c] == r.get(c))));
        }
    }

    #[test]
    fn read_bytes_makes_equal_parts_as_dask_does() {
        // Dask's verified example: 2 088 894 bytes in blocks of 500 000 ⇒ 4 partitions.
        assert_eq!(offsets(2_088_894, 500_000).len(), 4);
        assert_eq!(offsets(100, 1000), vec![(0, 100)]);
        assert_eq!(offsets(1000, 250).len(), 4);
    }
}
