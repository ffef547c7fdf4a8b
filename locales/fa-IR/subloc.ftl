# subloc — پیام‌های رابط کاربری، فارسی (ایران). شناسهٔ پیام‌ها باید دقیقاً همانند en-US باشد (آزمون واحد در src/i18n.rs بررسی می‌کند).
# نیم‌فاصله (U+200C) بخشی از متن است و نباید حذف شود.
# پیام‌های تشخیص: شناسهٔ پیام همان شناسهٔ قاعده است (src/diag.rs) و متغیرها آرگومان‌های آن.

## راهنمای خط فرمان

cli-about = زیرنویس‌ها را برای پخش بین‌المللی بومی‌سازی کنید: تبدیل بی‌اتلاف SRT / ASS / WebVTT / TTML، نمایش مشخصات فایل و بررسی مشکلات.
cli-ui-lang = زبان پیام‌ها: en-US، zh-CN یا fa-IR (پیش‌فرض: LC_ALL، LC_MESSAGES، LANG و سپس تنظیمات سیستم)
cli-color = چه زمانی خروجی رنگی باشد: auto (خودکار، پیش‌فرض)، always (همیشه) یا never (هرگز)
cli-quiet = فقط خطاها چاپ شوند
cli-usage = نحوهٔ استفاده:
cli-heading-options = گزینه‌ها
cli-heading-arguments = آرگومان‌ها
cli-heading-commands = فرمان‌ها
cli-help = نمایش راهنما
cli-version = نمایش نسخه
cli-convert-about = تبدیل فایل زیرنویس به قالبی دیگر (SRT، ASS، WebVTT، TTML)
cli-convert-input = فایل زیرنویسی که خوانده می‌شود
cli-convert-output = فایلی که نوشته می‌شود («-» برای خروجی استاندارد)؛ اگر --to داده نشود، پسوند آن قالب را تعیین می‌کند
cli-convert-to = قالب خروجی: srt، ass، vtt یا ttml (پیش‌فرض: بر اساس پسوند فایل خروجی)
cli-encoding = کدگذاری فایل ورودی، مثلاً GBK، Big5 یا UTF-16LE (پیش‌فرض: تشخیص خودکار)
cli-out-encoding = کدگذاری فایل خروجی (پیش‌فرض: UTF-8)
cli-bom = نشانهٔ ترتیب بایت (BOM) نوشته شود
cli-no-bom = نشانهٔ ترتیب بایت (BOM) نوشته نشود
cli-line-ending = پایان خط در خروجی: lf، crlf یا cr (پیش‌فرض: همانند ورودی)
cli-convert-strict = با هر هشداری شکست بخورد: کد خروج 1 و هیچ فایلی نوشته نشود
cli-force = اجازهٔ بازنویسی فایل ورودی
cli-info-about = نمایش مشخصات فایل‌های زیرنویس: قالب، کدگذاری، پایان خط، تعداد قطعه‌ها، بازهٔ زمانی، خط‌های نوشتاری و مشکلات
cli-info-files = فایل‌های زیرنویسی که بررسی می‌شوند
cli-info-format = قالب گزارش: human (برای خواندن، پیش‌فرض) یا json (رابطی پایدار برای اسکریپت‌ها)
cli-info-cues = فهرست همهٔ قطعه‌ها هم آورده شود: شماره، زمان‌ها و متن ساده
cli-info-strict = اگر در هر فایلی مشکلی در سطح هشدار یا بالاتر باشد، کد خروج 1 باشد
cli-completions-about = چاپ اسکریپت تکمیل خودکار برای پوسته
cli-completions-shell = پوسته‌ای که اسکریپت تکمیل برای آن ساخته می‌شود: bash، zsh، fish، powershell یا elvish
cli-man-about = چاپ صفحهٔ راهنمای man (با قالب roff) در خروجی استاندارد

## شدت

severity-error = خطا
severity-warning = هشدار
severity-info = یادداشت

## خطاها

