# subloc — پیام‌های رابط کاربری، فارسی (ایران). شناسهٔ پیام‌ها باید دقیقاً همانند en-US باشد (آزمون واحد در src/i18n.rs بررسی می‌کند).
# نیم‌فاصله (U+200C) بخشی از متن است و نباید حذف شود.
# پیام‌های تشخیص: شناسهٔ پیام همان شناسهٔ قاعده است (src/diag.rs) و متغیرها آرگومان‌های آن.

## راهنمای خط فرمان

cli-about = زیرنویس‌ها را برای پخش بین‌المللی بومی‌سازی کنید: ترجمهٔ یک فصل به همهٔ زبان‌ها و سکوها با واژه‌نامه و حافظهٔ ترجمه، بررسی و اصلاح زیرنویس‌ها با قواعد سکوها، و تبدیل بی‌اتلاف SRT / ASS / WebVTT / TTML.
cli-ui-lang = زبان پیام‌ها: en-US، zh-CN یا fa-IR (پیش‌فرض: LC_ALL، LC_MESSAGES، LANG و سپس تنظیمات سیستم)
cli-color = چه زمانی خروجی رنگی باشد: auto (خودکار، پیش‌فرض)، always (همیشه) یا never (هرگز)
cli-quiet = فقط خطاها چاپ شوند
cli-usage = نحوهٔ استفاده:
cli-heading-options = گزینه‌ها
cli-heading-arguments = آرگومان‌ها
cli-heading-commands = فرمان‌ها
cli-help = نمایش راهنما
cli-version = نمایش نسخه
cli-convert-about = تبدیل فایل زیرنویس به قالبی دیگر (SRT، ASS، WebVTT، TTML، SBV)
cli-convert-input = فایل زیرنویسی که خوانده می‌شود
cli-convert-output = فایلی که نوشته می‌شود («-» برای خروجی استاندارد)؛ اگر --to داده نشود، پسوند آن قالب را تعیین می‌کند
cli-convert-to = قالب خروجی: srt، ass، vtt، ttml یا sbv (پیش‌فرض: بر اساس پسوند فایل خروجی)
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
cli-config = فایل پیکربندی پروژه (پیش‌فرض: subloc.yaml در همین پوشه یا نزدیک‌ترین پوشهٔ بالاتر)
cli-glossary-file = فایل واژه‌نامه (پیش‌فرض: glossary: در subloc.yaml، وگرنه glossary.yaml در همین پوشه یا نزدیک‌ترین پوشهٔ بالاتر)
cli-dry-run = فقط نشان داده شود چه چیزی تغییر می‌کند؛ هیچ فایلی نوشته نشود
cli-date = تاریخی که با هر تغییر ثبت می‌شود، به شکل YYYY-MM-DD (پیش‌فرض: امروز)
cli-platform = پروفایل سکو، مثلاً netflix یا youtube (پیش‌فرض: platform: در subloc.yaml؛ فهرست آن‌ها را subloc platforms نشان می‌دهد)
cli-file-lang = زبان فایل‌ها، مثلاً fa یا zh-Hans (پیش‌فرض: lang: در subloc.yaml، وگرنه از نام فایل مانند ep01.fa.srt، وگرنه از خط نوشتاری متن)
cli-fps = نرخ فریم برای قاعده‌هایی که با فریم سنجیده می‌شوند: 23.976، 24، 25، 29.97، 30، 50، 59.94 یا 60 (پیش‌فرض: نرخ فایل، وگرنه نرخ پروفایل)
cli-check-about = بررسی فایل‌های زیرنویس با قاعده‌های یک سکو: زمان‌بندی، سرعت خواندن، خط‌ها، برچسب‌ها، نشانه‌های سجاوندی و واژه‌نامه
cli-check-files = فایل‌های زیرنویسی که بررسی می‌شوند
cli-check-format = قالب گزارش: human (پیش‌فرض)، json، junit، github، sarif یا html
cli-check-output = گزارش به‌جای خروجی استاندارد در این فایل نوشته شود
cli-check-max-severity = بالاترین شدتی که هنوز قبول است: warning (پیش‌فرض؛ خطاها شکست می‌دهند)، error (هیچ چیز شکست نمی‌دهد) یا info (هشدارها هم شکست می‌دهند)
cli-check-severity = تغییر شدت یک قاعده: قاعده=error، warning، info یا off؛ گزینه را تکرار کنید یا با ویرگول جدا کنید
cli-check-baseline = یافته‌هایی که در این فایل خط مبنا ثبت شده‌اند نادیده گرفته شوند (ساخته‌شده با --write-baseline)
cli-check-write-baseline = یافته‌های این اجرا در یک فایل خط مبنا نوشته شوند
cli-check-source = فایل‌های زبان مبدأ برای بررسی واژه‌نامه، که بر اساس نام و وگرنه به ترتیب با فایل‌های بررسی‌شده جفت می‌شوند
cli-check-jobs = چند فایل هم‌زمان بررسی شوند (پیش‌فرض: 2)
cli-fix-about = اعمال اصلاح‌هایی که معنا را تغییر نمی‌دهند: شکستن خط، نشانه‌های سجاوندی، نشانه‌های جهت و با --retime زمان‌بندی قطعه‌ها
cli-fix-files = فایل‌های زیرنویسی که اصلاح می‌شوند
cli-fix-in-place = فایل‌های ورودی بازنویسی شوند
cli-fix-out-dir = فایل‌های اصلاح‌شده با نام خودشان در این پوشه نوشته شوند
cli-fix-output = فایلی که نوشته می‌شود (فقط با یک فایل ورودی)
cli-fix-retime = زمان قطعه‌ها هم جابه‌جا شود: فاصله‌های کمتر از کمینه پر شوند، قطعه‌های کوتاه در زمان آزاد بلندتر شوند، هم‌پوشانی‌ها بریده شوند و قطعه‌های بلند کوتاه شوند
cli-platforms-about = فهرست پروفایل‌های سکوها، یا نمایش همهٔ محدودیت‌های یک پروفایل همراه با منبع هر کدام
cli-platforms-id = پروفایلی که نمایش داده می‌شود (پیش‌فرض: فهرست همهٔ پروفایل‌ها)
cli-platforms-lang = زبانی که محدودیت‌ها برای آن محاسبه می‌شوند، مثلاً fa یا zh-Hans
cli-text-format = قالب خروجی: human (پیش‌فرض) یا json
cli-glossary-about = کار با واژه‌نامهٔ مجموعه: بررسی، جست‌وجو در قسمت‌ها، بازبینی همکاران، برون‌بری و درون‌بری
cli-glossary-lint-about = همهٔ مشکلات واژه‌نامه یک‌جا و با شمارهٔ خط و ستون گزارش شوند
cli-glossary-lint-lang = زبان‌های مقصدی که پروژه تحویل می‌دهد، مثلاً fa,en,ar: برای اصطلاح‌هایی که در یکی از آن‌ها برگردان ندارند هشدار داده شود
cli-glossary-lint-path = پروندهٔ واژه‌نامه برای بررسی (همان --glossary FILE؛ پیش‌فرض: glossary.yaml در این پوشه یا نزدیک‌ترین پوشهٔ بالاتر)
cli-glossary-scan-about = نمایش اینکه اصطلاح‌های واژه‌نامه کجا و چند بار در قسمت‌ها آمده‌اند، و عبارت‌های تکراری که شاید اصطلاحی جاافتاده باشند
cli-glossary-scan-episodes = قسمت‌های زبان مبدأ که جست‌وجو می‌شوند
cli-glossary-scan-candidates-out = اصطلاح‌های نامزد به‌صورت مدخل‌های پیشنهادی در این فایل جداگانه نوشته شوند (واژه‌نامه هرگز تغییر نمی‌کند)
cli-glossary-scan-lang = زبان‌های مدخل‌های پیشنهادی خالی در فایل نامزدها (پیش‌فرض: زبان‌های واژه‌نامه)
cli-glossary-scan-min-count = هر عبارت دست‌کم چند بار بیاید تا نامزد شود (پیش‌فرض: 3)
cli-glossary-review-about = ساخت برگهٔ بازبینی برای همکاران: LANG.html (صفحه‌ای با جست‌وجو و پالایه) و LANG.csv (تصمیم‌هایی که باید پر شوند)
cli-glossary-review-lang = زبانی که بازبینی می‌شود، مثلاً fa
cli-glossary-review-episodes = قسمت‌های زبان مبدأ که قطعه‌هایشان به‌عنوان نمونه نمایش داده می‌شود
cli-glossary-review-translations = ترجمهٔ همان قسمت‌ها به زبان بازبینی، به همان ترتیب
cli-glossary-review-out = پوشه‌ای که LANG.html و LANG.csv در آن نوشته می‌شوند (پیش‌فرض: review)
cli-glossary-review-max-examples = شمار قطعه‌های نمونه برای هر اصطلاح (پیش‌فرض: 3)
cli-glossary-review-page-lang = زبان صفحه برای همکار، مثلاً fa (پیش‌فرض: زبان بازبینی اگر subloc آن را دارد، وگرنه زبان رابط)
cli-glossary-apply-about = ادغام CSV بازبینی‌شده در واژه‌نامه؛ ردیف‌هایی که با تغییرهای بعدی تعارض دارند با ذکر دلیل رد می‌شوند
cli-glossary-apply-csv = CSV بازبینی که ستون‌های decision، corrected_text، reviewer و comment آن پر شده‌اند
cli-glossary-apply-reviewer = بازبینی که برای ردیف‌های بدون نام بازبین ثبت می‌شود
cli-glossary-export-about = برون‌بری واژه‌نامه برای ابزارهای ترجمه (TBX-Basic) یا ترجمهٔ ماشینی (CSV به سبک DeepL یا Google)
cli-glossary-export-format = قالب برون‌بری: tbx (TBX نسخهٔ ۳، پیش‌فرض)، tbx2008 (TBX-Basic 2008، قالب martif که ابزارهای قدیمی‌تر و translate-toolkit می‌خوانند) یا csv
cli-glossary-export-lang = زبان‌های مقصد (پیش‌فرض TBX: همه)؛ CSV دقیقاً یک زبان لازم دارد
cli-glossary-export-style = گونهٔ CSV: deepl (پیش‌فرض) یا google
cli-glossary-export-include-proposed = برگردان‌های پیشنهادی هم برون‌بری شوند، نه فقط تأییدشده‌ها
cli-glossary-export-output = فایلی که نوشته می‌شود (پیش‌فرض: خروجی استاندارد)
cli-glossary-import-about = درون‌بری برگردان‌ها از یک فایل CSV (مبدأ,مقصد) یا TBX به‌صورت مدخل‌های پیشنهادی
cli-glossary-import-input = فایل CSV یا TBX برای درون‌بری (.tbx و .xml به‌صورت TBX خوانده می‌شوند)
cli-glossary-import-lang = زبان مقصد فایل CSV، مثلاً fa

