# Сообщения tagwire на русском. Идентификаторы и переменные те же, что в en.ftl (это проверяет test/i18n).
# Теги, команды и идентификаторы статей не переводятся.

## Описания команд

cmd-start = Начать получать новости здесь (снова)
cmd-help = Все команды или как пользоваться одной из них
cmd-follow = Подписаться на теги: каждая новая статья с ними придёт один раз
cmd-unfollow = Отписаться от тегов
cmd-mute = Заглушить теги или «слова»: пропускать статьи с ними, даже если вы подписаны на другой их тег
cmd-unmute = Снять заглушение с тегов или «слов», заглушённых через /mute
cmd-watch = Подписаться на поиск: каждая новая статья со всеми его словами придёт один раз
cmd-unwatch = Отписаться от поиска
cmd-tags = На что подписан этот чат и что в нём заглушено
cmd-toptags = Самые популярные теги
cmd-digest = Получать статьи одной сводкой в день или в неделю, а не по одной
cmd-timezone = Часовой пояс для сводок и тихих часов (например, Europe/Moscow)
cmd-quiet = Тихие часы: статьи, вышедшие в это время, придут после них
cmd-pause = Приостановить все доставки сюда (подписки сохранятся); /resume возобновит
cmd-resume = Возобновить доставки после /pause
cmd-latest = Свежие статьи или свежие статьи с тегом
cmd-search = Поиск по архиву: слова, «фразы», -исключения, #тег, даты since:/until:
cmd-related = Статьи, похожие на данную
cmd-article = Одна статья целиком
cmd-language = Язык этого чата: английский, русский или армянский
cmd-card = Как выглядят карточки в этом чате: заголовок, кратко или полностью; превью ссылок; тихая доставка
cmd-topics = В форуме Telegram: своя тема для каждого тега этого чата
cmd-post = Опубликовать статью, набранную или с веб-страницы, и разослать подписчикам (админы)
cmd-delete = Удалить статью; с everywhere — и доставленные карточки (админы)
cmd-edit = Исправить статью: все уже доставленные карточки правятся на месте (админы)
cmd-rename = Изменить написание тега везде (админы)
cmd-merge = Слить один тег с другим: подписчики и статьи переходят, имя становится псевдонимом (админы)
cmd-alias = Сделать другое написание синонимом существующего тега (админы)
cmd-stats = Статистика архива, подписчиков и доставок (админы)
cmd-why = Объяснить, дошла ли статья до чата и почему (админы)
cmd-feed = Ленты статей (RSS, Atom, JSON Feed), которые загружаются в архив (админы)
cmd-connect = Разрешить мне публиковать в вашем канале (сначала сделайте меня его админом)
cmd-disconnect = Перестать управлять каналом из этого чата
cmd-channels = Подключённые вами каналы
cmd-cancel = Прервать пошаговую публикацию /post

## Общие отказы и ошибки

example = Пример:
refused-admin = Извините, /{ $command } доступна только админам бота. Ничего не изменилось.
refused-manager = Извините, менять подписки этого чата могут только его админы. Ничего не изменилось. Вы можете пользоваться /search и /follow в личном чате со мной.
refused-toggle = Менять подписки этого чата могут только его админы.
refused-language = Извините, менять язык этого чата могут только его админы. Ничего не изменилось.
refused-card = Извините, менять вид карточек в этом чате могут только его админы. Ничего не изменилось.
refused-topics = Извините, менять работу с темами в этом чате могут только его админы. Ничего не изменилось.
button-view-it = Открыть
button-related = Похожие
error-internal = Что-то пошло не так на нашей стороне, ошибка записана в журнал. Попробуйте ещё раз чуть позже.
error-too-long = Это сообщение слишком длинное, я не могу его прочитать.
error-not-a-command = Команды начинаются с «/». Отправьте /help, чтобы увидеть их все.
error-no-such-command = Команды /{ $command } нет. Отправьте /help, чтобы увидеть список.
error-no-such-command-near = Команды /{ $command } нет. Может быть, вы имели в виду /{ $near }? Отправьте /help, чтобы увидеть список.
error-button-outdated = Эта кнопка устарела.
error-button-expired = Срок действия этой кнопки истёк. Выполните команду ещё раз.
error-button-unknown = Это не моя кнопка.
toggle-followed = Вы подписаны на { $tag }.
toggle-unfollowed = Вы отписались от { $tag }.

## /topics

topics-not-forum = Темы работают в группе Telegram с темами (форуме). В других местах подписывайтесь на теги командой /follow там, куда они должны приходить.
topics-unknown = Не знаю «{ $mode }»: отправьте /topics auto или /topics off.
topics-status-auto = У каждого тега этого чата своя тема (/topics off, чтобы отключить). /follow внутри темы направляет тег туда.
topics-status-off = Теги приходят туда, где на них подписались: /follow внутри темы направляет тег туда. /topics auto даёт каждому тегу свою тему.
topics-created = { $count ->
    [0] Новые темы не понадобились.
    [one] Я создал { $count } тему и перенёс туда её тег.
    [few] Я создал { $count } темы и перенёс туда их теги.
   *[other] Я создал { $count } тем и перенёс туда их теги.
}
topics-auto-on = Теперь у каждого тега, на который здесь подпишутся, будет своя тема.
topics-off = Больше не буду создавать темы. Уже созданные темы сохраняют свои теги.
topics-no-rights = Мне нельзя создавать темы здесь: сделайте меня администратором с правом управлять темами и снова отправьте /topics auto.
topics-refused = Telegram не дал создать тему: { $error }

## /card

card-status = Карточки здесь: { $style ->
    [headline] только заголовок (headline)
    [full] полные (заголовок и первые абзацы, full)
   *[compact] краткие (заголовок и краткое содержание, compact)
}. Превью ссылок: { $previews ->
    [on] включены
   *[off] выключены
}. Тихая доставка: { $silent ->
    [on] включена
   *[off] выключена
}.
card-help = Изменить: /card headline, /card compact или /card full, /card previews on|off (в Telegram карточка без картинки показывает превью своей страницы), /card silent on|off (карточки и дайджесты приходят без звука).
card-unknown = Не понимаю здесь «{ $word }». Напишите вид (headline, compact или full), «previews on» или «off», «silent on» или «off».
card-saved = Сохранено: следующие карточки здесь будут выглядеть так.
button-card-style = { $style ->
    [headline] Только заголовок
    [full] Полностью
   *[compact] Кратко
}
button-card-previews = { $previews ->
    [on] Превью ссылок: вкл.
   *[off] Превью ссылок: выкл.
}
button-card-silent = { $silent ->
    [on] Без звука
   *[off] Со звуком
}

