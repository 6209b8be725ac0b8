//! Selling rules of the claim extractor: in goes one analysed sentence
//! ([`Cx`]), out comes the selling stance and the word that decided it ("sell",
//! "rent", "the sale of personal information", "considered a sale").
#![deny(clippy::string_slice)]

use super::claims::Cx;
use super::lexicon::C;
use crate::model::Stance;

impl Cx<'_> {
    /// Whether the nearest subject before the verb at `a`, in its clause, is
    /// other companies in general ("some companies", "many websites", "data
    /// brokers"): a statement about the market, not the company's practice.
    fn others_subject(&self, a: usize) -> bool {
        let lo = a.saturating_sub(5);
        let mut k = a;
        while k > lo && !self.t.brk[k] {
            k -= 1;
            match self.tok(k) {
                "we" | "us" | "our" | "i" => return false,
                "companies" | "websites" | "sites" | "apps" | "brokers" | "businesses"
                | "others" => {
                    return k == 0
                        || matches!(
                            self.tok(k - 1),
                            "some" | "many" | "other" | "most" | "data" | "these" | "certain"
                        )
                }
                _ => {}
            }
        }
        false
    }

    /// The selling words of the sentence: the lexicon's, and the noun "sale of"
    /// with personal data right after it ("engage in the sale of personal
    /// information"; not "the sale of our company").
    pub(super) fn sell_verbs(&self) -> Vec<(usize, usize)> {
        let mut v = self.hits(C::SellVerb).to_vec();
        // "nobody can buy your data from us": a sale seen from the buyer.
        for k in 0..self.n() {
            if matches!(
                self.tok(k),
                "buy" | "buys" | "bought" | "purchase" | "purchases" | "purchased"
            ) && (k + 1..(k + 7).min(self.n().saturating_sub(1)))
                .take_while(|&j| !self.t.brk[j])
                .any(|j| self.tok(j) == "from" && self.tok(j + 1) == "us")
            {
                v.push((k, k + 1));
            }
        }
        for k in 0..self.n() {
            if self.deemed_sale(k) && !v.iter().any(|&(a, b)| a <= k && k < b) {
                v.push((k, k + 1));
            }
        }
        for k in 0..self.n().saturating_sub(2) {
            if matches!(self.tok(k), "sale" | "sales")
                && self.tok(k + 1) == "of"
                && (k + 2..(k + 5).min(self.n()))
                    .take_while(|&j| !self.t.brk[j])
                    .any(|j| self.is(j, C::InfoObj))
                && !v.iter().any(|&(a, b)| a <= k && k < b)
            {
                v.push((k, k + 2));
            }
        }
        v.sort_unstable();
        v
    }

    /// "considered a sale", "may constitute a sale", "qualifies as selling": the
    /// law's word applied to a practice named before it.
    fn deemed_sale(&self, a: usize) -> bool {
        let before = |k: usize, words: &[&str]| a >= k && words.contains(&self.tok(a - k));
        matches!(self.tok(a), "sale" | "sales" | "selling")
            && before(1, &["a", "as"])
            && (before(
                2,
                &[
                    "considered",
                    "deemed",
                    "constitute",
                    "constitutes",
                    "regarded",
                    "as",
                ],
            ) || before(
                3,
                &["considered", "deemed", "regarded", "qualify", "qualifies"],
            ))
    }

    /// Selling (sell, rent, lease, trade) of personal data.
    pub(super) fn selling(&self) -> Option<(Stance, usize)> {
        let mut deny: Option<usize> = None;
        let mut affirm: Option<usize> = None;
        let mut mention: Option<usize> = None;
        for (a, b) in self.sell_verbs() {
            let w = self.width(a);
            // "sell, trade, or otherwise transfer to outside parties your
            // information": the object follows the last verb of the list.
            let mut last = b;
            while last < self.n()
                && (self.is(last, C::SellVerb)
                    || self.is(last, C::ShareVerb)
                    || matches!(self.tok(last), "or" | "and" | "nor" | "otherwise"))
            {
                last += 1;
            }
            let obj_after = self.any_in(b, b + 6 * w, C::InfoObj)
                || (last > b
                    && self.is(last - 1, C::ShareVerb)
                    && self.any_in(last, last + 8 * w, C::InfoObj));
            let obj_before = self.any_in(a.saturating_sub(8 * w), a, C::InfoObj)
                && a > 0
                && (matches!(
                    self.tok(a - 1),
                    "not" | "be" | "is" | "are" | "never" | "or" | "been" | "get" | "gets"
                        // "no se venden", "ne sont pas vendues", "nicht verkauft".
                        | "se" | "no" | "nunca" | "pas" | "jamais" | "nicht" | "nie" | "niet"
                ) || self.is(a - 1, C::ShareVerb)
                    || self.is(a - 1, C::SellVerb)
                    // "the information we sold": a relative clause on the data.
                    || (a >= 2 && self.tok(a - 1) == "we" && self.is(a - 2, C::InfoObj))
                    // "personal information sold: none": a participle on the data.
                    || (self.is(a - 1, C::InfoObj) && matches!(self.tok(a), "sold" | "rented"))
                    || self.latin_free_order
                    || self.is(a - 1, C::Third));
            // "... may be considered a sale under the CCPA", "some disclosures
            // constitute a sale": the law's word applied to the company's practice.
            let deemed = self.deemed_sale(a);
            // "Datenverkauf": the data is part of the compound.
            let compound = self.tok(a).starts_with("daten");
            if !(obj_after || obj_before || deemed || compound) {
                continue;
            }
            // "Some companies sell the data they collect", "you may sell your
            // account": someone else's practice, not the company's.
            // "to 'sell' means to disclose ... for value": the law's definition.
            let defined =
                b < self.n() && matches!(self.tok(b), "means" | "mean" | "refers" | "defined");
            let others = self.user_or_reference(a) || self.others_subject(a) || defined;
            // "This does not constitute a sale", "we do not believe it is
            // considered a sale": a legal assessment, neither practice nor denial.
            let assessed_not =
                deemed && (a.saturating_sub(6)..a).any(|k| self.neg[k] && !self.t.brk[k + 1]);
            if (b < self.n() && self.tok(b) == "my") || !self.asserts(a) || others || assessed_not {
                mention = mention.or(Some(a));
            } else if self.negated(a) {
                deny = deny.or(Some(a));
            } else if matches!(self.tok(a), "sale" | "sales") && !deemed {
                // The noun names the practice more often than it asserts it ("opt
                // out of the sale of personal information"): never an affirmation.
                mention = mention.or(Some(a));
            } else {
                affirm = affirm.or(Some(a));
            }
        }
        deny.map(|v| (Stance::Deny, v))
            .or(affirm.map(|v| (Stance::Affirm, v)))
            .or(mention.map(|v| (Stance::Mention, v)))
    }
}

#[cfg(test)]
#[path = "scope_tests.rs"]
mod tests;