## شدت

severity-error = خطا
severity-warning = هشدار
severity-info = یادداشت
font-missing = قلم «{ $family }» برای متن { $script } نصب نیست، پس خط‌ها روی بوم این سکو با شمردن نویسه‌ها اندازه‌گیری می‌شوند. آن را نصب کنید (دبیان و اوبونتو: apt install fonts-noto-core fonts-noto-cjk) یا در subloc.yaml قلمی نصب‌شده یا پوشهٔ قلم‌ها را نام ببرید: fonts: {"{"}families: {"{"}{ $script }: FAMILY{"}"}, dirs: [FOLDER]{"}"}

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
io-too-large = حجم پرونده { $size } مگابایت است و از سقف { $limit } مگابایتی که subloc می‌خواند بیشتر است
io-not-regular = این یک فایل معمولی نیست ({ $kind ->
        [fifo] لولهٔ نام‌دار
        [device] دستگاه
        [socket] سوکت
       *[other] فایل ویژه
    })؛ نخست آن را در یک فایل رونویسی کنید
io-over-budget = { $cues } قطعه و { $tags } برچسب آن حدود { $size } مگابایت حافظه می‌خواهد، بیش از { $limit } مگابایتی که در اختیار subloc است؛ فایل را بخش‌بخش کنید (مثلاً ساعت به ساعت) یا SUBLOC_MEMORY_LIMIT را بیشتر کنید
io-other = { $detail }
read-unknown-format = قالب زیرنویس { $path } قابل تشخیص نیست: انتظار می‌رفت SRT، ASS/SSA، WebVTT، TTML/DFXP یا SBV باشد (پسوند فایل را .srt، .ass، .ssa، .vtt، .ttml، .dfxp یا .sbv بگذارید)
error-unknown-output-format = معلوم نیست { $path } با چه قالبی نوشته شود؛ یکی از --to srt، --to ass، --to vtt، --to ttml یا --to sbv را اضافه کنید
error-stdout-needs-format = نوشتن در خروجی استاندارد به قالب نیاز دارد: یکی از --to srt، --to ass، --to vtt، --to ttml یا --to sbv را اضافه کنید
error-unknown-encoding = کدگذاری ناشناخته «{ $label }» (UTF-8، GBK، GB18030، Big5، Shift_JIS، EUC-KR، UTF-16LE یا windows-1256 را امتحان کنید)
error-unreadable-format = { $path }: این محتوای { $format } است که قالب زیرنویسی نیست که subloc بخواند (subloc این قالب‌ها را می‌خواند: SRT، WebVTT، ASS/SSA، TTML/DFXP و SBV)
error-same-file = فایل ورودی { $path } بازنویسی نمی‌شود؛ فایل خروجی دیگری انتخاب کنید یا --force را بدهید
error-no-cues = { $path }: هیچ قطعه‌ای خوانده نشد: فایل خالی است یا فایل زیرنویس نیست
error-strict-convert = { $path }: { $count } مشکل در سطح هشدار یا بالاتر وجود دارد و --strict فعال است: هیچ فایلی نوشته نشد
error-strict-info = { $count } مشکل در سطح هشدار یا بالاتر وجود دارد و --strict فعال است
error-files-failed = { $count } فایل خوانده نشد
error-internal = خطای داخلی: subloc به یک اشکال برنامه برخورد و متوقف شد. لطفاً آن را همراه با فرمانی که اجرا کردید گزارش کنید.
error-config-yaml = { $path }: { $detail }
error-unknown-platform = پروفایل سکوی ناشناختهٔ «{ $id }»؛ پروفایل‌های شناخته‌شده: { $known }
error-profile = پروفایل‌های سکو: { $detail }
error-profile-parent = پروفایل { $profile } از { $parent } ارث می‌برد که پروفایل شناخته‌شده‌ای نیست
error-profile-cycle = پروفایل { $profile } از خودش ارث می‌برد (چرخه در `inherits:`)
error-profile-language = پروفایل { $profile }: { $tag } برچسب زبان معتبری نیست
error-profile-rule = پروفایل { $profile }: { $rule } در `severity` شناسهٔ قاعده نیست
error-profile-schema = پروفایل‌های سکو: schema_version { $version } پشتیبانی نمی‌شود (این نسخهٔ subloc نسخهٔ ۱ را می‌خواند)
error-profile-safe-area = پروفایل { $profile }: ناحیهٔ امن چیزی از بوم { $width } × { $height } باقی نمی‌گذارد (چپ + راست باید کمتر از عرض و بالا + پایین کمتر از ارتفاع باشد)
error-unknown-rule = قاعدهٔ ناشناختهٔ «{ $rule }»؛ قاعده‌های شناخته‌شده: { $known }
error-bad-level = سطح نامعتبر «{ $value }»: باید error، warning، info یا off باشد
error-bad-severity-spec = «{ $value }» به شکل قاعده=سطح نیست (برای نمونه reading-speed=warning)
error-bad-lang = «{ $value }» برچسب زبان نیست (نمونه‌ها: fa، zh-Hans، en-US)
error-page-lang = صفحهٔ بازبینی به زبان «{ $value }» در دسترس نیست؛ زبان‌های صفحه: { $known }
error-no-glossary = هیچ glossary.yaml در { $dir } یا پوشه‌های بالاتر نیست؛ --glossary FILE را بدهید یا glossary: را در subloc.yaml تنظیم کنید
error-glossary-invalid = واژه‌نامهٔ { $path } { $count } خطا دارد (در بالا آمده‌اند)؛ subloc glossary lint همهٔ مشکلات را نشان می‌دهد
error-bad-date = «{ $value }» تاریخی به شکل YYYY-MM-DD نیست
error-translations-count = { $translations } فایل ترجمه برای { $episodes } قسمت: برای هر قسمت یک ترجمه، به همان ترتیب، بدهید
error-candidates-into-glossary = اصطلاح‌های نامزد در واژه‌نامهٔ { $path } نوشته نمی‌شوند؛ فایل دیگری برای --candidates-out انتخاب کنید
error-csv = { $path }:{ $line }: CSV خوانده نشد: { $detail }
error-csv-column = { $path }: ستون «{ $column }» وجود ندارد؛ از CSV ساخته‌شده با subloc glossary review استفاده کنید
error-csv-encoding = { $path } با UTF-8 نوشته نشده و رمزگذاری‌اش با اطمینان معلوم نیست (شاید { $encoding }): آن را در برنامهٔ صفحه‌گسترده باز کنید، «Save As» را با گونهٔ «CSV UTF-8 (Comma delimited)» بزنید و همان پرونده را اعمال کنید
error-tbx = { $path }: بایت { $position }: فایل TBX خوانده نشد: { $detail }
error-export-csv-lang = برون‌بری CSV دقیقاً یک زبان مقصد لازم دارد: --lang را اضافه کنید، مثلاً --lang fa
error-import-csv-lang = برای درون‌بری CSV زبان مقصد آن لازم است: --lang را اضافه کنید، مثلاً --lang fa
error-no-platform = سکویی داده نشده است: --platform ID را اضافه کنید (فهرست آن‌ها را subloc platforms نشان می‌دهد) یا platform: را در subloc.yaml تنظیم کنید
error-bad-fps = «{ $value }» نرخ فریم نیست (نمونه‌ها: 23.976، 24، 25، 29.97، 30000/1001)
error-baseline = خط مبنای { $path } قابل استفاده نیست: { $detail }
error-source-pairing = { $files } فایل بررسی‌شده با { $sources } فایل مبدأ جفت نمی‌شوند: نام‌ها را هم‌خوان کنید (ep01.fa.srt با ep01.srt) یا به همان ترتیب به همان تعداد فایل مبدأ بدهید
error-fix-output-one = -o فقط یک فایل خروجی را نام می‌برد، اما { $count } فایل داده شده است؛ برای چند فایل از --out DIR استفاده کنید

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

## بررسی

check-summary = { $files } فایل بررسی شد: { $errors } خطا، { $warnings } هشدار، { $infos } یادداشت
check-baseline-written = { $count } یافتهٔ پذیرفته در خط مبنای { $path } نوشته شد
check-baseline-accepted = { $count } یافته را خط مبنا پذیرفته است و گزارش نمی‌شود

## اصلاح

fix-summary = { $path } ← { $output }: { $count } تغییر{ $left ->
        [0] {""}
       *[other] ، { $left } مورد باید دستی اصلاح شود
    }
fix-summary-dry-run = { $path }: { $count } تغییر انجام می‌شد{ $left ->
        [0] {""}
       *[other] ، { $left } مورد باید دستی اصلاح شود
    }؛ چیزی نوشته نشد
fix-unfixable = اصلاح خودکار امنی ندارد؛ آن را دستی اصلاح کنید
fix-field-start = آغاز
fix-field-end = پایان
fix-field-text = متن

## سکوها

platforms-col-id = شناسه
platforms-col-name = نام
platforms-col-lines = خط‌ها
platforms-col-chars = نویسه در خط
platforms-col-cps = نویسه در ثانیه
platforms-col-duration = مدت
platforms-col-gap = کمینهٔ فاصله
platforms-col-languages = زبان‌های دارای قاعدهٔ ویژه
platforms-list-hint = { $count } پروفایل. محدودیت‌های نشان‌داده‌شده عمومی‌اند؛ subloc platforms ID --lang LANG همهٔ محدودیت‌های یک زبان را همراه با منبع نشان می‌دهد.
platforms-resolved-for = محدودیت‌ها برای زبان { $lang } (مدخل‌های زبانی به‌کاررفته: { $matched })
platforms-resolved-general = محدودیت‌های عمومی (زبانی داده نشده؛ برای قاعده‌های ویژهٔ یک زبان --lang LANG را اضافه کنید)
platforms-col-limit = محدودیت
platforms-col-value = مقدار
platforms-col-status = اعتبار
platforms-col-source = منبع
platforms-col-set-by = تعیین‌شده در
platforms-col-note = یادداشت
platforms-severity = شدت‌هایی که پروفایل تعیین کرده است: { $rules }
platforms-status-legend = اعتبار: DOC = صفحهٔ منتشرشدهٔ خود سکو؛ DOC-2 = منتشرشده، به نقل از منبعی دست‌دوم؛ TOOL = پیاده‌سازی یک ابزار کنترل کیفیت؛ IND = پیش‌فرض صنعت (سکو چیزی منتشر نکرده)؛ NONE = چیزی منتشر نشده، بررسی نمی‌شود. منبع‌ها کلیدهای docs/platforms.md هستند (برنامه‌های عمودی: docs/vertical.md).
platforms-screen-legend = صفحه: canvas پهنا×بلندا به پیکسل است؛ safe_area بخشی است که رابط خود سکو می‌پوشاند، به صورت فاصله از لبه‌های بالا، راست، پایین و چپ به پیکسل بوم؛ font_size و line_spacing به پیکسل بوم‌اند؛ fonts برای هر خط (Arab، Hans، Latn …) یک خانوادهٔ قلم نام می‌برد.

