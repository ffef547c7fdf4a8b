//! Small per-language word lists for choosing line breaks: words a line may well start with
//! (conjunctions, prepositions: Netflix breaks "before conjunctions, before prepositions") and
//! words that bind to the word after them, so a line should not end on them (articles and
//! determiners, prepositions, subject pronouns, auxiliaries, negation, conjunctions).
//!
//! The lists are deliberately short and high-precision: a word that is often something else
//! (English "you", "it") is left out, because a wrong penalty is worse than none. Languages
//! without a list are broken by punctuation and shape alone.

/// The word classes of one language, lower-case.
pub(super) struct Words {
    /// A line may start with these (small bonus for breaking before them).
    pub conj: &'static [&'static str],
    pub prep: &'static [&'static str],
    /// A line should not end with these (they bind to the next word).
    pub bind: &'static [&'static str],
}

const NONE: Words = Words {
    conj: &[],
    prep: &[],
    bind: &[],
};

const EN: Words = Words {
    conj: &[
        "and", "but", "or", "nor", "so", "because", "although", "though", "while", "when",
        "whenever", "if", "unless", "until", "since", "than", "that", "which", "who", "whom",
        "whose", "where", "whereas", "once",
    ],
    prep: &[
        "to", "of", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "about", "over",
        "under", "without", "through", "between", "against", "during", "across", "behind",
        "beyond", "near", "toward", "towards", "upon", "within", "along", "among", "around",
    ],
    bind: &[
        "a", "an", "the", "this", "these", "those", "my", "your", "his", "her", "its", "our",
        "their", "some", "any", "no", "every", "each", "either", "neither", "such", "i", "he",
        "she", "we", "they", "am", "is", "are", "was", "were", "be", "been", "being", "have",
        "has", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could",
        "may", "might", "must", "not", "never", "don't", "doesn't", "didn't", "won't", "can't",
        "isn't", "aren't", "wasn't", "weren't", "i'm", "i'll", "i've", "i'd", "we're", "they're",
        "to", "of", "in", "on", "at", "by", "for", "with", "from", "into", "about", "and", "but",
        "or", "because", "if", "than", "very", "mr.", "mrs.", "ms.", "dr.",
    ],
};

const FR: Words = Words {
    conj: &[
        "et", "mais", "ou", "donc", "car", "ni", "que", "qui", "quand", "lorsque", "si", "parce",
        "puisque", "comme",
    ],
    prep: &[
        "à", "de", "en", "dans", "sur", "sous", "avec", "pour", "par", "sans", "chez", "vers",
        "entre", "contre", "pendant", "depuis",
    ],
    bind: &[
        "le", "la", "les", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces",
        "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos",
        "leur", "leurs", "je", "tu", "il", "elle", "on", "nous", "ils", "elles", "ne", "à", "de",
        "en", "dans", "sur", "avec", "pour", "par", "sans", "et", "mais", "ou", "que", "très",
        "m.", "mme",
    ],
};

const ES: Words = Words {
    conj: &[
        "y", "e", "o", "u", "pero", "sino", "que", "porque", "cuando", "si", "aunque", "mientras",
        "como",
    ],
    prep: &[
        "a", "de", "en", "con", "por", "para", "sin", "sobre", "entre", "hasta", "desde", "hacia",
        "contra",
    ],
    bind: &[
        "el", "la", "los", "las", "un", "una", "unos", "unas", "lo", "al", "del", "mi", "mis",
        "tu", "tus", "su", "sus", "nuestro", "nuestra", "yo", "no", "se", "me", "te", "nos", "a",
        "de", "en", "con", "por", "para", "sin", "y", "pero", "que", "muy", "sr.", "sra.",
    ],
};

