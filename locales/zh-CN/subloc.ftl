# subloc — 用户界面消息，简体中文（中国）。消息 id 必须与 en-US 完全一致（src/i18n.rs 中的单元测试会检查）。
# 诊断信息：消息 id 即规则 id（src/diag.rs），变量即诊断的参数。

## 命令行帮助

cli-about = 为国际发行本地化字幕：无损转换 SRT / ASS / WebVTT / TTML，查看文件信息并检查问题。
cli-ui-lang = 界面语言：en-US、zh-CN 或 fa-IR（默认依次取 LC_ALL、LC_MESSAGES、LANG，再取系统设置）
cli-color = 何时使用彩色输出：auto（自动，默认）、always（总是）或 never（从不）
cli-quiet = 只输出错误
cli-usage = 用法:
cli-heading-options = 选项
cli-heading-arguments = 参数
cli-heading-commands = 命令
cli-help = 显示帮助
cli-version = 显示版本
cli-convert-about = 把字幕文件转换为另一种格式（SRT、ASS、WebVTT、TTML）
cli-convert-input = 要读取的字幕文件
cli-convert-output = 要写入的文件（“-”表示标准输出）；未指定 --to 时按扩展名确定格式
cli-convert-to = 输出格式：srt、ass、vtt 或 ttml（默认按输出文件的扩展名）
cli-encoding = 输入文件的编码，例如 GBK、Big5、UTF-16LE（默认自动检测）
cli-out-encoding = 输出文件的编码（默认 UTF-8）
cli-bom = 写入字节顺序标记（BOM）
cli-no-bom = 不写入字节顺序标记（BOM）
cli-line-ending = 输出的换行符：lf、crlf 或 cr（默认与输入相同）
cli-convert-strict = 出现任何警告即失败：退出码为 1，且不写入任何文件
cli-force = 允许覆盖输入文件
cli-info-about = 查看字幕文件信息：格式、编码、换行符、字幕条数、时间范围、文字种类及问题
cli-info-files = 要查看的字幕文件
cli-info-format = 报告格式：human（供人阅读，默认）或 json（供脚本使用的稳定接口）
cli-info-cues = 同时列出每一条字幕：序号、时间和纯文本
cli-info-strict = 任一文件存在警告级别及以上的问题时，退出码为 1
cli-completions-about = 输出 shell 补全脚本
cli-completions-shell = 要生成补全脚本的 shell：bash、zsh、fish、powershell 或 elvish
cli-man-about = 把手册页（roff 格式）输出到标准输出

## 严重程度

severity-error = 错误
severity-warning = 警告
severity-info = 提示

## 错误

error-prefix = 错误
read-io-error = 无法读取 { $path }：{ $detail }
error-write = 无法写入 { $path }：{ $detail }
error-stdout = 无法写入标准输出：{ $detail }
io-not-found = 文件或目录不存在
io-permission-denied = 权限不足
io-is-a-directory = 这是一个目录
io-already-exists = 文件已存在
io-invalid-data = 数据无效
io-storage-full = 设备空间不足
io-other = { $detail }
read-unknown-format = 无法判断 { $path } 的字幕格式：应为 SRT、ASS/SSA、WebVTT 或 TTML（请使用 .srt、.ass、.ssa、.vtt 或 .ttml 扩展名）
error-unknown-output-format = 无法判断 { $path } 应以何种格式写入；请加上 --to srt、--to ass、--to vtt 或 --to ttml
error-unknown-encoding = 未知编码“{ $label }”（可用 UTF-8、GBK、GB18030、Big5、Shift_JIS、EUC-KR、UTF-16LE 或 windows-1256）
error-unreadable-format = { $path }：{ $format } 格式只能写入，不能读取
error-same-file = 拒绝覆盖输入文件 { $path }；请另选输出文件，或加上 --force
error-strict-convert = { $path }：有 { $count } 个警告级别及以上的问题，且已设置 --strict：未写入任何文件
error-strict-info = 有 { $count } 个警告级别及以上的问题，且已设置 --strict
error-files-failed = 有 { $count } 个文件无法读取
error-internal = 内部错误：subloc 遇到程序缺陷并已停止。请连同所运行的命令一起报告此问题。

## info

label-file = 文件
label-format = 格式
label-encoding = 编码
label-bom = 字节顺序标记
label-line-ending = 换行符
label-cues = 字幕条数
label-comments = 注释事件
label-span = 时间范围
label-scripts = 文字
label-problems = 问题
value-yes = 有
value-no = 无
value-none = 无
value-guessed = { $encoding }（自动检测所得，请用 --encoding 确认）
value-span = { $start } → { $end }
value-problems = { $errors } 个错误，{ $warnings } 个警告
info-no-cues = 没有字幕

## convert

convert-summary = 已将 { $count } 条字幕从 { $from } 转换为 { $to }：{ $path }

## 诊断（消息 id = 规则 id）。同一规则的不同来源可能传入不同参数，因此消息可以用属性提供备选文本：
## 取第一个所需变量都齐全的文本，`.plain` 不需要任何变量（见 Localizer::diagnostic）。

parse-bad-timing = 时间轴行中出现意外的“{ $found }”，已跳过该条字幕
    .field = 无法读取 { $field } 时间“{ $value }”，已跳过该事件
    .plain = 无法读取这一行时间轴，已跳过该条字幕
parse-stray-text = 此处应为一条字幕，却出现了多余的文字：“{ $text }”
    .plain = 此处应为一条字幕，却出现了多余的文字
