//! A TC string (IAB TCF v2) in, its decoded core segment out: who wrote it and
//! when, the purposes and vendors with consent or legitimate interest, the
//! publisher restrictions. The string comes from a site's CMP, so it is hostile
//! input: its length is bounded, every read is checked against the bits
//! present, and vendor ranges are merged (never expanded entry by entry), so a
//! malformed string is an error and never a panic or a large allocation.

use base64::Engine as _;
use time::OffsetDateTime;

/// Longest TC string accepted (characters). A full bitfield for 65 535
/// vendors, twice, is about 22 000 characters.
pub const MAX_TC_STRING: usize = 64 * 1024;
/// Most publisher restrictions read (the field allows 4095).
const MAX_RESTRICTIONS: usize = 4095;

/// The decoded core segment of a TC string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcString {
    /// Always 2 (version 1 has another layout and is refused).
    pub version: u8,
    /// When the string was first created (decisecond precision).
    pub created: OffsetDateTime,
    /// When it was last updated.
    pub last_updated: OffsetDateTime,
    /// The CMP's registered id.
    pub cmp_id: u16,
    /// The CMP's version.
    pub cmp_version: u16,
    /// The screen the consent was given on (CMP-specific).
    pub consent_screen: u8,
    /// Two upper-case letters, e.g. `EN`.
    pub consent_language: String,
    /// The Global Vendor List version the consents refer to.
    pub vendor_list_version: u16,
    /// The TCF policy version (4 for TCF v2.2).
    pub policy_version: u8,
    /// Consents apply to this service only.
    pub is_service_specific: bool,
    /// The CMP used non-standard texts.
    pub use_non_standard_texts: bool,
    /// Special features opted in (1-based ids).
    pub special_feature_opt_ins: Vec<u32>,
    /// Purposes with consent (1-based ids).
    pub purposes_consent: Vec<u32>,
    /// Purposes whose legitimate interest was disclosed (1-based ids).
    pub purposes_li: Vec<u32>,
    /// Purpose one was not disclosed (publisher country rules).
    pub purpose_one_treatment: bool,
    /// The publisher's country, two upper-case letters.
    pub publisher_cc: String,
    /// Vendors with consent (ascending ids).
    pub vendor_consents: Vec<u32>,
    /// Vendors with legitimate interest established (ascending ids).
    pub vendor_li: Vec<u32>,
    /// Publisher restrictions, in the order written.
    pub restrictions: Vec<PubRestriction>,
}

/// One publisher restriction: a purpose, its type, the vendors it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PubRestriction {
    /// The purpose (1-based id).
    pub purpose: u32,
    /// 0 not allowed, 1 consent required, 2 legitimate interest required.
    pub kind: u8,
    /// The vendors restricted (ascending ids).
    pub vendors: Vec<u32>,
}

fn bad(message: impl Into<String>) -> crate::Error {
    crate::Error::Data {
        name: "TC string".into(),
        message: message.into(),
    }
}

