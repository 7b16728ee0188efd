//! The native part of the `frontline` Python package: one class over
//! [`frontline::api::Session`] that runs JSON requests with the GIL
//! released. Everything Pythonic (dicts, exceptions, typed helpers) is in
//! `python/frontline/__init__.py`.

use std::sync::Mutex;

use pyo3::prelude::*;

/// A frontline session: named objects built by earlier requests.
///
/// Calls on one session take turns (a lock); [`call_shared`](Self::call_shared)
/// runs a read-only request on a copy that shares the named objects, which
/// is how FAQ searches run on several threads at once.
#[pyclass(frozen, module = "frontline._native")]
struct NativeSession {
    inner: Mutex<frontline::api::Session>,
}

#[pymethods]
impl NativeSession {
    /// An empty session.
    #[new]
    fn new() -> NativeSession {
        NativeSession {
            inner: Mutex::new(frontline::api::Session::new()),
        }
    }

    /// Runs one JSON request and returns the JSON answer. The GIL is
    /// released while frontline works, so other Python threads run.
    fn call(&self, py: Python<'_>, request: String) -> String {
        py.detach(|| {
            let mut session = self
                .inner
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            session.call(&request)
        })
    }

    /// Runs one request on a copy of the session that shares its named
    /// objects (the lock is held only to copy them), so calls that only
    /// read, such as FAQ searches, run in parallel on several threads.
    /// Objects the request builds are not kept.
    fn call_shared(&self, py: Python<'_>, request: String) -> String {
        py.detach(|| {
            let mut copy = self.session_copy();
            copy.call(&request)
        })
    }

    /// A session sharing the named objects built so far (cheap: they are
    /// reference-counted, not copied). Objects built later in either are
    /// not seen by the other.
    fn snapshot(&self, py: Python<'_>) -> NativeSession {
        let session = py.detach(|| self.session_copy());
        NativeSession {
            inner: Mutex::new(session),
        }
    }
}

impl NativeSession {
    /// A copy of the session, taken under the lock (it waits for a call in
    /// progress, so it never sees a named object half-replaced).
    fn session_copy(&self) -> frontline::api::Session {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// The names of every operation of the JSON contract.
#[pyfunction]
fn operations() -> Vec<&'static str> {
    frontline::api::operations().collect()
}

/// The native module `frontline._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeSession>()?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add("FRONTLINE_VERSION", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", frontline::api::SCHEMA_VERSION)?;
    Ok(())
}
