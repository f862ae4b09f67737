#include "crypto/key_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/hash.h"
#include "core/json.h"

namespace ashyq::crypto {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Writes `text` with exactly `mode`, whatever the umask.
void WriteRaw(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ASSERT_EQ(::fchmod(fd, mode), 0);
  ::close(fd);
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

KeySeed FixedSeed(uint8_t start) {
  KeySeed seed;
  for (size_t i = 0; i < seed.bytes.size(); ++i) seed.bytes[i] = static_cast<uint8_t>(start + i);
  return seed;
}

std::string SeedHex(const KeySeed& seed) {
  char hex[KeySeed::kSize * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, seed.bytes.data(), seed.bytes.size());
  return hex;
}

// A key file with the given seed text and public key text, as an editor might leave it.
std::string KeyFileText(const std::string& seed_hex, const std::string& public_hex,
                        const std::string& extra = "") {
  return "{\"format\":\"ashyq/secret-key/1\",\"algorithm\":\"ed25519\",\"owner\":\"pec-1/chair\","
         "\"seed\":\"" + seed_hex + "\",\"public_key\":\"" + public_hex + "\"" + extra + "}\n";
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "ashyq_key_file_XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string PathOf(const std::string& name) const { return dir_ + "/" + name; }

  // The error of a failed Load, checked to be free of the seed's text.
  Error LoadFails(const std::string& path, const std::string& seed_hex) {
    Result<SigningKey> key = KeyFile::Load(path);
    EXPECT_FALSE(key.ok());
    if (key.ok()) return Error{};
    const std::string text = key.error().ToString();
    if (seed_hex.size() >= 16) {
      for (size_t i = 0; i + 16 <= seed_hex.size(); i += 8) {
        EXPECT_EQ(text.find(seed_hex.substr(i, 16)), std::string::npos)
            << "error message leaks the seed: " << text;
      }
    }
    EXPECT_NE(text.find(path), std::string::npos) << text;  // names the file
    return key.error();
  }

  std::string dir_;
};

TEST_F(KeyFileTest, GenerateWritesMode0600AndLoads) {
  const std::string path = PathOf("chair.key");
  Result<PublicKey> public_key = KeyFile::Generate(path, "pec-75-123-0456/chair");
  ASSERT_TRUE(public_key.ok()) << public_key.error().ToString();
  EXPECT_EQ(ModeOf(path), 0600u);

  std::string owner;
  Result<SigningKey> key = KeyFile::Load(path, &owner);
  ASSERT_TRUE(key.ok()) << key.error().ToString();
  EXPECT_EQ(key->public_key(), *public_key);
  EXPECT_EQ(owner, "pec-75-123-0456/chair");

  const Digest digest = Sha256("protocol");
  EXPECT_TRUE(VerifyDigest(*public_key, digest, key->SignDigest(digest)));
}

TEST_F(KeyFileTest, FileHasTheDocumentedShape) {
  const std::string path = PathOf("member.key");
  const KeySeed seed = FixedSeed(1);
  ASSERT_TRUE(KeyFile::Write(path, "tec-75/member-2", seed).ok());
  Result<json::Value> parsed = json::Parse(ReadAll(path));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const auto& members = parsed->members();
  ASSERT_EQ(members.size(), 5u);
  EXPECT_EQ(members[0].key, "format");
  EXPECT_EQ(members[0].value.as_string(), "ashyq/secret-key/1");
  EXPECT_EQ(members[1].key, "algorithm");
  EXPECT_EQ(members[1].value.as_string(), "ed25519");
  EXPECT_EQ(members[2].key, "owner");
  EXPECT_EQ(members[2].value.as_string(), "tec-75/member-2");
  EXPECT_EQ(members[3].key, "seed");
  EXPECT_EQ(members[3].value.as_string(), SeedHex(seed));
  EXPECT_EQ(members[4].key, "public_key");
  EXPECT_EQ(members[4].value.as_string(), SigningKey::FromSeed(seed).public_key().Hex());
}

TEST_F(KeyFileTest, WriteThenLoadGivesTheSameKey) {
  const std::string path = PathOf("k.key");
  const KeySeed seed = FixedSeed(7);
  ASSERT_TRUE(KeyFile::Write(path, "cec", seed).ok());
  Result<SigningKey> key = KeyFile::Load(path);
  ASSERT_TRUE(key.ok()) << key.error().ToString();
  const SigningKey expected = SigningKey::FromSeed(seed);
  EXPECT_EQ(key->public_key(), expected.public_key());
  const Digest digest = Sha256("x");
  EXPECT_EQ(key->SignDigest(digest), expected.SignDigest(digest));
}

TEST_F(KeyFileTest, LoadSeedGivesBackTheSeedAndOwner) {
  const std::string path = PathOf("master.key");
  const KeySeed seed = FixedSeed(9);
  ASSERT_TRUE(KeyFile::Write(path, "simulation-keyring", seed).ok());
  std::string owner;
  Result<KeySeed> loaded = KeyFile::LoadSeed(path, &owner);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->bytes, seed.bytes);
  EXPECT_EQ(owner, "simulation-keyring");
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_FALSE(KeyFile::LoadSeed(path).ok());  // same permission rule as Load
}

TEST_F(KeyFileTest, OwnerWithSpecialCharactersRoundTrips) {
  const std::string path = PathOf("odd.key");
  const std::string owner = "УИК №456 \"центр\"\\\t";
  ASSERT_TRUE(KeyFile::Write(path, owner, FixedSeed(3)).ok());
  std::string loaded_owner;
  ASSERT_TRUE(KeyFile::Load(path, &loaded_owner).ok());
  EXPECT_EQ(loaded_owner, owner);
}

TEST_F(KeyFileTest, WriteRefusesToOverwrite) {
  const std::string path = PathOf("k.key");
  ASSERT_TRUE(KeyFile::Write(path, "first", FixedSeed(1)).ok());
  const std::string before = ReadAll(path);

  Status again = KeyFile::Write(path, "second", FixedSeed(2));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(ReadAll(path), before);

  Result<PublicKey> generated = KeyFile::Generate(path, "third");
  ASSERT_FALSE(generated.ok());
  EXPECT_EQ(generated.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(ReadAll(path), before);
  EXPECT_EQ(ModeOf(path), 0600u);
}

TEST_F(KeyFileTest, WriteRefusesEmptyOwnerAndMissingDirectory) {
  EXPECT_FALSE(KeyFile::Write(PathOf("a.key"), "", FixedSeed(1)).ok());
  EXPECT_FALSE(std::filesystem::exists(PathOf("a.key")));
  EXPECT_FALSE(KeyFile::Write(PathOf("no/such/dir/a.key"), "x", FixedSeed(1)).ok());
}

TEST_F(KeyFileTest, LoadRefusesGroupOrWorldAccess) {
  const std::string path = PathOf("k.key");
  const KeySeed seed = FixedSeed(9);
  ASSERT_TRUE(KeyFile::Write(path, "cec", seed).ok());
  for (mode_t mode : {0644, 0640, 0604, 0620, 0602, 0610, 0601, 0666}) {
    SCOPED_TRACE(mode);
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    Error error = LoadFails(path, SeedHex(seed));
    EXPECT_EQ(error.code, ErrorCode::kCheckFailed);
    EXPECT_NE(error.message.find("chmod 600 " + path), std::string::npos) << error.message;
  }
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  EXPECT_TRUE(KeyFile::Load(path).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);  // read-only for the owner is fine
  EXPECT_TRUE(KeyFile::Load(path).ok());
}

TEST_F(KeyFileTest, LoadRefusesMismatchedPublicKey) {
  const std::string path = PathOf("k.key");
  const KeySeed seed = FixedSeed(11);
  const PublicKey other = SigningKey::FromSeed(FixedSeed(12)).public_key();
  WriteRaw(path, KeyFileText(SeedHex(seed), other.Hex()), 0600);
  Error error = LoadFails(path, SeedHex(seed));
  EXPECT_EQ(error.code, ErrorCode::kCheckFailed);
  EXPECT_NE(error.where.find("/public_key"), std::string::npos) << error.ToString();
  EXPECT_NE(error.message.find("does not match"), std::string::npos);
}

TEST_F(KeyFileTest, LoadNeverPrintsTheSeed) {
  const KeySeed seed = FixedSeed(40);
  const std::string seed_hex = SeedHex(seed);
  const std::string public_hex = SigningKey::FromSeed(seed).public_key().Hex();
  std::string upper = seed_hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  struct Case {
    const char* name;
    std::string text;
    std::string leaked;  // text that must not appear in the message
  };
  const Case cases[] = {
      {"short seed", KeyFileText(seed_hex.substr(0, 62), public_hex), seed_hex.substr(0, 62)},
      {"long seed", KeyFileText(seed_hex + "00", public_hex), seed_hex},
      {"upper-case seed", KeyFileText(upper, public_hex), upper},
      {"non-hex seed", KeyFileText(seed_hex.substr(0, 63) + "g", public_hex), seed_hex},
      {"unknown field", KeyFileText(seed_hex, public_hex, ",\"comment\":1"), seed_hex},
      {"unterminated seed", "{\"format\":\"ashyq/secret-key/1\",\"seed\":\"" + seed_hex, seed_hex},
      {"bad escape in seed",
       "{\"format\":\"ashyq/secret-key/1\",\"seed\":\"" + seed_hex + "\\q\"}", seed_hex},
      {"control char after seed",
       "{\"seed\":\"" + seed_hex + "\x01\"}", seed_hex},
      {"trailing garbage", KeyFileText(seed_hex, public_hex) + seed_hex, seed_hex},
      {"seed not a string", "{\"format\":\"ashyq/secret-key/1\",\"algorithm\":\"ed25519\","
                            "\"owner\":\"o\",\"seed\":[\"" + seed_hex + "\"],\"public_key\":\"" +
                            public_hex + "\"}",
       seed_hex},
      {"wrong format", "{\"format\":\"ashyq/secret-key/2\",\"algorithm\":\"ed25519\","
                       "\"owner\":\"o\",\"seed\":\"" + seed_hex + "\",\"public_key\":\"" +
                       public_hex + "\"}",
       seed_hex},
      {"wrong algorithm", "{\"format\":\"ashyq/secret-key/1\",\"algorithm\":\"rsa\","
                          "\"owner\":\"o\",\"seed\":\"" + seed_hex + "\",\"public_key\":\"" +
                          public_hex + "\"}",
       seed_hex},
  };
  int index = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = PathOf("case" + std::to_string(index++) + ".key");
    WriteRaw(path, c.text, 0600);
    Error error = LoadFails(path, seed_hex);
    EXPECT_EQ(error.ToString().find(c.leaked), std::string::npos) << error.ToString();
    EXPECT_NE(error.code, ErrorCode::kInternal);
  }
}

TEST_F(KeyFileTest, LoadReportsMissingFile) {
  Result<SigningKey> key = KeyFile::Load(PathOf("absent.key"));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, ErrorCode::kNotFound);
  EXPECT_NE(key.error().where.find("absent.key"), std::string::npos);
}

