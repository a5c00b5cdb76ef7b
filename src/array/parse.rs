//! A parser for array expressions written as the lectures write them, so a teacher can paste
//! lecture code into a scenario:
//!
//! ```text
//! (da.ones((8, 8), chunks=(4, 4)) + da.ones((8, 8), chunks=4).T).sum(axis=0)
//! da.outer(da.from_array([2, 4], chunks=1), da.from_array([3, 1], chunks=1))
//! da.random.random((10000, 10000), chunks=(1000, 1000)).mean(axis=1, split_every=2).compute()
//! x[:, None] * y[None, :]        a @ b        x[2:6, :].rechunk((4, 2))
//! ```
//!
//! One expression (no assignments); `np.` is an alias of `da.`; names may be bound by the
//! caller. Python precedence: `**`, then unary `-`, then `* / @`, then `+ -`. A random array
//! without `seed=` gets the seed 0, 1, 2, … in the order the calls appear, so the same text
//! always gives the same keys and values. Errors carry the column (1-based) and what was
//! expected. Knows nothing of graphs.

mod calls;
mod lex;

use super::elemwise::{BinaryOp, Operand};
use super::error::ArrayError;
use super::expr::Array;
use super::getitem::Index;
use lex::{lex, Tok, Token};
use std::collections::BTreeMap;
use std::fmt;

/// A problem in the source text, at a column (1-based, counted in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub column: usize,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(column: usize, message: String) -> ParseError {
        ParseError { column, message }
    }

    fn array(column: usize, e: ArrayError) -> ParseError {
        ParseError::new(column, e.to_string())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses one array expression.
pub fn parse(src: &str) -> Result<Array, ParseError> {
    parse_with(src, &BTreeMap::new())
}

/// Parses one array expression in which the names of `env` stand for those arrays.
pub fn parse_with(src: &str, env: &BTreeMap<String, Array>) -> Result<Array, ParseError> {
    let tokens = lex(src)?;
    let mut parser = Parser { tokens, pos: 0, env, random_calls: 0, depth: 0 };
    let value = parser.expr()?;
    let end = parser.peek();
    if end.tok != Tok::End {
        return Err(ParseError::new(
            end.col,
            format!("expected the end of the expression, found {}", describe(&end.tok)),
        ));
    }
    match value.val {
        Val::Array(a) => Ok(a),
        other => Err(ParseError::new(value.col, format!("the expression is {}, not an array", other.kind()))),
    }
}

/// A value met while parsing.
#[derive(Clone, Debug)]
enum Val {
    Num {
        value: f64,
        int: bool,
    },
    Array(Array),
    /// `(8, 8)`; `[2, 4]` is a `List` and `{0: 4}` a `Dict`.
    Tuple(Vec<Spanned>),
    List(Vec<Spanned>),
    Dict(Vec<(Spanned, Spanned)>),
    Str(String),
    None,
    /// `da`, `da.random`: `written` as in the source, `path` with `np` read as `da`.
    Module {
        written: String,
        path: String,
    },
    /// `x.sum`, waiting for its call; `at` is the column of its name.
    Method {
        array: Array,
        name: String,
        at: usize,
    },
}

impl Val {
    fn kind(&self) -> &'static str {
        match self {
            Val::Num { .. } => "a number",
            Val::Array(_) => "an array",
            Val::Tuple(_) => "a tuple",
            Val::List(_) => "a list",
            Val::Dict(_) => "a dict",
            Val::Str(_) => "a string",
            Val::None => "None",
            Val::Module { .. } => "a module",
            Val::Method { .. } => "a method (call it with `()`)",
        }
    }
}

/// A value and the column where its text starts.
#[derive(Clone, Debug)]
struct Spanned {
    val: Val,
    col: usize,
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Num(v, _) => format!("the number {v}"),
        Tok::Name(n) => format!("`{n}`"),
        Tok::Str(s) => format!("the string {s:?}"),
        Tok::Sym(s) => format!("`{s}`"),
        Tok::End => "the end of the expression".to_string(),
    }
}

