# subloc — 用户界面消息，简体中文（中国）。消息 id 必须与 en-US 完全一致（src/i18n.rs 中的单元测试会检查）。
# 诊断信息：消息 id 即规则 id（src/diag.rs），变量即诊断的参数。

## 命令行帮助

cli-about = 为国际发行本地化字幕：借助术语表和翻译记忆库将整季翻译成各种语言并适配各平台，按平台规则检查和修正字幕，无损转换 SRT / ASS / WebVTT / TTML。
cli-ui-lang = 界面语言：en-US、zh-CN 或 fa-IR（默认依次取 LC_ALL、LC_MESSAGES、LANG，再取系统设置）
cli-color = 何时使用彩色输出：auto（自动，默认）、always（总是）或 never（从不）
cli-quiet = 只输出错误
cli-usage = 用法:
cli-heading-options = 选项
cli-heading-arguments = 参数
cli-heading-commands = 命令
cli-help = 显示帮助
cli-version = 显示版本
cli-convert-about = 把字幕文件转换为另一种格式（SRT、ASS、WebVTT、TTML、SBV）
cli-convert-input = 要读取的字幕文件
cli-convert-output = 要写入的文件（“-”表示标准输出）；未指定 --to 时按扩展名确定格式
cli-convert-to = 输出格式：srt、ass、vtt、ttml 或 sbv（默认按输出文件的扩展名）
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
cli-config = 项目配置文件（默认：当前文件夹或最近的上级文件夹中的 subloc.yaml）
cli-glossary-file = 术语表文件（默认：subloc.yaml 中的 glossary:，否则为当前文件夹或最近的上级文件夹中的 glossary.yaml）
cli-dry-run = 只显示将要做的改动，不写入任何文件
cli-date = 每项改动记录的日期，格式 YYYY-MM-DD（默认：今天）
cli-platform = 平台配置，例如 netflix 或 youtube（默认：subloc.yaml 中的 platform:；用 subloc platforms 查看全部）
cli-file-lang = 文件的语言，例如 fa 或 zh-Hans（默认：subloc.yaml 中的 lang:，否则取文件名，如 ep01.fa.srt，否则按文字种类判断）
cli-fps = 以帧计算的规则所用的帧率：23.976、24、25、29.97、30、50、59.94 或 60（默认：取文件的，否则取平台配置的）
cli-check-about = 按平台规则检查字幕文件：时间轴、阅读速度、行数与字数、标记、标点和术语表
cli-check-files = 要检查的字幕文件
cli-check-format = 报告格式：human（默认）、json、junit、github、sarif 或 html
cli-check-output = 把报告写入此文件，而不是标准输出
cli-check-max-severity = 仍算通过的最高严重程度：warning（默认，出现错误即失败）、error（永不失败）或 info（出现警告也失败）
cli-check-severity = 修改某条规则的严重程度：规则=error、warning、info 或 off；可重复使用，或用逗号分隔
cli-check-baseline = 忽略此基线文件中记录的问题（由 --write-baseline 生成）
cli-check-write-baseline = 把本次发现的问题写入基线文件
cli-check-source = 用于术语表检查的原文文件，按文件名与被检查文件配对，否则按顺序配对
cli-check-jobs = 同时检查的文件数（默认：2）
cli-fix-about = 只做不会改变含义的修正：断行、标点、方向标记，加上 --retime 时还调整时间轴
cli-fix-files = 要修正的字幕文件
cli-fix-in-place = 直接覆盖输入文件
cli-fix-out-dir = 把修正后的文件以原名写入此文件夹
cli-fix-output = 要写入的文件（只能有一个输入文件）
cli-fix-retime = 同时调整时间：补足低于最小值的间隔、把过短的字幕延长到空闲时间、消除重叠、截短过长的字幕
cli-platforms-about = 列出平台配置，或显示某个配置的每一项限制及其出处
cli-platforms-id = 要显示的配置（默认：列出全部配置）
cli-platforms-lang = 按哪种语言解析限制，例如 fa 或 zh-Hans
cli-text-format = 输出格式：human（默认）或 json
cli-glossary-about = 管理剧集术语表：检查、扫描、合作方审校、导出和导入
cli-glossary-lint-about = 一次列出术语表的所有问题，附行号和列号
cli-glossary-lint-lang = 项目交付的目标语言，例如 fa,en,ar：某个术语在其中任一语言没有译法时给出警告
cli-glossary-lint-path = 要检查的术语表文件（同 --glossary FILE；默认：本文件夹或最近上级文件夹中的 glossary.yaml）
cli-glossary-scan-about = 显示术语在各集中出现的位置和次数，以及可能遗漏的重复短语
cli-glossary-scan-episodes = 要扫描的原文剧集
cli-glossary-scan-candidates-out = 把候选术语作为待定条目写入这个单独的文件（从不修改术语表本身）
cli-glossary-scan-lang = 候选文件中空白待定条目的语言（默认：术语表中的语言）
cli-glossary-scan-min-count = 短语至少出现多少次才算候选（默认：3）
cli-glossary-review-about = 为合作方生成审校表：LANG.html（可搜索和筛选的页面）和 LANG.csv（填写审校决定）
cli-glossary-review-lang = 要审校的语言，例如 fa
cli-glossary-review-episodes = 用作示例的原文剧集
cli-glossary-review-translations = 这些剧集的审校语言译文，顺序相同
cli-glossary-review-out = 写入 LANG.html 和 LANG.csv 的文件夹（默认：review）
cli-glossary-review-max-examples = 每个术语显示的示例字幕条数（默认：3）
cli-glossary-review-page-lang = 给合作方的页面语言，例如 fa（默认：若 subloc 支持则用所审校的语言，否则用界面语言）
cli-glossary-apply-about = 把填好的审校 CSV 合并回术语表；与之后的改动冲突的行会被拒绝并说明原因
cli-glossary-apply-csv = 审校 CSV，已填写 decision、corrected_text、reviewer 和 comment 列
cli-glossary-apply-reviewer = 未写明审校人的行所记录的审校人
cli-glossary-export-about = 导出术语表，供 CAT 工具（TBX-Basic）或机器翻译（DeepL 或 Google CSV）使用
cli-glossary-export-format = 导出格式：tbx（TBX v3，默认）、tbx2008（TBX-Basic 2008，较旧的 CAT 工具和 translate-toolkit 读取的 martif 格式）或 csv
cli-glossary-export-lang = 目标语言（TBX 默认：全部）；CSV 必须恰好一种
cli-glossary-export-style = CSV 格式：deepl（默认）或 google
cli-glossary-export-include-proposed = 同时导出待定译法，而不仅是已批准的
cli-glossary-export-output = 要写入的文件（默认：标准输出）
cli-glossary-import-about = 从 CSV（原文,译文）或 TBX 文件导入译法，作为待定条目
cli-glossary-import-input = 要导入的 CSV 或 TBX 文件（.tbx 和 .xml 按 TBX 读取）
cli-glossary-import-lang = CSV 文件的目标语言，例如 fa

## 严重程度

severity-error = 错误
severity-warning = 警告
severity-info = 提示
font-missing = 未安装用于 { $script } 文字的字体“{ $family }”，因此该平台画布上的行宽改为按字符数计算。请安装该字体（Debian 和 Ubuntu：apt install fonts-noto-core fonts-noto-cjk），或在 subloc.yaml 中指定已安装的字体或字体文件夹：fonts: {"{"}families: {"{"}{ $script }: FAMILY{"}"}, dirs: [FOLDER]{"}"}

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
io-too-large = 文件大小为 { $size } MiB，超过 subloc 可读取的 { $limit } MiB 上限
io-not-regular = 它不是普通文件（{ $kind ->
        [fifo] 命名管道
        [device] 设备
        [socket] 套接字
       *[other] 特殊文件
    }）；请先复制为普通文件
