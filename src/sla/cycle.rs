//! One cycle of a metric as the replay builds it: a small state machine
//! between running, paused and complete, with the spans its clock ran.

use super::report::Pause;
use crate::Priority;
use crate::Status;
use crate::time::Timestamp;

/// 1970-01-01 and 2100-01-01: the calendar horizon. Instants are clamped to it.
pub(super) const H0: i64 = 0;
pub(super) const H1: i64 = 4_102_444_800;

/// An instant of the horizon as a timestamp.
pub(super) fn ts(t: i64) -> Timestamp {
    Timestamp::saturating_from_unix_seconds(t.clamp(H0, H1))
}

/// Where a cycle's clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Running,
    /// Paused, with the status the ticket had then.
    Paused(Status),
    Complete,
}

/// The policy (index) and priority a target was read under.
pub(super) type Config = (Option<u32>, Priority);

/// An instant of the replay, as its index in the sorted list of event
/// instants and `now` ([`Totals`](super::clock::Totals)), so that the
/// calendar's running total there is one table lookup.
pub(super) type At = u32;

/// A running span, from and to an instant index.
pub(super) type Span = (At, At);

/// A short list of spans, inline for the usual few.
#[derive(Debug, Default)]
pub(super) struct Spans {
    inline: [Span; 3],
    len: u32,
    heap: Vec<Span>,
}

impl Spans {
    fn push(&mut self, span: Span) {
        match self.inline.get_mut(self.len as usize) {
            Some(slot) if self.heap.is_empty() => *slot = span,
            _ => {
                if self.heap.is_empty() {
                    self.heap.extend_from_slice(&self.inline);
                }
                self.heap.push(span);
            }
        }
        self.len += 1;
    }

    pub fn as_slice(&self) -> &[Span] {
        if self.heap.is_empty() {
            self.inline.get(..self.len as usize).unwrap_or(&[])
        } else {
            &self.heap
        }
    }
}

/// A cycle as the replay builds it.
#[derive(Debug)]
pub(super) struct Raw {
    pub started: i64,
    /// Closed running spans.
    pub spans: Spans,
    pub pauses: Vec<Pause>,
    pub mode: Mode,
    /// When the current mode began (an instant index).
    pub since: At,
    /// For a stopped or complete cycle: when, and the target's config then.
    pub completed: Option<(i64, Config)>,
    /// Not a cycle after all: a repeating one that stopped the second it
    /// started. Not reported.
    pub void: bool,
}

/// A breach check for the report. When the target changes under a cycle
/// (the facts changed, or a completed cycle resumed), a breach under the
/// target in force until then must stay a breach; the replay notes the
/// moment, and the report checks the notes, oldest first. Most need no
/// clock: a note under the report's own target is answered by the
/// report's own breach.
#[derive(Debug, Clone, Copy)]
pub(super) struct Check {
    pub at: At,
    pub config: Config,
    /// The closed spans then (a prefix of the cycle's spans).
    pub spans: usize,
    /// The span still open then, if the clock ran.
    pub open: Option<Span>,
}

impl Raw {
    /// A cycle starting (running) at `at`, instant index `index`.
    pub fn new(at: i64, index: At) -> Raw {
        Raw {
            started: at,
            spans: Spans::default(),
            pauses: Vec::new(),
            mode: Mode::Running,
            since: index,
            completed: None,
            void: false,
        }
    }

    /// Starts the new cycle in `mode` (`config` is the target's config now,
    /// kept if it starts complete).
    pub fn begin(&mut self, mode: Mode, config: Config) {
        if mode != Mode::Running {
            self.enter(mode, self.started, self.since, config);
        }
    }

    /// Whether the clock runs: not paused, not complete, not stopped.
    pub fn running(&self) -> bool {
        self.mode == Mode::Running && self.completed.is_none()
    }

    /// The running span still open at instant `now`, if the clock runs.
    pub fn open_span(&self, now: At) -> Option<Span> {
        (self.running() && now > self.since).then_some((self.since, now))
    }

    /// A breach check of the clock as it stands at instant `at`, under `config`.
    pub fn check_at(&self, at: At, config: Config) -> Check {
        Check {
            at,
            config,
            spans: self.spans.as_slice().len(),
            open: (self.mode == Mode::Running && at > self.since).then_some((self.since, at)),
        }
    }

    /// Moves to `mode` at `at` (instant index `index`), ending the current mode.
    pub fn switch(&mut self, mode: Mode, at: i64, index: At, config: Config) {
        self.leave(at, index);
        self.enter(mode, at, index, config);
    }

    /// Stops the cycle for good at `at` (instant index `index`).
    pub fn stop(&mut self, at: i64, index: At, config: Config) {
        if self.mode == Mode::Complete && self.completed.is_some() {
            // Already complete: it stays complete as it was, at the time and
            // under the target it completed with.
            return;
        }
        self.leave(at, index);
        self.completed = Some((at, config));
    }

    /// Ends the current mode.
    fn leave(&mut self, at: i64, index: At) {
        match self.mode {
            Mode::Running => {
                if index > self.since {
                    self.spans.push((self.since, index));
                }
            }
            Mode::Paused(_) => {
                if let Some(p) = self.pauses.last_mut() {
                    p.to = Some(ts(at));
                }
            }
            Mode::Complete => self.completed = None,
        }
    }

    fn enter(&mut self, mode: Mode, at: i64, index: At, config: Config) {
        self.mode = mode;
        self.since = index;
        match mode {
            Mode::Paused(reason) => self.pauses.push(Pause {
                from: ts(at),
                to: None,
                reason,
            }),
            Mode::Complete => self.completed = Some((at, config)),
            Mode::Running => {}
        }
    }
}
