// The group contract (crypto/group.h) checked on every backend, then each backend's known
// answers from its standard (tests/data/group/).
#include "crypto/group.h"

#include <gmp.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "crypto/group_eg4096.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/group_ristretto255_decaf.h"
#include "crypto/keys.h"
#include "group_backends.h"

namespace ashyq::crypto {
namespace {

const std::string kData = std::string(ASHYQ_SOURCE_DIR) + "/tests/data/group/";

std::vector<uint8_t> Hex(std::string_view hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

// The non-comment lines of a data file, split on spaces.
std::vector<std::vector<std::string>> ReadRows(const std::string& name) {
  std::ifstream in(kData + name);
  EXPECT_TRUE(in.good()) << kData + name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::vector<std::string> row;
    for (std::string field; fields >> field;) row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

template <typename G>
class GroupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Initialize().ok()); }
};

TYPED_TEST_SUITE(GroupTest, testing::GroupBackends, testing::GroupBackendNames);

TYPED_TEST(GroupTest, NamesAndSizes) {
  using G = TypeParam;
  EXPECT_EQ(GroupName(G::kId), G::kName);
  auto parsed = ParseGroupName(G::kName);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, G::kId);
  EXPECT_EQ(G::kScalarSize, 32u);
  EXPECT_EQ(G::Encode(G::Generator()).size(), G::kElementSize);
}

TYPED_TEST(GroupTest, IdentityAndInverse) {
  using G = TypeParam;
  const auto a = G::BaseMul(G::RandomScalar());
  EXPECT_TRUE(G::IsIdentity(G::Identity()));
  EXPECT_TRUE(G::IsIdentity(typename G::Element()));
  EXPECT_FALSE(G::IsIdentity(G::Generator()));
  EXPECT_FALSE(G::IsIdentity(a));
  EXPECT_TRUE(G::Equal(G::Add(a, G::Identity()), a));
  EXPECT_TRUE(G::Equal(G::Add(G::Identity(), a), a));
  EXPECT_TRUE(G::IsIdentity(G::Add(a, G::Negate(a))));
  EXPECT_TRUE(G::IsIdentity(G::Subtract(a, a)));
  EXPECT_TRUE(G::Equal(G::Negate(G::Negate(a)), a));
  EXPECT_TRUE(G::IsIdentity(G::Negate(G::Identity())));
  EXPECT_FALSE(G::Equal(G::Negate(a), a));
}

TYPED_TEST(GroupTest, AssociativeAndCommutative) {
  using G = TypeParam;
  const auto a = G::BaseMul(G::RandomScalar());
  const auto b = G::BaseMul(G::RandomScalar());
  const auto c = G::BaseMul(G::RandomScalar());
  EXPECT_TRUE(G::Equal(G::Add(G::Add(a, b), c), G::Add(a, G::Add(b, c))));
  EXPECT_TRUE(G::Equal(G::Add(a, b), G::Add(b, a)));
  EXPECT_TRUE(G::Equal(G::Subtract(G::Add(a, b), b), a));
  EXPECT_FALSE(G::Equal(G::Add(a, b), a));
}

TYPED_TEST(GroupTest, ElementsCopyAndMove) {
  using G = TypeParam;
  const auto a = G::BaseMul(G::ScalarFromUint64(5));
  typename G::Element copy = a;
  EXPECT_TRUE(G::Equal(copy, a));
  typename G::Element moved = std::move(copy);
  EXPECT_TRUE(G::Equal(moved, a));
  typename G::Element assigned;
  assigned = moved;
  EXPECT_TRUE(assigned == a);
  assigned = G::Generator();
  EXPECT_TRUE(assigned == G::Generator());
  EXPECT_TRUE(moved == a);  // assigning over a copy leaves the original alone
}

