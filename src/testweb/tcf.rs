//! An IAB TCF v2.2 consent string encoder for the consent fixture web: a
//! [`TcSpec`] (times, CMP, language, vendor list, purposes and vendors) in, the
//! core segment as base64url without padding out. Vendor sections use bitfield
//! or range encoding, whichever is shorter, as real CMPs do.
//!
//! Written independently of the crawler's decoder (`crate::crawl::tcf`) so
//! that each checks the other.

use base64::Engine as _;

/// What a TC string records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcSpec {
    /// When consent was first given, seconds since the Unix epoch.
    pub created_secs: u64,
    /// When consent was last updated, seconds since the Unix epoch.
    pub updated_secs: u64,
    /// The CMP's registered id.
    pub cmp_id: u16,
    /// The CMP's version.
    pub cmp_version: u16,
    /// The screen the choice was made on.
    pub consent_screen: u8,
    /// Two ASCII letters, e.g. `EN`.
    pub language: [u8; 2],
    /// The Global Vendor List version the choice refers to.
    pub vendor_list_version: u16,
    /// TCF policy version (4 for TCF v2.2).
    pub tcf_policy_version: u8,
    /// The publisher's country, two ASCII letters, e.g. `DE`.
    pub publisher_cc: [u8; 2],
    /// Purposes (1–24) consented to.
    pub purposes_consent: Vec<u8>,
    /// Purposes (1–24) whose legitimate interest was disclosed.
    pub purposes_li: Vec<u8>,
    /// Vendor ids consented to.
    pub vendors_consent: Vec<u16>,
    /// Vendor ids whose legitimate interest was disclosed.
    pub vendors_li: Vec<u16>,
}

impl TcSpec {
    /// A spec with no purposes and no vendors (the visitor rejected all).
    pub fn none(cmp_id: u16, secs: u64) -> TcSpec {
        TcSpec {
            created_secs: secs,
            updated_secs: secs,
            cmp_id,
            cmp_version: 1,
            consent_screen: 1,
            language: *b"EN",
            vendor_list_version: 100,
            tcf_policy_version: 4,
            publisher_cc: *b"DE",
            purposes_consent: Vec::new(),
            purposes_li: Vec::new(),
            vendors_consent: Vec::new(),
            vendors_li: Vec::new(),
        }
    }
}

/// Bits, most significant first.
#[derive(Default)]
struct Bits(Vec<bool>);

impl Bits {
    fn push(&mut self, value: u64, width: u32) {
        for i in (0..width).rev() {
            self.0.push(value >> i & 1 == 1);
        }
    }

    fn letters(&mut self, two: [u8; 2]) {
        for c in two {
            self.push(u64::from(c.to_ascii_uppercase().saturating_sub(b'A')), 6);
        }
    }

    /// A set of small numbers (1-based) as a bitfield of `width` bits.
    fn set(&mut self, members: &[u8], width: u32) {
        for i in 1..=width {
            self.0.push(members.iter().any(|&m| u32::from(m) == i));
        }
    }

    fn bytes(&self) -> Vec<u8> {
        self.0
            .chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |b, (i, &bit)| b | (u8::from(bit) << (7 - i)))
            })
            .collect()
    }
}

/// Appends a vendor section: MaxVendorId, IsRangeEncoding, then the bitfield
/// or the ranges, whichever is shorter (a tie is a bitfield).
fn vendors(bits: &mut Bits, ids: &[u16]) {
    let mut ids: Vec<u16> = ids.iter().copied().filter(|&v| v > 0).collect();
    ids.sort_unstable();
    ids.dedup();
    let max = ids.last().copied().unwrap_or(0);
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for &v in &ids {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == v => *end = v,
            _ => ranges.push((v, v)),
        }
    }
    let range_len: usize = 12
        + ranges
            .iter()
            .map(|(a, b)| if a == b { 17 } else { 33 })
            .sum::<usize>();
    bits.push(u64::from(max), 16);
    if range_len < usize::from(max) {
        bits.push(1, 1);
        bits.push(ranges.len() as u64, 12);
        for (a, b) in ranges {
            bits.push(u64::from(a != b), 1);
            bits.push(u64::from(a), 16);
            if a != b {
                bits.push(u64::from(b), 16);
            }
        }
    } else {
        bits.push(0, 1);
        for i in 1..=max {
            bits.0.push(ids.binary_search(&i).is_ok());
        }
    }
}