/// Reads bits most significant first; a read past the end is an error.
struct Bits<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn left(&self) -> usize {
        (self.bytes.len() * 8).saturating_sub(self.pos)
    }

    fn int(&mut self, n: usize, what: &str) -> crate::Result<u64> {
        debug_assert!(n <= 64);
        if n > self.left() {
            return Err(bad(format!(
                "{what}: needs {n} bits at bit {}, only {} left",
                self.pos,
                self.left()
            )));
        }
        let mut v = 0u64;
        for _ in 0..n {
            let byte = self.bytes.get(self.pos / 8).copied().unwrap_or(0);
            let bit = (byte >> (7 - self.pos % 8)) & 1;
            v = (v << 1) | u64::from(bit);
            self.pos += 1;
        }
        Ok(v)
    }

    fn flag(&mut self, what: &str) -> crate::Result<bool> {
        Ok(self.int(1, what)? == 1)
    }

    /// A fixed-length bitfield: the 1-based ids of the set bits.
    fn field(&mut self, n: usize, what: &str) -> crate::Result<Vec<u32>> {
        if n > self.left() {
            return Err(bad(format!(
                "{what}: a bitfield of {n} bits, only {} bits left",
                self.left()
            )));
        }
        let mut out = Vec::new();
        for i in 0..n {
            if self.flag(what)? {
                out.push(i as u32 + 1);
            }
        }
        Ok(out)
    }

    /// Two letters of 6 bits each (0 = `A`).
    fn letters(&mut self, what: &str) -> crate::Result<String> {
        let mut s = String::new();
        for _ in 0..2 {
            let v = self.int(6, what)?;
            if v > 25 {
                return Err(bad(format!("{what}: {v} is not a letter")));
            }
            s.push(char::from(b'A' + v as u8));
        }
        Ok(s)
    }

    fn time(&mut self, what: &str) -> crate::Result<OffsetDateTime> {
        let ds = self.int(36, what)?;
        // 36 bits of deciseconds end in the 22nd century: always in range.
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(ds) * 100_000_000)
            .map_err(|e| bad(format!("{what}: {e}")))
    }

    /// Range entries: `NumEntries` 12, then per entry IsARange 1,
    /// StartOrOnlyVendorId 16 and, for a range, EndVendorId 16. Ids must be
    /// 1..=`max` (when `max` is given) and a range's end not before its start.
    fn ranges(&mut self, max: Option<u32>, what: &str) -> crate::Result<Vec<u32>> {
        let n = self.int(12, what)? as usize;
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(n.min(self.left() / 17 + 1));
        for _ in 0..n {
            let is_range = self.flag(what)?;
            let start = self.int(16, what)? as u32;
            let end = if is_range {
                self.int(16, what)? as u32
            } else {
                start
            };
            if start == 0 {
                return Err(bad(format!("{what}: vendor id 0")));
            }
            if end < start {
                return Err(bad(format!("{what}: range {start}-{end} is reversed")));
            }
            if let Some(m) = max.filter(|m| end > *m) {
                return Err(bad(format!(
                    "{what}: vendor {end} is over the maximum vendor id {m}"
                )));
            }
            spans.push((start, end));
        }
        Ok(merge(spans))
    }

    /// A vendor section: MaxVendorId 16, IsRangeEncoding 1, then a bitfield
    /// of MaxVendorId bits or range entries.
    fn vendors(&mut self, what: &str) -> crate::Result<Vec<u32>> {
        let max = self.int(16, what)? as u32;
        if self.flag(what)? {
            self.ranges(Some(max), what)
        } else {
            self.field(max as usize, what)
        }
    }
}

/// Sorted, merged spans expanded to ascending ids (at most 65 535 of them).
fn merge(mut spans: Vec<(u32, u32)>) -> Vec<u32> {
    spans.sort_unstable();
    let mut out: Vec<u32> = Vec::new();
    let mut next = 0u32; // first id not yet emitted
    for (start, end) in spans {
        let from = start.max(next);
        if from <= end {
            out.extend(from..=end);
            next = end + 1;
        }
    }
    out
}

