//! A parser for one line of client code as the lectures write it:
//!
//! ```text
//! x = client.submit(inc, 9)          futures = client.map(slowinc, range(40), delay=0.5)
//! client.submit(lambda a: a.shape, d).result()          del x          time.sleep(2)
//! ```
//!
//! Python's expression grammar cut down to names, numbers, strings, tuples, lists, calls
//! with keyword arguments, attributes and one-parameter lambdas. Errors carry the column
//! (1-based, in characters). Knows nothing of clients, graphs or values.

/// A parsed expression with the column where it starts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Expr {
    pub col: usize,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    Num(f64),
    Str(String),
    Name(String),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Attr(Box<Expr>, String),
    Call { callee: Box<Expr>, args: Vec<Expr>, kwargs: Vec<(String, Expr)> },
    Lambda { param: String, body: Box<Expr> },
}

/// One line of the program.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stmt {
    Assign { name: String, value: Expr },
    Expr(Expr),
    Del(Vec<(String, usize)>),
    Blank,
}

/// A problem at a column (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub column: usize,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Num(f64),
    Str(String),
    Punct(char),
    End,
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, SyntaxError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c == '#' {
            break;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let s: String = chars[i..].iter().take_while(|c| c.is_alphanumeric() || **c == '_').collect();
            i += s.chars().count();
            out.push((Tok::Name(s), col));
        } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == '_' || chars[i] == 'e'
                || ((chars[i] == '-' || chars[i] == '+') && s.ends_with('e')))
            {
                if chars[i] != '_' {
                    s.push(chars[i]);
                }
                i += 1;
            }
            let v: f64 = s.parse().map_err(|_| SyntaxError { column: col, message: format!("`{s}` is not a number") })?;
            out.push((Tok::Num(v), col));
        } else if c == '\'' || c == '"' {
            let end = chars[i + 1..].iter().position(|&d| d == c).ok_or(SyntaxError {
                column: col,
                message: "this string is never closed".into(),
            })?;
            out.push((Tok::Str(chars[i + 1..i + 1 + end].iter().collect()), col));
            i += end + 2;
        } else if "()[],=.:-".contains(c) {
            out.push((Tok::Punct(c), col));
            i += 1;
        } else {
            return Err(SyntaxError { column: col, message: format!("unexpected character `{c}`") });
        }
    }
    out.push((Tok::End, chars.len() + 1));
    Ok(out)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("`{n}`"),
        Tok::Num(x) => format!("the number {x}"),
        Tok::Str(s) => format!("the string {s:?}"),
        Tok::Punct(c) => format!("`{c}`"),
        Tok::End => "the end of the line".into(),
    }
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
}

