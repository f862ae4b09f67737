// A small election for the register's tests: two regions, five stations, their boundaries, and
// an extract builder that writes valid national ids.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/election_definition.h"
#include "registry/national_id.h"

namespace ashyq::registry::testing {

inline ElectionDefinition SmallDefinition() {
  ElectionDefinition d;
  d.election_id = "test-register";
  d.election_day = "2019-06-09";
  d.regions = {{"almaty-city", {"Алматы", "Алматы", "Almaty"}}, {"akmola", {"Ақмола", "Акмола", "Akmola"}}};
  auto station = [](std::string id, int64_t number, std::string region) {
    PollingStation s;
    s.id = std::move(id);
    s.number = number;
    s.commission = "pec-" + s.id.substr(3);
    s.region = std::move(region);
    return s;
  };
  d.polling_stations = {station("ps-almaty-city-0001", 1, "almaty-city"),   // Абай даңғылы odd 1-45
                        station("ps-almaty-city-0002", 2, "almaty-city"),   // Абай даңғылы odd 47-
                        station("ps-almaty-city-0003", 3, "almaty-city"),   // Абай даңғылы even; rest of Алматы
                        station("ps-akmola-0001", 1, "akmola"),             // Қараөзек, whole village
                        station("ps-akmola-0002", 2, "akmola")};            // no voters
  return d;
}

inline constexpr std::string_view kBoundaries =
    "station,region,settlement,street,first,last,parity\n"
    "ps-almaty-city-0001,almaty-city,Алматы,Абай даңғылы,1,45,odd\n"
    "ps-almaty-city-0002,almaty-city,Алматы,Абай даңғылы,47,,odd\n"
    "ps-almaty-city-0003,almaty-city,Алматы,Абай даңғылы,,,even\n"
    "ps-almaty-city-0003,almaty-city,Алматы,,,,\n"
    "ps-akmola-0001,akmola,Қараөзек,,,,\n";

inline constexpr std::string_view kExtractHeader =
    "national_id,surname,given_name,patronymic,birth_date,region,settlement,street,house,apartment\n";

// "YYYY-MM-DD" of a YYYYMMDD date.
inline std::string Iso(int32_t d) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
  return text;
}

// One extract line (without its line end) for a person born on `birth`, serial `serial`.
inline std::string Person(uint32_t serial, int32_t birth, std::string_view surname, std::string_view given,
                          std::string_view address_fields) {
  return FormatNationalId(MakeNationalId(birth, serial % 2 == 1, serial)) + "," + std::string(surname) + "," +
         std::string(given) + ",," + Iso(birth) + "," + std::string(address_fields);
}

}  // namespace ashyq::registry::testing