io-over-budget = 其中 { $cues } 条字幕和 { $tags } 个标记约需 { $size } MiB 内存，超过 subloc 可用的 { $limit } MiB；请拆分文件（例如按小时），或调高 SUBLOC_MEMORY_LIMIT
io-other = { $detail }
read-unknown-format = 无法判断 { $path } 的字幕格式：应为 SRT、ASS/SSA、WebVTT、TTML/DFXP 或 SBV（请使用 .srt、.ass、.ssa、.vtt、.ttml、.dfxp 或 .sbv 扩展名）
error-unknown-output-format = 无法判断 { $path } 应以何种格式写入；请加上 --to srt、--to ass、--to vtt、--to ttml 或 --to sbv
error-stdout-needs-format = 写入标准输出需要指定格式：请加上 --to srt、--to ass、--to vtt、--to ttml 或 --to sbv
error-unknown-encoding = 未知编码“{ $label }”（可用 UTF-8、GBK、GB18030、Big5、Shift_JIS、EUC-KR、UTF-16LE 或 windows-1256）
error-unreadable-format = { $path }：这是 { $format } 内容，不是 subloc 能读取的字幕格式（可读取 SRT、WebVTT、ASS/SSA、TTML/DFXP 和 SBV）
error-same-file = 拒绝覆盖输入文件 { $path }；请另选输出文件，或加上 --force
error-no-cues = { $path }：未能读取任何字幕：文件为空或不是字幕文件
error-strict-convert = { $path }：有 { $count } 个警告级别及以上的问题，且已设置 --strict：未写入任何文件
error-strict-info = 有 { $count } 个警告级别及以上的问题，且已设置 --strict
error-files-failed = 有 { $count } 个文件无法读取
error-internal = 内部错误：subloc 遇到程序缺陷并已停止。请连同所运行的命令一起报告此问题。
error-config-yaml = { $path }：{ $detail }
error-unknown-platform = 未知的平台配置“{ $id }”；已知配置：{ $known }
error-profile = 平台配置：{ $detail }
error-profile-parent = 配置 { $profile } 继承自 { $parent }，但没有这个配置
error-profile-cycle = 配置 { $profile } 继承自身（`inherits:` 形成循环）
error-profile-language = 配置 { $profile }：{ $tag } 不是有效的语言标记
error-profile-rule = 配置 { $profile }：`severity` 中的 { $rule } 不是规则 ID
error-profile-schema = 平台配置：不支持 schema_version { $version }（此版本 subloc 读取 1）
error-profile-safe-area = 配置 { $profile }：安全区域没有给 { $width } × { $height } 画布留下任何空间（左 + 右须小于宽度，上 + 下须小于高度）
error-unknown-rule = 未知的规则“{ $rule }”；已知规则：{ $known }
error-bad-level = 无效的级别“{ $value }”：应为 error、warning、info 或 off
error-bad-severity-spec = “{ $value }”不是“规则=级别”的形式（例如 reading-speed=warning）
error-bad-lang = “{ $value }”不是语言标签（例如 fa、zh-Hans、en-US）
error-page-lang = 审校页面没有“{ $value }”语言版本；可用的页面语言：{ $known }
error-no-glossary = 在 { $dir } 及其上级文件夹中都找不到 glossary.yaml；请用 --glossary 指定文件，或在 subloc.yaml 中设置 glossary:
error-glossary-invalid = 术语表 { $path } 有 { $count } 个错误（见上方）；subloc glossary lint 会列出所有问题
error-bad-date = “{ $value }”不是 YYYY-MM-DD 格式的日期
error-translations-count = { $episodes } 集对应了 { $translations } 个译文文件：每集须有一个译文，顺序相同
error-candidates-into-glossary = 拒绝把候选术语写入术语表 { $path }；请另选一个 --candidates-out 文件
error-csv = { $path }:{ $line }：无法读取 CSV：{ $detail }
error-csv-column = { $path }：缺少“{ $column }”列；请使用 subloc glossary review 生成的 CSV
error-csv-encoding = { $path } 不是 UTF-8，且无法确定其编码（可能是 { $encoding }）：请在电子表格中打开，选择“另存为”，类型选“CSV UTF-8（逗号分隔）”，再应用该文件
error-tbx = { $path }：第 { $position } 字节：无法读取 TBX 文件：{ $detail }
error-export-csv-lang = CSV 导出必须恰好指定一种目标语言：请加上 --lang，例如 --lang fa
error-import-csv-lang = 导入 CSV 需要指定其目标语言：请加上 --lang，例如 --lang fa
error-no-platform = 未指定平台：请加上 --platform ID（用 subloc platforms 查看全部），或在 subloc.yaml 中设置 platform:
error-bad-fps = “{ $value }”不是帧率（例如 23.976、24、25、29.97、30000/1001）
error-baseline = 无法使用基线 { $path }：{ $detail }
error-source-pairing = 无法把 { $files } 个被检查文件与 { $sources } 个原文文件配对：请让文件名对应（ep01.fa.srt 对应 ep01.srt），或按相同顺序给出同样数量的原文文件
error-fix-output-one = -o 只能指定一个输出文件，但给出了 { $count } 个文件；多个文件请用 --out 文件夹

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

## check

check-summary = 已检查 { $files } 个文件：{ $errors } 个错误，{ $warnings } 个警告，{ $infos } 个提示
check-baseline-written = 已把 { $count } 个可接受的问题写入基线 { $path }
check-baseline-accepted = 有 { $count } 个问题已被基线接受，不再报告

## fix

fix-summary = { $path } → { $output }：{ $count } 处修改{ $left ->
        [0] {""}
       *[other] ，另有 { $left } 处需手工修正
    }
fix-summary-dry-run = { $path }：将做 { $count } 处修改{ $left ->
        [0] {""}
       *[other] ，另有 { $left } 处需手工修正
    }；未写入任何文件
fix-unfixable = 无法安全地自动修正，请手工处理
fix-field-start = 开始时间
fix-field-end = 结束时间
fix-field-text = 文本

## platforms

platforms-col-id = ID
platforms-col-name = 名称
platforms-col-lines = 行数
platforms-col-chars = 每行字数
platforms-col-cps = 每秒字数
platforms-col-duration = 时长
platforms-col-gap = 最小间隔
platforms-col-languages = 有专门规则的语言
platforms-list-hint = 共 { $count } 个配置。表中为通用限制；subloc platforms ID --lang 语言 会列出某种语言的每一项限制及其出处。
platforms-resolved-for = 语言 { $lang } 的限制（所用语言条目：{ $matched }）
platforms-resolved-general = 通用限制（未指定语言；加上 --lang 语言 可查看该语言的专门规则）
platforms-col-limit = 限制
platforms-col-value = 值
platforms-col-status = 可信度
platforms-col-source = 出处
platforms-col-set-by = 设定者
platforms-col-note = 说明
platforms-severity = 此配置设定的严重程度：{ $rules }
platforms-status-legend = 可信度：DOC = 平台自己发布的页面；DOC-2 = 已发布，由二手资料引用；TOOL = 质检工具的实现；IND = 行业默认值（平台未发布）；NONE = 未发布，不检查。出处为 docs/platforms.md 中的键（竖屏应用：docs/vertical.md）。
platforms-screen-legend = 画面：canvas 为宽×高（像素）；safe_area 为平台自身界面遮挡的部分，依次为距上、右、下、左边缘的内边距（画布像素）；font_size 与 line_spacing 以画布像素计；fonts 按文字（Arab、Hans、Latn …）指定字体。

## glossary

