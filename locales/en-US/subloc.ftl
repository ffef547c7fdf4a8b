# subloc — user interface messages, English (United States). This is the reference locale: every
# message here must exist in every other locale (a unit test in src/i18n.rs checks it).
# Diagnostics: the message id is the rule id (src/diag.rs), the variables are the diagnostic's args.

## Command line help

cli-about = Localize subtitles for international distribution: translate a season into every language and platform with a glossary and a translation memory, check and fix tracks against platform rules, convert SRT / ASS / WebVTT / TTML losslessly.
cli-ui-lang = Language of messages: en-US, zh-CN or fa-IR (default: LC_ALL, LC_MESSAGES, LANG, then the system setting)
cli-color = When to colour the output: auto (default), always or never
cli-quiet = Print only errors
cli-usage = Usage:
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-commands = Commands
cli-help = Print help
cli-version = Print version
cli-convert-about = Convert a subtitle file to another format (SRT, ASS, WebVTT, TTML, SBV)
cli-convert-input = Subtitle file to read
cli-convert-output = File to write ("-" for standard output); its extension picks the format unless --to is given
cli-convert-to = Output format: srt, ass, vtt, ttml or sbv (default: from the output file's extension)
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
cli-config = Project configuration file (default: subloc.yaml in this folder or the nearest parent folder)
cli-glossary-file = Glossary file (default: glossary: in subloc.yaml, else glossary.yaml in this folder or the nearest parent folder)
cli-dry-run = Show what would change; write nothing
cli-date = Date recorded with each change, YYYY-MM-DD (default: today)
cli-platform = Platform profile, e.g. netflix or youtube (default: platform: in subloc.yaml; subloc platforms lists them)
cli-file-lang = Language of the files, e.g. fa or zh-Hans (default: lang: in subloc.yaml, else the file name as in ep01.fa.srt, else the script of the text)
cli-fps = Frame rate for rules counted in frames: 23.976, 24, 25, 29.97, 30, 50, 59.94 or 60 (default: the file's, else the profile's)
cli-check-about = Check subtitle files against a platform's rules: timing, reading speed, lines, markup, punctuation and the glossary
cli-check-files = Subtitle files to check
cli-check-format = Report format: human (default), json, junit, github, sarif or html
cli-check-output = Write the report to this file instead of standard output
cli-check-max-severity = Highest severity that still passes: warning (default, so errors fail), error (nothing fails) or info (warnings fail too)
cli-check-severity = Change a rule's severity: RULE=error, warning, info or off; repeat the option or separate with commas
cli-check-baseline = Ignore the findings recorded in this baseline file (written by --write-baseline)
cli-check-write-baseline = Write the findings of this run to a baseline file
cli-check-source = Source-language files for the glossary check, paired with the checked files by name, else by order
cli-check-jobs = How many files are checked at the same time (default: 2)
cli-fix-about = Apply the fixes that cannot change meaning: line breaks, punctuation, direction marks and, with --retime, cue times
cli-fix-files = Subtitle files to fix
cli-fix-in-place = Overwrite the input files
cli-fix-out-dir = Write the fixed files into this folder under their own names
cli-fix-output = File to write (only with one input file)
cli-fix-retime = Also move cue times: close gaps below the minimum, extend short cues into free time, trim overlaps, cap long cues
cli-platforms-about = List the platform profiles, or show every limit of one profile with its source
cli-platforms-id = Profile to show (default: list every profile)
cli-platforms-lang = Language to resolve the limits for, e.g. fa or zh-Hans
cli-text-format = Output format: human (default) or json
cli-glossary-about = Work with the series glossary: lint, scan, partner review, export and import
cli-glossary-lint-about = Report every problem of the glossary at once, with line and column
cli-glossary-lint-lang = Target languages the project delivers, e.g. fa,en,ar: warn about terms without a rendering in one of them
cli-glossary-lint-path = Glossary file to lint (the same as --glossary FILE; default: glossary.yaml in this folder or the nearest parent)
cli-glossary-scan-about = Show where and how often glossary terms occur in episodes, and repeated phrases that may be missing terms
cli-glossary-scan-episodes = Source-language episodes to scan
cli-glossary-scan-candidates-out = Write the candidate terms as proposed entries to this separate file (the glossary is never changed)
cli-glossary-scan-lang = Languages of the empty proposed entries in the candidates file (default: the glossary's languages)
cli-glossary-scan-min-count = How often a phrase must occur to be a candidate (default: 3)
cli-glossary-review-about = Write a review sheet for partners: LANG.html (a page with search and filters) and LANG.csv (decisions to fill in)
cli-glossary-review-lang = Language to review, e.g. fa
cli-glossary-review-episodes = Source-language episodes whose cues are shown as examples
cli-glossary-review-translations = Translations of those episodes into the reviewed language, in the same order
cli-glossary-review-out = Folder to write LANG.html and LANG.csv to (default: review)
cli-glossary-review-max-examples = Example cues shown per term (default: 3)
cli-glossary-review-page-lang = Language of the page for the partner, e.g. fa (default: the reviewed language when subloc speaks it, else the UI language)
cli-glossary-apply-about = Merge a filled-in review CSV into the glossary; rows that conflict with later changes are refused with a reason
cli-glossary-apply-csv = The review CSV, with the decision, corrected_text, reviewer and comment columns filled in
cli-glossary-apply-reviewer = Reviewer recorded for rows that name none
cli-glossary-export-about = Export the glossary for CAT tools (TBX-Basic) or for machine translation (DeepL or Google CSV)
cli-glossary-export-format = Export format: tbx (TBX v3, the default), tbx2008 (TBX-Basic 2008, the martif form older CAT tools and translate-toolkit read) or csv
cli-glossary-export-lang = Target languages (TBX default: all); CSV needs exactly one
cli-glossary-export-style = CSV dialect: deepl (default) or google
cli-glossary-export-include-proposed = Also export proposed renderings, not only approved ones
cli-glossary-export-output = File to write (default: standard output)
cli-glossary-import-about = Import renderings from a CSV (source,target) or TBX file as proposed entries
cli-glossary-import-input = CSV or TBX file to import (.tbx and .xml are read as TBX)
cli-glossary-import-lang = Target language of a CSV file, e.g. fa

## Severities

severity-error = error
severity-warning = warning
severity-info = note
font-missing = no font “{ $family }” is installed for { $script } text, so lines on this platform's canvas are measured by counting characters. Install it (Debian and Ubuntu: apt install fonts-noto-core fonts-noto-cjk), or name an installed family or a font folder in subloc.yaml: fonts: {"{"}families: {"{"}{ $script }: FAMILY{"}"}, dirs: [FOLDER]{"}"}

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
io-too-large = the file is { $size } MiB, larger than the { $limit } MiB subloc reads
io-not-regular = it is not a regular file ({ $kind ->
        [fifo] a named pipe
        [device] a device
        [socket] a socket
       *[other] a special file
    }); copy it to a file first
io-over-budget = its { $cues ->
        [one] 1 cue
       *[other] { $cues } cues
    } and { $tags ->
        [one] 1 markup tag
       *[other] { $tags } markup tags
    } would need about { $size } MiB of memory, more than the { $limit } MiB available to subloc; split the file (e.g. by hour) or raise SUBLOC_MEMORY_LIMIT
io-other = { $detail }
read-unknown-format = cannot tell the subtitle format of { $path }: expected SRT, ASS/SSA, WebVTT, TTML/DFXP or SBV (name the file .srt, .ass, .ssa, .vtt, .ttml, .dfxp or .sbv)
error-unknown-output-format = cannot tell which format to write { $path } in; add --to srt, --to ass, --to vtt, --to ttml or --to sbv
error-stdout-needs-format = writing to standard output needs a format: add --to srt, --to ass, --to vtt, --to ttml or --to sbv
error-unknown-encoding = unknown encoding “{ $label }” (try UTF-8, GBK, GB18030, Big5, Shift_JIS, EUC-KR, UTF-16LE or windows-1256)
error-unreadable-format = { $path }: this is { $format } content, which is not a subtitle format subloc reads (it reads SRT, WebVTT, ASS/SSA, TTML/DFXP and SBV)
error-same-file = refusing to overwrite the input file { $path }; choose another output file or pass --force
error-no-cues = { $path }: no cue could be read: the file is empty or not a subtitle file
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
error-config-yaml = { $path }: { $detail }
error-unknown-platform = unknown platform profile “{ $id }”; known profiles: { $known }
error-profile = platform profiles: { $detail }
error-profile-parent = profile { $profile } inherits from { $parent }, which is not a known profile
error-profile-cycle = profile { $profile } inherits from itself (a cycle of `inherits:`)
error-profile-language = profile { $profile }: { $tag } is not a valid language tag
error-profile-rule = profile { $profile }: { $rule } in `severity` is not a rule id
error-profile-schema = platform profiles: schema_version { $version } is not supported (this subloc reads 1)
error-profile-safe-area = profile { $profile }: the safe area leaves nothing of the { $width } × { $height } canvas (left + right must be less than the width, top + bottom less than the height)
error-unknown-rule = unknown rule “{ $rule }”; known rules: { $known }
error-bad-level = invalid level “{ $value }”: expected error, warning, info or off
error-bad-severity-spec = “{ $value }” is not RULE=LEVEL (for example reading-speed=warning)
error-bad-lang = “{ $value }” is not a language tag (examples: fa, zh-Hans, en-US)
error-page-lang = no review page language “{ $value }”; the page can be written in { $known }
error-no-glossary = no glossary.yaml in { $dir } or any folder above it; pass --glossary FILE or set glossary: in subloc.yaml
error-glossary-invalid = the glossary { $path } has { $count ->
        [one] 1 error
       *[other] { $count } errors
    } (listed above); subloc glossary lint shows every problem
error-bad-date = “{ $value }” is not a date written YYYY-MM-DD
error-translations-count = { $translations } translation files for { $episodes } episodes: give one translation per episode, in the same order
error-candidates-into-glossary = refusing to write candidate terms into the glossary { $path }; choose another --candidates-out file
error-csv = { $path }:{ $line }: the CSV cannot be read: { $detail }
error-csv-column = { $path }: the column “{ $column }” is missing; use the CSV written by subloc glossary review
error-csv-encoding = { $path } is not UTF-8 and its encoding cannot be told for sure (perhaps { $encoding }): open it in the spreadsheet, choose Save As with the type “CSV UTF-8 (Comma delimited)”, and apply that file
error-tbx = { $path }: byte { $position }: the TBX file cannot be read: { $detail }
error-export-csv-lang = a CSV export needs exactly one target language: add --lang, e.g. --lang fa
error-import-csv-lang = importing a CSV needs its target language: add --lang, e.g. --lang fa
error-no-platform = no platform given: add --platform ID (subloc platforms lists them) or set platform: in subloc.yaml
error-bad-fps = “{ $value }” is not a frame rate (examples: 23.976, 24, 25, 29.97, 30000/1001)
error-baseline = the baseline { $path } cannot be used: { $detail }
error-source-pairing = cannot pair { $files } checked files with { $sources } source files: name them alike (ep01.fa.srt with ep01.srt) or give as many sources as files, in the same order
error-fix-output-one = -o names one output file, but { $count } files were given; use --out DIR for several files

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

## check

check-summary = checked { $files ->
        [one] 1 file
       *[other] { $files } files
    }: { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }, { $infos ->
        [one] 1 note
       *[other] { $infos } notes
    }
check-baseline-written = wrote { $count ->
        [one] 1 accepted finding
       *[other] { $count } accepted findings
    } to the baseline { $path }
check-baseline-accepted = { $count ->
        [one] 1 finding is
       *[other] { $count } findings are
    } accepted by the baseline and not reported

## fix

fix-summary = { $path } → { $output }: { $count ->
        [one] 1 change
       *[other] { $count } changes
    }{ $left ->
        [0] {""}
       *[other] , { $left } left to fix by hand
    }
fix-summary-dry-run = { $path }: { $count ->
        [one] 1 change
       *[other] { $count } changes
    } would be made{ $left ->
        [0] {""}
       *[other] , { $left } left to fix by hand
    }; nothing was written
fix-unfixable = no safe fix; fix it by hand
fix-field-start = start
fix-field-end = end
fix-field-text = text

## platforms

platforms-col-id = ID
platforms-col-name = Name
platforms-col-lines = Lines
platforms-col-chars = Chars/line
platforms-col-cps = CPS
platforms-col-duration = Duration
platforms-col-gap = Min gap
platforms-col-languages = Own language rules
platforms-list-hint = { $count } profiles. Limits shown are the general ones; subloc platforms ID --lang LANG shows every limit for one language, with its source.
platforms-resolved-for = Limits for language { $lang } (language entries applied: { $matched })
platforms-resolved-general = General limits (no language given; add --lang LANG for a language's own rules)
platforms-col-limit = Limit
platforms-col-value = Value
platforms-col-status = Status
platforms-col-source = Source
platforms-col-set-by = Set by
platforms-col-note = Note
platforms-severity = Severities set by the profile: { $rules }
platforms-status-legend = Status: DOC = the platform's own published page; DOC-2 = published, quoted by a secondary source; TOOL = a QC tool's implementation; IND = industry default (the platform publishes nothing); NONE = nothing published, no check. Sources are the keys of docs/platforms.md (vertical apps: docs/vertical.md).
platforms-screen-legend = Screen: canvas is width×height in pixels; safe_area is the part the platform's own interface covers, as insets from the top, right, bottom and left edges in canvas pixels; font_size and line_spacing are in canvas pixels; fonts names a family per script (Arab, Hans, Latn …).

## glossary

glossary-lint-ok = { $path }: { $count ->
        [one] 1 term
       *[other] { $count } terms
    }, no errors, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
glossary-lint-failed = { $path }: { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
glossary-scan-not-found = not found
glossary-scan-count = { $count ->
        [one] 1 occurrence
       *[other] { $count } occurrences
    }
glossary-scan-cue = cue { $cue }
glossary-scan-more = and { $count } more
glossary-scan-candidates = Candidate terms (repeated, not in the glossary):
glossary-scan-candidate = { $count ->
        [one] once
       *[other] { $count } times
    } in { $cues ->
        [one] 1 cue
       *[other] { $cues } cues
    } of { $files ->
        [one] 1 file
       *[other] { $files } files
    }
glossary-scan-summary = { $found } of { $count ->
        [one] 1 term
       *[other] { $count } terms
    } found in { $files ->
        [one] 1 file
       *[other] { $files } files
    }, { $missing } not found; { $candidates ->
        [one] 1 candidate term
       *[other] { $candidates } candidate terms
    }
glossary-candidates-written = wrote { $count ->
        [one] 1 candidate term
       *[other] { $count } candidate terms
    } to { $path } as proposed entries; { $glossary } was not changed
glossary-review-written = wrote { $html } and { $csv }: { $count ->
        [one] 1 term
       *[other] { $count } terms
    } ({ $approved } approved, { $proposed } proposed, { $rejected } rejected, { $missing } without an entry); page in { $page }
glossary-apply-row = row { $row }
glossary-apply-status = { $old } → { $new } “{ $text }”
glossary-apply-corrected = “{ $old }” → “{ $new }” (approved)
glossary-apply-comment = comment: { $text }
glossary-apply-legacy-encoding = { $path } was saved in the legacy code page { $encoding } and was read as such; next time save it as “CSV UTF-8 (Comma delimited)”
glossary-apply-commented = comment recorded
glossary-apply-refused = refused:
glossary-apply-refused-count = { $count ->
        [one] 1 row was
       *[other] { $count } rows were
    } refused and the other decisions were merged; make a new sheet with subloc glossary review for the refused terms
glossary-unchanged = nothing to change in { $path }
glossary-dry-run = dry run: { $count ->
        [one] 1 change
       *[other] { $count } changes
    } would be written to { $path }; nothing was written
glossary-updated = { $path } updated: { $count ->
        [one] 1 change
       *[other] { $count } changes
    } (the previous version is kept as { $backup })
glossary-exported = wrote { $path }
glossary-import-new-term = + new term { $term } (proposed)
glossary-import-added = + { $term } [{ $lang }] (proposed)
apply-refused-unknown-term = there is no term with this id in the glossary
apply-refused-unknown-decision = “{ $value }” is not a decision: write approve, reject or correct
apply-refused-no-decision = a corrected text without a decision: write correct in the decision column
apply-refused-conflict = the term or its rendering changed since the sheet was made (now “{ $current }”); make a new sheet
apply-refused-missing-fingerprint = the base_fingerprint cell is empty, so changes made since the sheet was written cannot be detected
apply-refused-no-text = there is no text to approve: fill in corrected_text
apply-refused-no-entry = there is no entry in this language to reject or comment on
apply-refused-lost-characters = the text is only question marks: the spreadsheet saved the file in a code page without these letters; save it as “CSV UTF-8 (Comma delimited)” and apply again
apply-refused-no-reviewer = nobody is named as reviewer: fill in the reviewer column or pass --reviewer
apply-refused-duplicate-row = this term and language were already decided in row { $row }
apply-refused-not-editable = the glossary cannot be edited in place there ({ $detail }); edit it by hand
apply-refused-invalid = the change would make the glossary invalid ({ $rules })
import-skip-already-present = item { $item } “{ $source }” [{ $lang }]: already in the glossary
import-skip-conflict = item { $item } “{ $source }” [{ $lang }]: skipped, the glossary has another rendering, “{ $existing }”
import-skip-empty = item { $item }: skipped, no source form or no target text
import-skip-bad-language = item { $item } “{ $source }”: skipped, “{ $lang }” is not a language tag
import-skip-not-editable = item { $item } “{ $source }” [{ $lang }]: skipped, the glossary cannot be edited in place there ({ $detail })
import-skip-invalid = item { $item } “{ $source }” [{ $lang }]: skipped, it would make the glossary invalid ({ $rules })

## Glossary review page (review::LABEL_IDS)

review-title = Glossary review: { $lang }
review-search = Search
review-filter-status = Status
review-filter-kind = Kind
review-all = all
review-col-term = Term
review-col-source = Source
review-col-status = Status
review-col-rendering = Rendering
review-col-notes = Notes
review-col-count = Occurrences
review-col-examples = Examples in context
review-status = { $status ->
        [approved] approved
        [proposed] proposed
        [rejected] rejected
       *[missing] no entry
    }
review-kind = { $kind ->
        [craft] craft
        [place] place
        [person] person
        [organisation] organisation
        [concept] concept
        [title] title
       *[other] other
    }
review-variants = Accepted variants
review-forbidden = Forbidden
review-keep = do not translate
review-reviewed = { $status ->
        [proposed] proposed by { $reviewer } on { $date }
       *[other] reviewed by { $reviewer } on { $date }
    }
review-reviewed-by = { $status ->
        [proposed] proposed by { $reviewer }
       *[other] reviewed by { $reviewer }
    }
review-updated = updated on { $date }
review-comment = { $reviewer }, { $date }:
review-not-counted = not counted
review-how-title = How to review these terms
review-how-decide = For each term below, decide whether its rendering in { $lang } is right. “no entry” means there is no rendering yet: propose one.
review-how-fill = Open { $csv } in a spreadsheet (Excel, LibreOffice Calc, Google Sheets). In the { $decision } column write { $approve }, { $reject } or { $correct }; to correct a rendering or propose one, write it in { $corrected }. Put your name in { $reviewer } and anything the team should know in { $comment }. Leave the other columns as they are: they record which version you reviewed.
review-how-send = Save the file as { $format } (in Excel: Save As, then the type “CSV UTF-8 (Comma delimited)”), keep its name { $csv }, and send it back to the person who sent you this page. Rows you leave empty change nothing.
review-found = rendering found
review-not-found = rendering missing
review-no-translation = no translation
review-shown = Shown:

## check reports (report::LABEL_IDS)

report-cue = cue { $cue }
report-severity = { $severity ->
        [error] error
        [warning] warning
       *[info] note
    }
report-file-unreadable = cannot be read: { $error }
report-heading-files = Files
report-heading-rules = Rules
report-no-findings = No findings.
report-html-title = subloc check report
report-timeline-title = Reading speed over time
report-timeline-empty = no cues to chart
report-col-line = Line
report-col-cue = Cue
report-col-severity = Severity
report-col-rule = Rule
report-col-message = Message
report-col-start = Start
report-col-end = End
report-col-duration = Duration
report-col-measured = Measured / limit
report-col-text = Text
report-col-episode = Episode
report-col-cues = Cues
report-col-worst = Worst rule
report-col-language = Language
report-col-platform = Platform
report-col-files = Files
report-seconds = { $seconds } s
report-measured = { $value } { $unit ->
        [cps] cps
        [wpm] wpm
        [lines] lines
        [ms] ms
        [px] px
       *[chars] chars
    } / { $limit }
report-measured-only = { $value } { $unit ->
        [cps] cps
        [wpm] wpm
        [lines] lines
        [ms] ms
        [px] px
       *[chars] chars
    }
report-source = source line
report-filter-episode = Episode
report-filter-rule = Rule
report-filter-severity = Severity
report-filter-all = all
report-season-title = { $lang } · { $platform } — subloc report
report-split-note = This season is large: each episode's timeline and findings are on a page of their own, linked from its row.
report-season-link = All episodes
report-index-link = All languages and platforms
report-index-title = subloc translation reports
report-counts = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }, { $infos ->
        [one] 1 note
       *[other] { $infos } notes
    }
report-total = { $files ->
        [one] 1 file
       *[other] { $files } files
    }{ $unreadable ->
        [0] {""}
       *[other] {" "}({ $unreadable } unreadable)
    }: { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }, { $infos ->
        [one] 1 note
       *[other] { $infos } notes
    }
report-generated = generated { $date }
report-lang = language { $lang } ({ $source ->
        [flag] from --lang
        [name] from the file name
        [script] detected from the script
       *[unknown] unknown
    })
report-platform = platform { $platform }
report-cps-limit = limit: { $limit } characters per second
report-timeline-axis = { $cps } characters per second

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
parse-missing-timing = cue { $index } has no timing line; it is kept as its own cue between its neighbours ({ $start } → { $end }): add its times
    .plain = a cue has no timing line; it is kept between its neighbours
parse-loose-arrow = the arrow “{ $arrow }” is not “-->”; the line is read as a timing line
    .plain = a timing line whose arrow is not “-->”
parse-negative-time = the { $field } time “{ $value }” is negative; the event is read from 0:00:00.00
    .plain = an event with a negative time, read from 0:00:00.00
parse-unsupported-format = this is { $format } content, which is not a subtitle format subloc reads
    .plain = the content is not in a subtitle format subloc reads
parse-bad-xml = the XML is not well-formed here ({ $detail }); the rest of the file is still read
    .plain = the XML is not well-formed here; the rest of the file is still read
parse-incomplete-timing = { $attribute ->
        [begin] this paragraph has an end but no begin on it or any element around it, so it starts at 0
       *[other] this paragraph has no end on it or any element around it, so it is skipped
    }
    .plain = a paragraph without complete timing
parse-unknown-reference = the { $kind } “{ $id }” is not defined in the document's head, so it is ignored
    .plain = a style or region reference to an id the document does not define
parse-format-from-content = the file is named as { $named } but holds { $format }; it is read as { $format }
    .plain = the file's content is in another format than its name says; it is read as what it holds
encoding-invalid = { $count ->
        [one] 1 byte sequence is
       *[other] { $count } byte sequences are
    } not valid { $encoding } and became “�”
    .plain = bytes that are not valid in the file's encoding were replaced with “�”
encoding-guessed = the encoding was guessed as { $encoding }, but { $runner } reads as text too: check the text and name the encoding with --encoding
    .single = the encoding was guessed as { $encoding }; confirm it with --encoding
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
timing-overlap = this cue overlaps cue { $other } by { $overlap_ms } ms
    .plain = this cue is shown at the same time as another cue in the same place
timing-out-of-order = this cue starts before cue { $prev_cue } ({ $prev_start }), which is written before it
    .plain = this cue starts before the cue written before it
timing-zero-duration = this cue lasts { $duration_ms } ms: it ends at or before its start
    .plain = this cue ends at or before its start
timing-min-duration = this cue is shown for { $duration_ms } ms, less than the minimum of { $min_ms } ms
    .plain = this cue is shown for less than the minimum duration
timing-max-duration = this cue is shown for { $duration_ms } ms, more than the maximum of { $max_ms } ms
    .plain = this cue is shown for longer than the maximum duration
timing-min-gap = the gap after cue { $prev_cue } is { $gap_ms } ms ({ $gap_frames ->
        [one] 1 frame
       *[other] { $gap_frames } frames
    } at { $fps } fps), less than the minimum of { $min_frames ->
        [one] 1 frame
       *[other] { $min_frames } frames
    } ({ $min_ms } ms)
    .ms = the gap after cue { $prev_cue } is { $gap_ms } ms, less than the minimum of { $min_ms } ms
    .plain = the gap before this cue is shorter than the minimum gap
text-max-lines = this cue has { $lines } lines; the limit is { $max }
    .plain = this cue has more lines than allowed
text-max-chars-per-line = line { $cue_line } of this cue has { $chars } characters; the limit is { $max }
    .plain = a line of this cue has more characters than allowed
reading-speed = this cue is too fast to read: { $cps } characters per second ({ $chars } characters in { $duration_ms } ms); the limit is { $max }
    .plain = this cue is too fast to read: more characters per second than the limit
reading-speed-wpm = this cue is too fast to read: { $wpm } words per minute ({ $words } words in { $duration_ms } ms); the limit is { $max }
    .plain = this cue is too fast to read: more words per minute than the limit
text-empty-cue = this cue has no visible text
markup-unbalanced = { $problem ->
        [unopened] the tag { $tag } closes a tag that was never opened
       *[unclosed] the tag { $tag } is opened and never closed
    }
    .plain = a tag is opened and never closed, or closed and never opened
markup-unknown = “{ $markup }” is a tag or override tag that no subtitle format defines
    .plain = a tag or override tag that no subtitle format defines
italics-forbidden = { $via ->
        [style] this cue is italic through its style “{ $style }”, and this language does not use italics
       *[tag] this cue uses italics, and this language does not use italics
    }
    .via = { $via ->
        [style] this cue is italic through its style, and this language does not use italics
       *[tag] this cue uses italics, and this language does not use italics
    }
    .plain = italics are not used in this language
punct-forbidden = line { $cue_line }: this language's style guide does not use { $chars }
    .plain = punctuation that this language's style guide does not use
punct-line-end = line { $cue_line } ends with “{ $char }”, which may not end a line in this language
    .plain = punctuation that may not end a line in this language
punct-arabic-script = line { $cue_line }: Latin punctuation { $chars } in Arabic-script text; use { $expected }
    .plain = Latin punctuation in Arabic-script text; use “،” “؟” “؛” instead
punct-space-before = line { $cue_line }: a space before { $chars }, which must follow its word directly
    .plain = a space before a punctuation mark that must follow its word directly
punct-ellipsis = line { $cue_line }: three dots where this language uses the ellipsis character “…”
    .plain = three dots where this language uses the ellipsis character “…”
rtl-line-end-mark = { $side ->
        [start] line { $cue_line } starts with a neutral character that will show on the wrong side without a right-to-left mark
        [both] line { $cue_line } starts and ends with neutral characters that will show on the wrong side without right-to-left marks
       *[end] line { $cue_line } ends with a neutral character that will show on the wrong side without a right-to-left mark
    }
    .plain = a right-to-left line whose start or end will show on the wrong side without a direction mark
text-zwnj-stripped = line { $cue_line }: “{ $word }” needs a zero-width non-joiner (ZWNJ): “{ $suggestion }”
    .plain = a Persian word here needs a zero-width non-joiner (ZWNJ), as in “می‌شود”
charset-invalid = { $count ->
        [one] 1 character
       *[other] { $count } characters
    } outside the { $charset } character set: { $chars }
    .plain = characters outside the platform's character set
layout-outside-safe-area = { $side ->
        [top] the text ({ $width } × { $height } px at font size { $size }) reaches { $px } px into the zone the platform's interface covers at the top of the picture
        [left] the text ({ $width } × { $height } px at font size { $size }) reaches { $px } px into the zone the platform's interface covers at the left of the picture
        [right] the text ({ $width } × { $height } px at font size { $size }) reaches { $px } px into the zone the platform's interface covers at the right of the picture
       *[bottom] the text ({ $width } × { $height } px at font size { $size }) reaches { $px } px into the zone the platform's interface covers at the bottom of the picture
    }
    .plain = the text reaches into a zone the platform's interface covers
layout-too-many-lines = rendered, this cue takes { $lines } lines (a line wider than { $room } px wraps at font size { $size }); at most { $max } fit
    .plain = rendered, this cue takes more lines than the platform allows or its safe area holds
glossary-syntax = the glossary could not be read: { $message }
    .plain = the glossary is not valid YAML, or a value has the wrong type
glossary-unknown-key = unknown key “{ $key }”; expected one of: { $expected }
    .plain = a key the glossary schema does not define
glossary-unsupported-version = schema version { $version } is not one this build of subloc reads (it reads version { $supported })
    .plain = this glossary's schema version is not one this build of subloc reads
glossary-duplicate-id = the id “{ $id }” is already used by the term on line { $first_line }
    .plain = two terms have the same id
glossary-bad-id = the term id “{ $id }” must be kebab-case (lowercase letters, digits and hyphens)
    .plain = a term id must be kebab-case (lowercase letters, digits and hyphens)
glossary-duplicate-source = the source form “{ $form }” of { $term } is already claimed by { $other_term } (line { $other_line })
    .form = the source form “{ $form }” is already claimed by another term
    .plain = this source form is already claimed by another term
glossary-variant-forbidden = { $term } [{ $lang }]: “{ $form }” is listed both as accepted and as forbidden
    .plain = this rendering is listed both as accepted and as forbidden
glossary-bad-language = { $term }: “{ $lang }” is not a valid BCP 47 language tag
    .lang = “{ $lang }” is not a valid BCP 47 language tag
    .plain = this language tag is not valid BCP 47
glossary-approved-without-text = { $term } [{ $lang }] is approved but has no text
    .plain = an approved entry has no rendering
glossary-bad-value = { $key }: “{ $value }” is not allowed; expected one of: { $expected }
    .plain = this value is not one of the allowed values
glossary-empty-text = { $term }: an empty value in { $key }
    .key = an empty value in { $key }
    .plain = an empty source form or rendering
glossary-bad-date = { $term } [{ $lang }]: the date “{ $value }” must be written YYYY-MM-DD
    .plain = the date must be written YYYY-MM-DD
glossary-no-rendering = { $term } has no usable rendering in { $lang }, a language the project delivers
    .plain = no usable rendering yet for a target language the project declares
glossary-missing-term = “{ $source }” ({ $term }, source cue { $source_cue }) must be rendered “{ $expected }” in { $lang }, but the translation reads “{ $found }”
    .nofound = “{ $source }” ({ $term }) must be rendered “{ $expected }” in { $lang }, but the translation has no text for it
    .plain = the translation lacks the approved rendering of a glossary term in the source
glossary-forbidden-term = the translation uses “{ $found }”, a forbidden rendering of “{ $source }” ({ $term }); use “{ $expected }”
    .noexpected = the translation uses “{ $found }”, a forbidden rendering of “{ $source }” ({ $term }) in { $lang }
    .plain = the translation uses a forbidden rendering of a glossary term
glossary-not-kept = “{ $source }” ({ $term }) must not be translated: it must appear as “{ $expected }”, but the translation reads “{ $found }”
    .nofound = “{ $source }” ({ $term }) must not be translated: it must appear as “{ $expected }”, but the translation has no text for it
    .plain = a do-not-translate term was not kept as written

## translate (src/app/translate.rs)

cli-translate-about = Translate episodes into one platform-ready track per language and platform
cli-translate-episodes = Episodes to translate: files, folders or globs (default: translate.episodes in subloc.yaml)
cli-translate-to = Target languages, comma-separated: fa,en,ar (default: translate.targets)
cli-translate-platform = Platform profiles, comma-separated: netflix,youtube,tiktok (default: translate.platforms)
cli-translate-from = Language of the episodes (default: the glossary's source language, else detected from the text)
cli-translate-backend = Translation backend: pseudo (offline, the default), deepl, openai, google, libretranslate, command, xliff (files for human translators), or a name configured under translate.backends
cli-translate-backend-url = Endpoint of the backend (a local server, a gateway, Azure)
cli-translate-model = Model of the backend
cli-translate-memory = Translation memory file or postgres:// URL of a team memory (default: translate.memory in subloc.yaml, else .subloc/memory.sqlite)
cli-translate-out = Folder to write the tracks and reports to (default: out)
cli-translate-pattern = File names inside the output folder, with {"{"}lang{"}"}, {"{"}platform{"}"}, {"{"}stem{"}"}, {"{"}ext{"}"} (default: {"{"}lang{"}"}/{"{"}platform{"}"}/{"{"}stem{"}"}.{"{"}ext{"}"})
cli-translate-budget = Refuse to start, or stop cleanly, before sending more than N characters
cli-translate-refresh = Translate again what the memory already has
cli-translate-retime = Allow start times to move when fitting (default: only end times move, into free time)
cli-translate-bilingual = Also write a source-plus-target track per language for review
cli-translate-jobs = Target languages translated at once, and outputs produced at once (default: 2)
translate-header = Translated { $episodes ->
    [one] 1 episode
   *[other] { $episodes } episodes
} from { $source } with { $backend }.
translate-header-partial = Partly translated: { $translated } of { $segments } segments of { $episodes ->
    [one] 1 episode
   *[other] { $episodes } episodes
} from { $source } with { $backend }.
translate-header-nothing = Nothing translated: 0 of { $segments } segments of { $episodes ->
    [one] 1 episode
   *[other] { $episodes } episodes
} from { $source } with { $backend }.
translate-glossary = Glossary: { $path } ({ $count ->
    [one] 1 term
   *[other] { $count } terms
}).
translate-no-glossary = No glossary found (no --glossary, no glossary: in subloc.yaml, no glossary.yaml here or in a folder above): no term was protected or checked. `subloc glossary lint FILE` checks one; see the README's glossary section.
translate-dry-run-header = Dry run: nothing was sent and nothing written. What translating { $episodes ->
    [one] 1 episode
   *[other] { $episodes } episodes
} from { $source } with { $backend } would take:
translate-dry-run-total = Billable characters in all: { $billable }
translate-col-lang = language
translate-col-platform = platform
translate-col-format = format
translate-col-files = files
translate-col-cues = cues
translate-col-memory = from memory
translate-col-billed = billed chars
translate-col-errors = errors
translate-col-warnings = warnings
translate-col-report = report
translate-col-segments = segments
translate-col-duplicates = repeats
translate-col-to-send = to send
translate-col-requests = requests
translate-col-billable = billable chars
translate-col-cost = cost
translate-rules-heading = Findings by rule:
translate-bilingual = Review tracks (source and translation): { $count }
translate-totals = { $files ->
    [one] 1 file written
   *[other] { $files } files written
}{ $skipped ->
    [0] {""}
   *[other] , { $skipped } not written (segments without a translation)
}; { $errors ->
    [one] 1 error
   *[other] { $errors } errors
}, { $warnings ->
    [one] 1 warning
   *[other] { $warnings } warnings
}; { $hits } of { $segments } segments from the memory, { $billed } characters billed. Outputs in { $out }
translate-source-findings = { $path }: { $count ->
    [one] 1 problem
   *[other] { $count } problems
} found while reading (see `subloc info { $path }`)
translate-stopped = The run stopped early ({ $reason }). Every translation received is in the memory: run the same command again to continue.
translate-stopped-budget = The run stopped at the budget of { $chars } billable characters (--budget). Every translation received is in the memory: raise the budget and run the same command again to continue.
translate-stopped-bound = The run stopped at its spending bound of { $chars } billable characters (1.5× the estimate, for retries): the provider kept failing. Every translation received is in the memory; --budget N sets another bound.
translate-spent-on-failures = Spent on failures: { $requests ->
    [one] 1 request
   *[other] { $requests } requests
} without a usable answer, { $chars } of the { $sent } characters sent.
translate-primary-abandoned = { $lang }: the primary backend was given up (unreachable, or its replies unusable); the rest of the run went to the fallback backend.
translate-failed = { $count ->
    [one] 1 segment has
   *[other] { $count } segments have
} no translation; their episodes were not written for that language:
translate-failed-more = … and { $count } more (see --format json)
translate-interrupted = interrupted: finishing the requests in flight (Ctrl-C again to abandon them)
translate-abandoned = abandoning the requests in flight
translate-progress-season = season
translate-progress-writing = writing
translate-progress-rate-limited = rate limited, waiting
translate-progress-eta = ETA
translate-progress-chars = { $sent } of { $planned } characters sent
error-translate-no-episodes = no episodes to translate: name files, folders or globs, or set translate.episodes in subloc.yaml
error-translate-no-match = { $pattern }: no subtitle files (.srt, .ass, .ssa, .vtt) there
error-translate-no-targets = no target languages: add --to fa,en or set translate.targets in subloc.yaml
error-translate-no-platforms = no platforms: add --platform netflix,youtube or set translate.platforms in subloc.yaml
error-translate-pattern-placeholder = the output pattern “{ $pattern }” uses an unknown placeholder “{ $name }” (known: lang, platform, stem, ext, source_ext)
error-translate-pattern-escapes = the output pattern “{ $pattern }” would write outside the output folder
error-translate-collision = the output pattern “{ $pattern }” gives two outputs the same name { $path }; add {"{"}platform{"}"} or {"{"}lang{"}"} to it
error-translate-no-format = platform { $platform } takes none of the formats subloc writes (it takes { $formats })
error-translate-source-lang = cannot tell the language of { $path }: add --from zh-Hans
error-translate-unsupported = the backend cannot translate into { $lang }: { $detail }
error-translate-unsupported-deepl-beta = the backend cannot translate into { $lang }: { $detail }. DeepL offers this language as a beta language: add `beta-languages: true` to this backend in subloc.yaml to use it.
error-translate-over-budget = the run needs { $needed } characters, over the budget of { $budget }; nothing was sent
error-translate-memory = translation memory: { $detail }
error-memory-open = cannot open the translation memory { $path }: { $detail }
error-memory-sqlite = the SQLite translation memory: { $detail }
error-memory-postgres = the PostgreSQL team memory: { $detail }
error-memory-newer = the translation memory was written by a newer subloc (schema { $found }); update subloc to use it
error-memory-store = the translation memory cannot store answers: { $cause ->
    [full] the disk that holds it is full
    [read-only] it is read-only
    [locked] another process kept it locked for too long
    [io] the system reported an input/output error
   *[other] the database reported an error
} ({ $detail }). Nothing was sent; free space or fix the permissions, then run the same command again
error-memory-store-run = the translation memory { $memory } stopped storing answers: { $cause ->
    [full] the disk that holds it is full
    [read-only] it is read-only
    [locked] another process kept it locked for too long
    [io] the system reported an input/output error
   *[other] the database reported an error
} ({ $detail }). Nothing more was sent and no track was written. { $count ->
    [0] No answer had to be kept aside.
    [one] One paid answer is kept in { $path }
   *[other] { $count } paid answers are kept in { $path }
}{ $count ->
    [0] {""}
   *[other] : the next run stores { $count ->
        [one] it
       *[other] them
    } before it sends anything, so { $count ->
        [one] it is
       *[other] they are
    } not paid again.
}{ $lost ->
    [0] {""}
   *[other] { " " }{ $lost } paid answers could not be kept anywhere and will be paid again.
}
translate-dry-run-invalidated = Glossary changes invalidated { $segments ->
    [one] one segment
   *[other] { $segments } segments
} the memory had translated ({ $detail }); only these are sent again.
error-translate-backend-unknown = unknown backend “{ $name }” (kinds: { $known }; or a name under translate.backends)
error-translate-missing-key = backend { $name } needs its key in the environment variable { $var }
error-translate-backend-invalid = backend { $name }: { $detail }
error-translate-backend-needs-v3 = backend { $name }: “{ $key }” works only with Cloud Translation Advanced: set api: v3 and project (and a region as location) for it
error-translate-insecure-http = backend { $name }: refusing to send the API key over plain http:// to { $url }, which is not this machine (anyone on the way could read it): use https://, or set allow-insecure-http: true for this backend in subloc.yaml if the network is yours
warning-insecure-http = warning: the API key goes over plain http:// to { $url } (allow-insecure-http: true in subloc.yaml)
error-translate-glossary-sync = glossary sync for { $lang } failed: { $detail }
backend-rate-limited = the provider is refusing more requests for now (rate limit)
backend-rate-limited-after = the provider is refusing more requests for now (rate limit; retry after { $seconds } s)
backend-server = the provider answered with HTTP status { $status }: { $body }
backend-timeout = the provider did not answer in time
backend-network = the provider could not be reached: { $detail }
backend-malformed = the provider's reply could not be read: { $detail }
backend-refused = the provider refused the text: { $reason }
backend-auth = the provider did not accept the credentials (check the API key)
backend-unsupported-language = the provider does not translate { $lang }
backend-fatal = { $detail }
backend-auth-status = the provider did not accept the API key: HTTP { $status } “{ $message }”
backend-quota = the account's quota is used up: HTTP { $status } “{ $message }”
backend-not-found = nothing answers at this address: HTTP { $status } “{ $message }”
backend-unknown-model = the server does not know the configured model: HTTP { $status } “{ $message }”
backend-unusable = its replies kept coming back in a form that cannot be used
backend-spending-bound = it kept failing until the run reached its spending bound of { $chars } billable characters (1.5× the estimate)
error-backend-stopped = { $provider } at { $url } stopped the run: { $detail }. { $advice } Translations already received are in the memory.
backend-advice-set-key = Set { $var } to a valid key for this endpoint (keys are read from the environment, never from subloc.yaml; DeepL Free keys end in :fx).
backend-advice-check-key = Check the credentials this backend sends.
backend-advice-quota = Raise the limit in the provider's account or wait for the next billing period; sending again now would only be refused.
backend-advice-check-url = Check url: of this backend in subloc.yaml (or --backend-url).
backend-advice-start-server = Nothing listens there: start the server, or check url: of this backend in subloc.yaml (or --backend-url).
backend-advice-check-tls = The secure connection failed: check that url: uses the scheme the server speaks (https:// or http://) and that its certificate is valid.
backend-advice-check-model = Check model: of this backend in subloc.yaml (or --model) against the models the server offers.
backend-advice-check-language = Choose another backend for this language, or check the language codes.
backend-advice-check-config = Check this backend's settings in subloc.yaml.
backend-advice-provider-failing = The provider keeps failing (server errors, cut-off or unreadable replies, timeouts): try again later, or configure a fallback backend.
error-translate-runtime = cannot start: { $detail }

## memory (src/app/memory.rs)

cli-memory-about = Inspect, export and import the translation memory (TMX 1.4)
cli-memory-stats-about = Entries per language pair and backend, and the characters they saved
cli-memory-export-about = Write the memory as TMX 1.4 for CAT tools
cli-memory-import-about = Add the units of a TMX file to the memory
cli-memory-file = Translation memory file or postgres:// URL (default: translate.memory in subloc.yaml, else .subloc/memory.sqlite)
cli-memory-export-format = Export format: tmx (TMX 1.4, the default)
cli-memory-export-lang = Only entries into this target language
cli-memory-export-from = Only entries from this source language
cli-memory-export-backend = Only entries of this backend kind: pseudo, deepl, openai, google, libretranslate, command, xliff, tmx
cli-memory-export-output = File to write (default: standard output)
cli-memory-import-input = TMX file to import
cli-memory-import-backend = Backend whose runs may use the units that name no backend: a kind or a name under translate.backends (default: kept apart as “tmx”)
memory-stats-header = Translation memory { $path }: { $entries ->
    [one] 1 entry
   *[other] { $entries } entries
}
memory-stats-dates = Written from { $oldest } to { $newest }
memory-col-source = source
memory-col-target = target
memory-col-backend = backend
memory-col-entries = entries
memory-col-source-chars = source chars
memory-col-billed = billed chars
memory-stats-saved = { $billed } billed characters are stored: a run that finds these entries does not pay for them again.
memory-exported = Wrote { $count ->
    [one] 1 entry
   *[other] { $count } entries
} to { $path }
memory-imported = Imported { $count ->
    [one] 1 entry
   *[other] { $count } entries
} from { $path } into { $memory } ({ $units ->
    [one] 1 unit
   *[other] { $units } units
} read{ $skipped ->
    [0] {""}
   *[other] , { $skipped } skipped: no source or no translation
})
error-memory-missing = no translation memory at { $path }: run subloc translate first, or name one with --memory
error-memory-tmx = { $path } is not a usable TMX file: { $detail }; nothing was imported

## xliff (src/app/xliff.rs, src/pipeline/xliff.rs)

cli-xliff-about = Bring human translators' XLIFF files back into the memory
cli-xliff-import-about = Check a translated XLIFF file against its episodes and store its translations in the memory
cli-xliff-import-input = The translated XLIFF file
cli-xliff-import-episodes = Episodes the file was made from, as given to subloc translate (default: those the file records)
cli-xliff-import-lang = Target language the file must be in (default: the file's)
xliff-imported = Imported { $count ->
    [one] 1 translation
   *[other] { $count } translations
} ({ $source } → { $target }) from { $path } into { $memory }.
xliff-rejected = { $count ->
    [one] 1 unit was
   *[other] { $count } units were
} not imported:
xliff-fix-and-reimport = Correct these units in { $path } and import it again (units already imported are simply stored again).
xliff-complete = Every segment of these episodes has a translation now: run the same subloc translate … --backend xliff again to write the tracks.
xliff-remaining = { $count ->
    [one] 1 segment of these episodes still has
   *[other] { $count } segments of these episodes still have
} no translation.
xliff-problem-unknown-unit = no such segment in the episodes (a unit that was not exported, or other episodes)
xliff-problem-duplicate-unit = the unit appears more than once
xliff-problem-missing-unit = the unit is missing
xliff-problem-untranslated = the target is empty
xliff-problem-source-changed = the source text is not the episode's any more (the episode changed since the export, or the source was edited)
xliff-problem-unexpected-markup = the target contains a <{ $element }> element that was not in the source
xliff-problem-unknown-entity = the target uses the entity &{ $name }; (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)
xliff-problem-placeholder-missing = inline code { $id } is missing from the target
xliff-problem-placeholder-duplicated = inline code { $id } appears { $count } times in the target
xliff-problem-placeholder-invented = inline code { $id } is not in the source
xliff-problem-placeholder-kind = inline code { $id } was changed
xliff-problem-code-end-before-start = inline code { $id } is closed before it is opened
xliff-problem-code-unclosed = inline code { $id } is opened but never closed
xliff-problem-code-crossed = inline codes { $id } and { $other } overlap (one must close inside the other)
xliff-problem-code-reordered = inline code { $id } was moved out of the order its sequence must keep (canReorder="no")
translate-xliff-heading = For translators (XLIFF 2.1):
translate-xliff-file = { $lang }: { $path } — { $units ->
    [one] 1 unit
   *[other] { $units } units
} for { $segments ->
    [one] 1 segment
   *[other] { $segments } segments
}, { $chars } characters
translate-xliff-next = Send these files to your translators. When a file comes back, run subloc xliff import FILE, then this command again: it writes the tracks from the memory.
error-xliff-not-imported = { $path } holds { $count ->
    [one] 1 translation
   *[other] { $count } translations
} the memory does not have yet, so it was not overwritten; import it first: subloc xliff import { $path }
error-xliff-xml = { $path } is not well-formed XML (byte { $offset }): { $detail }; nothing was imported
error-xliff-not-xliff = { $path } is not an XLIFF 2 file; nothing was imported
error-xliff-language = { $path } is in { $found }, not { $expected }; nothing was imported
error-xliff-no-target = { $path } names no target language: add --lang
error-xliff-no-source = { $path } names no source language (srcLang); nothing was imported
error-xliff-no-episodes = { $path } does not record the episodes it was made from: name them as for subloc translate

## burn and burned-in video (src/app/burn.rs, src/cmd/burn.rs, src/video/)

cli-burn-about = Burn a subtitle track into a video, laid out for a platform's canvas (ffmpeg with libass)
cli-burn-video = Video to burn the subtitles into; its size must be the platform's canvas (see --scale-to-canvas)
cli-burn-subtitle = Subtitle file (SRT, ASS, WebVTT, TTML, SBV); it is fitted and laid out for the canvas as translate does
cli-burn-output = Video file to write (e.g. out.mp4); written through a temporary file, never left half-written
cli-burn-platform = Platform profile with a canvas, e.g. instagram_reels or reelshort (default: platform: in subloc.yaml)
cli-video-scale-to-canvas = Scale a video whose size differs from the platform's canvas to it (aspect kept, padded with black) instead of refusing it
cli-video-ffmpeg = ffmpeg program to run (default: video.ffmpeg in subloc.yaml, else ffmpeg on PATH; ffprobe is looked for beside it)
cli-video-codec = Video encoder (default: video.codec in subloc.yaml, else libx264)
cli-video-crf = Encoder quality, lower is better (default: video.crf in subloc.yaml, else 18 for libx264 and libx265)
cli-video-preset = Encoder speed preset (default: video.preset in subloc.yaml, else medium for libx264 and libx265)
burn-summary = burned { $count ->
        [one] 1 cue
       *[other] { $count } cues
    } ({ $lang }, { $platform }): { $path }
burn-scaled = the video ({ $width }×{ $height }) was scaled to the platform's canvas
error-burn-no-canvas = platform { $platform } has no canvas to lay burned-in subtitles out on: choose one that has (instagram_reels, facebook_reels, douyin, reelshort …; subloc platforms ID shows it) or give it a canvas in subloc.yaml
error-video-ffmpeg-missing = ffmpeg was not found on PATH: burned-in video needs ffmpeg built with libass (Debian and Ubuntu: apt-get install ffmpeg), or name it with --ffmpeg or video.ffmpeg in subloc.yaml
error-video-ffmpeg-configured-missing = ffmpeg not found at { $path } (from --ffmpeg or video.ffmpeg in subloc.yaml): no executable file there
error-video-ffprobe-missing = ffprobe was not found beside { $ffmpeg } nor on PATH: it measures the video and ships with ffmpeg
error-video-not-runnable = cannot run { $program }: { $detail }
error-video-no-subtitles-filter = { $ffmpeg } has no “subtitles” filter (it was built without libass): install an ffmpeg built with --enable-libass, such as Debian's ffmpeg package
error-video-probe = cannot read the video { $video }: { $detail }
error-video-size-mismatch = { $video } is { $width }×{ $height }, but the canvas of { $platform } is { $canvas-width }×{ $canvas-height }: give a video of that size, or pass --scale-to-canvas to scale it (aspect kept, padded with black)
error-video-failed = ffmpeg failed on { $video } (exit status { $status }): { $detail }
error-video-interrupted = interrupted: ffmpeg was stopped and no partial video was left
cli-translate-video = Videos, files or folders, to burn the tracks of burned-in platforms into, matched to episodes by file stem (ep01.mp4 → ep01); writes {"{"}lang{"}"}/{"{"}platform{"}"}/{"{"}stem{"}"}.mp4 beside the track
cli-translate-video-jobs = ffmpeg processes at once (default: video.jobs in subloc.yaml, else one per core)
translate-video-no-video = note: no video for episode { $episode }: its tracks are written without a burned-in video
translate-video-unmatched = warning: the video { $path } matches no episode (videos are matched to episodes by file stem)
translate-video-written = video: { $path }
translate-video-would = would render { $path } from { $video }
translate-video-failed = video not made: { $path }: { $detail }
translate-progress-video = video

## preview and the report's preview section (src/app/preview.rs, src/cmd/preview.rs, src/video/preview.rs, src/report/preview.rs)

cli-preview-about = Render pictures of the riskiest cues as a platform's viewer sees them: on its canvas, the zones its app covers shaded, the safe area outlined (ffmpeg with libass)
cli-preview-subtitle = Subtitle file (SRT, ASS, WebVTT, TTML, SBV); it is fitted and laid out for the canvas as burn does
cli-preview-output = Folder for the pictures {"{"}stem{"}"}-cue{"{"}N{"}"}.png (default: {"{"}stem{"}"}-preview beside the subtitle file)
cli-preview-platform = Platform profile with a canvas, e.g. instagram_reels or reelshort (default: platform: in subloc.yaml)
cli-preview-video = Render on this video's frame at each cue's midpoint instead of a blank canvas
cli-preview-count = Cues to render; the reasons (most lines, widest line, right-to-left text, most text) take turns, one cue each
preview-frame = { $path }: cue { $cue } at { $start }, { $reason ->
        [most-lines] most lines
        [widest-line] widest line
        [right-to-left] right-to-left text
       *[longest-text] most text
    }
preview-summary = { $count ->
        [one] 1 picture
       *[other] { $count } pictures
    } of the { $width }×{ $height } canvas of { $platform } ({ $lang }) in { $dir }
preview-nothing = no cue of { $path } shows text: no picture was made
report-preview-heading = What the viewer sees
report-preview-note = The riskiest cues on the { $width }×{ $height } canvas of { $platform }, as burned in: the zones the app covers are shaded red, the safe area is outlined in yellow.
report-preview-frame = Cue { $cue } · { $start }
report-preview-reason = picked for: { $reason ->
        [most-lines] most lines
        [widest-line] widest line
        [right-to-left] right-to-left text
       *[longest-text] most text
    }
report-preview-no-ffmpeg = No preview: ffmpeg built with libass was not found. Install it (Debian and Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or name it with video.ffmpeg in subloc.yaml to see the riskiest cues as the viewer will.
report-preview-failed = No preview: ffmpeg failed: { $detail }
error-memory-url = the memory location { $path } is not a usable PostgreSQL URL: { $detail }
error-memory-url-password = the memory URL carries a password: remove it, and name the environment variable that holds it with memory-password-env in subloc.yaml or --memory-password-env
error-memory-tls = the team memory { $path } was not reached over TLS: { $detail }. If its certificate comes from a private authority, name that authority's certificate with sslrootcert=FILE in the URL; sslmode=verify-ca skips only the host name check
error-memory-password-env = the team memory's password variable { $var } is not set (memory-password-env in subloc.yaml or --memory-password-env)
error-memory-plaintext = refusing to send the team memory's password in clear to { $host } (sslmode={ $mode }), which is not this machine: use TLS (sslmode=verify-full, or leave sslmode out), or set memory-allow-plaintext: true under translate in subloc.yaml if the network is yours
error-memory-rootcert = the certificate authorities in { $path } (sslrootcert in the memory URL) cannot be used: { $detail }
error-memory-system-roots = no certificate authority of this system could be loaded to check the team memory's server ({ $detail }): name one with sslrootcert=FILE in the memory URL
warning-memory-plaintext = warning: the team memory's password may go in clear to { $url } (memory-allow-plaintext: true in subloc.yaml)
cli-memory-password-env = Environment variable holding the password of a postgres:// memory (over memory-password-env in subloc.yaml; the password itself is never printed)
memory-copied = Copied { $count ->
    [one] 1 entry
   *[other] { $count } entries
} from { $from } to { $to } ({ $skipped } already there)
cli-memory-push-about = Copy a local memory file's entries into the (team) memory
cli-memory-pull-about = Copy the (team) memory's entries into a local memory file
cli-memory-copy-local = Local memory file (SQLite)