struct Parser<'e> {
    tokens: Vec<Token>,
    pos: usize,
    env: &'e BTreeMap<String, Array>,
    random_calls: u64,
    /// How deeply `unary` is nested (every nesting of the grammar passes through it).
    depth: usize,
}

/// The deepest nesting of brackets and operators the parser follows.
const MAX_NESTING: usize = 64;

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.tokens[self.pos].clone()
    }

    fn next(&mut self) -> Token {
        let t = self.peek();
        if t.tok != Tok::End {
            self.pos += 1;
        }
        t
    }

    fn at(&self, sym: &str) -> bool {
        matches!(&self.tokens[self.pos].tok, Tok::Sym(s) if *s == sym)
    }

    fn eat(&mut self, sym: &str) -> bool {
        let found = self.at(sym);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, sym: &str, context: &str) -> Result<(), ParseError> {
        let t = self.peek();
        if self.eat(sym) {
            Ok(())
        } else {
            Err(ParseError::new(t.col, format!("expected `{sym}` {context}, found {}", describe(&t.tok))))
        }
    }

    /// expr := term (('+' | '-') term)*
    fn expr(&mut self) -> Result<Spanned, ParseError> {
        let mut left = self.term()?;
        loop {
            let op = self.peek();
            let bin = if self.eat("+") {
                BinaryOp::Add
            } else if self.eat("-") {
                BinaryOp::Sub
            } else {
                return Ok(left);
            };
            let right = self.term()?;
            left = binary(bin, left, right, op.col)?;
        }
    }

    /// term := unary (('*' | '/' | '@') unary)*
    fn term(&mut self) -> Result<Spanned, ParseError> {
        let mut left = self.unary()?;
        loop {
            let op = self.peek();
            if self.eat("@") {
                let right = self.unary()?;
                left = matmul(left, right, op.col)?;
                continue;
            }
            let bin = if self.eat("*") {
                BinaryOp::Mul
            } else if self.eat("/") {
                BinaryOp::Div
            } else {
                return Ok(left);
            };
            let right = self.unary()?;
            left = binary(bin, left, right, op.col)?;
        }
    }

    /// unary := ('-' | '+') unary | power
    fn unary(&mut self) -> Result<Spanned, ParseError> {
        if self.depth == MAX_NESTING {
            return Err(ParseError::new(
                self.peek().col,
                format!("the expression nests more than {MAX_NESTING} levels deep"),
            ));
        }
        self.depth += 1;
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Spanned, ParseError> {
        let t = self.peek();
        if self.eat("-") {
            let operand = self.unary()?;
            let val = match operand.val {
                Val::Num { value, int } => Val::Num { value: -value, int },
                Val::Array(a) => Val::Array(a.neg()),
                other => return Err(ParseError::new(operand.col, format!("cannot negate {}", other.kind()))),
            };
            return Ok(Spanned { val, col: t.col });
        }
        if self.eat("+") {
            return self.unary();
        }
        self.power()
    }

    /// power := postfix ('**' unary)?
    fn power(&mut self) -> Result<Spanned, ParseError> {
        let base = self.postfix()?;
        let op = self.peek();
        if self.eat("**") {
            let exponent = self.unary()?;
            return binary(BinaryOp::Pow, base, exponent, op.col);
        }
        Ok(base)
    }

    /// postfix := atom ('(' args ')' | '[' index ']' | '.' NAME)*
    fn postfix(&mut self) -> Result<Spanned, ParseError> {
        let mut value = self.atom()?;
        loop {
            let t = self.peek();
            if self.eat("(") {
                let args = self.args()?;
                value = self.call(value, args, t.col)?;
            } else if self.eat("[") {
                let index = self.index()?;
                let Val::Array(a) = &value.val else {
                    return Err(ParseError::new(
                        t.col,
                        format!("only arrays can be indexed, not {}", value.val.kind()),
                    ));
                };
                let val = Val::Array(a.getitem(&index).map_err(|e| ParseError::array(t.col, e))?);
                value = Spanned { val, col: value.col };
            } else if self.eat(".") {
                let name_tok = self.next();
                let Tok::Name(name) = name_tok.tok else {
                    return Err(ParseError::new(
                        name_tok.col,
                        format!("expected a name after `.`, found {}", describe(&name_tok.tok)),
                    ));
                };
                value = attribute(value, name, name_tok.col)?;
            } else {
                return Ok(value);
            }
        }
    }

    fn atom(&mut self) -> Result<Spanned, ParseError> {
        let t = self.next();
        let val = match t.tok {
            Tok::Num(value, int) => Val::Num { value, int },
            Tok::Str(s) => Val::Str(s),
            Tok::Name(name) => match name.as_str() {
                "None" => Val::None,
                "da" | "np" => Val::Module { written: name.clone(), path: "da".to_string() },
                _ => match self.env.get(&name) {
                    Some(a) => Val::Array(a.clone()),
                    None => {
                        let mut known = vec!["da".to_string(), "np".to_string()];
                        known.extend(self.env.keys().cloned());
                        return Err(ParseError::new(
                            t.col,
                            format!("unknown name `{name}`; expected one of {}", known.join(", ")),
                        ));
                    }
                },
            },
            Tok::Sym("(") => {
                let (mut items, comma) = self.sequence(")")?;
                if items.len() == 1 && !comma {
                    items.remove(0).val
                } else {
                    Val::Tuple(items)
                }
            }
            Tok::Sym("[") => Val::List(self.sequence("]")?.0),
            Tok::Sym("{") => Val::Dict(self.dict()?),
            other => return Err(ParseError::new(t.col, format!("expected a value, found {}", describe(&other)))),
        };
        Ok(Spanned { val, col: t.col })
    }

    /// Comma-separated items up to `close`, and whether there was a comma (`(4,)` is a tuple).
    fn sequence(&mut self, close: &str) -> Result<(Vec<Spanned>, bool), ParseError> {
        let mut items = Vec::new();
        let mut comma = false;
        while !self.at(close) {
            items.push(self.expr()?);
            if !self.eat(",") {
                break;
            }
            comma = true;
        }
        self.expect(close, "to close the brackets")?;
        Ok((items, comma))
    }

    fn dict(&mut self) -> Result<Vec<(Spanned, Spanned)>, ParseError> {
        let mut items = Vec::new();
        while !self.at("}") {
            let key = self.expr()?;
            self.expect(":", "between a key and its value")?;
            items.push((key, self.expr()?));
            if !self.eat(",") {
                break;
            }
        }
        self.expect("}", "to close the dict")?;
        Ok(items)
    }

    /// Call arguments after `(`: positional ones, then `name=value` ones.
    fn args(&mut self) -> Result<calls::Args, ParseError> {
        let mut args = calls::Args::default();
        while !self.at(")") {
            let t = self.peek();
            let keyword = match (&t.tok, self.tokens.get(self.pos + 1).map(|t| &t.tok)) {
                (Tok::Name(name), Some(Tok::Sym("="))) => Some(name.clone()),
                _ => None,
            };
            if let Some(name) = keyword {
                self.pos += 2;
                let value = self.expr()?;
                if args.keywords.iter().any(|(k, _)| *k == name) {
                    return Err(ParseError::new(t.col, format!("the keyword `{name}` is given twice")));
                }
                args.keywords.push((name, value));
            } else {
                if let Some((name, _)) = args.keywords.first() {
                    return Err(ParseError::new(
                        t.col,
                        format!("a positional argument follows the keyword argument `{name}`"),
                    ));
                }
                args.positional.push(self.expr()?);
            }
            if !self.eat(",") {
                break;
            }
        }
        self.expect(")", "to close the call")?;
        Ok(args)
    }

    /// The entries of `x[...]` after `[`.
    fn index(&mut self) -> Result<Vec<Index>, ParseError> {
        let mut items = Vec::new();
        loop {
            let start = if self.at(":") { None } else { Some(self.expr()?) };
            if self.eat(":") {
                let ends = |p: &Self| p.at(",") || p.at("]");
                let stop = if ends(self) || self.at(":") { None } else { Some(self.expr()?) };
                let step = if self.eat(":") && !ends(self) { Some(self.expr()?) } else { None };
                items.push(Index::Slice { start: bound(start)?, stop: bound(stop)?, step: bound(step)? });
            } else {
                let v = start.expect("an entry without `:` has a value");
                items.push(match v.val {
                    Val::None => Index::NewAxis,
                    _ => Index::Int(calls::int(&v)?),
                });
            }
            if !self.eat(",") || self.at("]") {
                break;
            }
        }
        self.expect("]", "to close the index")?;
        Ok(items)
    }

    fn call(&mut self, callee: Spanned, args: calls::Args, paren: usize) -> Result<Spanned, ParseError> {
        let col = callee.col;
        let val = match callee.val {
            Val::Module { written, path } => calls::function(self, &written, &path, args, col)?,
            Val::Method { array, name, at } => calls::method(&array, &name, args, at)?,
            other => return Err(ParseError::new(paren, format!("{} cannot be called", other.kind()))),
        };
        Ok(Spanned { val, col })
    }

    /// The seed of the next `random` call without `seed=`.
    fn next_random_seed(&mut self) -> u64 {
        self.random_calls += 1;
        self.random_calls - 1
    }
}

