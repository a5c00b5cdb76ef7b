//! The parser reads lecture code into the same arrays the API builds, and points at the
//! column of every mistake.

use super::{parse, ParseError};
use crate::array::{Array, ChunkSpec, Reduction};
use proptest::prelude::*;

fn err(src: &str) -> String {
    match parse(src) {
        Ok(a) => panic!("{src} parsed as {a:?}"),
        Err(e) => e.to_string(),
    }
}

/// The 1-based column of the first occurrence of `needle` in `src`.
fn col(src: &str, needle: &str) -> usize {
    src.find(needle).expect("needle in source") + 1
}

#[test]
fn lecture_code_builds_the_same_arrays_as_the_api() {
    let ones = Array::ones(&[8, 8], &ChunkSpec::from([4, 4])).unwrap();
    let expected = ones.add(Array::ones(&[8, 8], &4.into()).unwrap().t()).unwrap().sum(Some(0)).unwrap();
    let parsed = parse("(da.ones((8, 8), chunks=(4, 4)) + da.ones((8, 8), chunks=4).T).sum(axis=0)").unwrap();
    assert_eq!(parsed.name(), expected.name());
    let parsed = parse("np.ones((8, 8), chunks=(4, 4)).mean(axis=1, split_every=2).compute()").unwrap();
    let expected = ones.reduce(Reduction::Mean, Some(&[1]), Some(2)).unwrap();
    assert_eq!(parsed.name(), expected.name());
}

#[test]
fn the_lecture_forms_all_parse() {
    for src in [
        "da.ones((8, 8), chunks=(4, 4))",
        "da.outer(da.from_array([2, 4], chunks=1), da.from_array([3, 1], chunks=1))",
        "da.random.random((10000, 10000), chunks=(1000, 1000))",
        "da.ones((8, 8), chunks=4) @ da.zeros((8, 8), chunks=4)",
        "da.ones((8, 8), chunks=4).rechunk((4, 2))",
        "da.ones((8, 8), chunks=4)[2:6, :]",
        "da.ones((8, 8), chunks=4)[-2:, 3]",
        "da.arange(10, chunks=3)[:, None] * da.arange(4)[None, :]",
        "da.full((3, 3), 2.5, chunks=2) ** 2 - 1 / da.ones(3)",
        "da.ones((6, 4), chunks=2).rechunk({0: None, -1: -1}).reshape(3, 8)",
        "da.ones((6, 4), chunks=(2, 'auto')).transpose(1, 0).max()",
        "da.sum(da.ones(5), axis=0) + da.min(da.ones((2, 2)), axis=(0, 1))",
    ] {
        if let Err(e) = parse(src) {
            panic!("{src}: {e}");
        }
    }
}

#[test]
fn an_unknown_function_is_named_with_the_choices() {
    let src = "(da.ones((8, 8), chunks=4) + da.onez((8, 8)))";
    let e = parse(src).unwrap_err();
    assert_eq!(e.column, col(src, "da.onez"));
    assert!(e.message.starts_with("unknown function `da.onez`; expected one of da.ones, da.zeros, da.full"), "{e}");
    assert!(err("np.random.randn(3)").contains("expected one of np.ones"), "the alias is kept in the message");
}

#[test]
fn a_shape_error_points_at_the_operator_and_names_both_shapes() {
    let src = "da.ones((8, 8), chunks=4) + da.ones(4, chunks=2)";
    assert_eq!(
        parse(src).unwrap_err(),
        ParseError {
            column: col(src, "+"),
            message: "operands could not be broadcast together with shapes (8, 8) (4,)".to_string()
        }
    );
    let src = "da.ones((8, 3)) @ da.ones((4, 2))";
    assert_eq!(parse(src).unwrap_err().column, col(src, "@"));
}

#[test]
fn argument_mistakes_point_at_the_argument() {
    let src = "da.ones((8, 8), chunk=4)";
    assert_eq!(
        err(src),
        format!("column {}: `da.ones` got an unexpected keyword `chunk`; expected one of shape, chunks", col(src, "4"))
    );
    let src = "da.ones((8, 8), chunks=4).sum(axis=2)";
    assert_eq!(err(src), format!("column {}: axis 2 is out of bounds for an array of dimension 2", col(src, "sum")));
    let src = "da.ones((8, 8), chunks=4.5)";
    assert!(err(src).starts_with(&format!("column {}: expected chunks", col(src, "4.5"))));
    assert_eq!(err("da.ones()"), "column 1: `da.ones` needs the argument `shape`");
    let src = "da.ones((2, 2))[0:2:2]";
    assert!(err(src).contains("step other than 1"), "{}", err(src));
}

#[test]
fn syntax_mistakes_say_what_was_expected() {
    assert_eq!(err("da.ones((8, 8)"), "column 15: expected `)` to close the call, found the end of the expression");
    assert_eq!(err("da.ones(8) +"), "column 13: expected a value, found the end of the expression");
    assert_eq!(err("da.ones(8) da.ones(8)"), "column 12: expected the end of the expression, found `da`");
    assert_eq!(err("x + 1"), "column 1: unknown name `x`; expected one of da, np");
    assert_eq!(err("1 + 2"), "column 1: the expression is a number, not an array");
    assert_eq!(err("da.ones(8).sum"), "column 1: the expression is a method (call it with `()`), not an array");
    assert!(err("da.ones(8).cumsum()").starts_with("column 12: unknown array attribute `cumsum`"));
}

#[test]
fn a_reshape_that_would_move_data_says_which_rechunk_helps() {
    let src = "da.ones((8, 8), chunks=4).reshape(64)";
    assert!(err(src).contains("rechunk first, e.g. x.rechunk((4, -1))"), "{}", err(src));
    assert!(parse("da.ones((8, 8), chunks=4).rechunk((4, -1)).reshape(64)").is_ok());
}

#[test]
fn numbers_fold_before_they_meet_arrays() {
    let a = parse("da.ones(4, chunks=2) * (2 * 3 - 1)").unwrap();
    let b = parse("da.ones(4, chunks=2) * 5").unwrap();
    assert_eq!(a.name(), b.name());
    assert_eq!(parse("-da.arange(3) ** 2").unwrap().compute().unwrap(), ndarray::array![-0.0, -1.0, -4.0].into_dyn());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the text, the parser answers with an array or an error, never a panic.
    #[test]
    fn arbitrary_text_never_panics(words in proptest::collection::vec(prop_oneof![
        Just("da."), Just("np."), Just("ones"), Just("random.random"), Just("outer"), Just("("), Just(")"),
        Just("["), Just("]"), Just("{"), Just("}"), Just(","), Just(":"), Just("None"), Just("-1"), Just("0"),
        Just("3"), Just("2.5"), Just("+"), Just("*"), Just("@"), Just("**"), Just("."), Just("T"), Just("sum"),
        Just("chunks="), Just("axis="), Just("'auto'"), Just("rechunk"), Just("reshape"), Just("(4, 4)"),
        Just("da.ones((4, 4), chunks=2)"), Just("from_array"), Just("[1, 2]"), Just("mean"),
    ], 0..14)) {
        let src = words.concat();
        let _ = parse(&src);
    }
}
