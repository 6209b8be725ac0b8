//! A company name (as `data/trackers.toml` spells it) in, the IAB TCF Global
//! Vendor List ids its ad businesses are registered under out: what
//! `tcf_vendor_mismatch` checks a TC string's vendor consents against.
//!
//! Written by the team from the public Global Vendor List; only companies whose
//! registration we are sure of are listed. A company missing here is never
//! accused: no id, no mismatch.

/// Company → its GVL vendor ids.
const VENDORS: &[(&str, &[u32])] = &[
    ("Adform", &[50]),
    ("Amazon", &[793]),
    ("Criteo", &[91]),
    ("Equativ", &[45]),
    ("Google", &[755]),
    ("ID5", &[131]),
    ("Index Exchange", &[10]),
    ("LiveRamp", &[97]),
    ("Magnite", &[52]),
    ("Microsoft", &[1126, 32]),
    ("OpenX", &[69]),
    ("Outbrain", &[164]),
    ("PubMatic", &[76]),
    ("Quantcast", &[11]),
    ("RTB House", &[16]),
    ("Sovrn", &[13]),
    ("Taboola", &[42]),
    ("Teads", &[132]),
    ("The Trade Desk", &[21]),
    ("TripleLift", &[28]),
    ("Yahoo", &[25]),
];

/// The GVL vendor ids of `company` (empty when unknown).
pub fn vendor_ids(company: &str) -> &'static [u32] {
    VENDORS
        .iter()
        .find(|(name, _)| *name == company)
        .map(|(_, ids)| *ids)
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_company_is_one_the_built_in_knowledge_names() {
        let known = crate::classify::entities::BUILTIN_TRACKERS;
        for (name, ids) in VENDORS {
            assert!(
                known.contains(&format!("name = \"{name}\"")),
                "{name} is not a company of data/trackers.toml"
            );
            assert!(!ids.is_empty());
        }
        assert_eq!(vendor_ids("Google"), &[755]);
        assert!(vendor_ids("Meta").is_empty());
    }
}