glossary-lint-ok = { $path }：{ $count } 个术语，没有错误，{ $warnings } 个警告
glossary-lint-failed = { $path }：{ $errors } 个错误，{ $warnings } 个警告
glossary-scan-not-found = 未出现
glossary-scan-count = 出现 { $count } 次
glossary-scan-cue = 第 { $cue } 条
glossary-scan-more = 另有 { $count } 处
glossary-scan-candidates = 候选术语（多次出现但不在术语表中）：
glossary-scan-candidate = 在 { $files } 个文件的 { $cues } 条字幕中出现 { $count } 次
glossary-scan-summary = { $count } 个术语中有 { $found } 个出现在 { $files } 个文件里，{ $missing } 个未出现；候选术语 { $candidates } 个
glossary-candidates-written = 已把 { $count } 个候选术语作为待定条目写入 { $path }；{ $glossary } 未被修改
glossary-review-written = 已写入 { $html } 和 { $csv }：共 { $count } 个术语（已批准 { $approved } 个，待定 { $proposed } 个，已否决 { $rejected } 个，无条目 { $missing } 个）；页面语言：{ $page }
glossary-apply-row = 第 { $row } 行
glossary-apply-status = { $old } → { $new }“{ $text }”
glossary-apply-corrected = “{ $old }”→“{ $new }”（已批准）
glossary-apply-comment = 备注：{ $text }
glossary-apply-legacy-encoding = { $path } 以旧代码页 { $encoding } 保存，已按该编码读取；下次请保存为“CSV UTF-8（逗号分隔）”
glossary-apply-commented = 已记录备注
glossary-apply-refused = 已拒绝：
glossary-apply-refused-count = 有 { $count } 行被拒绝，其他决定已合并；请用 subloc glossary review 为被拒绝的术语重新生成审校表
glossary-unchanged = { $path } 无需改动
glossary-dry-run = 试运行：将有 { $count } 处改动写入 { $path }；未写入任何内容
glossary-updated = 已更新 { $path }：{ $count } 处改动（旧版本保存为 { $backup }）
glossary-exported = 已写入 { $path }
glossary-import-new-term = + 新术语 { $term }（待定）
glossary-import-added = + { $term } [{ $lang }]（待定）
apply-refused-unknown-term = 术语表中没有这个 id 的术语
apply-refused-unknown-decision = “{ $value }”不是有效的决定：请填写 approve、reject 或 correct
apply-refused-no-decision = 填写了修改后的译法却没有决定：请在 decision 列填写 correct
apply-refused-conflict = 自审校表生成以来，该术语或其译法已被修改（现为“{ $current }”）；请重新生成审校表
apply-refused-missing-fingerprint = base_fingerprint 为空，无法判断审校表生成后是否有改动
apply-refused-no-text = 没有可批准的译法：请填写 corrected_text
apply-refused-no-entry = 该语言没有可否决或可加备注的条目
apply-refused-lost-characters = 文本只有问号：电子表格用不含这些字母的代码页保存了文件；请保存为“CSV UTF-8（逗号分隔）”后重新应用
apply-refused-no-reviewer = 没有写明审校人：请填写 reviewer 列或使用 --reviewer
apply-refused-duplicate-row = 该术语和语言已在第 { $row } 行作出决定
apply-refused-not-editable = 术语表的这一处无法直接修改（{ $detail }）；请手动编辑
apply-refused-invalid = 这项改动会使术语表无效（{ $rules }）
import-skip-already-present = 第 { $item } 项“{ $source }”[{ $lang }]：术语表中已有
import-skip-conflict = 第 { $item } 项“{ $source }”[{ $lang }]：已跳过，术语表中已有另一译法“{ $existing }”
import-skip-empty = 第 { $item } 项：已跳过，缺少原文或译文
import-skip-bad-language = 第 { $item } 项“{ $source }”：已跳过，“{ $lang }”不是语言标签
import-skip-not-editable = 第 { $item } 项“{ $source }”[{ $lang }]：已跳过，术语表的这一处无法直接修改（{ $detail }）
import-skip-invalid = 第 { $item } 项“{ $source }”[{ $lang }]：已跳过，导入后术语表会无效（{ $rules }）

## 术语审校页面（review::LABEL_IDS）

review-title = 术语表审校：{ $lang }
review-search = 搜索
review-filter-status = 状态
review-filter-kind = 类别
review-all = 全部
review-col-term = 术语
review-col-source = 原文
review-col-status = 状态
review-col-rendering = 译法
review-col-notes = 说明
review-col-count = 出现次数
review-col-examples = 上下文示例
review-status = { $status ->
        [approved] 已批准
        [proposed] 待定
        [rejected] 已否决
       *[missing] 无条目
    }
review-kind = { $kind ->
        [craft] 工艺
        [place] 地点
        [person] 人物
        [organisation] 机构
        [concept] 概念
        [title] 标题
       *[other] 其他
    }
review-variants = 可接受的变体
review-forbidden = 禁用
review-keep = 不翻译
review-reviewed = { $status ->
        [proposed] { $reviewer } 于 { $date } 提出
       *[other] { $reviewer } 于 { $date } 审校
    }
review-reviewed-by = { $status ->
        [proposed] { $reviewer } 提出
       *[other] { $reviewer } 审校
    }
review-updated = 更新于 { $date }
review-comment = { $reviewer }，{ $date }：
review-not-counted = 未统计
review-how-title = 如何审校这些术语
review-how-decide = 请逐条判断下表中每个术语的 { $lang } 译法是否正确。“无条目”表示还没有译法：请提出一个。
review-how-fill = 用电子表格（Excel、LibreOffice Calc、Google 表格）打开 { $csv }。在 { $decision } 列填写 { $approve }（通过）、{ $reject }（否决）或 { $correct }（修改）；修改译法或提出新译法时，把译法写在 { $corrected } 列。在 { $reviewer } 列填写您的姓名，在 { $comment } 列写下需要团队知道的内容。其他列请保持原样：它们记录了您审校的是哪个版本。
review-how-send = 将文件保存为 { $format } 格式（Excel：“另存为”，类型选“CSV UTF-8（逗号分隔）”），保留文件名 { $csv }，发回给向您发送此页面的人。留空的行不会改变任何内容。
review-found = 已用译法
review-not-found = 缺少译法
review-no-translation = 无译文
review-shown = 显示：

## 检查报告（report::LABEL_IDS）

report-cue = 第 { $cue } 条
report-severity = { $severity ->
        [error] 错误
        [warning] 警告
       *[info] 提示
    }
report-file-unreadable = 无法读取：{ $error }
report-heading-files = 文件
report-heading-rules = 规则
report-no-findings = 没有发现问题。
report-html-title = subloc 检查报告
report-timeline-title = 阅读速度随时间的变化
report-timeline-empty = 没有可绘制的字幕
report-col-line = 行
report-col-cue = 字幕
report-col-severity = 严重程度
report-col-rule = 规则
report-col-message = 说明
report-col-start = 开始
report-col-end = 结束
report-col-duration = 时长
report-col-measured = 实测 / 上限
report-col-text = 文本
report-col-episode = 剧集
report-col-cues = 字幕数
report-col-worst = 最严重的规则
report-col-language = 语言
report-col-platform = 平台
report-col-files = 文件
report-seconds = { $seconds } 秒
report-measured = { $value } { $unit ->
        [cps] 字/秒
        [wpm] 词/分
        [lines] 行
        [ms] 毫秒
        [px] 像素
       *[chars] 字
    } / { $limit }
report-measured-only = { $value } { $unit ->
        [cps] 字/秒
        [wpm] 词/分
        [lines] 行
        [ms] 毫秒
        [px] 像素
       *[chars] 字
    }