/// A slice bound: absent, `None`, or an integer.
fn bound(v: Option<Spanned>) -> Result<Option<isize>, ParseError> {
    match v {
        None => Ok(None),
        Some(Spanned { val: Val::None, .. }) => Ok(None),
        Some(v) => calls::int(&v).map(Some),
    }
}

/// `x.T`, `x.sum` (a method to call), `da.random`.
fn attribute(value: Spanned, name: String, col: usize) -> Result<Spanned, ParseError> {
    let val = match value.val {
        Val::Module { written, path } => {
            Val::Module { written: format!("{written}.{name}"), path: format!("{path}.{name}") }
        }
        Val::Array(a) if name == "T" => Val::Array(a.t()),
        Val::Array(array) if calls::METHODS.contains(&name.as_str()) => Val::Method { array, name, at: col },
        Val::Array(_) => {
            return Err(ParseError::new(
                col,
                format!("unknown array attribute `{name}`; expected T or one of {}", calls::METHODS.join(", ")),
            ))
        }
        other => return Err(ParseError::new(col, format!("{} has no attribute `{name}`", other.kind()))),
    };
    Ok(Spanned { val, col: value.col })
}

fn binary(op: BinaryOp, left: Spanned, right: Spanned, col: usize) -> Result<Spanned, ParseError> {
    let start = left.col;
    if let (Val::Num { value: x, int: xi }, Val::Num { value: y, int: yi }) = (&left.val, &right.val) {
        let int = *xi && *yi && op != BinaryOp::Div;
        return Ok(Spanned { val: Val::Num { value: op.apply(*x, *y), int }, col: start });
    }
    let operand = |s: Spanned| -> Result<Operand, ParseError> {
        match s.val {
            Val::Num { value, .. } => Ok(value.into()),
            Val::Array(a) => Ok(a.into()),
            other => Err(ParseError::new(s.col, format!("cannot use {} in arithmetic", other.kind()))),
        }
    };
    let array = Array::elemwise(op, operand(left)?, operand(right)?).map_err(|e| ParseError::array(col, e))?;
    Ok(Spanned { val: Val::Array(array), col: start })
}

fn matmul(left: Spanned, right: Spanned, col: usize) -> Result<Spanned, ParseError> {
    match (&left.val, &right.val) {
        (Val::Array(a), Val::Array(b)) => {
            let val = Val::Array(a.matmul(b).map_err(|e| ParseError::array(col, e))?);
            Ok(Spanned { val, col: left.col })
        }
        (l, r) => Err(ParseError::new(col, format!("`@` needs two arrays, got {} and {}", l.kind(), r.kind()))),
    }
}

#[cfg(test)]
mod tests;
