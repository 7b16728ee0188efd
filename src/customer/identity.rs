//! Omnichannel identity resolution: "never ask the customer twice".

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::model::MAX_IDENTITIES;
use super::{Customer, CustomerId, Identity};
use crate::ticket::TicketError;
use crate::util::excerpt;

/// What [`IdentityIndex::link`] did, as data for the host to persist.
///
/// In JSON, tagged by `kind`:
/// `{"kind":"merged","survivor":"c1","absorbed":"c7","moved":[...],"redirected":[...]}`,
/// `{"kind":"attached","customer":"c1","identity":{...}}`,
/// `{"kind":"already_linked","customer":"c1"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum LinkOutcome {
    /// Both identities already belonged to the same customer; nothing changed.
    AlreadyLinked {
        /// That customer.
        customer: CustomerId,
    },
    /// One identity was unknown and now belongs to the other's customer.
    Attached {
        /// The customer that gained the identity.
        customer: CustomerId,
        /// The identity it gained.
        identity: Identity,
    },
    /// The identities belonged to two customers, now merged into one. The
    /// survivor is the customer whose id sorts first (byte order), so the
    /// result does not depend on the order of the two arguments.
    Merged {
        /// The customer that lives on.
        survivor: CustomerId,
        /// The customer merged into it; it now resolves to the survivor.
        absorbed: CustomerId,
        /// The identities that moved from the absorbed customer to the survivor.
        moved: Vec<Identity>,
        /// Customers merged into the absorbed one earlier, which now resolve to
        /// the survivor too (so a host that stored those redirects can update them).
        redirected: Vec<CustomerId>,
    },
}

/// Maps normalised channel identities to customers, and merges customers when
/// two identities turn out to be one person.
///
/// Built from the host's customers, it answers "who is `+31612345678`?" for a
/// message that just arrived on WhatsApp, so the conversation lands on the
/// customer's existing record instead of a stranger's. Every identity belongs
/// to at most one customer. Merges are remembered, so an absorbed customer's id
/// keeps resolving ([`IdentityIndex::canonical`]).
///
/// Resolution is a hash lookup; a merge costs time linear in the identities
/// and merged ids it moves. A customer may hold at most [`MAX_IDENTITIES`]
/// identities, a merge included.
///
/// ```
/// use frontline::{Customer, customer::Identity, customer::IdentityIndex, customer::LinkOutcome};
///
/// let mut anna = Customer::new("c1".parse()?);
/// anna.identities.insert(Identity::email("anna@example.nl")?);
/// let mut unknown_caller = Customer::new("c9".parse()?);
/// unknown_caller.identities.insert(Identity::phone("+31 6 1234 5678")?);
///
/// let mut index = IdentityIndex::from_customers([&anna, &unknown_caller])?;
/// let phone = Identity::phone("+31612345678")?;
/// assert_eq!(index.resolve(&phone).map(|c| c.as_str()), Some("c9"));
///
/// // The caller turns out to be Anna.
/// let outcome = index.link(&Identity::email("ANNA@example.nl")?, &phone)?;
/// assert!(matches!(outcome, LinkOutcome::Merged { .. }));
/// assert_eq!(index.resolve(&phone).map(|c| c.as_str()), Some("c1"));
/// assert_eq!(index.canonical(&"c9".parse()?).map(|c| c.as_str()), Some("c1"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct IdentityIndex {
    owner: HashMap<Identity, CustomerId>,
    identities: BTreeMap<CustomerId, BTreeSet<Identity>>,
    /// Absorbed customer → its survivor (always a live customer).
    redirect: BTreeMap<CustomerId, CustomerId>,
    /// Live customer → every customer merged into it, directly or not.
    absorbed: BTreeMap<CustomerId, Vec<CustomerId>>,
}

impl IdentityIndex {
    /// An empty index.
    pub fn new() -> IdentityIndex {
        IdentityIndex::default()
    }