TYPED_TEST(GroupTest, SmallMultiplesAreRepeatedAddition) {
  using G = TypeParam;
  const auto point = G::BaseMul(G::RandomScalar());
  typename G::Element base_sum;
  typename G::Element point_sum;
  for (uint64_t k = 0; k <= 6; ++k) {
    const auto s = G::ScalarFromUint64(k);
    EXPECT_TRUE(G::Equal(G::BaseMul(s), base_sum)) << "k = " << k;
    EXPECT_TRUE(G::Equal(G::Mul(G::Generator(), s), base_sum)) << "k = " << k;
    EXPECT_TRUE(G::Equal(G::Mul(point, s), point_sum)) << "k = " << k;
    const typename G::Element one[] = {point};
    const typename G::Scalar ones[] = {s};
    EXPECT_TRUE(G::Equal(G::MultiMul(one, ones), point_sum)) << "k = " << k;
    base_sum = G::Add(base_sum, G::Generator());
    point_sum = G::Add(point_sum, point);
  }
  EXPECT_TRUE(G::IsIdentity(G::Mul(G::Identity(), G::RandomScalar())));
}

TYPED_TEST(GroupTest, ScalarArithmeticMatchesTheGroup) {
  using G = TypeParam;
  const auto a = G::RandomScalar();
  const auto b = G::RandomScalar();
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(G::Equal(G::BaseMul(G::ScalarAdd(a, b)), G::Add(G::BaseMul(a), G::BaseMul(b))));
  EXPECT_TRUE(
      G::Equal(G::BaseMul(G::ScalarSubtract(a, b)), G::Subtract(G::BaseMul(a), G::BaseMul(b))));
  EXPECT_TRUE(G::Equal(G::BaseMul(G::ScalarMultiply(a, b)), G::Mul(G::BaseMul(a), b)));
  EXPECT_TRUE(G::Equal(G::BaseMul(G::ScalarNegate(a)), G::Negate(G::BaseMul(a))));
  EXPECT_TRUE(G::ScalarIsZero(G::ScalarAdd(a, G::ScalarNegate(a))));
  EXPECT_TRUE(G::ScalarIsZero(G::ScalarNegate(typename G::Scalar())));
  EXPECT_FALSE(G::ScalarIsZero(a));
  // −1 is order − 1: (−1)·G = −G, and order − 1 + 1 wraps to 0.
  const auto minus_one = G::ScalarNegate(G::ScalarFromUint64(1));
  EXPECT_TRUE(G::Equal(G::BaseMul(minus_one), G::Negate(G::Generator())));
  EXPECT_TRUE(G::ScalarIsZero(G::ScalarAdd(minus_one, G::ScalarFromUint64(1))));
  EXPECT_TRUE(G::ScalarSubtract(G::ScalarFromUint64(7), G::ScalarFromUint64(5)) ==
              G::ScalarFromUint64(2));
  EXPECT_TRUE(G::ScalarMultiply(G::ScalarFromUint64(6), G::ScalarFromUint64(7)) ==
              G::ScalarFromUint64(42));
}

TYPED_TEST(GroupTest, MultiMulIsTheSumOfProducts) {
  using G = TypeParam;
  std::vector<typename G::Element> points;
  std::vector<typename G::Scalar> scalars;
  typename G::Element expected;
  for (int i = 0; i < 5; ++i) {
    points.push_back(G::BaseMul(G::RandomScalar()));
    scalars.push_back(G::RandomScalar());
    expected = G::Add(expected, G::Mul(points.back(), scalars.back()));
  }
  points.push_back(G::Identity());  // an identity term and a zero scalar change nothing
  scalars.push_back(G::RandomScalar());
  points.push_back(G::Generator());
  scalars.push_back(typename G::Scalar());
  EXPECT_TRUE(G::Equal(G::MultiMul(points, scalars), expected));
  EXPECT_TRUE(G::IsIdentity(G::MultiMul({}, {})));
  if constexpr (requires { G::MultiMulRefs(std::span<const typename G::Element* const>(),
                                           std::span<const typename G::Scalar>()); }) {
    // The same over pointers (what a batch uses where the group has it).
    std::vector<const typename G::Element*> refs;
    for (const auto& p : points) refs.push_back(&p);
    EXPECT_TRUE(G::Equal(G::MultiMulRefs(refs, scalars), expected));
    EXPECT_TRUE(G::IsIdentity(G::MultiMulRefs({}, {})));
  }
  // P − P through MultiMul: 1·P + (−1)·P.
  const typename G::Element twice[] = {points[0], points[0]};
  const typename G::Scalar opposite[] = {G::ScalarFromUint64(1),
                                         G::ScalarNegate(G::ScalarFromUint64(1))};
  EXPECT_TRUE(G::IsIdentity(G::MultiMul(twice, opposite)));
  // DoubleMul(a, P, b) = a·G + b·P.
  const auto a = G::RandomScalar();
  EXPECT_TRUE(G::Equal(G::DoubleMul(a, points[1], scalars[1]),
                       G::Add(G::BaseMul(a), G::Mul(points[1], scalars[1]))));
  EXPECT_TRUE(G::Equal(G::DoubleMul(a, G::Identity(), scalars[1]), G::BaseMul(a)));
  EXPECT_TRUE(G::IsIdentity(G::DoubleMul(a, G::Generator(), G::ScalarNegate(a))));
}

