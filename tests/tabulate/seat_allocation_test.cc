#include "tabulate/seat_allocation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "tabulate/figures.h"

namespace ashyq::tabulate {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Annex 1 of the OSCE/ODIHR final report on the 2007 Majilis election (seed 002), in ballot
// order (footnote 36 of the report lists the parties "according to the ballot order").
std::vector<ListVotes> Annex1() {
  return {{"ANSDP", 269310, 1},   {"Nur Otan", 5247720, 2}, {"PPK", 46436, 3},    {"Auyl", 89855, 4},
          {"Ak Zhol", 183346, 5}, {"Rukhaniyat", 22159, 6}, {"CPPK", 76799, 7}};
}
constexpr int64_t kParticipants2007 = 6082430;  // "a total of 6,082,430 voters participated"

SeatRules Rules(int64_t seats, int64_t threshold_bp, SeatMethod method = SeatMethod::kHareLargestRemainder) {
  SeatRules r;
  r.seats = seats;
  r.threshold_bp = threshold_bp;
  r.method = method;
  return r;
}

std::map<std::string, int64_t> SeatsOf(const SeatAllocation& a) {
  std::map<std::string, int64_t> out;
  for (const ListSeats& l : a.lists) out[l.choice] = l.seats;
  return out;
}

const ListSeats& Find(const SeatAllocation& a, const std::string& choice) {
  auto it = std::find_if(a.lists.begin(), a.lists.end(), [&](const ListSeats& l) { return l.choice == choice; });
  EXPECT_NE(it, a.lists.end()) << choice;
  return *it;
}

// --- The 2007 Majilis election ------------------------------------------------------------------

TEST(SeatAllocation, Official2007ResultGivesNurOtanAll98Seats) {
  Result<SeatAllocation> a = AllocateSeats(Annex1(), kParticipants2007, Rules(98, 700));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->valid_votes, 5935625);  // the Annex 1 total
  // 7 % of 6,082,430 = 425,770.1: a list needs 425,771 votes.
  EXPECT_EQ(a->threshold_votes, 425771);
  EXPECT_EQ(a->passing_votes, 5247720);
  EXPECT_EQ(a->quota_numerator, 5247720);
  EXPECT_EQ(a->quota_denominator, 98);
  for (const ListSeats& l : a->lists) {
    EXPECT_EQ(l.passed, l.choice == "Nur Otan") << l.choice;
    EXPECT_EQ(l.seats, l.choice == "Nur Otan" ? 98 : 0) << l.choice;
    EXPECT_FALSE(l.tie_decided);
  }
  const ListSeats& nur_otan = Find(*a, "Nur Otan");
  EXPECT_EQ(nur_otan.automatic_seats, 98);
  EXPECT_EQ(nur_otan.remainder_numerator, 0);
  EXPECT_EQ(nur_otan.share_bp, 8628);  // 86.2766 % of participants (88.41 % of valid votes)
  EXPECT_EQ(Find(*a, "ANSDP").share_bp, 443);  // 4.4277 %: below 7 % of participants
  EXPECT_EQ(Find(*a, "Ak Zhol").share_bp, 301);
  EXPECT_FALSE(a->runner_up_rule_applied);
  EXPECT_THAT(a->ties, IsEmpty());
  EXPECT_THAT(a->computation, Contains(HasSubstr("425,771 votes")));
  EXPECT_THAT(a->computation, Contains(AllOf(HasSubstr("ANSDP"), HasSubstr("4.43%"), HasSubstr("fewer than 425,771, does not pass"))));
  EXPECT_THAT(a->computation, Contains(HasSubstr("Nur Otan 98 (98 in all)")));
}

TEST(SeatAllocation, ThresholdIsOverParticipantsNotValidVotes) {
  // A list with 6.9 % of participants but 7.3 % of valid votes: fails under the Kazakh rule.
  std::vector<ListVotes> lists = {{"big", 8800, 1}, {"small", 690, 2}};
  Result<SeatAllocation> a = AllocateSeats(lists, 10000, Rules(10, 700));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_FALSE(Find(*a, "small").passed);
  EXPECT_EQ(Find(*a, "big").seats, 10);
}