/// Parses one line.
pub(crate) fn parse_line(src: &str) -> Result<Stmt, SyntaxError> {
    let toks = lex(src)?;
    let mut p = Parser { toks, pos: 0 };
    let stmt = match (p.peek().clone(), p.toks.get(1).map(|t| t.0.clone())) {
        (Tok::End, _) => return Ok(Stmt::Blank),
        (Tok::Name(d), Some(Tok::Name(_))) if d == "del" => {
            p.pos += 1;
            let mut names = Vec::new();
            loop {
                let col = p.col();
                match p.next() {
                    Tok::Name(n) => names.push((n, col)),
                    other => return Err(p.error(col, format!("expected a name to delete, found {}", describe(&other)))),
                }
                if !p.eat(',') {
                    break;
                }
            }
            Stmt::Del(names)
        }
        (Tok::Name(name), Some(Tok::Punct('='))) => {
            p.pos += 2;
            Stmt::Assign { name, value: p.expr()? }
        }
        _ => Stmt::Expr(p.expr()?),
    };
    if *p.peek() != Tok::End {
        return Err(p.error(p.col(), format!("expected the end of the line, found {}", describe(p.peek()))));
    }
    Ok(stmt)
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }
    fn col(&self) -> usize {
        self.toks[self.pos].1
    }
    fn next(&mut self) -> Tok {
        let t = self.toks[self.pos].0.clone();
        if t != Tok::End {
            self.pos += 1;
        }
        t
    }
    fn eat(&mut self, c: char) -> bool {
        if *self.peek() == Tok::Punct(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn error(&self, column: usize, message: String) -> SyntaxError {
        SyntaxError { column, message }
    }
    fn expect(&mut self, c: char) -> Result<(), SyntaxError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(self.col(), format!("expected `{c}`, found {}", describe(self.peek()))))
        }
    }

    fn expr(&mut self) -> Result<Expr, SyntaxError> {
        let col = self.col();
        if *self.peek() == Tok::Name("lambda".into()) {
            self.pos += 1;
            let pcol = self.col();
            let Tok::Name(param) = self.next() else {
                return Err(self.error(pcol, "a lambda here takes one parameter, like `lambda a: a.shape`".into()));
            };
            self.expect(':')?;
            let body = self.expr()?;
            return Ok(Expr { col, kind: Kind::Lambda { param, body: Box::new(body) } });
        }
        let mut e = self.atom()?;
        loop {
            if self.eat('.') {
                let ncol = self.col();
                match self.next() {
                    Tok::Name(n) => e = Expr { col, kind: Kind::Attr(Box::new(e), n) },
                    other => return Err(self.error(ncol, format!("expected a name after `.`, found {}", describe(&other)))),
                }
            } else if self.eat('(') {
                let (args, kwargs) = self.arguments()?;
                e = Expr { col, kind: Kind::Call { callee: Box::new(e), args, kwargs } };
            } else {
                return Ok(e);
            }
        }
    }

    fn arguments(&mut self) -> Result<(Vec<Expr>, Vec<(String, Expr)>), SyntaxError> {
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        while !self.eat(')') {
            let col = self.col();
            if let (Tok::Name(n), Some(Tok::Punct('='))) = (self.peek().clone(), self.toks.get(self.pos + 1).map(|t| t.0.clone())) {
                self.pos += 2;
                kwargs.push((n, self.expr()?));
            } else if !kwargs.is_empty() {
                return Err(self.error(col, "a positional argument cannot follow a keyword argument".into()));
            } else {
                args.push(self.expr()?);
            }
            if !self.eat(',') {
                self.expect(')')?;
                break;
            }
        }
        Ok((args, kwargs))
    }

    fn atom(&mut self) -> Result<Expr, SyntaxError> {
        let col = self.col();
        let kind = match self.next() {
            Tok::Num(x) => Kind::Num(x),
            Tok::Punct('-') => match self.next() {
                Tok::Num(x) => Kind::Num(-x),
                other => return Err(self.error(col + 1, format!("expected a number after `-`, found {}", describe(&other)))),
            },
            Tok::Str(s) => Kind::Str(s),
            Tok::Name(n) => Kind::Name(n),
            Tok::Punct('(') => {
                let items = self.items(')')?;
                if items.1 || items.0.is_empty() {
                    Kind::Tuple(items.0)
                } else {
                    return Ok(items.0.into_iter().next().expect("one item"));
                }
            }
            Tok::Punct('[') => Kind::List(self.items(']')?.0),
            other => return Err(self.error(col, format!("expected a value, found {}", describe(&other)))),
        };
        Ok(Expr { col, kind })
    }

    /// Items up to `close`; also whether a comma was seen (so `(3,)` is a tuple).
    fn items(&mut self, close: char) -> Result<(Vec<Expr>, bool), SyntaxError> {
        let mut items = Vec::new();
        let mut comma = false;
        while !self.eat(close) {
            items.push(self.expr()?);
            if self.eat(',') {
                comma = true;
            } else {
                self.expect(close)?;
                break;
            }
        }
        Ok((items, comma))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submit_line_is_an_assignment_of_a_call() {
        let Stmt::Assign { name, value } = parse_line("x = client.submit(inc, 9, pure=False)").unwrap() else { panic!() };
        assert_eq!(name, "x");
        let Kind::Call { args, kwargs, .. } = value.kind else { panic!() };
        assert_eq!(args.len(), 2);
        assert_eq!(kwargs[0].0, "pure");
    }

    #[test]
    fn errors_point_at_the_column() {
        let e = parse_line("x = client.submit(inc 9)").unwrap_err();
        assert_eq!(e.column, 23, "{e:?}");
        assert!(e.message.contains("expected `)`"), "{e:?}");
        assert_eq!(parse_line("x = $").unwrap_err().column, 5);
    }

    #[test]
    fn tuples_lambdas_and_attributes_parse() {
        assert!(matches!(parse_line("(10000, 10000)").unwrap(), Stmt::Expr(Expr { kind: Kind::Tuple(v), .. }) if v.len() == 2));
        assert!(matches!(parse_line("lambda a: a.shape").unwrap(), Stmt::Expr(Expr { kind: Kind::Lambda { .. }, .. })));
        assert!(matches!(parse_line("del x, y").unwrap(), Stmt::Del(v) if v.len() == 2));
        assert_eq!(parse_line("  # a comment").unwrap(), Stmt::Blank);
    }
}