## /identity: имя и картинка, под которыми публикуются карточки канала Discord

cmd-identity = Имя и картинка, под которыми публикуются карточки этого канала Discord
refused-identity = Извините, менять имя, под которым публикуются карточки, могут только админы этого канала. Ничего не изменилось.
identity-status = Карточки здесь публикуются от имени «{ $name }».
identity-status-picture = Карточки здесь публикуются от имени «{ $name }» с картинкой { $avatar }.
identity-status-none = Карточки здесь публикует сам бот под своим именем.
identity-help = Измените это командой /identity ИМЯ (после имени можно указать адрес картинки, https://…) или /identity off, чтобы снова публиковать от имени бота. Боту нужно право «Управлять вебхуками» в канале; без него карточки публикует сам бот.
identity-saved = Сохранено: следующие карточки здесь будут опубликованы под этим именем.
identity-off = Готово: карточки здесь снова публикует бот.
identity-not-here = Собственное имя бывает только у канала на сервере Discord: там бот публикует через вебхук. Здесь карточки публикует сам бот.
identity-name-empty = Напишите имя для публикаций, например: /identity Armenia Wire.
identity-name-too-long = Имя может быть не длиннее { $max } символов, в одну строку.
identity-name-forbidden = Discord не разрешает «{ $part }» в имени, под которым публикуется сообщение. Выберите другое имя.
identity-avatar-invalid = «{ $text }» — не веб-адрес (http или https) картинки.
discord-channel-identity = Имя и картинка, под которыми публикуются карточки канала (нужно право на вебхуки)
discord-opt-identity-name = Имя для публикаций, до 80 символов
discord-opt-identity-picture = Адрес (https://…) картинки для публикаций
discord-opt-identity-off = Да: снова публиковать от имени бота

## /language

language-current = Язык этого чата: { $language }. Выберите другой:
language-set = Теперь этот чат получает ответы, статьи и сводки на русском.
language-unknown = Я не знаю языка «{ $language }». Выберите один из: { $choices }.

## Расписание: время, дни, пояса, тихие часы

err-not-a-time = «{ $text }» — не время суток. Укажите время в 24-часовом формате ЧЧ:ММ, от 00:00 до 23:59.
err-not-a-weekday = «{ $text }» — не день недели. Укажите его название, например понедельник, пн или Monday.
err-which-zone = Какой часовой пояс? Укажите его название IANA.
err-zone-unknown = «{ $text }» — незнакомый мне часовой пояс. Названия выглядят так: Europe/Moscow, Asia/Yerevan, America/New_York.
err-zone-unknown-near = «{ $text }» — незнакомый мне часовой пояс. Может быть, вы имели в виду { $zones }?
err-quiet-form = Укажите тихие часы как начало и конец или «off».
err-quiet-same = У тихих часов конец должен отличаться от начала. Чтобы совсем остановить доставки, используйте /pause.

## Ошибки архива

err-duplicate-url = Эта статья уже есть в архиве как { $id } (тот же URL).
err-duplicate-external-id = Эта статья уже есть в архиве как { $id } (тот же внешний id).

## Сводки

digest-heading = { $cadence ->
        [daily] Ваша ежедневная сводка
        [weekly] Ваша еженедельная сводка
       *[none] Ваша сводка
    }, { $date }: { $count } { $count ->
        [one] статья
        [few] статьи
       *[many] статей
    }{ $part }
digest-continued = (продолжение)
digest-left-out = …и ещё { $count } { $count ->
        [one] статья
        [few] статьи
       *[many] статей
    }: самые свежие — в /latest.
refused-schedule = Извините, менять расписание этого чата могут только его админы. Ничего не изменилось. Своё расписание можно настроить в личном чате со мной.
err-weekly-needs = Для еженедельной сводки нужны день и время.
err-daily-needs = Для ежедневной сводки нужно время (24-часовой формат ЧЧ:ММ).
err-digest-setting = «{ $text }» — не настройка сводки. Используйте off, daily ЧЧ:ММ или weekly ДЕНЬ ЧЧ:ММ.
err-no-arguments = После /{ $command } ничего не нужно; «{ $text }» не понятно. Ничего не изменилось.
schedule-no-digest = Статьи приходят сразу после публикации (без сводки).
schedule-daily-at = ежедневно в { $time }
schedule-weekly-at = раз в неделю: { $day }, { $time }
schedule-digest = Сводка { $when } ({ $zone }).
schedule-next = Следующая: { $at }.
schedule-no-quiet = Тихих часов нет.
schedule-quiet = Тихие часы { $start }–{ $end } ({ $zone }).
schedule-paused = **Приостановлено**: статьи для этого чата пропускаются до `/resume`.
schedule-utc-hint = Время указано в UTC. Задайте свой часовой пояс командой `/timezone Europe/Moscow` (любое название IANA).
digest-change-hint = Изменить: `/digest daily 08:00`, `/digest weekly monday 08:00` или `/digest off`.
digest-off = Сводка выключена: статьи приходят сразу после публикации.
digest-flushed = { $count ->
        [one] { $count } статья, собранная к этому времени, придёт
        [few] { $count } статьи, собранные к этому времени, придут
       *[many] { $count } статей, собранных к этому времени, придут
    } сейчас, последней сводкой.
digest-on = Теперь статьи для этого чата копятся до этого времени и приходят одним сообщением, по тегам. Пустая сводка не отправляется.
timezone-current = Часовой пояс: { $zone } (там сейчас { $now }).
timezone-change-hint = Изменить: `/timezone Asia/Yerevan`.
timezone-set = Часовой пояс: { $zone }; там сейчас { $now }.
quiet-change-hint = Задать: `/quiet 22:00-07:00`, выключить: `/quiet off`.
quiet-off = Тихие часы выключены: статьи приходят сразу после публикации. Ожидавшие статьи уже в пути.
quiet-on = Статьи, вышедшие в это время, ждут его окончания и потом приходят по порядку.
quiet-on-digest = Статьи, вышедшие в это время, ждут его окончания и потом приходят по порядку. Сводка придёт в своё время в любом случае.
quiet-now = Сейчас тихие часы, до { $until }.
pause-already = Доставки приостановлены с { $since }. Отправьте `/resume`, чтобы возобновить.
pause-done = Приостановлено. Статьи для этого чата пропускаются, а не откладываются, пока вы не отправите `/resume`. Подписки остаются как есть.
pause-skipped = { $count ->
        [one] { $count } статья, ожидавшая отправки, не будет отправлена.
        [few] { $count } статьи, ожидавшие отправки, не будут отправлены.
       *[many] { $count } статей, ожидавших отправки, не будут отправлены.
    }
resume-not-paused = Доставки сюда не приостановлены.
resume-done = Возобновлено: новые статьи снова приходят сюда.
resume-nothing-skipped = За время паузы ничего не пропущено.
resume-skipped = За время паузы { $count ->
        [one] пропущена { $count } статья
        [few] пропущены { $count } статьи
       *[many] пропущено { $count } статей
    }:
resume-skipped-newest = За время паузы { $count ->
        [one] пропущена { $count } статья
        [few] пропущены { $count } статьи
       *[many] пропущено { $count } статей
    }; самые свежие { $shown }:
resume-read-hint = Прочитать любую: `/article ID`; самые свежие: `/latest`.

## Подсказки поиска

suggest-quoted = Может быть, «{ $text }»?
suggest-tag = Может быть, { $tag }?
suggest-without-tag = Без { $tag }
suggest-any-date = За любые даты
suggest-allow = Разрешить { $words }
suggest-any-order = Слова в любом порядке
suggest-without-word = Без «{ $word }»

## Подписки на поиск и заглушённые слова

search-followed = Вы подписаны на поиск { $searches }: каждая новая статья со всеми его словами (и без исключённых) придёт сюда один раз.
search-already-followed = Вы уже подписаны на поиск { $searches }.
words-muted = Слова { $words } заглушены: статьи с ними здесь пропускаются.
words-already-muted = Уже заглушено: { $words }.
search-unfollowed = Вы отписались от поиска { $searches }.
words-unmuted = Со слов { $searches } снято заглушение.
search-not-followed = Этот чат не был подписан на поиск { $searches }.
words-not-muted = В этом чате не были заглушены слова { $searches }.
tags-lists-hint = `/tags` покажет, что есть.
tags-searches = Поиски ({ $count }): { $list }
tags-muted-words = Заглушённые слова ({ $count }): { $list }

## Подписки на теги

err-which-tags = Какие теги? Назовите их после /{ $command }: один тег, несколько через запятую или хэштеги.
err-too-many-tags = Это больше { $max } тегов за раз; отправьте их частями.
tags-followed = Вы подписаны на { $tags }.
tags-already-followed = Вы уже подписаны на { $tags }.
tags-unfollowed = Вы отписались от { $tags }.
tags-not-followed = Вы не были подписаны на { $tags }.
tags-muted = Заглушено: { $tags }.
tags-already-muted = Уже заглушено: { $tags }.
tags-unmuted = Заглушение снято: { $tags }.
tags-not-muted = Не было заглушено: { $tags }.
tags-new-followed = Статей с { $tags } ещё не было; первая придёт вам.
tags-new-muted = Статей с { $tags } ещё не было; если появятся, здесь они будут пропущены.
tags-did-you-mean = Может быть, вы имели в виду { $tags }? С ними статьи уже есть.
button-follow = Подписаться на { $tag }
button-mute = Заглушить { $tag }
start-back = С возвращением: доставки в этот чат снова включены.
start-welcome = Добро пожаловать в tagwire: новости по тегам, каждая статья один раз.
start-follows = Этот чат подписан на { $tags }.
start-begin = Для начала подпишитесь на несколько тегов, например `/follow Armenia, Russia`. Популярные теги — в `/toptags`.
start-help = Отправьте `/help`, чтобы увидеть все команды.
tags-none = Этот чат пока ни на что не подписан. Попробуйте `/follow Armenia` или посмотрите `/toptags`.
tags-following-list = Подписки ({ $count }): { $list }
tags-following-none = Подписок на теги нет.
tags-muted-list = Заглушено ({ $count }): { $list }
tags-resumed = Доставки в этот чат были приостановлены и теперь возобновлены.
tags-routed-here = { $count ->
    [one] Статьи с этим тегом будут приходить в эту тему.
   *[other] Статьи с этими тегами будут приходить в эту тему.
}
thread-resumed = Доставки в эту тему были приостановлены и теперь возобновлены.
tags-thread-route = В теме «{ $thread }»: { $tags }
tags-thread-paused = В теме «{ $thread }» (приостановлено: тема закрыта или удалена; откройте её снова или подпишитесь на эти теги в другой теме): { $tags }
notice-thread-paused = Доставки в тему «{ $thread }» приостановлены: тема { $reason ->
    [deleted] удалена
   *[other] закрыта
}. Остальные новости этого чата приходят как прежде. Откройте тему снова или отправьте /follow с её тегами в другой теме.
tags-status = Доставки сюда { $status }. Отправьте здесь /start или снова подпишитесь на тег, чтобы включить их.
tags-status-reason = Доставки сюда { $status } ({ $reason }). Отправьте здесь /start или снова подпишитесь на тег, чтобы включить их.
status-active = активны
status-paused = приостановлены
status-deactivated = отключены
toptags-none = Пока никто ни на что не подписан. Будьте первым: `/follow Armenia`
toptags-heading = Самые популярные теги:
toptags-followers = { $count } { $count ->
        [one] подписчик
        [few] подписчика
       *[many] подписчиков
    }

## /help

err-no-command = Команды /{ $command } нет.
help-intro = **tagwire** присылает вам каждую новую статью с тегами, на которые вы подписаны, один раз.
help-admin = Команды для админов
help-tags = Теги: один, несколько через запятую или хэштеги: `/follow Armenia, Russia` или `/follow #Armenia #CSTO`.

## Поиск: ошибки, фильтры, результаты

err-query-too-long = Запрос слишком длинный ({ $length } символов); уложитесь в { $max }.
err-tag-needs-name = После tag: нужно название тега.
err-not-a-date-after = «{ $text }» после { $field }: — не дата.
err-sort-values = sort: принимает date или relevance.
err-field-needs-value = После { $field }: сразу, без пробела, нужно значение.
err-since-after-until = since: позже until:, так что ничего не найдётся.
err-search-what = Что искать?
err-search-common-words = В запросе только общеупотребительные слова. Добавьте слово, которое называет тему.
filter-since = с { $date }
filter-until = по { $date }
err-lang-code = «{ $text }» — не код языка: укажите его две буквы, например ru, hy или en.
filter-language = на языке { $language }
article-language = Язык: { $language }
filter-without = без { $words }
filter-exact = точно { $phrases }
filter-newest-first = сначала новые
suggest-try = Попробуйте: { $suggestion }
button-previous = ◀ Назад
button-next = Далее ▶
latest-no-tag = Статей с тегом { $tag } пока нет.
latest-no-older = Более старых статей нет.
latest-empty = Архив пока пуст.
latest-heading = Свежие статьи
latest-heading-tag = Свежие статьи с { $tag }
search-filters = Фильтры:
search-unknown-tags = Нет статей с тегом { $tags }.
search-try-without = Попробуйте искать без него или посмотрите /toptags.
search-no-more = Больше результатов нет.
search-nothing = По запросу { $query } ничего не найдено.
search-try-other = Попробуйте другие слова или меньше слов.
search-heading = Поиск: { $query }
related-heading = Похожие на { $id }: { $title }
related-no-more = Больше похожих статей нет.
related-nothing = Похожих на { $id } статей пока нет.
err-which-article = Какая статья? Укажите её id.
err-no-import-id = Нет статьи с id импорта «{ $id }».
err-not-an-id = «{ $text }» — не id статьи. Id — это 6 букв и цифр под каждой статьёй.
err-no-article = Нет статьи с id { $id }. Возможно, она удалена.

## Команды админов

preview-no-date = дата не указана
preview-no-text = (Текст статьи на странице не найден.)
preview-exists = Эта страница уже есть в архиве как `{ $id }`.
preview-heading = Предпросмотр — ничего ещё не опубликовано.
preview-no-tags = На странице нет ключевых слов, а статье нужен хотя бы один тег. Добавьте их после адреса:
preview-heading-post = Предпросмотр — ничего ещё не опубликовано. Нажмите «Опубликовать», чтобы опубликовать и разослать.
preview-tags = Теги: { $tags }. Чтобы выбрать другие, отправьте /post URL и теги после него.
preview-title = Предпросмотр: { $title }
button-post-it = Опубликовать
button-view = Открыть
err-pair-needs-equals = /{ $command } нужны два названия через «=».
err-pair-needs-names = /{ $command } нужно название с каждой стороны от «=».
post-how = Чтобы опубликовать, отправьте одно сообщение в таком виде:
post-how-link = Или укажите адрес веб-страницы (и теги, если на странице их нет), чтобы сначала посмотреть предпросмотр:
posted = Опубликовано `{ $id }`:{" "}
posted-reach = Теги: { $tags }. Статья дойдёт до { $count } { $count ->
        [one] подписчика
       *[many] подписчиков
    }.
deleted = Удалено `{ $id }`:{" "}
edited = Исправлено `{ $id }`:{" "}
edit-changed = Изменено: { $fields }.
edit-unchanged = Ничего не изменилось: в статье уже так написано.
edit-cards = { $cards ->
    [0] Карточки ещё не доставлялись.
    [one] Правится { $cards } доставленная карточка.
    [few] Правятся { $cards } доставленные карточки.
   *[other] Правятся { $cards } доставленных карточек.
}
edit-recipients = { $count ->
    [one] Статья дойдёт ещё до { $count } подписчика — по добавленному тегу.
   *[other] Статья дойдёт ещё до { $count } подписчиков — по добавленным тегам.
}
edit-form = Отправьте после id поля, которые меняются, пустую строку и новый текст, если он меняется. Сейчас статья такая:
err-edit-line = «{ $line }» — не поле /edit: пишите title:, tags:, url:, image:, source:, date: или lang:, затем пустую строку и новый текст.
deleted-everywhere = { $cards ->
    [0] Доставленных карточек нет.
    [one] Удаляется { $cards } доставленная карточка.
    [few] Удаляются { $cards } доставленные карточки.
   *[other] Удаляются { $cards } доставленных карточек.
}
deleted-too-old = { $count ->
    [one] { $count } карточка остаётся: Telegram удаляет только сообщения моложе 48 часов.
    [few] { $count } карточки остаются: Telegram удаляет только сообщения моложе 48 часов.
   *[other] { $count } карточек остаются: Telegram удаляет только сообщения моложе 48 часов.
}
deleted-kept = Уже доставленные карточки остаются на месте; в следующий раз /delete ID everywhere удалит и их.
err-no-tag = Тега { $tag } нет.
err-rename-clash = { $tag } — уже другой тег; чтобы объединить написания, используйте /alias.
renamed = { $from } переименован в { $to }. Подписчики остаются подписаны.
renamed-kept = { $from } переименован в { $to }. Подписчики остаются подписаны. «{ $old }» по-прежнему означает этот тег.
err-merge-same = { $tag } — это уже тот же тег: сливать нечего.
err-merge-no-target = Нет тега { $tag }, с которым можно слить. Чтобы изменить написание тега, используйте /rename.
merged = Тег { $from } слит с { $to }: { $follows ->
    [one] { $follows } чат теперь подписан на него
    [few] { $follows } чата теперь подписаны на него
   *[other] { $follows } чатов теперь подписаны на него
} (у { $dropped } были оба), { $articles ->
    [one] { $articles } статья теперь с ним
    [few] { $articles } статьи теперь с ним
   *[other] { $articles } статей теперь с ним
} (у { $both } были оба). «{ $old }» теперь означает { $to }.
err-alias-no-target = Тега { $tag }, на который можно сослаться, нет.
alias-already = «{ $alias }» уже означает { $tag }.
err-alias-is-tag = «{ $alias }» — самостоятельный тег; синоним должен быть новым написанием.
alias-added = «{ $alias }» теперь означает { $tag }: подписка или тег на любое из них — одно и то же.
stats-heading = Статистика tagwire
stats-articles = Статьи: { $count }
stats-tags = Теги: { $count }
stats-subscribers = Подписчики: активных { $active }, приостановленных { $paused }, отключённых { $deactivated }
stats-deliveries = Доставки: отправлено { $sent }, ждут { $waiting }, отложено для сводок { $held }, в тихие часы { $deferred }, с ошибкой { $failed }, пропущено { $skipped }
stats-card-updates = Доставленные карточки, исправленные или удалённые: { $done } готово, { $waiting } ждут, { $failed } не удалось
stats-top-tags = Популярные теги: { $tags }
stats-top-tags-none = Популярные теги: подписок пока нет
stats-failed-heading = Неудачные доставки по причинам
stats-failed-hint = Поставить их в очередь снова: `tagwire deliveries retry`; объяснить одну: `{ $example }`.
err-why-args = Укажите статью и, если нужно, чат (иначе этот).
why-heading = Почему: { $id }
why-verdict = { $verdict ->
        [sent] отправлена
        [sending] отправляется
        [queued] в очереди
        [failed] не доставлена
        [skipped] пропущена
        [held] ждёт сводки
        [deferred] ждёт конца тихих часов
        [unknown-subscriber] неизвестный чат
        [deactivated] чат отключён
        [paused] чат приостановлен
        [muted] заглушена
        [not-matched] не подходит чату
       *[not-enqueued] не поставлена в очередь
    }
why-status = { $status ->
        [active] активен
        [paused] приостановлен
       *[deactivated] отключён
    }
why-row-status = { $status ->
        [queued] в очереди
        [sending] отправляется
        [sent] отправлена
        [failed] не удалась
        [skipped] пропущена
        [held] ждёт сводки
       *[deferred] ждёт конца тихих часов
    }
why-sent = Отправлена { $at }, сообщение { $message }.
why-sent-no-id = Отправлена { $at } (id сообщения нет).
why-card-update = { $op ->
    [delete] Удаление доставленной карточки
   *[edit] Правка доставленной карточки после исправления
}: { $status ->
    [done] выполнено
    [failed] не удалось ({ $error })
   *[other] ожидает
}.
why-sending = Отправляется прямо сейчас (закреплена за обработчиком до { $until }).
why-queued = В очереди: следующая попытка { $at }.
why-queued-retry = В очереди: следующая попытка { $at }, после { $attempts } { $attempts ->
        [one] неудачной попытки
       *[other] неудачных попыток
    }.
why-queued-held = В очереди, но задержана: чат { $state }.
why-failed = Не удалась после { $attempts } { $attempts ->
        [one] попытки
       *[other] попыток
    }: { $error }.
why-no-reason = причина не записана
why-skipped = Не отправлена: { $reason }.
why-skipped-no-reason = Не отправлена: пропущена.
why-held = Ждёт сводки чата, которая придёт { $at }.
why-deferred = Ждёт конца тихих часов чата в { $at }.
why-unknown-chat = Чат { $chat } ни разу не пользовался ботом.
why-article = Статья { $id } «{ $title }», опубликована { $at }, кем: { $by }, теги: { $tags }.
why-no-tags = (нет)
why-chat = Чат { $chat } { $state }.
why-chat-since = Чат { $chat } { $state } с { $since }.
why-follows = Он подписан на { $tags }.
why-follows-none = Сейчас он не подписан ни на один тег статьи.
why-mutes = Он заглушил { $tags }.
why-follows-search = Он подписан на поиск { $searches }, которому статья соответствует.
why-mutes-words = Он заглушил слова { $words }, которые есть в статье.
why-quoted = «{ $text }»
why-outbox = Доставка #{ $row }: { $status }, { $attempts } { $attempts ->
        [one] попытка
        [few] попытки
       *[many] попыток
    }, последнее изменение { $at }.
why-outbox-error = Доставка #{ $row }: { $status }, { $attempts } { $attempts ->
        [one] попытка
        [few] попытки
       *[many] попыток
    }, последнее изменение { $at }, последняя ошибка: { $error }.