const PT: Words = Words {
    conj: &[
        "e", "ou", "mas", "que", "porque", "quando", "se", "embora", "como",
    ],
    prep: &[
        "a", "de", "em", "com", "por", "para", "sem", "sobre", "entre", "até", "desde", "contra",
    ],
    bind: &[
        "o", "a", "os", "as", "um", "uma", "uns", "umas", "do", "da", "dos", "das", "no", "na",
        "nos", "nas", "ao", "à", "meu", "minha", "seu", "sua", "eu", "não", "se", "me", "te", "de",
        "em", "com", "por", "para", "sem", "e", "mas", "que", "muito", "sr.", "sra.",
    ],
};

const IT: Words = Words {
    conj: &[
        "e", "ed", "o", "ma", "che", "perché", "quando", "se", "anche", "mentre", "come",
    ],
    prep: &[
        "a", "di", "da", "in", "con", "su", "per", "tra", "fra", "senza",
    ],
    bind: &[
        "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "del", "della", "dei", "al",
        "alla", "nel", "nella", "mio", "mia", "tuo", "tua", "suo", "sua", "io", "non", "si", "mi",
        "ti", "ci", "a", "di", "da", "in", "con", "su", "per", "e", "ma", "che", "molto",
    ],
};

const DE: Words = Words {
    conj: &[
        "und", "aber", "oder", "denn", "weil", "dass", "wenn", "als", "ob", "obwohl", "sondern",
    ],
    prep: &[
        "in", "an", "auf", "mit", "zu", "von", "für", "aus", "bei", "nach", "über", "unter", "vor",
        "durch", "gegen", "ohne", "um",
    ],
    bind: &[
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "mein",
        "meine", "dein", "deine", "sein", "seine", "ihr", "ihre", "unser", "ich", "du", "er",
        "wir", "nicht", "in", "an", "auf", "mit", "zu", "von", "für", "aus", "bei", "und", "aber",
        "oder", "weil", "dass", "sehr", "hr.", "fr.",
    ],
};

const RU: Words = Words {
    conj: &[
        "и",
        "а",
        "но",
        "или",
        "что",
        "чтобы",
        "потому",
        "если",
        "когда",
        "как",
    ],
    prep: &[
        "в",
        "во",
        "на",
        "с",
        "со",
        "к",
        "ко",
        "по",
        "за",
        "из",
        "от",
        "до",
        "для",
        "без",
        "о",
        "об",
        "при",
        "под",
        "над",
        "у",
        "через",
    ],
    bind: &[
        "я",
        "ты",
        "он",
        "она",
        "мы",
        "вы",
        "они",
        "не",
        "ни",
        "в",
        "во",
        "на",
        "с",
        "со",
        "к",
        "по",
        "за",
        "из",
        "от",
        "до",
        "для",
        "без",
        "о",
        "об",
        "при",
        "под",
        "у",
        "и",
        "а",
        "но",
        "или",
        "что",
        "очень",
    ],
};

const AR: Words = Words {
    conj: &["لكن", "أو", "ثم", "لأن", "حتى", "إذا", "عندما", "بل", "لكي"],
    prep: &["في", "من", "إلى", "على", "عن", "مع"],
    bind: &[
        "في", "من", "إلى", "على", "عن", "مع", "لكن", "أو", "ثم", "لأن", "لا", "لم", "لن", "قد",
        "هذا", "هذه", "ذلك", "تلك",
    ],
};

const FA: Words = Words {
    conj: &["و", "اما", "یا", "که", "چون", "اگر", "ولی", "تا", "زیرا"],
    prep: &["به", "از", "در", "با", "برای", "بر", "بی"],
    bind: &[
        "به", "از", "در", "با", "برای", "بر", "بی", "و", "اما", "یا", "که", "اگر", "این", "آن",
        "یک", "نه",
    ],
};

/// The word lists of a language (by its primary subtag, lower-case).
pub(super) fn words_for(primary: &str) -> &'static Words {
    match primary {
        "en" => &EN,
        "fr" => &FR,
        "es" => &ES,
        "pt" => &PT,
        "it" => &IT,
        "de" => &DE,
        "ru" => &RU,
        "ar" => &AR,
        "fa" | "prs" => &FA,
        _ => &NONE,
    }
}
