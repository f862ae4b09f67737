// Word lists the generator draws from: personal names (Kazakh and Russian, both sexes, in
// Cyrillic as they appear on protocols), district and village names, streets and polling-station
// venues (in English, Russian and Kazakh) and employers. Plain data; the choice among them is
// the generator's.
#pragma once

#include <span>
#include <string_view>

namespace ashyq::sim::names {

struct Gendered {
  std::string_view male;
  std::string_view female;
};

// Kazakh names.
std::span<const std::string_view> KazakhMaleFirst();
std::span<const std::string_view> KazakhFemaleFirst();
std::span<const Gendered> KazakhSurnames();
std::span<const Gendered> KazakhPatronymics();  // Russian-style (-ович) and Kazakh (-ұлы/-қызы)

// Russian (and other Slavic, German, Korean) names.
std::span<const std::string_view> RussianMaleFirst();
std::span<const std::string_view> RussianFemaleFirst();
std::span<const Gendered> RussianSurnames();
std::span<const Gendered> RussianPatronymics();

// A rural district: the TEC's name in three languages and its centre.
struct District {
  std::string_view en;  // "Zerendi"
  std::string_view ru;  // "Зерендинский"
  std::string_view kk;  // "Зеренді"
};
std::span<const District> Districts();

// A place, street or venue as an address writes it in each language: "Abai Street",
// "улица Абая", "Абай көшесі".
struct Words {
  std::string_view en;
  std::string_view ru;
  std::string_view kk;
};
std::span<const Words> Villages();

std::span<const Words> UrbanStreets();
std::span<const Words> RuralStreets();

// Venues: "%" is replaced by a number ("School No. %", "Школа №%", "№% мектеп").
std::span<const Words> UrbanVenues();
std::span<const Words> RuralVenues();

// Employers of commission members besides the venue's own staff; "%" as above, "@" by the
// town or district.
std::span<const std::string_view> UrbanEmployers();
std::span<const std::string_view> RuralEmployers();
std::span<const std::string_view> SeniorEmployers();  // CEC, REC and TEC members

}  // namespace ashyq::sim::names