// Fixed-base tables for any element: TableMul(MakeTable(e), s) = Mul(e, s) for random
// scalars and the edges (0, 1, 2, order − 1, order − 2, 2^64, all-ones windows, a scalar
// that is one window's top digit only), on random elements, the generator and the identity,
// and through copies of the table (they share it).
TYPED_TEST(GroupTest, TableMulEqualsMul) {
  using G = TypeParam;
  const auto one = G::ScalarFromUint64(1);
  const auto minus_one = G::ScalarNegate(one);
  std::vector<typename G::Scalar> scalars = {
      typename G::Scalar(), one, G::ScalarFromUint64(2), minus_one,
      G::ScalarSubtract(minus_one, one), G::ScalarFromUint64(63), G::ScalarFromUint64(64),
      G::ScalarMultiply(G::ScalarFromUint64(1ull << 32), G::ScalarFromUint64(1ull << 32)),
      G::ScalarFromUint64(~0ull), G::ScalarFromUint64(1ull << 63)};
  for (int i = 0; i < 8; ++i) scalars.push_back(G::RandomScalar());
  std::vector<typename G::Element> elements = {G::BaseMul(G::RandomScalar()),
                                               G::BaseMul(G::RandomScalar()), G::Generator()};
  for (const auto& e : elements) {
    const auto table = G::MakeTable(e);
    const auto copy = table;  // shares the table
    for (size_t i = 0; i < scalars.size(); ++i) {
      const auto expected = G::Mul(e, scalars[i]);
      EXPECT_TRUE(G::Equal(G::TableMul(table, scalars[i]), expected)) << "scalar " << i;
      EXPECT_TRUE(G::Equal(G::TableMul(copy, scalars[i]), expected)) << "copy, scalar " << i;
    }
    EXPECT_TRUE(G::IsIdentity(G::TableMul(table, typename G::Scalar())));
    EXPECT_TRUE(G::Equal(G::TableMul(table, one), e));
    // (order − 1)·e + e = identity: the top of the scalar range wraps correctly.
    EXPECT_TRUE(G::IsIdentity(G::Add(G::TableMul(table, minus_one), e)));
  }
  // The generator's table agrees with BaseMul; the identity's gives the identity.
  const auto generator_table = G::MakeTable(G::Generator());
  const auto identity_table = G::MakeTable(G::Identity());
  for (const auto& s : scalars) {
    EXPECT_TRUE(G::Equal(G::TableMul(generator_table, s), G::BaseMul(s)));
    EXPECT_TRUE(G::IsIdentity(G::TableMul(identity_table, s)));
  }
  // Results are ordinary elements: they add, encode and decode like any other.
  const auto table = G::MakeTable(elements[0]);
  const auto a = G::RandomScalar(), b = G::RandomScalar();
  EXPECT_TRUE(G::Equal(G::Add(G::TableMul(table, a), G::TableMul(table, b)),
                       G::TableMul(table, G::ScalarAdd(a, b))));
  auto decoded = G::Decode(G::Encode(G::TableMul(table, a)), IdentityRule::kReject);
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(G::Equal(*decoded, G::Mul(elements[0], a)));
}

