//! A value that knows when it may have changed: every mutable access takes a new revision.
//! Revisions come from one counter for the whole process, so two values never share one.
//! Drawing keeps what it drew for a revision and skips the work while the revision stays.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};

static REVISIONS: AtomicU64 = AtomicU64::new(1);

/// A revision no value has had yet.
pub fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, Ordering::Relaxed)
}

#[derive(Debug, Clone)]
pub struct Tracked<T> {
    value: T,
    revision: u64,
}

impl<T> Tracked<T> {
    pub fn new(value: T) -> Tracked<T> {
        Tracked {
            value,
            revision: next_revision(),
        }
    }

    /// Changes with every mutable access (whether or not it changed anything).
    pub fn revision(&self) -> u64 {
        self.revision
    }
}

impl<T: Default> Default for Tracked<T> {
    fn default() -> Tracked<T> {
        Tracked::new(T::default())
    }
}

impl<T> From<T> for Tracked<T> {
    fn from(value: T) -> Tracked<T> {
        Tracked::new(value)
    }
}

impl<T> Deref for Tracked<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Tracked<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.revision = next_revision();
        &mut self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_keeps_the_revision_and_any_mutable_access_takes_a_new_one() {
        let mut tracked = Tracked::new(vec![1]);
        let first = tracked.revision();
        assert_eq!(tracked.len(), 1);
        assert_eq!(tracked.revision(), first);
        tracked.push(2);
        let second = tracked.revision();
        assert_ne!(second, first);
        let other = Tracked::new(vec![1, 2]);
        assert_ne!(other.revision(), second, "no two values share a revision");
    }
}