report-source = 原文
report-filter-episode = 剧集
report-filter-rule = 规则
report-filter-severity = 严重程度
report-filter-all = 全部
report-season-title = { $lang } · { $platform } — subloc 报告
report-split-note = 本季内容较多：每集的时间轴和问题在单独的页面中，可从该集所在行打开。
report-season-link = 全部剧集
report-index-link = 全部语言和平台
report-index-title = subloc 翻译报告
report-counts = { $errors } 个错误，{ $warnings } 个警告，{ $infos } 个提示
report-total = { $files } 个文件{ $unreadable ->
        [0] {""}
       *[other] （{ $unreadable } 个无法读取）
    }：{ $errors } 个错误，{ $warnings } 个警告，{ $infos } 个提示
report-generated = 生成于 { $date }
report-lang = 语言 { $lang }（{ $source ->
        [flag] 来自 --lang
        [name] 来自文件名
        [script] 按文字判断
       *[unknown] 未知
    }）
report-platform = 平台 { $platform }
report-cps-limit = 上限：每秒 { $limit } 个字符
report-timeline-axis = 每秒 { $cps } 个字符

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
parse-missing-timing = 第 { $index } 条字幕缺少时间轴行；已作为独立字幕保留在前后两条之间（{ $start } → { $end }）：请补上时间
    .plain = 某条字幕缺少时间轴行，已保留在前后两条之间
parse-loose-arrow = 箭头“{ $arrow }”不是“-->”；该行仍按时间轴行读取
    .plain = 时间轴行的箭头不是“-->”
parse-negative-time = { $field } 时间“{ $value }”为负数；该事件按 0:00:00.00 读取
    .plain = 时间为负数的事件，按 0:00:00.00 读取
parse-unsupported-format = 这是 { $format } 内容，不是 subloc 能读取的字幕格式
    .plain = 内容不是 subloc 能读取的字幕格式
parse-bad-xml = 此处 XML 格式不正确（{ $detail }）；文件其余部分仍会读取
    .plain = 此处 XML 格式不正确；文件其余部分仍会读取
parse-incomplete-timing = { $attribute ->
        [begin] 此段落有结束时间，但它及其外层元素都没有开始时间，因此从 0 开始
       *[other] 此段落及其外层元素都没有结束时间，因此跳过
    }
    .plain = 段落的时间不完整
parse-unknown-reference = 文档头部未定义 { $kind }“{ $id }”，已忽略
    .plain = 引用了文档未定义的样式或区域
parse-format-from-content = 文件名表明是 { $named }，但内容是 { $format }；按 { $format } 读取
    .plain = 文件内容与文件名所示格式不同；按实际内容读取
encoding-invalid = 有 { $count } 处字节序列不符合 { $encoding } 编码，已替换为“�”
    .plain = 文件中有不符合其编码的字节，已替换为“�”
encoding-guessed = 编码推断为 { $encoding }，但按 { $runner } 读取也像正常文字：请检查文本，并用 --encoding 指定编码
    .single = 编码是自动检测推断的（{ $encoding }），请用 --encoding 确认
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
timing-overlap = 这条字幕与第 { $other } 条重叠 { $overlap_ms } 毫秒
    .plain = 这条字幕与同一位置的另一条字幕同时显示
timing-out-of-order = 这条字幕的开始时间早于写在它前面的第 { $prev_cue } 条（{ $prev_start }）
    .plain = 这条字幕的开始时间早于它前面的一条字幕
timing-zero-duration = 这条字幕只有 { $duration_ms } 毫秒：结束时间不晚于开始时间
    .plain = 这条字幕的结束时间不晚于开始时间
timing-min-duration = 这条字幕显示 { $duration_ms } 毫秒，短于最短时长 { $min_ms } 毫秒
    .plain = 这条字幕的显示时间短于最短时长
timing-max-duration = 这条字幕显示 { $duration_ms } 毫秒，超过最长时长 { $max_ms } 毫秒
    .plain = 这条字幕的显示时间超过最长时长
timing-min-gap = 与第 { $prev_cue } 条之间的间隔为 { $gap_ms } 毫秒（{ $fps } 帧/秒下 { $gap_frames } 帧），小于最小间隔 { $min_frames } 帧（{ $min_ms } 毫秒）
    .ms = 与第 { $prev_cue } 条之间的间隔为 { $gap_ms } 毫秒，小于最小间隔 { $min_ms } 毫秒
    .plain = 这条字幕与前一条之间的间隔短于最小间隔
text-max-lines = 这条字幕有 { $lines } 行，上限为 { $max } 行
    .plain = 这条字幕的行数超过上限
text-max-chars-per-line = 这条字幕第 { $cue_line } 行有 { $chars } 个字符，上限为 { $max }
    .plain = 这条字幕有一行的字符数超过上限
reading-speed = 这条字幕太快，来不及阅读：每秒 { $cps } 个字符（{ $duration_ms } 毫秒内 { $chars } 个字符），上限为 { $max }
    .plain = 这条字幕太快，来不及阅读：每秒字符数超过上限
reading-speed-wpm = 这条字幕太快，来不及阅读：每分钟 { $wpm } 个词（{ $duration_ms } 毫秒内 { $words } 个词），上限为 { $max }
    .plain = 这条字幕太快，来不及阅读：每分钟词数超过上限
text-empty-cue = 这条字幕没有可见文字
markup-unbalanced = { $problem ->
        [unopened] 标签 { $tag } 关闭了一个从未打开的标签
       *[unclosed] 标签 { $tag } 打开后没有关闭
    }
    .plain = 有标签只开不关，或只关不开
markup-unknown = “{ $markup }”是任何字幕格式都未定义的标签或覆盖标签
    .plain = 任何字幕格式都未定义的标签或覆盖标签
italics-forbidden = { $via ->
        [style] 这条字幕的样式“{ $style }”是斜体，而该语言不使用斜体
       *[tag] 这条字幕使用了斜体，而该语言不使用斜体
    }
    .via = { $via ->
        [style] 这条字幕的样式是斜体，而该语言不使用斜体
       *[tag] 这条字幕使用了斜体，而该语言不使用斜体
    }
    .plain = 该语言不使用斜体
punct-forbidden = 第 { $cue_line } 行：该语言的风格指南不使用 { $chars }
    .plain = 该语言的风格指南不使用这种标点
punct-line-end = 第 { $cue_line } 行以“{ $char }”结尾，该语言中这种标点不能出现在行尾
    .plain = 在该语言中，这种标点不能出现在行尾
punct-arabic-script = 第 { $cue_line } 行：阿拉伯字母文本中使用了拉丁标点 { $chars }；请改用 { $expected }
    .plain = 阿拉伯字母文本中使用了拉丁标点；请改用“،”“؟”“؛”
punct-space-before = 第 { $cue_line } 行：{ $chars } 前有空格，而它应紧跟在词后
    .plain = 标点前有空格，而该标点应紧跟在词后
punct-ellipsis = 第 { $cue_line } 行：该语言应使用省略号字符“…”，而不是三个句点
    .plain = 该语言应使用省略号字符“…”，而不是三个句点
rtl-line-end-mark = { $side ->
        [start] 第 { $cue_line } 行以中性字符开头，缺少从右到左标记时会显示在错误的一侧
        [both] 第 { $cue_line } 行的开头和结尾都是中性字符，缺少从右到左标记时会显示在错误的一侧
       *[end] 第 { $cue_line } 行以中性字符结尾，缺少从右到左标记时会显示在错误的一侧
    }
    .plain = 这一从右到左书写的行缺少方向标记，行首或行尾会显示在错误的一侧
text-zwnj-stripped = 第 { $cue_line } 行：“{ $word }”需要零宽不连字（ZWNJ）：“{ $suggestion }”
    .plain = 此处的波斯语词需要零宽不连字（ZWNJ），例如“می‌شود”