## واژه‌نامه

glossary-lint-ok = { $path }: { $count } اصطلاح، بدون خطا، { $warnings } هشدار
glossary-lint-failed = { $path }: { $errors } خطا، { $warnings } هشدار
glossary-scan-not-found = یافت نشد
glossary-scan-count = { $count } بار
glossary-scan-cue = قطعهٔ { $cue }
glossary-scan-more = و { $count } مورد دیگر
glossary-scan-candidates = اصطلاح‌های نامزد (تکرارشده و نه در واژه‌نامه):
glossary-scan-candidate = { $count } بار در { $cues } قطعه از { $files } فایل
glossary-scan-summary = { $found } اصطلاح از { $count } اصطلاح در { $files } فایل یافت شد و { $missing } اصطلاح یافت نشد؛ { $candidates } اصطلاح نامزد
glossary-candidates-written = { $count } اصطلاح نامزد به‌صورت مدخل پیشنهادی در { $path } نوشته شد؛ { $glossary } تغییری نکرد
glossary-review-written = { $html } و { $csv } نوشته شدند: { $count } اصطلاح ({ $approved } تأییدشده، { $proposed } پیشنهادی، { $rejected } ردشده، { $missing } بدون مدخل)؛ زبان صفحه: { $page }
glossary-apply-row = ردیف { $row }
glossary-apply-status = { $old } ← { $new } «{ $text }»
glossary-apply-corrected = «{ $old }» ← «{ $new }» (تأیید شد)
glossary-apply-comment = توضیح: { $text }
glossary-apply-legacy-encoding = { $path } با کدپیج قدیمی { $encoding } ذخیره شده بود و با همان خوانده شد؛ دفعهٔ بعد آن را با گونهٔ «CSV UTF-8 (Comma delimited)» ذخیره کنید
glossary-apply-commented = توضیح ثبت شد
glossary-apply-refused = رد شد:
glossary-apply-refused-count = { $count } ردیف رد شد و تصمیم‌های دیگر ادغام شدند؛ برای اصطلاح‌های ردشده با subloc glossary review برگهٔ تازه‌ای بسازید
glossary-unchanged = چیزی در { $path } تغییر نمی‌کند
glossary-dry-run = اجرای آزمایشی: { $count } تغییر در { $path } نوشته می‌شد؛ چیزی نوشته نشد
glossary-updated = { $path } به‌روز شد: { $count } تغییر (نسخهٔ پیشین در { $backup } نگه داشته شد)
glossary-exported = { $path } نوشته شد
glossary-import-new-term = + اصطلاح تازهٔ { $term } (پیشنهادی)
glossary-import-added = + { $term } [{ $lang }] (پیشنهادی)
apply-refused-unknown-term = اصطلاحی با این شناسه در واژه‌نامه نیست
apply-refused-unknown-decision = «{ $value }» تصمیم معتبری نیست: approve، reject یا correct بنویسید
apply-refused-no-decision = متن اصلاح‌شده بدون تصمیم آمده است: در ستون decision واژهٔ correct را بنویسید
apply-refused-conflict = اصطلاح یا برگردان آن پس از ساخت برگه تغییر کرده است (اکنون «{ $current }»)؛ برگهٔ تازه‌ای بسازید
apply-refused-missing-fingerprint = خانهٔ base_fingerprint خالی است، پس تغییرهای پس از ساخت برگه را نمی‌توان تشخیص داد
apply-refused-no-text = متنی برای تأیید نیست: corrected_text را پر کنید
apply-refused-no-entry = در این زبان مدخلی برای رد کردن یا توضیح دادن نیست
apply-refused-lost-characters = متن فقط علامت سؤال است: برنامهٔ صفحه‌گسترده پرونده را با کدپیجی بدون این حرف‌ها ذخیره کرده؛ آن را با گونهٔ «CSV UTF-8 (Comma delimited)» ذخیره و دوباره اعمال کنید
apply-refused-no-reviewer = نام بازبین نیامده است: ستون reviewer را پر کنید یا --reviewer را بدهید
apply-refused-duplicate-row = برای این اصطلاح و زبان پیش‌تر در ردیف { $row } تصمیم گرفته شده است
apply-refused-not-editable = واژه‌نامه در این جا قابل ویرایش خودکار نیست ({ $detail })؛ آن را دستی ویرایش کنید
apply-refused-invalid = این تغییر واژه‌نامه را نامعتبر می‌کند ({ $rules })
import-skip-already-present = مورد { $item } «{ $source }» [{ $lang }]: از پیش در واژه‌نامه هست
import-skip-conflict = مورد { $item } «{ $source }» [{ $lang }]: کنار گذاشته شد، واژه‌نامه برگردان دیگری دارد: «{ $existing }»
import-skip-empty = مورد { $item }: کنار گذاشته شد، صورت مبدأ یا متن مقصد ندارد
import-skip-bad-language = مورد { $item } «{ $source }»: کنار گذاشته شد، «{ $lang }» برچسب زبان نیست
import-skip-not-editable = مورد { $item } «{ $source }» [{ $lang }]: کنار گذاشته شد، واژه‌نامه در این جا قابل ویرایش خودکار نیست ({ $detail })
import-skip-invalid = مورد { $item } «{ $source }» [{ $lang }]: کنار گذاشته شد، واژه‌نامه را نامعتبر می‌کرد ({ $rules })

## صفحهٔ بازبینی واژه‌نامه (review::LABEL_IDS)

review-title = بازبینی واژه‌نامه: { $lang }
review-search = جست‌وجو
review-filter-status = وضعیت
review-filter-kind = گونه
review-all = همه
review-col-term = اصطلاح
review-col-source = مبدأ
review-col-status = وضعیت
review-col-rendering = برگردان
review-col-notes = یادداشت‌ها
review-col-count = دفعات
review-col-examples = نمونه‌ها در بافت
review-status = { $status ->
        [approved] تأییدشده
        [proposed] پیشنهادی
        [rejected] ردشده
       *[missing] بدون مدخل
    }
review-kind = { $kind ->
        [craft] هنر و صنعت
        [place] مکان
        [person] شخص
        [organisation] سازمان
        [concept] مفهوم
        [title] عنوان
       *[other] دیگر
    }
review-variants = گونه‌های پذیرفته
review-forbidden = ممنوع
review-keep = ترجمه نشود
review-reviewed = { $status ->
        [proposed] پیشنهاد { $reviewer } در { $date }
       *[other] بازبینی‌شده به دست { $reviewer } در { $date }
    }
review-reviewed-by = { $status ->
        [proposed] پیشنهاد { $reviewer }
       *[other] بازبینی‌شده به دست { $reviewer }
    }
review-updated = به‌روزشده در { $date }
review-comment = { $reviewer }، { $date }:
review-not-counted = شمرده نشده
review-how-title = راهنمای بازبینی این اصطلاح‌ها
review-how-decide = برای هر اصطلاح در جدول زیر تصمیم بگیرید که برگردان آن به { $lang } درست است یا نه. «بدون مدخل» یعنی هنوز برگردانی ندارد: برگردانی پیشنهاد کنید.
review-how-fill = پروندهٔ { $csv } را در یک برنامهٔ صفحه‌گسترده (Excel، LibreOffice Calc، Google Sheets) باز کنید. در ستون { $decision } یکی از این واژه‌ها را به همین شکل لاتین بنویسید: { $approve } (تأیید)، { $reject } (رد) یا { $correct } (اصلاح)؛ برای اصلاح یا پیشنهاد برگردان، آن را در ستون { $corrected } بنویسید. نام خود را در ستون { $reviewer } و هر نکته‌ای را که گروه باید بداند در ستون { $comment } بنویسید. ستون‌های دیگر را تغییر ندهید: نشان می‌دهند کدام نسخه را بازبینی کرده‌اید.
review-how-send = پرونده را با قالب { $format } ذخیره کنید (در Excel: «Save As» و سپس گونهٔ «CSV UTF-8 (Comma delimited)»)، نام { $csv } را نگه دارید و آن را برای کسی که این صفحه را برایتان فرستاده بازفرستید. ردیف‌هایی که خالی بمانند چیزی را تغییر نمی‌دهند.
review-found = برگردان به کار رفته
review-not-found = برگردان نیامده
review-no-translation = بدون ترجمه
review-shown = نمایش:

## گزارش‌های بررسی (report::LABEL_IDS)

report-cue = قطعهٔ { $cue }
report-severity = { $severity ->
        [error] خطا
        [warning] هشدار
       *[info] یادداشت
    }
report-file-unreadable = خوانده نمی‌شود: { $error }
report-heading-files = فایل‌ها
report-heading-rules = قاعده‌ها
report-no-findings = مشکلی یافت نشد.
report-html-title = گزارش بررسی subloc
report-timeline-title = سرعت خواندن در طول زمان
report-timeline-empty = قطعه‌ای برای نمودار نیست
report-col-line = خط
report-col-cue = قطعه
report-col-severity = شدت
report-col-rule = قاعده
report-col-message = پیام
report-col-start = شروع
report-col-end = پایان
report-col-duration = مدت
report-col-measured = مقدار / حد
report-col-text = متن
report-col-episode = قسمت
report-col-cues = قطعه‌ها
report-col-worst = بدترین قاعده
report-col-language = زبان
report-col-platform = سکو
report-col-files = پرونده‌ها
report-seconds = { $seconds } ثانیه
report-measured = { $value } { $unit ->
        [cps] نویسه در ثانیه
        [wpm] واژه در دقیقه
        [lines] خط
        [ms] میلی‌ثانیه
        [px] پیکسل
       *[chars] نویسه
    } / { $limit }
report-measured-only = { $value } { $unit ->
        [cps] نویسه در ثانیه
        [wpm] واژه در دقیقه
        [lines] خط
        [ms] میلی‌ثانیه
        [px] پیکسل
       *[chars] نویسه
    }