error-prefix = خطا
read-io-error = خواندن { $path } ممکن نیست: { $detail }
error-write = نوشتن { $path } ممکن نیست: { $detail }
error-stdout = نوشتن در خروجی استاندارد ممکن نیست: { $detail }
io-not-found = چنین فایل یا پوشه‌ای وجود ندارد
io-permission-denied = اجازهٔ دسترسی وجود ندارد
io-is-a-directory = این یک پوشه است
io-already-exists = فایل از قبل وجود دارد
io-invalid-data = داده‌ها معتبر نیستند
io-storage-full = فضای خالی روی دستگاه باقی نمانده است
io-other = { $detail }
read-unknown-format = قالب زیرنویس { $path } قابل تشخیص نیست: انتظار می‌رفت SRT، ASS/SSA، WebVTT یا TTML باشد (پسوند فایل را .srt، .ass، .ssa، .vtt یا .ttml بگذارید)
error-unknown-output-format = معلوم نیست { $path } با چه قالبی نوشته شود؛ یکی از --to srt، --to ass، --to vtt یا --to ttml را اضافه کنید
error-unknown-encoding = کدگذاری ناشناخته «{ $label }» (UTF-8، GBK، GB18030، Big5، Shift_JIS، EUC-KR، UTF-16LE یا windows-1256 را امتحان کنید)
error-unreadable-format = { $path }: فایل‌های { $format } را فقط می‌توان نوشت، نه خواند
error-same-file = فایل ورودی { $path } بازنویسی نمی‌شود؛ فایل خروجی دیگری انتخاب کنید یا --force را بدهید
error-strict-convert = { $path }: { $count } مشکل در سطح هشدار یا بالاتر وجود دارد و --strict فعال است: هیچ فایلی نوشته نشد
error-strict-info = { $count } مشکل در سطح هشدار یا بالاتر وجود دارد و --strict فعال است
error-files-failed = { $count } فایل خوانده نشد
error-internal = خطای داخلی: subloc به یک اشکال برنامه برخورد و متوقف شد. لطفاً آن را همراه با فرمانی که اجرا کردید گزارش کنید.

## info

label-file = فایل
label-format = قالب
label-encoding = کدگذاری
label-bom = نشانهٔ ترتیب بایت
label-line-ending = پایان خط
label-cues = قطعه‌های زیرنویس
label-comments = رویدادهای توضیحی
label-span = بازهٔ زمانی
label-scripts = خط‌های نوشتاری
label-problems = مشکلات
value-yes = دارد
value-no = ندارد
value-none = هیچ
value-guessed = { $encoding } (حدسی؛ با --encoding تأیید کنید)
value-span = { $start } تا { $end }
value-problems = { $errors } خطا، { $warnings } هشدار
info-no-cues = بدون قطعهٔ زیرنویس

## convert

convert-summary = { $count } قطعهٔ زیرنویس از { $from } به { $to } تبدیل شد: { $path }

## پیام‌های تشخیص (شناسهٔ پیام = شناسهٔ قاعده). منبع‌های مختلف یک قاعده ممکن است آرگومان‌های متفاوتی بدهند،
## پس پیام می‌تواند متن‌های جایگزین در ویژگی‌ها داشته باشد: نخستین متنی که همهٔ متغیرهایش موجود باشد به کار
## می‌رود و `.plain` به هیچ متغیری نیاز ندارد (Localizer::diagnostic را ببینید).

parse-bad-timing = «{ $found }» در این خط زمان‌بندی غیرمنتظره است، بنابراین این قطعه کنار گذاشته شد
    .field = زمان { $field } یعنی «{ $value }» خوانده نشد، بنابراین این رویداد کنار گذاشته شد
    .plain = این خط زمان‌بندی خوانده نشد، بنابراین این قطعه کنار گذاشته شد
parse-stray-text = متنی در جایی که انتظار یک قطعهٔ زیرنویس می‌رفت: «{ $text }»
    .plain = متنی در جایی که انتظار یک قطعهٔ زیرنویس می‌رفت
parse-bad-index = شمارهٔ قطعه «{ $index }» یک عدد صحیح مثبت نیست
    .plain = شمارهٔ قطعه وجود ندارد