    /// An index over the given customers and their identities.
    ///
    /// # Errors
    /// [`TicketError::DuplicateCustomer`] for a repeated id;
    /// [`TicketError::IdentityTaken`] when two customers claim one identity.
    pub fn from_customers<'a>(
        customers: impl IntoIterator<Item = &'a Customer>,
    ) -> Result<IdentityIndex, TicketError> {
        let mut index = IdentityIndex::new();
        for customer in customers {
            index.add_customer(customer)?;
        }
        Ok(index)
    }

    /// Adds a customer with its identities. On error the index is unchanged.
    ///
    /// # Errors
    /// As [`IdentityIndex::from_customers`], and [`TicketError::TooLarge`] for
    /// more than [`MAX_IDENTITIES`] identities.
    pub fn add_customer(&mut self, customer: &Customer) -> Result<(), TicketError> {
        if self.identities.contains_key(&customer.id) || self.redirect.contains_key(&customer.id) {
            return Err(TicketError::DuplicateCustomer {
                customer: customer.id.to_string(),
            });
        }
        if customer.identities.len() > MAX_IDENTITIES {
            return Err(TicketError::TooLarge {
                what: "customer identities",
                limit: MAX_IDENTITIES,
            });
        }
        for identity in &customer.identities {
            if let Some(other) = self.owner.get(identity) {
                return Err(taken(identity, other));
            }
        }
        for identity in &customer.identities {
            self.owner.insert(identity.clone(), customer.id.clone());
        }
        self.identities
            .insert(customer.id.clone(), customer.identities.clone());
        Ok(())
    }

    /// The customer an identity belongs to, after merges.
    pub fn resolve(&self, identity: &Identity) -> Option<&CustomerId> {
        self.owner.get(identity)
    }

    /// The live customer behind `customer`: itself if it was never merged, its
    /// survivor if it was, `None` if the index has never seen it.
    pub fn canonical(&self, customer: &CustomerId) -> Option<&CustomerId> {
        if let Some(survivor) = self.redirect.get(customer) {
            return Some(survivor);
        }
        self.identities.get_key_value(customer).map(|(k, _)| k)
    }

    /// The identities of a live customer.
    pub fn identities_of(&self, customer: &CustomerId) -> Option<&BTreeSet<Identity>> {
        self.identities.get(customer)
    }

    /// The number of live (not absorbed) customers.
    pub fn len(&self) -> usize {
        self.identities.len()
    }

    /// Whether the index knows no customer.
    pub fn is_empty(&self) -> bool {
        self.identities.is_empty()
    }

    /// Records that `a` and `b` belong to one person.
    ///
    /// If both belong to different customers, the customers merge: the one
    /// whose id sorts first survives, and every identity and absorbed id of the
    /// other now resolves to it. If one identity is unknown it is attached to
    /// the other's customer. On error the index is unchanged.
    ///
    /// # Errors
    /// [`TicketError::UnknownIdentities`] if neither identity is known;
    /// [`TicketError::TooLarge`] if the survivor would hold more than
    /// [`MAX_IDENTITIES`] identities.
    pub fn link(&mut self, a: &Identity, b: &Identity) -> Result<LinkOutcome, TicketError> {
        match (self.owner.get(a).cloned(), self.owner.get(b).cloned()) {
            (None, None) => Err(TicketError::UnknownIdentities {
                a: excerpt(&a.to_string()),
                b: excerpt(&b.to_string()),
            }),
            (Some(ca), Some(cb)) if ca == cb => Ok(LinkOutcome::AlreadyLinked { customer: ca }),
            (Some(c), None) => self.attach(c, b),
            (None, Some(c)) => self.attach(c, a),
            (Some(ca), Some(cb)) => {
                let (survivor, absorbed) = if ca < cb { (ca, cb) } else { (cb, ca) };
                self.merge(survivor, absorbed)
            }
        }
    }

    fn attach(
        &mut self,
        customer: CustomerId,
        identity: &Identity,
    ) -> Result<LinkOutcome, TicketError> {
        let set = self.identities.entry(customer.clone()).or_default();
        if set.len() >= MAX_IDENTITIES {
            return Err(TicketError::TooLarge {
                what: "customer identities",
                limit: MAX_IDENTITIES,
            });
        }
        set.insert(identity.clone());
        self.owner.insert(identity.clone(), customer.clone());
        Ok(LinkOutcome::Attached {
            customer,
            identity: identity.clone(),
        })
    }

    fn merge(
        &mut self,
        survivor: CustomerId,
        absorbed: CustomerId,
    ) -> Result<LinkOutcome, TicketError> {
        let kept = self.identities.get(&survivor).map_or(0, BTreeSet::len);
        let moving = self.identities.get(&absorbed).map_or(0, BTreeSet::len);
        if kept + moving > MAX_IDENTITIES {
            return Err(TicketError::TooLarge {
                what: "customer identities",
                limit: MAX_IDENTITIES,
            });
        }
        let moved_set = self.identities.remove(&absorbed).unwrap_or_default();
        for identity in &moved_set {
            self.owner.insert(identity.clone(), survivor.clone());
        }
        self.identities
            .entry(survivor.clone())
            .or_default()
            .extend(moved_set.iter().cloned());
        // Everything that pointed at `absorbed` now points at `survivor`.
        let mut followers = self.absorbed.remove(&absorbed).unwrap_or_default();
        let redirected = followers.clone();
        followers.push(absorbed.clone());
        for id in &followers {
            self.redirect.insert(id.clone(), survivor.clone());
        }
        self.absorbed
            .entry(survivor.clone())
            .or_default()
            .extend(followers);
        Ok(LinkOutcome::Merged {
            survivor,
            absorbed,
            moved: moved_set.into_iter().collect(),
            redirected,
        })
    }
}