TEST(SeatAllocation, LaterLawGivesTheRunnerUpTwoSeats) {
  SeatRules rules = Rules(98, 700);
  rules.runner_up_min_seats = 2;
  Result<SeatAllocation> a = AllocateSeats(Annex1(), kParticipants2007, rules);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_TRUE(a->runner_up_rule_applied);
  const ListSeats& nur_otan = Find(*a, "Nur Otan");
  const ListSeats& ansdp = Find(*a, "ANSDP");
  EXPECT_EQ(nur_otan.seats, 96);
  EXPECT_EQ(nur_otan.runner_up_transfer, -2);
  EXPECT_EQ(ansdp.seats, 2);
  EXPECT_EQ(ansdp.runner_up_transfer, 2);
  EXPECT_FALSE(ansdp.passed);  // it gets seats by the rule, not by passing
  for (const ListSeats& l : a->lists) {
    EXPECT_EQ(l.seats, l.automatic_seats + l.remainder_seats + l.runner_up_transfer) << l.choice;
    if (l.choice != "Nur Otan" && l.choice != "ANSDP") {
      EXPECT_EQ(l.seats, 0) << l.choice;
    }
  }
  EXPECT_THAT(a->computation, Contains(AllOf(HasSubstr("Runner-up rule"), HasSubstr("ANSDP"), HasSubstr("2 seats"))));
}

TEST(SeatAllocation, RunnerUpRuleNotNeededWhenTwoListsPass) {
  SeatRules rules = Rules(10, 700);
  rules.runner_up_min_seats = 2;
  Result<SeatAllocation> a = AllocateSeats({{"a", 900, 1}, {"b", 100, 2}, {"c", 50, 3}}, 1050, rules);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_FALSE(a->runner_up_rule_applied);
  // T = 1,000: a 9 quotas, b 1 quota, no remainders.
  EXPECT_THAT(SeatsOf(*a), ElementsAre(std::pair<const std::string, int64_t>("a", 9),
                                       std::pair<const std::string, int64_t>("b", 1),
                                       std::pair<const std::string, int64_t>("c", 0)));
  EXPECT_THAT(a->computation, Contains(HasSubstr("does not apply")));
}

TEST(SeatAllocation, RunnerUpRuleWithoutAnyOtherVotesLeavesTheLeaderAllSeats) {
  SeatRules rules = Rules(5, 700);
  rules.runner_up_min_seats = 2;
  Result<SeatAllocation> a = AllocateSeats({{"a", 900, 1}, {"b", 0, 2}}, 1000, rules);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_FALSE(a->runner_up_rule_applied);
  EXPECT_EQ(Find(*a, "a").seats, 5);
  EXPECT_EQ(Find(*a, "b").seats, 0);
}

TEST(SeatAllocation, RunnerUpTieSettledByRegistrationOrderAndByLot) {
  SeatRules rules = Rules(10, 700);
  rules.runner_up_min_seats = 2;
  const std::vector<ListVotes> lists = {{"leader", 900, 3}, {"alpha", 40, 2}, {"beta", 40, 1}};
  Result<SeatAllocation> a = AllocateSeats(lists, 1000, rules);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(Find(*a, "beta").seats, 2);  // registered first
  EXPECT_EQ(Find(*a, "alpha").seats, 0);
  EXPECT_EQ(Find(*a, "leader").seats, 8);
  ASSERT_EQ(a->ties.size(), 1u);
  EXPECT_EQ(a->ties[0].stage, "runner-up");
  EXPECT_EQ(a->ties[0].seats_at_stake, 1);
  EXPECT_THAT(a->ties[0].contenders, ElementsAre("beta", "alpha"));
  EXPECT_THAT(a->ties[0].winners, ElementsAre("beta"));
  EXPECT_TRUE(Find(*a, "alpha").tie_decided);
  EXPECT_TRUE(Find(*a, "beta").tie_decided);
  EXPECT_FALSE(Find(*a, "leader").tie_decided);

  rules.tie_break = TieBreak::kLot;
  rules.lot_seed = "00";  // alpha's lot digest is the smaller (see the lot test below)
  a = AllocateSeats(lists, 1000, rules);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(Find(*a, "alpha").seats, 2);
  EXPECT_EQ(a->ties.at(0).rule, TieBreak::kLot);
}

