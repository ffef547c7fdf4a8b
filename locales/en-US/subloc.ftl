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

## Diagnostics (message id = rule id)

parse-bad-timing = this timing line could not be read, so the cue is skipped
parse-stray-text = text where a cue was expected
parse-bad-index = the cue number is missing, negative or not a number
parse-end-before-start = the cue ends before it starts
parse-bad-line = this line could not be read (expected “Key: value” with enough fields)
parse-missing-format = event before any “Format:” line; the standard ASS v4+ field order is assumed
parse-bad-markup = markup that is not closed or not understood
parse-missing-header = the WebVTT signature “WEBVTT” is missing on the first line
parse-no-cues = the file contains no cues
encoding-invalid = bytes that are not valid in the file's encoding were replaced with “�”
encoding-guessed = the encoding was guessed; confirm it with --encoding
encoding-nul = the file contains NUL bytes, so it may not be a text file
write-markup-dropped = the output format cannot express some markup, which was dropped
write-unmappable = some characters cannot be written in the output encoding and were replaced