charset-invalid = 有 { $count } 个字符不在 { $charset } 字符集中：{ $chars }
    .plain = 含有平台字符集之外的字符
layout-outside-safe-area = { $side ->
        [top] 文字（字号 { $size } 时为 { $width } × { $height } 像素）伸入画面顶部被平台界面遮挡的区域 { $px } 像素
        [left] 文字（字号 { $size } 时为 { $width } × { $height } 像素）伸入画面左侧被平台界面遮挡的区域 { $px } 像素
        [right] 文字（字号 { $size } 时为 { $width } × { $height } 像素）伸入画面右侧被平台界面遮挡的区域 { $px } 像素
       *[bottom] 文字（字号 { $size } 时为 { $width } × { $height } 像素）伸入画面底部被平台界面遮挡的区域 { $px } 像素
    }
    .plain = 文字伸入了被平台界面遮挡的区域
layout-too-many-lines = 这条字幕渲染后有 { $lines } 行（字号 { $size } 时宽于 { $room } 像素的行会折行）；最多只能容纳 { $max } 行
    .plain = 这条字幕渲染后的行数超过平台允许或安全区能容纳的行数
glossary-syntax = 无法读取术语表：{ $message }
    .plain = 术语表不是有效的 YAML，或某个值的类型不对
glossary-unknown-key = 未知的键“{ $key }”；应为以下之一：{ $expected }
    .plain = 术语表格式中没有定义这个键
glossary-unsupported-version = 此版本的 subloc 无法读取格式版本 { $version }（只能读取版本 { $supported }）
    .plain = 此版本的 subloc 无法读取该术语表的格式版本
glossary-duplicate-id = id“{ $id }”已被第 { $first_line } 行的术语使用
    .plain = 有两个术语的 id 相同
glossary-bad-id = 术语 id“{ $id }”必须是 kebab-case（小写字母、数字和连字符）
    .plain = 术语 id 必须是 kebab-case（小写字母、数字和连字符）
glossary-duplicate-source = { $term } 的原文形式“{ $form }”已被 { $other_term }（第 { $other_line } 行）使用
    .form = 原文形式“{ $form }”已被另一个术语使用
    .plain = 这个原文形式已被另一个术语使用
glossary-variant-forbidden = { $term } [{ $lang }]：“{ $form }”同时被列为可接受和禁止
    .plain = 这个译法同时被列为可接受和禁止
glossary-bad-language = { $term }：“{ $lang }”不是有效的 BCP 47 语言标签
    .lang = “{ $lang }”不是有效的 BCP 47 语言标签
    .plain = 这个语言标签不是有效的 BCP 47 标签
glossary-approved-without-text = { $term } [{ $lang }] 已批准但没有译法
    .plain = 已批准的条目没有译法
glossary-bad-value = { $key }：不允许“{ $value }”；应为以下之一：{ $expected }
    .plain = 这个值不在允许的取值范围内
glossary-empty-text = { $term }：{ $key } 中有空值
    .key = { $key } 中有空值
    .plain = 原文形式或译法为空
glossary-bad-date = { $term } [{ $lang }]：日期“{ $value }”必须写成 YYYY-MM-DD
    .plain = 日期必须写成 YYYY-MM-DD
glossary-no-rendering = { $term } 在项目交付语言 { $lang } 中还没有可用的译法
    .plain = 项目声明的某个目标语言还没有可用的译法
glossary-missing-term = “{ $source }”（{ $term }，原文第 { $source_cue } 条）在 { $lang } 中必须译为“{ $expected }”，但译文是“{ $found }”
    .nofound = “{ $source }”（{ $term }）在 { $lang } 中必须译为“{ $expected }”，但没有对应的译文
    .plain = 译文缺少原文中术语的已批准译法
glossary-forbidden-term = 译文使用了“{ $found }”，这是“{ $source }”（{ $term }）的禁用译法；请用“{ $expected }”
    .noexpected = 译文使用了“{ $found }”，这是“{ $source }”（{ $term }）在 { $lang } 中的禁用译法
    .plain = 译文使用了术语的禁用译法
glossary-not-kept = “{ $source }”（{ $term }）不应翻译，必须写作“{ $expected }”，但译文是“{ $found }”
    .nofound = “{ $source }”（{ $term }）不应翻译，必须写作“{ $expected }”，但没有对应的译文
    .plain = 不应翻译的术语没有按原样保留

## translate (src/app/translate.rs)

