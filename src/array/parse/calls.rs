//! The functions (`da.ones`, `da.outer`, …) and array methods (`.sum`, `.rechunk`, …) the
//! parser knows, how their arguments bind (positionally or by keyword, as in Python), and how
//! argument values become shapes, chunks and axes.
//!
//! Knows nothing of graphs.

use super::{ParseError, Parser, Spanned, Val};
use crate::array::chunks::{AxisChunks, ChunkSpec};
use crate::array::expr::Array;
use crate::array::reduction::Reduction;
use ndarray::{ArrayD, IxDyn};
use std::collections::BTreeMap;

/// The functions of `da` (and `np`), as written after `da.`.
pub(super) const FUNCTIONS: &[&str] = &[
    "ones",
    "zeros",
    "full",
    "arange",
    "from_array",
    "random.random",
    "random.random_sample",
    "outer",
    "matmul",
    "transpose",
    "reshape",
    "rechunk",
    "sum",
    "mean",
    "min",
    "max",
];

/// The methods of an array (`.T` is an attribute).
pub(super) const METHODS: &[&str] =
    &["sum", "mean", "min", "max", "transpose", "reshape", "flatten", "rechunk", "squeeze", "compute"];

/// The arguments of one call.
#[derive(Default)]
pub(super) struct Args {
    pub positional: Vec<Spanned>,
    pub keywords: Vec<(String, Spanned)>,
}

impl Args {
    /// Binds arguments to `params` as Python does; the first `required` must be given.
    fn bind(
        mut self,
        what: &str,
        params: &[&str],
        required: usize,
        col: usize,
    ) -> Result<Vec<Option<Spanned>>, ParseError> {
        if self.positional.len() > params.len() {
            let extra = &self.positional[params.len()];
            return Err(ParseError::new(
                extra.col,
                format!("`{what}` takes at most {} positional arguments ({})", params.len(), params.join(", ")),
            ));
        }
        let mut bound: Vec<Option<Spanned>> = params.iter().map(|_| None).collect();
        for (slot, value) in bound.iter_mut().zip(self.positional.drain(..)) {
            *slot = Some(value);
        }
        for (name, value) in self.keywords {
            let Some(i) = params.iter().position(|p| *p == name) else {
                return Err(ParseError::new(
                    value.col,
                    format!("`{what}` got an unexpected keyword `{name}`; expected one of {}", params.join(", ")),
                ));
            };
            if bound[i].is_some() {
                return Err(ParseError::new(value.col, format!("`{what}` got two values for `{name}`")));
            }
            bound[i] = Some(value);
        }
        if let Some(missing) = (0..required).find(|&i| bound[i].is_none()) {
            return Err(ParseError::new(col, format!("`{what}` needs the argument `{}`", params[missing])));
        }
        Ok(bound)
    }
}

/// A call of `da.<path>`.
pub(super) fn function(p: &mut Parser, written: &str, path: &str, args: Args, col: usize) -> Result<Val, ParseError> {
    let name = path.strip_prefix("da.").unwrap_or(path);
    let at = |e| ParseError::array(col, e);
    let array = match name {
        "ones" | "zeros" => {
            let [shape, chunks] = take(args.bind(written, &["shape", "chunks"], 1, col)?);
            let (shape, chunks) = (self::shape(&shape.expect("required"))?, chunk_spec(chunks)?);
            if name == "ones" { Array::ones(&shape, &chunks) } else { Array::zeros(&shape, &chunks) }.map_err(at)?
        }
        "full" => {
            let [shape, value, chunks] = take(args.bind(written, &["shape", "fill_value", "chunks"], 2, col)?);
            let value = number(&value.expect("required"))?;
            Array::full(&self::shape(&shape.expect("required"))?, value, &chunk_spec(chunks)?).map_err(at)?
        }
        "arange" => {
            let [a, b, step, chunks] = take(args.bind(written, &["start", "stop", "step", "chunks"], 1, col)?);
            let a = number(&a.expect("required"))?;
            let (start, stop) = match b {
                Some(b) => (a, number(&b)?),
                None => (0.0, a),
            };
            let step = step.map(|s| number(&s)).transpose()?.unwrap_or(1.0);
            Array::arange(start, stop, step, &chunk_spec(chunks)?).map_err(at)?
        }
        "from_array" => {
            let [data, chunks] = take(args.bind(written, &["x", "chunks"], 1, col)?);
            Array::from_array(nested(&data.expect("required"))?, &chunk_spec(chunks)?).map_err(at)?
        }
        "random.random" | "random.random_sample" => {
            let [size, chunks, seed] = take(args.bind(written, &["size", "chunks", "seed"], 1, col)?);
            let seed = match seed {
                Some(s) => int(&s)? as u64,
                None => p.next_random_seed(),
            };
            Array::random(&self::shape(&size.expect("required"))?, &chunk_spec(chunks)?, seed).map_err(at)?
        }
        "outer" | "matmul" => {
            let [a, b] = take(args.bind(written, &["a", "b"], 2, col)?);
            let (a, b) = (array(&a.expect("required"))?, array(&b.expect("required"))?);
            if name == "outer" { Array::outer(&a, &b) } else { a.matmul(&b) }.map_err(at)?
        }
        "transpose" => {
            let [a, axes] = take(args.bind(written, &["a", "axes"], 1, col)?);
            let axes = axes.map(|a| int_list(&a)).transpose()?;
            array(&a.expect("required"))?.transpose(axes.as_deref()).map_err(at)?
        }
        "reshape" => {
            let [a, shape] = take(args.bind(written, &["a", "shape"], 2, col)?);
            array(&a.expect("required"))?.reshape(&int_list(&shape.expect("required"))?).map_err(at)?
        }
        "rechunk" => {
            let [a, chunks] = take(args.bind(written, &["x", "chunks"], 2, col)?);
            array(&a.expect("required"))?.rechunk(&chunk_spec(chunks)?).map_err(at)?
        }
        "sum" | "mean" | "min" | "max" => {
            let [a, axis, split_every] = take(args.bind(written, &["a", "axis", "split_every"], 1, col)?);
            reduce(&array(&a.expect("required"))?, name, axis, split_every, col)?
        }
        _ => {
            let prefix = written.strip_suffix(name).unwrap_or("da.");
            return Err(ParseError::new(
                col,
                format!("unknown function `{written}`; expected one of {}", list(prefix, FUNCTIONS)),
            ));
        }
    };
    Ok(Val::Array(array))
}

