#include "station/protocol_copy_pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../sim/count_fixture.h"
#include "core/file_io.h"
#include "protocol/protocol_copy.h"
#include "protocol/protocol_json.h"
#include "protocol/protocol_signing.h"
#include "protocol/reconciliation.h"
#include "sim/count_signing.h"
#include "sim/count_simulator.h"
#include "sim/definition_generator.h"

namespace ashyq::station {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Runs a shell command, returning its standard output (nullopt when it exits non-zero).
std::optional<std::string> Shell(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

// A directory of its own for each test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ashyq-copy-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The tiny scenario's first station, counted and signed by its PEC.
class ProtocolCopyPdfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const sim::testing::GeneratedElection& g = sim::testing::Tiny();
    Result<protocol::ProtocolContext> context = protocol::ProtocolContext::Build(g.def, *g.tree, g.digest);
    ASSERT_TRUE(context.ok()) << context.error().ToString();
    context_ = new protocol::ProtocolContext(std::move(context).value());
    Result<sim::SimulatedCount> count = sim::SimulateCount(g.def, *g.tree, g.spec, g.digest, 11, {});
    ASSERT_TRUE(count.ok()) << count.error().ToString();
    Result<sim::SignedCount> signed_count = sim::SignCount(*count, *context_, sim::testing::CountKeyring(), 11);
    ASSERT_TRUE(signed_count.ok()) << signed_count.error().ToString();
    signed_ = new std::vector<crypto::SignedObject>(std::move(signed_count->protocols));
  }

  static const ElectionDefinition& Def() { return sim::testing::Tiny().def; }
  static const crypto::SignedObject& First() { return signed_->front(); }
  static protocol::PrecinctProtocol Read(const crypto::SignedObject& o) {
    std::vector<Error> problems;
    protocol::PrecinctProtocol p = protocol::ProtocolFromJson(o.payload(), &problems);
    EXPECT_TRUE(problems.empty());
    return p;
  }

  // Renders and writes `object`'s copy into dir/name.pdf; returns the path.
  std::string Print(const crypto::SignedObject& object, const std::string& name, CopyOptions options = {}) {
    Result<std::string> pdf = RenderProtocolCopy(object, Def(), options);
    EXPECT_TRUE(pdf.ok()) << pdf.error().ToString();
    if (!pdf.ok()) return "";
    const std::string path = dir_.path() + "/" + name + ".pdf";
    std::ofstream(path, std::ios::binary) << *pdf;
    return path;
  }

  static protocol::ProtocolContext* context_;
  static std::vector<crypto::SignedObject>* signed_;
  TempDir dir_;
};

protocol::ProtocolContext* ProtocolCopyPdfTest::context_ = nullptr;
std::vector<crypto::SignedObject>* ProtocolCopyPdfTest::signed_ = nullptr;

TEST_F(ProtocolCopyPdfTest, PdfHoldsTheStationFiguresSignersAndDigest) {
  Result<std::string> pdf = RenderProtocolCopy(First(), Def(), {});
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  EXPECT_THAT(*pdf, StartsWith("%PDF-"));
  const std::string path = Print(First(), "copy");
  std::optional<std::string> text = Shell("pdftotext -layout '" + path + "' -");
  ASSERT_TRUE(text.has_value());
  const protocol::PrecinctProtocol p = Read(First());
  EXPECT_THAT(*text, HasSubstr(p.station));
  EXPECT_THAT(*text, HasSubstr(p.commission));
  EXPECT_THAT(*text, HasSubstr(First().digest().Hex()));
  EXPECT_THAT(*text, HasSubstr("Версия 1"));
  for (const protocol::ContestCount& c : p.contests) {
    EXPECT_THAT(*text, HasSubstr(c.contest));
    for (const protocol::CountFigure& f : protocol::CountFigures()) {
      EXPECT_THAT(*text, HasSubstr(protocol::FormatCount(c.*f.field))) << f.key;
    }
    EXPECT_THAT(*text, HasSubstr(protocol::FormatCount(c.participants())));
    EXPECT_THAT(*text, HasSubstr(protocol::FormatCount(c.valid_votes())));
    for (const auto& [choice, votes] : c.votes) EXPECT_THAT(*text, HasSubstr(protocol::FormatCount(votes)));
  }
  // Every signer by name (Cyrillic) and short key.
  const Commission* pec = nullptr;
  for (const Commission& c : Def().commissions) {
    if (c.id == p.commission) pec = &c;
  }
  ASSERT_NE(pec, nullptr);
  for (const crypto::SignatureEntry& e : First().signatures()) {
    EXPECT_THAT(*text, HasSubstr(e.signer));
    EXPECT_THAT(*text, HasSubstr(e.public_key.Hex().substr(0, 16)));
    for (const CommissionMember& m : pec->members) {
      if (m.id == e.signer) {
        EXPECT_THAT(*text, HasSubstr(m.name));
      }
    }
  }
  // The typed form under the QR code.
  Result<protocol::CopyReference> ref = protocol::CopyReferenceFor(First());
  ASSERT_TRUE(ref.ok());
  const std::string typed = ref->ToTypedText();
  EXPECT_THAT(*text, HasSubstr(typed.substr(typed.find(" v") + 4)));
}