cli-translate-about = 把剧集翻译成每种语言、每个平台各一条可直接交付的字幕
cli-translate-episodes = 要翻译的剧集：文件、文件夹或通配符（默认：subloc.yaml 中的 translate.episodes）
cli-translate-to = 目标语言，用逗号分隔：fa,en,ar（默认：translate.targets）
cli-translate-platform = 平台规范，用逗号分隔：netflix,youtube,tiktok（默认：translate.platforms）
cli-translate-from = 剧集的语言（默认：术语表的源语言，否则根据文字自动判断）
cli-translate-backend = 翻译后端：pseudo（离线，默认）、deepl、openai、google、libretranslate、command、xliff（交给人工译员的文件），或 translate.backends 中配置的名称
cli-translate-backend-url = 后端的接口地址（本地服务器、网关、Azure）
cli-translate-model = 后端使用的模型
cli-translate-memory = 翻译记忆库文件或团队记忆库的 postgres:// URL（默认：subloc.yaml 中的 translate.memory，否则为 .subloc/memory.sqlite）
cli-translate-out = 写入字幕和报告的文件夹（默认：out）
cli-translate-pattern = 输出文件夹内的文件名，可用 {"{"}lang{"}"}、{"{"}platform{"}"}、{"{"}stem{"}"}、{"{"}ext{"}"}（默认：{"{"}lang{"}"}/{"{"}platform{"}"}/{"{"}stem{"}"}.{"{"}ext{"}"}）
cli-translate-budget = 发送的字符数超过 N 之前拒绝开始或干净地停止
cli-translate-refresh = 记忆库里已有的译文也重新翻译
cli-translate-retime = 适配时允许移动开始时间（默认只把结束时间延长到空闲时间）
cli-translate-bilingual = 另外为每种语言写一条原文加译文的审校字幕
cli-translate-jobs = 同时翻译的目标语言数，以及同时生成的输出数（默认：2）
translate-header = 已用 { $backend } 把 { $episodes } 集从 { $source } 翻译完成。
translate-header-partial = 部分翻译：用 { $backend } 把 { $episodes } 集从 { $source } 翻译了 { $segments } 个片段中的 { $translated } 个。
translate-header-nothing = 没有翻译任何内容：用 { $backend } 从 { $source } 翻译 { $episodes } 集，{ $segments } 个片段均未译出。
translate-glossary = 术语表：{ $path }（{ $count } 个术语）。
translate-no-glossary = 未找到术语表（没有 --glossary，subloc.yaml 中没有 glossary:，本文件夹及上级文件夹中也没有 glossary.yaml）：没有术语被保护或检查。`subloc glossary lint FILE` 可检查术语表；参见 README 的术语表一节。
translate-dry-run-header = 试运行：没有发送任何内容，也没有写入任何文件。用 { $backend } 把 { $episodes } 集从 { $source } 翻译需要：
translate-dry-run-total = 计费字符合计：{ $billable }
translate-col-lang = 语言
translate-col-platform = 平台
translate-col-format = 格式
translate-col-files = 文件
translate-col-cues = 字幕条数
translate-col-memory = 来自记忆库
translate-col-billed = 计费字符
translate-col-errors = 错误
translate-col-warnings = 警告
translate-col-report = 报告
translate-col-segments = 片段
translate-col-duplicates = 重复
translate-col-to-send = 待发送
translate-col-requests = 请求
translate-col-billable = 计费字符
translate-col-cost = 费用
translate-rules-heading = 按规则统计的问题：
translate-bilingual = 审校字幕（原文加译文）：{ $count }
translate-totals = 已写入 { $files } 个文件{ $skipped ->
    [0] {""}
   *[other] ，{ $skipped } 个未写入（有片段没有译文）
}；{ $errors } 个错误，{ $warnings } 个警告；{ $segments } 个片段中 { $hits } 个来自记忆库，计费 { $billed } 个字符。输出在 { $out }
translate-source-findings = { $path }：读取时发现 { $count } 个问题（见 `subloc info { $path }`）
translate-stopped = 运行提前停止（{ $reason }）。已收到的译文都在记忆库中：再次运行同一命令即可继续。
translate-stopped-budget = 运行在预算 { $chars } 个计费字符（--budget）处停止。已收到的译文都在记忆库中：提高预算后再次运行同一命令即可继续。
translate-stopped-bound = 运行在花费上限 { $chars } 个计费字符（估算的 1.5 倍，用于重试）处停止：服务商持续出错。已收到的译文都在记忆库中；可用 --budget N 设定其他上限。
translate-spent-on-failures = 花在失败上的：{ $requests } 个请求没有可用的回答，占已发送 { $sent } 个字符中的 { $chars } 个。
translate-primary-abandoned = { $lang }：主翻译后端已被放弃（无法连接，或其回复无法使用）；其余内容改由备用后端翻译。
translate-failed = { $count } 个片段没有译文；它们所在的剧集未写出该语言的字幕：
translate-failed-more = …… 还有 { $count } 个（见 --format json）
translate-interrupted = 已中断：正在完成已发出的请求（再按一次 Ctrl-C 放弃它们）
translate-abandoned = 正在放弃已发出的请求
translate-progress-season = 全季
translate-progress-writing = 写入
translate-progress-rate-limited = 受限流，等待中
translate-progress-eta = 剩余
translate-progress-chars = 已发送 { $sent } / { $planned } 字符
error-translate-no-episodes = 没有要翻译的剧集：请指定文件、文件夹或通配符，或在 subloc.yaml 中设置 translate.episodes
error-translate-no-match = { $pattern }：那里没有字幕文件（.srt、.ass、.ssa、.vtt）
error-translate-no-targets = 没有目标语言：请加上 --to fa,en，或在 subloc.yaml 中设置 translate.targets
error-translate-no-platforms = 没有平台：请加上 --platform netflix,youtube，或在 subloc.yaml 中设置 translate.platforms
error-translate-pattern-placeholder = 输出模式“{ $pattern }”用了未知的占位符“{ $name }”（可用：lang、platform、stem、ext、source_ext）
error-translate-pattern-escapes = 输出模式“{ $pattern }”会写到输出文件夹之外
error-translate-collision = 输出模式“{ $pattern }”让两个输出同名 { $path }；请在其中加上 {"{"}platform{"}"} 或 {"{"}lang{"}"}
error-translate-no-format = 平台 { $platform } 不接受 subloc 能写出的任何格式（它接受 { $formats }）
error-translate-source-lang = 无法判断 { $path } 的语言：请加上 --from zh-Hans
error-translate-unsupported = 后端无法翻译成 { $lang }：{ $detail }
error-translate-unsupported-deepl-beta = 该后端无法翻译为 { $lang }：{ $detail }。DeepL 将此语言作为测试版语言提供：在 subloc.yaml 中为该后端添加 `beta-languages: true` 即可使用。
error-translate-over-budget = 本次运行需要 { $needed } 个字符，超过预算 { $budget }；没有发送任何内容
error-translate-memory = 翻译记忆库：{ $detail }
error-memory-open = 无法打开翻译记忆库 { $path }：{ $detail }
error-memory-sqlite = SQLite 翻译记忆库：{ $detail }
error-memory-postgres = PostgreSQL 团队记忆库：{ $detail }
error-memory-newer = 翻译记忆库由更新版本的 subloc 写入（schema { $found }）；请更新 subloc 后再使用
error-memory-store = 翻译记忆库无法保存译文：{ $cause ->
    [full] 所在磁盘已满
    [read-only] 它是只读的
    [locked] 另一个进程锁定它的时间过长
    [io] 系统报告了输入/输出错误
   *[other] 数据库报告了错误
}（{ $detail }）。未发送任何内容；请释放空间或修正权限，然后再次运行同一命令
error-memory-store-run = 翻译记忆库 { $memory } 已无法保存译文：{ $cause ->
    [full] 所在磁盘已满
    [read-only] 它是只读的
    [locked] 另一个进程锁定它的时间过长
    [io] 系统报告了输入/输出错误
   *[other] 数据库报告了错误
}（{ $detail }）。不再发送任何内容，也未写出任何字幕轨。{ $count ->
    [0] 没有需要另行保存的译文。
   *[other] { $count } 条已付费的译文保存在 { $path }：下次运行会在发送任何内容之前先存入记忆库，因此不会重复付费。
}{ $lost ->
    [0] {""}
   *[other] { " " }{ $lost } 条已付费的译文无处保存，将再次付费。
}
translate-dry-run-invalidated = 术语表的修改使记忆库中 { $segments } 个已翻译片段失效（{ $detail }）；只有这些会重新发送。
error-translate-backend-unknown = 未知的后端“{ $name }”（可用类型：{ $known }；或 translate.backends 中的名称）
error-translate-missing-key = 后端 { $name } 需要环境变量 { $var } 中的密钥
error-translate-backend-invalid = 后端 { $name }：{ $detail }
error-translate-backend-needs-v3 = 后端 { $name }：“{ $key }”只适用于 Cloud Translation Advanced：请设置 api: v3 和 project（location 设为某个区域）
error-translate-insecure-http = 后端 { $name }：拒绝通过明文 http:// 把 API 密钥发送到 { $url }，它不是本机（途中任何人都能读到）：请使用 https://，或者在网络属于你时在 subloc.yaml 中为该后端设置 allow-insecure-http: true
warning-insecure-http = 警告：API 密钥通过明文 http:// 发送到 { $url }（subloc.yaml 中 allow-insecure-http: true）
error-translate-glossary-sync = { $lang } 的术语表同步失败：{ $detail }
backend-rate-limited = 服务商暂时拒绝更多请求（速率限制）
backend-rate-limited-after = 服务商暂时拒绝更多请求（速率限制；{ $seconds } 秒后重试）
backend-server = 服务商返回 HTTP 状态 { $status }：{ $body }
backend-timeout = 服务商未能及时响应
backend-network = 无法连接服务商：{ $detail }
backend-malformed = 无法读取服务商的回复：{ $detail }
backend-refused = 服务商拒绝了该文本：{ $reason }
backend-auth = 服务商不接受该凭据（请检查 API 密钥）
backend-unsupported-language = 服务商不支持翻译 { $lang }
backend-fatal = { $detail }
backend-auth-status = 服务商不接受该 API 密钥：HTTP { $status }“{ $message }”
backend-quota = 账户额度已用完：HTTP { $status }“{ $message }”
backend-not-found = 该地址没有任何服务应答：HTTP { $status }“{ $message }”
backend-unknown-model = 服务器不认识所配置的模型：HTTP { $status }“{ $message }”
backend-unusable = 它的回复一直是无法使用的形式
backend-spending-bound = 它持续出错，直到运行达到花费上限 { $chars } 个计费字符（估算的 1.5 倍）
error-backend-stopped = { $provider }（{ $url }）使运行停止：{ $detail }。{ $advice } 已收到的译文都在记忆库中。
backend-advice-set-key = 请把 { $var } 设为该地址有效的密钥（密钥从环境变量读取，绝不从 subloc.yaml 读取；DeepL 免费版密钥以 :fx 结尾）。
backend-advice-check-key = 请检查该后端发送的凭据。
backend-advice-quota = 请在服务商账户中提高上限，或等到下一个计费周期；现在再发送只会被拒绝。
backend-advice-check-url = 请检查 subloc.yaml 中该后端的 url:（或 --backend-url）。
backend-advice-start-server = 那里没有服务在监听：请启动服务器，或检查 subloc.yaml 中该后端的 url:（或 --backend-url）。
backend-advice-check-tls = 安全连接失败：请检查 url: 使用的协议是否与服务器一致（https:// 或 http://），以及其证书是否有效。
backend-advice-check-model = 请对照服务器提供的模型检查 subloc.yaml 中该后端的 model:（或 --model）。
backend-advice-check-language = 请为该语言选择其他后端，或检查语言代码。
backend-advice-check-config = 请检查 subloc.yaml 中该后端的设置。
backend-advice-provider-failing = 服务商持续出错（服务器错误、被截断或无法读取的回复、超时）：请稍后再试，或配置一个备用（fallback）后端。
error-translate-runtime = 无法启动：{ $detail }

