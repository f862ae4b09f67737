// Every PrimeOrderGroup backend (crypto/group.h), for the typed tests of everything written over
// the group: TYPED_TEST_SUITE(MyTest, GroupBackends, GroupBackendNames) runs each test once per
// backend, named by its label (test names like MyTest/P256.Something).
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "crypto/group_eg4096.h"
#include "crypto/group_p256.h"
#include "crypto/group_ristretto255.h"
#include "crypto/group_ristretto255_decaf.h"

namespace ashyq::crypto::testing {

using GroupBackends = ::testing::Types<Ristretto255, Ristretto255Decaf, P256, ElectionGuard4096>;

class GroupBackendNames {
 public:
  template <typename G>
  static std::string GetName(int) { return std::string(G::kLabel); }
};

}  // namespace ashyq::crypto::testing