/// A call of `x.<name>(…)`.
pub(super) fn method(x: &Array, name: &str, args: Args, col: usize) -> Result<Val, ParseError> {
    let what = format!(".{name}");
    let at = |e| ParseError::array(col, e);
    let array = match name {
        "sum" | "mean" | "min" | "max" => {
            let [axis, split_every] = take(args.bind(&what, &["axis", "split_every"], 0, col)?);
            reduce(x, name, axis, split_every, col)?
        }
        // `.transpose(1, 0)`, `.transpose((1, 0))` and `.reshape(2, 4)`, `.reshape((2, 4))`.
        "transpose" | "reshape" => {
            let ints = spread_ints(args, &what)?;
            match (name, ints) {
                ("transpose", None) => x.t(),
                ("transpose", Some(axes)) => x.transpose(Some(&axes)).map_err(at)?,
                (_, Some(shape)) => x.reshape(&shape).map_err(at)?,
                (_, None) => return Err(ParseError::new(col, "`.reshape` needs a shape".to_string())),
            }
        }
        "flatten" => {
            args.bind(&what, &[], 0, col)?;
            x.flatten().map_err(at)?
        }
        "rechunk" => {
            let [chunks] = take(args.bind(&what, &["chunks"], 1, col)?);
            x.rechunk(&chunk_spec(chunks)?).map_err(at)?
        }
        "squeeze" => {
            let [axis] = take(args.bind(&what, &["axis"], 1, col)?);
            x.squeeze(int(&axis.expect("required"))?).map_err(at)?
        }
        "compute" => {
            args.bind(&what, &[], 0, col)?;
            x.clone()
        }
        _ => unreachable!("attribute() only makes methods listed in METHODS"),
    };
    Ok(Val::Array(array))
}

fn reduce(
    x: &Array,
    name: &str,
    axis: Option<Spanned>,
    split_every: Option<Spanned>,
    col: usize,
) -> Result<Array, ParseError> {
    let reduction = match name {
        "sum" => Reduction::Sum,
        "mean" => Reduction::Mean,
        "min" => Reduction::Min,
        _ => Reduction::Max,
    };
    let axis = match axis {
        None | Some(Spanned { val: Val::None, .. }) => None,
        Some(a) => Some(int_list(&a)?),
    };
    let split_every = split_every.map(|s| usize_of(&s)).transpose()?;
    x.reduce(reduction, axis.as_deref(), split_every).map_err(|e| ParseError::array(col, e))
}

/// Positional integers, or a single tuple of them; `None` when there are none.
fn spread_ints(args: Args, what: &str) -> Result<Option<Vec<isize>>, ParseError> {
    if let Some((name, v)) = args.keywords.first() {
        return Err(ParseError::new(v.col, format!("`{what}` takes no keyword `{name}`")));
    }
    match args.positional.as_slice() {
        [] => Ok(None),
        [one] => int_list(one).map(Some),
        many => many.iter().map(int).collect::<Result<_, _>>().map(Some),
    }
}

fn take<const N: usize>(bound: Vec<Option<Spanned>>) -> [Option<Spanned>; N] {
    bound.try_into().unwrap_or_else(|_| unreachable!("bind returns one slot per parameter"))
}

fn list(prefix: &str, names: &[&str]) -> String {
    names.iter().map(|n| format!("{prefix}{n}")).collect::<Vec<_>>().join(", ")
}

fn number(v: &Spanned) -> Result<f64, ParseError> {
    match v.val {
        Val::Num { value, .. } => Ok(value),
        ref other => Err(ParseError::new(v.col, format!("expected a number, found {}", other.kind()))),
    }
}