TEST_F(ProtocolCopyPdfTest, QrCodeScansToTheCopyReference) {
  const std::string path = Print(First(), "qr");
  ASSERT_TRUE(Shell("pdftoppm -r 150 -png -f 1 -l 1 -singlefile '" + path + "' '" + dir_.path() + "/page'").has_value());
  std::optional<std::string> scanned = Shell("zbarimg --quiet --raw '" + dir_.path() + "/page.png'");
  ASSERT_TRUE(scanned.has_value()) << "zbarimg found no code";
  Result<protocol::CopyReference> ref = protocol::CopyReferenceFor(First());
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(*scanned, ref->ToQrText() + "\n");
  Result<protocol::CopyReference> read = protocol::ParseCopyReference(*scanned);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->Matches(First().digest()));
}

TEST_F(ProtocolCopyPdfTest, CorrectionShowsTheVersionItReplacesAndWhy) {
  protocol::PrecinctProtocol p = Read(First());
  p.version = 2;
  p.correction.previous = First().digest().Hex();
  p.correction.reason = "Пересчёт: ошибка при переносе итогов";
  p.correction.decision = "tec-decision-17";
  std::vector<crypto::SigningKey> keys;
  std::vector<protocol::MemberKey> present;
  const size_t pec = context_->tree->FindCommission(p.commission);
  const auto& members = context_->tree->commission(pec).members;
  keys.reserve(members.size());
  for (const CommissionMember& m : members) {
    keys.push_back(sim::SimulatedKeyFor(sim::testing::CountKeyring(), m.id));
    present.push_back({m.id, &keys.back()});
  }
  Result<crypto::SignedObject> v2 = protocol::SignProtocol(p, *context_, present);
  ASSERT_TRUE(v2.ok()) << v2.error().ToString();
  const std::string path = Print(*v2, "v2");
  std::optional<std::string> text = Shell("pdftotext -layout '" + path + "' -");
  ASSERT_TRUE(text.has_value());
  EXPECT_THAT(*text, HasSubstr("Версия 2"));
  EXPECT_THAT(*text, HasSubstr("Исправляет версию 1"));
  EXPECT_THAT(*text, HasSubstr(First().digest().Hex()));  // the replaced version
  EXPECT_THAT(*text, HasSubstr(v2->digest().Hex()));      // this one
  EXPECT_THAT(*text, HasSubstr("Пересчёт: ошибка при переносе итогов"));
  EXPECT_THAT(*text, HasSubstr("tec-decision-17"));
  ASSERT_TRUE(Shell("pdftoppm -r 150 -png -f 1 -l 1 -singlefile '" + path + "' '" + dir_.path() + "/v2'").has_value());
  std::optional<std::string> scanned = Shell("zbarimg --quiet --raw '" + dir_.path() + "/v2.png'");
  ASSERT_TRUE(scanned.has_value());
  EXPECT_THAT(*scanned, HasSubstr(":2:" + v2->digest().Hex()));
}

TEST_F(ProtocolCopyPdfTest, LabelsInEachLanguage) {
  struct Case {
    const char* code;
    const char* label;
  };
  for (const Case& c : {Case{"en", "Registered voters"}, Case{"ru", "Избирателей в списках"},
                        Case{"kk", "Тізімге енгізілген сайлаушылар"}}) {
    Result<CopyLanguage> language = ParseCopyLanguage(c.code);
    ASSERT_TRUE(language.ok());
    const std::string path = Print(First(), c.code, CopyOptions{*language});
    std::optional<std::string> text = Shell("pdftotext -layout '" + path + "' -");
    ASSERT_TRUE(text.has_value());
    EXPECT_THAT(*text, HasSubstr(c.label)) << c.code;
  }
  EXPECT_FALSE(ParseCopyLanguage("de").ok());
}

// Issue 16: the address was printed in English on every copy. It is in the copy's language, as
// the commission's and region's names are (compared without spaces: a long address wraps).
TEST_F(ProtocolCopyPdfTest, AddressInTheCopysLanguage) {
  const protocol::PrecinctProtocol p = Read(First());
  const PollingStation* station = nullptr;
  for (const PollingStation& s : Def().polling_stations) {
    if (s.id == p.station) station = &s;
  }
  ASSERT_NE(station, nullptr);
  auto squeeze = [](std::string text) {
    std::erase_if(text, [](char ch) { return ch == ' ' || ch == '\n'; });
    return text;
  };
  const std::string in[] = {station->address.kk, station->address.ru, station->address.en};
  const char* codes[] = {"kk", "ru", "en"};
  for (size_t i = 0; i < 3; ++i) {
    Result<CopyLanguage> language = ParseCopyLanguage(codes[i]);
    ASSERT_TRUE(language.ok());
    const std::string path = Print(First(), std::string("address-") + codes[i], CopyOptions{*language});
    std::optional<std::string> text = Shell("pdftotext '" + path + "' -");
    ASSERT_TRUE(text.has_value());
    for (size_t j = 0; j < 3; ++j) {
      ASSERT_FALSE(in[j].empty());
      EXPECT_EQ(squeeze(*text).find(squeeze(in[j])) != std::string::npos, i == j) << codes[i] << ": " << in[j];
    }
  }
}