why-not-delivered = Не доставлена: чат { $state }.
why-not-delivered-muted = Не доставлена: чат заглушил { $tags }.
why-not-delivered-words = Не доставлена: чат заглушил слова { $words }.
why-not-matched = Не доставлена: чат не подписан ни на один тег статьи, и ни один из его поисков ей не соответствует.
why-not-enqueued = Доставка в этот чат не ставилась в очередь; скорее всего, { $cause ->
        [retention] статья старше DELIVERY_RETENTION_DAYS ({ $days }), и запись об отправке могла быть удалена
        [import] статья импортирована без --notify
       *[late] чат подписался на теги уже после публикации статьи
    }.
err-not-a-subscriber = «{ $text }» — не чат. Укажите его как PLATFORM:CHAT_ID, где PLATFORM — одно из: { $platforms }.

## /feed: ленты, которые загружаются в архив

feed-help-intro = Ленты сами приносят статьи в архив:
err-feed-action = «{ $text }» — такого действия у /feed нет. Есть такие:
feed-usage-add = опрашивать ленту RSS, Atom или JSON; её записи получают TAGS и собственные категории
feed-usage-add-auto = ещё и помечать записи всеми известными тегами, которые упоминаются в их тексте
feed-usage-add-updates = также исправлять статью записи и её доставленные карточки, когда запись меняется
feed-usage-list = все ленты и как прошли их опросы
feed-usage-poll = опросить одну ленту или все сразу, прямо сейчас
feed-usage-remove = перестать опрашивать ленту (её статьи остаются)
err-feed-which-add = Какая лента? Укажите её адрес, а после него — теги для её записей.
err-feed-which-url = Какая лента? Укажите её адрес.
err-feed-not-a-url = «{ $text }» — не веб-адрес; адрес ленты начинается с http:// или https://.
err-feed-too-many-tags = У ленты может быть не больше { $max } { $max ->
        [one] тега
       *[other] тегов
    } по умолчанию; здесь их { $count }.
