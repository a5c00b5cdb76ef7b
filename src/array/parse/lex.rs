//! Tokens of the lecture-code subset: numbers, names, strings, and Python's punctuation, each
//! with the column (1-based, in characters) where it starts.
//!
//! Knows nothing of what the tokens mean.

use super::ParseError;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    /// A number, and whether it was written as an integer.
    Num(f64, bool),
    Name(String),
    Str(String),
    /// One of `( ) [ ] { } , : . + - * / @ ** =`.
    Sym(&'static str),
    End,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub tok: Tok,
    pub col: usize,
}

const SYMBOLS: [&str; 16] = ["**", "(", ")", "[", "]", "{", "}", ",", ":", ".", "+", "-", "*", "/", "@", "="];

pub(super) fn lex(src: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_') {
                // An exponent's sign belongs to the number: 1e-3.
                if matches!(chars[i], 'e' | 'E') && matches!(chars.get(i + 1), Some('+' | '-')) {
                    i += 1;
                }
                i += 1;
            }
            let text: String = chars[start..i].iter().filter(|&&c| c != '_').collect();
            let value: f64 = text.parse().map_err(|_| ParseError::new(col, format!("`{text}` is not a number")))?;
            let integer = text.chars().all(|c| c.is_ascii_digit());
            out.push(Token { tok: Tok::Num(value, integer), col });
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token { tok: Tok::Name(chars[start..i].iter().collect()), col });
        } else if c == '\'' || c == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&d| d == c)
                .ok_or_else(|| ParseError::new(col, "this string is never closed".to_string()))?;
            out.push(Token { tok: Tok::Str(chars[i + 1..i + 1 + end].iter().collect()), col });
            i += end + 2;
        } else if let Some(sym) = SYMBOLS.iter().find(|s| chars[i..].iter().take(2).collect::<String>().starts_with(*s))
        {
            out.push(Token { tok: Tok::Sym(sym), col });
            i += sym.len();
        } else {
            return Err(ParseError::new(col, format!("unexpected character `{c}`")));
        }
    }
    out.push(Token { tok: Tok::End, col: chars.len() + 1 });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn numbers_names_and_symbols_come_apart() {
        assert_eq!(
            toks("x**2 + 1.5e-1"),
            vec![
                Tok::Name("x".into()),
                Tok::Sym("**"),
                Tok::Num(2.0, true),
                Tok::Sym("+"),
                Tok::Num(0.15, false),
                Tok::End
            ]
        );
        assert_eq!(toks("10_000"), vec![Tok::Num(10000.0, true), Tok::End]);
        assert_eq!(toks("'auto'"), vec![Tok::Str("auto".into()), Tok::End]);
    }

    #[test]
    fn columns_count_characters_from_one() {
        let cols: Vec<usize> = lex("da.ones((8,))").unwrap().iter().map(|t| t.col).collect();
        assert_eq!(cols, vec![1, 3, 4, 8, 9, 10, 11, 12, 13, 14]);
    }

    #[test]
    fn a_stray_character_is_named_with_its_column() {
        assert_eq!(lex("x $ y").unwrap_err().to_string(), "column 3: unexpected character `$`");
        assert_eq!(lex("'auto").unwrap_err().to_string(), "column 1: this string is never closed");
    }
}
