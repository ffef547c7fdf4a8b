//! The translation vendors: each backend implements `translate::Backend` for one provider, mapping
//! one batch of segments to one provider request and its answer back, and nothing more. What every
//! backend shares — placeholders, the memory, batching, retries, rate limits, cost — stays in the
//! engine one level up (`src/translate/mod.rs` and its `scheduler`, `segment`, `memory`, `pace`,
//! `cost`), so a vendor file only speaks its provider's wire format.
//!
//! - `deepl` — DeepL API v2 (`/v2/translate`, glossary sync through `/v2/glossaries`).
//! - `google` — Cloud Translation Basic (v2) and Advanced (v3, glossaries).
//! - `libretranslate` — a LibreTranslate server (`/translate`, `/languages`).
//! - `openai` — any OpenAI-compatible chat-completions endpoint (LLMs), with its prompt and reply
//!   parsing.
//! - `command` — an external program speaking JSON on stdin/stdout.
//! - `pseudo` — the offline, deterministic pseudo translator (the default).
//!
//! Shared plumbing of the HTTP vendors:
//! - `http` — client construction, bounded reads, `Retry-After`, status → `BackendError`.
//! - `placeholder_html` — placeholders as HTML for the engines that take HTML input (Google,
//!   LibreTranslate), and the inline-tag classifier XLIFF import uses.

pub mod command;
pub mod deepl;
pub mod glossary_terms;
pub mod google;
pub mod http;
pub mod libretranslate;
pub mod openai;
pub mod placeholder_html;
pub mod pseudo;