err-feed-which-id = Какая лента? Укажите её номер из списка лент.
err-feed-not-an-id = «{ $text }» — не номер ленты; номера есть в списке лент (#1, #2…).
err-feed-exists = Этот адрес уже опрашивает лента #{ $id }.
err-opml-too-large = Файл OPML слишком большой: не более { $max } символов.
err-opml-not-opml = Это не файл OPML (экспорт подписок из читалки лент, .opml).
err-opml-no-feeds = В этом файле OPML нет ни одной ленты (нет outline с xmlUrl).
err-opml-too-many = В этом файле OPML { $count } лент; за один импорт — не более { $max }.
err-feed-not-added = Ничего не добавлено. { $error }
err-feed-unreadable = Ничего не добавлено. Ленту не удалось прочитать.
err-no-feed = Ленты #{ $id } нет. Номера есть в списке лент.
feed-added = Добавлена лента `#{ $id }`: { $title }.
feed-added-untitled = Добавлена лента `#{ $id }`.
feed-stored = { $count ->
        [one] { $count } текущая запись ленты сохранена
        [few] { $count } текущие записи ленты сохранены
       *[many] { $count } текущих записей ленты сохранено
    } в архиве без уведомлений; новые записи отныне будут приходить подписчикам их тегов.
feed-default-tags = Каждая запись получает { $tags }, а также собственные категории.
feed-own-categories = Записи получают собственные категории в качестве тегов; записи без категорий пропускаются. Чтобы не терять их, добавьте теги по умолчанию.
feed-auto-tag-on = Автотеги включены: записи также получают все известные теги, упомянутые в их тексте.
feed-updates-on = Обновления включены: когда заголовок или текст записи меняется, её статья исправляется, а доставленные карточки правятся.
feed-skipped = { $count ->
        [one] Пропущена { $count } запись
        [few] Пропущены { $count } записи
       *[many] Пропущено { $count } записей
    }: { $reason }
feed-skip-unusable = причина не записана
button-feed-list = Список лент
feed-none = Лент пока нет. Добавьте ленту:
feed-list-title = Ленты
feed-list-heading = Ленты ({ $count })
feed-list-failing = { $count ->
        [one] { $count } лента раз за разом даёт сбой
        [few] { $count } ленты раз за разом дают сбой
       *[many] { $count } лент раз за разом дают сбой
    }, см. заметки.
feed-tags = теги { $tags }
feed-no-tags = без тегов по умолчанию
feed-auto-tag = автотеги включены
feed-updates = обновления вкл.
feed-note = Заметка для админов: { $note }
feed-removed = Лента `#{ $id }` удалена: { $title }. Её статьи остаются в архиве.
feed-poll-none = Опрашивать нечего: лент нет.
feed-polled = Опрошено сейчас
feed-never = никогда
feed-status-new = ещё не опрашивалась
feed-status-ok = OK, последний опрос { $at }: { $new } { $new ->
        [one] новая запись
        [few] новые записи
       *[many] новых записей
    }{ $skipped ->
        [0] {""}
       *[other] , { $skipped } { $skipped ->
            [one] пропущена
            [few] пропущены
           *[many] пропущено
        }
    }
feed-status-unchanged = OK, последний опрос { $at }: без изменений
feed-unknown-error = неизвестная ошибка
feed-status-failing = СБОЙ ({ $count } подряд), последняя попытка { $at }: { $error } Следующая попытка после { $next }.
feed-poll-failed = #{ $id } { $url }: сбой. { $error }
feed-poll-unchanged = #{ $id } { $url }: без изменений с прошлого опроса.
feed-poll-result = #{ $id } { $url }: { $parts }.
feed-poll-new = { $count } { $count ->
        [one] новая запись
        [few] новые записи
       *[many] новых записей
    }
feed-poll-known = { $count } уже в архиве
feed-poll-skipped = { $count } { $count ->
        [one] пропущена
        [few] пропущены
       *[many] пропущено
    } ({ $reason })
feed-poll-queued = { $count ->
        [one] в очередь поставлена { $count } доставка
        [few] в очередь поставлены { $count } доставки
       *[many] в очередь поставлено { $count } доставок
    }
feed-poll-first = первый опрос: сохранено без уведомлений

## Статьи: почему /post, CLI или HTTP API отказывают (несколько причин — одним текстом)

err-article-no-title = Нет заголовка.
err-article-title-too-long = В заголовке { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }; допустимо не больше { $max }.
err-article-title-control = Заголовок содержит управляющие символы.
err-article-body-not-text = Текст статьи должен быть строкой.
err-article-body-too-long = Текст статьи длиннее { $max } { $max ->
        [one] символа
       *[other] символов
    }.
err-article-tags-not-list = Теги должны быть списком.
err-article-tag-not-text = Каждый тег должен быть текстом.
err-article-no-tags = Нужен хотя бы один тег.
err-article-too-many-tags = У статьи может быть не больше { $max } { $max ->
        [one] тега
       *[other] тегов
    }; у этой их { $count }.
err-article-not-a-url = «{ $text }» — не веб-адрес; он должен начинаться с http:// или https://.
err-article-field-not-text = { $field ->
        [url] URL
        [image] Адрес картинки
        [source] Источник
       *[id] Id
    } должен быть текстом.
err-article-field-control = { $field ->
        [url] URL
        [image] Адрес картинки
        [source] Источник
       *[id] Id
    } содержит управляющие символы.
err-article-field-too-long = { $field ->
        [url] URL
        [image] Адрес картинки
        [source] Источник
       *[id] Id
    } длиннее { $max } { $max ->
        [one] символа
       *[other] символов
    }.
err-article-not-a-date = «{ $text }» — не дата; используйте 2024-05-01, 2024-05-01T14:30:00Z или Sat, 02 Mar 2024 10:00:00 GMT.
err-article-date-not-text = Дата должна быть текстом, например 2024-05-01.
err-article-empty-id = Пустой id: у статьи без id уберите поле "id" совсем или дайте ей собственный id (повторный запуск пропускает уже известные id).
err-article-two-dates = Укажите "date" или "publishedAt", но не оба.
err-post-no-title = Статье нужен заголовок в первой строке, а после него — теги.
err-post-no-tags = Статье нужен хотя бы один тег: строка «tags:» или хэштеги в последней строке.

## Что пишут сами адаптеры

reply-done = Готово.
reply-failed = Не получилось.
inline-nothing = Ничего не найдено. Откройте бота
button-open-chat = Откройте чат с @{ $bot }, чтобы воспользоваться этой кнопкой.
button-failed = Что-то пошло не так на нашей стороне. Попробуйте ещё раз чуть позже.
button-sending-private = Отправляю в ваш чат с @{ $bot }.
button-sent-private = Отправлено в ваш чат с @{ $bot }.
button-start-chat-first = Сначала начните чат с @{ $bot }, затем нажмите кнопку снова.
channel-not-a-channel = { $ref } — не канал. Для группы добавьте меня в группу и используйте /follow там.
channel-not-found = Не могу найти { $ref }. Добавьте меня в канал администратором и попробуйте снова.
channel-unnamed = канал
channel-make-me-admin = Сделайте меня администратором { $channel } с правом публиковать сообщения, затем снова отправьте /connect.
channel-only-admins = Подключить { $channel } могут только его администраторы. Ничего не изменилось.
channel-connected = Канал { $channel } подключён.
channel-connected-follow = Выберите, что он получает: `/follow { $handle } TAGS`.
channel-connected-tags = Посмотреть его подписки: `/tags { $handle }`, все подключённые вами каналы — /channels.
channel-disconnect-which = Какой канал? Например, /disconnect @mychannel (подключённые вами каналы — в /channels).
channel-not-connected = Вы не подключали { $ref }. Подключённые вами каналы — в /channels.
channel-disconnected = Вы больше не управляете { $ref } отсюда. Он продолжит получать то, на что подписан; чтобы это прекратить, удалите меня из канала.
channel-none = Вы не подключили ни одного канала. Добавьте меня в свой канал администратором, затем отправьте сюда /connect @yourchannel.
channel-list-heading = Подключённые вами каналы:
channel-connect-first = Вы не подключали { $ref }. Сначала отправьте /connect { $ref } (вы должны быть одним из его администраторов).
channel-no-longer-admin = Вы больше не администратор { $channel }, поэтому не можете менять его подписки и расписание.
channel-lead = Канал
channel-connect-which = Какой канал? Добавьте меня в него администратором, затем отправьте /connect @yourchannel (или перешлите мне один из его постов).
private-only = /{ $command } работает в личном чате: откройте @{ $bot } и отправьте команду там.
guided-edit-next = Или отправьте следующим сообщением только строки, которые меняются (title: …, tags: …, затем пустую строку и новый текст). /cancel — отменить.
guided-ask-title = Опубликуем статью. Отправьте её заголовок (или /cancel).
guided-ask-tags = Теперь теги: через запятую (Armenia, CSTO) или хэштегами (#Armenia #CSTO).
guided-ask-body = Теперь текст статьи. В начале можно указать строки «url: https://…», «source: …» или «date: 2024-05-01».
guided-cancelled = Отменено. Ничего не опубликовано.
guided-nothing-to-cancel = Отменять нечего.
guided-empty = Пустое сообщение. Попробуйте ещё раз или /cancel.

## Discord: параметры команд и /channel (в Discord нет армянской локали: см. docs/languages.md)

discord-opt-tags = Тег или несколько через запятую
discord-opt-id = Id статьи (6 букв и цифр под каждой статьёй)
discord-opt-digest-schedule = daily или weekly: одно сообщение с новыми статьями вместо каждой; off: снова каждая
discord-opt-digest-day = Для еженедельной сводки: день, когда она приходит
discord-opt-digest-time = Когда она приходит: ЧЧ:ММ, например 08:00, в поясе из timezone
discord-opt-quiet-from = Начало тихих часов: ЧЧ:ММ, например 22:00, в поясе из timezone
discord-opt-quiet-to = Конец тихих часов, например 07:00; отложенные статьи придут тогда
discord-opt-quiet-off = True: тихих часов больше нет (from и to тогда не учитываются)
discord-opt-card-style = headline: только заголовок; compact: заголовок и суть; full: заголовок и первые абзацы
discord-opt-card-silent = on: карточки и дайджесты приходят без уведомления; off: с уведомлением
discord-opt-zone = Часовой пояс IANA, например Europe/Moscow; начните вводить город
discord-opt-watch-query = Слова, которые должны быть все, «фраза», -исключение, #тег
discord-opt-latest-tag = Только статьи с этим тегом
discord-opt-search-query = Слова, «фраза», -исключение, #тег, since:2024-01-01, until:2024-12-31
discord-opt-help-command = Команда, которую объяснить
discord-opt-rename-old = Тег в нынешнем написании
discord-opt-rename-new = Новое написание
discord-opt-merge-old = Тег, который уходит: его подписчики и статьи переходят
discord-opt-merge-new = Тег, который остаётся
discord-opt-alias = Другое написание
discord-opt-alias-tag = Существующий тег, который оно должно означать
discord-channel-digest = Присылать статьи этого канала одной сводкой в день или в неделю, а не по одной
discord-channel-quiet = Тихие часы этого канала: статьи, вышедшие в это время, придут после них
discord-channel-timezone = Часовой пояс этого канала для сводки и тихих часов
discord-channel-card = Как выглядят карточки этого канала (headline, compact или full) и приходят ли они без звука
discord-channel-pause = Приостановить доставки в этот канал (подписки сохранятся); /channel resume возобновит
discord-channel-resume = Возобновить доставки в этот канал после /channel pause
discord-channel = Подписки этого канала: статьи с этими тегами публикуются здесь
discord-channel-follow = Публиковать в этом канале статьи с этими тегами
discord-opt-mention-role = Роль, которую упоминать, когда здесь публикуются эти теги
discord-opt-target-channel = Канал вместо этого: здесь можно выбрать форум (каждая статья станет постом)
discord-channel-unfollow = Перестать публиковать в этом канале статьи с этими тегами
discord-channel-list = Подписки этого канала; возобновляет доставки, приостановленные из-за прав
discord-opt-language = en (английский), ru (русский) или hy (армянский); без значения — показать текущий
button-share = Поделиться
card-tags = Теги
discord-command-gone = /{ $command } больше не моя команда. Возможно, Discord ещё обновляет список; попробуйте /help.
discord-note-follow = Эти статьи я присылаю вам в личные сообщения. Чтобы они публиковались в канале, модератор может использовать /channel follow.
discord-note-setting = Это касается статей, которые я присылаю вам в личные сообщения. Для доставок в этот канал модератор может использовать /channel { $command }.
discord-channel-only = /channel работает в канале сервера: она задаёт подписки этого канала. Для себя используйте /follow.
discord-subcommand-gone = Команды /channel { $subcommand } больше нет. Возможно, Discord ещё обновляет список; попробуйте /help.
discord-no-everyone = Я не буду упоминать @everyone. Выберите роль, которую могут взять участники, интересующиеся этими тегами.
discord-role-not-mentionable = Внимание: роль { $role } нельзя упоминать, поэтому Discord пингует её, только если моей роли разрешено упоминать все роли. Включите «Разрешить всем @упоминать эту роль» в настройках роли.
discord-nothing-to-share = Здесь нечем поделиться: выполните команду в канале сервера.
discord-shared-by = Поделился { $user }
discord-tag-followers = { $count } { $count ->
        [one] подписчик
        [few] подписчика
       *[many] подписчиков
    }
discord-dms-closed = Я не смог написать вам в личные сообщения, поэтому доставки по тегам выключены. Чтобы снова их получать, разрешите личные сообщения от участников общего с нами сервера (меню сервера ▸ Настройки приватности ▸ Личные сообщения), затем выполните /start.
discord-missing-access = Доставки в этот канал приостановлены: Discord сообщает, что я не вижу этот канал. Дайте tagwire здесь права «Просматривать канал», «Отправлять сообщения» и «Встраивать ссылки» (Настройки канала ▸ Права доступа; в ветке ещё «Отправлять сообщения в ветках»), затем выполните /channel list, чтобы возобновить.
discord-missing-permissions = Доставки в этот канал приостановлены: Discord сообщает, что мне не хватает прав в этом канале. Дайте tagwire здесь права «Просматривать канал», «Отправлять сообщения» и «Встраивать ссылки» (Настройки канала ▸ Права доступа; в ветке ещё «Отправлять сообщения в ветках»), затем выполните /channel list, чтобы возобновить.
discord-forbidden = Доставки сюда приостановлены: Discord отклонил мои сообщения. Проверьте права tagwire в этом канале, затем выполните /channel list, чтобы возобновить.
discord-not-text-channel = Доставка в этот канал приостановлена: Discord говорит, что он не принимает сообщений. Если теперь это форум, снова выполните /channel follow, выбрав форум в параметре channel (тогда каждая статья станет постом), затем /channel list, чтобы возобновить.
discord-forum-tag-required = Доставка в этот форум приостановлена: он требует тег у каждого поста, а для его тегов подписки подходящих нет. Добавьте тег форума с именем одного из тегов подписки (или дайте tagwire право «Управлять каналами», чтобы он добавлял их сам), затем выполните /channel list, чтобы возобновить.
modal-title = Опубликовать статью
modal-field-title = Заголовок
modal-tags-hint = Через запятую
modal-field-source = Источник
modal-field-body = Текст
modal-body-hint = Текст статьи; из него составляется краткое содержание.
modal-edit-title = Исправить { $id }
modal-edit-body-hint = Её карточки правятся везде, куда они доставлены.
modal-edit-body-long = Длиннее, чем вмещает поле формы: если оставить пустым, текст не изменится.

## Теги

err-tag-control = Тег не может содержать управляющие символы.
err-tag-empty = Тег не может быть пустым.
err-tag-too-long = Тег может быть не длиннее { $max } символов; в «{ $start }…» их { $length }.
err-tag-mixed = В слове «{ $word }» { $odd ->
        [Cyrillic] кириллические
        [Armenian] армянские
       *[Latin] латинские
    } буквы ({ $letters }) смешаны с { $main ->
        [Cyrillic] кириллицей
        [Armenian] армянскими буквами
       *[Latin] латиницей
    }; наберите его одним алфавитом.
err-tag-mixed-two = В слове «{ $word }» { $odd ->
        [Cyrillic] кириллические
        [Armenian] армянские
       *[Latin] латинские
    } буквы ({ $letters }) и { $odd2 ->
        [Cyrillic] кириллические
        [Armenian] армянские
       *[Latin] латинские
    } буквы ({ $letters2 }) смешаны с { $main ->
        [Cyrillic] кириллицей
        [Armenian] армянскими буквами
       *[Latin] латиницей
    }; наберите его одним алфавитом.

## Подписки на поиск: ошибки

err-saved-search-too-long = Поиск слишком длинный ({ $length } символов); уложитесь в { $max }.
err-saved-search-filters = Подписка на поиск касается будущих статей, поэтому since:, until:, lang: и sort: в ней не используются.
err-saved-search-which = Какие слова? Укажите слова или «фразы» для поиска; -слово исключает статьи с этим словом.
err-mute-which = Какие слова? Возьмите слова или фразы для заглушения в кавычки.
err-saved-search-limit = В чате может быть не больше { $max } поисков и заглушённых слов вместе; здесь их { $count }. Сначала удалите один (/unwatch QUERY, /unmute "WORDS"); /tags их покажет.

## /weblogin: sign-in links to the newsroom (docs/newsroom.md)

cmd-weblogin = Одноразовая ссылка для входа на веб-страницу редакции (админы)
weblogin-heading = Вход в редакцию
weblogin-link = Ваша ссылка для входа в редакцию: действует { $minutes } минут, открыть её можно один раз:
weblogin-keep = Никому её не пересылайте: кто откроет её первым, войдёт от вашего имени.
weblogin-private = Попросите ссылку для входа в личном чате со мной: в группе её мог бы открыть любой.
weblogin-off = Редакция выключена: для неё на сервере должен быть задан HTTP_PORT.