// A decoded element keeps its bytes for Encode (P-256 and libdecaf): what is made from it —
// its negation, a sum, a copy assigned over it — encodes as itself, never as the original.
TYPED_TEST(GroupTest, ElementsMadeFromDecodedOnesEncodeAfresh) {
  using G = TypeParam;
  const auto x = G::BaseMul(G::RandomScalar());
  auto decoded = G::Decode(G::Encode(x), IdentityRule::kReject);
  ASSERT_TRUE(decoded.ok());
  const auto d = *decoded;
  EXPECT_EQ(G::Encode(d), G::Encode(x));
  EXPECT_EQ(G::Encode(G::Negate(d)), G::Encode(G::Negate(x)));
  EXPECT_NE(G::Encode(G::Negate(d)), G::Encode(d));
  EXPECT_EQ(G::Encode(G::Add(d, d)), G::Encode(G::Mul(x, G::ScalarFromUint64(2))));
  auto e = d;
  e = G::Generator();
  EXPECT_EQ(G::Encode(e), G::Encode(G::Generator()));
  auto moved = std::move(e);
  EXPECT_EQ(G::Encode(moved), G::Encode(G::Generator()));
  e = d;  // assigned back after the move
  EXPECT_EQ(G::Encode(e), G::Encode(x));
}

TYPED_TEST(GroupTest, EncodingRoundTrips) {
  using G = TypeParam;
  for (int i = 0; i < 3; ++i) {
    const auto a = G::BaseMul(G::RandomScalar());
    const auto encoded = G::Encode(a);
    auto decoded = G::Decode(encoded, IdentityRule::kReject);
    ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
    EXPECT_TRUE(G::Equal(*decoded, a));
    EXPECT_EQ(G::Encode(*decoded), encoded);
  }
  const auto generator = G::Decode(G::Encode(G::Generator()), IdentityRule::kReject);
  ASSERT_TRUE(generator.ok());
  EXPECT_TRUE(G::Equal(*generator, G::Generator()));
}

TYPED_TEST(GroupTest, IdentityDecodesOnlyWhereAllowed) {
  using G = TypeParam;
  const auto encoded = G::Encode(G::Identity());
  auto refused = G::Decode(encoded, IdentityRule::kReject);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "crypto.group-element");
  EXPECT_NE(refused.error().message.find("identity"), std::string::npos);
  auto allowed = G::Decode(encoded, IdentityRule::kAllow);
  ASSERT_TRUE(allowed.ok());
  EXPECT_TRUE(G::IsIdentity(*allowed));
}

TYPED_TEST(GroupTest, DecodeRejectsWrongSizesAndGarbage) {
  using G = TypeParam;
  const auto good = G::Encode(G::Generator());
  std::vector<uint8_t> shorter(good.begin(), good.end() - 1);
  std::vector<uint8_t> longer(good.begin(), good.end());
  longer.push_back(0);
  for (const auto& bytes : {shorter, longer, std::vector<uint8_t>()}) {
    auto r = G::Decode(bytes, IdentityRule::kAllow);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find("bytes, got"), std::string::npos) << r.error().message;
  }
  // All ones is out of range in every encoding here (above p, above 2^255 − 19, bad prefix).
  const std::vector<uint8_t> ones(G::kElementSize, 0xff);
  auto r = G::Decode(ones, IdentityRule::kAllow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "crypto.group-element");
  EXPECT_NE(r.error().message.find(G::kName == std::string_view("p256") ? "P-256" : G::kName),
            std::string::npos)
      << r.error().message;
}

TYPED_TEST(GroupTest, ScalarsDecodeStrictly) {
  using G = TypeParam;
  const auto s = G::RandomScalar();
  auto back = G::DecodeScalar(s.bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == s);
  // order − 1 is the largest canonical scalar; all ones is above every order here.
  const auto largest = G::ScalarNegate(G::ScalarFromUint64(1));
  EXPECT_TRUE(G::DecodeScalar(largest.bytes).ok());
  const std::vector<uint8_t> ones(32, 0xff);
  auto refused = G::DecodeScalar(ones);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "crypto.group-scalar");
  EXPECT_FALSE(G::DecodeScalar(std::vector<uint8_t>(31, 0)).ok());
  EXPECT_FALSE(G::DecodeScalar(std::vector<uint8_t>(33, 0)).ok());
}

