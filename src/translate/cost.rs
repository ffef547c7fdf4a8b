//! Dry-run estimates: what a run would send, in billable characters and (for LLMs) tokens, and a
//! cost range from the prices in the configuration.
//!
//! Token heuristics (no tokenizer is shipped; these are the usual rules of thumb for BPE models and
//! are reported as estimates): one token per Han, Kana or Hangul character; one per four
//! characters of Latin, Cyrillic or Greek text (spaces and punctuation included); one per two
//! characters of other scripts (Arabic, Hebrew, Thai, Devanagari …, which BPE vocabularies split
//! finely). Prompt overhead (instructions in English, context lines in the source language, JSON
//! keys) is counted at one token per three characters. The output is the translation: its length
//! follows the target script's usual ratio to the source (the same ratios the pseudo backend
//! uses), and the range spans ×0.75 to ×1.5 of that estimate, because models differ in verbosity
//! and tokenizers in efficiency.

use super::Billing;
use super::backends::pseudo::Script;
use super::scheduler::PlanSummary;

/// A price or a range of prices per million units.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum Price {
    One(f64),
    Range([f64; 2]),
}

impl Price {
    pub fn low(self) -> f64 {
        match self {
            Price::One(p) => p,
            Price::Range([a, b]) => a.min(b),
        }
    }

    pub fn high(self) -> f64 {
        match self {
            Price::One(p) => p,
            Price::Range([a, b]) => a.max(b),
        }
    }
}

/// Prices from `subloc.yaml` for one backend.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pricing {
    /// Per million source characters (DeepL, Google).
    #[serde(default)]
    pub per_million_chars: Option<Price>,
    /// Per million input tokens (LLMs).
    #[serde(default)]
    pub per_million_input_tokens: Option<Price>,
    /// Per million output tokens (LLMs).
    #[serde(default)]
    pub per_million_output_tokens: Option<Price>,
    /// Currency code shown with the estimate (e.g. `USD`, `EUR`).
    #[serde(default)]
    pub currency: Option<String>,
}

/// The dry-run estimate for one backend and target language. Machine-readable (serialize for
/// `--format json`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Estimate {
    pub segments: u64,
    pub distinct: u64,
    pub memory_hits: u64,
    pub deduplicated: u64,
    /// Distinct texts that would be sent, in how many requests.
    pub to_send: u64,
    pub requests: u64,
    /// Characters of segment text that would be sent (what MT providers bill).
    pub billable_chars: u64,
    /// Estimated prompt overhead characters (LLMs).
    pub prompt_chars: u64,
    /// Estimated input tokens (texts + prompt), LLMs only.
    pub input_tokens: Option<u64>,
    /// Estimated output tokens, low and high, LLMs only.
    pub output_tokens: Option<[u64; 2]>,
    /// Cost low and high, when prices are configured (0 for free backends).
    pub cost: Option<[f64; 2]>,
    pub currency: Option<String>,
}

/// Token estimate for a text (see the module doc).
pub fn estimate_tokens(text: &str) -> u64 {
    let (mut cjk, mut alpha, mut other) = (0u64, 0u64, 0u64);
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF
            | 0x3000..=0x303F
            | 0x20000..=0x3134F => cjk += 1,
            0x0000..=0x052F => alpha += 1,
            _ => other += 1,
        }
    }
    cjk + alpha.div_ceil(4) + other.div_ceil(2)
}

/// Expected target characters per source Han character, and per other source character.
fn output_ratio(script: Script) -> (f64, f64) {
    match script {
        Script::Latin | Script::Cyrillic | Script::Greek => (3.5, 1.15),
        Script::Arabic { .. } | Script::Hebrew | Script::Devanagari => (3.0, 1.0),
        Script::Thai => (3.0, 1.1),
        Script::Japanese | Script::Hangul => (1.5, 0.45),
        Script::Han => (1.0, 0.35),
    }
}

/// Estimated output characters of translating `text` into `target_lang`.
pub fn estimate_output_chars(text: &str, target_lang: &str) -> f64 {
    let (per_han, per_other) = output_ratio(Script::for_lang(target_lang));
    text.chars()
        .map(|c| {
            let cjk = matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF);
            if cjk { per_han } else { per_other }
        })
        .sum()
}

