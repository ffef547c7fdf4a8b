//! Reading an OpenAI-style reply: the chat completion's shape, and the translations out of its
//! content — a JSON object keyed by the request-local ids, tolerated inside a code fence, prose or
//! a wrapper object, or a list of `{"id","text"}` objects — mapped back to segment ids.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::translate::backends::http;
use crate::translate::{BackendError, BatchRequest};

#[derive(Deserialize)]
pub(super) struct ChatReply {
    #[serde(default)]
    pub(super) choices: Vec<Choice>,
    #[serde(default)]
    pub(super) usage: Option<Usage>,
}

#[derive(Deserialize)]
pub(super) struct Choice {
    #[serde(default)]
    pub(super) message: Option<ReplyMessage>,
    #[serde(default)]
    pub(super) finish_reason: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct ReplyMessage {
    #[serde(default)]
    pub(super) content: Option<String>,
    #[serde(default)]
    pub(super) refusal: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Usage {
    #[serde(default)]
    pub(super) prompt_tokens: u64,
    #[serde(default)]
    pub(super) completion_tokens: u64,
}

/// Keys under which a reply that is not keyed by the ids may carry them: the request's own field
/// (`lines`, echoed back translated) and the wrappers models commonly add.
const WRAPPER_KEYS: [&str; 4] = ["lines", "translations", "translation", "output"];

/// Reads the translations out of a reply's content: a JSON object keyed by the request-local ids
/// (inside a code fence, prose, or a `{"translations": {…}}` wrapper), or a list of `{"id","text"}`
/// objects; then maps the ids back to segment ids. Values that are not non-empty strings are left
/// out; keys that were not asked are passed through as they are (the scheduler counts and ignores
/// them).
pub(super) fn parse_content(
    content: &str,
    ids: &BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, BackendError> {
    let s = http::strip_code_fence(content);
    let value: Value = match serde_json::from_str(s) {
        Ok(v) => v,
        Err(first) => {
            // Prose around the object: take the outermost braces.
            let inner = match (s.find('{'), s.rfind('}')) {
                (Some(a), Some(b)) if a < b => s.get(a..=b),
                _ => None,
            };
            inner
                .and_then(|i| serde_json::from_str(i).ok())
                .ok_or_else(|| BackendError::Malformed(format!("reply is not JSON: {first}")))?
        }
    };
    let mut out = Vec::new();
    let mut take = |id: &str, v: &Value| {
        if let Some(text) = v.as_str().filter(|t| !t.trim().is_empty()) {
            let id = ids.get(id.trim()).map_or(id, String::as_str);
            out.push((id.to_string(), text.to_string()));
        }
    };
    match &value {
        Value::Object(map) => {
            let direct = map.keys().any(|k| ids.contains_key(k.trim()));
            // Not keyed by the ids: a wrapper. Either the one value of a one-key object, or the
            // request's own shape echoed back with `lines` translated (models do this, and so
            // does the shared benchmark mock) — the other keys are the context, not answers.
            let inner = if direct {
                None
            } else if map.len() == 1 {
                map.values().next()
            } else {
                WRAPPER_KEYS.iter().find_map(|k| {
                    map.get(*k)
                        .filter(|v| matches!(v, Value::Object(_) | Value::Array(_)))
                })
            };
            match inner {
                Some(Value::Object(inner)) => {
                    for (k, v) in inner {
                        take(k, v);
                    }
                }
                Some(Value::Array(items)) => take_items(items, &mut take),
                // One line asked, one string answered under another key (`{"translation": …}`):
                // it can only be that line's.
                Some(v @ Value::String(_)) if ids.len() == 1 => {
                    if let Some(id) = ids.keys().next() {
                        take(id, v);
                    }
                }
                _ => {
                    for (k, v) in map {
                        take(k, v);
                    }
                }
            }
        }
        Value::Array(items) => take_items(items, &mut take),
        _ => return Err(BackendError::Malformed("reply is not a JSON object".into())),
    }
    Ok(out)
}

/// `parse_content` for the fuzz target: the request's segments get their request-local ids
/// ("1", "2", …) as `build_prompt` gives them.
#[doc(hidden)]
pub fn parse_reply_for_fuzzing(
    content: &str,
    req: &BatchRequest,
) -> Result<Vec<(String, String)>, BackendError> {
    let ids = req
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| ((i + 1).to_string(), s.id.clone()))
        .collect();
    parse_content(content, &ids)
}

fn take_items(items: &[Value], take: &mut impl FnMut(&str, &Value)) {
    for item in items {
        let id = match item.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let text = item
            .get("text")
            .or_else(|| item.get("translation"))
            .unwrap_or(&Value::Null);
        if let Some(id) = id {
            take(&id, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::backends::openai::tests::ids;

    #[test]
    fn content_parsing_maps_short_ids_and_tolerates_fences_wrappers_and_lists() {
        let two = ids(&[("1", "ep1#1"), ("2", "ep1#2")]);
        let got = parse_content("```json\n{\"1\":\"سلام\",\"2\":\"\"}\n```", &two).unwrap();
        assert_eq!(got, vec![("ep1#1".to_string(), "سلام".to_string())]);
        let got =
            parse_content("Here you go: {\"translations\":{\"2\":\"خداحافظ\"}}", &two).unwrap();
        assert_eq!(got, vec![("ep1#2".to_string(), "خداحافظ".to_string())]);
        let got = parse_content(
            "[{\"id\":\"1\",\"text\":\"a\"},{\"id\":2,\"text\":\"b\"},{\"id\":[]}]",
            &two,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                ("ep1#1".to_string(), "a".to_string()),
                ("ep1#2".to_string(), "b".to_string())
            ]
        );
        let one = ids(&[("1", "ep1#1")]);
        let got = parse_content("{\"translation\": \"سلام\"}", &one).unwrap();
        assert_eq!(got, vec![("ep1#1".to_string(), "سلام".to_string())]);
        // The request's shape echoed back with the lines translated: the context is not taken.
        let got = parse_content(
            "{\"lines\":{\"1\":\"a\",\"2\":\"b\"},\"before\":{\"1\":[\"ctx\"]},\"max_chars\":42}",
            &two,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                ("ep1#1".to_string(), "a".to_string()),
                ("ep1#2".to_string(), "b".to_string())
            ]
        );
        // With two lines asked, an unknown key stays what it is (an invented id).
        let got = parse_content("{\"translation\": \"سلام\", \"7\": \"x\"}", &two).unwrap();
        assert_eq!(
            got,
            vec![
                ("7".to_string(), "x".to_string()),
                ("translation".to_string(), "سلام".to_string())
            ]
        );
        assert!(matches!(
            parse_content("no json here", &two),
            Err(BackendError::Malformed(_))
        ));
        assert!(matches!(
            parse_content("\"just a string\"", &two),
            Err(BackendError::Malformed(_))
        ));
    }
}
