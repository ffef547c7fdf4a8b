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

## 诊断（消息 id = 规则 id）

parse-bad-timing = 无法读取这一行时间轴，已跳过该条字幕
parse-stray-text = 此处应为一条字幕，却出现了多余的文字
parse-bad-index = 字幕序号缺失、为负数或不是数字
parse-end-before-start = 该条字幕的结束时间早于开始时间
parse-bad-line = 无法读取这一行（应为“键: 值”格式，且字段数量足够）
parse-missing-format = 事件出现在任何“Format:”行之前；按标准 ASS v4+ 字段顺序处理
parse-bad-markup = 标记未闭合或无法识别
parse-missing-header = 第一行缺少 WebVTT 标识“WEBVTT”
parse-no-cues = 文件中没有任何字幕
encoding-invalid = 文件中有不符合其编码的字节，已替换为“�”
encoding-guessed = 编码是自动检测推断的，请用 --encoding 确认
encoding-nul = 文件中含有 NUL 字节，可能不是文本文件
write-markup-dropped = 输出格式无法表达部分标记，这些标记已被丢弃
write-unmappable = 部分字符无法用输出编码表示，已被替换
