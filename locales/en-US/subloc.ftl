# subloc — user interface messages, English (United States). This is the reference locale: every
# message here must exist in every other locale (a unit test in src/i18n.rs checks it).
# Diagnostics: the message id is the rule id (src/diag.rs), the variables are the diagnostic's args.

## Command line help

cli-about = Localize subtitles for international distribution: lossless SRT / ASS / WebVTT / TTML conversion, file facts and checks.
cli-ui-lang = Language of messages: en-US, zh-CN or fa-IR (default: LC_ALL, LC_MESSAGES, LANG, then the system setting)
cli-color = When to colour the output: auto (default), always or never
cli-quiet = Print only errors
cli-usage = Usage:
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-commands = Commands
cli-help = Print help
cli-version = Print version
cli-convert-about = Convert a subtitle file to another format (SRT, ASS, WebVTT, TTML)
cli-convert-input = Subtitle file to read
cli-convert-output = File to write ("-" for standard output); its extension picks the format unless --to is given
cli-convert-to = Output format: srt, ass, vtt or ttml (default: from the output file's extension)
cli-encoding = Encoding of the input, e.g. GBK, Big5, UTF-16LE (default: detected)
cli-out-encoding = Encoding of the output (default: UTF-8)
cli-bom = Write a byte-order mark
cli-no-bom = Write no byte-order mark
cli-line-ending = Line ending of the output: lf, crlf or cr (default: that of the input)
cli-convert-strict = Fail on any warning: exit 1 and write nothing
cli-force = Allow overwriting the input file
cli-info-about = Describe subtitle files: format, encoding, line endings, cues, time span, scripts and problems
cli-info-files = Subtitle files to describe
cli-info-format = Report format: human (default), or json (a stable interface for scripts)
cli-info-cues = Also list every cue: number, times and plain text
cli-info-strict = Exit 1 if any file has a problem at warning level or above
cli-completions-about = Print a shell completion script
cli-completions-shell = Shell to write completions for: bash, zsh, fish, powershell or elvish
cli-man-about = Print the manual page (roff) to standard output

## Severities

severity-error = error
severity-warning = warning
severity-info = note

## Errors

error-prefix = error
read-io-error = cannot read { $path }: { $detail }
error-write = cannot write { $path }: { $detail }
error-stdout = cannot write to standard output: { $detail }
io-not-found = no such file or directory
io-permission-denied = permission denied
io-is-a-directory = it is a directory
io-already-exists = the file already exists
io-invalid-data = the data is not valid
io-storage-full = no space left on the device
io-other = { $detail }
read-unknown-format = cannot tell the subtitle format of { $path }: expected SRT, ASS/SSA, WebVTT or TTML (name the file .srt, .ass, .ssa, .vtt or .ttml)
error-unknown-output-format = cannot tell which format to write { $path } in; add --to srt, --to ass, --to vtt or --to ttml
error-unknown-encoding = unknown encoding “{ $label }” (try UTF-8, GBK, GB18030, Big5, Shift_JIS, EUC-KR, UTF-16LE or windows-1256)
error-unreadable-format = { $path }: { $format } files can be written but not read
error-same-file = refusing to overwrite the input file { $path }; choose another output file or pass --force
error-strict-convert = { $path }: { $count ->
        [one] 1 problem
       *[other] { $count } problems
    } at warning level or above, and --strict is set: nothing was written
error-strict-info = { $count ->
        [one] 1 problem
       *[other] { $count } problems
    } at warning level or above, and --strict is set
error-files-failed = { $count ->
        [one] 1 file could not be read
       *[other] { $count } files could not be read
    }
error-internal = internal error: subloc hit a bug and stopped. Please report it with the command you ran.

## info

label-file = File
label-format = Format
label-encoding = Encoding
label-bom = Byte-order mark
label-line-ending = Line endings
label-cues = Cues
label-comments = Comment events
label-span = Time span
label-scripts = Scripts
label-problems = Problems
value-yes = yes
value-no = no
value-none = none
value-guessed = { $encoding } (guessed; confirm with --encoding)
value-span = { $start } → { $end }
value-problems = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
info-no-cues = no cues

## convert

convert-summary = converted { $count ->
        [one] 1 cue
       *[other] { $count } cues
    } from { $from } to { $to }: { $path }

## Diagnostics (message id = rule id). Emitters pass different arguments for one rule, so a
## message may offer attributes as alternatives: the first whose variables are all present is
## used, and `.plain` needs none (see Localizer::diagnostic).

parse-bad-timing = unexpected “{ $found }” in this timing line, so the cue is skipped
    .field = the { $field } time “{ $value }” could not be read, so the event is skipped
    .plain = this timing line could not be read, so the cue is skipped
parse-stray-text = text where a cue was expected: “{ $text }”
    .plain = text where a cue was expected
parse-bad-index = the cue number “{ $index }” is not a positive whole number
    .plain = the cue number is missing
parse-end-before-start = the cue ends ({ $end }) before it starts ({ $start })
    .plain = the cue ends before it starts
parse-bad-line = { $expected ->
        [0] “{ $key }” is not a line this section can have
       *[other] this { $key } line has { $found } fields where { $expected } are expected
    }
    .plain = this line could not be read (expected “Key: value” with enough fields)
parse-missing-format = { $section } line before the section's “Format:” line; the standard ASS v4+ field order is assumed
    .plain = event before any “Format:” line; the standard ASS v4+ field order is assumed
parse-bad-markup = the markup “{ $markup }” is not closed or not understood
    .plain = markup that is not closed or not understood
parse-missing-header = the WebVTT signature “WEBVTT” is missing on the first line
parse-no-cues = the file contains no cues
parse-unsupported-format = { $format } files can be written but not read
    .plain = subloc can write this format but not read it
encoding-invalid = { $count ->
        [one] 1 byte sequence is
       *[other] { $count } byte sequences are
    } not valid { $encoding } and became “�”
    .plain = bytes that are not valid in the file's encoding were replaced with “�”
encoding-guessed = the encoding was guessed as { $encoding }; confirm it with --encoding
    .plain = the encoding was guessed; confirm it with --encoding
encoding-nul = the file contains { $count ->
        [one] a NUL byte
       *[other] { $count } NUL bytes
    }, so it may not be a text file
    .plain = the file contains NUL bytes, so it may not be a text file
encoding-bom-overridden = the file starts with a { $bom } byte-order mark, but --encoding { $encoding } was given, so the mark was read as text
    .plain = --encoding contradicts the file's byte-order mark, so the mark was read as text
write-markup-dropped = { $format } cannot express “{ $markup }”, so it was dropped
    .markup = the output format cannot express “{ $markup }”, so it was dropped
    .plain = the output format cannot express some markup, which was dropped
write-unmappable = { $count ->
        [one] 1 character
       *[other] { $count } characters
    } cannot be written in { $encoding } (the first is “{ $char }”) and became “?”
    .count = { $count ->
        [one] 1 character
       *[other] { $count } characters
    } cannot be written in { $encoding } and were replaced
    .plain = some characters cannot be written in the output encoding and were replaced
write-comment-dropped = { $count ->
        [one] 1 comment event was
       *[other] { $count } comment events were
    } left out: { $format } has no comments
    .plain = comment events were left out: the output format has no comments
timing-overlap = this cue is shown at the same time as another cue in the same place
timing-out-of-order = this cue starts before the cue written before it
timing-zero-duration = this cue ends at or before its start
timing-min-duration = this cue is shown for less than the minimum duration
timing-max-duration = this cue is shown for longer than the maximum duration
timing-min-gap = the gap before this cue is shorter than the minimum gap
text-max-lines = this cue has more lines than allowed
text-max-chars-per-line = a line of this cue has more characters than allowed
reading-speed = this cue is too fast to read: more characters per second than the limit
reading-speed-wpm = this cue is too fast to read: more words per minute than the limit
text-empty-cue = this cue has no visible text
markup-unbalanced = a tag is opened and never closed, or closed and never opened
markup-unknown = a tag or override tag that no subtitle format defines
italics-forbidden = italics are not used in this language
punct-forbidden = punctuation that this language's style guide does not use
punct-line-end = punctuation that may not end a line in this language
punct-arabic-script = Latin punctuation in Arabic-script text; use “،” “؟” “؛” instead
punct-space-before = a space before a punctuation mark that must follow its word directly
punct-ellipsis = three dots where this language uses the ellipsis character “…”
rtl-line-end-mark = a right-to-left line whose start or end will show on the wrong side without a direction mark
text-zwnj-stripped = a Persian word here needs a zero-width non-joiner (ZWNJ), as in “می‌شود”
charset-invalid = characters outside the platform's character set
glossary-syntax = glossary.yaml could not be read: { $message }
    .plain = glossary.yaml is not valid YAML, or a value has the wrong type
glossary-unknown-key = unknown key “{ $key }”; expected one of: { $expected }
    .plain = a key the glossary schema does not define
glossary-unsupported-version = this glossary's schema version is not one this build of subloc reads
glossary-duplicate-id = two terms have the same id
glossary-bad-id = a term id must be kebab-case (lowercase letters, digits and hyphens)
glossary-duplicate-source = this source form is already claimed by another term
glossary-variant-forbidden = this rendering is listed both as accepted and as forbidden
glossary-bad-language = this language tag is not valid BCP 47
glossary-approved-without-text = an approved entry has no rendering
glossary-bad-value = this value is not one of the allowed values
glossary-empty-text = an empty source form or rendering
glossary-bad-date = the date must be written YYYY-MM-DD
glossary-no-rendering = no usable rendering yet for a target language the project declares
glossary-missing-term = the translation lacks the approved rendering of a glossary term in the source
glossary-forbidden-term = the translation uses a forbidden rendering of a glossary term
glossary-not-kept = a do-not-translate term was not kept as written
