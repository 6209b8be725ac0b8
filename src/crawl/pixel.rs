//! Image bytes and element attributes in, "is this a tracking pixel?" out. Reads
//! pixel dimensions straight from GIF, PNG, WebP, BMP and JPEG headers (no
//! decoding, `imagesize`).
#![deny(clippy::string_slice)]

/// Largest width/height that counts as a tracking pixel.
pub const PIXEL_MAX: u32 = 2;

/// Width and height from the header bytes of a GIF, PNG, WebP, BMP or JPEG
/// image (`imagesize`, built with only these formats, so no other format's
/// guesswork can call a page an image).
pub fn image_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let size = imagesize::blob_size(b).ok()?;
    let w = u32::try_from(size.width).ok()?;
    let h = u32::try_from(size.height).ok()?;
    if b.starts_with(b"BM") {
        // A top-down BMP stores its height negated; imagesize reads it unsigned.
        return Some((w, (h as i32).unsigned_abs()));
    }
    Some((w, h))
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
        // Top-down BMP (negative height) 1x1.
        let mut bmp = b"BM".to_vec();
        bmp.extend_from_slice(&[0; 16]);
        bmp.extend_from_slice(&1i32.to_le_bytes());
        bmp.extend_from_slice(&(-1i32).to_le_bytes());
        bmp.extend_from_slice(&[0; 8]);
        assert_eq!(image_dimensions(&bmp).map(is_pixel), Some(true));
        // VP8L 1x1 (14-bit width-1 and height-1 after the signature byte).
        let mut vp8l = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f".to_vec();
        vp8l.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        assert_eq!(image_dimensions(&vp8l), Some((1, 1)));
    }

    #[test]
    fn hostile_headers_never_panic_or_hang() {
        // Truncations of every header, and JPEG segments with lengths 0, 1 and
        // past the end.
        let mut jpg = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10];
        jpg.extend_from_slice(&[0; 14]);
        jpg.extend_from_slice(&[0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x01, 0x03]);
        for img in [PIXEL_GIF, &jpg[..]] {
            for cut in 0..img.len() {
                let _ = image_dimensions(&img[..cut]);
            }
        }
        for len in [[0u8, 0], [0, 1], [0xff, 0xff]] {
            let mut j = vec![0xff, 0xd8, 0xff, 0xe0, len[0], len[1]];
            j.extend_from_slice(&[0xff; 64]);
            assert_eq!(image_dimensions(&j), None);
        }
        assert_eq!(image_dimensions(&[0xffu8; 4096]), None);
        // Formats left out of the build are not images here.
        assert_eq!(image_dimensions(b"P6\n1 1\n255\n\0\0\0"), None);
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
