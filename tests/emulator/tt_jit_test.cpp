// The JIT support shared by the compiler and the emulator (emulator/shared/tt_jit): SHA-256 against the FIPS
// 180-4 test vectors, cache entries (atomic publish, verification on use, replacement, LRU eviction), and child
// processes (exit codes and signals, also while SIGCHLD is ignored).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "tt_jit/cache_entry.h"
#include "tt_jit/process.h"
#include "tt_jit/sha256.h"

namespace {
namespace fs = std::filesystem;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(tt_jit::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(tt_jit::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(tt_jit::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  tt_jit::Sha256 h;  // a million 'a', fed in pieces that straddle blocks
  const std::string piece(997, 'a');
  size_t n = 0;
  for (; n + piece.size() <= 1000000; n += piece.size()) h.add(piece.data(), piece.size());
  h.add(piece.data(), 1000000 - n);
  EXPECT_EQ(h.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FieldsAreUnambiguous) {
  tt_jit::Sha256 a, b;
  a.add_field("ab"), a.add_field("c");
  b.add_field("a"), b.add_field("bc");
  EXPECT_NE(a.hex(), b.hex());
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::path(::testing::TempDir()) / ("tt_jit_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << s;
}

fs::path make_entry(const fs::path& root, const std::string& key, const std::string& content) {
  const fs::path entry = root / key;
  const fs::path work = tt_jit::entry_workspace(entry);
  write(work / "obj", content);
  write(work / "sub/src.cpp", "int x;\n");
  tt_jit::publish_entry(work, entry);
  return entry;
}

TEST(CacheEntry, VerifiedOnUseAndReplacedWhenWrong) {
  const fs::path root = fresh_dir("verify");
  const fs::path e = make_entry(root, "k", "object bytes");
  EXPECT_TRUE(tt_jit::entry_valid(e));
  // The manifest holds relative paths: a copy elsewhere is as valid.
  fs::copy(root, root.string() + "_copy", fs::copy_options::recursive);
  EXPECT_TRUE(tt_jit::entry_valid(root.string() + "_copy/k"));
  write(e / "obj", "object bytez");  // same size, one byte changed
  EXPECT_FALSE(tt_jit::entry_valid(e));
  write(e / "obj", "object");  // truncated
  EXPECT_FALSE(tt_jit::entry_valid(e));
  fs::remove(e / "obj");
  EXPECT_FALSE(tt_jit::entry_valid(e));
  make_entry(root, "k", "object bytes");  // a new build replaces the broken entry
  EXPECT_TRUE(tt_jit::entry_valid(e));
  fs::remove(e / tt_jit::kManifest);
  EXPECT_FALSE(tt_jit::entry_valid(e));
  // Nothing but entries is left behind (no workspaces).
  EXPECT_EQ(std::distance(fs::directory_iterator(root), fs::directory_iterator()), 1);
}

// A new process trusts a file whose stat signature matches the entry's VERIFIED record (publish wrote it) instead
// of hashing it again; a rewrite is still found (same size, mtime set back: ctime moved), and a copy is hashed.
TEST(CacheEntry, ANewProcessTrustsTheVerifiedRecordUntilAFileIsRewritten) {
  const fs::path root = fresh_dir("record");
  const fs::path e = make_entry(root, "k", std::string(1 << 16, 'o'));
  EXPECT_TRUE(fs::is_regular_file(e / tt_jit::kVerified));
  tt_jit::forget_verified();  // as a new process
  uint64_t hashed = tt_jit::verify_hashed_bytes();
  EXPECT_TRUE(tt_jit::entry_valid(e));
  EXPECT_EQ(tt_jit::verify_hashed_bytes(), hashed);
  fs::copy(root, root.string() + "_copy", fs::copy_options::recursive);
  tt_jit::forget_verified();
  EXPECT_TRUE(tt_jit::entry_valid(root.string() + "_copy/k"));  // new inodes: hashed, then recorded
  EXPECT_GT(tt_jit::verify_hashed_bytes(), hashed + (1 << 16) - 1);
  hashed = tt_jit::verify_hashed_bytes();
  tt_jit::forget_verified();
  EXPECT_TRUE(tt_jit::entry_valid(root.string() + "_copy/k"));
  EXPECT_EQ(tt_jit::verify_hashed_bytes(), hashed);
  struct stat st {};
  ASSERT_EQ(::stat((e / "obj").c_str(), &st), 0);
  write(e / "obj", std::string(1 << 16, 'x'));  // same size
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, (e / "obj").c_str(), times, 0), 0);  // the old mtime back
  tt_jit::forget_verified();
  EXPECT_FALSE(tt_jit::entry_valid(e));
}

TEST(CacheEntry, PublishKeepsAValidEntryAnotherProcessPublishedFirst) {
  const fs::path root = fresh_dir("race");
  make_entry(root, "k", "first");
  const fs::path work = tt_jit::entry_workspace(root / "k");
  write(work / "obj", "second");
  tt_jit::publish_entry(work, root / "k");
  EXPECT_FALSE(fs::exists(work));
  std::ifstream f(root / "k/obj");
  std::string s;
  f >> s;
  EXPECT_EQ(s, "first");
}

void set_used(const fs::path& entry, time_t t) {
  struct timespec ts[2] = {{t, 0}, {t, 0}};
  utimensat(AT_FDCWD, (entry / tt_jit::kManifest).c_str(), ts, 0);
}

TEST(CacheEntry, EvictsLeastRecentlyUsedBeyondTheCap) {
  const fs::path root = fresh_dir("lru");
  const std::string mb(1 << 20, 'x');
  const fs::path a = make_entry(root, "a", mb), b = make_entry(root, "b", mb), c = make_entry(root, "c", mb);
  set_used(a, 1000), set_used(b, 3000), set_used(c, 2000);
  tt_jit::entry_valid(a);  // a use: now the most recent
  tt_jit::evict_lru(root, 5u << 19, {});  // 2.5 MB: room for two entries of a little over 1 MB
  EXPECT_TRUE(fs::exists(a));
  EXPECT_TRUE(fs::exists(b));
  EXPECT_FALSE(fs::exists(c));
  tt_jit::evict_lru(root, 3u << 19, {b});  // 1.5 MB: the entry in use stays even when older
  EXPECT_FALSE(fs::exists(a));
  EXPECT_TRUE(fs::exists(b));
  tt_jit::evict_lru(root, 0, {});  // 0: no cap
  EXPECT_TRUE(fs::exists(b));
}

int run_sh(const std::string& script, const std::map<std::string, std::string>& env = {}) {
  const fs::path dir = fresh_dir("proc");
  return tt_jit::wait(tt_jit::spawn({"/bin/sh", "-c", script}, env, dir.string(), (dir / "out").string(), ""));
}

TEST(Process, ExitCodesAndSignals) {
  EXPECT_EQ(run_sh("exit 0"), 0);
  EXPECT_EQ(run_sh("exit 3"), 3);
  EXPECT_EQ(run_sh("kill -9 $$"), 128 + 9);
  EXPECT_EQ(run_sh("kill -FPE $$"), 128 + SIGFPE);
  // The command sees the variables it is given, in the directory it is given, and none of the launcher's.
  EXPECT_EQ(run_sh(R"(test "$X" = y && test -z "$TL_OUT$TL_STATUS" && case "$PWD" in */tt_jit_proc_*) ;; *) exit 1;; esac)",
                   {{"X", "y"}}),
            0);
}

TEST(Process, StatusKnownWhileSigchldIsIgnored) {
  struct sigaction ign {}, old {};
  ign.sa_handler = SIG_IGN;
  sigaction(SIGCHLD, &ign, &old);
  EXPECT_EQ(run_sh("exit 5"), 5);
  EXPECT_EQ(run_sh("kill -9 $$"), 128 + 9);
  // The child itself starts with SIGCHLD at its default: its own children's statuses are known too.
  EXPECT_EQ(run_sh("sh -c 'exit 7'; exit $?"), 7);
  sigaction(SIGCHLD, &old, nullptr);
}
}  // namespace
