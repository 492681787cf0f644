# tagwire-ի հաղորդագրությունները հայերեն (արևելահայերեն)։ Նույնացուցիչներն ու փոփոխականները նույնն են, ինչ en.ftl-ում (ստուգում է test/i18n-ը)։
# Պիտակները, հրամաններն ու հոդվածների id-ները չեն թարգմանվում։

## Հրամանների նկարագրություններ

cmd-start = Սկսել լուրեր ստանալ այստեղ (կրկին)
cmd-help = Բոլոր հրամանները կամ ինչպես օգտվել դրանցից մեկից
cmd-follow = Հետևել պիտակներին. դրանցով յուրաքանչյուր նոր հոդված կգա մեկ անգամ
cmd-unfollow = Դադարել հետևել պիտակներին
cmd-mute = Լռեցնել պիտակներ կամ «բառեր». բաց թողնել դրանցով հոդվածները, նույնիսկ եթե հետևում եք դրանց այլ պիտակի
cmd-unmute = Հանել լռեցումը պիտակներից կամ /mute-ով լռեցված «բառերից»
cmd-watch = Հետևել որոնմանը. նրա բոլոր բառերով յուրաքանչյուր նոր հոդված կգա մեկ անգամ
cmd-unwatch = Դադարել հետևել որոնմանը
cmd-tags = Ինչին է հետևում այս զրույցը և ինչն է լռեցված
cmd-toptags = Ամենահետևվող պիտակները
cmd-digest = Ստանալ հոդվածները օրական կամ շաբաթական մեկ ամփոփմամբ, ոչ թե մեկ առ մեկ
cmd-timezone = Ժամային գոտին ամփոփումների և լուռ ժամերի համար (օր.՝ Asia/Yerevan)
cmd-quiet = Լուռ ժամեր. այդ ժամանակ հրապարակված հոդվածները կսպասեն մինչև դրանց ավարտը
cmd-pause = Դադարեցնել բոլոր առաքումներն այստեղ (հետևումները պահպանվում են). /resume-ը կվերսկսի
cmd-resume = Վերսկսել առաքումները /pause-ից հետո
cmd-latest = Ամենանոր հոդվածները կամ ամենանորերը պիտակով
cmd-search = Որոնել արխիվում. բառեր, «արտահայտություններ», -բացառություն, #պիտակ, since:/until: ամսաթվեր
cmd-related = Մեկ հոդվածին առնչվող հոդվածներ
cmd-article = Մեկ հոդված ամբողջությամբ
cmd-language = Այս զրույցի լեզուն. անգլերեն, ռուսերեն կամ հայերեն
cmd-card = Ինչպես են երևում այս զրույցի քարտերը՝ վերնագիր, համառոտ կամ ամբողջական, հղումների նախադիտում, անձայն առաքում
cmd-topics = Telegram-ի ֆորումում՝ առանձին թեմա այս զրույցի յուրաքանչյուր պիտակի համար
cmd-post = Հրապարակել հոդված՝ մուտքագրված կամ վեբ էջից, և ուղարկել հետևորդներին (ադմիններ)
cmd-delete = Ջնջել հոդվածը. everywhere-ով՝ նաև առաքված քարտերը (ադմիններ)
cmd-edit = Ուղղել հոդվածը. արդեն առաքված բոլոր քարտերը խմբագրվում են տեղում (ադմիններ)
cmd-rename = Փոխել պիտակի գրությունն ամենուր (ադմիններ)
cmd-merge = Միավորել պիտակը մյուսի հետ. բաժանորդներն ու հոդվածներն անցնում են, անունը՝ այլանուն (ադմիններ)
cmd-alias = Դարձնել մեկ այլ գրություն գոյություն ունեցող պիտակի հոմանիշ (ադմիններ)
cmd-stats = Արխիվի, բաժանորդների և առաքումների թվեր (ադմիններ)
cmd-why = Բացատրել՝ հասե՞լ է արդյոք հոդվածը զրույցին և ինչու (ադմիններ)
cmd-feed = Հոդվածների հոսքեր (RSS, Atom, JSON Feed), որոնք բեռնվում են արխիվ (ադմիններ)
cmd-connect = Թույլ տալ ինձ հրապարակել ձեր ալիքում (նախ ինձ դարձրեք դրա ադմին)
cmd-disconnect = Դադարել կառավարել ալիքն այս զրույցից
cmd-channels = Ձեր միացրած ալիքները
cmd-cancel = Ընդհատել քայլ առ քայլ /post-ը

## Ընդհանուր մերժումներ և սխալներ

example = Օրինակ՝
refused-admin = Ներողություն, /{ $command }-ը միայն բոտի ադմինների համար է։ Ոչինչ չի փոխվել։
refused-manager = Ներողություն, այս զրույցի հետևումները կարող են փոխել միայն նրա ադմինները։ Ոչինչ չի փոխվել։ Դուք կարող եք օգտվել /search-ից և /follow-ից ինձ հետ անձնական զրույցում։
refused-toggle = Այս զրույցի հետևումները կարող են փոխել միայն նրա ադմինները։
refused-language = Ներողություն, այս զրույցի լեզուն կարող են փոխել միայն նրա ադմինները։ Ոչինչ չի փոխվել։
refused-card = Ներողություն, այս զրույցի քարտերի տեսքը կարող են փոխել միայն նրա ադմինները։ Ոչինչ չի փոխվել։
refused-topics = Ներողություն, այս զրույցի թեմաների կարգը կարող են փոխել միայն նրա ադմինները։ Ոչինչ չի փոխվել։
button-view-it = Բացել
button-related = Առնչվող
error-internal = Մեր կողմում ինչ-որ բան սխալ գնաց, և դա գրանցվել է։ Խնդրում ենք մի փոքր ուշ նորից փորձել։
error-too-long = Այս հաղորդագրությունը չափազանց երկար է, չեմ կարող այն կարդալ։
error-not-a-command = Հրամանները սկսվում են «/»-ով։ Ուղարկեք /help՝ բոլորը տեսնելու համար։
error-no-such-command = /{ $command } հրաման չկա։ Ուղարկեք /help՝ ցանկը տեսնելու համար։
error-no-such-command-near = /{ $command } հրաման չկա։ Գուցե նկատի ունեի՞ք /{ $near }։ Ուղարկեք /help՝ ցանկը տեսնելու համար։
error-button-outdated = Այս կոճակը հնացել է։
error-button-expired = Այս կոճակի ժամկետն անցել է։ Կրկին գործարկեք հրամանը։
error-button-unknown = Այս կոճակն իմը չէ։
toggle-followed = Այժմ հետևում եք { $tag }-ին։
toggle-unfollowed = Այլևս չեք հետևում { $tag }-ին։

## /topics

topics-not-forum = Թեմաները աշխատում են թեմաներով Telegram խմբում (ֆորումում)։ Այլ տեղերում հետևեք պիտակներին /follow-ով այնտեղ, որտեղ դրանք պետք է գան։
topics-unknown = Չգիտեմ «{ $mode }»-ը. ուղարկեք /topics auto կամ /topics off։
topics-status-auto = Այս զրույցի յուրաքանչյուր պիտակ ունի իր թեման (/topics off՝ անջատելու համար)։ /follow-ը թեմայի ներսում պիտակն ուղարկում է այնտեղ։
topics-status-off = Պիտակները գալիս են այնտեղ, որտեղ դրանց հետևել են. /follow-ը թեմայի ներսում պիտակն ուղարկում է այնտեղ։ /topics auto-ն յուրաքանչյուր պիտակի տալիս է իր թեման։
topics-created = { $count ->
    [0] Նոր թեմա պետք չեղավ։
    [one] Ստեղծեցի { $count } թեմա և տեղափոխեցի նրա պիտակն այնտեղ։
   *[other] Ստեղծեցի { $count } թեմա և տեղափոխեցի դրանց պիտակներն այնտեղ։
}
topics-auto-on = Այսուհետ այստեղ հետևվող յուրաքանչյուր պիտակ կունենա իր թեման։
topics-off = Այլևս թեմաներ չեմ ստեղծի։ Արդեն ստեղծված թեմաները պահում են իրենց պիտակները։
topics-no-rights = Ինձ թույլ չի տրված այստեղ թեմաներ ստեղծել. դարձրեք ինձ թեմաներ կառավարելու իրավունքով ադմինիստրատոր և կրկին ուղարկեք /topics auto։
topics-refused = Telegram-ը թույլ չտվեց ստեղծել թեման՝ { $error }

