//! Renderers for diagnostics and reports, one per output format.
