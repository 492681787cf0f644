/**
 * Words that carry no topic, folded as tokens are (src/domain/tokenize.ts): dropped from
 * free-text queries, term vectors and feedback terms. English (with the wire-service words
 * of Reuters-style copy), Russian (the Snowball stop list, which PostgreSQL's `russian`
 * configuration uses too) and Armenian (function words: conjunctions, postpositions,
 * pronouns and the forms of "to be", in reformed spelling, `և` folded as `եւ`).
 */
const ENGLISH = `
a about above after again against all am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says say also may might must shall
mln pct dlrs inc corp co ltd reuter reuters vs cts shr net year years new one two three last first told per
`;

const RUSSIAN = `
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще
нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом
себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под
будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда
зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много
разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю
между
также заявил заявила сообщил сообщила
`;

const ARMENIAN = `
եւ ու որ է են եմ ես ենք եք էր էին էի էինք այս այդ այն մի մեջ համար հետ վրա մասին կողմից նաեւ իսկ բայց կամ թե
եթե ոչ չի չեն չէ նա նրանք նրա նրանց մենք դուք իր իրենց ըստ դեպի մինչեւ հետո առաջ որը որի որոնք ինչ ինչպես
արդեն դեռ էլ նույնպես այլ բոլոր շատ ավելի պետք կարող սակայն միայն որպես միջեւ դեմ տակ մոտ հանդեպ նշել նշեց
`;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  [ENGLISH, RUSSIAN, ARMENIAN].flatMap((list) => list.split(/\s+/u)).filter((w) => w !== ''),
);