// --- Textbook cases ----------------------------------------------------------------------------

TEST(SeatAllocation, HareLargestRemainderTextbookExample) {
  // 10 seats, 100,000 valid votes (all lists pass), so the Hare quota is 10,000:
  //   list  votes   votes/quota  full quotas  remainder
  //   A     47,000  4.70         4            0.70  -> 1st leftover seat
  //   B     16,000  1.60         1            0.60  -> 3rd leftover seat
  //   C     15,800  1.58         1            0.58
  //   D     12,000  1.20         1            0.20
  //   E      6,100  0.61         0            0.61  -> 2nd leftover seat
  //   F      3,100  0.31         0            0.31
  // 7 seats by full quotas, 3 left: A 5, B 2, C 1, D 1, E 1, F 0. (D'Hondt would give A 5, B 2,
  // C 2, D 1, E 0, F 0: the remainders are what decide here.)
  const std::vector<ListVotes> lists = {{"A", 47000, 1}, {"B", 16000, 2}, {"C", 15800, 3},
                                        {"D", 12000, 4}, {"E", 6100, 5},  {"F", 3100, 6}};
  Result<SeatAllocation> a = AllocateSeats(lists, 100000, Rules(10, 0));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->quota_numerator, 100000);
  EXPECT_EQ(a->quota_denominator, 10);
  const std::map<std::string, int64_t> expected = {{"A", 5}, {"B", 2}, {"C", 1}, {"D", 1}, {"E", 1}, {"F", 0}};
  EXPECT_EQ(SeatsOf(*a), expected);
  const ListSeats& e = Find(*a, "E");
  EXPECT_EQ(e.automatic_seats, 0);
  EXPECT_EQ(e.remainder_numerator, 61000);  // 6,100 × 10 mod 100,000
  EXPECT_EQ(e.remainder_seats, 1);
  const ListSeats& c = Find(*a, "C");
  EXPECT_EQ(c.automatic_seats, 1);
  EXPECT_EQ(c.remainder_numerator, 58000);
  EXPECT_EQ(c.remainder_seats, 0);
  EXPECT_THAT(a->ties, IsEmpty());
  EXPECT_THAT(a->computation, Contains(HasSubstr("3 seats are left for the largest remainders")));
  EXPECT_THAT(a->computation, Contains(AllOf(HasSubstr("E"), HasSubstr("0.6100"))));

  Result<SeatAllocation> d = AllocateSeats(lists, 100000, Rules(10, 0, SeatMethod::kDHondt));
  ASSERT_TRUE(d.ok());
  const std::map<std::string, int64_t> dhondt = {{"A", 5}, {"B", 2}, {"C", 2}, {"D", 1}, {"E", 0}, {"F", 0}};
  EXPECT_EQ(SeatsOf(*d), dhondt);
}

const std::vector<ListVotes> kClassic = {{"A", 100000, 1}, {"B", 80000, 2}, {"C", 30000, 3}, {"D", 20000, 4}};

TEST(SeatAllocation, DHondtClassicExample) {
  // Quotients votes/1, /2, /3, /4: A 100,000 50,000 33,333 25,000; B 80,000 40,000 26,667;
  // C 30,000 15,000; D 20,000. The 8 largest: A A A A, B B B, C -> 4/3/1/0.
  Result<SeatAllocation> a = AllocateSeats(kClassic, 230000, Rules(8, 0, SeatMethod::kDHondt));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  const std::map<std::string, int64_t> expected = {{"A", 4}, {"B", 3}, {"C", 1}, {"D", 0}};
  EXPECT_EQ(SeatsOf(*a), expected);
  EXPECT_EQ(Find(*a, "A").last_divisor, 4);  // its 4th seat: 100,000 / 4 = 25,000, the 8th seat
  EXPECT_EQ(Find(*a, "B").last_divisor, 3);
  EXPECT_EQ(Find(*a, "D").last_divisor, 0);
  EXPECT_THAT(a->ties, IsEmpty());  // the 9th quotient (20,000) does not touch the 8th (25,000)
  EXPECT_THAT(a->computation, Contains(HasSubstr("Seat 8: A, 100,000 / 4 = 25,000.000")));
}