/// A whole number (possibly negative).
pub(super) fn int(v: &Spanned) -> Result<isize, ParseError> {
    match v.val {
        Val::Num { value, int: true } => Ok(value as isize),
        ref other => Err(ParseError::new(v.col, format!("expected a whole number, found {}", describe_val(other)))),
    }
}

fn usize_of(v: &Spanned) -> Result<usize, ParseError> {
    let n = int(v)?;
    usize::try_from(n).map_err(|_| ParseError::new(v.col, format!("expected a non-negative whole number, found {n}")))
}

fn describe_val(v: &Val) -> String {
    match v {
        Val::Num { value, .. } => format!("the number {value}"),
        other => other.kind().to_string(),
    }
}

/// The items of a tuple or list.
fn items(v: &Spanned) -> Option<&[Spanned]> {
    match &v.val {
        Val::Tuple(items) | Val::List(items) => Some(items),
        _ => None,
    }
}

/// An axis or axes: `0`, `(0, 1)`.
fn int_list(v: &Spanned) -> Result<Vec<isize>, ParseError> {
    match items(v) {
        Some(items) => items.iter().map(int).collect(),
        None => Ok(vec![int(v)?]),
    }
}

/// A shape: `8`, `(8, 8)`, `[8, 8]`.
fn shape(v: &Spanned) -> Result<Vec<usize>, ParseError> {
    match items(v) {
        Some(items) => items.iter().map(usize_of).collect(),
        None => Ok(vec![usize_of(v)?]),
    }
}

fn array(v: &Spanned) -> Result<Array, ParseError> {
    match &v.val {
        Val::Array(a) => Ok(a.clone()),
        other => Err(ParseError::new(v.col, format!("expected an array, found {}", other.kind()))),
    }
}

/// A nested list of numbers as an n-d array: `[[1, 2], [3, 4]]`.
fn nested(v: &Spanned) -> Result<ArrayD<f64>, ParseError> {
    fn walk(v: &Spanned, depth: usize, shape: &mut Vec<usize>, out: &mut Vec<f64>) -> Result<(), ParseError> {
        match items(v) {
            Some(items) => {
                if depth == shape.len() {
                    if !out.is_empty() {
                        return Err(ParseError::new(v.col, "the nested list is ragged".to_string()));
                    }
                    shape.push(items.len());
                } else if shape[depth] != items.len() {
                    return Err(ParseError::new(
                        v.col,
                        format!("the nested list is ragged: {} items here, {} elsewhere", items.len(), shape[depth]),
                    ));
                }
                items.iter().try_for_each(|item| walk(item, depth + 1, shape, out))
            }
            None if depth == shape.len() && !shape.is_empty() => {
                out.push(number(v)?);
                Ok(())
            }
            None if shape.is_empty() => Err(ParseError::new(v.col, "expected a list of numbers".to_string())),
            None => Err(ParseError::new(v.col, "the nested list is ragged".to_string())),
        }
    }
    let (mut shape, mut out) = (Vec::new(), Vec::new());
    walk(v, 0, &mut shape, &mut out)?;
    ArrayD::from_shape_vec(IxDyn(&shape), out).map_err(|e| ParseError::new(v.col, e.to_string()))
}

/// A `chunks=` argument; absent means `"auto"`.
fn chunk_spec(v: Option<Spanned>) -> Result<ChunkSpec, ParseError> {
    let Some(v) = v else { return Ok(ChunkSpec::auto()) };
    if let Val::Dict(entries) = &v.val {
        let mut map = BTreeMap::new();
        for (key, value) in entries {
            map.insert(int(key)?, axis_chunks(value)?);
        }
        return Ok(ChunkSpec::ByAxis(map));
    }
    match items(&v) {
        Some(items) => Ok(ChunkSpec::PerAxis(items.iter().map(axis_chunks).collect::<Result<_, _>>()?)),
        None => Ok(ChunkSpec::All(axis_chunks(&v)?)),
    }
}

/// One axis of a `chunks=` argument: `4`, `-1`, `None`, `"auto"`, `(2, 6)`.
fn axis_chunks(v: &Spanned) -> Result<AxisChunks, ParseError> {
    match (&v.val, items(v)) {
        (_, Some(sizes)) => Ok(AxisChunks::Sizes(sizes.iter().map(usize_of).collect::<Result<_, _>>()?)),
        (Val::None, _) => Ok(AxisChunks::Keep),
        (Val::Str(s), _) if s == "auto" => Ok(AxisChunks::Auto),
        (Val::Num { value, int: true }, _) if *value == -1.0 => Ok(AxisChunks::Whole),
        (Val::Num { int: true, .. }, _) => Ok(AxisChunks::Size(usize_of(v)?)),
        (other, _) => Err(ParseError::new(
            v.col,
            format!("expected chunks (a size, -1, None, \"auto\" or a tuple of sizes), found {}", describe_val(other)),
        )),
    }
}
