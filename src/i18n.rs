//! The user interface language: Fluent bundles embedded from `locales/`, negotiation, formatting.
