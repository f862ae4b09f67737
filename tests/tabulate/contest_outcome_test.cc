// DecideContest on the fixture's national totals, against figures worked out by hand: what the
// commission server publishes and what a verifier decides again both come from this function.
#include "tabulate/contest_outcome.h"

#include <gtest/gtest.h>

#include "tier_fixture.h"

namespace ashyq::tabulate {
namespace {

using testing::TabulationElection;

const ListSeats* ListOf(const SeatAllocation& a, const std::string& choice) {
  for (const ListSeats& l : a.lists) {
    if (l.choice == choice) return &l;
  }
  return nullptr;
}

TEST(ContestOutcomeTest, MajilisSeatsAsWorkedOutByHand) {
  TabulationElection e;
  Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, e.Counted());
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  const ContestTotals* totals = testing::TotalsOf(t->cec().protocol, "majilis");
  ASSERT_NE(totals, nullptr);
  // Five stations: Nur Otan 480+900+700+400+1500 = 3,980; ANSDP 100+200+70+50+260 = 680;
  // Ak Zhol 60+80+30+40+100 = 310. Ballots issued 600+1200+850+500+1900 = 5,050 and 50
  // electronic: 5,100 took part.
  ASSERT_EQ(totals->participants(), 5100);
  const ContestOutcome outcome = DecideContest(e.def, *testing::FindContest(e.def, "majilis"), *totals);
  ASSERT_FALSE(outcome.error.has_value()) << outcome.error->ToString();
  ASSERT_TRUE(outcome.seats.has_value());
  // 7 % of 5,100 is 357: Ak Zhol (310) does not pass. 98 seats by Hare between 4,660 votes:
  // 3,980 x 98 / 4,660 = 83.70 and 680 x 98 / 4,660 = 14.30, so 83 + 14 = 97 by full quotas and
  // the last seat to the larger remainder, Nur Otan's.
  const ListSeats* nur_otan = ListOf(*outcome.seats, "list-nur-otan");
  const ListSeats* ansdp = ListOf(*outcome.seats, "list-ansdp");
  const ListSeats* ak_zhol = ListOf(*outcome.seats, "list-ak-zhol");
  ASSERT_TRUE(nur_otan != nullptr && ansdp != nullptr && ak_zhol != nullptr);
  EXPECT_TRUE(nur_otan->passed);
  EXPECT_TRUE(ansdp->passed);
  EXPECT_FALSE(ak_zhol->passed);
  EXPECT_EQ(nur_otan->seats, 84);
  EXPECT_EQ(ansdp->seats, 14);
  EXPECT_EQ(ak_zhol->seats, 0);
  EXPECT_EQ(outcome.seats->passing_votes, 4660);
}

TEST(ContestOutcomeTest, PresidentElectedInTheFirstRound) {
  TabulationElection e;
  Result<NationalTabulation> t = Tabulate(*e.tree, e.digest, e.Counted());
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  const ContestTotals* totals = testing::TotalsOf(t->cec().protocol, "president");
  ASSERT_NE(totals, nullptr);
  const ContestOutcome outcome = DecideContest(e.def, *testing::FindContest(e.def, "president"), *totals);
  ASSERT_FALSE(outcome.error.has_value()) << outcome.error->ToString();
  ASSERT_TRUE(outcome.presidential.has_value());
  // Aliev 400+800+600+300+1200 = 3,300 of 3,300+1,200+470 valid votes: a majority.
  EXPECT_EQ(outcome.presidential->kind, PresidentialOutcome::Kind::kElected);
  EXPECT_EQ(outcome.presidential->elected, "cand-aliev");

  // Take 2,000 votes from Aliev: 1,300 of 2,970 is no majority, so a run-off of the two leaders.
  ContestTotals fewer = *totals;
  for (auto& [choice, votes] : fewer.votes) {
    if (choice == "cand-aliev") votes -= 2000;
  }
  const ContestOutcome run_off = DecideContest(e.def, *testing::FindContest(e.def, "president"), fewer);
  ASSERT_TRUE(run_off.presidential.has_value());
  EXPECT_EQ(run_off.presidential->kind, PresidentialOutcome::Kind::kRunOff);
}

}  // namespace
}  // namespace ashyq::tabulate
