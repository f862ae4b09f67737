// What a finding means, in plain words for voters and observers: Kazakh, Russian and English.
// A finding's own message names the file, the figures and the rule (the detail, in English);
// these words say what went wrong and why it matters, without the jargon. Keyed by rule id; a
// rule with no entry speaks through its message alone.
//
// Today: the e-vote record's rules (verify/evote_check.h). The results site says the same of a
// refused protocol in web/results/i18n.js ("why_…").
#pragma once

#include <string_view>

namespace ashyq::verify {

struct PlainWords {
  std::string_view kk, ru, en;
};

// The plain words for `rule` ("R-C4.challenge"), or nullptr when it has none.
const PlainWords* PlainWordsFor(std::string_view rule);

}  // namespace ashyq::verify