## memory (src/app/memory.rs)

cli-memory-about = 查看、导出和导入翻译记忆库（TMX 1.4）
cli-memory-stats-about = 按语言对和后端统计条目数及节省的字符数
cli-memory-export-about = 把记忆库导出为 TMX 1.4，供 CAT 工具使用
cli-memory-import-about = 把 TMX 文件中的翻译单元加入记忆库
cli-memory-file = 翻译记忆库文件或 postgres:// URL（默认：subloc.yaml 中的 translate.memory，否则为 .subloc/memory.sqlite）
cli-memory-export-format = 导出格式：tmx（TMX 1.4，默认）
cli-memory-export-lang = 只导出译成该目标语言的条目
cli-memory-export-from = 只导出源语言为该语言的条目
cli-memory-export-backend = 只导出该类后端的条目：pseudo、deepl、openai、google、libretranslate、command、xliff、tmx
cli-memory-export-output = 要写入的文件（默认：标准输出）
cli-memory-import-input = 要导入的 TMX 文件
cli-memory-import-backend = 未注明后端的翻译单元归入哪个后端，供其运行时使用：后端类型或 translate.backends 中的名称（默认：单独存为“tmx”）
memory-stats-header = 翻译记忆库 { $path }：{ $entries } 个条目
memory-stats-dates = 写入时间：{ $oldest } 至 { $newest }
memory-col-source = 源语言
memory-col-target = 目标语言
memory-col-backend = 后端
memory-col-entries = 条目
memory-col-source-chars = 源文字符
memory-col-billed = 计费字符
memory-stats-saved = 已存 { $billed } 个计费字符：运行时命中这些条目就不必再次付费。
memory-exported = 已把 { $count } 个条目写入 { $path }
memory-imported = 已从 { $path } 向 { $memory } 导入 { $count } 个条目（读取 { $units } 个翻译单元{ $skipped ->
    [0] {""}
   *[other] ，跳过 { $skipped } 个：缺少原文或译文
}）
error-memory-missing = { $path } 处没有翻译记忆库：请先运行 subloc translate，或用 --memory 指定记忆库
error-memory-tmx = { $path } 不是可用的 TMX 文件：{ $detail }；未导入任何内容

## xliff (src/app/xliff.rs, src/pipeline/xliff.rs)

cli-xliff-about = 把人工译员交回的 XLIFF 文件导入记忆库
cli-xliff-import-about = 对照剧集检查已翻译的 XLIFF 文件，并把译文存入记忆库
cli-xliff-import-input = 已翻译的 XLIFF 文件
cli-xliff-import-episodes = 生成该文件时所用的剧集，与传给 subloc translate 的相同（默认：文件中记录的剧集）
cli-xliff-import-lang = 文件必须使用的目标语言（默认：文件自身声明的语言）
xliff-imported = 已从 { $path } 向 { $memory } 导入 { $count } 条译文（{ $source } → { $target }）。
xliff-rejected = 有 { $count } 个翻译单元未导入：
xliff-fix-and-reimport = 请在 { $path } 中改正这些单元后再次导入（已导入的单元会原样再存一次，不受影响）。
xliff-complete = 这些剧集的每个片段现在都有译文了：再次运行同一条 subloc translate … --backend xliff 即可写出字幕。
xliff-remaining = 这些剧集中仍有 { $count } 个片段没有译文。
xliff-problem-unknown-unit = 剧集中没有这个片段（该单元并未导出，或属于其他剧集）
xliff-problem-duplicate-unit = 该单元出现了不止一次
xliff-problem-missing-unit = 缺少该单元
xliff-problem-untranslated = 译文为空
xliff-problem-source-changed = 原文已与剧集不符（导出后剧集有改动，或原文被编辑过）
xliff-problem-unexpected-markup = 译文中有原文里没有的 <{ $element }> 元素
xliff-problem-unknown-entity = 译文使用了实体 &{ $name };（只允许 &lt; &gt; &amp; &quot; &apos; 和字符引用）
xliff-problem-placeholder-missing = 译文缺少行内代码 { $id }
xliff-problem-placeholder-duplicated = 行内代码 { $id } 在译文中出现了 { $count } 次
xliff-problem-placeholder-invented = 行内代码 { $id } 不在原文中
xliff-problem-placeholder-kind = 行内代码 { $id } 被改动了
xliff-problem-code-end-before-start = 行内代码 { $id } 在开始之前就结束了
xliff-problem-code-unclosed = 行内代码 { $id } 开始后没有结束
xliff-problem-code-crossed = 行内代码 { $id } 与 { $other } 交叉（一个必须在另一个内部结束）
xliff-problem-code-reordered = 行内代码 { $id } 被移出了其序列必须保持的顺序（canReorder="no"）
translate-xliff-heading = 交给译员的文件（XLIFF 2.1）：
translate-xliff-file = { $lang }：{ $path } — { $units } 个单元，对应 { $segments } 个片段，共 { $chars } 个字符
translate-xliff-next = 请把这些文件发给译员。文件交回后，先运行 subloc xliff import 文件名，再运行本命令一次：它会用记忆库中的译文写出字幕。
error-xliff-not-imported = { $path } 中有 { $count } 条记忆库里还没有的译文，因此没有覆盖该文件；请先导入：subloc xliff import { $path }
error-xliff-xml = { $path } 不是格式正确的 XML（第 { $offset } 字节）：{ $detail }；未导入任何内容
error-xliff-not-xliff = { $path } 不是 XLIFF 2 文件；未导入任何内容
error-xliff-language = { $path } 的语言是 { $found }，不是 { $expected }；未导入任何内容
error-xliff-no-target = { $path } 没有注明目标语言：请加上 --lang
error-xliff-no-source = { $path } 没有注明源语言（srcLang）；未导入任何内容
error-xliff-no-episodes = { $path } 没有记录生成它时所用的剧集：请像运行 subloc translate 时一样列出这些剧集

## burn 与硬字幕视频

