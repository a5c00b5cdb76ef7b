//! Quantities as teachers write them: sizes (`"1GB"`, `"800 MB"`, `"4 KiB"`), bandwidths
//! (`"100 MB/s"`) and durations (`"1.5s"`, `"10ms"`, `"250us"`).
//!
//! Pure text to numbers; the caller says where the text was. Knows nothing of scenarios.

use crate::time::SimDuration;

/// Splits `"1.5 GB"` into `1.5` and `"GB"`.
fn split(text: &str) -> Result<(f64, &str), String> {
    let t = text.trim();
    let end = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_')).unwrap_or(t.len());
    let (num, unit) = t.split_at(end);
    let value: f64 = num
        .replace('_', "")
        .parse()
        .map_err(|_| format!("expected a number then a unit, like \"1.5 GB\" or \"10ms\", found \"{text}\""))?;
    Ok((value, unit.trim()))
}

fn byte_factor(unit: &str) -> Option<f64> {
    Some(match unit {
        "B" | "" => 1.0,
        "kB" | "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    })
}

/// A size in bytes, as Dask's `parse_bytes` reads it (`"1GB"` is 10⁹ bytes, `"1GiB"` 2³⁰).
pub fn bytes(text: &str) -> Result<u64, String> {
    let (value, unit) = split(text)?;
    let factor = byte_factor(unit)
        .ok_or_else(|| format!("bad unit \"{text}\": expected a size in B, kB, MB, GB, TB, KiB, MiB or GiB"))?;
    Ok((value * factor).round() as u64)
}

/// Bytes per second: `"100 MB/s"`.
pub fn bandwidth(text: &str) -> Result<f64, String> {
    let (value, unit) = split(text)?;
    let per_second = unit.strip_suffix("/s").map(str::trim_end).and_then(byte_factor);
    let factor =
        per_second.ok_or_else(|| format!("bad unit \"{text}\": expected a bandwidth such as \"100 MB/s\" or \"1 GB/s\""))?;
    let bps = value * factor;
    if bps <= 0.0 {
        return Err(format!("bandwidth \"{text}\" must be positive"));
    }
    Ok(bps)
}

/// A length of simulated time: `"1.5s"`, `"10ms"`, `"250us"`, `"2min"`.
pub fn duration(text: &str) -> Result<SimDuration, String> {
    let (value, unit) = split(text)?;
    let micros = match unit {
        "us" | "µs" => 1.0,
        "ms" => 1e3,
        "s" => 1e6,
        "min" => 60e6,
        _ => return Err(format!("bad unit \"{text}\": expected a time in us, ms, s or min")),
    };
    Ok(SimDuration((value * micros).round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_dask_reads_them() {
        assert_eq!(bytes("1GB"), Ok(1_000_000_000));
        assert_eq!(bytes("800 MB"), Ok(800_000_000));
        assert_eq!(bytes("4 KiB"), Ok(4096));
        assert_eq!(bytes("28"), Ok(28));
        assert_eq!(bytes("1 GX"), Err("bad unit \"1 GX\": expected a size in B, kB, MB, GB, TB, KiB, MiB or GiB".into()));
    }

    #[test]
    fn bandwidths_and_durations() {
        assert_eq!(bandwidth("100 MB/s"), Ok(1e8));
        assert!(bandwidth("100 MB").unwrap_err().starts_with("bad unit"));
        assert_eq!(duration("1.5s"), Ok(SimDuration::from_millis(1500)));
        assert_eq!(duration("10ms"), Ok(SimDuration::from_millis(10)));
        assert!(duration("ten seconds").unwrap_err().contains("expected a number"));
    }
}
