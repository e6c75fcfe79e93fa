// Entries of a content-addressed on-disk cache, shared by the compiler's program cache and the emulator's
// kernel-object cache. An entry is a directory <root>/<key>/ (key: a SHA-256, see sha256.h) holding the files
// of one build and a MANIFEST: one line "<relative path>\t<SHA-256 of its contents>" per file. Contracts:
//  * atomic: an entry is built in a private workspace directory beside it and renamed into place with its
//    manifest already written, so no process ever sees a partly written entry;
//  * verified on use: entry_valid checks every listed file against its digest (re-hashing a file only when
//    its inode, size, mtime or ctime changed since it was last hashed: by this process, or by any process, as
//    the entry's VERIFIED record says), so a truncated, corrupted, edited or deleted file makes the entry
//    invalid and the caller rebuilds it (publish_entry replaces it). A rewrite always changes ctime, which no
//    user call can set back; a copied entry has new inodes and is hashed again;
//  * relocatable: paths in the manifest are relative, so a copied cache directory is as valid as the original
//    (what the entry's files themselves contain is the builder's business: see jit_build.cpp, kernel_build.cpp);
//  * bounded: evict_lru removes the least recently used entries (by the manifest's mtime, which entry_valid
//    updates) until the cache fits its size cap.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tt_jit {
namespace fs = std::filesystem;

constexpr const char* kManifest = "MANIFEST";
// The stat signatures (device, inode, size, mtime, ctime) at which an entry's files last had their manifest's
// digests; not itself in the manifest (cache_entry.cpp).
constexpr const char* kVerified = "VERIFIED";

// True when `entry` has a manifest and every file it lists has the recorded digest; marks the entry used.
bool entry_valid(const fs::path& entry);
// Bytes of files this process has hashed to verify entries (what the VERIFIED records spare a new process).
uint64_t verify_hashed_bytes();
// Forgets which files this process has verified: its next checks are those of a new process (for tests).
void forget_verified();
// A new private directory to build `entry` in (beside it: the final rename stays within one filesystem).
fs::path entry_workspace(const fs::path& entry);
// Writes the manifest of every regular file under `work` and renames `work` to `entry`, replacing an entry that
// is not `usable` (default: entry_valid; a cache with more conditions, such as the emulator's dependencies on
// headers outside the entry, passes its own). If another process published a usable entry first, that one
// stays and `work` is removed.
void publish_entry(const fs::path& work, const fs::path& entry,
                   const std::function<bool(const fs::path&)>& usable = entry_valid);
// Removes `work` (a failed build), ignoring errors.
void discard_workspace(const fs::path& work);
// Removes least recently used entries of `root` until the entries total at most max_bytes (0: no cap), never
// one of `keep`; also removes workspaces abandoned more than an hour ago (by a process that was killed).
void evict_lru(const fs::path& root, uint64_t max_bytes, const std::vector<fs::path>& keep);
// Megabytes from the environment variable `var` (a non-negative integer), else default_mb; in bytes.
uint64_t cap_from_env(const char* var, uint64_t default_mb);
}  // namespace tt_jit
