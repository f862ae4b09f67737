#include "verify/finding_words.h"

#include <utility>

namespace ashyq::verify {
namespace {

// Shared by rules that mean the same to a reader.
constexpr PlainWords kBallotForm = {
    "Электрондық бюллетень осы сайлау бюллетенінің нысанына сай емес.",
    "Электронный бюллетень составлен не по форме бюллетеня этих выборов.",
    "An electronic ballot is not in the form of this election's ballot."};
constexpr PlainWords kBallotProof = {
    "Электрондық бюллетеньде дәл бір жарамды таңдау бар екенінің дәлелі расталмайды: бұл бюллетень "
    "екі рет немесе ешкімге есептелмеуі мүмкін.",
    "Доказательство того, что в электронном бюллетене ровно один допустимый выбор, не сходится: такой "
    "бюллетень мог бы засчитаться дважды или никому.",
    "An electronic ballot's proof that it holds exactly one valid choice does not check: such a ballot "
    "could count twice, or for no one."};
constexpr PlainWords kDecryptionProof = {
    "Электрондық дауыс беру қорытындысының шифрын ашуды сайлау кілтін сақтаушылардың жеткілікті саны "
    "дәлелдемеген.",
    "Расшифровка итогов электронного голосования не доказана достаточным числом хранителей ключа "
    "выборов.",
    "The decryption of an electronic tally is not proven by enough of the guardians who hold the election "
    "key."};
constexpr PlainWords kGuardianKey = {
    "Кілт сақтаушылардың бірінің сайлау кілтіндегі үлесі дәлелденбеген.",
    "Доля одного из хранителей в ключе выборов не доказана.",
    "A guardian's part of the election key is not proven."};

constexpr std::pair<std::string_view, PlainWords> kWords[] = {
    {"R-C4.evote-missing",
     {"Электрондық дауыстар есептелген, бірақ электрондық бюллетеньдердің жазбасы жарияланбаған: олардың "
      "сайлаушылар таңдағандай берілгенін және есептелгенін ешкім тексере алмайды.",
      "Электронные голоса учтены, но запись электронных бюллетеней не опубликована: никто не может "
      "проверить, что они поданы и посчитаны так, как выбрали избиратели.",
      "Electronic votes are counted, but the record of the electronic ballots is not published: nobody can "
      "check that they were cast and counted as the voters chose."}},
    {"R-C4.evote-record",
     {"Электрондық бюллетеньдер жазбасының файлы тиісті орнында емес немесе тиісті түрде жасалмаған.",
      "Файл записи электронных бюллетеней лежит не на своём месте или составлен не так, как положено.",
      "A file of the electronic ballots' record is not where it should be, or not what it should be."}},
    {"R-C4.evote-setup",
     {"Электрондық дауыс беру баптауы (кілт сақтаушылардың кілттері, бюллетень, дауыс беру құрылғылары) "
      "Орталық сайлау комиссиясы осы сайлау үшін қол қойған баптау емес.",
      "Настройка электронного голосования (ключи хранителей, бюллетень, машины для голосования) — не та, "
      "которую Центральная избирательная комиссия подписала для этих выборов.",
      "The e-voting setup (the guardians' keys, the ballot, the voting machines) is not the one the Central "
      "Election Commission signed for this election."}},
    {"R-C4.ballot-signer",
     {"Электрондық бюллетеньге өз учаскесінің дауыс беру құрылғысы қол қоймаған.",
      "Электронный бюллетень не подписан машиной для голосования своего участка.",
      "An electronic ballot was not signed by the voting machine of its polling station."}},
    {"R-C4.ballot-format", kBallotForm},
    {"R-C4.ballot-style", kBallotForm},
    {"R-C3.ballot-time",
     {"Электрондық бюллетеньдегі уақыт сағаттан дәлірек көрсетілген: бұл кімнің қалай дауыс бергенін ашып "
      "қоюы мүмкін.",
      "Время на электронном бюллетене указано точнее часа: по нему можно узнать, кто как голосовал.",
      "An electronic ballot carries a time finer than the hour: it could tell who voted how."}},
    {"R-C4.tracking-code",
     {"Бюллетеньнің бақылау коды бюллетеньнің өзінен есептелген кодқа сәйкес келмейді.",
      "Код отслеживания бюллетеня не совпадает с кодом, вычисленным по самому бюллетеню.",
      "A ballot's tracking code is not the one computed from the ballot itself."}},
    {"R-C4.tracking-chain",
     {"Дауыс беру құрылғысының бақылау кодтары тізбегі үзілген: бюллетень алынып тасталған, қосылған немесе "
      "орны ауыстырылған.",
      "Цепочка кодов отслеживания машины для голосования нарушена: бюллетень удалён, добавлен или "
      "переставлен.",
      "A voting machine's chain of tracking codes is broken: a ballot was removed, added or moved."}},
    {"R-C4.selection", kBallotProof},
    {"R-C4.selection-proof", kBallotProof},
    {"R-C4.contest-sum", kBallotProof},
    {"R-C4.contest-sum-proof", kBallotProof},
    {"R-C4.challenge",
     {"Сайлаушы тексерген (даулаған) бюллетень экранда көрсетілген таңдауды ашпайды немесе құрылғының "
      "бюллетеньдерінің бірі емес: құрылғы сайлаушылардың таңдағанын шифрламауы мүмкін.",
      "Бюллетень, который избиратель проверил (оспорил), не раскрывается в выбор, показанный на экране, или "
      "не входит в бюллетени машины: машина, возможно, шифрует не то, что выбирают избиратели.",
      "A ballot a voter checked (challenged) does not open to the choice shown on the screen, or is not one "
      "of the machine's ballots: the machine may not encrypt what voters choose."}},
    {"R-C4.tally",
     {"Электрондық дауыс беру қорытындысы берілген бюллетеньдердің қосындысына тең емес (дауланған "
      "бюллетеньдер есептелмейді).",
      "Итог электронного голосования не равен сумме поданных бюллетеней (оспоренные бюллетени не "
      "считаются).",
      "An electronic tally is not the sum of the ballots cast (challenged ballots are never counted)."}},
    {"R-C4.decryption-share", kDecryptionProof},
    {"R-C4.quorum", kDecryptionProof},
    {"R-C4.decrypt",
     {"Жарияланған электрондық дауыстар саны дәлелденген шифр ашудың нәтижесіне сәйкес келмейді.",
      "Опубликованное число электронных голосов не совпадает с тем, что даёт доказанная расшифровка.",
      "A published count of electronic votes is not what the proven decryption gives."}},
    {"R-C4.evote-count",
     {"Учаскенің электрондық бюллетеньдері оның хаттамасындағы электрондық дауыстарға сәйкес келмейді.",
      "Электронные бюллетени участка не сходятся с электронными голосами в его протоколе.",
      "A polling station's electronic ballots do not match the electronic votes in its protocol."}},
    {"R-C3.guardian-commitment", kGuardianKey},
    {"R-C3.guardian-share", kGuardianKey},
};

}  // namespace

const PlainWords* PlainWordsFor(std::string_view rule) {
  for (const auto& [id, words] : kWords) {
    if (id == rule) return &words;
  }
  return nullptr;
}

}  // namespace ashyq::verify
