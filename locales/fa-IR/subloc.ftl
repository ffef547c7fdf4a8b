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

## پیام‌های تشخیص (شناسهٔ پیام = شناسهٔ قاعده)

parse-bad-timing = این خط زمان‌بندی خوانده نشد، بنابراین این قطعه کنار گذاشته شد
parse-stray-text = متنی در جایی که انتظار یک قطعهٔ زیرنویس می‌رفت
parse-bad-index = شمارهٔ قطعه وجود ندارد، منفی است یا عدد نیست
parse-end-before-start = پایان این قطعه پیش از آغاز آن است
parse-bad-line = این خط خوانده نشد (انتظار می‌رفت «کلید: مقدار» با تعداد کافی فیلد باشد)
parse-missing-format = رویدادی پیش از هر خط «Format:» آمده است؛ ترتیب استاندارد فیلدهای ASS v4+ در نظر گرفته شد
parse-bad-markup = نشانه‌گذاری‌ای که بسته نشده یا شناخته نیست
parse-missing-header = امضای WebVTT یعنی «WEBVTT» در خط اول نیامده است
parse-no-cues = فایل هیچ قطعهٔ زیرنویسی ندارد
encoding-invalid = بایت‌هایی که در کدگذاری فایل معتبر نبودند با «�» جایگزین شدند
encoding-guessed = کدگذاری حدس زده شد؛ آن را با --encoding تأیید کنید
encoding-nul = فایل بایت NUL دارد، پس شاید فایل متنی نباشد
write-markup-dropped = قالب خروجی نمی‌تواند بخشی از نشانه‌گذاری را بیان کند و آن بخش حذف شد
write-unmappable = برخی نویسه‌ها در کدگذاری خروجی قابل نوشتن نبودند و جایگزین شدند