TEST_F(KeyFileTest, LoadRefusesDirectoryAndHugeFile) {
  const std::string sub = PathOf("sub");
  ASSERT_EQ(::mkdir(sub.c_str(), 0700), 0);
  EXPECT_FALSE(KeyFile::Load(sub).ok());

  const std::string big = PathOf("big.key");
  WriteRaw(big, std::string(1 << 20, ' ') + KeyFileText(std::string(64, '0'), std::string(64, '0')),
           0600);
  Result<SigningKey> key = KeyFile::Load(big);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, ErrorCode::kTooLarge);
}

TEST(SimulatedKeyringTest, IsDeterministic) {
  const SimulatedKeyring a(FixedSeed(50));
  const SimulatedKeyring b(FixedSeed(50));
  for (uint64_t i : {0ull, 1ull, 69999ull, 1ull << 40}) {
    EXPECT_EQ(a.KeyFor(i).public_key(), b.KeyFor(i).public_key()) << i;
    EXPECT_EQ(SeedHex(a.SeedFor(i)), SeedHex(b.SeedFor(i)));
  }
}

TEST(SimulatedKeyringTest, KeysAreDistinctPerIndexAndPerMaster) {
  const SimulatedKeyring keyring(FixedSeed(50));
  const SimulatedKeyring other(FixedSeed(51));
  std::set<PublicKey> seen;
  for (uint64_t i = 0; i < 500; ++i) {
    seen.insert(keyring.KeyFor(i).public_key());
    seen.insert(other.KeyFor(i).public_key());
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_NE(SeedHex(keyring.SeedFor(0)), SeedHex(FixedSeed(50)));  // not the master itself
}

TEST(SimulatedKeyringTest, UsesLibsodiumKdfWithAshyqContext) {
  const KeySeed master = FixedSeed(60);
  const SimulatedKeyring keyring(master);
  for (uint64_t i : {0ull, 5ull, 123456ull}) {
    KeySeed expected;
    ASSERT_EQ(crypto_kdf_derive_from_key(expected.bytes.data(), expected.bytes.size(), i,
                                         "ashyqsim", master.bytes.data()),
              0);
    EXPECT_EQ(SeedHex(keyring.SeedFor(i)), SeedHex(expected));
    EXPECT_EQ(keyring.KeyFor(i).public_key(), SigningKey::FromSeed(expected).public_key());
  }
}

TEST(SimulatedKeyringTest, KeysSignAndVerify) {
  const SimulatedKeyring keyring(FixedSeed(70));
  const Digest digest = Sha256("definition");
  const SigningKey one = keyring.KeyFor(1);
  const SigningKey two = keyring.KeyFor(2);
  EXPECT_TRUE(VerifyDigest(one.public_key(), digest, one.SignDigest(digest)));
  EXPECT_FALSE(VerifyDigest(two.public_key(), digest, one.SignDigest(digest)));
}

}  // namespace
}  // namespace ashyq::crypto
