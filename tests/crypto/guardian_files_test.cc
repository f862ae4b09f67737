// The ceremony's carried and secret files (crypto/guardian_files.h): a share encrypted to its
// recipient unmasks to the same share only with the recipient's polynomial, an altered one fails
// Feldman's check naming its sender, the files round-trip, and secret files are refused when
// others can read them and never quoted in errors.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/guardian_files.h"
#include "crypto/keys.h"

namespace ashyq::crypto {
namespace {

template <typename G>
class GuardianFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }

  void SetUp() override {
    char dir[] = "/tmp/ashyq-guardian-files-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  const GuardianFileHeader header_{"kz2027-files", {3, 2}};
  std::string dir_;

  std::vector<uint8_t> Context() const {
    return std::vector<uint8_t>(header_.election.begin(), header_.election.end());
  }
};
using Groups = ::testing::Types<P256, Ristretto255>;
class Names {
 public:
  template <typename G>
  static std::string GetName(int) { return std::string(G::kLabel); }
};
TYPED_TEST_SUITE(GuardianFilesTest, Groups, Names);

TYPED_TEST(GuardianFilesTest, AShareUnmasksOnlyForItsRecipient) {
  using G = TypeParam;
  const auto& h = this->header_;
  auto sender = *NewGuardianPolynomial<G>(h.ceremony, 1);
  auto recipient = *NewGuardianPolynomial<G>(h.ceremony, 2);
  auto other = *NewGuardianPolynomial<G>(h.ceremony, 3);
  const auto sender_commitments = CommitGuardianPolynomial<G>(h.ceremony, sender, this->Context());
  const auto recipient_commitments =
      CommitGuardianPolynomial<G>(h.ceremony, recipient, this->Context());
  const auto share = *ShareForGuardian<G>(h.ceremony, sender, 2);
  const auto encrypted = EncryptGuardianShare<G>(h, share, recipient_commitments);
  EXPECT_FALSE(encrypted.masked == share.value);  // the file does not carry the share in clear

  // Through the file form and back.
  auto file = GuardianShareFromJson<G>(GuardianShareToJson<G>(h, encrypted));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  auto opened = DecryptGuardianShare<G>(file->header, file->share, recipient);
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(opened->value == share.value);
  EXPECT_TRUE(VerifyGuardianShare<G>(h.ceremony, sender_commitments, *opened).ok());

  // Another guardian cannot open it (addressed to 2), and 3's polynomial relabelled as 2's
  // unmasks garbage that Feldman's check refuses, naming the sender.
  EXPECT_FALSE(DecryptGuardianShare<G>(h, encrypted, other).ok());
  auto impostor = other;
  impostor.guardian = 2;
  auto wrong = DecryptGuardianShare<G>(h, encrypted, impostor);
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(wrong->value == share.value);
  auto refused = VerifyGuardianShare<G>(h.ceremony, sender_commitments, *wrong);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "guardian/1/share-for/2");

  // Altered on the way: refused the same way.
  auto altered = encrypted;
  altered.masked = G::ScalarAdd(altered.masked, G::ScalarFromUint64(1));
  auto bad = DecryptGuardianShare<G>(h, altered, recipient);
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(VerifyGuardianShare<G>(h.ceremony, sender_commitments, *bad).ok());
  // Another election's context gives another mask.
  GuardianFileHeader elsewhere = h;
  elsewhere.election = "another";
  auto foreign = DecryptGuardianShare<G>(elsewhere, encrypted, recipient);
  ASSERT_TRUE(foreign.ok());
  EXPECT_FALSE(foreign->value == share.value);
}

TYPED_TEST(GuardianFilesTest, SecretFilesRoundTripWithMode0600AndAreNeverQuoted) {
  using G = TypeParam;
  const auto& h = this->header_;
  auto poly = *NewGuardianPolynomial<G>(h.ceremony, 3);
  const std::string path = this->dir_ + "/secret.json";
  ASSERT_TRUE(WriteSecretJsonFile(path, GuardianSecretToJson<G>(h, poly)).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Never overwritten.
  auto again = WriteSecretJsonFile(path, GuardianSecretToJson<G>(h, poly));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);

  auto doc = ReadSecretJsonFile(path);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(*GroupOfDocument(*doc), G::kId);
  auto back = GuardianSecretFromJson<G>(*doc);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->header.election, h.election);
  ASSERT_EQ(back->polynomial.coefficients.size(), 2u);
  EXPECT_TRUE(back->polynomial.coefficients[1] == poly.coefficients[1]);

  // Readable by others: refused, naming the file and the mode.
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  auto loose = ReadSecretJsonFile(path);
  ASSERT_FALSE(loose.ok());
  EXPECT_EQ(loose.error().where, path);
  EXPECT_NE(loose.error().message.find("0640"), std::string::npos);
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);

  // A damaged secret file: the error does not quote the text around the fault.
  const std::string hex = HexEncode(poly.coefficients[0].bytes);
  const std::string damaged_path = this->dir_ + "/damaged.json";
  ASSERT_TRUE(WriteFileAtomic(damaged_path, "{\"coefficients\": [\"" + hex + "\" \"" + hex + "\"]}",
                              0600, false).ok());
  auto damaged = ReadSecretJsonFile(damaged_path);
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.error().ToString().find(hex.substr(0, 8)), std::string::npos)
      << damaged.error().ToString();

  // A key share whose public share is not its secret's is refused.
  GuardianKeyShare<G> key_share;
  key_share.guardian = 2;
  key_share.secret = G::RandomScalar();
  key_share.public_share = G::BaseMul(G::RandomScalar());
  auto mismatched = GuardianKeyShareFromJson<G>(GuardianKeyShareToJson<G>(h, key_share));
  ASSERT_FALSE(mismatched.ok());
  EXPECT_EQ(mismatched.error().ToString().find(HexEncode(key_share.secret.bytes)), std::string::npos);
  key_share.public_share = G::BaseMul(key_share.secret);
  EXPECT_TRUE(GuardianKeyShareFromJson<G>(GuardianKeyShareToJson<G>(h, key_share)).ok());
}

}  // namespace
}  // namespace ashyq::crypto
