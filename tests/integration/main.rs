//! Integration tests: run the `kpi` binary as users do.