cli-burn-about = 将字幕烧录进视频，按平台画布排版（ffmpeg 与 libass）
cli-burn-video = 要烧录字幕的视频；尺寸须与平台画布一致（参见 --scale-to-canvas）
cli-burn-subtitle = 字幕文件（SRT、ASS、WebVTT、TTML、SBV）；与 translate 相同，按画布适配并排版
cli-burn-output = 要写入的视频文件（如 out.mp4）；经临时文件写入，绝不留下半成品
cli-burn-platform = 有画布的平台配置，如 instagram_reels 或 reelshort（默认：subloc.yaml 中的 platform:）
cli-video-scale-to-canvas = 视频尺寸与平台画布不同时，将其缩放至画布（保持比例，黑边填充），而不是拒绝
cli-video-ffmpeg = 要运行的 ffmpeg（默认：subloc.yaml 中的 video.ffmpeg，否则 PATH 中的 ffmpeg；ffprobe 在其旁查找）
cli-video-codec = 视频编码器（默认：subloc.yaml 中的 video.codec，否则 libx264）
cli-video-crf = 编码质量，越低越好（默认：subloc.yaml 中的 video.crf，否则 libx264 与 libx265 为 18）
cli-video-preset = 编码速度预设（默认：subloc.yaml 中的 video.preset，否则 libx264 与 libx265 为 medium）
burn-summary = 已烧录 { $count } 条字幕（{ $lang }，{ $platform }）：{ $path }
burn-scaled = 视频（{ $width }×{ $height }）已缩放至平台画布
error-burn-no-canvas = 平台 { $platform } 没有可供排版硬字幕的画布：请选择有画布的平台（instagram_reels、facebook_reels、douyin、reelshort …；subloc platforms ID 可查看），或在 subloc.yaml 中为其设定画布
error-video-ffmpeg-missing = 在 PATH 中找不到 ffmpeg：硬字幕视频需要带 libass 的 ffmpeg（Debian 与 Ubuntu：apt-get install ffmpeg），或用 --ffmpeg 或 subloc.yaml 中的 video.ffmpeg 指定
error-video-ffmpeg-configured-missing = 在 { $path } 找不到 ffmpeg（来自 --ffmpeg 或 subloc.yaml 中的 video.ffmpeg）：该处没有可执行文件
error-video-ffprobe-missing = 在 { $ffmpeg } 旁和 PATH 中都找不到 ffprobe：它用于测量视频，随 ffmpeg 提供
error-video-not-runnable = 无法运行 { $program }：{ $detail }
error-video-no-subtitles-filter = { $ffmpeg } 没有“subtitles”滤镜（编译时未带 libass）：请安装以 --enable-libass 编译的 ffmpeg，例如 Debian 的 ffmpeg 软件包
error-video-probe = 无法读取视频 { $video }：{ $detail }
error-video-size-mismatch = { $video } 为 { $width }×{ $height }，而 { $platform } 的画布为 { $canvas-width }×{ $canvas-height }：请提供该尺寸的视频，或加 --scale-to-canvas 进行缩放（保持比例，黑边填充）
error-video-failed = ffmpeg 处理 { $video } 失败（退出状态 { $status }）：{ $detail }
error-video-interrupted = 已中断：ffmpeg 已停止，未留下半成品视频
cli-translate-video = 用于烧录硬字幕平台字幕的视频（文件或文件夹），按文件名主干与剧集配对（ep01.mp4 → ep01）；在字幕旁写入 {"{"}lang{"}"}/{"{"}platform{"}"}/{"{"}stem{"}"}.mp4
cli-translate-video-jobs = 同时运行的 ffmpeg 进程数（默认：subloc.yaml 中的 video.jobs，否则每核一个）
translate-video-no-video = 注意：剧集 { $episode } 没有视频：其字幕照常写入，不烧录视频
translate-video-unmatched = 警告：视频 { $path } 未匹配任何剧集（视频按文件名主干与剧集配对）
translate-video-written = 视频：{ $path }
translate-video-would = 将由 { $video } 生成 { $path }
translate-video-failed = 视频未生成：{ $path }：{ $detail }
translate-progress-video = 视频

## preview and the report's preview section (src/app/preview.rs, src/cmd/preview.rs, src/video/preview.rs, src/report/preview.rs)

cli-preview-about = 按平台观众所见渲染最有风险的字幕画面：在其画布上，应用遮挡的区域加阴影，安全区加边框（带 libass 的 ffmpeg）
cli-preview-subtitle = 字幕文件（SRT、ASS、WebVTT、TTML、SBV）；与 burn 一样按画布适配和排版
cli-preview-output = 存放图片 {"{"}stem{"}"}-cue{"{"}N{"}"}.png 的文件夹（默认：字幕文件旁的 {"{"}stem{"}"}-preview）
cli-preview-platform = 有画布的平台配置，例如 instagram_reels 或 reelshort（默认：subloc.yaml 中的 platform:）
cli-preview-video = 在此视频每条字幕中点的画面上渲染，而不是空白画布
cli-preview-count = 渲染的字幕条数；各理由（行数最多、最宽的行、从右到左文字、文字最多）轮流各选一条
preview-frame = { $path }：第 { $cue } 条，{ $start }，{ $reason ->
        [most-lines] 行数最多
        [widest-line] 最宽的行
        [right-to-left] 从右到左文字
       *[longest-text] 文字最多
    }
preview-summary = { $platform } 的 { $width }×{ $height } 画布（{ $lang }）的 { $count } 张图片，位于 { $dir }
preview-nothing = { $path } 中没有显示文字的字幕：未生成图片
report-preview-heading = 观众所见
report-preview-note = { $platform } 的 { $width }×{ $height } 画布上最有风险的字幕，按硬字幕渲染：应用遮挡的区域以红色阴影标出，安全区以黄色边框标出。
report-preview-frame = 第 { $cue } 条 · { $start }
report-preview-reason = 选取理由：{ $reason ->
        [most-lines] 行数最多
        [widest-line] 最宽的行
        [right-to-left] 从右到左文字
       *[longest-text] 文字最多
    }
report-preview-no-ffmpeg = 无预览：未找到带 libass 的 ffmpeg。请安装（Debian 与 Ubuntu：apt-get install ffmpeg；macOS：brew install ffmpeg），或在 subloc.yaml 的 video.ffmpeg 中指定，即可看到观众眼中最有风险的字幕。
report-preview-failed = 无预览：ffmpeg 失败：{ $detail }
error-memory-url = 记忆库位置 { $path } 不是可用的 PostgreSQL URL：{ $detail }
error-memory-url-password = 记忆库 URL 中包含密码：请删除它，并在 subloc.yaml 中用 memory-password-env 或用 --memory-password-env 指定保存密码的环境变量
error-memory-tls = 无法通过 TLS 连接团队记忆库 { $path }：{ $detail }。如果其证书由私有证书机构签发，请在 URL 中用 sslrootcert=FILE 指定该机构的证书；sslmode=verify-ca 只跳过主机名检查
error-memory-password-env = 团队记忆库的密码变量 { $var } 未设置（subloc.yaml 中的 memory-password-env 或 --memory-password-env）
error-memory-plaintext = 拒绝将团队记忆库的密码以明文发送到 { $host }（sslmode={ $mode }），它不是本机：请使用 TLS（sslmode=verify-full，或不写 sslmode），如果网络归您所有，也可以在 subloc.yaml 的 translate 下设置 memory-allow-plaintext: true
error-memory-rootcert = 无法使用 { $path } 中的证书机构（记忆库 URL 中的 sslrootcert）：{ $detail }
error-memory-system-roots = 无法加载本系统的任何证书机构来验证团队记忆库服务器（{ $detail }）：请在记忆库 URL 中用 sslrootcert=FILE 指定一个
warning-memory-plaintext = 警告：团队记忆库的密码可能以明文发送到 { $url }（subloc.yaml 中 memory-allow-plaintext: true）
cli-memory-password-env = 保存 postgres:// 记忆库密码的环境变量（优先于 subloc.yaml 中的 memory-password-env；密码本身从不打印）
memory-copied = 已从 { $from } 向 { $to } 复制 { $count } 个条目（{ $skipped } 个已存在）
cli-memory-push-about = 把本地记忆库文件的条目复制到（团队）记忆库
cli-memory-pull-about = 把（团队）记忆库的条目复制到本地记忆库文件
cli-memory-copy-local = 本地记忆库文件（SQLite）
