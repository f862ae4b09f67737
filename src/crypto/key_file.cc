#include "crypto/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/file_io.h"
#include "core/json.h"
#include "core/json_reader.h"
#include "core/encoding.h"

namespace ashyq::crypto {

namespace {

constexpr std::string_view kKeyFileFormat = "ashyq/secret-key/1";
constexpr std::string_view kAlgorithm = "ed25519";
constexpr size_t kMaxKeyFileBytes = 16 * 1024;  // a key file is ~250 bytes plus the owner id
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'a', 's', 'h', 'y', 'q', 's', 'i', 'm'};

static_assert(KeySeed::kSize == crypto_kdf_KEYBYTES);
static_assert(KeySeed::kSize >= crypto_kdf_BYTES_MIN && KeySeed::kSize <= crypto_kdf_BYTES_MAX);

// Wipes a buffer that held seed text when it goes out of scope, on every return path.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string* text) : text_(text) {}
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit() {
    if (text_ != nullptr) sodium_memzero(text_->data(), text_->size());
  }

 private:
  std::string* text_;
};

std::string ModeOctal(mode_t mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
  return buffer;
}

std::string ShortKey(const PublicKey& key) { return key.Hex().substr(0, 16) + "\xE2\x80\xA6"; }

// Reads the whole file through one descriptor, so the permission check and the read concern
// the same file, into a buffer of exactly the right size (no reallocation leaves copies).
Status ReadSecretFile(const std::string& path, std::string* text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) return Error{ErrorCode::kNotFound, path, "", "no key file here"};
    return IoError(path, std::string("cannot open key file: ") + std::strerror(error));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return IoError(path, std::string("cannot stat key file: ") + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return BadInput(path, "key file is not a regular file");
  if ((st.st_mode & 077) != 0) {
    return CheckFailed(path, "",
                       "key file has mode " + ModeOctal(st.st_mode) +
                           ", so group or others can access the secret key; run `chmod 600 " +
                           path + "` and check who may have read it");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxKeyFileBytes) {
    return Error{ErrorCode::kTooLarge, path, "",
                 "key file is " + std::to_string(st.st_size) + " bytes; the limit is " +
                     std::to_string(kMaxKeyFileBytes)};
  }
  text->assign(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < text->size()) {
    const ssize_t n = ::read(fd, text->data() + done, text->size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(path, std::string("cannot read key file: ") + std::strerror(errno));
    if (n == 0) break;  // the file shrank meanwhile
    done += static_cast<size_t>(n);
  }
  text->resize(done);
  return Status();
}

}  // namespace

Status KeyFile::Write(const std::string& path, const std::string& owner, const KeySeed& seed) {
  if (owner.empty()) return BadInput(path, "key file owner must not be empty");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    return Error{ErrorCode::kAlreadyExists, path, "",
                 "a key file already exists here; a secret key is never overwritten"};
  }
  const SigningKey key = SigningKey::FromSeed(seed);
  const std::string owner_json = json::Canonicalize(json::Value(owner));

  // Assembled by hand into one buffer reserved up front, so the seed's text exists in
  // exactly two places (this buffer and `seed_hex`), both wiped below.
  char seed_hex[KeySeed::kSize * 2 + 1];
  sodium_bin2hex(seed_hex, sizeof seed_hex, seed.bytes.data(), seed.bytes.size());
  std::string text;
  text.reserve(256 + owner_json.size());
  WipeOnExit wipe_text(&text);
  text += "{\n  \"format\": \"";
  text += kKeyFileFormat;
  text += "\",\n  \"algorithm\": \"";
  text += kAlgorithm;
  text += "\",\n  \"owner\": ";
  text += owner_json;
  text += ",\n  \"seed\": \"";
  text.append(seed_hex, KeySeed::kSize * 2);
  sodium_memzero(seed_hex, sizeof seed_hex);
  text += "\",\n  \"public_key\": \"";
  text += key.public_key().Hex();
  text += "\"\n}\n";
  return WriteFileAtomic(path, text, 0600, /*overwrite=*/false);
}