/// The base64url decoder: padding optional, trailing bits tolerated (some
/// CMPs leave them set).
const B64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes a TC string's core segment (the part before the first `.`; the
/// other segments are ignored).
pub fn decode(tc: &str) -> crate::Result<TcString> {
    let tc = tc.trim();
    if tc.is_empty() {
        return Err(bad("empty"));
    }
    if tc.len() > MAX_TC_STRING {
        return Err(bad(format!(
            "{} characters, more than the {MAX_TC_STRING} accepted",
            tc.len()
        )));
    }
    let core = tc.split('.').next().unwrap_or_default();
    let bytes = B64
        .decode(core.trim_end_matches('='))
        .map_err(|e| bad(format!("core segment is not base64url: {e}")))?;
    let mut b = Bits {
        bytes: &bytes,
        pos: 0,
    };
    let version = b.int(6, "Version")? as u8;
    if version != 2 {
        return Err(bad(format!("version {version}, only version 2 is read")));
    }
    let created = b.time("Created")?;
    let last_updated = b.time("LastUpdated")?;
    let cmp_id = b.int(12, "CmpId")? as u16;
    let cmp_version = b.int(12, "CmpVersion")? as u16;
    let consent_screen = b.int(6, "ConsentScreen")? as u8;
    let consent_language = b.letters("ConsentLanguage")?;
    let vendor_list_version = b.int(12, "VendorListVersion")? as u16;
    let policy_version = b.int(6, "TcfPolicyVersion")? as u8;
    let is_service_specific = b.flag("IsServiceSpecific")?;
    let use_non_standard_texts = b.flag("UseNonStandardTexts")?;
    let special_feature_opt_ins = b.field(12, "SpecialFeatureOptIns")?;
    let purposes_consent = b.field(24, "PurposesConsent")?;
    let purposes_li = b.field(24, "PurposesLITransparency")?;
    let purpose_one_treatment = b.flag("PurposeOneTreatment")?;
    let publisher_cc = b.letters("PublisherCC")?;
    let vendor_consents = b.vendors("Vendor Consent Section")?;
    let vendor_li = b.vendors("Vendor Legitimate Interest Section")?;
    // Publisher restrictions: present in every v2 string, but older CMPs end
    // the segment early; a missing count means none.
    let mut restrictions = Vec::new();
    if b.left() >= 12 {
        let n = b.int(12, "NumPubRestrictions")? as usize;
        for _ in 0..n.min(MAX_RESTRICTIONS) {
            let purpose = b.int(6, "PurposeId")? as u32;
            let kind = b.int(2, "RestrictionType")? as u8;
            let vendors = b.ranges(None, "publisher restriction")?;
            restrictions.push(PubRestriction {
                purpose,
                kind,
                vendors,
            });
        }
    }
    Ok(TcString {
        version,
        created,
        last_updated,
        cmp_id,
        cmp_version,
        consent_screen,
        consent_language,
        vendor_list_version,
        policy_version,
        is_service_specific,
        use_non_standard_texts,
        special_feature_opt_ins,
        purposes_consent,
        purposes_li,
        purpose_one_treatment,
        publisher_cc,
        vendor_consents,
        vendor_li,
        restrictions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes bits most significant first (the test's own encoder).
    #[derive(Default)]
    struct W {
        bits: Vec<bool>,
    }

    impl W {
        fn int(&mut self, v: u64, n: usize) -> &mut Self {
            for i in (0..n).rev() {
                self.bits.push(i < 64 && (v >> i) & 1 == 1);
            }
            self
        }
        fn ids(&mut self, ids: &[u32], n: usize) -> &mut Self {
            for i in 1..=n as u32 {
                self.bits.push(ids.contains(&i));
            }
            self
        }
        fn letters(&mut self, s: &str) -> &mut Self {
            for c in s.bytes() {
                self.int(u64::from(c - b'A'), 6);
            }
            self
        }
        fn finish(&self) -> String {
            let mut bytes = vec![0u8; self.bits.len().div_ceil(8)];
            for (i, b) in self.bits.iter().enumerate() {
                if *b {
                    bytes[i / 8] |= 0x80 >> (i % 8);
                }
            }
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        }
    }

    /// The core fields up to and including PublisherCC.
    fn head(purposes: &[u32]) -> W {
        let mut w = W::default();
        w.int(2, 6)
            .int(16_500_000_000, 36) // 2022-04-15T…
            .int(16_600_000_000, 36)
            .int(28, 12)
            .int(7, 12)
            .int(1, 6)
            .letters("EN")
            .int(150, 12)
            .int(4, 6)
            .int(0, 1)
            .int(0, 1)
            .ids(&[1], 12)
            .ids(purposes, 24)
            .ids(&[2, 7], 24)
            .int(0, 1)
            .letters("DE");
        w
    }

    #[test]
    fn bitfield_and_range_vendors() {
        let mut w = head(&[1, 3, 4, 10]);
        // Consents: bitfield of 12 vendors; LI: ranges {2}, {5..8}.
        w.int(12, 16).int(0, 1).ids(&[1, 7, 12], 12);
        w.int(8, 16).int(1, 1).int(2, 12);
        w.int(0, 1).int(2, 16);
        w.int(1, 1).int(5, 16).int(8, 16);
        w.int(0, 12);
        let t = decode(&w.finish()).unwrap();
        assert_eq!(t.version, 2);
        assert_eq!(t.created.unix_timestamp(), 1_650_000_000);
        assert_eq!(t.last_updated.unix_timestamp(), 1_660_000_000);
        assert_eq!((t.cmp_id, t.cmp_version, t.consent_screen), (28, 7, 1));
        assert_eq!(t.consent_language, "EN");
        assert_eq!((t.vendor_list_version, t.policy_version), (150, 4));
        assert_eq!(t.special_feature_opt_ins, vec![1]);
        assert_eq!(t.purposes_consent, vec![1, 3, 4, 10]);
        assert_eq!(t.purposes_li, vec![2, 7]);
        assert_eq!(t.publisher_cc, "DE");
        assert_eq!(t.vendor_consents, vec![1, 7, 12]);
        assert_eq!(t.vendor_li, vec![2, 5, 6, 7, 8]);
        assert!(t.restrictions.is_empty());
    }

    #[test]
    fn range_vendors_overlapping_and_restrictions() {
        let mut w = head(&[]);
        w.int(700, 16).int(1, 1).int(3, 12);
        w.int(1, 1).int(600, 16).int(700, 16);
        w.int(1, 1).int(10, 16).int(20, 16);
        w.int(1, 1).int(15, 16).int(25, 16);
        w.int(0, 16).int(0, 1); // no LI vendors (empty bitfield)
        w.int(1, 12)
            .int(3, 6)
            .int(1, 2)
            .int(1, 12)
            .int(0, 1)
            .int(755, 16);
        let tc = format!("{}.IFoEUQQgAIQwgAgAgAA", w.finish());
        let t = decode(&tc).unwrap();
        assert!(t.purposes_consent.is_empty());
        let want: Vec<u32> = (10..=25).chain(600..=700).collect();
        assert_eq!(t.vendor_consents, want);
        assert!(t.vendor_li.is_empty());
        assert_eq!(
            t.restrictions,
            vec![PubRestriction {
                purpose: 3,
                kind: 1,
                vendors: vec![755]
            }]
        );
    }

    #[test]
    fn a_segment_without_restrictions_reads() {
        let mut w = head(&[1]);
        w.int(2, 16).int(0, 1).ids(&[2], 2);
        w.int(0, 16).int(0, 1);
        let t = decode(&w.finish()).unwrap();
        assert_eq!(t.vendor_consents, vec![2]);
    }

    #[test]
    fn hostile_strings_are_errors() {
        // A bitfield claiming more vendors than bits present.
        let mut w = head(&[1]);
        w.int(60_000, 16).int(0, 1).ids(&[1], 10);
        let e = decode(&w.finish()).unwrap_err().to_string();
        assert!(e.contains("bitfield"), "{e}");
        // A reversed range.
        let mut w = head(&[1]);
        w.int(100, 16)
            .int(1, 1)
            .int(1, 12)
            .int(1, 1)
            .int(50, 16)
            .int(40, 16);
        let e = decode(&w.finish()).unwrap_err().to_string();
        assert!(e.contains("reversed"), "{e}");
        // A range past MaxVendorId, and vendor id 0.
        let mut w = head(&[1]);
        w.int(10, 16)
            .int(1, 1)
            .int(1, 12)
            .int(1, 1)
            .int(5, 16)
            .int(11, 16);
        assert!(decode(&w.finish()).is_err());
        let mut w = head(&[1]);
        w.int(10, 16).int(1, 1).int(1, 12).int(0, 1).int(0, 16);
        assert!(decode(&w.finish()).is_err());
        // 4095 entries announced, one present.
        let mut w = head(&[1]);
        w.int(10, 16).int(1, 1).int(4095, 12).int(0, 1).int(3, 16);
        assert!(decode(&w.finish()).is_err());
        // Version 1, bad letters, not base64, empty, too long.
        let mut w = W::default();
        w.int(1, 6).int(0, 200);
        assert!(decode(&w.finish())
            .unwrap_err()
            .to_string()
            .contains("version 1"));
        let mut w = W::default();
        w.int(2, 6).int(0, 78).int(0, 30).int(63, 6).int(0, 200);
        assert!(decode(&w.finish())
            .unwrap_err()
            .to_string()
            .contains("letter"));
        assert!(decode("C!!!").is_err());
        assert!(decode("").is_err());
        assert!(decode(&"A".repeat(MAX_TC_STRING + 1)).is_err());
        // Every prefix of a valid string fails or decodes, never panics.
        let mut w = head(&[1, 2]);
        w.int(30, 16)
            .int(1, 1)
            .int(2, 12)
            .int(1, 1)
            .int(3, 16)
            .int(9, 16);
        w.int(0, 1).int(30, 16).int(8, 16).int(0, 1).int(0, 12);
        let s = w.finish();
        assert!(decode(&s).is_ok());
        for i in 0..s.len() {
            let _ = decode(s.get(..i).unwrap());
        }
    }

    #[test]
    fn the_widest_ranges_stay_cheap() {
        // 4095 entries each spanning 1..=65535: merged, not expanded one by one.
        let mut w = head(&[1]);
        w.int(65_535, 16).int(1, 1).int(4095, 12);
        for _ in 0..4095 {
            w.int(1, 1).int(1, 16).int(65_535, 16);
        }
        w.int(0, 16).int(0, 1).int(0, 12);
        let t = decode(&w.finish()).unwrap();
        assert_eq!(t.vendor_consents.len(), 65_535);
        assert_eq!(t.vendor_consents.last(), Some(&65_535));
    }
}
