#include "core/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace ashyq {
namespace {

namespace fs = std::filesystem;

class FileIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "ashyq_file_io_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (fs::path(dir_) / name).string(); }

  // Files in the directory other than `except`: no temporary may be left behind.
  int CountEntries() const {
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }

  static unsigned ModeOf(const std::string& path) {
    struct stat st;
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return st.st_mode & 07777;
  }

  std::string dir_;
};

TEST_F(FileIoTest, WriteThenRead) {
  std::string data("line 1\nАстана\n\0binary", 22);
  ASSERT_TRUE(WriteFileAtomic(Path("a.json"), data).ok());
  Result<std::string> r = ReadFile(Path("a.json"), 1 << 20);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, data);
  EXPECT_EQ(ModeOf(Path("a.json")), 0644u);
  EXPECT_EQ(CountEntries(), 1);
}

TEST_F(FileIoTest, DeferredWritesReplaceAtomicallyAndSync) {
  ASSERT_TRUE(WriteFileAtomic(Path("d.json"), "one", Durability::kDeferred).ok());
  ASSERT_TRUE(WriteFileAtomic(Path("d.json"), "two", Durability::kDeferred, 0600).ok());
  ASSERT_TRUE(SyncFileSystem(dir_).ok());
  Result<std::string> r = ReadFile(Path("d.json"), 16);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, "two");
  EXPECT_EQ(ModeOf(Path("d.json")), 0600u);
  EXPECT_EQ(CountEntries(), 1);  // no temporary left behind
  EXPECT_FALSE(SyncFileSystem(Path("missing")).ok());
}

TEST_F(FileIoTest, EmptyFile) {
  ASSERT_TRUE(WriteFileAtomic(Path("empty"), "").ok());
  Result<std::string> r = ReadFile(Path("empty"), 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST_F(FileIoTest, ModeIsExact) {
  mode_t old = ::umask(077);
  Status s = WriteFileAtomic(Path("key"), "secret", 0600);
  Status t = WriteFileAtomic(Path("pub"), "public", 0644);
  ::umask(old);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(ModeOf(Path("key")), 0600u);
  EXPECT_EQ(ModeOf(Path("pub")), 0644u);
}

TEST_F(FileIoTest, OverwriteReplaces) {
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "old contents").ok());
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "new").ok());
  EXPECT_EQ(*ReadFile(Path("f"), 100), "new");
  EXPECT_EQ(CountEntries(), 1);
}

TEST_F(FileIoTest, NoOverwriteKeepsExistingFile) {
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "original", 0644, false).ok());
  Status s = WriteFileAtomic(Path("f"), "replacement", 0644, false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(s.error().where, Path("f"));
  EXPECT_EQ(*ReadFile(Path("f"), 100), "original");
  EXPECT_EQ(CountEntries(), 1);  // no temporary left behind
}

TEST_F(FileIoTest, ReadMissingFile) {
  Result<std::string> r = ReadFile(Path("missing.json"), 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().where, Path("missing.json"));
}

TEST_F(FileIoTest, ReadTooLarge) {
  ASSERT_TRUE(WriteFileAtomic(Path("big"), std::string(101, 'x')).ok());
  EXPECT_TRUE(ReadFile(Path("big"), 101).ok());
  Result<std::string> r = ReadFile(Path("big"), 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().where, Path("big"));
  EXPECT_EQ(r.error().message, "file is 101 bytes, over the limit of 100 bytes");
}

TEST_F(FileIoTest, ReadDirectoryIsIoError) {
  Result<std::string> r = ReadFile(dir_, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
}

TEST_F(FileIoTest, ReadsFilesWithoutAKnownSize) {
  // /proc files report size 0 but have contents.
  Result<std::string> r = ReadFile("/proc/self/status", 1 << 20);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_NE(r->find("Name:"), std::string::npos);
  Result<std::string> small = ReadFile("/proc/self/status", 10);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().code, ErrorCode::kTooLarge);
}

TEST_F(FileIoTest, WriteIntoMissingDirectoryFails) {
  Status s = WriteFileAtomic(Path("no/such/dir/f"), "x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().code, ErrorCode::kAlreadyExists);
  EXPECT_FALSE(s.error().where.empty());
}

TEST_F(FileIoTest, MakeDirectories) {
  std::string deep = Path("a/b/c");
  ASSERT_TRUE(MakeDirectories(deep).ok());
  EXPECT_TRUE(fs::is_directory(deep));
  EXPECT_TRUE(MakeDirectories(deep).ok());         // already there
  EXPECT_TRUE(MakeDirectories(deep + "/").ok());   // trailing slash
  ASSERT_TRUE(MakeDirectories(Path("p//q"), 0700).ok());
  EXPECT_EQ(ModeOf(Path("p/q")), 0700u);
  ASSERT_TRUE(WriteFileAtomic(Path("a/file"), "x").ok());
  Status s = MakeDirectories(Path("a/file/sub"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, Path("a/file"));
  EXPECT_FALSE(MakeDirectories("").ok());
}

}  // namespace
}  // namespace ashyq