TEST(SeatAllocation, SainteLagueClassicExample) {
  // Quotients votes/1, /3, /5: A 100,000 33,333 20,000; B 80,000 26,667 16,000; C 30,000;
  // D 20,000. Seats 1-5: A B A C B; seats 6-7: A and D with 20,000 each (both fit, no tie);
  // seat 8: B 16,000 -> 3/3/1/1.
  Result<SeatAllocation> a = AllocateSeats(kClassic, 230000, Rules(8, 0, SeatMethod::kSainteLague));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  const std::map<std::string, int64_t> expected = {{"A", 3}, {"B", 3}, {"C", 1}, {"D", 1}};
  EXPECT_EQ(SeatsOf(*a), expected);
  EXPECT_EQ(Find(*a, "A").last_divisor, 5);
  EXPECT_EQ(Find(*a, "B").last_divisor, 5);
  EXPECT_THAT(a->ties, IsEmpty());
}

TEST(SeatAllocation, SainteLagueTieForTheLastSeatByRegistrationOrder) {
  // With 6 seats, A (100,000 / 5) and D (20,000 / 1) tie at 20,000 for the 6th seat.
  Result<SeatAllocation> a = AllocateSeats(kClassic, 230000, Rules(6, 0, SeatMethod::kSainteLague));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  std::map<std::string, int64_t> expected = {{"A", 3}, {"B", 2}, {"C", 1}, {"D", 0}};
  EXPECT_EQ(SeatsOf(*a), expected);
  ASSERT_EQ(a->ties.size(), 1u);
  EXPECT_EQ(a->ties[0].stage, "quotient");
  EXPECT_THAT(a->ties[0].contenders, ElementsAre("A", "D"));
  EXPECT_THAT(a->ties[0].winners, ElementsAre("A"));
  EXPECT_TRUE(Find(*a, "A").tie_decided);
  EXPECT_TRUE(Find(*a, "D").tie_decided);
  EXPECT_FALSE(Find(*a, "B").tie_decided);

  // Register D first and D takes the seat.
  std::vector<ListVotes> reordered = kClassic;
  reordered[0].registration_order = 9;
  a = AllocateSeats(reordered, 230000, Rules(6, 0, SeatMethod::kSainteLague));
  ASSERT_TRUE(a.ok());
  expected = {{"A", 2}, {"B", 2}, {"C", 1}, {"D", 1}};
  EXPECT_EQ(SeatsOf(*a), expected);
  EXPECT_THAT(a->ties.at(0).winners, ElementsAre("D"));
}

// --- Threshold ---------------------------------------------------------------------------------

TEST(SeatAllocation, ListExactlyAtTheThresholdPasses) {
  // 700 of 10,000 participants is exactly 7 %: "not less than 7 %" passes.
  Result<SeatAllocation> a = AllocateSeats({{"at", 700, 1}, {"big", 6300, 2}}, 10000, Rules(10, 700));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->threshold_votes, 700);
  EXPECT_TRUE(Find(*a, "at").passed);
  EXPECT_EQ(Find(*a, "at").seats, 1);  // T = 7,000: 700 × 10 / 7,000 = 1 quota
  EXPECT_EQ(Find(*a, "big").seats, 9);

  a = AllocateSeats({{"at", 699, 1}, {"big", 6300, 2}}, 10000, Rules(10, 700));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_FALSE(Find(*a, "at").passed);
  EXPECT_EQ(Find(*a, "at").seats, 0);
  EXPECT_EQ(Find(*a, "big").seats, 10);
}