TYPED_TEST(GroupTest, RandomScalarsAreDistinctAndNonZero) {
  using G = TypeParam;
  std::set<std::array<uint8_t, 32>> seen;
  for (int i = 0; i < 64; ++i) {
    const auto s = G::RandomScalar();
    EXPECT_FALSE(G::ScalarIsZero(s));
    EXPECT_TRUE(G::DecodeScalar(s.bytes).ok());
    seen.insert(s.bytes);
  }
  EXPECT_EQ(seen.size(), 64u);
}

TYPED_TEST(GroupTest, HashToScalarSeparatesDomainsAndMessages) {
  using G = TypeParam;
  const std::vector<uint8_t> abc = {'a', 'b', 'c'};
  const std::vector<uint8_t> bc = {'b', 'c'};
  const auto h = G::HashToScalar("ashyq/test/v1", abc);
  EXPECT_TRUE(G::HashToScalar("ashyq/test/v1", abc) == h);  // deterministic
  EXPECT_FALSE(G::HashToScalar("ashyq/test/v2", abc) == h);
  EXPECT_FALSE(G::HashToScalar("ashyq/test/v1", bc) == h);
  // The domain's length is framed: ("…v1a", "bc") is not ("…v1", "abc").
  EXPECT_FALSE(G::HashToScalar("ashyq/test/v1a", bc) == h);
  EXPECT_TRUE(G::DecodeScalar(h.bytes).ok());
  EXPECT_FALSE(G::ScalarIsZero(G::HashToScalar("ashyq/test/v1", {})));
}

TEST(HashToScalarTest, GroupsNeverShareAnInput) {
  const std::vector<uint8_t> m = {1, 2, 3};
  EXPECT_NE(HashToScalarWide("ristretto255", "d", m), HashToScalarWide("p256", "d", m));
  EXPECT_NE(HashToScalarInput("p256", "d", m), HashToScalarInput("p25", "6d", m));
  const auto input = HashToScalarInput("p256", "dom", m);
  const std::string expected = std::string("ashyq/hash-to-scalar/v1") + '\0' + '\4' + "p256" +
                               '\3' + "dom" + "\1\2\3";
  EXPECT_EQ(std::string(input.begin(), input.end()), expected);
}

// Known answers for HashToScalar: the format is Ashyq's (HashToScalarInput), so these vectors
// are what another implementation checks itself against.
TEST(HashToScalarTest, KnownAnswers) {
  const auto rows = ReadRows("hash_to_scalar.txt");
  ASSERT_GE(rows.size(), 9u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 4u);
    const std::string& group = row[0];
    const std::string& domain = row[1];
    const std::vector<uint8_t> message = row[2] == "-" ? std::vector<uint8_t>() : Hex(row[2]);
    std::string got;
    if (group == "ristretto255") got = HexEncode(Ristretto255::HashToScalar(domain, message).bytes);
    if (group == "p256") got = HexEncode(P256::HashToScalar(domain, message).bytes);
    if (group == "eg4096") got = HexEncode(ElectionGuard4096::HashToScalar(domain, message).bytes);
    EXPECT_EQ(got, row[3]) << group << " " << domain << " " << row[2];
  }
}

TEST(Ristretto255Test, GeneratorMultiplesMatchRfc9496) {
  ASSERT_TRUE(Initialize().ok());
  const auto rows = ReadRows("ristretto255_generator_multiples.txt");
  ASSERT_EQ(rows.size(), 16u);
  Ristretto255::Element sum;
  for (const auto& row : rows) {
    const uint64_t k = std::stoull(row[0]);
    EXPECT_EQ(HexEncode(Ristretto255::Encode(Ristretto255::BaseMul(Ristretto255::ScalarFromUint64(k)))),
              row[1])
        << "k = " << k;
    EXPECT_EQ(HexEncode(Ristretto255::Encode(sum)), row[1]) << "k = " << k;
    auto decoded = Ristretto255::Decode(Hex(row[1]), IdentityRule::kAllow);
    ASSERT_TRUE(decoded.ok()) << "k = " << k;
    EXPECT_TRUE(Ristretto255::Equal(*decoded, sum));
    sum = Ristretto255::Add(sum, Ristretto255::Generator());
  }
}

