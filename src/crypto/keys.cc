#include "crypto/keys.h"

#include <sodium.h>

namespace ashyq::crypto {

Status Initialize() {
  if (sodium_init() < 0) {
    return Error{ErrorCode::kInternal, "libsodium", "", "sodium_init failed"};
  }
  return Status();
}

}  // namespace ashyq::crypto