/// The estimate for a plan.
pub fn estimate(
    plan: &PlanSummary,
    billing: Billing,
    pricing: &Pricing,
    target_lang: &str,
) -> Estimate {
    let mut e = Estimate {
        segments: plan.segments,
        distinct: plan.distinct,
        memory_hits: plan.memory_hits,
        deduplicated: plan.deduplicated,
        to_send: plan.to_send,
        requests: plan.requests,
        billable_chars: plan.chars,
        prompt_chars: plan.prompt_chars,
        currency: pricing.currency.clone(),
        ..Estimate::default()
    };
    match billing {
        Billing::Free => e.cost = Some([0.0, 0.0]),
        Billing::Characters => {
            e.cost = pricing.per_million_chars.map(|p| {
                let m = plan.chars as f64 / 1e6;
                [m * p.low(), m * p.high()]
            });
        }
        Billing::Tokens => {
            let text_tokens: u64 = plan.texts.iter().map(|t| estimate_tokens(t)).sum();
            let input = text_tokens + plan.prompt_chars.div_ceil(3);
            let out_mid: f64 = plan
                .texts
                .iter()
                .map(|t| {
                    let chars = estimate_output_chars(t, target_lang);
                    // Output tokens follow the target script's tokenization.
                    let per_token = match Script::for_lang(target_lang) {
                        Script::Latin | Script::Cyrillic | Script::Greek => 4.0,
                        Script::Han | Script::Japanese | Script::Hangul => 1.0,
                        _ => 2.0,
                    };
                    chars / per_token
                })
                .sum();
            let out = [
                (out_mid * 0.75).round() as u64,
                (out_mid * 1.5).round() as u64,
            ];
            e.input_tokens = Some(input);
            e.output_tokens = Some(out);
            if let (Some(pi), Some(po)) = (
                pricing.per_million_input_tokens,
                pricing.per_million_output_tokens,
            ) {
                let i = input as f64 / 1e6;
                e.cost = Some([
                    i * pi.low() + out[0] as f64 / 1e6 * po.low(),
                    i * pi.high() + out[1] as f64 / 1e6 * po.high(),
                ]);
            }
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_heuristics() {
        assert_eq!(estimate_tokens("你好世界"), 4);
        assert_eq!(estimate_tokens("hello world!"), 3);
        assert_eq!(estimate_tokens("سلام"), 2);
        assert_eq!(estimate_tokens(""), 0);
    }

    fn plan() -> PlanSummary {
        PlanSummary {
            segments: 10,
            distinct: 6,
            memory_hits: 2,
            deduplicated: 2,
            to_send: 4,
            chars: 2_000_000,
            requests: 1,
            prompt_chars: 300,
            glossary_invalidated: 0,
            texts: vec!["你好世界".into(); 4],
        }
    }

    #[test]
    fn character_billing_gives_a_range() {
        let pricing = Pricing {
            per_million_chars: Some(Price::Range([20.0, 25.0])),
            currency: Some("EUR".into()),
            ..Pricing::default()
        };
        let e = estimate(&plan(), Billing::Characters, &pricing, "en");
        assert_eq!(e.cost, Some([40.0, 50.0]));
        assert_eq!(e.input_tokens, None);
        assert_eq!(e.currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn token_billing_estimates_input_and_output() {
        let pricing = Pricing {
            per_million_input_tokens: Some(Price::One(1_000_000.0)),
            per_million_output_tokens: Some(Price::One(0.0)),
            ..Pricing::default()
        };
        let e = estimate(&plan(), Billing::Tokens, &pricing, "en");
        // 4 texts × 4 Han tokens + 300 prompt chars / 3.
        assert_eq!(e.input_tokens, Some(116));
        assert_eq!(e.cost, Some([116.0, 116.0]));
        // 16 Han chars × 3.5 = 56 English chars ≈ 14 tokens → [10.5, 21].
        assert_eq!(e.output_tokens, Some([11, 21]));
        let ja = estimate(&plan(), Billing::Tokens, &pricing, "ja");
        assert_eq!(ja.output_tokens, Some([18, 36]));
    }

    #[test]
    fn prices_parse_from_yaml_shapes() {
        let p: Pricing = serde_json::from_str(
            r#"{"per-million-chars": [20, 25], "per-million-input-tokens": 0.15}"#,
        )
        .unwrap();
        assert_eq!(p.per_million_chars.map(Price::high), Some(25.0));
        assert_eq!(p.per_million_input_tokens.map(Price::low), Some(0.15));
        assert!(serde_json::from_str::<Pricing>(r#"{"per-million-char": 1}"#).is_err());
    }
}