// Issue 16: the copy's shares were of valid votes but did not say so. Each share now sits under
// a heading that names its base, in each language, and is that share (two decimals, as the
// results site shows them).
TEST_F(ProtocolCopyPdfTest, EveryShareSaysItIsOfValidVotes) {
  struct Case {
    const char* code;
    const char* heading;
    char decimal;
  };
  const protocol::PrecinctProtocol p = Read(First());
  for (const Case& c : {Case{"en", "% of valid votes", '.'}, Case{"ru", "% от действительных голосов", ','},
                        Case{"kk", "Жарамды дауыстардан %", ','}}) {
    Result<CopyLanguage> language = ParseCopyLanguage(c.code);
    ASSERT_TRUE(language.ok());
    const std::string path = Print(First(), std::string("share-") + c.code, CopyOptions{*language});
    std::optional<std::string> text = Shell("pdftotext -layout '" + path + "' -");
    ASSERT_TRUE(text.has_value());
    EXPECT_THAT(*text, HasSubstr(c.heading)) << c.code;
    for (const protocol::ContestCount& count : p.contests) {
      const int64_t valid = count.valid_votes();
      ASSERT_GT(valid, 0);
      for (const auto& [choice, votes] : count.votes) {
        const int64_t hundredths = (votes * 10000 + valid / 2) / valid;
        char share[32];
        std::snprintf(share, sizeof share, "%lld%c%02lld %%", static_cast<long long>(hundredths / 100), c.decimal,
                      static_cast<long long>(hundredths % 100));
        EXPECT_THAT(*text, HasSubstr(share)) << c.code << " " << choice << " " << votes << " of " << valid;
      }
    }
  }
}

TEST_F(ProtocolCopyPdfTest, ALongBallotTakesASecondPage) {
  // A definition whose national contest has 60 choices: the copy flows onto page 2.
  ElectionDefinition def = Def();
  protocol::PrecinctProtocol p = Read(First());
  ashyq::Contest* national = nullptr;
  for (ashyq::Contest& k : def.contests) {
    if (k.id == p.contests.front().contest) national = &k;
  }
  ASSERT_NE(national, nullptr);
  for (int i = 0; i < 60; ++i) {
    Choice extra;
    extra.id = "extra-" + std::to_string(i);
    extra.name = {"", "", "Extra list " + std::to_string(i)};
    national->choices.push_back(extra);
    p.contests.front().votes.push_back({extra.id, 0});
  }
  Result<crypto::SignedObject> object = crypto::SignedObject::Create(protocol::ProtocolToJson(p));
  ASSERT_TRUE(object.ok());
  Result<std::string> pdf = RenderProtocolCopy(*object, def, {});
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  const std::string path = dir_.path() + "/long.pdf";
  std::ofstream(path, std::ios::binary) << *pdf;
  std::optional<std::string> info = Shell("pdfinfo '" + path + "'");
  ASSERT_TRUE(info.has_value());
  EXPECT_THAT(*info, ::testing::ContainsRegex("Pages: +2\n"));
  std::optional<std::string> page2 = Shell("pdftotext -f 2 -l 2 '" + path + "' -");
  ASSERT_TRUE(page2.has_value());
  EXPECT_THAT(*page2, HasSubstr(object->digest().Hex()));
  EXPECT_THAT(*page2, HasSubstr("2 / 2"));
}

TEST_F(ProtocolCopyPdfTest, RefusesWhatIsNotAPrintableProtocol) {
  json::Value payload = First().payload();
  payload.Set("station", json::Value("ps-nowhere-0001"));
  Result<crypto::SignedObject> unknown = crypto::SignedObject::Create(payload);
  ASSERT_TRUE(unknown.ok());
  Result<std::string> r = RenderProtocolCopy(*unknown, Def(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(r.error().message, HasSubstr("ps-nowhere-0001"));

  payload = First().payload();
  payload.Set("signed_at", json::Value("yesterday"));
  Result<crypto::SignedObject> malformed = crypto::SignedObject::Create(payload);
  ASSERT_TRUE(malformed.ok());
  r = RenderProtocolCopy(*malformed, Def(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().where, "/payload/signed_at");

  json::Value other = json::Value::Object();
  other.Set("format", json::Value("ashyq/turnout-report/1"));
  Result<crypto::SignedObject> report = crypto::SignedObject::Create(other);
  ASSERT_TRUE(report.ok());
  r = RenderProtocolCopy(*report, Def(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "/payload/format");
}

}  // namespace
}  // namespace ashyq::station
