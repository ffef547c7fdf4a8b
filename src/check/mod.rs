//! Quality checks over a `Track`: timing, reading speed, line limits, markup, language rules.
