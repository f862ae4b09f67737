#include "sim/name_lists.h"

#include <array>

namespace ashyq::sim::names {
namespace {

using SV = std::string_view;

constexpr std::array kKazakhMale = {
    SV("Асхат"),   SV("Айдар"),   SV("Арман"),     SV("Асқар"),   SV("Бауыржан"), SV("Берик"),
    SV("Болат"),   SV("Даулет"),  SV("Дәурен"),    SV("Ерлан"),   SV("Ержан"),    SV("Жандос"),
    SV("Жанибек"), SV("Кайрат"),  SV("Марат"),     SV("Мурат"),   SV("Нурлан"),   SV("Серик"),
    SV("Талгат"),  SV("Тимур"),   SV("Ермек"),     SV("Мейрам"),  SV("Габит"),    SV("Самат"),
    SV("Азамат"),  SV("Алмас"),   SV("Канат"),     SV("Максат"),  SV("Амангельды"), SV("Жумабек"),
    SV("Ильяс"),   SV("Бахытжан"), SV("Нуржан"),   SV("Ерболат"), SV("Санжар"),   SV("Еркебулан")};

constexpr std::array kKazakhFemale = {
    SV("Айгуль"),  SV("Айжан"),  SV("Айнур"),   SV("Алия"),     SV("Асель"),   SV("Акмарал"),
    SV("Бахыт"),   SV("Гульмира"), SV("Гульнара"), SV("Гульзат"), SV("Динара"),  SV("Жанар"),
    SV("Жанна"),   SV("Зарина"), SV("Карлыгаш"), SV("Лаура"),   SV("Мадина"),  SV("Меруерт"),
    SV("Назгуль"), SV("Райхан"), SV("Раушан"),  SV("Роза"),     SV("Салтанат"), SV("Сауле"),
    SV("Толкын"),  SV("Умит"),   SV("Шынар"),   SV("Эльмира"),  SV("Айгерим"), SV("Жазира"),
    SV("Куралай"), SV("Сандугаш"), SV("Гаухар"), SV("Әсем"),    SV("Ботагоз"), SV("Маржан")};

constexpr Gendered kKazakhSurnames[] = {
    {"Абдрахманов", "Абдрахманова"}, {"Ахметов", "Ахметова"},     {"Байжанов", "Байжанова"},
    {"Бекмухамбетов", "Бекмухамбетова"}, {"Даулетов", "Даулетова"}, {"Жакупов", "Жакупова"},
    {"Жумабаев", "Жумабаева"},       {"Исабеков", "Исабекова"},   {"Искаков", "Искакова"},
    {"Касымов", "Касымова"},         {"Кенжебеков", "Кенжебекова"}, {"Муканов", "Муканова"},
    {"Нурпеисов", "Нурпеисова"},     {"Оспанов", "Оспанова"},     {"Омаров", "Омарова"},
    {"Садыков", "Садыкова"},         {"Сарсенбаев", "Сарсенбаева"}, {"Сейтказиев", "Сейтказиева"},
    {"Султанов", "Султанова"},       {"Тулегенов", "Тулегенова"}, {"Утешев", "Утешева"},
    {"Шарипов", "Шарипова"},         {"Есенов", "Есенова"},       {"Ермеков", "Ермекова"},
    {"Абенов", "Абенова"},           {"Бейсенов", "Бейсенова"},   {"Жунусов", "Жунусова"},
    {"Калиев", "Калиева"},           {"Мамыров", "Мамырова"},     {"Нуркенов", "Нуркенова"},
    {"Рахимов", "Рахимова"},         {"Смагулов", "Смагулова"},   {"Тажибаев", "Тажибаева"},
    {"Туребеков", "Туребекова"},     {"Алимжанов", "Алимжанова"}, {"Байменов", "Байменова"},
    {"Джаксыбеков", "Джаксыбекова"}, {"Қасенов", "Қасенова"},     {"Әбдіқадыров", "Әбдіқадырова"},
    {"Серікбаев", "Серікбаева"},
};

constexpr Gendered kKazakhPatronymics[] = {
    {"Серикович", "Сериковна"},       {"Нурланович", "Нурлановна"},   {"Болатович", "Болатовна"},
    {"Маратович", "Маратовна"},       {"Ерланович", "Ерлановна"},     {"Кайратович", "Кайратовна"},
    {"Муратович", "Муратовна"},       {"Амангельдиевич", "Амангельдиевна"},
    {"Жумабекович", "Жумабековна"},   {"Кенжебаевич", "Кенжебаевна"}, {"Бахытжанович", "Бахытжановна"},
    {"Абаевич", "Абаевна"},           {"Сагынбекович", "Сагынбековна"}, {"Толеуович", "Толеуовна"},
    {"Ермекович", "Ермековна"},       {"Канатович", "Канатовна"},     {"Серікұлы", "Серікқызы"},
    {"Болатұлы", "Болатқызы"},        {"Нұрланұлы", "Нұрланқызы"},    {"Қайратұлы", "Қайратқызы"},
    {"Мұратұлы", "Мұратқызы"},        {"Ержанұлы", "Ержанқызы"},
};

constexpr std::array kRussianMale = {
    SV("Александр"), SV("Сергей"), SV("Андрей"),  SV("Владимир"), SV("Дмитрий"), SV("Николай"),
    SV("Виктор"),    SV("Юрий"),   SV("Игорь"),   SV("Олег"),     SV("Евгений"), SV("Михаил"),
    SV("Алексей"),   SV("Павел"),  SV("Геннадий"), SV("Валерий"), SV("Константин"), SV("Вячеслав")};

constexpr std::array kRussianFemale = {
    SV("Елена"),   SV("Ольга"),    SV("Наталья"),  SV("Татьяна"), SV("Ирина"),   SV("Светлана"),
    SV("Людмила"), SV("Галина"),   SV("Марина"),   SV("Надежда"), SV("Валентина"), SV("Любовь"),
    SV("Оксана"),  SV("Анна"),     SV("Юлия"),     SV("Екатерина"), SV("Лариса"), SV("Вера")};

constexpr Gendered kRussianSurnames[] = {
    {"Иванов", "Иванова"},     {"Петров", "Петрова"},     {"Смирнов", "Смирнова"},
    {"Кузнецов", "Кузнецова"}, {"Попов", "Попова"},       {"Васильев", "Васильева"},
    {"Соколов", "Соколова"},   {"Михайлов", "Михайлова"}, {"Новиков", "Новикова"},
    {"Федоров", "Федорова"},   {"Морозов", "Морозова"},   {"Волков", "Волкова"},
    {"Алексеев", "Алексеева"}, {"Лебедев", "Лебедева"},   {"Семенов", "Семенова"},
    {"Егоров", "Егорова"},     {"Павлов", "Павлова"},     {"Козлов", "Козлова"},
    {"Степанов", "Степанова"}, {"Николаев", "Николаева"}, {"Орлов", "Орлова"},
    {"Андреев", "Андреева"},   {"Макаров", "Макарова"},   {"Захаров", "Захарова"},
    {"Зайцев", "Зайцева"},     {"Соловьев", "Соловьева"}, {"Борисов", "Борисова"},
    {"Яковлев", "Яковлева"},   {"Григорьев", "Григорьева"}, {"Романов", "Романова"},
    // Ukrainian, German and Korean families of Kazakhstan: one form for both sexes.
    {"Коваленко", "Коваленко"}, {"Шевченко", "Шевченко"}, {"Бондаренко", "Бондаренко"},
    {"Кравченко", "Кравченко"}, {"Шмидт", "Шмидт"},       {"Вагнер", "Вагнер"},
    {"Ким", "Ким"},             {"Пак", "Пак"},           {"Цой", "Цой"},
    {"Ли", "Ли"},
};

constexpr Gendered kRussianPatronymics[] = {
    {"Александрович", "Александровна"}, {"Сергеевич", "Сергеевна"},
    {"Викторович", "Викторовна"},       {"Николаевич", "Николаевна"},
    {"Владимирович", "Владимировна"},   {"Иванович", "Ивановна"},
    {"Петрович", "Петровна"},           {"Юрьевич", "Юрьевна"},
    {"Геннадьевич", "Геннадьевна"},     {"Анатольевич", "Анатольевна"},
    {"Васильевич", "Васильевна"},       {"Михайлович", "Михайловна"},
    {"Алексеевич", "Алексеевна"},       {"Борисович", "Борисовна"},
    {"Григорьевич", "Григорьевна"},     {"Федорович", "Федоровна"},
};

constexpr District kDistricts[] = {
    {"Abai", "Абайский", "Абай"},               {"Akkol", "Аккольский", "Ақкөл"},
    {"Alakol", "Алакольский", "Алакөл"},         {"Aral", "Аральский", "Арал"},
    {"Arshaly", "Аршалынский", "Аршалы"},        {"Atbasar", "Атбасарский", "Атбасар"},
    {"Ayagoz", "Аягозский", "Аягөз"},            {"Baizak", "Байзакский", "Байзақ"},
    {"Bayanaul", "Баянаульский", "Баянауыл"},    {"Beineu", "Бейнеуский", "Бейнеу"},
    {"Burabay", "Бурабайский", "Бурабай"},       {"Burlin", "Бурлинский", "Бөрлі"},
    {"Enbekshikazakh", "Енбекшиказахский", "Еңбекшіқазақ"}, {"Esil", "Есильский", "Есіл"},
    {"Irtysh", "Иртышский", "Ертіс"},            {"Karasay", "Карасайский", "Қарасай"},
    {"Karatal", "Каратальский", "Қаратал"},      {"Karkaraly", "Каркаралинский", "Қарқаралы"},
    {"Kazaly", "Казалинский", "Қазалы"},         {"Kerbulak", "Кербулакский", "Кербұлақ"},
    {"Khromtau", "Хромтауский", "Хромтау"},      {"Kordai", "Кордайский", "Қордай"},
    {"Kurchum", "Курчумский", "Күршім"},         {"Makhambet", "Махамбетский", "Махамбет"},
    {"Maktaaral", "Мактааральский", "Мақтаарал"}, {"Merke", "Меркенский", "Меркі"},
    {"Mugalzhar", "Мугалжарский", "Мұғалжар"},   {"Nura", "Нуринский", "Нұра"},
    {"Osakarovka", "Осакаровский", "Осакаров"},  {"Otyrar", "Отрарский", "Отырар"},
    {"Panfilov", "Панфиловский", "Панфилов"},    {"Sairam", "Сайрамский", "Сайрам"},
    {"Sarysu", "Сарысуский", "Сарысу"},          {"Shieli", "Шиелийский", "Шиелі"},
    {"Shu", "Шуский", "Шу"},                     {"Talgar", "Талгарский", "Талғар"},
    {"Tarbagatai", "Тарбагатайский", "Тарбағатай"}, {"Temir", "Темирский", "Темір"},
    {"Terekti", "Теректинский", "Теректі"},      {"Tolebi", "Толебийский", "Төле би"},
    {"Tupkaragan", "Тупкараганский", "Түпқараған"}, {"Ulan", "Уланский", "Ұлан"},
    {"Urzhar", "Урджарский", "Үржар"},           {"Zhanakorgan", "Жанакорганский", "Жаңақорған"},
    {"Zhalagash", "Жалагашский", "Жалағаш"},     {"Zhambyl", "Жамбылский", "Жамбыл"},
    {"Zharkain", "Жаркаинский", "Жарқайың"},     {"Zhaksy", "Жаксынский", "Жақсы"},
    {"Zerendi", "Зерендинский", "Зеренді"},      {"Mamlyut", "Мамлютский", "Мамлют"},
    {"Taiynsha", "Тайыншинский", "Тайынша"},     {"Auliekol", "Аулиекольский", "Әулиекөл"},
    {"Mendykara", "Мендыкаринский", "Меңдіқара"}, {"Fyodorovka", "Федоровский", "Федоров"},
    {"Shet", "Шетский", "Шет"},                  {"Ulytau", "Улытауский", "Ұлытау"},
    {"Inder", "Индерский", "Индер"},             {"Kyzylkoga", "Кызылкогинский", "Қызылқоға"},
    {"Akzhaik", "Акжаикский", "Ақжайық"},         {"Zhanibek", "Жанибекский", "Жәнібек"},
    {"Irgiz", "Иргизский", "Ырғыз"},             {"Shalkar", "Шалкарский", "Шалқар"},
    {"Sozak", "Созакский", "Созақ"},             {"Kazygurt", "Казыгуртский", "Қазығұрт"},
};

constexpr std::array kVillages = {
    SV("Akbulak"),  SV("Karabulak"), SV("Koktal"),    SV("Bereke"),    SV("Tasbulak"),  SV("Aksai"),
    SV("Yntymak"),  SV("Kainar"),    SV("Shubar"),    SV("Kaskasu"),   SV("Birlik"),    SV("Kokterek"),
    SV("Zhanaturmys"), SV("Karaoi"), SV("Kenes"),     SV("Sarykol"),   SV("Kyzyltu"),   SV("Zhanatalap"),
    SV("Novoalekseevka"), SV("Petrovka"), SV("Ivanovka"), SV("Krasnoyarka"), SV("Pokrovka"),
    SV("Zarechnoe"), SV("Mirnoe"),   SV("Sadovoe"),   SV("Stepnoe"),   SV("Priozernoe"),
    SV("Kamenka"),  SV("Berezovka"), SV("Uspenka"),   SV("Akshi"),     SV("Tugusken"),  SV("Karatobe"),
    SV("Saryagash"), SV("Egindybulak"), SV("Zhalpaktal"), SV("Koktobe"), SV("Taskala"), SV("Akzhar")};

constexpr std::array kUrbanStreets = {
    SV("Abai St"),        SV("Dostyk Ave"),     SV("Tole Bi St"),      SV("Kabanbay Batyr St"),
    SV("Zheltoksan St"),  SV("Satpayev St"),    SV("Momyshuly St"),    SV("Auezov St"),
    SV("Gogol St"),       SV("Pushkin St"),     SV("Seifullin Ave"),   SV("Zhambyl St"),
    SV("Baitursynov St"), SV("Nauryzbay Batyr St"), SV("Raiymbek Ave"), SV("Kunayev St"),
    SV("Respublika Ave"), SV("Mira St"),        SV("Tauelsizdik Ave"), SV("Gagarin St"),
    SV("Zhibek Zholy St"), SV("Bukhar Zhyrau Ave"), SV("Ermekov St"),  SV("Makhambet St"),
    SV("Kenesary St"),    SV("Beibitshilik St"), SV("Amangeldy St"),   SV("Valikhanov St"),
    SV("Ablai Khan Ave"), SV("Turgenev St"),    SV("Chekhov St"),      SV("Lermontov St"),
    SV("Bogenbay Batyr St"), SV("Suyunbay Ave"), SV("Tolstoy St"),     SV("Mametova St")};

constexpr std::array kRuralStreets = {
    SV("Abai St"),   SV("Central St"), SV("School St"), SV("Mektep St"), SV("Ortalyk St"),
    SV("Zhastar St"), SV("Bereke St"), SV("Birlik St"), SV("Steppe St"), SV("Lenin St"),
    SV("Sovetskaya St"), SV("Kunayev St"), SV("Amangeldy St"), SV("Tauelsizdik St")};

constexpr std::array kUrbanVenues = {
    SV("School No. %"), SV("School No. %"), SV("School No. %"), SV("School No. %"),
    SV("Gymnasium No. %"), SV("Lyceum No. %"), SV("School-Lyceum No. %"),
    SV("College No. %"), SV("House of Culture No. %"), SV("Kindergarten No. %")};

constexpr std::array kRuralVenues = {
    SV("Secondary School"), SV("Secondary School"), SV("Secondary School"),
    SV("Primary School"), SV("House of Culture"), SV("Rural Club"),
    SV("Rural Akimat Building"), SV("Medical Post")};

constexpr std::array kUrbanEmployers = {
    SV("School No. %, @"),        SV("Polyclinic No. %, @"),     SV("Kindergarten No. %, @"),
    SV("Akimat of @"),            SV("KazPost, @ branch"),       SV("Kazakhtelecom, @"),
    SV("City Hospital No. %, @"), SV("Public Service Centre, @"), SV("Tax Department, @"),
    SV("Social Protection Department, @"), SV("Halyk Bank, @ branch"), SV("Kazakhstan Temir Zholy, @"),
    SV("College No. %, @"),       SV("Housing Maintenance Company No. %, @"), SV("Retired"),
    SV("Self-employed"),          SV("Regional Power Grid Company, @"), SV("Water Utility, @")};

constexpr std::array kRuralEmployers = {
    SV("Akimat of the rural district, @"), SV("Central District Hospital, @"),
    SV("KazPost, @ branch"),      SV("Agricultural Cooperative, @"), SV("Farm, @"),
    SV("Medical Post, @"),        SV("District Department of Education, @"),
    SV("House of Culture, @"),    SV("Retired"),  SV("Kazakhtelecom, @"),
    SV("Veterinary Station, @"),  SV("District Library, @")};

constexpr std::array kSeniorEmployers = {
    SV("Akimat of @"),                 SV("Maslikhat of @"),
    SV("Department of Justice, @"),    SV("Department of Education, @"),
    SV("State University, @"),         SV("Bar Association, @"),
    SV("Central Hospital, @"),         SV("Department of Statistics, @"),
    SV("Retired"),                     SV("Union of Lawyers, @"),
    SV("Department of Internal Policy, @"), SV("Kazakhtelecom, @")};

}  // namespace

std::span<const std::string_view> KazakhMaleFirst() { return kKazakhMale; }
std::span<const std::string_view> KazakhFemaleFirst() { return kKazakhFemale; }
std::span<const Gendered> KazakhSurnames() { return kKazakhSurnames; }
std::span<const Gendered> KazakhPatronymics() { return kKazakhPatronymics; }
std::span<const std::string_view> RussianMaleFirst() { return kRussianMale; }
std::span<const std::string_view> RussianFemaleFirst() { return kRussianFemale; }
std::span<const Gendered> RussianSurnames() { return kRussianSurnames; }
std::span<const Gendered> RussianPatronymics() { return kRussianPatronymics; }
std::span<const District> Districts() { return kDistricts; }
std::span<const std::string_view> Villages() { return kVillages; }
std::span<const std::string_view> UrbanStreets() { return kUrbanStreets; }
std::span<const std::string_view> RuralStreets() { return kRuralStreets; }
std::span<const std::string_view> UrbanVenues() { return kUrbanVenues; }
std::span<const std::string_view> RuralVenues() { return kRuralVenues; }
std::span<const std::string_view> UrbanEmployers() { return kUrbanEmployers; }
std::span<const std::string_view> RuralEmployers() { return kRuralEmployers; }
std::span<const std::string_view> SeniorEmployers() { return kSeniorEmployers; }

}  // namespace ashyq::sim::names