parse-end-before-start = پایان این قطعه ({ $end }) پیش از آغاز آن ({ $start }) است
    .plain = پایان این قطعه پیش از آغاز آن است
parse-bad-line = { $expected ->
        [0] «{ $key }» خطی نیست که این بخش بتواند داشته باشد
       *[other] این خط { $key } دارای { $found } فیلد است، در حالی که { $expected } فیلد انتظار می‌رود
    }
    .plain = این خط خوانده نشد (انتظار می‌رفت «کلید: مقدار» با تعداد کافی فیلد باشد)
parse-missing-format = خط { $section } پیش از خط «Format:» این بخش آمده است؛ ترتیب استاندارد فیلدهای ASS v4+ در نظر گرفته شد
    .plain = رویدادی پیش از هر خط «Format:» آمده است؛ ترتیب استاندارد فیلدهای ASS v4+ در نظر گرفته شد
parse-bad-markup = نشانه‌گذاری «{ $markup }» بسته نشده یا شناخته نیست
    .plain = نشانه‌گذاری‌ای که بسته نشده یا شناخته نیست
parse-missing-header = امضای WebVTT یعنی «WEBVTT» در خط اول نیامده است
parse-no-cues = فایل هیچ قطعهٔ زیرنویسی ندارد
parse-unsupported-format = فایل‌های { $format } را فقط می‌توان نوشت، نه خواند
    .plain = subloc این قالب را فقط می‌نویسد و نمی‌تواند آن را بخواند
encoding-invalid = { $count } دنبالهٔ بایت در کدگذاری { $encoding } معتبر نبود و با «�» جایگزین شد
    .plain = بایت‌هایی که در کدگذاری فایل معتبر نبودند با «�» جایگزین شدند
encoding-guessed = کدگذاری { $encoding } حدس زده شد؛ آن را با --encoding تأیید کنید
    .plain = کدگذاری حدس زده شد؛ آن را با --encoding تأیید کنید
encoding-nul = فایل { $count } بایت NUL دارد، پس شاید فایل متنی نباشد
    .plain = فایل بایت NUL دارد، پس شاید فایل متنی نباشد
encoding-bom-overridden = فایل با نشانهٔ ترتیب بایت { $bom } آغاز می‌شود، اما --encoding { $encoding } داده شده است؛ این نشانه به‌عنوان متن خوانده شد
    .plain = --encoding با نشانهٔ ترتیب بایت فایل سازگار نیست؛ این نشانه به‌عنوان متن خوانده شد
write-markup-dropped = قالب { $format } نمی‌تواند «{ $markup }» را بیان کند، پس حذف شد
    .markup = قالب خروجی نمی‌تواند «{ $markup }» را بیان کند، پس حذف شد
    .plain = قالب خروجی نمی‌تواند بخشی از نشانه‌گذاری را بیان کند و آن بخش حذف شد
write-unmappable = { $count } نویسه در کدگذاری { $encoding } قابل نوشتن نبود (نخستینِ آن‌ها «{ $char }» است) و با «?» جایگزین شد
    .count = { $count } نویسه در کدگذاری { $encoding } قابل نوشتن نبود و جایگزین شد
    .plain = برخی نویسه‌ها در کدگذاری خروجی قابل نوشتن نبودند و جایگزین شدند
write-comment-dropped = { $count } رویداد توضیحی کنار گذاشته شد: قالب { $format } توضیح ندارد
    .plain = رویدادهای توضیحی کنار گذاشته شدند: قالب خروجی توضیح ندارد
