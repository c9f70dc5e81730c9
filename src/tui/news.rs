//! What background work brings waits for a pause in the user's keys.
//!
//! A save, a reload or an export ends when it ends, often between two keys. Drawn at once, the
//! frame it asks for (a status change, a reloaded workspace) delays the answer to a key that
//! arrives while it is drawn, and reaches the terminal just after the answer to the key before,
//! as one more update to the screen the user is reading. So while keys come, such news goes
//! out with the next key's frame, or once the keys paused for [`PAUSE`]. A reloaded workspace
//! is not even put in place before that pause (or [`LONGEST_HOLD`]): a key must act on the
//! workspace the user sees, not on one no frame has shown yet. What else changes what a key acts
//! on (a new day, the lock taken or lost) is rare, and drawn at once.

use std::time::{Duration, Instant};

use super::save::{Done, Worker};

/// How long the keys must have stopped before background news is drawn on its own: longer
/// than the gap between the keys a held-down key repeats, short enough not to be noticed.
pub const PAUSE: Duration = Duration::from_millis(50);

/// The longest a reloaded workspace waits for the keys to pause, so that a key held down for
/// long, or a terminal that never stops sending, does not keep another user's changes (and
/// the saves, which wait for them) back for good.
pub const LONGEST_HOLD: Duration = Duration::from_secs(2);

/// When the user last pressed a key (or clicked, pasted, resized the terminal).
#[derive(Debug, Default)]
pub struct Typing {
    last: Option<Instant>,
}

impl Typing {
    /// A key (or a click, a paste, a resize) came at `now`.
    pub fn came(&mut self, now: Instant) {
        self.last = Some(now);
    }

    /// Whether the keys have paused at `now`: none came in the last [`PAUSE`].
    pub fn paused(&self, now: Instant) -> bool {
        self.until_paused(now).is_zero()
    }

    /// How long from `now` until the keys will have paused, if no other comes.
    pub fn until_paused(&self, now: Instant) -> Duration {
        self.last.map_or(Duration::ZERO, |last| {
            (last + PAUSE).saturating_duration_since(now)
        })
    }

    /// Whether news that came at `since` is still held back at `now`: the keys have not paused
    /// and it has not waited [`LONGEST_HOLD`] yet.
    pub fn holds(&self, since: Instant, now: Instant) -> bool {
        !self.paused(now) && now < since + LONGEST_HOLD
    }

    /// How long from `now` news that came at `since` is still held back.
    pub fn held_for(&self, since: Instant, now: Instant) -> Duration {
        self.until_paused(now)
            .min((since + LONGEST_HOLD).saturating_duration_since(now))
    }
}

/// What the save worker did, kept back while it is a read of the file and the keys come.
#[derive(Default)]
pub struct Held {
    /// What the worker did, and since when.
    done: Option<(Done, Instant)>,
}

impl Held {
    /// What `worker` did, if it is done, unless it is a read of the file and `typing` holds it
    /// back: a key is answered on the workspace the user sees.
    pub fn next(&mut self, worker: &Worker, typing: &Typing, now: Instant) -> Option<Done> {
        if self.done.is_none() {
            self.done = Some((worker.try_done()?, now));
        }
        match &self.done {
            Some((Done::Read(_), since)) if typing.holds(*since, now) => None,
            _ => self.done.take().map(|(done, _)| done),
        }
    }

    /// How long from `now` what the worker did is still held back, if something is.
    pub fn wait(&self, typing: &Typing, now: Instant) -> Option<Duration> {
        let (_, since) = self.done.as_ref()?;
        Some(typing.held_for(*since, now))
    }

    /// Waits for what `worker` did (at once when it is done and held back).
    pub fn wait_done(&mut self, worker: &Worker) -> Option<Done> {
        match self.done.take() {
            Some((done, _)) => Some(done),
            None => worker.wait_done(),
        }
    }

    /// Whether something the worker did is held back.
    #[cfg(test)]
    pub fn is_held(&self) -> bool {
        self.done.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_pause_when_none_came_for_the_pause() {
        let start = Instant::now();
        let mut typing = Typing::default();
        assert!(typing.paused(start), "no key yet");
        assert_eq!(typing.until_paused(start), Duration::ZERO);

        typing.came(start);
        assert!(!typing.paused(start));
        assert_eq!(typing.until_paused(start + PAUSE / 5), PAUSE * 4 / 5);
        assert!(!typing.paused(start + PAUSE - Duration::from_millis(1)));
        assert!(typing.paused(start + PAUSE));

        typing.came(start + PAUSE / 2);
        assert!(
            !typing.paused(start + PAUSE),
            "the pause starts again with each key"
        );
        assert!(typing.paused(start + PAUSE / 2 + PAUSE));
    }

    #[test]
    fn news_is_held_until_the_keys_pause_or_for_the_longest_hold() {
        let start = Instant::now();
        let mut typing = Typing::default();
        assert!(!typing.holds(start, start), "no key: never held");

        let news = start;
        let mut now = start;
        // A key every 20 ms, for longer than the longest hold.
        while now < news + LONGEST_HOLD {
            typing.came(now);
            assert!(typing.holds(news, now), "held at {:?}", now - news);
            assert!(typing.held_for(news, now) <= PAUSE);
            now += Duration::from_millis(20);
        }
        typing.came(now);
        assert!(!typing.holds(news, now), "let go after the longest hold");
        assert_eq!(typing.held_for(news, now), Duration::ZERO);

        let later = now + Duration::from_millis(5);
        assert!(typing.holds(later, later));
        assert_eq!(
            typing.held_for(later, later),
            PAUSE - Duration::from_millis(5)
        );
        assert!(!typing.holds(later, now + PAUSE), "the keys paused");
    }
}