TEST(SeatAllocation, FractionalThresholdRoundsTheVotesNeededUp) {
  // 7 % of 10,001 = 700.07: 700 votes fail, 701 pass.
  Result<SeatAllocation> a = AllocateSeats({{"x", 700, 1}, {"y", 5000, 2}}, 10001, Rules(3, 700));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->threshold_votes, 701);
  EXPECT_FALSE(Find(*a, "x").passed);
  a = AllocateSeats({{"x", 701, 1}, {"y", 5000, 2}}, 10001, Rules(3, 700));
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(Find(*a, "x").passed);
}

TEST(SeatAllocation, ListWithoutVotesNeverPasses) {
  Result<SeatAllocation> a = AllocateSeats({{"x", 0, 1}, {"y", 10, 2}}, 10, Rules(3, 0));
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(Find(*a, "x").passed);
  EXPECT_EQ(Find(*a, "y").seats, 3);
}

TEST(SeatAllocation, NoListPassesIsACheckFailureWithTheFigures) {
  Result<SeatAllocation> a = AllocateSeats({{"x", 600, 1}, {"y", 500, 2}}, 10000, Rules(10, 700));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(a.error().rule, "R-A3.no-list-passes");
  EXPECT_THAT(a.error().message, HasSubstr("7.00%"));
  EXPECT_THAT(a.error().message, HasSubstr("10,000"));
  EXPECT_THAT(a.error().message, HasSubstr("700 votes"));
  EXPECT_THAT(a.error().message, HasSubstr("x with 600"));

  a = AllocateSeats({{"x", 0, 1}}, 0, Rules(10, 700));  // nobody voted
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().rule, "R-A3.no-list-passes");
}

TEST(SeatAllocation, ValidVotesAboveParticipantsIsAnR_E4Failure) {
  // 2007: published valid votes exceeded election-night turnout.
  Result<SeatAllocation> a = AllocateSeats(Annex1(), 5935624, Rules(98, 700));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kCheckFailed);
  EXPECT_EQ(a.error().rule, "R-E4.valid-le-participants");
  EXPECT_THAT(a.error().message, HasSubstr("5,935,625"));
  EXPECT_THAT(a.error().message, HasSubstr("5,935,624"));
  EXPECT_TRUE(AllocateSeats(Annex1(), 5935625, Rules(98, 700)).ok());
}

// --- Ties --------------------------------------------------------------------------------------

// x 400, alpha 300, beta 300 for 2 seats, T = 1,000: no full quotas; remainders 800, 600, 600.
// x takes the first leftover seat; alpha and beta tie for the second.
const std::vector<ListVotes> kTied = {{"x", 400, 3}, {"alpha", 300, 2}, {"beta", 300, 1}};

TEST(SeatAllocation, EqualRemaindersGoToTheListRegisteredFirst) {
  Result<SeatAllocation> a = AllocateSeats(kTied, 1000, Rules(2, 0));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(Find(*a, "x").seats, 1);
  EXPECT_EQ(Find(*a, "beta").seats, 1);  // registration_order 1
  EXPECT_EQ(Find(*a, "alpha").seats, 0);
  ASSERT_EQ(a->ties.size(), 1u);
  const TieDecision& tie = a->ties[0];
  EXPECT_EQ(tie.stage, "largest remainder");
  EXPECT_EQ(tie.rule, TieBreak::kRegistrationOrder);
  EXPECT_EQ(tie.seats_at_stake, 1);
  EXPECT_THAT(tie.contenders, ElementsAre("beta", "alpha"));
  EXPECT_THAT(tie.winners, ElementsAre("beta"));
  EXPECT_TRUE(Find(*a, "alpha").tie_decided);
  EXPECT_TRUE(Find(*a, "beta").tie_decided);
  EXPECT_FALSE(Find(*a, "x").tie_decided);
  EXPECT_THAT(a->computation, Contains(AllOf(HasSubstr("Tie"), HasSubstr("beta (registered 1)"))));
}