parse-bad-index = 字幕序号“{ $index }”不是正整数
    .plain = 缺少字幕序号
parse-end-before-start = 该条字幕的结束时间（{ $end }）早于开始时间（{ $start }）
    .plain = 该条字幕的结束时间早于开始时间
parse-bad-line = { $expected ->
        [0] “{ $key }”不是此节中允许出现的行
       *[other] 这一 { $key } 行有 { $found } 个字段，应为 { $expected } 个
    }
    .plain = 无法读取这一行（应为“键: 值”格式，且字段数量足够）
parse-missing-format = { $section } 行出现在该节的“Format:”行之前；按标准 ASS v4+ 字段顺序处理
    .plain = 事件出现在任何“Format:”行之前；按标准 ASS v4+ 字段顺序处理
parse-bad-markup = 标记“{ $markup }”未闭合或无法识别
    .plain = 标记未闭合或无法识别
parse-missing-header = 第一行缺少 WebVTT 标识“WEBVTT”
parse-no-cues = 文件中没有任何字幕
parse-unsupported-format = { $format } 格式只能写入，不能读取
    .plain = subloc 只能写入这种格式，不能读取
encoding-invalid = 有 { $count } 处字节序列不符合 { $encoding } 编码，已替换为“�”
    .plain = 文件中有不符合其编码的字节，已替换为“�”
encoding-guessed = 编码是自动检测推断的（{ $encoding }），请用 --encoding 确认
    .plain = 编码是自动检测推断的，请用 --encoding 确认
encoding-nul = 文件中含有 { $count } 个 NUL 字节，可能不是文本文件
    .plain = 文件中含有 NUL 字节，可能不是文本文件
encoding-bom-overridden = 文件以 { $bom } 字节顺序标记开头，但指定了 --encoding { $encoding }，该标记被当作文本读取
    .plain = --encoding 与文件的字节顺序标记不符，该标记被当作文本读取
write-markup-dropped = { $format } 无法表达“{ $markup }”，已将其丢弃
    .markup = 输出格式无法表达“{ $markup }”，已将其丢弃
    .plain = 输出格式无法表达部分标记，这些标记已被丢弃
write-unmappable = 有 { $count } 个字符无法用 { $encoding } 编码表示（第一个是“{ $char }”），已替换为“?”
    .count = 有 { $count } 个字符无法用 { $encoding } 编码表示，已被替换
    .plain = 部分字符无法用输出编码表示，已被替换
write-comment-dropped = 已省略 { $count } 个注释事件：{ $format } 格式不支持注释
    .plain = 已省略注释事件：输出格式不支持注释
timing-overlap = 这条字幕与同一位置的另一条字幕同时显示
timing-out-of-order = 这条字幕的开始时间早于它前面的一条字幕
timing-zero-duration = 这条字幕的结束时间不晚于开始时间
timing-min-duration = 这条字幕的显示时间短于最短时长
timing-max-duration = 这条字幕的显示时间超过最长时长
timing-min-gap = 这条字幕与前一条之间的间隔短于最小间隔
text-max-lines = 这条字幕的行数超过上限
text-max-chars-per-line = 这条字幕有一行的字符数超过上限
reading-speed = 这条字幕太快，来不及阅读：每秒字符数超过上限
reading-speed-wpm = 这条字幕太快，来不及阅读：每分钟词数超过上限
text-empty-cue = 这条字幕没有可见文字
markup-unbalanced = 有标签只开不关，或只关不开
markup-unknown = 任何字幕格式都未定义的标签或覆盖标签
italics-forbidden = 该语言不使用斜体
punct-forbidden = 该语言的风格指南不使用这种标点
punct-line-end = 在该语言中，这种标点不能出现在行尾
punct-arabic-script = 阿拉伯字母文本中使用了拉丁标点；请改用“،”“؟”“؛”
punct-space-before = 标点前有空格，而该标点应紧跟在词后
punct-ellipsis = 该语言应使用省略号字符“…”，而不是三个句点
rtl-line-end-mark = 这一从右到左书写的行缺少方向标记，行首或行尾会显示在错误的一侧
text-zwnj-stripped = 此处的波斯语词需要零宽不连字（ZWNJ），例如“می‌شود”
charset-invalid = 含有平台字符集之外的字符
glossary-syntax = 无法读取 glossary.yaml：{ $message }
    .plain = glossary.yaml 不是有效的 YAML，或某个值的类型不对
glossary-unknown-key = 未知的键“{ $key }”；应为以下之一：{ $expected }
    .plain = 术语表格式中没有定义这个键
glossary-unsupported-version = 此版本的 subloc 无法读取该术语表的格式版本
glossary-duplicate-id = 有两个术语的 id 相同
glossary-bad-id = 术语 id 必须是 kebab-case（小写字母、数字和连字符）
glossary-duplicate-source = 这个原文形式已被另一个术语使用
glossary-variant-forbidden = 这个译法同时被列为可接受和禁止
glossary-bad-language = 这个语言标签不是有效的 BCP 47 标签
glossary-approved-without-text = 已批准的条目没有译法
glossary-bad-value = 这个值不在允许的取值范围内
glossary-empty-text = 原文形式或译法为空
glossary-bad-date = 日期必须写成 YYYY-MM-DD
glossary-no-rendering = 项目声明的某个目标语言还没有可用的译法
glossary-missing-term = 译文缺少原文中术语的已批准译法
glossary-forbidden-term = 译文使用了术语的禁用译法
glossary-not-kept = 不应翻译的术语没有按原样保留