## /card

card-status = Քարտերն այստեղ՝ { $style ->
    [headline] միայն վերնագիր (headline)
    [full] ամբողջական (վերնագիր և առաջին պարբերությունները, full)
   *[compact] համառոտ (վերնագիր և ամփոփում, compact)
}։ Հղումների նախադիտում՝ { $previews ->
    [on] միացված
   *[off] անջատված
}։ Անձայն առաքում՝ { $silent ->
    [on] միացված
   *[off] անջատված
}։
card-help = Փոխելու համար՝ /card headline, /card compact կամ /card full, /card previews on|off (Telegram-ում առանց նկարի քարտը ցույց է տալիս իր էջի նախադիտումը), /card silent on|off (քարտերն ու ամփոփագրերը գալիս են առանց ձայնի)։
card-unknown = Այստեղ չեմ հասկանում «{ $word }»-ը։ Գրեք տեսքը (headline, compact կամ full), «previews on» կամ «off», «silent on» կամ «off»։
card-saved = Պահված է. այստեղ հաջորդ քարտերը այսպես կերևան։
button-card-style = { $style ->
    [headline] Միայն վերնագիր
    [full] Ամբողջական
   *[compact] Համառոտ
}
button-card-previews = { $previews ->
    [on] Նախադիտում՝ միացնել
   *[off] Նախադիտում՝ անջատել
}
button-card-silent = { $silent ->
    [on] Առանց ձայնի
   *[off] Ձայնով
}

## /identity: անունն ու նկարը, որոնցով հրապարակվում են Discord ալիքի քարտերը