report-source = متن مبدأ
report-filter-episode = قسمت
report-filter-rule = قاعده
report-filter-severity = شدت
report-filter-all = همه
report-season-title = { $lang } · { $platform } — گزارش subloc
report-split-note = این فصل بزرگ است: نمودار و یافته‌های هر قسمت در صفحهٔ جداگانه‌ای است که از ردیف آن پیوند دارد.
report-season-link = همهٔ قسمت‌ها
report-index-link = همهٔ زبان‌ها و سکوها
report-index-title = گزارش‌های ترجمهٔ subloc
report-counts = { $errors } خطا، { $warnings } هشدار، { $infos } یادداشت
report-total = { $files } فایل{ $unreadable ->
        [0] {""}
       *[other] {" "}({ $unreadable } فایل خوانده نشد)
    }: { $errors } خطا، { $warnings } هشدار، { $infos } یادداشت
report-generated = ساخته‌شده در { $date }
report-lang = زبان { $lang } ({ $source ->
        [flag] از --lang
        [name] از نام فایل
        [script] از روی خط نوشتاری
       *[unknown] نامعلوم
    })
report-platform = سکوی { $platform }
report-cps-limit = حد: { $limit } نویسه در ثانیه
report-timeline-axis = { $cps } نویسه در ثانیه

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
parse-missing-timing = قطعهٔ { $index } سطر زمان‌بندی ندارد؛ به‌صورت قطعه‌ای جدا میان قطعه‌های کناری نگه داشته شد ({ $start } ← { $end }): زمان‌هایش را بنویسید
    .plain = قطعه‌ای سطر زمان‌بندی ندارد و میان قطعه‌های کناری نگه داشته شد
parse-loose-arrow = پیکان «{ $arrow }» همان «-->» نیست؛ این سطر به‌عنوان سطر زمان‌بندی خوانده شد
    .plain = سطر زمان‌بندی‌ای که پیکانش «-->» نیست
parse-negative-time = زمان { $field } «{ $value }» منفی است؛ این رویداد از 0:00:00.00 خوانده شد
    .plain = رویدادی با زمان منفی که از 0:00:00.00 خوانده شد
parse-unsupported-format = این محتوای { $format } است که قالب زیرنویسی نیست که subloc بخواند
    .plain = محتوا در قالب زیرنویسی نیست که subloc بخواند
parse-bad-xml = XML در اینجا درست‌ساخت نیست ({ $detail })؛ بقیهٔ فایل همچنان خوانده می‌شود
    .plain = XML در اینجا درست‌ساخت نیست؛ بقیهٔ فایل همچنان خوانده می‌شود
parse-incomplete-timing = { $attribute ->
        [begin] این بند پایان دارد اما نه خودش و نه عنصرهای بیرونی‌اش آغاز ندارند، پس از ۰ شروع می‌شود
       *[other] نه این بند و نه عنصرهای بیرونی‌اش پایان ندارند، پس کنار گذاشته می‌شود
    }
    .plain = بندی با زمان‌بندی ناقص
parse-unknown-reference = { $kind } «{ $id }» در سرآیند سند تعریف نشده است، پس نادیده گرفته می‌شود
    .plain = ارجاع به سبک یا ناحیه‌ای که سند تعریف نکرده است
parse-format-from-content = نام فایل { $named } است اما محتوایش { $format } است؛ به‌صورت { $format } خوانده می‌شود
    .plain = محتوای فایل در قالبی غیر از آنچه نامش می‌گوید است؛ به‌صورت محتوای واقعی خوانده می‌شود
encoding-invalid = { $count } دنبالهٔ بایت در کدگذاری { $encoding } معتبر نبود و با «�» جایگزین شد
    .plain = بایت‌هایی که در کدگذاری فایل معتبر نبودند با «�» جایگزین شدند
encoding-guessed = کدگذاری { $encoding } حدس زده شد، ولی با { $runner } هم متن خوانا می‌شود: متن را بررسی کنید و کدگذاری را با --encoding بدهید
    .single = کدگذاری { $encoding } حدس زده شد؛ آن را با --encoding تأیید کنید
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
timing-overlap = این قطعه { $overlap_ms } میلی‌ثانیه با قطعهٔ { $other } هم‌پوشانی دارد
    .plain = این قطعه هم‌زمان با قطعهٔ دیگری در همان جای صفحه نمایش داده می‌شود
timing-out-of-order = این قطعه پیش از قطعهٔ { $prev_cue } ({ $prev_start }) آغاز می‌شود که قبل از آن نوشته شده است
    .plain = این قطعه پیش از قطعه‌ای که قبل از آن نوشته شده آغاز می‌شود
timing-zero-duration = این قطعه { $duration_ms } میلی‌ثانیه است: پایانش هم‌زمان با آغازش یا پیش از آن است
    .plain = پایان این قطعه هم‌زمان با آغاز آن یا پیش از آن است
timing-min-duration = این قطعه { $duration_ms } میلی‌ثانیه نمایش داده می‌شود، کمتر از کمینهٔ { $min_ms } میلی‌ثانیه
    .plain = مدت نمایش این قطعه از کمینهٔ مجاز کوتاه‌تر است
timing-max-duration = این قطعه { $duration_ms } میلی‌ثانیه نمایش داده می‌شود، بیشتر از بیشینهٔ { $max_ms } میلی‌ثانیه
    .plain = مدت نمایش این قطعه از بیشینهٔ مجاز بلندتر است
timing-min-gap = فاصلهٔ این قطعه با قطعهٔ { $prev_cue }، { $gap_ms } میلی‌ثانیه است ({ $gap_frames } فریم با { $fps } فریم در ثانیه)، کمتر از کمینهٔ { $min_frames } فریم ({ $min_ms } میلی‌ثانیه)
    .ms = فاصلهٔ این قطعه با قطعهٔ { $prev_cue }، { $gap_ms } میلی‌ثانیه است، کمتر از کمینهٔ { $min_ms } میلی‌ثانیه
    .plain = فاصلهٔ پیش از این قطعه از کمینهٔ فاصلهٔ مجاز کوتاه‌تر است
text-max-lines = این قطعه { $lines } خط دارد؛ حد مجاز { $max } خط است
    .plain = تعداد خط‌های این قطعه از حد مجاز بیشتر است
text-max-chars-per-line = خط { $cue_line } این قطعه { $chars } نویسه دارد؛ حد مجاز { $max } است
    .plain = یکی از خط‌های این قطعه بیش از حد مجاز نویسه دارد
reading-speed = این قطعه برای خواندن بیش از حد تند است: { $cps } نویسه در ثانیه ({ $chars } نویسه در { $duration_ms } میلی‌ثانیه)؛ حد مجاز { $max } است
    .plain = این قطعه برای خواندن بیش از حد تند است: شمار نویسه در ثانیه از حد مجاز بیشتر است
reading-speed-wpm = این قطعه برای خواندن بیش از حد تند است: { $wpm } واژه در دقیقه ({ $words } واژه در { $duration_ms } میلی‌ثانیه)؛ حد مجاز { $max } است
    .plain = این قطعه برای خواندن بیش از حد تند است: شمار واژه در دقیقه از حد مجاز بیشتر است
text-empty-cue = این قطعه هیچ متن دیدنی ندارد
markup-unbalanced = { $problem ->
        [unopened] برچسب { $tag } برچسبی را می‌بندد که هرگز باز نشده است
       *[unclosed] برچسب { $tag } باز شده و هرگز بسته نشده است
    }
    .plain = برچسبی باز شده و بسته نشده، یا بسته شده و باز نشده است
markup-unknown = «{ $markup }» برچسب یا دستوری است که هیچ قالب زیرنویسی آن را تعریف نکرده است
    .plain = برچسب یا دستوری که هیچ قالب زیرنویسی آن را تعریف نکرده است
italics-forbidden = { $via ->
        [style] سبک «{ $style }» این قطعه کج (ایتالیک) است، و در این زبان از حروف کج استفاده نمی‌شود
       *[tag] این قطعه حروف کج (ایتالیک) دارد، و در این زبان از حروف کج استفاده نمی‌شود
    }
    .via = { $via ->
        [style] سبک این قطعه کج (ایتالیک) است، و در این زبان از حروف کج استفاده نمی‌شود
       *[tag] این قطعه حروف کج (ایتالیک) دارد، و در این زبان از حروف کج استفاده نمی‌شود
    }
    .plain = در این زبان از حروف کج (ایتالیک) استفاده نمی‌شود
punct-forbidden = خط { $cue_line }: راهنمای سبک این زبان { $chars } را به کار نمی‌برد
    .plain = نشانهٔ سجاوندی‌ای که راهنمای سبک این زبان به کار نمی‌برد
punct-line-end = خط { $cue_line } با «{ $char }» تمام می‌شود که در این زبان نباید در پایان خط بیاید
    .plain = این نشانهٔ سجاوندی در این زبان نباید در پایان خط بیاید
punct-arabic-script = خط { $cue_line }: نشانه‌های سجاوندی لاتین { $chars } در متن با خط عربی؛ به‌جای آن‌ها { $expected } را به کار ببرید
    .plain = نشانه‌های سجاوندی لاتین در متن با خط عربی؛ به‌جای آن‌ها «،» «؟» «؛» را به کار ببرید
punct-space-before = خط { $cue_line }: پیش از { $chars } فاصله آمده است، در حالی که باید بی‌فاصله پس از واژه بیاید
    .plain = پیش از نشانهٔ سجاوندی‌ای که باید بی‌فاصله پس از واژه بیاید، فاصله آمده است
punct-ellipsis = خط { $cue_line }: سه نقطه به‌جای نویسهٔ «…» که این زبان به کار می‌برد
    .plain = سه نقطه به‌جای نویسهٔ «…» که این زبان به کار می‌برد
rtl-line-end-mark = { $side ->
        [start] خط { $cue_line } با نویسه‌ای خنثی آغاز می‌شود که بدون نشانهٔ راست‌به‌چپ در سمت نادرست نمایش داده می‌شود
        [both] خط { $cue_line } با نویسه‌هایی خنثی آغاز می‌شود و پایان می‌یابد که بدون نشانه‌های راست‌به‌چپ در سمت نادرست نمایش داده می‌شوند
       *[end] خط { $cue_line } با نویسه‌ای خنثی تمام می‌شود که بدون نشانهٔ راست‌به‌چپ در سمت نادرست نمایش داده می‌شود
    }
    .plain = این خط راست‌به‌چپ نشانهٔ جهت ندارد و آغاز یا پایانش در سمت نادرست نمایش داده می‌شود