timing-overlap = این قطعه هم‌زمان با قطعهٔ دیگری در همان جای صفحه نمایش داده می‌شود
timing-out-of-order = این قطعه پیش از قطعه‌ای که قبل از آن نوشته شده آغاز می‌شود
timing-zero-duration = پایان این قطعه هم‌زمان با آغاز آن یا پیش از آن است
timing-min-duration = مدت نمایش این قطعه از کمینهٔ مجاز کوتاه‌تر است
timing-max-duration = مدت نمایش این قطعه از بیشینهٔ مجاز بلندتر است
timing-min-gap = فاصلهٔ پیش از این قطعه از کمینهٔ فاصلهٔ مجاز کوتاه‌تر است
text-max-lines = تعداد خط‌های این قطعه از حد مجاز بیشتر است
text-max-chars-per-line = یکی از خط‌های این قطعه بیش از حد مجاز نویسه دارد
reading-speed = این قطعه برای خواندن بیش از حد تند است: شمار نویسه در ثانیه از حد مجاز بیشتر است
reading-speed-wpm = این قطعه برای خواندن بیش از حد تند است: شمار واژه در دقیقه از حد مجاز بیشتر است
text-empty-cue = این قطعه هیچ متن دیدنی ندارد
markup-unbalanced = برچسبی باز شده و بسته نشده، یا بسته شده و باز نشده است
markup-unknown = برچسب یا دستوری که هیچ قالب زیرنویسی آن را تعریف نکرده است
italics-forbidden = در این زبان از حروف کج (ایتالیک) استفاده نمی‌شود
punct-forbidden = نشانهٔ سجاوندی‌ای که راهنمای سبک این زبان به کار نمی‌برد
punct-line-end = این نشانهٔ سجاوندی در این زبان نباید در پایان خط بیاید
punct-arabic-script = نشانه‌های سجاوندی لاتین در متن با خط عربی؛ به‌جای آن‌ها «،» «؟» «؛» را به کار ببرید
punct-space-before = پیش از نشانهٔ سجاوندی‌ای که باید بی‌فاصله پس از واژه بیاید، فاصله آمده است
punct-ellipsis = سه نقطه به‌جای نویسهٔ «…» که این زبان به کار می‌برد
rtl-line-end-mark = این خط راست‌به‌چپ نشانهٔ جهت ندارد و آغاز یا پایانش در سمت نادرست نمایش داده می‌شود
text-zwnj-stripped = این واژهٔ فارسی در اینجا نیم‌فاصله (ZWNJ) لازم دارد، مانند «می‌شود»
charset-invalid = نویسه‌هایی بیرون از مجموعهٔ نویسه‌های مجاز این سکو
glossary-syntax = glossary.yaml خوانده نشد: { $message }
    .plain = glossary.yaml یک YAML معتبر نیست یا نوع یکی از مقدارها نادرست است
glossary-unknown-key = کلید ناشناختهٔ «{ $key }»؛ یکی از این‌ها انتظار می‌رفت: { $expected }
    .plain = کلیدی که طرح واژه‌نامه آن را تعریف نکرده است
glossary-unsupported-version = این نسخه از subloc نسخهٔ طرح این واژه‌نامه را نمی‌خواند
glossary-duplicate-id = دو اصطلاح شناسهٔ یکسان دارند
glossary-bad-id = شناسهٔ اصطلاح باید kebab-case باشد (حروف کوچک، رقم و خط تیره)
glossary-duplicate-source = این صورت مبدأ را اصطلاح دیگری از پیش گرفته است
glossary-variant-forbidden = این برگردان هم پذیرفته و هم ممنوع فهرست شده است
glossary-bad-language = این برچسب زبان یک BCP 47 معتبر نیست
glossary-approved-without-text = مدخل تأییدشده‌ای برگردان ندارد
glossary-bad-value = این مقدار جزو مقدارهای مجاز نیست
glossary-empty-text = صورت مبدأ یا برگردانی خالی است
glossary-bad-date = تاریخ باید به شکل YYYY-MM-DD نوشته شود
glossary-no-rendering = برای یکی از زبان‌های مقصد پروژه هنوز برگردان قابل استفاده‌ای وجود ندارد
glossary-missing-term = ترجمه برگردان تأییدشدهٔ یکی از اصطلاح‌های واژه‌نامه را که در متن مبدأ آمده ندارد
glossary-forbidden-term = ترجمه برگردان ممنوع یکی از اصطلاح‌های واژه‌نامه را به کار برده است
glossary-not-kept = اصطلاحی که نباید ترجمه شود به همان شکل نگه داشته نشده است