Result<PublicKey> KeyFile::Generate(const std::string& path, const std::string& owner) {
  ASHYQ_RETURN_IF_ERROR(Initialize());
  KeySeed seed;
  randombytes_buf(seed.bytes.data(), seed.bytes.size());
  ASHYQ_RETURN_IF_ERROR(Write(path, owner, seed));
  return SigningKey::FromSeed(seed).public_key();
}

Result<KeySeed> KeyFile::LoadSeed(const std::string& path, std::string* owner) {
  std::string text;
  WipeOnExit wipe_text(&text);
  ASHYQ_RETURN_IF_ERROR(ReadSecretFile(path, &text));

  json::ParseOptions options;
  options.max_bytes = kMaxKeyFileBytes;
  Result<json::Value> parsed = json::Parse(text, options);
  if (!parsed.ok()) {
    // The parser's message may quote the text near the fault, which could be the seed.
    return BadInput(path, "key file is not valid JSON (details withheld: it holds a secret key)");
  }
  json::Value& document = *parsed;

  std::vector<Error> errors;
  json::ObjectReader reader(document, "", &errors);
  if (!reader.is_object()) return BadInput(path, "key file must hold a JSON object");
  const std::string format = reader.String("format");
  const std::string algorithm = reader.String("algorithm");
  std::string owner_id = reader.NonEmptyString("owner");
  const json::Value* seed_value = reader.Any("seed");
  const std::string public_hex = reader.String("public_key");
  reader.RejectUnknown();

  // The seed string inside the parsed document: wiped on every return path. The document
  // is ours and not const; only the accessor is.
  std::string* seed_text = nullptr;
  if (seed_value != nullptr && seed_value->is_string()) {
    seed_text = const_cast<std::string*>(&seed_value->as_string());
  }
  WipeOnExit wipe_seed_text(seed_text);

  if (!errors.empty()) return errors.front().In(path);
  if (format != kKeyFileFormat) {
    return BadInput(path + ":/format", "key file format must be \"" + std::string(kKeyFileFormat) +
                                           "\"");
  }
  if (algorithm != kAlgorithm) {
    return BadInput(path + ":/algorithm", "only \"ed25519\" keys are supported");
  }
  // Never quote the seed: say only what shape it should have.
  if (seed_text == nullptr || seed_text->size() != KeySeed::kSize * 2 || !IsLowerHex(*seed_text)) {
    return BadInput(path + ":/seed", "seed must be a string of 64 lowercase hex digits");
  }
  KeySeed seed;
  if (sodium_hex2bin(seed.bytes.data(), seed.bytes.size(), seed_text->data(), seed_text->size(),
                     nullptr, nullptr, nullptr) != 0) {
    return BadInput(path + ":/seed", "seed must be a string of 64 lowercase hex digits");
  }
  Result<PublicKey> stated = PublicKey::FromHex(public_hex);
  if (!stated.ok()) return BadInput(path + ":/public_key", stated.error().message);

  SigningKey key = SigningKey::FromSeed(seed);
  if (key.public_key() != *stated) {
    return CheckFailed(path + ":/public_key", "",
                       "public key " + ShortKey(*stated) +
                           " does not match the seed, which gives " + ShortKey(key.public_key()) +
                           "; the key file is corrupt or was edited");
  }
  if (owner != nullptr) *owner = std::move(owner_id);
  return seed;
}

Result<SigningKey> KeyFile::Load(const std::string& path, std::string* owner) {
  ASHYQ_ASSIGN_OR_RETURN(KeySeed seed, LoadSeed(path, owner));
  return SigningKey::FromSeed(seed);
}

SimulatedKeyring::SimulatedKeyring(const KeySeed& master) : master_(master) {
  if (!Initialize().ok()) {
    std::fputs("ashyq: libsodium failed to initialise\n", stderr);
    std::abort();
  }
}

KeySeed SimulatedKeyring::SeedFor(uint64_t index) const {
  KeySeed seed;
  crypto_kdf_derive_from_key(seed.bytes.data(), seed.bytes.size(), index, kKdfContext,
                             master_.bytes.data());
  return seed;
}

SigningKey SimulatedKeyring::KeyFor(uint64_t index) const {
  return SigningKey::FromSeed(SeedFor(index));
}

}  // namespace ashyq::crypto
