//! Entity identifiers.
//!
//! Every entry in a workspace carries a UUID so it keeps its identity across renames, copies and
//! merges. `Id` is `Copy`, which keeps indexes and change records cheap.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// A hash map keyed by ids (or pairs of them). foldhash rather than the standard SipHash: it
/// hashes an id's 16 bytes several times faster, and a workspace of a million items builds and
/// probes such maps millions of times at load. Its `quality` variant, because ids are not
/// always random (a generated or hand-written file may number them 1, 2, 3…) and the `fast`
/// one spreads such keys badly enough that lookups compare many keys. Its seed is still random
/// per process, so a crafted file cannot aim collisions at a map.
pub type IdMap<K, V> = HashMap<K, V, foldhash::quality::RandomState>;

/// A hash set keyed by ids (or pairs of them); see [`IdMap`].
pub type IdSet<K> = HashSet<K, foldhash::quality::RandomState>;

/// The identity of one entry of a workspace (objective, channel, persona, step, item…).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Id(Uuid);

impl Id {
    /// A fresh random (v4) identifier.
    pub fn new() -> Self {
        Id(Uuid::new_v4())
    }

    /// The all-zero identifier, used only as a placeholder in defaults.
    pub const fn nil() -> Self {
        Id(Uuid::nil())
    }

    pub fn is_nil(&self) -> bool {
        self.0.is_nil()
    }

    /// The id as [`Display`](fmt::Display) writes it (hyphenated, lower case), in `buffer`:
    /// without the formatting machinery, for an export that writes one per entry.
    pub fn encode<'b>(&self, buffer: &'b mut [u8; 36]) -> &'b str {
        self.0.hyphenated().encode_lower(buffer)
    }

    /// An identifier derived from a number, for generated test and benchmark workspaces whose
    /// bytes must not change from run to run.
    pub const fn from_u128(n: u128) -> Self {
        Id(Uuid::from_u128(n))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0.hyphenated())
    }
}

impl std::str::FromStr for Id {
    type Err = String;

    /// Accepts the canonical hyphenated form only, so the file keeps one spelling of each id.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() == 36
            && let Ok(uuid) = Uuid::try_parse(s)
        {
            return Ok(Id(uuid));
        }
        Err(format!(
            "{:?} is not a UUID like 0b9e3c1a-6f3d-4c57-9a53-2f1c8d7e4b10",
            s
        ))
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = Uuid::encode_buffer();
        serializer.serialize_str(self.0.hyphenated().encode_lower(&mut buf))
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a UUID string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Id, E> {
                s.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_in_lower_case() {
        let id: Id = serde_json::from_str("\"0B9E3C1A-6F3D-4C57-9A53-2F1C8D7E4B10\"").unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"0b9e3c1a-6f3d-4c57-9a53-2f1c8d7e4b10\""
        );
    }

    #[test]
    fn rejects_other_spellings() {
        assert!("0b9e3c1a6f3d4c579a532f1c8d7e4b10".parse::<Id>().is_err());
        assert!("x".parse::<Id>().is_err());
        assert!("".parse::<Id>().is_err());
    }
}