TEST(Ristretto255Test, RejectsRfc9496BadEncodings) {
  const auto rows = ReadRows("ristretto255_bad_encodings.txt");
  ASSERT_EQ(rows.size(), 30u);
  for (const auto& row : rows) {
    auto r = Ristretto255::Decode(Hex(row[0]), IdentityRule::kAllow);
    EXPECT_FALSE(r.ok()) << row[0];
    if (!r.ok()) {
      EXPECT_EQ(r.error().rule, "crypto.group-element");
    }
  }
}

// libdecaf's ristretto255 is the same group: RFC 9496's vectors, and the same answers as
// libsodium's on random work, so either may make what the other checks.
TEST(Ristretto255DecafTest, AgreesWithRfc9496AndLibsodium) {
  ASSERT_TRUE(Initialize().ok());
  for (const auto& row : ReadRows("ristretto255_generator_multiples.txt")) {
    const auto k = Ristretto255Decaf::ScalarFromUint64(std::stoull(row[0]));
    EXPECT_EQ(HexEncode(Ristretto255Decaf::Encode(Ristretto255Decaf::BaseMul(k))), row[1]);
  }
  for (const auto& row : ReadRows("ristretto255_bad_encodings.txt")) {
    EXPECT_FALSE(Ristretto255Decaf::Decode(Hex(row[0]), IdentityRule::kAllow).ok()) << row[0];
  }
  for (int i = 0; i < 8; ++i) {
    const auto a = Ristretto255::RandomScalar();
    const auto b = Ristretto255::RandomScalar();
    const auto sodium = Ristretto255::Add(Ristretto255::BaseMul(a),
                                          Ristretto255::Mul(Ristretto255::Generator(), b));
    const auto decaf = Ristretto255Decaf::DoubleMul(a, Ristretto255Decaf::Generator(), b);
    EXPECT_EQ(Ristretto255::Encode(sodium), Ristretto255Decaf::Encode(decaf));
    auto across = Ristretto255Decaf::Decode(Ristretto255::Encode(sodium), IdentityRule::kReject);
    ASSERT_TRUE(across.ok());
    EXPECT_TRUE(Ristretto255Decaf::Equal(*across, decaf));
  }
}

// RFC 9496 refuses any s ≥ p, so a set top bit: libsodium 1.0.18 alone would accept the
// generator's encoding with its top bit set as a second encoding of the generator.
TEST(Ristretto255Test, TopBitSetIsRejected) {
  auto bytes = Hex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
  ASSERT_TRUE(Ristretto255::Decode(bytes, IdentityRule::kReject).ok());
  bytes[31] |= 0x80;
  auto sodium = Ristretto255::Decode(bytes, IdentityRule::kReject);
  ASSERT_FALSE(sodium.ok());
  EXPECT_NE(sodium.error().message.find("top bit"), std::string::npos);
  EXPECT_FALSE(Ristretto255Decaf::Decode(bytes, IdentityRule::kReject).ok());
  std::vector<uint8_t> identity_high(32, 0);
  identity_high[31] = 0x80;
  EXPECT_FALSE(Ristretto255::Decode(identity_high, IdentityRule::kAllow).ok());
  EXPECT_FALSE(Ristretto255Decaf::Decode(identity_high, IdentityRule::kAllow).ok());
}

TEST(Ristretto255Test, ScalarAtTheOrderIsRejected) {
  // ℓ, little-endian (RFC 9496 §4.4 / RFC 8032): the first value DecodeScalar must refuse.
  const auto order = Hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  EXPECT_FALSE(Ristretto255::DecodeScalar(order).ok());
  auto below = order;
  below[0] = static_cast<uint8_t>(below[0] - 1);
  auto ok = Ristretto255::DecodeScalar(below);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok == Ristretto255::ScalarNegate(Ristretto255::ScalarFromUint64(1)));
}

