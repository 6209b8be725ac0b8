//! A string and a byte budget in, the longest prefix within the budget that ends
//! on a char boundary out: the one way hostile text is cut to size.
#![deny(clippy::string_slice)]

/// The longest prefix of `s` of at most `max` bytes that ends on a char
/// boundary (empty when `max` falls inside the first char).
pub fn head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let end = (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    s.get(..end).unwrap_or_default()
}

/// [`head`] as an owned string, for hostile input kept in a row or message.
pub fn bounded(s: &str, max: usize) -> String {
    head(s, max).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_char_boundaries() {
        assert_eq!(head("abc", 5), "abc");
        assert_eq!(head("abc", 2), "ab");
        assert_eq!(head("", 0), "");
        // "é" is two bytes, "€" three.
        assert_eq!(head("aé", 2), "a");
        assert_eq!(head("€€", 5), "€");
        assert_eq!(head("€", 2), "");
        assert_eq!(head("€", 0), "");
        assert_eq!(bounded("ü🙂x", 5), "ü");
        for max in 0..12 {
            let h = head("aé€🙂b", max);
            assert!(h.len() <= max && "aé€🙂b".starts_with(h));
        }
    }
}
