//! A scenario carried in a link: its TOML text deflated and written in base64url (no
//! padding), the `scenario=` part of the page's URL fragment, and back.
//!
//! Pure text in, text out; does not parse the scenario (loading it does) and knows nothing of
//! the page.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The longest scenario text a link carries: links past a few tens of kilobytes are cut by
/// browsers, mail and chat programs.
pub const MAX_TEXT: usize = 64 * 1024;
/// The longest `scenario=` part accepted, so a hostile link cannot make the page inflate
/// without end.
pub const MAX_LINK: usize = 64 * 1024;

/// The link form of a scenario's text.
pub fn encode(text: &str) -> Result<String, String> {
    if text.len() > MAX_TEXT {
        return Err(format!(
            "this scenario is too long to share in a link: {} bytes, at most {MAX_TEXT}; share the file instead",
            text.len()
        ));
    }
    Ok(URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9)))
}

/// The scenario's text back from a link's `scenario=` part.
pub fn decode(data: &str) -> Result<String, String> {
    let broken = |why: String| format!("the scenario in this link cannot be read: {why}; ask for the link again");
    if data.len() > MAX_LINK {
        return Err(broken(format!("it is {} characters long, at most {MAX_LINK}", data.len())));
    }
    let bytes = URL_SAFE_NO_PAD.decode(data.trim()).map_err(|e| broken(format!("it is not base64url ({e})")))?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_TEXT)
        .map_err(|e| broken(format!("it is not deflated text or longer than {MAX_TEXT} bytes ({e})")))?;
    String::from_utf8(text).map_err(|e| broken(format!("it is not UTF-8 text ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = "[meta]\nid = \"mine\"\ntitle = \"Two workers, one slow link\"\n\n[cluster]\nworkers = 2\n";

    #[test]
    fn a_scenario_survives_the_trip_through_a_link() {
        let data = encode(SCENARIO).unwrap();
        assert!(data.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{data} is not safe in a URL");
        assert_eq!(decode(&data).unwrap(), SCENARIO);
    }

    #[test]
    fn a_corrupt_link_says_it_cannot_be_read() {
        let err = decode("not*base64").unwrap_err();
        assert!(err.starts_with("the scenario in this link cannot be read: it is not base64url"), "{err}");
        // Valid base64url of bytes that are not deflate data.
        let err = decode(&URL_SAFE_NO_PAD.encode(b"\xff\xfe\xfd plain bytes")).unwrap_err();
        assert!(err.contains("it is not deflated text"), "{err}");
        // A link cut short loses the end of the deflate stream.
        let data = encode(SCENARIO).unwrap();
        assert!(decode(&data[..data.len() / 2]).is_err());
    }

    #[test]
    fn a_text_too_long_for_a_link_is_refused_with_its_size() {
        let long = "#".repeat(MAX_TEXT + 1);
        let err = encode(&long).unwrap_err();
        assert!(err.contains(&format!("{} bytes, at most {MAX_TEXT}", MAX_TEXT + 1)), "{err}");
        // A link carrying more than the limit once inflated is refused too.
        let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(long.as_bytes(), 9));
        assert!(decode(&bomb).unwrap_err().contains("longer than"));
    }
}