TEST(SeatAllocation, EqualRemaindersThatAllFitAreNotATie) {
  // 3 seats: x, alpha and beta all get a leftover seat.
  Result<SeatAllocation> a = AllocateSeats(kTied, 1000, Rules(3, 0));
  ASSERT_TRUE(a.ok());
  EXPECT_THAT(a->ties, IsEmpty());
  for (const ListSeats& l : a->lists) {
    EXPECT_EQ(l.seats, 1);
    EXPECT_FALSE(l.tie_decided);
  }
}

TEST(SeatAllocation, TieByLotIsDeterministicAndSeedDependent) {
  // Expected winners computed independently with python3:
  //   hashlib.sha256(b"ashyq/v1/seat-lot\x00" + f"{seed}|{choice}".encode()).hexdigest()
  //   seed "00": alpha 268ea506..., beta 3907a063... -> alpha
  //   seed "05": alpha 83c032b9..., beta 65192d82... -> beta
  //   seed "06": alpha dadae0bb..., beta 1cb8a85a... -> beta
  SeatRules rules = Rules(2, 0);
  rules.tie_break = TieBreak::kLot;
  const std::map<std::string, std::string> expected = {{"00", "alpha"}, {"05", "beta"}, {"06", "beta"},
                                                       {"07", "alpha"}};
  for (const auto& [seed, winner] : expected) {
    rules.lot_seed = seed;
    Result<SeatAllocation> a = AllocateSeats(kTied, 1000, rules);
    ASSERT_TRUE(a.ok()) << a.error().ToString();
    EXPECT_EQ(Find(*a, winner).seats, 1) << seed;
    EXPECT_EQ(Find(*a, winner == "alpha" ? "beta" : "alpha").seats, 0) << seed;
    ASSERT_EQ(a->ties.size(), 1u);
    EXPECT_EQ(a->ties[0].rule, TieBreak::kLot);
    EXPECT_THAT(a->ties[0].winners, ElementsAre(winner));
    // Same seed, same answer.
    Result<SeatAllocation> again = AllocateSeats(kTied, 1000, rules);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(SeatsOf(*again), SeatsOf(*a));
    EXPECT_EQ(again->computation, a->computation);
  }
  rules.lot_seed = "00";
  Result<SeatAllocation> a = AllocateSeats(kTied, 1000, rules);
  ASSERT_TRUE(a.ok());
  EXPECT_THAT(a->computation, Contains(HasSubstr("alpha (lot digest 268ea5065759caf7ece3d1ab479f7b75534f5aac469e3139c105c3897f54e945)")));
}

// --- Exactness ---------------------------------------------------------------------------------

TEST(SeatAllocation, NoOverflowNearTheLimits) {
  // votes × seats is about 2^66 here: 64-bit arithmetic would overflow.
  const int64_t half = int64_t{1} << 52;  // T = 2^53 - 1 = 2 × half - 1
  const std::vector<ListVotes> lists = {{"a", half, 1}, {"b", half - 1, 2}};
  // a: half × 10,000 = 5,000 T + 5,000 -> 5,000 quotas, remainder 5,000.
  // b: (half - 1) × 10,000 = 5,000 T - 5,000 -> 4,999 quotas, remainder T - 5,000: the leftover seat.
  Result<SeatAllocation> a = AllocateSeats(lists, kMaxVotes, Rules(kMaxSeats, 700));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(Find(*a, "a").automatic_seats, 5000);
  EXPECT_EQ(Find(*a, "a").remainder_numerator, 5000);
  EXPECT_EQ(Find(*a, "b").automatic_seats, 4999);
  EXPECT_EQ(Find(*a, "b").remainder_numerator, kMaxVotes - 5000);
  EXPECT_EQ(Find(*a, "b").seats, 5000);
  EXPECT_EQ(Find(*a, "a").share_bp, 5000);

  for (SeatMethod m : {SeatMethod::kDHondt, SeatMethod::kSainteLague}) {
    Result<SeatAllocation> d = AllocateSeats(lists, kMaxVotes, Rules(kMaxSeats, 700, m));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(Find(*d, "a").seats, 5000);
    EXPECT_EQ(Find(*d, "b").seats, 5000);
    EXPECT_THAT(d->ties, IsEmpty());  // the quotients differ by one vote in 2^52
  }
}