fn taken(identity: &Identity, owner: &CustomerId) -> TicketError {
    TicketError::IdentityTaken {
        identity: excerpt(&identity.to_string()),
        customer: owner.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn customer(id: &str, emails: &[&str]) -> Customer {
        let mut c = Customer::new(id.parse().unwrap());
        for e in emails {
            c.identities.insert(Identity::email(e).unwrap());
        }
        c
    }

    fn email(e: &str) -> Identity {
        Identity::email(e).unwrap()
    }

    #[test]
    fn conflicts_and_duplicates_are_errors() {
        let a = customer("c1", &["a@x.nl"]);
        let b = customer("c2", &["A@X.nl"]);
        let err = IdentityIndex::from_customers([&a, &b]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "identity `email:a@x.nl` already belongs to customer `c1`"
        );
        let err = IdentityIndex::from_customers([&a, &a]).unwrap_err();
        assert_eq!(err.code(), "identity.duplicate_customer");
    }

    #[test]
    fn link_cases() {
        let a = customer("c2", &["a@x.nl"]);
        let b = customer("c1", &["b@x.nl"]);
        let mut index = IdentityIndex::from_customers([&a, &b]).unwrap();
        assert!(matches!(
            index.link(&email("z@x.nl"), &email("y@x.nl")),
            Err(TicketError::UnknownIdentities { .. })
        ));
        let out = index.link(&email("a@x.nl"), &email("new@x.nl")).unwrap();
        assert!(
            matches!(out, LinkOutcome::Attached { ref customer, .. } if customer.as_str() == "c2")
        );
        let out = index.link(&email("new@x.nl"), &email("b@x.nl")).unwrap();
        let LinkOutcome::Merged {
            survivor,
            absorbed,
            moved,
            ..
        } = out
        else {
            panic!("expected a merge")
        };
        assert_eq!((survivor.as_str(), absorbed.as_str()), ("c1", "c2"));
        assert_eq!(moved, vec![email("a@x.nl"), email("new@x.nl")]);
        assert_eq!(index.resolve(&email("a@x.nl")).unwrap().as_str(), "c1");
        assert_eq!(index.len(), 1);
        let again = index.link(&email("a@x.nl"), &email("b@x.nl")).unwrap();
        assert!(matches!(again, LinkOutcome::AlreadyLinked { .. }));
        let json = serde_json::to_value(&again).unwrap();
        assert_eq!(json["kind"], "already_linked");
    }

    #[test]
    fn chained_merges_redirect_all_absorbed_ids() {
        let cs: Vec<Customer> = (0..4)
            .map(|i| customer(&format!("c{i}"), &[&format!("u{i}@x.nl")]))
            .collect();
        let mut index = IdentityIndex::from_customers(&cs).unwrap();
        index.link(&email("u3@x.nl"), &email("u2@x.nl")).unwrap();
        index.link(&email("u2@x.nl"), &email("u1@x.nl")).unwrap();
        let last = index.link(&email("u3@x.nl"), &email("u0@x.nl")).unwrap();
        let LinkOutcome::Merged {
            absorbed,
            redirected,
            ..
        } = last
        else {
            panic!("expected a merge")
        };
        assert_eq!(absorbed.as_str(), "c1");
        assert_eq!(
            redirected.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            ["c3", "c2"]
        );
        for i in 0..4 {
            let id: CustomerId = format!("c{i}").parse().unwrap();
            assert_eq!(index.canonical(&id).unwrap().as_str(), "c0");
        }
    }

    proptest! {
        /// After any sequence of links, identities that were linked (directly
        /// or through others) resolve to one customer, and every identity still
        /// resolves to a live customer.
        #[test]
        fn resolution_is_consistent(
            links in proptest::collection::vec((0usize..12, 0usize..12), 0..30)
        ) {
            // Customers 0..6 own u0..u5; u6..u11 start unknown.
            let cs: Vec<Customer> = (0..6)
                .map(|i| customer(&format!("c{i:02}"), &[&format!("u{i}@x.nl")]))
                .collect();
            let mut index = IdentityIndex::from_customers(&cs).unwrap();
            // A reference union-find over identity numbers.
            let mut parent: Vec<usize> = (0..12).collect();
            fn find(p: &[usize], x: usize) -> usize {
                let mut x = x;
                while p[x] != x { x = p[x]; }
                x
            }
            let mut known: Vec<bool> = (0..12).map(|i| i < 6).collect();
            for (a, b) in links {
                let ia = email(&format!("u{a}@x.nl"));
                let ib = email(&format!("u{b}@x.nl"));
                let result = index.link(&ia, &ib);
                if !known[a] && !known[b] {
                    prop_assert!(result.is_err());
                    continue;
                }
                prop_assert!(result.is_ok());
                known[a] = true;
                known[b] = true;
                let (ra, rb) = (find(&parent, a), find(&parent, b));
                parent[ra] = rb;
            }
            for a in 0..12 {
                for b in 0..12 {
                    if known[a] && known[b] && find(&parent, a) == find(&parent, b) {
                        let ca = index.resolve(&email(&format!("u{a}@x.nl")));
                        let cb = index.resolve(&email(&format!("u{b}@x.nl")));
                        prop_assert_eq!(ca, cb);
                    }
                }
                if known[a] {
                    let c = index.resolve(&email(&format!("u{a}@x.nl"))).unwrap();
                    prop_assert!(index.identities_of(c).is_some());
                    prop_assert_eq!(index.canonical(c), Some(c));
                }
            }
        }
    }
}
