//! Platform profiles: each platform's delivery rules as embedded data with the source of every number.