P256::Scalar P256ScalarFromHex(std::string_view hex) {
  auto s = P256::DecodeScalar(Hex(hex));
  EXPECT_TRUE(s.ok()) << hex;
  return s.ok() ? *s : P256::Scalar();
}

TEST(P256Test, GeneratorMultiplesMatchNistVectors) {
  ASSERT_TRUE(Initialize().ok());
  const auto rows = ReadRows("p256_generator_multiples.txt");
  ASSERT_EQ(rows.size(), 52u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 3u);
    const auto y = Hex(row[2]);
    const std::string prefix = (y.back() & 1) ? "03" : "02";  // SEC 1: the parity of y
    const std::string expected = prefix + row[1];
    const auto point = P256::BaseMul(P256ScalarFromHex(row[0]));
    EXPECT_EQ(HexEncode(P256::Encode(point)), expected) << "k = " << row[0];
    auto decoded = P256::Decode(Hex(expected), IdentityRule::kReject);
    ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
    EXPECT_TRUE(P256::Equal(*decoded, point)) << "k = " << row[0];
    // The other parity is the negated point.
    auto flipped = Hex(expected);
    flipped[0] ^= 1;
    auto negated = P256::Decode(flipped, IdentityRule::kReject);
    ASSERT_TRUE(negated.ok());
    EXPECT_TRUE(P256::Equal(*negated, P256::Negate(point)));
  }
  EXPECT_TRUE(P256::HasGeneratorTable());
}

