//! Character classes that line breaking and punctuation need: break spaces, scripts written
//! without spaces, Chinese/Japanese kana and ideographs, and the kinsoku sets (characters that
//! may not start or end a line in Chinese and Japanese).

/// Spaces a line may break at; the break removes them. A no-break space (U+00A0, U+202F,
/// U+2007) is not one.
pub(super) fn is_break_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\r'
            | '\u{3000}'
            | '\u{1680}'
            | '\u{2000}'..='\u{2006}'
            | '\u{2008}'..='\u{200a}'
            | '\u{205f}'
    )
}

/// Chinese and Japanese characters and their punctuation: lines join without a space here.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}' | '\u{3000}'..='\u{303f}' | '\u{3040}'..='\u{30ff}'
        | '\u{3100}'..='\u{312f}' | '\u{31a0}'..='\u{31ff}' | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{3134f}')
}

/// Scripts written without spaces between words, where a line may break with no space.
pub(super) fn is_unspaced(c: char) -> bool {
    is_cjk(c)
        || matches!(c,
            '\u{0e00}'..='\u{0eff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}'
            | '\u{aa60}'..='\u{aa7f}')
}

pub(super) fn is_thai_like(c: char) -> bool {
    matches!(c, '\u{0e00}'..='\u{0eff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}')
}

pub(super) fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309f}')
}

pub(super) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30a0}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{ff66}'..='\u{ff9f}')
}

pub(super) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}' | '々')
}

/// Characters that may not start a line (kinsoku shori: closing punctuation, small kana,
/// iteration and prolonged-sound marks).
pub(super) const NO_LINE_START: &str = "、。，．・：；？！ー」』）】〕〉》〙〗｝］〟’”ゝゞヽヾ々…‥⋯〜～ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ゠〻!%),.:;?]}°‰′″℃％｠｣﹑";
/// Characters that may not end a line (opening brackets and quotes, currency signs).
pub(super) const NO_LINE_END: &str = "（「『【〔〈《〘〖｛［〝‘“([{＄￥＃$£¥｟｢";
