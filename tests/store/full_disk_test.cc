// A full disk: the write that does not fit is RESOURCE_EXHAUSTED and leaves the store as it
// was; once there is room again, writes go through without a restart.
#include <sys/statvfs.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "vnnews/store/store.h"

namespace vnnews::store {
namespace {

using testing::MakeArticle;
using testing::TempDir;

TEST(FullDiskTest, WriteThatDoesNotFitIsResourceExhaustedAndChangesNothing) {
  TempDir dir;
  std::string why;
  if (!testing::EnterPrivateMountNamespace(&why)) GTEST_SKIP() << why;
  std::string disk = dir.Sub("disk");
  std::filesystem::create_directories(disk);
  // Room for the WAL (RocksDB preallocates it) and for RocksDB's own recovery, which waits until
  // the disk has room for a memtable (64 MiB) again.
  ASSERT_TRUE(testing::MountTmpfs(disk, size_t{400} << 20, &why)) << why;
  {
    auto store = Store::Open({disk + "/db"});
    ASSERT_TRUE(store.ok()) << store.status();
    auto reader = (*store)->NewReader();
    std::vector<std::string> acknowledged;
    for (int i = 0; i < 3; ++i) {
      std::string id = absl::StrCat("small", i);
      ASSERT_TRUE((*store)->Put(MakeArticle(id, "Hà Nội", 20200101 + i), "raw").ok());
      acknowledged.push_back(id);
    }
    // Take all but ~1 MiB of the room with a file that can be removed later.
    {
      struct statvfs fs;
      ASSERT_EQ(statvfs(disk.c_str(), &fs), 0);
      size_t free_bytes = static_cast<size_t>(fs.f_bavail) * fs.f_frsize;
      ASSERT_GT(free_bytes, size_t{2} << 20);
      std::ofstream filler(disk + "/filler", std::ios::binary);
      std::string chunk(64 << 10, 'f');
      for (size_t n = 0; n + (1 << 20) < free_bytes; n += chunk.size()) {
        filler.write(chunk.data(), chunk.size());
      }
    }
    std::string big(256 << 10, 'x');
    absl::Status failure;
    for (int i = 0; i < 3000 && failure.ok(); ++i) {
      std::string id = absl::StrCat("big", i);
      auto r = (*store)->Put(MakeArticle(id, "Hà Nội " + big, 20200101 + i % 28), big);
      if (r.ok()) {
        acknowledged.push_back(id);
      } else {
        failure = r.status();
        EXPECT_EQ(reader->Get(id).status().code(), absl::StatusCode::kNotFound)
            << "nothing of a failed write is stored";
      }
    }
    ASSERT_FALSE(failure.ok()) << "the disk never filled up";
    EXPECT_EQ(failure.code(), absl::StatusCode::kResourceExhausted) << failure;
    ASSERT_FALSE(acknowledged.empty());
    for (const std::string& id : acknowledged) EXPECT_TRUE(reader->Get(id).ok()) << id;
    EXPECT_EQ(*reader->CountArticles(), static_cast<int64_t>(acknowledged.size()));

    // While the disk is full, writes keep failing the same way, and nothing crashes.
    auto still = (*store)->Put(MakeArticle("still", "x", 20200101), "small");
    EXPECT_EQ(still.status().code(), absl::StatusCode::kResourceExhausted) << still.status();

    // Room again: the store resumes by itself (RocksDB's recovery polls for free space; the
    // wait is bounded, not measured).
    std::filesystem::remove(disk + "/filler");
    absl::StatusOr<WriteResult> again;
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    do {
      again = (*store)->Put(MakeArticle("after", "x", 20200101), "small");
      if (again.ok()) break;
      EXPECT_EQ(again.status().code(), absl::StatusCode::kResourceExhausted) << again.status();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (std::chrono::steady_clock::now() < give_up);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_TRUE(reader->Get("after").ok());
    EXPECT_EQ(*reader->CountArticles(), static_cast<int64_t>(acknowledged.size()) + 1);
  }
  // And every acknowledged write is there after a restart.
  auto reopened = Store::Open({disk + "/db"});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_TRUE((*reopened)->NewReader()->Get("after").ok());
  reopened->reset();
  testing::Unmount(disk);
}

}  // namespace
}  // namespace vnnews::store