// Independent check of the divisor methods: list every quotient, sort exactly (as long double
// would not be exact, compare by cross-multiplication), take the top S.
std::map<std::string, int64_t> BruteForceDivisors(const std::vector<ListVotes>& lists, int64_t seats, bool sainte_lague) {
  struct Q {
    std::string choice;
    int64_t votes;
    int64_t divisor;
    int64_t order;
  };
  std::vector<Q> all;
  for (const ListVotes& l : lists) {
    for (int64_t s = 0; s < seats; ++s) all.push_back({l.choice, l.votes, sainte_lague ? 2 * s + 1 : s + 1, l.registration_order});
  }
  std::stable_sort(all.begin(), all.end(), [](const Q& x, const Q& y) {
    const long long lx = static_cast<long long>(x.votes) * y.divisor;  // small test figures
    const long long ly = static_cast<long long>(y.votes) * x.divisor;
    if (lx != ly) return lx > ly;
    return x.order < y.order;  // registration order settles equal quotients
  });
  std::map<std::string, int64_t> out;
  for (const ListVotes& l : lists) out[l.choice] = 0;
  for (int64_t i = 0; i < seats; ++i) ++out[all[i].choice];
  return out;
}

TEST(SeatAllocation, RandomElectionsAgreeWithIndependentChecks) {
  std::mt19937_64 rng(20070818);
  for (int round = 0; round < 400; ++round) {
    const int n = 2 + static_cast<int>(rng() % 7);
    std::vector<ListVotes> lists;
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i + 1;
    std::shuffle(order.begin(), order.end(), rng);
    int64_t valid = 0;
    for (int i = 0; i < n; ++i) {
      // Small vote counts make equal remainders and quotients common.
      const int64_t votes = 1 + static_cast<int64_t>(rng() % (round % 2 == 0 ? 50 : 100000));
      lists.push_back({"list" + std::to_string(i), votes, order[static_cast<size_t>(i)]});
      valid += votes;
    }
    const int64_t seats = 1 + static_cast<int64_t>(rng() % 40);
    const int64_t participants = valid + static_cast<int64_t>(rng() % 100);

    Result<SeatAllocation> hare = AllocateSeats(lists, participants, Rules(seats, 0));
    ASSERT_TRUE(hare.ok()) << hare.error().ToString();
    int64_t total = 0;
    for (const ListSeats& l : hare->lists) {
      total += l.seats;
      // Quota rule: each list gets its exact quota rounded down or up.
      const Int128 exact = static_cast<Int128>(l.votes) * seats;
      EXPECT_TRUE(static_cast<Int128>(l.seats) * valid >= exact - valid + 1) << l.choice;
      EXPECT_TRUE(static_cast<Int128>(l.seats) * valid <= exact + valid - 1) << l.choice;
    }
    EXPECT_EQ(total, seats);

    for (bool sl : {false, true}) {
      Result<SeatAllocation> d =
          AllocateSeats(lists, participants, Rules(seats, 0, sl ? SeatMethod::kSainteLague : SeatMethod::kDHondt));
      ASSERT_TRUE(d.ok()) << d.error().ToString();
      EXPECT_EQ(SeatsOf(*d), BruteForceDivisors(lists, seats, sl)) << "round " << round << (sl ? " SL" : " DH");
    }
  }
}

// --- Bad input ---------------------------------------------------------------------------------

// `rule` says which rule parameter is at fault: callers map errors to their options by it.
void ExpectBadInput(const Result<SeatAllocation>& a, const std::string& where_part, const std::string& message_part,
                    std::string_view rule = seat_rule::kLists) {
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kBadInput) << a.error().ToString();
  EXPECT_EQ(a.error().rule, rule) << a.error().ToString();
  EXPECT_THAT(a.error().where, HasSubstr(where_part));
  EXPECT_THAT(a.error().message, HasSubstr(message_part));
}