text-zwnj-stripped = خط { $cue_line }: «{ $word }» نیم‌فاصله (ZWNJ) لازم دارد: «{ $suggestion }»
    .plain = این واژهٔ فارسی در اینجا نیم‌فاصله (ZWNJ) لازم دارد، مانند «می‌شود»
charset-invalid = { $count } نویسه بیرون از مجموعهٔ نویسه‌های { $charset }: { $chars }
    .plain = نویسه‌هایی بیرون از مجموعهٔ نویسه‌های مجاز این سکو
layout-outside-safe-area = { $side ->
        [top] متن ({ $width } × { $height } پیکسل با اندازهٔ قلم { $size }) { $px } پیکسل به ناحیه‌ای که رابط سکو در بالای تصویر می‌پوشاند رفته است
        [left] متن ({ $width } × { $height } پیکسل با اندازهٔ قلم { $size }) { $px } پیکسل به ناحیه‌ای که رابط سکو در سمت چپ تصویر می‌پوشاند رفته است
        [right] متن ({ $width } × { $height } پیکسل با اندازهٔ قلم { $size }) { $px } پیکسل به ناحیه‌ای که رابط سکو در سمت راست تصویر می‌پوشاند رفته است
       *[bottom] متن ({ $width } × { $height } پیکسل با اندازهٔ قلم { $size }) { $px } پیکسل به ناحیه‌ای که رابط سکو در پایین تصویر می‌پوشاند رفته است
    }
    .plain = متن به ناحیه‌ای رفته است که رابط سکو آن را می‌پوشاند
layout-too-many-lines = این قطعه هنگام نمایش { $lines } خط می‌شود (خطِ پهن‌تر از { $room } پیکسل با اندازهٔ قلم { $size } شکسته می‌شود)؛ حداکثر { $max } خط جا می‌شود
    .plain = این قطعه هنگام نمایش بیش از خط‌هایی می‌شود که سکو اجازه می‌دهد یا ناحیهٔ امن جا می‌دهد
glossary-syntax = واژه‌نامه خوانده نشد: { $message }
    .plain = واژه‌نامه یک YAML معتبر نیست یا نوع یکی از مقدارها نادرست است
glossary-unknown-key = کلید ناشناختهٔ «{ $key }»؛ یکی از این‌ها انتظار می‌رفت: { $expected }
    .plain = کلیدی که طرح واژه‌نامه آن را تعریف نکرده است
glossary-unsupported-version = این نسخه از subloc نسخهٔ { $version } طرح را نمی‌خواند (فقط نسخهٔ { $supported } را می‌خواند)
    .plain = این نسخه از subloc نسخهٔ طرح این واژه‌نامه را نمی‌خواند
glossary-duplicate-id = شناسهٔ «{ $id }» را اصطلاح خط { $first_line } از پیش به کار برده است
    .plain = دو اصطلاح شناسهٔ یکسان دارند
glossary-bad-id = شناسهٔ اصطلاح «{ $id }» باید kebab-case باشد (حروف کوچک، رقم و خط تیره)
    .plain = شناسهٔ اصطلاح باید kebab-case باشد (حروف کوچک، رقم و خط تیره)
glossary-duplicate-source = صورت مبدأ «{ $form }» از { $term } را { $other_term } (خط { $other_line }) از پیش گرفته است
    .form = صورت مبدأ «{ $form }» را اصطلاح دیگری از پیش گرفته است
    .plain = این صورت مبدأ را اصطلاح دیگری از پیش گرفته است
glossary-variant-forbidden = { $term } [{ $lang }]: «{ $form }» هم پذیرفته و هم ممنوع فهرست شده است
    .plain = این برگردان هم پذیرفته و هم ممنوع فهرست شده است
glossary-bad-language = { $term }: «{ $lang }» برچسب زبان معتبری در BCP 47 نیست
    .lang = «{ $lang }» برچسب زبان معتبری در BCP 47 نیست
    .plain = این برچسب زبان یک BCP 47 معتبر نیست
glossary-approved-without-text = { $term } [{ $lang }] تأیید شده اما متنی ندارد
    .plain = مدخل تأییدشده‌ای برگردان ندارد
glossary-bad-value = { $key }: «{ $value }» مجاز نیست؛ یکی از این‌ها انتظار می‌رفت: { $expected }
    .plain = این مقدار جزو مقدارهای مجاز نیست
glossary-empty-text = { $term }: مقداری خالی در { $key }
    .key = مقداری خالی در { $key }
    .plain = صورت مبدأ یا برگردانی خالی است
glossary-bad-date = { $term } [{ $lang }]: تاریخ «{ $value }» باید به شکل YYYY-MM-DD نوشته شود
    .plain = تاریخ باید به شکل YYYY-MM-DD نوشته شود
glossary-no-rendering = { $term } در { $lang }، زبانی که پروژه تحویل می‌دهد، برگردان قابل استفاده‌ای ندارد
    .plain = برای یکی از زبان‌های مقصد پروژه هنوز برگردان قابل استفاده‌ای وجود ندارد
glossary-missing-term = «{ $source }» ({ $term }، قطعهٔ مبدأ { $source_cue }) باید در { $lang } به «{ $expected }» برگردانده شود، اما ترجمه چنین است: «{ $found }»
    .nofound = «{ $source }» ({ $term }) باید در { $lang } به «{ $expected }» برگردانده شود، اما ترجمه متنی برای آن ندارد
    .plain = ترجمه برگردان تأییدشدهٔ یکی از اصطلاح‌های واژه‌نامه را که در متن مبدأ آمده ندارد
glossary-forbidden-term = ترجمه «{ $found }» را به کار برده که برگردان ممنوع «{ $source }» ({ $term }) است؛ «{ $expected }» را به کار ببرید
    .noexpected = ترجمه «{ $found }» را به کار برده که برگردان ممنوع «{ $source }» ({ $term }) در { $lang } است
    .plain = ترجمه برگردان ممنوع یکی از اصطلاح‌های واژه‌نامه را به کار برده است
glossary-not-kept = «{ $source }» ({ $term }) نباید ترجمه شود و باید به شکل «{ $expected }» بیاید، اما ترجمه چنین است: «{ $found }»
    .nofound = «{ $source }» ({ $term }) نباید ترجمه شود و باید به شکل «{ $expected }» بیاید، اما ترجمه متنی برای آن ندارد
    .plain = اصطلاحی که نباید ترجمه شود به همان شکل نگه داشته نشده است

## translate (src/app/translate.rs)

