//! frontline measured beside its peers. Nothing here is public API: the
//! benchmarks are in `benches/` (`cargo bench -p frontline-benches --bench
//! calendar`) and the differential tests in `tests/` (`cargo test -p
//! frontline-benches`). They are a workspace member of their own so that the
//! library's tests and examples never compile criterion, workclock or jiff.
