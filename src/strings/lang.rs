//! The language of the interface, and [`Text`], a text in both languages.
//!
//! One language for the process ([`set_sprache`], from the config at
//! start-up), which a thread may override for itself ([`for_this_thread`]):
//! tests run in parallel threads of one process, and a test that looks at
//! the English screen must not turn the German tests next to it English.
//! A thread that works for another ([`carry`]) takes that one's language
//! along, so that a test's worker threads speak as the test does.
//!
//! Reading the language is a thread-local and an atomic load, no lock and
//! no allocation: plain texts cost nothing per frame.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::ops::Deref;
use std::sync::atomic::{AtomicU8, Ordering};

/// The language of the interface. The data is German either way, so the
/// environment's `LANG` alone does not switch it: only the config does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sprache {
    #[default]
    De,
    En,
}

impl Sprache {
    const fn code(self) -> u8 {
        match self {
            Sprache::De => 0,
            Sprache::En => 1,
        }
    }

    const fn from_code(c: u8) -> Sprache {
        if c == 1 { Sprache::En } else { Sprache::De }
    }
}

static PROCESS: AtomicU8 = AtomicU8::new(Sprache::De.code());

/// No override on this thread.
const UNSET: u8 = u8::MAX;

thread_local! {
    static THREAD: Cell<u8> = const { Cell::new(UNSET) };
}

/// The language of the whole process: every thread without an override of
/// its own speaks it. Set once, where the program starts.
pub fn set_sprache(s: Sprache) {
    PROCESS.store(s.code(), Ordering::Relaxed);
}

/// The language texts are given in on this thread, now.
pub fn sprache() -> Sprache {
    let own = THREAD.with(Cell::get);
    Sprache::from_code(if own == UNSET { PROCESS.load(Ordering::Relaxed) } else { own })
}

/// Whether texts are English on this thread now.
pub fn en() -> bool {
    sprache() == Sprache::En
}

/// This thread speaks `s` until the guard is dropped (tests; a worker
/// that [`carry`] started). Guards nest.
pub fn for_this_thread(s: Sprache) -> ThreadSprache {
    ThreadSprache { before: THREAD.with(|t| t.replace(s.code())), _not_send: std::marker::PhantomData }
}

/// Restores the thread's language when dropped; see [`for_this_thread`].
#[must_use = "the language holds only while the guard lives"]
pub struct ThreadSprache {
    before: u8,
    // The guard belongs to the thread whose language it set.
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Drop for ThreadSprache {
    fn drop(&mut self) {
        THREAD.with(|t| t.set(self.before));
    }
}

/// `f`, to run on another thread in the language of this one: for
/// `thread::spawn(carry(move || …))`.
pub fn carry<R>(f: impl FnOnce() -> R) -> impl FnOnce() -> R {
    let s = sprache();
    move || {
        let _guard = for_this_thread(s);
        f()
    }
}

/// A text in German and English, given in the current language: it derefs
/// to `str`, displays (with `{:<12}` and the like) and compares as that.
pub struct Text {
    de: &'static str,
    en: &'static str,
}

impl Text {
    pub const fn new(de: &'static str, en: &'static str) -> Text {
        Text { de, en }
    }

    /// The text in the current language.
    pub fn get(&self) -> &'static str {
        self.of(sprache())
    }

    /// The text in `s`.
    pub const fn of(&self, s: Sprache) -> &'static str {
        match s {
            Sprache::De => self.de,
            Sprache::En => self.en,
        }
    }

    /// The text in the current language as a `String`. (Inherent, so that
    /// `s::NAME.to_owned()` stays what it was when texts were `&str`.)
    pub fn to_owned(&self) -> String {
        self.get().to_owned()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.get()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.get()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.get())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.get(), f)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.get() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.get() == *other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.get()
    }
}

impl PartialEq<&Text> for String {
    fn eq(&self, other: &&Text) -> bool {
        self == other.get()
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> String {
        t.get().to_owned()
    }
}

impl<'a> From<&'a Text> for Cow<'a, str> {
    fn from(t: &'a Text) -> Cow<'a, str> {
        Cow::Borrowed(t.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static T: Text = Text::new("Sitzung", "Meeting");

    #[test]
    fn a_thread_override_is_its_own_and_ends_with_its_guard() {
        assert_eq!(T.get(), "Sitzung");
        {
            let _en = for_this_thread(Sprache::En);
            assert_eq!(&*T, "Meeting");
            assert_eq!(format!("[{T:<9}]"), "[Meeting  ]");
            // Another thread does not see it, unless carried there.
            assert_eq!(std::thread::spawn(|| T.get()).join().unwrap(), "Sitzung");
            assert_eq!(std::thread::spawn(carry(|| T.get())).join().unwrap(), "Meeting");
            {
                let _de = for_this_thread(Sprache::De);
                assert_eq!(T.get(), "Sitzung");
            }
            assert_eq!(T.get(), "Meeting");
        }
        assert_eq!(T.get(), "Sitzung");
        assert!("Sitzung" == &T && T == "Sitzung");
    }
}
