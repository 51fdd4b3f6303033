//! Tracked links: reading UTM parameters out of a deliverable's URL.
//!
//! Handles percent-encoding, `+` for space, fragments, and single-page-app routes that
//! carry their query after the fragment (`https://x.example/#!/glow?utm_source=…`).

/// The UTM parameters a link must carry to be counted as tagged.
pub const REQUIRED_UTM: [&str; 3] = ["utm_source", "utm_medium", "utm_campaign"];

/// The decoded query parameters of `url`, in order.
pub fn query_params(url: &str) -> Vec<(String, String)> {
    let url = url.trim();
    let (before_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let mut params = Vec::new();
    for query in [
        before_fragment.split_once('?').map(|(_, q)| q),
        fragment.split_once('?').map(|(_, q)| q),
    ]
    .into_iter()
    .flatten()
    {
        for pair in query.split(['&', ';']).filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            params.push((decode(key).to_ascii_lowercase(), decode(value)));
        }
    }
    params
}

/// The first value of parameter `name`, when present and not blank.
pub fn param(url: &str, name: &str) -> Option<String> {
    query_params(url)
        .into_iter()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v)
}

/// Whether `url` carries every parameter of [`REQUIRED_UTM`] with a value.
pub fn is_tagged(url: &str) -> bool {
    let params = query_params(url);
    REQUIRED_UTM.iter().all(|name| {
        params
            .iter()
            .any(|(k, v)| k == name && !v.trim().is_empty())
    })
}

/// Percent-decodes `text`, with `+` as a space; invalid escapes stay as written.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_encoded_and_routed_queries() {
        let url = "https://lumen.example/glow?utm_source=instagram&utm_medium=influencer&utm_campaign=spring%2Dglow-2026#top";
        assert_eq!(
            param(url, "utm_campaign").as_deref(),
            Some("spring-glow-2026")
        );
        assert!(is_tagged(url));
        let routed =
            "https://shop.example/#!/glow?UTM_SOURCE=tiktok&utm_medium=creator&utm_campaign=x+y";
        assert_eq!(param(routed, "utm_campaign").as_deref(), Some("x y"));
        assert!(is_tagged(routed));
    }

    #[test]
    fn missing_or_blank_parameters_are_untagged() {
        assert!(!is_tagged(
            "https://lumen.example/glow?utm_source=ig&utm_medium=influencer"
        ));
        assert!(!is_tagged(
            "https://lumen.example/glow?utm_source=ig&utm_medium=x&utm_campaign="
        ));
        assert!(!is_tagged("https://lumen.example/glow"));
        assert!(!is_tagged(
            "https://lumen.example/glow#utm_source=a&utm_medium=b&utm_campaign=c"
        ));
    }

    #[test]
    fn bad_escapes_do_not_panic() {
        assert_eq!(
            param("https://x/?a=%&b=%z1&c=%4", "a").as_deref(),
            Some("%")
        );
        assert_eq!(
            param("https://x/?a=%&b=%z1&c=%4", "c").as_deref(),
            Some("%4")
        );
    }
}