TEST(P256Test, DecodeNamesWhatIsWrong) {
  const auto g = P256::Encode(P256::Generator());
  // Uncompressed and hybrid prefixes, and a stray 0x00 prefix, are refused.
  for (int prefix : {0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0xff}) {
    auto bytes = g;
    bytes[0] = static_cast<uint8_t>(prefix);
    auto r = P256::Decode(bytes, IdentityRule::kAllow);
    ASSERT_FALSE(r.ok()) << prefix;
    EXPECT_NE(r.error().message.find("prefix"), std::string::npos) << r.error().message;
  }
  // x = p and x = p + 1 are non-canonical: x mod p would be 0 and 1.
  const std::string p_hex = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
  for (const std::string& x : {p_hex, std::string("ffffffff00000001000000000000000000000001000000000000000000000000")}) {
    auto r = P256::Decode(Hex("02" + x), IdentityRule::kAllow);
    ASSERT_FALSE(r.ok()) << x;
    EXPECT_NE(r.error().message.find("not reduced mod p"), std::string::npos) << r.error().message;
  }
  // About half of all x are not on the curve; among x = 1..16 some must be refused as such,
  // and every accepted one must round-trip.
  int refused = 0;
  for (uint8_t x = 1; x <= 16; ++x) {
    std::vector<uint8_t> bytes(33, 0);
    bytes[0] = 0x02;
    bytes[32] = x;
    auto r = P256::Decode(bytes, IdentityRule::kAllow);
    if (!r.ok()) {
      ++refused;
      EXPECT_NE(r.error().message.find("not the x-coordinate"), std::string::npos);
    } else {
      const auto encoded = P256::Encode(*r);
      EXPECT_EQ(std::vector<uint8_t>(encoded.begin(), encoded.end()), bytes);
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_LT(refused, 16);
}

TEST(P256Test, ScalarAtTheOrderIsRejected) {
  const std::string n = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
  EXPECT_FALSE(P256::DecodeScalar(Hex(n)).ok());
  const auto below = P256ScalarFromHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550");
  EXPECT_TRUE(below == P256::ScalarNegate(P256::ScalarFromUint64(1)));
}

// The ElectionGuard constants are checked, not trusted: p and q prime, q | p − 1,
// (p − 1)/(2q) prime, g = 2^((p−1)/q) mod p, g ≠ 1, g^q = 1.
TEST(ElectionGuard4096Test, ParametersAreTheSpecified) {
  const auto p_bytes = ElectionGuard4096::P();
  const auto q_bytes = ElectionGuard4096::Q();
  const auto g_bytes = ElectionGuard4096::G();
  mpz_t p, q, g, r, t;
  mpz_inits(p, q, g, r, t, nullptr);
  mpz_import(p, p_bytes.size(), 1, 1, 1, 0, p_bytes.data());
  mpz_import(q, q_bytes.size(), 1, 1, 1, 0, q_bytes.data());
  mpz_import(g, g_bytes.size(), 1, 1, 1, 0, g_bytes.data());
  EXPECT_EQ(mpz_sizeinbase(p, 2), 4096u);
  // q = 2^256 − 189
  mpz_ui_pow_ui(t, 2, 256);
  mpz_sub_ui(t, t, 189);
  EXPECT_EQ(mpz_cmp(q, t), 0);
  EXPECT_GT(mpz_probab_prime_p(q, 30), 0);
  EXPECT_GT(mpz_probab_prime_p(p, 10), 0);
  mpz_sub_ui(t, p, 1);
  EXPECT_TRUE(mpz_divisible_p(t, q));
  mpz_divexact(r, t, q);  // the cofactor r
  mpz_divexact_ui(t, r, 2);
  EXPECT_GT(mpz_probab_prime_p(t, 10), 0);
  mpz_set_ui(t, 2);
  mpz_powm(t, t, r, p);
  EXPECT_EQ(mpz_cmp(t, g), 0);
  EXPECT_NE(mpz_cmp_ui(g, 1), 0);
  mpz_powm(t, g, q, p);
  EXPECT_EQ(mpz_cmp_ui(t, 1), 0);
  // The top and bottom 256 bits of p are ones (the specification's construction).
  for (size_t i = 0; i < 32; ++i) {
    EXPECT_EQ(p_bytes[i], 0xff);
    EXPECT_EQ(p_bytes[p_bytes.size() - 1 - i], 0xff);
  }
  mpz_clears(p, q, g, r, t, nullptr);
  EXPECT_EQ(HexEncode(ElectionGuard4096::Encode(ElectionGuard4096::Generator())),
            HexEncode(g_bytes));
}

TEST(ElectionGuard4096Test, DecodeNamesWhatIsWrong) {
  using G = ElectionGuard4096;
  auto value = [](uint64_t v) {
    std::vector<uint8_t> bytes(G::kElementSize, 0);
    for (size_t i = 0; i < 8; ++i) bytes[bytes.size() - 1 - i] = static_cast<uint8_t>(v >> (8 * i));
    return bytes;
  };
  auto message = [](const std::vector<uint8_t>& bytes) {
    auto r = G::Decode(bytes, IdentityRule::kAllow);
    return r.ok() ? std::string("accepted") : r.error().message;
  };
  EXPECT_NE(message(value(0)).find("0 is not in the group"), std::string::npos);
  // 2 generates a larger subgroup than q's (g = 2^r), and p − 1 has order 2.
  EXPECT_NE(message(value(2)).find("not in the order-q subgroup"), std::string::npos);
  const auto p = G::P();
  std::vector<uint8_t> p_minus_1(p.begin(), p.end());
  p_minus_1.back() = static_cast<uint8_t>(p_minus_1.back() - 1);
  EXPECT_NE(message(p_minus_1).find("not in the order-q subgroup"), std::string::npos);
  const std::vector<uint8_t> p_itself(p.begin(), p.end());
  EXPECT_NE(message(p_itself).find("not reduced mod p"), std::string::npos);
  // p + 1 ≡ 1 mod p: the identity written non-canonically.
  auto p_plus_1 = p_itself;
  for (size_t i = p_plus_1.size(); i-- > 0;) {
    if (++p_plus_1[i] != 0) break;
  }
  EXPECT_NE(message(p_plus_1).find("not reduced mod p"), std::string::npos);
  EXPECT_EQ(message(value(1)), "accepted");
}

}  // namespace
}  // namespace ashyq::crypto
