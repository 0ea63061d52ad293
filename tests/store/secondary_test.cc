// The query service's reader: a RocksDB secondary over the ingestor's directory, caught up on
// demand, read from many threads while another thread catches up, on a read-only view.
#include <atomic>
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

TEST(SecondaryTest, SeesAcknowledgedWritesAfterCatchUp) {
  TempDir dir;
  auto store = Store::Open({dir.Sub("db")});
  ASSERT_TRUE(store.ok()) << store.status();
  auto reader = Reader::OpenSecondary({dir.Sub("db"), dir.Sub("sec")});
  ASSERT_TRUE(reader.ok()) << reader.status();

  auto w = (*store)->Put(MakeArticle("a1", "Hà Nội", 20200601, {{"Phạm Bình Minh", 0, 1}}), "raw");
  ASSERT_TRUE(w.ok());
  EXPECT_LT((*reader)->Sequence(), w->sequence);
  EXPECT_EQ((*reader)->Get("a1").status().code(), absl::StatusCode::kNotFound);

  ASSERT_TRUE((*reader)->CatchUp().ok());
  EXPECT_GE((*reader)->Sequence(), w->sequence);
  auto got = (*reader)->Get("a1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->body(), "Hà Nội");
  auto page = (*reader)->ByPerson("binh minh", std::nullopt, {10, ""});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->hits.size(), 1u);
  EXPECT_EQ(*(*reader)->CountArticles(), 1);

  // A token made by the secondary is valid for the primary's own reader and back: one secret.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE((*store)->Put(MakeArticle(absl::StrCat("b", i), "x", 20210101 + i), "").ok());
  }
  ASSERT_TRUE((*reader)->CatchUp().ok());
  auto first = (*reader)->ListAll({2, ""});
  ASSERT_TRUE(first.ok());
  auto second = (*store)->NewReader()->ListAll({2, first->next_page_token});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->hits.size(), 2u);

  // Deletes reach the secondary too.
  auto del = (*store)->Delete("a1");
  ASSERT_TRUE(del.ok());
  ASSERT_TRUE((*reader)->CatchUp().ok());
  EXPECT_EQ((*reader)->Sequence(), del->sequence);
  EXPECT_EQ((*reader)->Get("a1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE((*reader)->ByPerson("binh minh", std::nullopt, {10, ""})->hits.empty());
}

TEST(SecondaryTest, NoStoreYetIsUnavailable) {
  TempDir dir;
  auto reader = Reader::OpenSecondary({dir.Sub("missing"), dir.Sub("sec")});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kUnavailable) << reader.status();
  auto no_path = Reader::OpenSecondary({dir.Sub("missing"), ""});
  EXPECT_EQ(no_path.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SecondaryTest, ReadsWhileAnotherThreadCatchesUp) {
  TempDir dir;
  auto store = Store::Open({dir.Sub("db")});
  ASSERT_TRUE(store.ok());
  auto reader = Reader::OpenSecondary({dir.Sub("db"), dir.Sub("sec")});
  ASSERT_TRUE(reader.ok());
  constexpr int kArticles = 2000;
  std::atomic<bool> writing{true};
  std::atomic<int> errors{0};
  std::thread writer([&] {
    for (int i = 0; i < kArticles; ++i) {
      auto r = (*store)->Put(MakeArticle(absl::StrCat("d", i), "Tin tức Hà Nội hôm nay",
                                         20200101 + i % 28, {{"Nguyễn Văn An", 0, 1}}, {},
                                         {"society"}), "raw");
      if (!r.ok()) ++errors;
    }
    writing = false;
  });
  std::thread catcher([&] {
    while (writing) {
      if (!(*reader)->CatchUp().ok()) ++errors;
    }
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      int64_t last_count = 0;
      uint64_t last_seq = 0;
      while (writing) {
        uint64_t seq = (*reader)->Sequence();
        if (seq < last_seq) ++errors;  // the published sequence never goes back
        last_seq = seq;
        auto count = (*reader)->CountArticles();
        if (!count.ok() || *count < last_count) ++errors;
        if (count.ok()) last_count = *count;
        auto page = (*reader)->ByPerson("an", std::nullopt, {20, ""});
        if (!page.ok()) ++errors;
        auto search = (*reader)->Search("ha noi", {5, ""});
        if (!search.ok()) ++errors;
      }
    });
  }
  writer.join();
  catcher.join();
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors.load(), 0);
  ASSERT_TRUE((*reader)->CatchUp().ok());
  EXPECT_EQ((*reader)->Sequence(), (*store)->LatestSequence());
  EXPECT_EQ(*(*reader)->CountArticles(), kArticles);
  int seen = 0;
  PageRequest req{1000, ""};
  for (;;) {
    auto page = (*reader)->ByTopic("society", std::nullopt, req);
    ASSERT_TRUE(page.ok());
    seen += static_cast<int>(page->hits.size());
    if (page->next_page_token.empty()) break;
    req.page_token = page->next_page_token;
  }
  EXPECT_EQ(seen, kArticles);
}

TEST(SecondaryTest, WorksOnAReadOnlyViewOfTheData) {
  TempDir dir;
  std::string why;
  if (!testing::EnterPrivateMountNamespace(&why)) GTEST_SKIP() << why;
  auto store = Store::Open({dir.Sub("db")});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Put(MakeArticle("a1", "x", 20200101), "").ok());
  // As in docker-compose: the data volume mounted read-only, a writable secondary_path.
  std::filesystem::create_directories(dir.Sub("ro"));
  ASSERT_TRUE(testing::BindReadOnly(dir.Sub("db"), dir.Sub("ro"), &why)) << why;
  {
    std::ofstream probe(dir.Sub("ro") + "/probe");
    EXPECT_FALSE(probe.good()) << "the view must be read-only";
  }
  {
    auto reader = Reader::OpenSecondary({dir.Sub("ro"), dir.Sub("sec")});
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_TRUE((*reader)->Get("a1").ok());
    auto w = (*store)->Put(MakeArticle("a2", "y", 20200102), "");
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*reader)->CatchUp().ok());
    EXPECT_EQ((*reader)->Sequence(), w->sequence);
    EXPECT_TRUE((*reader)->Get("a2").ok());
    EXPECT_EQ((*reader)->ListAll({10, ""})->hits.size(), 2u);
  }
  testing::Unmount(dir.Sub("ro"));
}

}  // namespace
}  // namespace vnnews::store
