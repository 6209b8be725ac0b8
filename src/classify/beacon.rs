//! Image bytes and element attributes in, "is this a tracking pixel?" out. Reads
//! pixel dimensions straight from GIF, PNG, WebP and JPEG headers (no decoding).
#![deny(clippy::string_slice)]

/// Largest width/height that counts as a tracking pixel.
pub const PIXEL_MAX: u32 = 2;

/// Width and height from the header bytes of a GIF, PNG, WebP, BMP or JPEG image.
pub fn image_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let u16le = |i: usize| {
        b.get(i..i + 2)
            .map(|s| u32::from(u16::from_le_bytes([s[0], s[1]])))
    };
    let u16be = |i: usize| {
        b.get(i..i + 2)
            .map(|s| u32::from(u16::from_be_bytes([s[0], s[1]])))
    };
    let u32be = |i: usize| {
        b.get(i..i + 4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    };
    let u24le = |i: usize| {
        b.get(i..i + 3)
            .map(|s| u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
    };
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Some((u16le(6)?, u16le(8)?));
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.get(12..16) == Some(b"IHDR") {
        return Some((u32be(16)?, u32be(20)?));
    }
    if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        return match b.get(12..16)? {
            b"VP8X" => Some((u24le(24)? + 1, u24le(27)? + 1)),
            b"VP8 " => Some((u16le(26)? & 0x3fff, u16le(28)? & 0x3fff)),
            b"VP8L" => {
                let bits = b.get(21..25)?;
                let v = u32::from_le_bytes([bits[0], bits[1], bits[2], bits[3]]);
                Some(((v & 0x3fff) + 1, ((v >> 14) & 0x3fff) + 1))
            }
            _ => None,
        };
    }
    if b.starts_with(b"BM") {
        let w = b.get(18..22)?;
        let h = b.get(22..26)?;
        let w = i32::from_le_bytes([w[0], w[1], w[2], w[3]]).unsigned_abs();
        let h = i32::from_le_bytes([h[0], h[1], h[2], h[3]]).unsigned_abs();
        return Some((w, h));
    }
    if b.starts_with(&[0xff, 0xd8]) {
        // Walk JPEG segments up to a start-of-frame marker.
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xff {
                i += 1;
                continue;
            }
            let marker = b[i + 1];
            if marker == 0xff {
                i += 1;
                continue;
            }
            let is_sof = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
            if is_sof {
                return Some((u16be(i + 7)?, u16be(i + 5)?));
            }
            if matches!(marker, 0xd0..=0xd9 | 0x01) {
                i += 2;
                continue;
            }
            let len = u16be(i + 2)? as usize;
            i += 2 + len;
        }
        return None;
    }
    None
}

/// Whether decoded image dimensions make a tracking pixel.
pub fn is_pixel(dims: (u32, u32)) -> bool {
    dims.0 <= PIXEL_MAX && dims.1 <= PIXEL_MAX
}

/// Whether an `<img>`'s attributes declare a pixel or a hidden image:
/// `width`/`height` ≤ 2, or a `style` with `display:none` / `visibility:hidden`,
/// or the `hidden` attribute.
pub fn declared_pixel(
    width: Option<&str>,
    height: Option<&str>,
    style: Option<&str>,
    hidden: bool,
) -> bool {
    let small = |v: Option<&str>| {
        v.and_then(|s| s.trim().trim_end_matches("px").trim().parse::<f64>().ok())
            .is_some_and(|n| n <= f64::from(PIXEL_MAX))
    };
    if hidden {
        return true;
    }
    if small(width) && small(height) {
        return true;
    }
    if let Some(style) = style {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
        let dim = |prop: &str| {
            s.split(';').find_map(|decl| {
                decl.strip_prefix(prop)
                    .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
            })
        };
        if let (Some(w), Some(h)) = (dim("width:"), dim("height:")) {
            if w <= f64::from(PIXEL_MAX) && h <= f64::from(PIXEL_MAX) {
                return true;
            }
        }
    }
    false
}

/// A transparent 1×1 GIF, as trackers serve it (used by the demo web and tests).
pub const PIXEL_GIF: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gif_png_webp_jpeg_headers() {
        assert_eq!(image_dimensions(PIXEL_GIF), Some((1, 1)));
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        assert_eq!(image_dimensions(&png), Some((640, 2)));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
        webp.extend_from_slice(&[0, 0, 0, 1, 0, 0]); // width-1 = 0, height-1 = 1
        assert_eq!(image_dimensions(&webp), Some((1, 2)));
        // SOI, APP0 (len 16), SOF0 with height 2 width 1.
        let mut jpg = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10];
        jpg.extend_from_slice(&[0; 14]);
        jpg.extend_from_slice(&[0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x01, 0x03]);
        assert_eq!(image_dimensions(&jpg), Some((1, 2)));
        assert_eq!(image_dimensions(b"<html>"), None);
        assert_eq!(image_dimensions(b"GIF8"), None);
    }

    #[test]
    fn declared_pixels() {
        assert!(declared_pixel(Some("1"), Some("1"), None, false));
        assert!(declared_pixel(Some("0px"), Some("0"), None, false));
        assert!(!declared_pixel(Some("1"), Some("300"), None, false));
        assert!(declared_pixel(None, None, Some("DISPLAY: none"), false));
        assert!(declared_pixel(
            None,
            None,
            Some("width:1px;height:1px"),
            false
        ));
        assert!(declared_pixel(None, None, None, true));
        assert!(!declared_pixel(None, None, Some("color:red"), false));
    }
}