cmd-identity = Անունն ու նկարը, որոնցով հրապարակվում են այս Discord ալիքի քարտերը
refused-identity = Ներողություն, քարտերի հրապարակման անունը կարող են փոխել միայն այս ալիքի ադմինները։ Ոչինչ չի փոխվել։
identity-status = Այստեղ քարտերը հրապարակվում են «{ $name }» անունով։
identity-status-picture = Այստեղ քարտերը հրապարակվում են «{ $name }» անունով և { $avatar } նկարով։
identity-status-none = Այստեղ քարտերը հրապարակում է բոտն իր անունով։
identity-help = Փոխեք /identity ԱՆՈՒՆ հրամանով (անունից հետո կարող եք նշել նկարի հասցեն՝ https://…), կամ /identity off՝ կրկին բոտի անունով հրապարակելու համար։ Բոտին ալիքում պետք է «Կառավարել վեբհուքերը» իրավունքը. առանց դրա քարտերը հրապարակում է բոտը։
identity-saved = Պահպանված է. հաջորդ քարտերն այստեղ կհրապարակվեն այս անունով։
identity-off = Արված է. քարտերն այստեղ կրկին հրապարակում է բոտը։
identity-not-here = Սեփական անունը Discord սերվերի ալիքի համար է, որտեղ բոտը հրապարակում է վեբհուքով։ Այստեղ քարտերը հրապարակում է բոտը։
identity-name-empty = Գրեք հրապարակման անունը, օրինակ՝ /identity Armenia Wire։
identity-name-too-long = Անունը կարող է ունենալ առավելագույնը { $max } նիշ, մեկ տողում։
identity-name-forbidden = Discord-ը թույլ չի տալիս «{ $part }» հրապարակման անվան մեջ։ Ընտրեք այլ անուն։
identity-avatar-invalid = «{ $text }»-ը նկարի վեբ հասցե (http կամ https) չէ։
discord-channel-identity = Անունն ու նկարը, որոնցով հրապարակվում են ալիքի քարտերը (պետք է վեբհուքերի իրավունք)
discord-opt-identity-name = Հրապարակման անունը, մինչև 80 նիշ
discord-opt-identity-picture = Հրապարակման նկարի հասցեն (https://…)
discord-opt-identity-off = Այո՝ կրկին հրապարակել բոտի անունով

## /language

language-current = Այս զրույցի լեզուն՝ { $language }։ Ընտրեք այլ լեզու․
language-set = Այսուհետ այս զրույցը պատասխանները, հոդվածներն ու ամփոփումները կստանա հայերեն։
language-unknown = Ես չգիտեմ «{ $language }» լեզուն։ Ընտրեք հետևյալներից մեկը՝ { $choices }։

## Ժամանակացույց. ժամեր, օրեր, գոտիներ, լուռ ժամեր

err-not-a-time = «{ $text }»-ը օրվա ժամ չէ։ Նշեք 24-ժամյա ԺԺ:ՐՐ ձևաչափով՝ 00:00-ից 23:59։
err-not-a-weekday = «{ $text }»-ը շաբաթվա օր չէ։ Նշեք օրվա անունը, օրինակ՝ երկուշաբթի, երկ կամ Monday։
err-which-zone = Ո՞ր ժամային գոտին։ Նշեք դրա IANA անունը։
err-zone-unknown = «{ $text }»-ը ինձ անծանոթ ժամային գոտի է։ Անունները այսպիսին են՝ Asia/Yerevan, Europe/Moscow, America/New_York։
err-zone-unknown-near = «{ $text }»-ը ինձ անծանոթ ժամային գոտի է։ Գուցե նկատի ունեի՞ք { $zones }։
err-quiet-form = Նշեք լուռ ժամերը որպես սկիզբ և ավարտ կամ «off»։
err-quiet-same = Լուռ ժամերի ավարտը պետք է տարբերվի սկզբից։ Առաքումներն ամբողջությամբ դադարեցնելու համար օգտվեք /pause-ից։

## Արխիվի սխալներ

err-duplicate-url = Այս հոդվածն արդեն արխիվում է որպես { $id } (նույն URL-ը)։
err-duplicate-external-id = Այս հոդվածն արդեն արխիվում է որպես { $id } (նույն արտաքին id-ն)։

## Ամփոփումներ

digest-heading = { $cadence ->
        [daily] Ձեր օրական ամփոփումը
        [weekly] Ձեր շաբաթական ամփոփումը
       *[none] Ձեր ամփոփումը
    }, { $date }՝ { $count } { $count ->
        [one] հոդված
       *[other] հոդված
    }{ $part }
digest-continued = (շարունակություն)
digest-left-out = …և ևս { $count } { $count ->
        [one] հոդված
       *[other] հոդված
    }. ամենանորերը՝ /latest-ում։
refused-schedule = Ներողություն, այս զրույցի ժամանակացույցը կարող են փոխել միայն նրա ադմինները։ Ոչինչ չի փոխվել։ Ձեր սեփականը կարող եք կարգավորել ինձ հետ անձնական զրույցում։
err-weekly-needs = Շաբաթական ամփոփման համար պետք են օր և ժամ։
err-daily-needs = Օրական ամփոփման համար պետք է ժամ (24-ժամյա ԺԺ:ՐՐ)։
err-digest-setting = «{ $text }»-ը ամփոփման կարգավորում չէ։ Օգտագործեք off, daily ԺԺ:ՐՐ կամ weekly ՕՐ ԺԺ:ՐՐ։
err-no-arguments = /{ $command }-ից հետո ոչինչ պետք չէ. «{ $text }»-ը հասկանալի չէ։ Ոչինչ չի փոխվել։
schedule-no-digest = Հոդվածները գալիս են հրապարակվելուն պես (առանց ամփոփման)։
schedule-daily-at = ամեն օր՝ { $time }-ին
schedule-weekly-at = շաբաթը մեկ անգամ՝ { $day }, { $time }-ին
schedule-digest = Ամփոփում { $when } ({ $zone })։
schedule-next = Հաջորդը՝ { $at }։
schedule-no-quiet = Լուռ ժամեր չկան։
schedule-quiet = Լուռ ժամեր՝ { $start }–{ $end } ({ $zone })։
schedule-paused = **Դադարեցված է**. այս զրույցի հոդվածները բաց են թողնվում մինչև `/resume`։
schedule-utc-hint = Ժամերը UTC-ով են։ Նշեք ձեր ժամային գոտին `/timezone Asia/Yerevan` հրամանով (ցանկացած IANA անուն)։
digest-change-hint = Փոխելու համար՝ `/digest daily 08:00`, `/digest weekly monday 08:00` կամ `/digest off`։
digest-off = Ամփոփումն անջատված է. հոդվածները գալիս են հրապարակվելուն պես։
digest-flushed = Մինչ այժմ հավաքված { $count } { $count ->
        [one] հոդվածը կգա
       *[other] հոդվածները կգան
    } հիմա՝ որպես վերջին ամփոփում։
digest-on = Այս զրույցի հոդվածներն այժմ կհավաքվեն մինչ այդ և կգան մեկ հաղորդագրությամբ՝ ըստ պիտակների։ Դատարկ ամփոփումը չի ուղարկվում։
timezone-current = Ժամային գոտի՝ { $zone } (այնտեղ հիմա { $now } է)։
timezone-change-hint = Փոխելու համար՝ `/timezone Asia/Yerevan`։
timezone-set = Ժամային գոտին՝ { $zone }. այնտեղ հիմա { $now } է։
quiet-change-hint = Նշելու համար՝ `/quiet 22:00-07:00`, անջատելու համար՝ `/quiet off`։
quiet-off = Լուռ ժամերն անջատված են. հոդվածները գալիս են հրապարակվելուն պես։ Սպասողներն արդեն ճանապարհին են։
quiet-on = Այդ ժամանակ հրապարակված հոդվածները սպասում են դրա ավարտին, ապա գալիս են հերթով։
quiet-on-digest = Այդ ժամանակ հրապարակված հոդվածները սպասում են դրա ավարտին, ապա գալիս են հերթով։ Ձեր ամփոփումը կգա իր ժամին՝ ամեն դեպքում։
quiet-now = Հիմա լուռ ժամեր են՝ մինչև { $until }։
pause-already = Արդեն դադարեցված է { $since }-ից։ Ուղարկեք `/resume`՝ վերսկսելու համար։
pause-done = Դադարեցված է։ Այս զրույցի հոդվածները բաց են թողնվում, ոչ թե պահվում, մինչև ուղարկեք `/resume`։ Ձեր հետևումները մնում են նույնը։
pause-skipped = Ուղարկման սպասող { $count } { $count ->
        [one] հոդվածը չի ուղարկվի։
       *[other] հոդվածները չեն ուղարկվի։
    }
resume-not-paused = Առաքումներն այստեղ դադարեցված չեն։
resume-done = Վերսկսված է. նոր հոդվածներն այստեղ կրկին գալիս են։
resume-nothing-skipped = Դադարի ընթացքում ոչինչ բաց չի թողնվել։
resume-skipped = Դադարի ընթացքում բաց է թողնվել { $count } { $count ->
        [one] հոդված
       *[other] հոդված
    }.
resume-skipped-newest = Դադարի ընթացքում բաց է թողնվել { $count } { $count ->
        [one] հոդված
       *[other] հոդված
    }. ամենանոր { $shown }-ը՝
resume-read-hint = Կարդացեք դրանցից ցանկացածը `/article ID`-ով կամ տեսեք ամենանորերը `/latest`-ով։

## Որոնման առաջարկներ

suggest-quoted = Գուցե «{ $text }»։
suggest-tag = Գուցե { $tag }։
suggest-without-tag = Առանց { $tag }-ի
suggest-any-date = Ցանկացած ամսաթիվ
suggest-allow = Թույլատրել { $words }
suggest-any-order = Բառերը ցանկացած հերթականությամբ
suggest-without-word = Առանց «{ $word }»-ի

## Որոնումներին հետևելը և լռեցված բառերը

search-followed = Այժմ հետևում եք { $searches } որոնմանը. նրա բոլոր բառերով (և առանց բացառվածների) յուրաքանչյուր նոր հոդված այստեղ կգա մեկ անգամ։
search-already-followed = Արդեն հետևում եք { $searches } որոնմանը։
words-muted = { $words } բառերը լռեցված են. դրանցով հոդվածներն այստեղ բաց են թողնվում։
words-already-muted = Արդեն լռեցված է՝ { $words }։
search-unfollowed = Այլևս չեք հետևում { $searches } որոնմանը։
words-unmuted = { $searches } բառերից լռեցումը հանված է։
search-not-followed = Այս զրույցը չէր հետևում { $searches } որոնմանը։
words-not-muted = Այս զրույցում { $searches } բառերը լռեցված չէին։
tags-lists-hint = `/tags`-ը ցույց կտա, թե ինչ կա։
tags-searches = Որոնումներ ({ $count })՝ { $list }
tags-muted-words = Լռեցված բառեր ({ $count })՝ { $list }

## Պիտակներին հետևելը

err-which-tags = Ո՞ր պիտակները։ Նշեք դրանք /{ $command }-ից հետո՝ մեկ պիտակ, մի քանիսը ստորակետով կամ հեշթեգներով։
err-too-many-tags = Սա մեկ անգամում { $max }-ից ավելի պիտակ է. ուղարկեք դրանք մաս-մաս։
tags-followed = Այժմ հետևում եք { $tags }-ին։
tags-already-followed = Արդեն հետևում եք { $tags }-ին։
tags-unfollowed = Այլևս չեք հետևում { $tags }-ին։
tags-not-followed = Չէիք հետևում { $tags }-ին։
tags-muted = Լռեցված է՝ { $tags }։
tags-already-muted = Արդեն լռեցված է՝ { $tags }։
tags-unmuted = Լռեցումը հանված է՝ { $tags }։
tags-not-muted = Լռեցված չէր՝ { $tags }։
tags-new-followed = { $tags } պիտակով հոդված դեռ չի եղել. առաջինը կստանաք դուք։
tags-new-muted = { $tags } պիտակով հոդված դեռ չի եղել. եթե գա, այստեղ բաց կթողնվի։
tags-did-you-mean = Գուցե նկատի ունեի՞ք { $tags }։ Դրանցով արդեն հոդվածներ կան։
button-follow = Հետևել { $tag }
button-mute = Լռեցնել { $tag }
start-back = Բարի վերադարձ. այս զրույցի առաքումները կրկին միացված են։
start-welcome = Բարի գալուստ tagwire. լուրեր ըստ պիտակների, յուրաքանչյուր հոդված՝ մեկ անգամ։
start-follows = Այս զրույցը հետևում է { $tags }-ին։
start-begin = Սկսելու համար հետևեք մի քանի պիտակի, օրինակ՝ `/follow Armenia, Russia`։ Հայտնիները՝ `/toptags`-ում։
start-help = Ուղարկեք `/help`՝ բոլոր հրամանները տեսնելու համար։
tags-none = Այս զրույցը դեռ ոչ մի պիտակի չի հետևում։ Փորձեք `/follow Armenia` կամ տեսեք `/toptags`։
tags-following-list = Հետևումներ ({ $count })՝ { $list }
tags-following-none = Պիտակների հետևումներ չկան։
tags-muted-list = Լռեցված ({ $count })՝ { $list }
tags-resumed = Այս զրույցի առաքումները դադարեցված էին, այժմ վերսկսված են։
tags-routed-here = { $count ->
    [one] Այս պիտակի հոդվածները կգան այս թեմա։
   *[other] Այս պիտակների հոդվածները կգան այս թեմա։
}
thread-resumed = Այս թեմայի առաքումները դադարեցված էին, այժմ վերսկսված են։
tags-thread-route = «{ $thread }» թեմայում՝ { $tags }
tags-thread-paused = «{ $thread }» թեմայում (դադարեցված է. թեման փակված է կամ ջնջված, բացեք այն կամ հետևեք այս պիտակներին մեկ այլ թեմայում)՝ { $tags }
notice-thread-paused = «{ $thread }» թեմայի առաքումները դադարեցվեցին. թեման { $reason ->
    [deleted] ջնջվել է
   *[other] փակվել է
}։ Այս զրույցի մնացած լուրերը գալիս են ինչպես նախկինում։ Կրկին բացեք թեման կամ ուղարկեք /follow նրա պիտակներով մեկ այլ թեմայում։
tags-status = Առաքումներն այստեղ { $status } են։ Ուղարկեք /start այստեղ կամ կրկին հետևեք որևէ պիտակի՝ դրանք միացնելու համար։
tags-status-reason = Առաքումներն այստեղ { $status } են ({ $reason })։ Ուղարկեք /start այստեղ կամ կրկին հետևեք որևէ պիտակի՝ դրանք միացնելու համար։
status-active = ակտիվ
status-paused = դադարեցված
status-deactivated = անջատված
toptags-none = Դեռ ոչ ոք ոչ մի պիտակի չի հետևում։ Եղեք առաջինը՝ `/follow Armenia`
toptags-heading = Ամենահետևվող պիտակները՝
toptags-followers = { $count } { $count ->
        [one] հետևորդ
       *[other] հետևորդ
    }

## /help

err-no-command = /{ $command } հրաման չկա։
help-intro = **tagwire**-ը ձեզ մեկ անգամ ուղարկում է ձեր հետևած պիտակներով յուրաքանչյուր նոր հոդված։
help-admin = Ադմինների հրամաններ
help-tags = Պիտակներ՝ մեկը, մի քանիսը ստորակետով կամ հեշթեգներով՝ `/follow Armenia, Russia` կամ `/follow #Armenia #CSTO`։

## Որոնում. սխալներ, զտիչներ, արդյունքներ

err-query-too-long = Հարցումը չափազանց երկար է ({ $length } նիշ). այն պետք է լինի { $max }-ից կարճ։
err-tag-needs-name = tag:-ից հետո պետք է պիտակի անուն։
err-not-a-date-after = { $field }:-ից հետո «{ $text }»-ը ամսաթիվ չէ։
err-sort-values = sort:-ը ընդունում է date կամ relevance։
err-field-needs-value = { $field }:-ից անմիջապես հետո, առանց բացատի, պետք է արժեք։
err-since-after-until = since:-ը until:-ից ուշ է, ուստի ոչինչ չի համապատասխանի։
err-search-what = Ի՞նչ որոնեմ։
err-search-common-words = Հարցումում միայն ընդհանուր բառեր են։ Ավելացրեք թեման անվանող բառ։
filter-since = սկսած { $date }
filter-until = մինչև { $date }
err-lang-code = «{ $text }»-ը լեզվի կոդ չէ․ գրեք նրա երկու տառը, օրինակ՝ ru, hy կամ en։
filter-language = { $language } լեզվով
article-language = Լեզուն՝ { $language }
filter-without = առանց { $words }
filter-exact = ճշգրիտ { $phrases }
filter-newest-first = նախ նորերը
suggest-try = Փորձեք՝ { $suggestion }
button-previous = ◀ Նախորդ
button-next = Հաջորդ ▶
latest-no-tag = { $tag } պիտակով հոդված դեռ չկա։
latest-no-older = Ավելի հին հոդվածներ չկան։
latest-empty = Արխիվը դեռ դատարկ է։
latest-heading = Վերջին հոդվածները
latest-heading-tag = Վերջինները { $tag } պիտակով
search-filters = Զտիչներ՝
search-unknown-tags = { $tags } պիտակով հոդված չկա։
search-try-without = Փորձեք որոնել առանց դրա կամ տեսեք /toptags։
search-no-more = Այլ արդյունքներ չկան։
search-nothing = { $query } հարցմամբ ոչինչ չգտնվեց։
search-try-other = Փորձեք այլ բառեր կամ ավելի քիչ բառեր։
search-heading = Որոնում՝ { $query }
related-heading = { $id }-ին առնչվող՝ { $title }
related-no-more = Այլ առնչվող հոդվածներ չկան։
related-nothing = { $id }-ին առնչվող հոդվածներ դեռ չկան։
err-which-article = Ո՞ր հոդվածը։ Նշեք դրա id-ն։
err-no-import-id = «{ $id }» ներմուծման id-ով հոդված չկա։
err-not-an-id = «{ $text }»-ը հոդվածի id չէ։ Id-ն 6 տառ և թվանշան է՝ նշված յուրաքանչյուր հոդվածի տակ։
err-no-article = { $id } id-ով հոդված չկա։ Հնարավոր է՝ այն ջնջվել է։

## Ադմինների հրամաններ

preview-no-date = ամսաթիվ նշված չէ
preview-no-text = (Էջում հոդվածի տեքստ չգտնվեց։)
preview-exists = Այս էջն արդեն արխիվում է որպես `{ $id }`։
preview-heading = Նախադիտում. դեռ ոչինչ չի հրապարակվել։
preview-no-tags = Էջում բանալի բառեր չկան, իսկ հոդվածին պետք է առնվազն մեկ պիտակ։ Ավելացրեք դրանք հասցեից հետո՝
preview-heading-post = Նախադիտում. դեռ ոչինչ չի հրապարակվել։ Սեղմեք «Հրապարակել»՝ հրապարակելու և ուղարկելու համար։
preview-tags = Պիտակներ՝ { $tags }։ Այլ պիտակներ ընտրելու համար ուղարկեք /post URL և դրանք հետո։
preview-title = Նախադիտում՝ { $title }
button-post-it = Հրապարակել
button-view = Բացել
err-pair-needs-equals = /{ $command }-ին պետք են երկու անուն՝ «=»-ով բաժանված։
err-pair-needs-names = /{ $command }-ին պետք է անուն «=»-ի երկու կողմում։
post-how = Հրապարակելու համար ուղարկեք մեկ հաղորդագրություն այս ձևով՝
post-how-link = Կամ նշեք վեբ էջի հասցեն (և պիտակներ, եթե էջում չկան)՝ նախ նախադիտումը տեսնելու համար՝
posted = Հրապարակված է `{ $id }`՝{" "}
posted-reach = Պիտակներ՝ { $tags }։ Այն կհասնի { $count } { $count ->
        [one] բաժանորդի
       *[other] բաժանորդի
    }։
deleted = Ջնջված է `{ $id }`՝{" "}
edited = Ուղղված է `{ $id }`՝{" "}
edit-changed = Փոխվել է՝ { $fields }։
edit-unchanged = Ոչինչ չփոխվեց. հոդվածում արդեն այդպես է գրված։
edit-cards = { $cards ->
    [0] Դրա քարտը դեռ չի առաքվել։
    [one] Խմբագրվում է դրա { $cards } առաքված քարտը։
   *[other] Խմբագրվում են դրա { $cards } առաքված քարտերը։
}
edit-recipients = { $count ->
    [one] Այն կհասնի ևս { $count } բաժանորդի՝ ավելացված պիտակի հետևորդի։
   *[other] Այն կհասնի ևս { $count } բաժանորդի՝ ավելացված պիտակների հետևորդների։
}
edit-form = Ուղարկեք id-ից հետո փոխվող դաշտերը, դատարկ տող, ապա նոր տեքստը, եթե այն փոխվում է։ Հոդվածն այժմ այսպիսին է՝
err-edit-line = «{ $line }»-ը /edit-ի դաշտ չէ. գրեք title:, tags:, url:, image:, source:, date: կամ lang:, ապա դատարկ տող և նոր տեքստը։
deleted-everywhere = { $cards ->
    [0] Ջնջելու առաքված քարտ չկա։
    [one] Ջնջվում է դրա { $cards } առաքված քարտը։
   *[other] Ջնջվում են դրա { $cards } առաքված քարտերը։
}
deleted-too-old = { $count ->
    [one] { $count } քարտ մնում է. Telegram-ը ջնջում է միայն 48 ժամից նոր հաղորդագրությունները։
   *[other] { $count } քարտ մնում են. Telegram-ը ջնջում է միայն 48 ժամից նոր հաղորդագրությունները։
}
deleted-kept = Արդեն առաքված քարտերը մնում են տեղում. հաջորդ անգամ /delete ID everywhere-ը կջնջի նաև դրանք։
err-no-tag = { $tag } պիտակ չկա։
err-rename-clash = { $tag }-ն արդեն այլ պիտակ է. գրությունները միավորելու համար օգտվեք /alias-ից։
renamed = { $from }-ը վերանվանվեց { $to }։ Հետևորդները շարունակում են հետևել դրան։
renamed-kept = { $from }-ը վերանվանվեց { $to }։ Հետևորդները շարունակում են հետևել դրան։ «{ $old }»-ը դեռ նշանակում է այն։
err-merge-same = { $tag }-ը արդեն նույն պիտակն է. միավորելու բան չկա։
err-merge-no-target = { $tag } պիտակ չկա, որի հետ միավորել։ Պիտակի ուղղագրությունը փոխելու համար օգտագործեք /rename։
merged = { $from }-ը միավորվեց { $to }-ի հետ. { $follows } զրույց այժմ հետևում է դրան ({ $dropped }-ն ունեին երկուսն էլ), { $articles } հոդված այժմ կրում է այն ({ $both }-ն ունեին երկուսն էլ)։ «{ $old }»-ն այժմ նշանակում է { $to }։
err-alias-no-target = { $tag } պիտակ չկա, որին կարելի է հղել։
alias-already = «{ $alias }»-ն արդեն նշանակում է { $tag }։
err-alias-is-tag = «{ $alias }»-ն ինքնուրույն պիտակ է. հոմանիշը պետք է նոր գրություն լինի։
alias-added = «{ $alias }»-ն այժմ նշանակում է { $tag }. դրանցից որևէ մեկին հետևելը կամ պիտակելը նույնն է։
stats-heading = tagwire-ի վիճակագրություն
stats-articles = Հոդվածներ՝ { $count }
stats-tags = Պիտակներ՝ { $count }
stats-subscribers = Բաժանորդներ՝ { $active } ակտիվ, { $paused } դադարեցված, { $deactivated } անջատված
stats-deliveries = Առաքումներ՝ { $sent } ուղարկված, { $waiting } սպասող, { $held } ամփոփումների համար պահված, { $deferred } լուռ ժամերին, { $failed } ձախողված, { $skipped } բաց թողնված
stats-card-updates = Ուղղված կամ ջնջված առաքված քարտեր՝ { $done } արված, { $waiting } սպասում են, { $failed } չհաջողվեց
stats-top-tags = Հայտնի պիտակներ՝ { $tags }
stats-top-tags-none = Հայտնի պիտակներ՝ դեռ հետևումներ չկան
stats-failed-heading = Ձախողված առաքումներ՝ ըստ պատճառի
stats-failed-hint = Դրանք կրկին հերթագրեք `tagwire deliveries retry`-ով, մեկը բացատրեք `{ $example }`-ով։
err-why-args = Նշեք հոդվածը և, ցանկության դեպքում, զրույցը (այլապես՝ այս մեկը)։
why-heading = Ինչու՝ { $id }
why-verdict = { $verdict ->
        [sent] ուղարկված է
        [sending] ուղարկվում է
        [queued] հերթում է
        [failed] չի առաքվել
        [skipped] բաց է թողնվել
        [held] սպասում է ամփոփմանը
        [deferred] սպասում է լուռ ժամերի ավարտին
        [unknown-subscriber] անհայտ զրույց
        [deactivated] զրույցն անջատված է
        [paused] զրույցը դադարեցված է
        [muted] լռեցված է
        [not-matched] չի համապատասխանում զրույցին
       *[not-enqueued] հերթագրված չէ
    }
why-status = { $status ->
        [active] ակտիվ է
        [paused] դադարեցված է
       *[deactivated] անջատված է
    }
why-row-status = { $status ->
        [queued] հերթում
        [sending] ուղարկման ընթացքում
        [sent] ուղարկված
        [failed] ձախողված
        [skipped] բաց թողնված
        [held] պահված ամփոփման համար
       *[deferred] հետաձգված մինչև լուռ ժամերի ավարտը
    }
why-sent = Ուղարկվել է { $at }-ին՝ որպես { $message } հաղորդագրություն։
why-sent-no-id = Ուղարկվել է { $at }-ին (հաղորդագրության id չկա)։
why-card-update = Առաքված քարտի { $op ->
    [delete] ջնջումը
   *[edit] խմբագրումը ուղղումից հետո
}՝ { $status ->
    [done] արված է
    [failed] չհաջողվեց ({ $error })
   *[other] սպասում է
}։
why-sending = Հիմա ուղարկվում է (առաքման գործընթացն այն վերցրել է մինչև { $until })։
why-queued = Հերթում է. հաջորդ փորձը՝ { $at }։
why-queued-retry = Հերթում է. հաջորդ փորձը՝ { $at }, { $attempts } անհաջող փորձից հետո։
why-queued-held = Հերթում է, բայց պահված է. զրույցը հիմա { $state }։
why-failed = Ձախողվեց { $attempts } փորձից հետո՝ { $error }։
why-no-reason = պատճառը գրանցված չէ
why-skipped = Չի ուղարկվել՝ { $reason }։
why-skipped-no-reason = Չի ուղարկվել. բաց է թողնվել։
why-held = Սպասում է զրույցի ամփոփմանը, որը նախատեսված է { $at }-ին։
why-deferred = Սպասում է զրույցի լուռ ժամերի ավարտին՝ { $at }-ին։
why-unknown-chat = { $chat } զրույցը երբեք չի օգտվել բոտից։
why-article = Հոդված { $id }՝ «{ $title }», հրապարակվել է { $at }-ին, հրապարակողը՝ { $by }, պիտակները՝ { $tags }։
why-no-tags = (չկան)
why-chat = { $chat } զրույցը հիմա { $state }։
why-chat-since = { $chat } զրույցը { $since }-ից { $state }։
why-follows = Այն հետևում է { $tags }-ին։
why-follows-none = Այժմ այն չի հետևում հոդվածի պիտակներից ոչ մեկին։
why-mutes = Այն լռեցրել է { $tags }-ը։
why-follows-search = Այն հետևում է { $searches } որոնմանը, որին հոդվածը համապատասխանում է։
why-mutes-words = Այն լռեցրել է { $words } բառերը, որոնք կան հոդվածում։
why-quoted = «{ $text }»
why-outbox = Առաքում #{ $row }՝ { $status }, { $attempts } փորձ, վերջին փոփոխությունը՝ { $at }։
why-outbox-error = Առաքում #{ $row }՝ { $status }, { $attempts } փորձ, վերջին փոփոխությունը՝ { $at }, վերջին սխալը՝ { $error }։
why-not-delivered = Չի առաքվել. զրույցը հիմա { $state }։
why-not-delivered-muted = Չի առաքվել. զրույցը լռեցրել է { $tags }-ը։
why-not-delivered-words = Չի առաքվել. զրույցը լռեցրել է { $words } բառերը։
why-not-matched = Չի առաքվել. զրույցը չի հետևում հոդվածի պիտակներից ոչ մեկին, և նրա որոնումներից ոչ մեկը չի համապատասխանում հոդվածին։
why-not-enqueued = Այս զրույցի համար առաքում հերթագրված չէ. ամենայն հավանականությամբ { $cause ->
        [retention] հոդվածը DELIVERY_RETENTION_DAYS-ից ({ $days }) հին է, ուստի ուղարկման գրառումը կարող էր ջնջված լինել
        [import] հոդվածը ներմուծվել է առանց --notify-ի
       *[late] զրույցը պիտակներին հետևել է հոդվածի հրապարակումից հետո
    }։
err-not-a-subscriber = «{ $text }»-ը զրույց չէ. նշեք այն PLATFORM:CHAT_ID ձևով, որտեղ PLATFORM-ը հետևյալներից մեկն է՝ { $platforms }։

## /feed. արխիվ բեռնվող հոսքերը

feed-help-intro = Հոսքերն ինքնուրույն հոդվածներ են բերում արխիվ՝
err-feed-action = «{ $text }»-ը /feed-ի գործողություն չէ։ Դրա գործողություններն են՝
feed-usage-add = պարբերաբար ստուգել RSS, Atom կամ JSON հոսքը. դրա գրառումները ստանում են TAGS-ը և իրենց կատեգորիաները
feed-usage-add-auto = գրառումները պիտակել նաև բոլոր հայտնի պիտակներով, որոնք նշված են դրանց տեքստում
feed-usage-add-updates = նաև ուղղել գրառման հոդվածը և դրա առաքված քարտերը, երբ գրառումը փոխվում է
feed-usage-list = բոլոր հոսքերը և ինչպես են անցել դրանց ստուգումները
feed-usage-poll = ստուգել մեկ հոսքը կամ բոլորը հենց հիմա
feed-usage-remove = դադարել ստուգել հոսքը (դրա հոդվածները մնում են)
err-feed-which-add = Ո՞ր հոսքը։ Նշեք դրա հասցեն, ապա՝ դրա գրառումների պիտակները։
err-feed-which-url = Ո՞ր հոսքը։ Նշեք դրա հասցեն։
err-feed-not-a-url = «{ $text }»-ը վեբ հասցե չէ. հոսքի հասցեն սկսվում է http://-ով կամ https://-ով։
err-feed-too-many-tags = Հոսքը կարող է ունենալ առավելագույնը { $max } լռելյայն պիտակ. այստեղ դրանք { $count } են։
err-feed-which-id = Ո՞ր հոսքը։ Նշեք դրա համարը հոսքերի ցանկից։
err-feed-not-an-id = «{ $text }»-ը հոսքի համար չէ. համարները ցույց է տալիս հոսքերի ցանկը (#1, #2…)։
err-feed-exists = #{ $id } հոսքն արդեն ստուգում է այդ հասցեն։
err-opml-too-large = OPML ֆայլը չափազանց մեծ է. առավելագույնը { $max } նիշ։
err-opml-not-opml = Սա OPML ֆայլ չէ (լրահոսերի ընթերցիչի բաժանորդագրությունների .opml արտահանում)։
err-opml-no-feeds = Այս OPML ֆայլում ոչ մի լրահոս չկա (xmlUrl-ով outline չկա)։
err-opml-too-many = Այս OPML ֆայլում { $count } լրահոս կա. մեկ ներմուծումը վերցնում է առավելագույնը { $max }։
err-feed-not-added = Ոչինչ չավելացվեց։ { $error }
err-feed-unreadable = Ոչինչ չավելացվեց։ Հոսքը հնարավոր չեղավ կարդալ։
err-no-feed = #{ $id } հոսք չկա։ Համարները ցույց է տալիս հոսքերի ցանկը։
feed-added = Ավելացվեց `#{ $id }` հոսքը՝ { $title }։
feed-added-untitled = Ավելացվեց `#{ $id }` հոսքը։
feed-stored = Դրա ներկայիս { $count } { $count ->
        [one] գրառումն արխիվում է
       *[other] գրառումներն արխիվում են
    }՝ առանց որևէ մեկին ծանուցելու. այսուհետ նոր գրառումները կգան դրանց պիտակների հետևորդներին։
feed-default-tags = Յուրաքանչյուր գրառում իր կատեգորիաներից բացի ստանում է նաև { $tags }։
feed-own-categories = Գրառումներն որպես պիտակ ստանում են իրենց կատեգորիաները. առանց կատեգորիաների գրառումները բաց են թողնվում։ Դրանք չկորցնելու համար ավելացրեք լռելյայն պիտակներ։
feed-auto-tag-on = Ավտոպիտակավորումը միացված է. գրառումները ստանում են նաև բոլոր հայտնի պիտակները, որոնք նշված են դրանց տեքստում։
feed-updates-on = Թարմացումները միացված են. երբ գրառման վերնագիրը կամ տեքստը փոխվում է, դրա հոդվածն ուղղվում է, իսկ առաքված քարտերը՝ խմբագրվում։
feed-skipped = { $count } գրառում բաց է թողնվել՝ { $reason }
feed-skip-unusable = պատճառը գրանցված չէ
button-feed-list = Հոսքերի ցանկ
feed-none = Հոսքեր դեռ չկան։ Ավելացրեք մեկը՝
feed-list-title = Հոսքեր
feed-list-heading = Հոսքեր ({ $count })
feed-list-failing = { $count } հոսք շարունակում է ձախողվել, տեսեք նշումները։
feed-tags = պիտակներ՝ { $tags }
feed-no-tags = առանց լռելյայն պիտակների
feed-auto-tag = ավտոպիտակավորումը միացված է
feed-updates = թարմացումները միացված
feed-note = Նշում ադմինների համար՝ { $note }
feed-removed = `#{ $id }` հոսքը հեռացվեց՝ { $title }։ Դրա հոդվածները մնում են արխիվում։
feed-poll-none = Ստուգելու հոսքեր չկան։
feed-polled = Ստուգվեց հիմա
feed-never = երբեք
feed-status-new = դեռ չի ստուգվել
feed-status-ok = OK, վերջին ստուգումը՝ { $at }. { $new } նոր գրառում{ $skipped ->
        [0] {""}
       *[other] , { $skipped } բաց թողնված
    }
feed-status-unchanged = OK, վերջին ստուգումը՝ { $at }. փոփոխություն չկա
feed-unknown-error = անհայտ սխալ
feed-status-failing = ՁԱԽՈՂՈՒՄ ({ $count } անգամ անընդմեջ), վերջին փորձը՝ { $at }. { $error } Հաջորդ փորձը՝ { $next }-ից հետո։
feed-poll-failed = #{ $id } { $url } — ձախողվեց։ { $error }
feed-poll-unchanged = #{ $id } { $url } — վերջին ստուգումից ի վեր փոփոխություն չկա։
feed-poll-result = #{ $id } { $url } — { $parts }։
feed-poll-new = { $count } նոր գրառում
feed-poll-known = { $count } գրառում արդեն արխիվում էր
feed-poll-skipped = { $count } բաց թողնված ({ $reason })
feed-poll-queued = հերթագրվեց { $count } առաքում
feed-poll-first = առաջին ստուգում. պահվեց առանց որևէ մեկին ծանուցելու

## Հոդվածներ. ինչու են /post-ը, CLI-ն կամ HTTP API-ն մերժում հոդվածը (մի քանի պատճառ՝ մեկ տեքստով)

err-article-no-title = Վերնագիրը բացակայում է։
err-article-title-too-long = Վերնագիրը { $length } նիշ է. առավելագույնը { $max } է։
err-article-title-control = Վերնագիրը կառավարող նիշեր է պարունակում։
err-article-body-not-text = Հոդվածի տեքստը պետք է տեքստային արժեք լինի։
err-article-body-too-long = Հոդվածի տեքստը { $max } նիշից երկար է։
err-article-tags-not-list = Պիտակները պետք է ցանկ լինեն։
err-article-tag-not-text = Յուրաքանչյուր պիտակ պետք է տեքստ լինի։
err-article-no-tags = Պետք է առնվազն մեկ պիտակ։
err-article-too-many-tags = Հոդվածը կարող է ունենալ առավելագույնը { $max } պիտակ. այս մեկն ունի { $count }։
err-article-not-a-url = «{ $text }»-ը վեբ հասցե չէ. այն պետք է սկսվի http://-ով կամ https://-ով։
err-article-field-not-text = { $field ->
        [url] URL-ը
        [image] Նկարի հասցեն
        [source] Աղբյուրը
       *[id] Id-ն
    } պետք է տեքստ լինի։
err-article-field-control = { $field ->
        [url] URL-ը
        [image] Նկարի հասցեն
        [source] Աղբյուրը
       *[id] Id-ն
    } կառավարող նիշեր է պարունակում։
err-article-field-too-long = { $field ->
        [url] URL-ը
        [image] Նկարի հասցեն
        [source] Աղբյուրը
       *[id] Id-ն
    } { $max } նիշից երկար է։
err-article-not-a-date = «{ $text }»-ը ամսաթիվ չէ. օգտագործեք 2024-05-01, 2024-05-01T14:30:00Z կամ Sat, 02 Mar 2024 10:00:00 GMT ձևերը։
err-article-date-not-text = Ամսաթիվը պետք է տեքստ լինի, օրինակ՝ 2024-05-01։
err-article-empty-id = Id-ն դատարկ է. առանց id-ի հոդվածի համար ընդհանրապես բաց թողեք "id"-ն կամ տվեք նրան սեփական id (կրկնակի գործարկումը բաց է թողնում արդեն առկա id-ները)։
err-article-two-dates = Նշեք "date" կամ "publishedAt", ոչ թե երկուսը միասին։
err-post-no-title = Հոդվածին պետք է վերնագիր առաջին տողում, ապա՝ պիտակները։
err-post-no-tags = Հոդվածին պետք է առնվազն մեկ պիտակ՝ «tags:» տող կամ հեշթեգեր վերջին տողում։

## Այն, ինչ գրում են ադապտերներն իրենք

reply-done = Պատրաստ է։
reply-failed = Չստացվեց։
inline-nothing = Ոչինչ չգտնվեց։ Բացեք բոտը
button-open-chat = Բացեք զրույց @{ $bot }-ի հետ՝ այս կոճակից օգտվելու համար։
button-failed = Մեր կողմում ինչ-որ բան սխալ գնաց։ Խնդրում ենք մի փոքր ուշ նորից փորձել։
button-sending-private = Ուղարկում եմ @{ $bot }-ի հետ ձեր զրույցին։
button-sent-private = Ուղարկված է @{ $bot }-ի հետ ձեր զրույցին։
button-start-chat-first = Նախ սկսեք զրույց @{ $bot }-ի հետ, ապա կրկին սեղմեք կոճակը։
channel-not-a-channel = { $ref }-ը ալիք չէ։ Խմբի համար ավելացրեք ինձ խումբ և օգտվեք /follow-ից այնտեղ։
channel-not-found = Չեմ գտնում { $ref }-ը։ Ավելացրեք ինձ ալիք որպես ադմինիստրատոր, ապա կրկին փորձեք։
channel-unnamed = ալիքը
channel-make-me-admin = Դարձրեք ինձ { $channel }-ի ադմինիստրատոր՝ հաղորդագրություններ հրապարակելու իրավունքով, ապա կրկին ուղարկեք /connect։
channel-only-admins = { $channel }-ը կարող են միացնել միայն նրա ադմինիստրատորները։ Ոչինչ չի փոխվել։
channel-connected = { $channel } ալիքը միացված է։
channel-connected-follow = Ընտրեք, թե ինչ է այն ստանում՝ `/follow { $handle } TAGS`։
channel-connected-tags = Տեսեք, թե ինչին է հետևում՝ `/tags { $handle }`, իսկ ձեր միացրած բոլոր ալիքները՝ /channels-ով։
channel-disconnect-which = Ո՞ր ալիքը։ Օրինակ՝ /disconnect @mychannel (ձեր միացրածները՝ /channels-ում)։
channel-not-connected = Դուք չեք միացրել { $ref }-ը։ Ձեր միացրածները՝ /channels-ում։
channel-disconnected = Այլևս չեք կառավարում { $ref }-ը այստեղից։ Այն շարունակում է ստանալ իր հետևածը. դա դադարեցնելու համար հեռացրեք ինձ ալիքից։
channel-none = Դուք ալիք չեք միացրել։ Ավելացրեք ինձ ձեր ալիք որպես ադմին, ապա ուղարկեք այստեղ /connect @yourchannel։
channel-list-heading = Ձեր միացրած ալիքները՝
channel-connect-first = Դուք չեք միացրել { $ref }-ը։ Նախ ուղարկեք /connect { $ref } (պետք է լինեք նրա ադմինիստրատորներից մեկը)։
channel-no-longer-admin = Դուք այլևս { $channel }-ի ադմինիստրատոր չեք, ուստի չեք կարող փոխել նրա հետևումներն ու ժամանակացույցը։
channel-lead = Ալիք
channel-connect-which = Ո՞ր ալիքը։ Ավելացրեք ինձ այնտեղ որպես ադմինիստրատոր, ապա ուղարկեք /connect @yourchannel (կամ փոխանցեք ինձ նրա հրապարակումներից մեկը)։
private-only = /{ $command }-ն աշխատում է անձնական զրույցում. բացեք @{ $bot }-ը և ուղարկեք այնտեղ։
guided-edit-next = Կամ հաջորդ հաղորդագրությամբ ուղարկեք միայն փոխվող տողերը (title: …, tags: …, ապա դատարկ տող և նոր տեքստը)։ /cancel՝ դադարեցնել։
guided-ask-title = Հրապարակենք հոդված։ Ուղարկեք դրա վերնագիրը (կամ /cancel)։
guided-ask-tags = Այժմ պիտակները՝ ստորակետով (Armenia, CSTO) կամ հեշթեգներով (#Armenia #CSTO)։
guided-ask-body = Այժմ հոդվածի տեքստը։ Կարող եք սկսել «url: https://…», «source: …» կամ «date: 2024-05-01» տողերով։
guided-cancelled = Չեղարկված է։ Ոչինչ չի հրապարակվել։
guided-nothing-to-cancel = Չեղարկելու բան չկա։
guided-empty = Դատարկ էր։ Կրկին փորձեք կամ /cancel։

## Discord. հրամանների ընտրանքներ և /channel (Discord-ը հայերեն տեղայնացում չունի. տե՛ս docs/languages.md)

discord-opt-tags = Պիտակ կամ մի քանիսը՝ ստորակետով
discord-opt-id = Հոդվածի id-ն (6 տառ և թվանշան՝ յուրաքանչյուր հոդվածի տակ)
discord-opt-digest-schedule = daily կամ weekly՝ մեկ հաղորդագրություն նոր հոդվածներով, off՝ կրկին մեկ առ մեկ
discord-opt-digest-day = Շաբաթական ամփոփման համար՝ օրը, երբ այն գալիս է
discord-opt-digest-time = Երբ է գալիս՝ ԺԺ:ՐՐ, օրինակ՝ 08:00, timezone-ով նշված գոտում
discord-opt-quiet-from = Լուռ ժամերի սկիզբը՝ ԺԺ:ՐՐ, օրինակ՝ 22:00, timezone-ով նշված գոտում
discord-opt-quiet-to = Լուռ ժամերի ավարտը, օրինակ՝ 07:00. պահված հոդվածները կգան այդ ժամանակ
discord-opt-quiet-off = True՝ այլևս լուռ ժամեր չկան (from-ը և to-ն անտեսվում են)
discord-opt-card-style = headline՝ վերնագիր, compact՝ վերնագիր և ամփոփում, full՝ վերնագիր և առաջին պարբերություններ
discord-opt-card-silent = on՝ քարտերն ու ամփոփագրերը գալիս են առանց ծանուցման, off՝ ծանուցմամբ
discord-opt-zone = IANA ժամային գոտի, օրինակ՝ Asia/Yerevan. մուտքագրեք քաղաք՝ ընտրելու համար
discord-opt-watch-query = Բառեր, որոնք պետք է բոլորը լինեն, «արտահայտություն», -բացառություն, #պիտակ
discord-opt-latest-tag = Միայն այս պիտակով հոդվածներ
discord-opt-search-query = Բառեր, «արտահայտություն», -բացառություն, #պիտակ, since:2024-01-01, until:2024-12-31
discord-opt-help-command = Բացատրելու հրամանը
discord-opt-rename-old = Պիտակն իր ներկայիս գրությամբ
discord-opt-rename-new = Նոր գրությունը
discord-opt-merge-old = Պիտակը, որը հեռանում է. նրա բաժանորդներն ու հոդվածները տեղափոխվում են
discord-opt-merge-new = Պիտակը, որը մնում է
discord-opt-alias = Այլ գրություն
discord-opt-alias-tag = Գոյություն ունեցող պիտակը, որը այն պետք է նշանակի
discord-channel-digest = Ուղարկել այս ալիքի հոդվածները օրական կամ շաբաթական մեկ ամփոփմամբ, ոչ թե մեկ առ մեկ
discord-channel-quiet = Այս ալիքի լուռ ժամերը. այդ ժամանակ հրապարակվածները կսպասեն մինչև դրանց ավարտը
discord-channel-timezone = Այս ալիքի ժամային գոտին՝ ամփոփման և լուռ ժամերի համար
discord-channel-card = Ինչպես են երևում այս ալիքի քարտերը (headline, compact կամ full) և արդյոք գալիս են անձայն
discord-channel-pause = Դադարեցնել այս ալիքի առաքումները (հետևումները պահպանվում են). /channel resume-ը կվերսկսի
discord-channel-resume = Վերսկսել այս ալիքի առաքումները /channel pause-ից հետո
discord-channel = Ինչին է հետևում այս ալիքը. այս պիտակներով հոդվածները հրապարակվում են այստեղ
discord-channel-follow = Հրապարակել այս պիտակներով հոդվածներն այս ալիքում
discord-opt-mention-role = Դեր, որը պետք է հիշատակել, երբ այս պիտակները հրապարակվում են այստեղ
discord-opt-target-channel = Ալիքը՝ այս մեկի փոխարեն. այստեղ ընտրեք ֆորում (յուրաքանչյուր հոդված կդառնա գրառում)
discord-channel-unfollow = Դադարել այս պիտակներով հոդվածներ հրապարակել այս ալիքում
discord-channel-list = Ինչին է հետևում այս ալիքը. վերսկսում է իրավունքների պատճառով դադարեցված առաքումները
discord-opt-language = en (անգլերեն), ru (ռուսերեն) կամ hy (հայերեն). առանց արժեքի՝ ցույց տալ ընթացիկը
button-share = Կիսվել
card-tags = Պիտակներ
discord-command-gone = /{ $command }-ն այլևս իմ հրամանը չէ։ Հնարավոր է՝ Discord-ը դեռ թարմացնում է ցանկը. փորձեք /help։
discord-note-follow = Այս հոդվածները ձեզ ուղարկում եմ անձնական հաղորդագրությամբ։ Ալիքում դրանք հրապարակելու համար մոդերատորը կարող է օգտվել /channel follow-ից։
discord-note-setting = Սա վերաբերում է անձնական հաղորդագրությամբ ձեզ ուղարկվող հոդվածներին։ Այս ալիքի առաքումների համար մոդերատորը կարող է օգտվել /channel { $command }-ից։
discord-channel-only = /channel-ն աշխատում է սերվերի ալիքում. այն որոշում է, թե ինչին է հետևում այդ ալիքը։ Ձեզ համար օգտվեք /follow-ից։
discord-subcommand-gone = /channel { $subcommand } այլևս չկա։ Հնարավոր է՝ Discord-ը դեռ թարմացնում է ցանկը. փորձեք /help։
discord-no-everyone = Ես չեմ հիշատակի @everyone-ը։ Ընտրեք դեր, որին կարող են միանալ այս պիտակներով հետաքրքրված անդամները։
discord-role-not-mentionable = Ուշադրություն. { $role } դերը հիշատակելի չէ, ուստի Discord-ը այն կծանուցի միայն, եթե իմ դերը կարող է հիշատակել բոլոր դերերը։ Միացրեք «Allow anyone to @mention this role»-ը դերի կարգավորումներում։
discord-nothing-to-share = Այստեղ կիսվելու բան չկա. գործարկեք հրամանը սերվերի ալիքում։
discord-shared-by = Կիսվեց { $user }-ը
discord-tag-followers = { $count } { $count ->
        [one] հետևորդ
       *[other] հետևորդ
    }
discord-dms-closed = Չկարողացա ձեզ անձնական հաղորդագրություն գրել, ուստի ձեր պիտակների առաքումներն անջատված են։ Դրանք կրկին ստանալու համար թույլատրեք անձնական հաղորդագրություններ ընդհանուր սերվերի անդամներից (սերվերի ընտրացանկ ▸ Privacy Settings ▸ Direct Messages), ապա գործարկեք /start։
discord-missing-access = Այս ալիքի առաքումները դադարեցված են. Discord-ն ասում է, որ ես չեմ տեսնում այս ալիքը։ Տվեք tagwire-ին View Channel, Send Messages և Embed Links իրավունքներն այստեղ (Edit Channel ▸ Permissions. թեմայում նաև Send Messages in Threads), ապա գործարկեք /channel list՝ վերսկսելու համար։
discord-missing-permissions = Այս ալիքի առաքումները դադարեցված են. Discord-ն ասում է, որ այս ալիքում ինձ իրավունք չի բավականացնում։ Տվեք tagwire-ին View Channel, Send Messages և Embed Links իրավունքներն այստեղ (Edit Channel ▸ Permissions. թեմայում նաև Send Messages in Threads), ապա գործարկեք /channel list՝ վերսկսելու համար։
discord-forbidden = Առաքումներն այստեղ դադարեցված են. Discord-ը մերժեց իմ հաղորդագրությունները։ Ստուգեք tagwire-ի իրավունքներն այս ալիքում, ապա գործարկեք /channel list՝ վերսկսելու համար։
discord-not-text-channel = Այս ալիքի առաքումները դադարեցված են. Discord-ն ասում է, որ այն հաղորդագրություններ չի ընդունում։ Եթե այն այժմ ֆորում է, կրկին գործարկեք /channel follow՝ channel պարամետրում ընտրելով ֆորումը (այդ դեպքում յուրաքանչյուր հոդված կդառնա գրառում), ապա /channel list՝ վերսկսելու համար։
discord-forum-tag-required = Այս ֆորումի առաքումները դադարեցված են. այն յուրաքանչյուր գրառման համար պիտակ է պահանջում, իսկ հետևվող պիտակների համար համապատասխան պիտակ չունի։ Ավելացրեք ֆորումի պիտակ՝ հետևվող պիտակներից մեկի անունով (կամ tagwire-ին տվեք «Կառավարել ալիքները» իրավունքը, որ ինքն ավելացնի), ապա գործարկեք /channel list՝ վերսկսելու համար։
modal-title = Հրապարակել հոդված
modal-field-title = Վերնագիր
modal-tags-hint = Ստորակետով
modal-field-source = Աղբյուր
modal-field-body = Տեքստ
modal-body-hint = Հոդվածի տեքստը. դրանից է կազմվում ամփոփագիրը։
modal-edit-title = Ուղղել { $id }
modal-edit-body-hint = Դրա քարտերը խմբագրվում են ամենուր, ուր առաքվել են։
modal-edit-body-long = Ավելի երկար է, քան տեղավորում է դաշտը. դատարկ թողնելու դեպքում տեքստը չի փոխվի։

## Պիտակներ

err-tag-control = Պիտակը չի կարող կառավարող նիշեր պարունակել։
err-tag-empty = Պիտակը չի կարող դատարկ լինել։
err-tag-too-long = Պիտակը կարող է լինել առավելագույնը { $max } նիշ. «{ $start }…»-ում դրանք { $length } են։
err-tag-mixed = «{ $word }» բառում { $odd ->
        [Cyrillic] կյուրեղյան
        [Armenian] հայկական
       *[Latin] լատինական
    } տառերը ({ $letters }) խառնված են { $main ->
        [Cyrillic] կյուրեղյան
        [Armenian] հայկական
       *[Latin] լատինական
    } բառի մեջ. մուտքագրեք այն մեկ այբուբենով։
err-tag-mixed-two = «{ $word }» բառում { $odd ->
        [Cyrillic] կյուրեղյան
        [Armenian] հայկական
       *[Latin] լատինական
    } տառերը ({ $letters }) և { $odd2 ->
        [Cyrillic] կյուրեղյան
        [Armenian] հայկական
       *[Latin] լատինական
    } տառերը ({ $letters2 }) խառնված են { $main ->
        [Cyrillic] կյուրեղյան
        [Armenian] հայկական
       *[Latin] լատինական
    } բառի մեջ. մուտքագրեք այն մեկ այբուբենով։

## Որոնումներին հետևելը. սխալներ

err-saved-search-too-long = Որոնումը չափազանց երկար է ({ $length } նիշ). այն պետք է լինի { $max }-ից կարճ։
err-saved-search-filters = Որոնմանը հետևելը վերաբերում է գալիք հոդվածներին, ուստի since:, until:, lang: կամ sort: չի ընդունում։
err-saved-search-which = Ո՞ր բառերը։ Նշեք որոնելու բառերը կամ «արտահայտությունները». -բառը բացառում է այդ բառով հոդվածները։
err-mute-which = Ո՞ր բառերը։ Լռեցնելու բառերը կամ արտահայտությունները դրեք չակերտների մեջ։
err-saved-search-limit = Զրույցը կարող է պահել առավելագույնը { $max } որոնում և լռեցված բառ միասին. այստեղ դրանք { $count } են։ Նախ հեռացրեք մեկը (/unwatch QUERY, /unmute "WORDS"). /tags-ը ցույց կտա դրանք։

## /weblogin: sign-in links to the newsroom (docs/newsroom.md)

cmd-weblogin = Խմբագրության վեբ էջ մուտք գործելու միանգամյա հղում (ադմիններ)
weblogin-heading = Մուտք խմբագրություն
weblogin-link = Խմբագրություն մուտք գործելու ձեր հղումը, որը գործում է { $minutes } րոպե և կարելի է բացել մեկ անգամ։
weblogin-keep = Մի՛ փոխանցեք այն ոչ մեկին. ով առաջինը բացի այն, կմտնի ձեր անունից։
weblogin-private = Մուտքի հղում խնդրեք ինձ հետ անձնական զրույցում. խմբում այն կարող էր բացել ցանկացածը։
weblogin-off = Խմբագրությունն անջատված է. սերվերում պետք է նշված լինի HTTP_PORT-ը։