TEST(SeatAllocation, RejectsBadInput) {
  const std::vector<ListVotes> ok = {{"a", 10, 1}, {"b", 5, 2}};
  ExpectBadInput(AllocateSeats({{"a", 10, 1}, {"b", -5, 2}}, 100, Rules(3, 0)), "list 2 (b)", "-5");
  ExpectBadInput(AllocateSeats({{"a", kMaxVotes + 1, 1}}, kMaxVotes, Rules(3, 0)), "list 1 (a)", "2^53");
  ExpectBadInput(AllocateSeats(ok, 100, Rules(0, 0)), "seats", "got 0", "R-A3.seats");
  ExpectBadInput(AllocateSeats(ok, 100, Rules(10001, 0)), "seats", "10001", seat_rule::kSeats);
  ExpectBadInput(AllocateSeats(ok, 100, Rules(3, -1)), "threshold", "-1", "R-A3.threshold");
  ExpectBadInput(AllocateSeats(ok, 100, Rules(3, 10001)), "threshold", "10001", seat_rule::kThreshold);
  ExpectBadInput(AllocateSeats(ok, -1, Rules(3, 0)), "participants", "-1", "R-A3.participants");
  ExpectBadInput(AllocateSeats({}, 100, Rules(3, 0)), "lists", "no lists");
  ExpectBadInput(AllocateSeats({{"a", 10, 1}, {"a", 5, 2}}, 100, Rules(3, 0)), "list 2 (a)", "list 1");
  ExpectBadInput(AllocateSeats({{"", 10, 1}}, 100, Rules(3, 0)), "list 1", "empty");
  ExpectBadInput(AllocateSeats({{"a", 10, 1}, {"b", 5, 1}}, 100, Rules(3, 0)), "list 2 (b)", "registration order 1");
  SeatRules lot = Rules(3, 0);
  lot.tie_break = TieBreak::kLot;
  ExpectBadInput(AllocateSeats(ok, 100, lot), "lot seed", "hex", "R-A3.lot-seed");
  lot.lot_seed = "ABCD";  // upper case: the seed is hashed as written, so one spelling only
  ExpectBadInput(AllocateSeats(ok, 100, lot), "lot seed", "lowercase", seat_rule::kLotSeed);
  lot.lot_seed = "abcd";
  EXPECT_TRUE(AllocateSeats({{"a", 10, 1}, {"b", 5, 1}}, 100, lot).ok());  // lot ignores registration order
  SeatRules runner_up = Rules(3, 0);
  runner_up.runner_up_min_seats = 3;
  ExpectBadInput(AllocateSeats(ok, 100, runner_up), "runner-up", "less than the 3 seats", "R-A3.runner-up-seats");
  runner_up.runner_up_min_seats = -1;
  ExpectBadInput(AllocateSeats(ok, 100, runner_up), "runner-up", "-1", seat_rule::kRunnerUpSeats);
}

TEST(SeatAllocation, CarriesTheRulesItApplied) {
  SeatRules lot = Rules(3, 0);
  lot.tie_break = TieBreak::kLot;
  lot.lot_seed = "05";
  lot.runner_up_min_seats = 1;
  Result<SeatAllocation> a = AllocateSeats({{"a", 10, 1}, {"b", 5, 2}}, 100, lot);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->tie_break, TieBreak::kLot);
  EXPECT_EQ(a->lot_seed, "05");
  EXPECT_EQ(a->runner_up_min_seats, 1);
  SeatRules order = Rules(3, 0);
  order.lot_seed = "05";  // ignored: not a draw by lot
  a = AllocateSeats({{"a", 10, 1}, {"b", 5, 2}}, 100, order);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->tie_break, TieBreak::kRegistrationOrder);
  EXPECT_EQ(a->lot_seed, "");
}

}  // namespace
}  // namespace ashyq::tabulate