cli-translate-about = ترجمهٔ قسمت‌ها به یک زیرنویس آمادهٔ تحویل برای هر زبان و هر سکو
cli-translate-episodes = قسمت‌هایی که ترجمه می‌شوند: فایل، پوشه یا الگوی glob (پیش‌فرض: translate.episodes در subloc.yaml)
cli-translate-to = زبان‌های مقصد، جداشده با ویرگول: fa,en,ar (پیش‌فرض: translate.targets)
cli-translate-platform = نمایه‌های سکو، جداشده با ویرگول: netflix,youtube,tiktok (پیش‌فرض: translate.platforms)
cli-translate-from = زبان قسمت‌ها (پیش‌فرض: زبان مبدأ واژه‌نامه، وگرنه از روی متن تشخیص داده می‌شود)
cli-translate-backend = موتور ترجمه: pseudo (آفلاین، پیش‌فرض)، deepl، openai، google، libretranslate، command، xliff (فایل برای مترجمان انسانی)، یا نامی که زیر translate.backends پیکربندی شده است
cli-translate-backend-url = نشانی سرویس موتور (کارساز محلی، دروازه، Azure)
cli-translate-model = مدل موتور ترجمه
cli-translate-memory = فایل حافظهٔ ترجمه یا نشانی postgres://‎ حافظهٔ تیمی (پیش‌فرض: translate.memory در subloc.yaml، وگرنه ‎.subloc/memory.sqlite)
cli-translate-out = پوشه‌ای که زیرنویس‌ها و گزارش‌ها در آن نوشته می‌شوند (پیش‌فرض: out)
cli-translate-pattern = نام فایل‌ها درون پوشهٔ خروجی، با {"{"}lang{"}"}، {"{"}platform{"}"}، {"{"}stem{"}"}، {"{"}ext{"}"} (پیش‌فرض: {"{"}lang{"}"}/{"{"}platform{"}"}/{"{"}stem{"}"}.{"{"}ext{"}"})
cli-translate-budget = پیش از فرستادن بیش از N نویسه، شروع نشود یا به‌سامان متوقف شود
cli-translate-refresh = آنچه در حافظه هست هم دوباره ترجمه شود
cli-translate-retime = هنگام تطبیق، زمان شروع هم بتواند جابه‌جا شود (پیش‌فرض: فقط زمان پایان، در زمان آزاد، بلندتر می‌شود)
cli-translate-bilingual = برای هر زبان یک زیرنویس دوزبانهٔ متن اصلی و ترجمه هم برای بازبینی نوشته شود
cli-translate-jobs = شمار زبان‌هایی که هم‌زمان ترجمه می‌شوند و خروجی‌هایی که هم‌زمان ساخته می‌شوند (پیش‌فرض: ۲)
translate-header = { $episodes } قسمت از { $source } با { $backend } ترجمه شد.
translate-header-partial = بخشی ترجمه شد: { $translated } از { $segments } بخشِ { $episodes } قسمت از { $source } با { $backend }.
translate-header-nothing = چیزی ترجمه نشد: ۰ از { $segments } بخشِ { $episodes } قسمت از { $source } با { $backend }.
translate-glossary = واژه‌نامه: { $path } ({ $count } اصطلاح).
translate-no-glossary = واژه‌نامه‌ای پیدا نشد (نه --glossary، نه glossary: در subloc.yaml، نه glossary.yaml در این پوشه یا پوشه‌های بالاتر): هیچ اصطلاحی محافظت یا بررسی نشد. `subloc glossary lint FILE` یکی را بررسی می‌کند؛ بخش واژه‌نامه در README را ببینید.
translate-dry-run-header = اجرای آزمایشی: چیزی فرستاده و چیزی نوشته نشد. ترجمهٔ { $episodes } قسمت از { $source } با { $backend } به این نیاز دارد:
translate-dry-run-total = جمع نویسه‌های قابل‌پرداخت: { $billable }
translate-col-lang = زبان
translate-col-platform = سکو
translate-col-format = قالب
translate-col-files = فایل‌ها
translate-col-cues = زیرنویس‌ها
translate-col-memory = از حافظه
translate-col-billed = نویسه‌های پرداختی
translate-col-errors = خطاها
translate-col-warnings = هشدارها
translate-col-report = گزارش
translate-col-segments = بخش‌ها
translate-col-duplicates = تکراری
translate-col-to-send = برای ارسال
translate-col-requests = درخواست‌ها
translate-col-billable = نویسه‌های قابل‌پرداخت
translate-col-cost = هزینه
translate-rules-heading = یافته‌ها به تفکیک قاعده:
translate-bilingual = زیرنویس‌های بازبینی (متن اصلی و ترجمه): { $count }
translate-totals = { $files } فایل نوشته شد{ $skipped ->
    [0] {""}
   *[other] ، { $skipped } فایل نوشته نشد (بخش‌هایی بی‌ترجمه مانده‌اند)
}؛ { $errors } خطا، { $warnings } هشدار؛ { $hits } بخش از { $segments } بخش از حافظه آمد و { $billed } نویسه پرداختی بود. خروجی‌ها در { $out }
translate-source-findings = { $path }: هنگام خواندن { $count } مشکل پیدا شد (ببینید `subloc info { $path }`)
translate-stopped = اجرا زودتر متوقف شد ({ $reason }). همهٔ ترجمه‌های دریافت‌شده در حافظه هستند: برای ادامه همان فرمان را دوباره اجرا کنید.
translate-stopped-budget = اجرا به سقف بودجهٔ { $chars } نویسهٔ پرداختی (--budget) رسید و متوقف شد. همهٔ ترجمه‌های دریافت‌شده در حافظه هستند: بودجه را بالا ببرید و همان فرمان را دوباره اجرا کنید.
translate-stopped-bound = اجرا به سقف هزینهٔ { $chars } نویسهٔ پرداختی (۱٫۵ برابر برآورد، برای تلاش‌های دوباره) رسید و متوقف شد: ارائه‌دهنده پیوسته خطا می‌داد. همهٔ ترجمه‌های دریافت‌شده در حافظه هستند؛ با --budget N سقف دیگری بگذارید.
translate-spent-on-failures = هزینه‌شده برای خطاها: { $requests } درخواست بی‌پاسخ قابل‌استفاده، { $chars } نویسه از { $sent } نویسهٔ فرستاده‌شده.
translate-primary-abandoned = { $lang }: موتور اصلی ترجمه کنار گذاشته شد (در دسترس نبود یا پاسخ‌هایش قابل استفاده نبود)؛ بقیهٔ کار به موتور پشتیبان سپرده شد.
translate-failed = { $count } بخش ترجمه ندارد؛ قسمت‌های آن‌ها برای آن زبان نوشته نشدند:
translate-failed-more = … و { $count } مورد دیگر (ببینید ‎--format json)
translate-interrupted = متوقف شد: درخواست‌های در جریان به پایان می‌رسند (برای رها کردنشان دوباره Ctrl-C بزنید)
translate-abandoned = درخواست‌های در جریان رها می‌شوند
translate-progress-season = فصل
translate-progress-writing = نوشتن
translate-progress-rate-limited = محدودیت نرخ، در انتظار
translate-progress-eta = مانده
translate-progress-chars = { $sent } از { $planned } نویسه فرستاده شد
error-translate-no-episodes = قسمتی برای ترجمه نیست: فایل، پوشه یا الگو بدهید، یا translate.episodes را در subloc.yaml تنظیم کنید
error-translate-no-match = { $pattern }: هیچ فایل زیرنویسی (‎.srt، ‎.ass، ‎.ssa، ‎.vtt) آنجا نیست
error-translate-no-targets = زبان مقصدی تعیین نشده است: ‎--to fa,en را اضافه کنید یا translate.targets را در subloc.yaml تنظیم کنید
error-translate-no-platforms = سکویی تعیین نشده است: ‎--platform netflix,youtube را اضافه کنید یا translate.platforms را در subloc.yaml تنظیم کنید
error-translate-pattern-placeholder = الگوی خروجی «{ $pattern }» جای‌نگهدار ناشناختهٔ «{ $name }» را به کار برده است (شناخته‌شده‌ها: lang، platform، stem، ext، source_ext)
error-translate-pattern-escapes = الگوی خروجی «{ $pattern }» بیرون از پوشهٔ خروجی می‌نویسد
error-translate-collision = الگوی خروجی «{ $pattern }» به دو خروجی یک نام می‌دهد: { $path }؛ {"{"}platform{"}"} یا {"{"}lang{"}"} را به آن بیفزایید
error-translate-no-format = سکوی { $platform } هیچ‌یک از قالب‌هایی را که subloc می‌نویسد نمی‌پذیرد (این قالب‌ها را می‌پذیرد: { $formats })
error-translate-source-lang = زبان { $path } را نمی‌توان تشخیص داد: ‎--from zh-Hans را اضافه کنید
error-translate-unsupported = موتور ترجمه نمی‌تواند به { $lang } ترجمه کند: { $detail }
error-translate-unsupported-deepl-beta = این موتور نمی‌تواند به { $lang } ترجمه کند: { $detail }. DeepL این زبان را به صورت آزمایشی (beta) ارائه می‌کند: برای استفاده، `beta-languages: true` را به این موتور در subloc.yaml بیفزایید.
error-translate-over-budget = این اجرا { $needed } نویسه لازم دارد که از بودجهٔ { $budget } بیشتر است؛ چیزی فرستاده نشد
error-translate-memory = حافظهٔ ترجمه: { $detail }
error-memory-open = حافظهٔ ترجمهٔ { $path } باز نمی‌شود: { $detail }
error-memory-sqlite = حافظهٔ ترجمهٔ SQLite: { $detail }
error-memory-postgres = حافظهٔ تیمی PostgreSQL: { $detail }
error-memory-newer = این حافظهٔ ترجمه را نسخهٔ جدیدتری از subloc نوشته است (schema { $found })؛ برای استفاده subloc را به‌روز کنید
error-memory-store = حافظهٔ ترجمه نمی‌تواند پاسخ‌ها را ذخیره کند: { $cause ->
    [full] دیسکی که آن را نگه می‌دارد پر است
    [read-only] فقط‌خواندنی است
    [locked] فرایند دیگری آن را بیش از حد قفل نگه داشت
    [io] سیستم خطای ورودی/خروجی گزارش کرد
   *[other] پایگاه داده خطا گزارش کرد
} ({ $detail }). چیزی فرستاده نشد؛ فضا آزاد کنید یا مجوزها را درست کنید و همان فرمان را دوباره اجرا کنید
error-memory-store-run = حافظهٔ ترجمه { $memory } دیگر پاسخ‌ها را ذخیره نکرد: { $cause ->
    [full] دیسکی که آن را نگه می‌دارد پر است
    [read-only] فقط‌خواندنی است
    [locked] فرایند دیگری آن را بیش از حد قفل نگه داشت
    [io] سیستم خطای ورودی/خروجی گزارش کرد
   *[other] پایگاه داده خطا گزارش کرد
} ({ $detail }). چیز دیگری فرستاده نشد و هیچ ترکی نوشته نشد. { $count ->
    [0] لازم نبود پاسخی کنار گذاشته شود.
   *[other] { $count } پاسخ پرداخت‌شده در { $path } نگه داشته شد: اجرای بعدی پیش از فرستادن هر چیزی آن‌ها را ذخیره می‌کند، پس دوباره هزینه‌ای برایشان پرداخت نمی‌شود.
}{ $lost ->
    [0] {""}
   *[other] { " " }{ $lost } پاسخ پرداخت‌شده جایی نگه داشته نشد و دوباره هزینه خواهد داشت.
}
translate-dry-run-invalidated = تغییرات واژه‌نامه { $segments } بخش را که حافظه ترجمه کرده بود نامعتبر کرد ({ $detail })؛ فقط همین‌ها دوباره فرستاده می‌شوند.
error-translate-backend-unknown = موتور ناشناخته «{ $name }» (انواع: { $known }؛ یا نامی زیر translate.backends)
error-translate-missing-key = موتور { $name } کلید خود را در متغیر محیطی { $var } لازم دارد
error-translate-backend-invalid = موتور { $name }: { $detail }
error-translate-backend-needs-v3 = موتور { $name }: «{ $key }» فقط با Cloud Translation Advanced کار می‌کند: برای آن api: v3 و project (و یک منطقه به‌عنوان location) را تنظیم کنید
error-translate-insecure-http = موتور { $name }: کلید API از راه http:// ساده به { $url } فرستاده نمی‌شود، چون آن نشانی همین رایانه نیست (هر کسی در مسیر می‌تواند آن را بخواند): از https:// استفاده کنید، یا اگر شبکه از آنِ شماست allow-insecure-http: true را برای این موتور در subloc.yaml بگذارید
warning-insecure-http = هشدار: کلید API از راه http:// ساده به { $url } می‌رود (allow-insecure-http: true در subloc.yaml)
error-translate-glossary-sync = همگام‌سازی واژه‌نامه برای { $lang } ناموفق بود: { $detail }
backend-rate-limited = ارائه‌دهنده فعلاً درخواست بیشتری نمی‌پذیرد (محدودیت نرخ)
backend-rate-limited-after = ارائه‌دهنده فعلاً درخواست بیشتری نمی‌پذیرد (محدودیت نرخ؛ { $seconds } ثانیهٔ دیگر دوباره تلاش کنید)
backend-server = ارائه‌دهنده با وضعیت HTTP { $status } پاسخ داد: { $body }
backend-timeout = ارائه‌دهنده به‌موقع پاسخ نداد
backend-network = دسترسی به ارائه‌دهنده ممکن نشد: { $detail }
backend-malformed = پاسخ ارائه‌دهنده خوانده نشد: { $detail }
backend-refused = ارائه‌دهنده متن را نپذیرفت: { $reason }
backend-auth = ارائه‌دهنده اعتبارنامه را نپذیرفت (کلید API را بررسی کنید)
backend-unsupported-language = ارائه‌دهنده به { $lang } ترجمه نمی‌کند
backend-fatal = { $detail }
backend-auth-status = ارائه‌دهنده کلید API را نپذیرفت: HTTP { $status } «{ $message }»
backend-quota = سهمیهٔ حساب تمام شده است: HTTP { $status } «{ $message }»
backend-not-found = در این نشانی چیزی پاسخ نمی‌دهد: HTTP { $status } «{ $message }»
backend-unknown-model = سرور مدل تنظیم‌شده را نمی‌شناسد: HTTP { $status } «{ $message }»
backend-unusable = پاسخ‌هایش پیوسته به شکلی می‌آمد که به کار نمی‌آید
backend-spending-bound = آن‌قدر خطا داد که اجرا به سقف هزینهٔ { $chars } نویسهٔ پرداختی (۱٫۵ برابر برآورد) رسید
error-backend-stopped = { $provider } در { $url } اجرا را متوقف کرد: { $detail }. { $advice } ترجمه‌های دریافت‌شده در حافظه هستند.
backend-advice-set-key = { $var } را با کلیدی معتبر برای این نشانی تنظیم کنید (کلیدها از محیط خوانده می‌شوند، نه از subloc.yaml؛ کلیدهای رایگان DeepL با :fx تمام می‌شوند).
backend-advice-check-key = اعتبارنامه‌ای را که این موتور می‌فرستد بررسی کنید.
backend-advice-quota = سقف را در حساب ارائه‌دهنده بالا ببرید یا تا دورهٔ صورت‌حساب بعدی صبر کنید؛ فرستادن دوباره اکنون فقط رد می‌شود.
backend-advice-check-url = url: این موتور را در subloc.yaml (یا --backend-url) بررسی کنید.
backend-advice-start-server = آنجا چیزی گوش نمی‌دهد: سرور را راه بیندازید، یا url: این موتور را در subloc.yaml (یا --backend-url) بررسی کنید.
backend-advice-check-tls = اتصال امن برقرار نشد: بررسی کنید که url: همان طرحی را دارد که سرور با آن کار می‌کند (https:// یا http://) و گواهی آن معتبر است.
backend-advice-check-model = model: این موتور را در subloc.yaml (یا --model) با مدل‌هایی که سرور دارد مقایسه کنید.
backend-advice-check-language = برای این زبان موتور دیگری برگزینید، یا کد زبان‌ها را بررسی کنید.
backend-advice-check-config = تنظیمات این موتور را در subloc.yaml بررسی کنید.
backend-advice-provider-failing = ارائه‌دهنده پیوسته خطا می‌دهد (خطای سرور، پاسخ بریده یا ناخوانا، پایان مهلت): بعداً دوباره بکوشید، یا یک موتور پشتیبان (fallback) تنظیم کنید.
error-translate-runtime = شروع ممکن نیست: { $detail }

## memory (src/app/memory.rs)

cli-memory-about = بررسی، برون‌بری و درون‌بری حافظهٔ ترجمه (TMX 1.4)
cli-memory-stats-about = شمار مدخل‌ها به تفکیک جفت‌زبان و موتور، و نویسه‌هایی که صرفه‌جویی کرده‌اند
cli-memory-export-about = برون‌بری حافظه به‌صورت TMX 1.4 برای ابزارهای ترجمه
cli-memory-import-about = افزودن واحدهای یک فایل TMX به حافظه
cli-memory-file = فایل حافظهٔ ترجمه یا نشانی postgres://‎ (پیش‌فرض: translate.memory در subloc.yaml، وگرنه ‎.subloc/memory.sqlite)
cli-memory-export-format = قالب برون‌بری: tmx (‏TMX 1.4، پیش‌فرض)
cli-memory-export-lang = فقط مدخل‌هایی که به این زبان مقصد ترجمه شده‌اند
cli-memory-export-from = فقط مدخل‌هایی که زبان مبدأشان این است
cli-memory-export-backend = فقط مدخل‌های این نوع موتور: pseudo، deepl، openai، google، libretranslate، command، xliff، tmx
cli-memory-export-output = فایلی که نوشته می‌شود (پیش‌فرض: خروجی استاندارد)
cli-memory-import-input = فایل TMX برای درون‌بری
cli-memory-import-backend = موتوری که اجراهایش می‌توانند از واحدهایی که موتوری نام نمی‌برند استفاده کنند: یک نوع موتور یا نامی زیر translate.backends (پیش‌فرض: جداگانه با نام «tmx» نگه داشته می‌شوند)
memory-stats-header = حافظهٔ ترجمهٔ { $path }: { $entries } مدخل
memory-stats-dates = نوشته‌شده از { $oldest } تا { $newest }
memory-col-source = مبدأ
memory-col-target = مقصد
memory-col-backend = موتور
memory-col-entries = مدخل‌ها
memory-col-source-chars = نویسه‌های مبدأ
memory-col-billed = نویسه‌های پرداختی
memory-stats-saved = { $billed } نویسهٔ پرداختی در حافظه است: اجرایی که این مدخل‌ها را بیابد دوباره برایشان پول نمی‌دهد.
memory-exported = { $count } مدخل در { $path } نوشته شد
memory-imported = { $count } مدخل از { $path } به { $memory } درون‌بری شد ({ $units } واحد خوانده شد{ $skipped ->
    [0] {""}
   *[other] ، { $skipped } واحد کنار گذاشته شد: بی‌متن مبدأ یا بی‌ترجمه
})
error-memory-missing = در { $path } حافظهٔ ترجمه‌ای نیست: نخست subloc translate را اجرا کنید، یا با ‎--memory یکی را نام ببرید
error-memory-tmx = { $path } فایل TMX قابل‌استفاده‌ای نیست: { $detail }؛ چیزی درون‌بری نشد

## xliff (src/app/xliff.rs, src/pipeline/xliff.rs)

cli-xliff-about = بازگرداندن فایل‌های XLIFF مترجمان انسانی به حافظه
cli-xliff-import-about = سنجیدن یک فایل XLIFF ترجمه‌شده با قسمت‌هایش و ذخیرهٔ ترجمه‌هایش در حافظه
cli-xliff-import-input = فایل XLIFF ترجمه‌شده
cli-xliff-import-episodes = قسمت‌هایی که فایل از آن‌ها ساخته شد، همان‌طور که به subloc translate داده شدند (پیش‌فرض: قسمت‌هایی که خود فایل ثبت کرده است)
cli-xliff-import-lang = زبان مقصدی که فایل باید داشته باشد (پیش‌فرض: زبان خود فایل)
xliff-imported = { $count } ترجمه ({ $source } ← { $target }) از { $path } به { $memory } درون‌بری شد.
xliff-rejected = { $count } واحد درون‌بری نشد:
xliff-fix-and-reimport = این واحدها را در { $path } درست کنید و فایل را دوباره درون‌بری کنید (واحدهایی که پیش‌تر درون‌بری شده‌اند فقط دوباره ذخیره می‌شوند).
xliff-complete = اکنون همهٔ بخش‌های این قسمت‌ها ترجمه دارند: همان دستور subloc translate … ‎--backend xliff را دوباره اجرا کنید تا زیرنویس‌ها نوشته شوند.
xliff-remaining = هنوز { $count } بخش از این قسمت‌ها ترجمه ندارد.
xliff-problem-unknown-unit = چنین بخشی در قسمت‌ها نیست (واحدی که برون‌بری نشده بود، یا از قسمت‌های دیگر)
xliff-problem-duplicate-unit = این واحد بیش از یک بار آمده است
xliff-problem-missing-unit = این واحد نیست
xliff-problem-untranslated = ترجمه خالی است
xliff-problem-source-changed = متن مبدأ دیگر با قسمت یکی نیست (قسمت پس از برون‌بری تغییر کرده یا متن مبدأ ویرایش شده است)
xliff-problem-unexpected-markup = ترجمه عنصر <{ $element }> دارد که در مبدأ نبود
xliff-problem-unknown-entity = ترجمه از موجودیت &{ $name }; استفاده کرده است (فقط &lt; &gt; &amp; &quot; &apos; و ارجاع‌های نویسه‌ای مجازند)
xliff-problem-placeholder-missing = کد درون‌خطی { $id } در ترجمه نیست
xliff-problem-placeholder-duplicated = کد درون‌خطی { $id } در ترجمه { $count } بار آمده است
xliff-problem-placeholder-invented = کد درون‌خطی { $id } در مبدأ نیست
xliff-problem-placeholder-kind = کد درون‌خطی { $id } تغییر کرده است
xliff-problem-code-end-before-start = کد درون‌خطی { $id } پیش از باز شدن بسته شده است
xliff-problem-code-unclosed = کد درون‌خطی { $id } باز شده ولی هرگز بسته نشده است
xliff-problem-code-crossed = کدهای درون‌خطی { $id } و { $other } روی هم افتاده‌اند (یکی باید درون دیگری بسته شود)
xliff-problem-code-reordered = کد درون‌خطی { $id } از ترتیبی که دنباله‌اش باید نگه دارد جابه‌جا شده است (canReorder="no")
translate-xliff-heading = برای مترجمان (XLIFF 2.1):
translate-xliff-file = { $lang }: { $path } — { $units } واحد برای { $segments } بخش، { $chars } نویسه
translate-xliff-next = این فایل‌ها را برای مترجمانتان بفرستید. هر فایل که برگشت، subloc xliff import FILE را اجرا کنید و سپس دوباره همین دستور را: زیرنویس‌ها از روی حافظه نوشته می‌شوند.
error-xliff-not-imported = فایل { $path } { $count } ترجمه دارد که هنوز در حافظه نیست، پس بازنویسی نشد؛ نخست آن را درون‌بری کنید: subloc xliff import { $path }
error-xliff-xml = فایل { $path } یک XML خوش‌ساخت نیست (بایت { $offset }): { $detail }؛ چیزی درون‌بری نشد
error-xliff-not-xliff = فایل { $path } یک فایل XLIFF 2 نیست؛ چیزی درون‌بری نشد
error-xliff-language = زبان فایل { $path } ‏{ $found } است، نه { $expected }؛ چیزی درون‌بری نشد
error-xliff-no-target = فایل { $path } زبان مقصدی نام نمی‌برد: ‎--lang را اضافه کنید
error-xliff-no-source = فایل { $path } زبان مبدأ (srcLang) را نام نمی‌برد؛ چیزی درون‌بری نشد
error-xliff-no-episodes = فایل { $path } ثبت نکرده که از کدام قسمت‌ها ساخته شده است: آن‌ها را همان‌طور که به subloc translate دادید نام ببرید

## burn و ویدیوی با زیرنویس چسبیده

cli-burn-about = یک زیرنویس را روی ویدیو می‌چسباند، چیده‌شده برای بوم سکو (ffmpeg با libass)
cli-burn-video = ویدیویی که زیرنویس روی آن چسبانده می‌شود؛ اندازه‌اش باید اندازهٔ بوم سکو باشد (‎--scale-to-canvas را ببینید)
cli-burn-subtitle = فایل زیرنویس (SRT، ASS، WebVTT، TTML، SBV)؛ مانند translate برای بوم جا داده و چیده می‌شود
cli-burn-output = فایل ویدیویی که نوشته می‌شود (مثلاً out.mp4)؛ از راه یک فایل موقت نوشته می‌شود و هرگز نیمه‌کاره نمی‌ماند
cli-burn-platform = نمایهٔ سکویی که بوم دارد، مثلاً instagram_reels یا reelshort (پیش‌فرض: platform: در subloc.yaml)
cli-video-scale-to-canvas = ویدیویی را که اندازه‌اش با بوم سکو فرق دارد به‌جای رد کردن، به اندازهٔ بوم درمی‌آورد (با حفظ نسبت و حاشیهٔ سیاه)
cli-video-ffmpeg = برنامهٔ ffmpeg (پیش‌فرض: video.ffmpeg در subloc.yaml، وگرنه ffmpeg در PATH؛ ffprobe کنار آن جست‌وجو می‌شود)
cli-video-codec = رمزگذار ویدیو (پیش‌فرض: video.codec در subloc.yaml، وگرنه libx264)
cli-video-crf = کیفیت رمزگذار، کمتر بهتر است (پیش‌فرض: video.crf در subloc.yaml، وگرنه ۱۸ برای libx264 و libx265)
cli-video-preset = پیش‌تنظیم سرعت رمزگذار (پیش‌فرض: video.preset در subloc.yaml، وگرنه medium برای libx264 و libx265)
burn-summary = { $count } قطعهٔ زیرنویس چسبانده شد ({ $lang }، { $platform }): { $path }
burn-scaled = ویدیو ({ $width }×{ $height }) به اندازهٔ بوم سکو درآمد
error-burn-no-canvas = سکوی { $platform } بومی برای چیدن زیرنویس چسبیده ندارد: سکویی با بوم برگزینید (instagram_reels، facebook_reels، douyin، reelshort …؛ subloc platforms ID آن را نشان می‌دهد) یا در subloc.yaml برایش بوم تعریف کنید
error-video-ffmpeg-missing = ffmpeg در PATH پیدا نشد: ویدیوی با زیرنویس چسبیده به ffmpeg ساخته‌شده با libass نیاز دارد (دبیان و اوبونتو: apt-get install ffmpeg)، یا آن را با ‎--ffmpeg یا video.ffmpeg در subloc.yaml نام ببرید
error-video-ffmpeg-configured-missing = ffmpeg در { $path } پیدا نشد (از ‎--ffmpeg یا video.ffmpeg در subloc.yaml): فایل اجرایی‌ای آنجا نیست
error-video-ffprobe-missing = ffprobe نه کنار { $ffmpeg } پیدا شد و نه در PATH: اندازهٔ ویدیو را می‌سنجد و همراه ffmpeg می‌آید
error-video-not-runnable = { $program } اجرا نشد: { $detail }
error-video-no-subtitles-filter = { $ffmpeg } صافی «subtitles» ندارد (بدون libass ساخته شده است): ffmpeg ساخته‌شده با ‎--enable-libass نصب کنید، مانند بستهٔ ffmpeg دبیان
error-video-probe = ویدیوی { $video } خوانده نشد: { $detail }
error-video-size-mismatch = اندازهٔ { $video } ‏{ $width }×{ $height } است، اما بوم { $platform } ‏{ $canvas-width }×{ $canvas-height } است: ویدیویی با این اندازه بدهید، یا با ‎--scale-to-canvas آن را به اندازهٔ بوم درآورید (با حفظ نسبت و حاشیهٔ سیاه)
error-video-failed = ffmpeg روی { $video } شکست خورد (وضعیت خروج { $status }): { $detail }
error-video-interrupted = متوقف شد: ffmpeg بسته شد و هیچ ویدیوی نیمه‌کاره‌ای نماند
cli-translate-video = ویدیوها، فایل یا پوشه، برای چسباندن زیرنویس سکوهای با زیرنویس چسبیده، جفت‌شده با قسمت‌ها از روی نام فایل (ep01.mp4 ← ep01)؛ {"{"}lang{"}"}/{"{"}platform{"}"}/{"{"}stem{"}"}.mp4 را کنار زیرنویس می‌نویسد
cli-translate-video-jobs = شمار پردازه‌های همزمان ffmpeg (پیش‌فرض: video.jobs در subloc.yaml، وگرنه یکی برای هر هسته)
translate-video-no-video = یادداشت: قسمت { $episode } ویدیو ندارد: زیرنویس‌هایش بدون ویدیوی چسبیده نوشته می‌شوند
translate-video-unmatched = هشدار: ویدیوی { $path } با هیچ قسمتی جفت نشد (ویدیوها از روی نام فایل با قسمت‌ها جفت می‌شوند)
translate-video-written = ویدیو: { $path }
translate-video-would = { $path } از { $video } ساخته خواهد شد
translate-video-failed = ویدیو ساخته نشد: { $path }: { $detail }
translate-progress-video = ویدیو

## preview and the report's preview section (src/app/preview.rs, src/cmd/preview.rs, src/video/preview.rs, src/report/preview.rs)

cli-preview-about = تصویر پرخطرترین قطعه‌ها را همان‌طور که بینندهٔ سکو می‌بیند می‌سازد: روی بوم آن، با ناحیه‌های پوشیده زیر رابط برنامه سایه‌خورده و ناحیهٔ امن قاب‌گرفته (ffmpeg با libass)
cli-preview-subtitle = پروندهٔ زیرنویس (SRT، ASS، WebVTT، TTML، SBV)؛ مانند burn برای بوم جاگذاری و چیده می‌شود
cli-preview-output = پوشهٔ تصویرهای {"{"}stem{"}"}-cue{"{"}N{"}"}.png (پیش‌فرض: {"{"}stem{"}"}-preview کنار پروندهٔ زیرنویس)
cli-preview-platform = نمایهٔ سکویی با بوم، مثلاً instagram_reels یا reelshort (پیش‌فرض: platform: در subloc.yaml)
cli-preview-video = به‌جای بوم خالی، روی قاب این ویدیو در میانهٔ هر قطعه بساز
cli-preview-count = شمار قطعه‌ها؛ دلیل‌ها (بیشترین سطر، پهن‌ترین سطر، متن راست‌به‌چپ، بیشترین متن) به نوبت هر یک قطعه‌ای برمی‌گزینند
preview-frame = { $path }: قطعهٔ { $cue } در { $start }، { $reason ->
        [most-lines] بیشترین سطر
        [widest-line] پهن‌ترین سطر
        [right-to-left] متن راست‌به‌چپ
       *[longest-text] بیشترین متن
    }
preview-summary = { $count } تصویر از بوم { $width }×{ $height } سکوی { $platform } ({ $lang }) در { $dir }
preview-nothing = هیچ قطعه‌ای از { $path } متنی نشان نمی‌دهد: تصویری ساخته نشد
report-preview-heading = آنچه بیننده می‌بیند
report-preview-note = پرخطرترین قطعه‌ها روی بوم { $width }×{ $height } سکوی { $platform }، چسبیده به تصویر: ناحیه‌های زیر رابط برنامه با سایهٔ سرخ و ناحیهٔ امن با قاب زرد نشان داده شده‌اند.
report-preview-frame = قطعهٔ { $cue } · { $start }
report-preview-reason = دلیل گزینش: { $reason ->
        [most-lines] بیشترین سطر
        [widest-line] پهن‌ترین سطر
        [right-to-left] متن راست‌به‌چپ
       *[longest-text] بیشترین متن
    }
report-preview-no-ffmpeg = پیش‌نمایشی نیست: ffmpeg ساخته‌شده با libass پیدا نشد. آن را نصب کنید (دبیان و اوبونتو: apt-get install ffmpeg؛ macOS: brew install ffmpeg) یا با video.ffmpeg در subloc.yaml نام ببرید تا پرخطرترین قطعه‌ها را همان‌طور که بیننده می‌بیند ببینید.
report-preview-failed = پیش‌نمایشی نیست: ffmpeg شکست خورد: { $detail }
error-memory-url = مکان حافظهٔ { $path } نشانی PostgreSQL درستی نیست: { $detail }
error-memory-url-password = نشانی حافظه گذرواژه دارد: آن را بردارید و نام متغیر محیطی دارندهٔ گذرواژه را با memory-password-env در subloc.yaml یا ‎--memory-password-env بدهید
error-memory-tls = حافظهٔ تیمی { $path } از راه TLS در دسترس نیامد: { $detail }. اگر گواهی آن را مرجعی خصوصی صادر کرده است، گواهی آن مرجع را با sslrootcert=FILE در نشانی بدهید؛ sslmode=verify-ca فقط بررسی نام میزبان را کنار می‌گذارد
error-memory-password-env = متغیر گذرواژهٔ حافظهٔ تیمی { $var } تنظیم نشده است (memory-password-env در subloc.yaml یا ‎--memory-password-env)
error-memory-plaintext = گذرواژهٔ حافظهٔ تیمی بی‌رمز به { $host } (sslmode={ $mode }) فرستاده نمی‌شود، چون آن میزبان همین رایانه نیست: از TLS استفاده کنید (sslmode=verify-full، یا sslmode را ننویسید)، یا اگر شبکه از آن شماست memory-allow-plaintext: true را زیر translate در subloc.yaml بگذارید
error-memory-rootcert = مرجع‌های گواهی در { $path } (sslrootcert در نشانی حافظه) به کار نمی‌آیند: { $detail }
error-memory-system-roots = هیچ مرجع گواهی‌ای از این سیستم برای بررسی سرور حافظهٔ تیمی بار نشد ({ $detail }): یکی را با sslrootcert=FILE در نشانی حافظه بدهید
warning-memory-plaintext = هشدار: گذرواژهٔ حافظهٔ تیمی ممکن است بی‌رمز به { $url } برود (memory-allow-plaintext: true در subloc.yaml)
cli-memory-password-env = متغیر محیطی دارندهٔ گذرواژهٔ حافظهٔ postgres://‎ (به جای memory-password-env در subloc.yaml؛ خود گذرواژه هرگز چاپ نمی‌شود)
memory-copied = { $count } مدخل از { $from } به { $to } رونوشت شد ({ $skipped } از پیش بود)
cli-memory-push-about = رونوشت مدخل‌های یک فایل حافظهٔ محلی به حافظهٔ (تیمی)
cli-memory-pull-about = رونوشت مدخل‌های حافظهٔ (تیمی) به یک فایل حافظهٔ محلی
cli-memory-copy-local = فایل حافظهٔ محلی (SQLite)
