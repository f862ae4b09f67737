// The verifier decides every contest itself (it may not use the server's code); on the same
// totals it must reach exactly the server's decision.
#include "tabulate/contest_outcome.h"

#include <gtest/gtest.h>

#include "record_fixture.h"
#include "server/tabulation_run.h"
#include "store/sqlite_store.h"

namespace ashyq::verify {
namespace {

TEST(ContestOutcomeTest, DecidesAsTheCommissionServer) {
  const testing::TinyRecord& r = testing::Honest();
  ASSERT_EQ(r.built_error, "");
  Result<std::unique_ptr<store::Store>> db = store::OpenSqliteStore(r.dir + "/election.db");
  ASSERT_TRUE(db.ok());
  Result<server::TabulationRun> run = server::RunTabulation(*r.election, **db, server::CommissionKeys());
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  ASSERT_FALSE(run->contests.empty());
  const ElectionDefinition& def = r.election->definition();
  for (const server::DecidedContest& server_decision : run->contests) {
    tabulate::ContestOutcome mine = tabulate::DecideContest(def, *server_decision.contest, *server_decision.totals);
    EXPECT_EQ(mine.contest, server_decision.contest->id);
    ASSERT_EQ(mine.seats.has_value(), server_decision.seats.has_value());
    ASSERT_EQ(mine.error.has_value(), server_decision.error.has_value());
    if (mine.seats) {
      EXPECT_EQ(mine.seats->computation, server_decision.seats->computation);
      ASSERT_EQ(mine.seats->lists.size(), server_decision.seats->lists.size());
      for (size_t i = 0; i < mine.seats->lists.size(); ++i) {
        EXPECT_EQ(mine.seats->lists[i].seats, server_decision.seats->lists[i].seats);
        EXPECT_EQ(mine.seats->lists[i].registration_order, server_decision.seats->lists[i].registration_order);
      }
    }
  }
  // Changing the totals changes the decision: the comparison is not vacuous.
  tabulate::ContestTotals totals = *run->contests.front().totals;
  totals.votes.front().second = 0;
  tabulate::ContestOutcome changed = tabulate::DecideContest(def, *run->contests.front().contest, totals);
  ASSERT_TRUE(changed.seats.has_value() || changed.error.has_value());
  if (changed.seats) {
    EXPECT_EQ(changed.seats->lists.front().seats, 0);
  }
}

}  // namespace
}  // namespace ashyq::verify