/// The TC string (core segment only) for `spec`.
pub fn encode(spec: &TcSpec) -> String {
    let mut b = Bits::default();
    b.push(2, 6);
    b.push(spec.created_secs * 10, 36);
    b.push(spec.updated_secs * 10, 36);
    b.push(u64::from(spec.cmp_id), 12);
    b.push(u64::from(spec.cmp_version), 12);
    b.push(u64::from(spec.consent_screen), 6);
    b.letters(spec.language);
    b.push(u64::from(spec.vendor_list_version), 12);
    b.push(u64::from(spec.tcf_policy_version), 6);
    b.push(1, 1); // IsServiceSpecific
    b.push(0, 1); // UseNonStandardTexts
    b.push(0, 12); // SpecialFeatureOptIns
    b.set(&spec.purposes_consent, 24);
    b.set(&spec.purposes_li, 24);
    b.push(0, 1); // PurposeOneTreatment
    b.letters(spec.publisher_cc);
    vendors(&mut b, &spec.vendors_consent);
    vendors(&mut b, &spec.vendors_li);
    b.push(0, 12); // NumPubRestrictions
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b.bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bit reader written here for the test, independent of the crawler's.
    struct Reader {
        bytes: Vec<u8>,
        pos: usize,
    }

    impl Reader {
        fn new(s: &str) -> Reader {
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(s)
                .expect("base64url");
            Reader { bytes, pos: 0 }
        }
        fn bit_at(&self, i: usize) -> u64 {
            u64::from(self.bytes[i / 8] >> (7 - i % 8) & 1)
        }
        fn read(&mut self, width: usize) -> u64 {
            let v = (self.pos..self.pos + width).fold(0, |v, i| v << 1 | self.bit_at(i));
            self.pos += width;
            v
        }
        fn letters(&mut self) -> String {
            let a = (self.read(6) as u8 + b'A') as char;
            let b = (self.read(6) as u8 + b'A') as char;
            format!("{a}{b}")
        }
        fn vendors(&mut self) -> (bool, Vec<u64>) {
            let max = self.read(16);
            let range = self.read(1) == 1;
            let mut out = Vec::new();
            if range {
                for _ in 0..self.read(12) {
                    let is_range = self.read(1) == 1;
                    let start = self.read(16);
                    let end = if is_range { self.read(16) } else { start };
                    out.extend(start..=end);
                }
            } else {
                for id in 1..=max {
                    if self.read(1) == 1 {
                        out.push(id);
                    }
                }
            }
            (range, out)
        }
    }

    fn spec() -> TcSpec {
        TcSpec {
            purposes_consent: vec![1, 2, 3, 4, 7, 9, 10],
            purposes_li: vec![2, 7, 10],
            vendors_consent: vec![91, 755],
            vendors_li: vec![755],
            ..TcSpec::none(300, 1_700_000_000)
        }
    }

    #[test]
    fn core_fields_at_their_bit_positions() {
        let s = encode(&spec());
        assert!(!s.contains(['=', '+', '/', '.']), "{s}");
        let mut r = Reader::new(&s);
        assert_eq!(r.read(6), 2, "version");
        assert_eq!(r.read(36), 17_000_000_000, "created (deciseconds)");
        assert_eq!(r.read(36), 17_000_000_000, "updated");
        assert_eq!(r.read(12), 300, "cmp id");
        assert_eq!(r.read(12), 1, "cmp version");
        assert_eq!(r.read(6), 1, "consent screen");
        assert_eq!(r.letters(), "EN");
        assert_eq!(r.read(12), 100, "vendor list version");
        assert_eq!(r.read(6), 4, "policy version");
        assert_eq!(r.read(1), 1, "service specific");
        assert_eq!(r.read(1), 0, "non-standard texts");
        assert_eq!(r.read(12), 0, "special features");
        assert_eq!(r.pos, 152);
        // Purpose bit i is purpose i+1.
        let purposes = r.read(24);
        assert_eq!(purposes, 0b1111_0010_1100_0000_0000_0000);
        assert_eq!(r.read(24), 0b0100_0010_0100_0000_0000_0000);
        assert_eq!(r.read(1), 0, "purpose one treatment");
        assert_eq!(r.letters(), "DE");
        assert_eq!(r.pos, 213);
        // Two ids far apart: ranges (12 + 17 + 17 bits) beat 755 bits.
        assert_eq!(r.vendors(), (true, vec![91, 755]));
        assert_eq!(r.vendors(), (true, vec![755]));
        assert_eq!(r.read(12), 0, "publisher restrictions");
        assert!(r.bytes.len() * 8 - r.pos < 8, "only padding is left");
    }

    #[test]
    fn bitfield_when_shorter_and_ranges_merge_runs() {
        let s = encode(&TcSpec {
            vendors_consent: vec![1, 3, 4, 5, 6, 7, 8, 9, 10],
            vendors_li: (1..=600).chain([700]).collect(),
            ..TcSpec::none(7, 1_600_000_000)
        });
        let mut r = Reader::new(&s);
        r.read(213);
        // 10 bits of bitfield beat 12 + 17 + 33 bits of ranges.
        assert_eq!(r.vendors(), (false, vec![1, 3, 4, 5, 6, 7, 8, 9, 10]));
        let (range, li) = r.vendors();
        assert!(range, "two ranges beat 700 bits");
        assert_eq!(li.len(), 601);
        assert_eq!(li.last(), Some(&700));
    }

    #[test]
    fn nothing_consented_is_empty_sections() {
        let s = encode(&TcSpec::none(10, 1_700_000_000));
        let mut r = Reader::new(&s);
        r.read(152);
        assert_eq!(r.read(24), 0);
        assert_eq!(r.read(24), 0);
        r.read(13);
        assert_eq!(r.vendors(), (false, vec![]));
        assert_eq!(r.vendors(), (false, vec![]));
        assert_eq!(r.read(12), 0);
        // A known prefix: version 2 is `C` (000010 in the first 6 bits).
        assert!(s.starts_with('C'), "{s}");
    }
}
