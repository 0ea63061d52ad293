// The store over a real RocksDB in a fresh directory: writes, every typed query, paging,
// idempotency, re-ingest, delete, the schema check.
#include "vnnews/store/store.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "vnnews/store/keys.h"

namespace vnnews::store {
namespace {

using testing::AllKeys;
using testing::MakeArticle;
using testing::PutRaw;
using testing::TempDir;
using testing::TestPerson;
using vnnews::v1::Article;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    reader_.reset();
    store_.reset();
    auto s = Store::Open({dir_.Sub("db")});
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    reader_ = store_->NewReader();
  }

  void Close() {
    reader_.reset();
    store_.reset();
  }

  WriteResult MustPut(const Article& a) {
    auto r = store_->Put(a, "raw " + a.id());
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : WriteResult{};
  }

  static std::vector<std::string> Ids(const Page& p) {
    std::vector<std::string> ids;
    for (const Hit& h : p.hits) ids.push_back(h.id);
    return ids;
  }

  // Every hit of a query, walking all pages of `page_size`.
  template <typename Query>
  std::vector<std::string> Walk(int page_size, Query query, int* pages = nullptr) {
    std::vector<std::string> ids;
    PageRequest req{page_size, ""};
    int n = 0;
    for (;;) {
      absl::StatusOr<Page> page = query(req);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(static_cast<int>(page->hits.size()), page_size);
      for (const Hit& h : page->hits) ids.push_back(h.id);
      ++n;
      if (page->next_page_token.empty()) break;
      req.page_token = page->next_page_token;
      if (n > 10000) break;
    }
    if (pages) *pages = n;
    return ids;
  }

  std::vector<std::string> KeysOf(const std::string& id) {
    std::vector<std::string> out;
    std::string escaped = absl::CHexEscape(id);
    for (const std::string& k : AllKeys(dir_.Sub("db"), dir_.Sub("scan"))) {
      if (absl::StrContains(k, escaped)) out.push_back(k);
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Reader> reader_;
};

TEST_F(StoreTest, PutThenGet) {
  Article a = MakeArticle("a1", "Hà Nội hôm nay.", 20200601);
  WriteResult r = MustPut(a);
  EXPECT_EQ(r.id, "a1");
  EXPECT_TRUE(r.created);
  EXPECT_GT(r.sequence, 0u);
  EXPECT_EQ(r.sequence, store_->LatestSequence());
  auto got = reader_->Get("a1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->body(), "Hà Nội hôm nay.");
  auto summary = reader_->GetSummary("a1");
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->title(), "Title a1");
  EXPECT_EQ(summary->snippet(), "Hà Nội hôm nay.");
  EXPECT_EQ(summary->event_date().first_day(), 20200601);
  auto raw = store_->GetRaw("a1");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, "raw a1");
  EXPECT_EQ(*reader_->CountArticles(), 1);
}

TEST_F(StoreTest, UnknownIdIsNotFound) {
  auto got = reader_->Get("nope");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StartsWith(got.status().message(), "id: ")) << got.status();
  EXPECT_EQ(reader_->GetSummary("nope").status().code(), absl::StatusCode::kNotFound);
  auto del = store_->Delete("nope");
  EXPECT_EQ(del.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, BadIdsAreInvalidArgument) {
  uint64_t before = store_->LatestSequence();
  for (const std::string& id : {std::string(), std::string(513, 'x'), std::string("\xff\xfe")}) {
    auto r = store_->Put(MakeArticle(id, "x", 0), "x");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "id: ")) << r.status();
  }
  EXPECT_EQ(store_->LatestSequence(), before);
}

TEST_F(StoreTest, SameRecordTwiceWritesNothing) {
  Article a = MakeArticle("a1", "Phạm Bình Minh.", 20200601, {{"Phạm Bình Minh", 0, 14}});
  WriteResult first = MustPut(a);
  ASSERT_TRUE(first.created);
  auto keys_before = AllKeys(dir_.Sub("db"), dir_.Sub("scan1"));
  // A later ingest time alone is not a change.
  a.mutable_ingest_time()->set_seconds(1800000000);
  WriteResult second = MustPut(a);
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.id, "a1");
  EXPECT_EQ(second.sequence, first.sequence);
  EXPECT_EQ(store_->LatestSequence(), first.sequence);
  EXPECT_EQ(AllKeys(dir_.Sub("db"), dir_.Sub("scan2")), keys_before);
  EXPECT_EQ(*reader_->CountArticles(), 1);
}

TEST_F(StoreTest, ReingestWithChangedContentReplacesIndexEntries) {
  MustPut(MakeArticle("a1", "Phạm Bình Minh đến Tokyo.", 20200601,
                      {{"Phạm Bình Minh", 0, 14}}, {20200501}, {"diplomacy"}));
  WriteResult r = MustPut(MakeArticle("a1", "Motegi Toshimitsu ở Hà Nội.", 20210305,
                                      {{"Motegi Toshimitsu", 0, 17}}, {}, {"economy"}));
  EXPECT_TRUE(r.created);
  PageRequest page{10, ""};
  EXPECT_TRUE(reader_->ByPerson("Phạm Bình Minh", std::nullopt, page)->hits.empty());
  EXPECT_EQ(Ids(*reader_->ByPerson("motegi", std::nullopt, page)), std::vector<std::string>{"a1"});
  EXPECT_TRUE(reader_->ByTopic("diplomacy", std::nullopt, page)->hits.empty());
  EXPECT_EQ(Ids(*reader_->ByTopic("economy", std::nullopt, page)), std::vector<std::string>{"a1"});
  EXPECT_TRUE(reader_->ByDate({20200101, 20201231}, DateField::kAnyMention, page)->hits.empty());
  EXPECT_EQ(Ids(*reader_->ByDate({20210305, 20210305}, DateField::kEvent, page)),
            std::vector<std::string>{"a1"});
  EXPECT_TRUE(reader_->Search("tokyo", page)->hits.empty());
  EXPECT_EQ(Ids(*reader_->Search("Hà Nội", page)), std::vector<std::string>{"a1"});
  EXPECT_EQ(Ids(*reader_->ListAll(page)), std::vector<std::string>{"a1"});
  EXPECT_EQ(*reader_->CountArticles(), 1);
  // No entry of the old version is left anywhere: the keys equal those of a fresh store with
  // only the new version.
  std::vector<std::string> keys = KeysOf("a1");
  for (const std::string& k : keys) {
    EXPECT_FALSE(absl::StrContains(k, "pham")) << k;
    EXPECT_FALSE(absl::StrContains(k, "tokyo")) << k;
    EXPECT_FALSE(absl::StrContains(k, "diplomacy")) << k;
  }
  auto facets = reader_->Facets(Facet::kPerson, 10);
  ASSERT_TRUE(facets.ok());
  ASSERT_EQ(facets->size(), 1u);
  EXPECT_EQ((*facets)[0].value, "Motegi Toshimitsu");
  // The name dictionary only grows: it still knows Phạm Bình Minh (no article lists him).
  auto names = AllKeys(dir_.Sub("db"), dir_.Sub("scan3"));
  EXPECT_EQ(std::count_if(names.begin(), names.end(),
                          [](const std::string& k) { return absl::StartsWith(k, "names:"); }),
            5);
}

TEST_F(StoreTest, DeleteRemovesEveryEntry) {
  auto keys_empty = AllKeys(dir_.Sub("db"), dir_.Sub("scan0"));
  MustPut(MakeArticle("keep", "Nguyễn Xuân Phúc.", 20200101, {{"Nguyễn Xuân Phúc", 0, 16}}, {},
                      {"politics"}));
  auto keys_one = AllKeys(dir_.Sub("db"), dir_.Sub("scan1"));
  Article a = MakeArticle("gone", "Phạm Bình Minh gặp Nguyễn Xuân Phúc ở Hà Nội năm 2020.",
                          20200601, {{"Phạm Bình Minh", 0, 14}, {"Nguyễn Xuân Phúc", 19, 35}},
                          {20200501, 20201231}, {"diplomacy", "politics"});
  a.add_organizations()->set_name("Bộ Ngoại giao");
  a.add_locations()->set_name("Hà Nội");
  MustPut(a);
  EXPECT_FALSE(KeysOf("gone").empty());
  auto del = store_->Delete("gone");
  ASSERT_TRUE(del.ok()) << del.status();
  EXPECT_EQ(del->sequence, store_->LatestSequence());
  EXPECT_TRUE(KeysOf("gone").empty());
  // Every column family is exactly as before the put, but the name dictionary, which only
  // grows (it now also knows Phạm Bình Minh; it holds names, no article).
  auto without_names = [](std::vector<std::string> keys) {
    keys.erase(std::remove_if(keys.begin(), keys.end(),
                              [](const std::string& k) { return absl::StartsWith(k, "names:"); }),
               keys.end());
    return keys;
  };
  auto keys_after = AllKeys(dir_.Sub("db"), dir_.Sub("scan2"));
  EXPECT_EQ(without_names(keys_after), without_names(keys_one));
  EXPECT_EQ(keys_after.size(), keys_one.size() + 3);  // pham, binh, minh
  EXPECT_EQ(*reader_->CountArticles(), 1);
  EXPECT_EQ(reader_->Get("gone").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRaw("gone").status().code(), absl::StatusCode::kNotFound);
  auto facets = reader_->Facets(Facet::kTopic, 10);
  ASSERT_TRUE(facets.ok());
  ASSERT_EQ(facets->size(), 1u);
  EXPECT_EQ((*facets)[0].value, "politics");
  EXPECT_EQ((*facets)[0].count, 1);
  auto persons = reader_->Facets(Facet::kPerson, 10);
  ASSERT_EQ(persons->size(), 1u);
  EXPECT_EQ((*persons)[0].value, "Nguyễn Xuân Phúc");
  ASSERT_TRUE(store_->Delete("keep").ok());
  // As in an empty store, but for two meta entries: the article count (now 0) and the last
  // extractor version seen.
  std::vector<std::string> expected = keys_empty;
  expected.push_back("meta:article_count");
  expected.push_back("meta:extractor_version");
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> now = without_names(AllKeys(dir_.Sub("db"), dir_.Sub("scan3")));
  std::sort(now.begin(), now.end());
  EXPECT_EQ(now, expected);
}

TEST_F(StoreTest, ListIsNewestFirstWithUndatedLast) {
  MustPut(MakeArticle("old", "a", 20190101));
  MustPut(MakeArticle("undated", "b", 0));
  MustPut(MakeArticle("new", "c", 20240101));
  MustPut(MakeArticle("mid", "d", 20200101));
  EXPECT_EQ(Ids(*reader_->ListAll({10, ""})),
            (std::vector<std::string>{"new", "mid", "old", "undated"}));
}

TEST_F(StoreTest, PagingWalksEveryDocOnceAcrossPages) {
  std::set<std::string> expected;
  for (int i = 0; i < 237; ++i) {
    std::string id = absl::StrFormat("doc%03d", i);
    expected.insert(id);
    // Many share a day: ties are ordered by id, and paging must not lose them.
    MustPut(MakeArticle(id, "Thủ tướng Phạm Minh Chính nói.", 20200101 + (i % 20),
                        {{"Phạm Minh Chính", 10, 25}}, {}, {"politics"}));
  }
  for (int page_size : {1, 7, 50, 237, 1000}) {
    int pages = 0;
    std::vector<std::string> ids =
        Walk(page_size, [&](const PageRequest& r) { return reader_->ListAll(r); }, &pages);
    EXPECT_EQ(ids.size(), 237u) << page_size;
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected) << page_size;
    EXPECT_EQ(pages, (237 + page_size - 1) / page_size) << "no empty last page";
    auto by_person = Walk(page_size, [&](const PageRequest& r) {
      return reader_->ByPerson("chinh", std::nullopt, r);
    });
    EXPECT_EQ(by_person, ids) << "same order: newest first, then id";
    auto by_topic = Walk(page_size, [&](const PageRequest& r) {
      return reader_->ByTopic("politics", std::nullopt, r);
    });
    EXPECT_EQ(by_topic, ids);
    auto by_date = Walk(page_size, [&](const PageRequest& r) {
      return reader_->ByDate({20200101, 20200131}, DateField::kEvent, r);
    });
    EXPECT_EQ(by_date, ids);
    auto search = Walk(page_size, [&](const PageRequest& r) {
      return reader_->Search("thu tuong noi", r);
    });
    EXPECT_EQ(search, ids);
  }
  // Newest first.
  auto first = reader_->ListAll({3, ""});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->hits[0].event_day, 20200120);
}

TEST_F(StoreTest, PageTokensSurviveARestart) {
  for (int i = 0; i < 5; ++i) MustPut(MakeArticle(absl::StrCat("d", i), "x", 20200101 + i));
  auto first = reader_->ListAll({2, ""});
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token.empty());
  Reopen();
  auto second = reader_->ListAll({2, first->next_page_token});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Ids(*second), (std::vector<std::string>{"d2", "d1"}));
}

TEST_F(StoreTest, BadTokensAreInvalidArgument) {
  for (int i = 0; i < 5; ++i) {
    MustPut(MakeArticle(absl::StrCat("d", i), "x y", 20200101 + i, {{"Lê Văn Tám", 0, 3}}, {},
                        {"diplomacy"}));
  }
  auto topic_page = reader_->ByTopic("diplomacy", std::nullopt, {2, ""});
  ASSERT_TRUE(topic_page.ok());
  const std::string token = topic_page->next_page_token;
  ASSERT_FALSE(token.empty());
  auto expect_bad = [](const absl::StatusOr<Page>& r) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "page_token: ")) << r.status();
  };
  // Token of another query: another kind, another topic, another range.
  expect_bad(reader_->ListAll({2, token}));
  expect_bad(reader_->ByTopic("economy", std::nullopt, {2, token}));
  expect_bad(reader_->ByTopic("diplomacy", DayRange{20200101, 20201231}, {2, token}));
  expect_bad(reader_->ByPerson("tam", std::nullopt, {2, token}));
  // Forged and corrupt tokens.
  expect_bad(reader_->ByTopic("diplomacy", std::nullopt, {2, "forged"}));
  expect_bad(reader_->ByTopic("diplomacy", std::nullopt, {2, token + "A"}));
  std::string flipped = token;
  flipped[flipped.size() / 2] = flipped[flipped.size() / 2] == 'A' ? 'B' : 'A';
  expect_bad(reader_->ByTopic("diplomacy", std::nullopt, {2, flipped}));
  // A token of another store (its own secret).
  TempDir other_dir;
  auto other = Store::Open({other_dir.Sub("db")});
  ASSERT_TRUE(other.ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*other)->Put(MakeArticle(absl::StrCat("d", i), "x", 20200101 + i, {}, {},
                                          {"diplomacy"}), "").ok());
  }
  auto foreign = (*other)->NewReader()->ByTopic("diplomacy", std::nullopt, {2, ""});
  ASSERT_TRUE(foreign.ok());
  expect_bad(reader_->ByTopic("diplomacy", std::nullopt, {2, foreign->next_page_token}));
  // The real token still works; page size may change between pages.
  auto next = reader_->ByTopic("diplomacy", std::nullopt, {3, token});
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(Ids(*next), (std::vector<std::string>{"d2", "d1", "d0"}));
  EXPECT_TRUE(next->next_page_token.empty());
}

TEST_F(StoreTest, ByPersonMatchesEveryWordOfOnePerson) {
  MustPut(MakeArticle("chinh", "x", 20230101, {{"Phạm Minh Chính", 3, 18}}));
  MustPut(MakeArticle("binhminh", "x", 20220101, {{"Phạm Bình Minh", 4, 18}}));
  MustPut(MakeArticle("motegi", "x", 20210101, {{"Motegi Toshimitsu", 5, 22}}));
  // Two persons who together hold every word, but no one person does.
  MustPut(MakeArticle("split", "x", 20200101, {{"Phạm Văn Đồng", 0, 1}, {"Hồ Chí Minh", 2, 3}}));
  PageRequest page{10, ""};
  EXPECT_EQ(Ids(*reader_->ByPerson("Phạm Minh Chính", std::nullopt, page)),
            std::vector<std::string>{"chinh"});
  EXPECT_EQ(Ids(*reader_->ByPerson("pham binh minh", std::nullopt, page)),
            std::vector<std::string>{"binhminh"});
  EXPECT_EQ(Ids(*reader_->ByPerson("PHẠM  MINH", std::nullopt, page)),
            (std::vector<std::string>{"chinh", "binhminh"}));
  EXPECT_EQ(Ids(*reader_->ByPerson("Motegi", std::nullopt, page)),
            std::vector<std::string>{"motegi"});
  EXPECT_EQ(Ids(*reader_->ByPerson("toshimitsu motegi", std::nullopt, page)),
            std::vector<std::string>{"motegi"});
  EXPECT_TRUE(reader_->ByPerson("Phạm Chí Minh", std::nullopt, page)->hits.empty());
  EXPECT_TRUE(reader_->ByPerson("Moteg", std::nullopt, page)->hits.empty());
  EXPECT_EQ(Ids(*reader_->ByPerson("minh", std::nullopt, page)),
            (std::vector<std::string>{"chinh", "binhminh", "split"}));
  // Three persons hold "minh": the scan is of the word's entries, and each hit still carries
  // its person's sentence (kept in the person's full-key entry only).
  absl::StatusOr<Page> minh = reader_->ByPerson("minh", std::nullopt, page);
  ASSERT_TRUE(minh.ok()) << minh.status();
  std::vector<std::string> snippets;
  for (const Hit& h : minh->hits) snippets.push_back(h.snippet);
  EXPECT_EQ(snippets, (std::vector<std::string>{"sentence with Phạm Minh Chính",
                                                "sentence with Phạm Bình Minh",
                                                "sentence with Hồ Chí Minh"}));
  // The hit carries the matching person's mention and sentence.
  auto hit = reader_->ByPerson("motegi", std::nullopt, page)->hits[0];
  EXPECT_EQ(hit.mention_begin, 5);
  EXPECT_EQ(hit.mention_end, 22);
  EXPECT_EQ(hit.snippet, "sentence with Motegi Toshimitsu");
  EXPECT_EQ(hit.event_day, 20210101);
  // With an event-date range.
  EXPECT_EQ(Ids(*reader_->ByPerson("minh", DayRange{20200101, 20221231}, page)),
            (std::vector<std::string>{"binhminh", "split"}));
  // Bad names.
  for (const char* bad : {"", "  ", "!!", "a b c d e f g h i j k l m n o p q"}) {
    auto r = reader_->ByPerson(bad, std::nullopt, page);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "name: ")) << r.status();
  }
}

TEST_F(StoreTest, ByPersonSeesANewPersonAfterTheSameQueryWasAnswered) {
  // The reader keeps how it resolved a query's name; a person added later who also holds every
  // word of the query must still be found, on the primary and on a secondary.
  MustPut(MakeArticle("binhminh", "x", 20220101, {{"Phạm Bình Minh", 0, 1}}));
  ReaderOptions options;
  options.path = dir_.Sub("db");
  options.secondary_path = dir_.Sub("secondary");
  auto secondary = Reader::OpenSecondary(options);
  ASSERT_TRUE(secondary.ok()) << secondary.status();
  PageRequest page{10, ""};
  for (Reader* r : {reader_.get(), secondary->get()}) {
    ASSERT_TRUE(r->CatchUp().ok());
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(Ids(*r->ByPerson("binh minh", std::nullopt, page)),
                std::vector<std::string>{"binhminh"});
    }
  }
  MustPut(MakeArticle("other", "x", 20230101, {{"Nguyễn Bình Minh", 0, 1}}));
  for (Reader* r : {reader_.get(), secondary->get()}) {
    ASSERT_TRUE(r->CatchUp().ok());
    EXPECT_EQ(Ids(*r->ByPerson("binh minh", std::nullopt, page)),
              (std::vector<std::string>{"other", "binhminh"}));
    EXPECT_EQ(Ids(*r->ByPerson("nguyen binh minh", std::nullopt, page)),
              std::vector<std::string>{"other"});
  }
}

TEST_F(StoreTest, ByPersonPagesAcrossARarestWordChoice) {
  // "minh" is common, "chinh" rare: the scan uses the rare word and paging must follow it.
  for (int i = 0; i < 30; ++i) {
    MustPut(MakeArticle(absl::StrFormat("m%02d", i), "x", 20200101 + i, {{"Hồ Chí Minh", 0, 1}}));
  }
  for (int i = 0; i < 5; ++i) {
    MustPut(MakeArticle(absl::StrFormat("c%02d", i), "x", 20210101 + i,
                        {{"Phạm Minh Chính", 0, 1}}));
  }
  auto ids = Walk(2, [&](const PageRequest& r) {
    return reader_->ByPerson("minh chinh", std::nullopt, r);
  });
  EXPECT_EQ(ids, (std::vector<std::string>{"c04", "c03", "c02", "c01", "c00"}));
}

TEST_F(StoreTest, ByPersonAnswersEqualEveryWordMatchingOnBothScans) {
  // Names sharing words the way Vietnamese names do, written with diacritics, with their folds.
  // Each family and middle name is in 340 names, more than the name dictionary lists for one
  // query word (such queries scan a word's entries); a given name is in 16 or more, enough
  // for the store to find the only person a query can match.
  const std::vector<std::pair<std::string, std::string>> family = {
      {"Nguyễn", "nguyen"}, {"Trần", "tran"}, {"Lê", "le"}, {"Phạm", "pham"}};
  const std::vector<std::pair<std::string, std::string>> middle = {
      {"Văn", "van"}, {"Thị", "thi"}, {"Minh", "minh"}, {"Đức", "duc"}};
  std::vector<std::pair<std::string, std::string>> given = {
      {"An", "an"}, {"Bình", "binh"}, {"Chính", "chinh"}, {"Minh", "minh"}, {"Dũng", "dung"}};
  for (int i = 0; i < 80; ++i) given.push_back({absl::StrCat("Tên", i), absl::StrCat("ten", i)});
  struct Name {
    std::string display;
    std::vector<std::string> words;
  };
  std::vector<Name> names;
  for (const auto& f : family) {
    for (const auto& m : middle) {
      for (const auto& g : given) {
        names.push_back({f.first + " " + m.first + " " + g.first, {f.second, m.second, g.second}});
      }
    }
  }
  names.push_back({"Motegi Toshimitsu", {"motegi", "toshimitsu"}});
  ASSERT_EQ(names.size(), 4u * 4u * 85u + 1u);
  const size_t chinh = static_cast<size_t>(
      std::find_if(names.begin(), names.end(),
                   [](const Name& n) { return n.display == "Phạm Minh Chính"; }) -
      names.begin());
  ASSERT_LT(chinh, names.size());
  struct Doc {
    std::string id;
    int32_t day;
    std::vector<size_t> persons;
  };
  std::vector<Doc> docs;
  uint32_t rnd = 12345;
  auto next = [&rnd](uint32_t n) {
    rnd = rnd * 1103515245u + 12345u;
    return (rnd >> 8) % n;
  };
  for (int i = 0; i < 1500; ++i) {
    Doc d{absl::StrFormat("d%03d", i), i % 7 == 0 ? 0 : 20200101 + static_cast<int32_t>(next(28)),
          {}};
    // The first docs name every person once, so every name is in the dictionary.
    if (static_cast<size_t>(i) < names.size()) d.persons.push_back(i);
    for (uint32_t k = next(3); k > 0; --k) d.persons.push_back(next(names.size()));
    if (i % 10 == 0) d.persons.push_back(chinh);
    std::vector<TestPerson> persons;
    for (size_t p : d.persons) persons.push_back({names[p].display, 0, 1});
    MustPut(MakeArticle(d.id, "x", d.day, persons));
    docs.push_back(std::move(d));
  }
  // What the store must answer, computed from the docs: every doc with one person holding
  // every query word, newest first (undated last), ties by id.
  auto expected = [&](const std::vector<std::string>& query, std::optional<DayRange> range) {
    std::vector<const Doc*> hits;
    for (const Doc& d : docs) {
      if (range && (d.day < range->first || d.day > range->last)) continue;
      bool match = std::any_of(d.persons.begin(), d.persons.end(), [&](size_t p) {
        return std::all_of(query.begin(), query.end(), [&](const std::string& w) {
          return std::find(names[p].words.begin(), names[p].words.end(), w) !=
                 names[p].words.end();
        });
      });
      if (match) hits.push_back(&d);
    }
    std::sort(hits.begin(), hits.end(), [](const Doc* a, const Doc* b) {
      if (a->day != b->day) return a->day > b->day;
      return a->id < b->id;
    });
    std::vector<std::string> ids;
    for (const Doc* d : hits) ids.push_back(d->id);
    return ids;
  };
  const std::vector<std::vector<std::string>> queries = {
      {"pham", "minh", "chinh"},  // one person: the full-key entries
      {"minh", "chinh"},          // held by several persons' names
      {"chinh", "tran", "duc"},   // one person, words in another order
      {"le", "thi", "ten3"},      // one person
      {"ten3"},                   // several
      {"nguyen", "van", "an"},    // one person, every word common
      {"nguyen", "van"},          // far too many names to list: the word scan
      {"minh"},                   // a middle and a given name
      {"motegi"},                 // a part of the only name holding it
      {"toshimitsu", "motegi"},
      {"pham", "binh", "minh"},
      {"pham", "chinh", "binh"},  // no one
      {"motegi", "minh"},         // no one
  };
  ASSERT_GT(expected({"pham", "minh", "chinh"}, std::nullopt).size(), 150u);
  for (const auto& q : queries) {
    const std::string text = absl::StrJoin(q, " ");
    for (std::optional<DayRange> range :
         {std::optional<DayRange>(), std::optional<DayRange>(DayRange{20200105, 20200118})}) {
      std::vector<std::string> want = expected(q, range);
      for (int page_size : {1, 3, 1000}) {
        auto got = Walk(page_size, [&](const PageRequest& r) {
          return reader_->ByPerson(text, range, r);
        });
        EXPECT_EQ(got, want) << text << " " << (range ? "ranged" : "") << " size " << page_size;
      }
    }
  }
  // A token of one query is refused by another, on either kind of scan.
  auto one = reader_->ByPerson("pham minh chinh", std::nullopt, {1, ""});
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_FALSE(one->next_page_token.empty());
  for (const char* other : {"minh chinh", "pham van chinh", "nguyen van"}) {
    auto r = reader_->ByPerson(other, std::nullopt, {1, one->next_page_token});
    ASSERT_FALSE(r.ok()) << other;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << other;
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "page_token: ")) << r.status();
  }
  // A new person whose name also holds the words: a new query finds both persons.
  MustPut(MakeArticle("newcomer", "x", 20300101, {{"Phạm Minh Chính Nhỏ", 0, 1}}));
  std::vector<std::string> want = expected({"pham", "minh", "chinh"}, std::nullopt);
  want.insert(want.begin(), "newcomer");
  EXPECT_EQ(Walk(4, [&](const PageRequest& r) {
              return reader_->ByPerson("Phạm Minh Chính", std::nullopt, r);
            }),
            want);
}

TEST_F(StoreTest, ByDateEventAndAnyMention) {
  // Event 2020-06-01 also naming 2020-05-01 and 2019-01-01.
  MustPut(MakeArticle("e1", "x", 20200601, {}, {20200501, 20190101}));
  MustPut(MakeArticle("e2", "x", 20200515, {}, {20200601}));
  MustPut(MakeArticle("undated", "x", 0, {}, {20200520}));
  PageRequest page{10, ""};
  EXPECT_EQ(Ids(*reader_->ByDate({20200501, 20200531}, DateField::kEvent, page)),
            std::vector<std::string>{"e2"});
  EXPECT_EQ(Ids(*reader_->ByDate({20200601, 20200601}, DateField::kEvent, page)),
            std::vector<std::string>{"e1"});
  // Any mention: each document once, at its newest date in the range.
  auto any = reader_->ByDate({20200101, 20201231}, DateField::kAnyMention, page);
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(Ids(*any), (std::vector<std::string>{"e1", "e2", "undated"}));
  auto old = reader_->ByDate({20190101, 20191231}, DateField::kAnyMention, page);
  EXPECT_EQ(Ids(*old), std::vector<std::string>{"e1"});
  EXPECT_EQ(old->hits[0].snippet, "date 20190101 sentence");
  // Paging through the any-mention index keeps each document once.
  auto ids = Walk(1, [&](const PageRequest& r) {
    return reader_->ByDate({20190101, 20201231}, DateField::kAnyMention, r);
  });
  EXPECT_EQ(ids, (std::vector<std::string>{"e1", "e2", "undated"}));
  EXPECT_TRUE(reader_->ByDate({20210101, 20211231}, DateField::kAnyMention, page)->hits.empty());
  auto bad = reader_->ByDate({20200601, 20200101}, DateField::kEvent, page);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, ByTopicWithRange) {
  MustPut(MakeArticle("t1", "x", 20200101, {}, {}, {"covid19"}));
  MustPut(MakeArticle("t2", "x", 20210101, {}, {}, {"covid19", "health"}));
  MustPut(MakeArticle("t3", "x", 0, {}, {}, {"covid19"}));
  PageRequest page{10, ""};
  EXPECT_EQ(Ids(*reader_->ByTopic("covid19", std::nullopt, page)),
            (std::vector<std::string>{"t2", "t1", "t3"}));
  EXPECT_EQ(Ids(*reader_->ByTopic("covid19", DayRange{20200101, 20201231}, page)),
            std::vector<std::string>{"t1"});
  EXPECT_TRUE(reader_->ByTopic("covid", std::nullopt, page)->hits.empty());
  EXPECT_EQ(reader_->ByTopic("", std::nullopt, page).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, SearchNeedsEveryWord) {
  MustPut(MakeArticle("s1", "Bão số 9 đổ bộ vào Đà Nẵng.", 20201028));
  MustPut(MakeArticle("s2", "Đà Lạt mưa lớn.", 20201029));
  MustPut(MakeArticle("s3", "Giá vàng tăng.", 20201030));
  PageRequest page{10, ""};
  EXPECT_EQ(Ids(*reader_->Search("da nang", page)), std::vector<std::string>{"s1"});
  EXPECT_EQ(Ids(*reader_->Search("ĐÀ", page)), (std::vector<std::string>{"s2", "s1"}));
  EXPECT_TRUE(reader_->Search("da vang", page)->hits.empty());
  EXPECT_TRUE(reader_->Search("dan", page)->hits.empty());
  auto hit = reader_->Search("bão", page)->hits[0];
  EXPECT_EQ(hit.mention_begin, 0);
  EXPECT_EQ(hit.mention_end, 3);
  EXPECT_EQ(reader_->Search("...", page).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, FacetsCountDistinctArticles) {
  Article a = MakeArticle("f1", "x", 20200101, {{"Phạm Bình Minh", 0, 1}}, {},
                          {"diplomacy", "politics"});
  a.add_organizations()->set_name("Bộ Ngoại giao");
  a.add_organizations()->set_name("Bộ Ngoại giao");  // twice in one article: counted once
  MustPut(a);
  MustPut(MakeArticle("f2", "x", 20210101, {{"Phạm Bình Minh", 0, 1}}, {}, {"diplomacy"}));
  MustPut(MakeArticle("f3", "x", 20210202, {{"Motegi Toshimitsu", 0, 1}}, {}, {"economy"}));
  auto topics = reader_->Facets(Facet::kTopic, 2);
  ASSERT_TRUE(topics.ok());
  ASSERT_EQ(topics->size(), 2u);
  EXPECT_EQ((*topics)[0].value, "diplomacy");
  EXPECT_EQ((*topics)[0].count, 2);
  EXPECT_EQ((*topics)[1].value, "economy");  // ties by value
  auto persons = *reader_->Facets(Facet::kPerson, 10);
  ASSERT_EQ(persons.size(), 2u);
  EXPECT_EQ(persons[0].value, "Phạm Bình Minh");
  EXPECT_EQ(persons[0].count, 2);
  auto years = *reader_->Facets(Facet::kYear, 10);
  ASSERT_EQ(years.size(), 2u);
  EXPECT_EQ(years[0].value, "2021");
  EXPECT_EQ(years[0].count, 2);
  auto orgs = *reader_->Facets(Facet::kOrganization, 10);
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_EQ(orgs[0].count, 1);
  // Counters survive a restart.
  Reopen();
  EXPECT_EQ((*reader_->Facets(Facet::kTopic, 1))[0].count, 2);
  ASSERT_TRUE(store_->Delete("f2").ok());
  EXPECT_EQ((*reader_->Facets(Facet::kTopic, 1))[0].count, 1);
  EXPECT_EQ(*reader_->CountArticles(), 2);
}

TEST_F(StoreTest, SchemaVersionIsCheckedAtOpen) {
  Close();
  // Another build wrote version 999 into meta.
  ASSERT_TRUE(PutRaw(dir_.Sub("db"), "meta", "schema_version", "999"));
  auto reopened = Store::Open({dir_.Sub("db")});
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(reopened.status().message(), "999")) << reopened.status();
  EXPECT_TRUE(absl::StrContains(reopened.status().message(), absl::StrCat(kSchemaVersion)))
      << reopened.status();
  auto secondary = Reader::OpenSecondary({dir_.Sub("db"), dir_.Sub("sec")});
  ASSERT_FALSE(secondary.ok());
  EXPECT_EQ(secondary.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(StoreTest, SecondWriterIsRefused) {
  auto second = Store::Open({dir_.Sub("db")});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
}

TEST_F(StoreTest, WritesSurviveReopen) {
  MustPut(MakeArticle("p1", "Hà Nội", 20200101, {{"Hồ Chí Minh", 0, 1}}));
  Reopen();
  EXPECT_TRUE(reader_->Get("p1").ok());
  EXPECT_EQ(*reader_->CountArticles(), 1);
  // Counters reloaded: deleting after a restart brings them to zero.
  ASSERT_TRUE(store_->Delete("p1").ok());
  EXPECT_TRUE(reader_->Facets(Facet::kPerson, 10)->empty());
}

// Every entry of every column family ("cf:key=value", escaped) but the page-token key, which
// is random per store.
std::vector<std::string> AllEntries(const std::string& path, const std::string& scratch) {
  std::vector<std::string> names;
  EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DBOptions options;
  options.max_open_files = -1;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenAsSecondary(options, path, scratch, cfs, &handles, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!s.ok()) return {};
  std::unique_ptr<rocksdb::DB> db(raw);
  std::vector<std::string> out;
  for (size_t i = 0; i < handles.size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (names[i] == "meta" && it->key() == rocksdb::Slice(kMetaPageTokenKey.data(),
                                                            kMetaPageTokenKey.size())) {
        continue;
      }
      out.push_back(absl::StrCat(names[i], ":", absl::CHexEscape(it->key().ToString()), "=",
                                 absl::CHexEscape(it->value().ToString())));
    }
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return out;
}

std::vector<PreparedPut> PrepareAll(const std::vector<Article>& articles) {
  std::vector<PreparedPut> out;
  for (const Article& a : articles) {
    auto p = Store::Prepare(a, "raw " + a.id());
    EXPECT_TRUE(p.ok()) << p.status();
    if (p.ok()) out.push_back(std::move(*p));
  }
  return out;
}

// Three articles sharing persons (so the name dictionary is shared), dates and a topic; the
// last one replaces an article the first version of which is `Changed(0)`.
std::vector<Article> GroupArticles() {
  Article a = MakeArticle("g1", "Phạm Bình Minh gặp Nguyễn Xuân Phúc ở Hà Nội.", 20200601,
                          {{"Phạm Bình Minh", 0, 14}, {"Nguyễn Xuân Phúc", 19, 35}}, {20200501},
                          {"diplomacy"});
  a.add_organizations()->set_name("Bộ Ngoại giao");
  Article b = MakeArticle("g2", "Nguyễn Xuân Phúc ở Tokyo.", 20210305,
                          {{"Nguyễn Xuân Phúc", 0, 16}}, {}, {"politics"});
  b.add_locations()->set_name("Tokyo");
  Article c = MakeArticle("g3", "Không có ai.", 0);
  return {a, b, c};
}

// A later version of `a`: other persons, dates and topics.
Article Changed(const Article& a) {
  Article c = MakeArticle(a.id(), "Motegi Toshimitsu ở Hà Nội.", 20220101,
                          {{"Motegi Toshimitsu", 0, 17}}, {20211231}, {"economy"});
  c.set_extractor_version("test-2");
  return c;
}

TEST_F(StoreTest, PutBatchStoresWhatPutsOneAfterAnotherStore) {
  // The same writes, one Put at a time into a store of their own, then as one batch here:
  // every entry of every column family is the same, the article count and the name
  // dictionary included.
  std::vector<Article> articles = GroupArticles();
  articles.push_back(Changed(articles[0]));  // g1 twice in the batch: the second replaces it
  articles.push_back(articles[1]);            // g2 twice, identical: nothing more to write
  {
    auto one_by_one = Store::Open({dir_.Sub("sequential")});
    ASSERT_TRUE(one_by_one.ok()) << one_by_one.status();
    for (const Article& a : articles) ASSERT_TRUE((*one_by_one)->Put(a, "raw " + a.id()).ok());
  }
  const uint64_t before = store_->LatestSequence();
  std::vector<absl::StatusOr<WriteResult>> results = store_->PutBatch(PrepareAll(articles));
  ASSERT_EQ(results.size(), articles.size());
  const std::vector<bool> created = {true, true, true, true, false};
  for (size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status();
    EXPECT_EQ(results[i]->id, articles[i].id());
    EXPECT_EQ(results[i]->created, created[i]) << i;
    // A reader at this sequence sees the whole batch.
    EXPECT_EQ(results[i]->sequence, store_->LatestSequence());
  }
  EXPECT_GT(store_->LatestSequence(), before);
  EXPECT_EQ(AllEntries(dir_.Sub("db"), dir_.Sub("scan1")),
            AllEntries(dir_.Sub("sequential"), dir_.Sub("scan2")));
  EXPECT_EQ(*reader_->CountArticles(), 3);
  PageRequest page{10, ""};
  EXPECT_TRUE(reader_->ByTopic("diplomacy", std::nullopt, page)->hits.empty());
  EXPECT_EQ(Ids(*reader_->ByPerson("motegi", std::nullopt, page)), std::vector<std::string>{"g1"});
  EXPECT_EQ(Ids(*reader_->ByPerson("Nguyễn Xuân Phúc", std::nullopt, page)),
            std::vector<std::string>{"g2"});
  // The in-memory state (article count, name dictionary) is right for the writes after it.
  Reopen();
  ASSERT_TRUE(store_->Delete("g1").ok());
  ASSERT_TRUE(store_->Delete("g2").ok());
  EXPECT_EQ(*reader_->CountArticles(), 1);
  EXPECT_TRUE(reader_->Facets(Facet::kPerson, 10)->empty());
}

TEST_F(StoreTest, PutBatchOfStoredRecordsWritesNothing) {
  std::vector<Article> articles = GroupArticles();
  for (const auto& r : store_->PutBatch(PrepareAll(articles))) ASSERT_TRUE(r.ok()) << r.status();
  const uint64_t sequence = store_->LatestSequence();
  auto entries = AllEntries(dir_.Sub("db"), dir_.Sub("scan1"));
  // A later ingest time alone is not a change.
  for (Article& a : articles) a.mutable_ingest_time()->set_seconds(1800000000);
  auto again = store_->PutBatch(PrepareAll(articles));
  ASSERT_EQ(again.size(), articles.size());
  for (const auto& r : again) {
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_FALSE(r->created);
    EXPECT_EQ(r->sequence, sequence);
  }
  EXPECT_EQ(store_->LatestSequence(), sequence);
  EXPECT_EQ(AllEntries(dir_.Sub("db"), dir_.Sub("scan2")), entries);
  EXPECT_EQ(*reader_->CountArticles(), 3);

  // One changed article among unchanged ones: only it is written.
  articles[1] = Changed(articles[1]);
  auto mixed = store_->PutBatch(PrepareAll(articles));
  ASSERT_TRUE(mixed[0].ok() && mixed[1].ok() && mixed[2].ok());
  EXPECT_FALSE(mixed[0]->created);
  EXPECT_TRUE(mixed[1]->created);
  EXPECT_FALSE(mixed[2]->created);
  EXPECT_GT(store_->LatestSequence(), sequence);
  EXPECT_EQ(mixed[0]->sequence, store_->LatestSequence());
  EXPECT_EQ(*reader_->CountArticles(), 3);
}

TEST_F(StoreTest, PutBatchOfOneIdTwiceLeavesOnlyTheLaterVersion) {
  // First version and second version of g1 in one batch, on an empty store: the result is
  // the store a single Put of the second version makes (the name dictionary aside: it keeps
  // every name it saw).
  const Article first = GroupArticles()[0];
  const Article second = Changed(first);
  auto results = store_->PutBatch(PrepareAll({first, second}));
  ASSERT_TRUE(results[0].ok() && results[1].ok());
  EXPECT_TRUE(results[0]->created);
  EXPECT_TRUE(results[1]->created);
  {
    auto only_second = Store::Open({dir_.Sub("only")});
    ASSERT_TRUE(only_second.ok());
    ASSERT_TRUE((*only_second)->Put(first, "raw g1").ok());
    ASSERT_TRUE((*only_second)->Put(second, "raw g1").ok());
  }
  EXPECT_EQ(AllEntries(dir_.Sub("db"), dir_.Sub("scan1")),
            AllEntries(dir_.Sub("only"), dir_.Sub("scan2")));
  std::vector<std::string> keys = KeysOf("g1");
  for (const std::string& k : keys) {
    EXPECT_FALSE(absl::StrContains(k, "pham")) << k;
    EXPECT_FALSE(absl::StrContains(k, "diplomacy")) << k;
  }
  EXPECT_EQ(*reader_->CountArticles(), 1);
  EXPECT_EQ(reader_->Get("g1")->body(), second.body());

  // The other way round, on a store that has the second version: the first one comes back.
  auto back = store_->PutBatch(PrepareAll({second, first}));
  ASSERT_TRUE(back[0].ok() && back[1].ok());
  EXPECT_FALSE(back[0]->created);
  EXPECT_TRUE(back[1]->created);
  EXPECT_EQ(reader_->Get("g1")->body(), first.body());
  PageRequest page{10, ""};
  EXPECT_TRUE(reader_->ByPerson("motegi", std::nullopt, page)->hits.empty());
  EXPECT_EQ(Ids(*reader_->ByTopic("diplomacy", std::nullopt, page)),
            std::vector<std::string>{"g1"});
  EXPECT_EQ(*reader_->CountArticles(), 1);
}

TEST_F(StoreTest, PutBatchFailsABadArticleAloneAndWritesTheOthers) {
  // A stored record that cannot be parsed: the article replacing it cannot find its old index
  // entries, so it fails (INTERNAL) and is not written; the rest of its batch is.
  Close();
  ASSERT_TRUE(PutRaw(dir_.Sub("db"), "documents", "g2", "\xff\xff\xff not a record"));
  Reopen();
  std::vector<Article> articles = GroupArticles();
  auto results = store_->PutBatch(PrepareAll(articles));
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kInternal) << results[1].status();
  ASSERT_TRUE(results[2].ok()) << results[2].status();
  EXPECT_TRUE(reader_->Get("g1").ok());
  EXPECT_TRUE(reader_->Get("g3").ok());
  EXPECT_EQ(store_->GetRaw("g2").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(KeysOf("g2").size() == 1u) << "only the corrupt record itself";
  EXPECT_EQ(*reader_->CountArticles(), 2);

  // A bad id never reaches a batch: Prepare refuses it by name.
  auto bad = Store::Prepare(MakeArticle("", "x", 0), "x");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(bad.status().message(), "id: ")) << bad.status();
}

TEST_F(StoreTest, DeleteAfterPutBatchRemovesEveryEntry) {
  auto keys_empty = AllKeys(dir_.Sub("db"), dir_.Sub("scan0"));
  std::vector<Article> articles = GroupArticles();
  for (const auto& r : store_->PutBatch(PrepareAll(articles))) ASSERT_TRUE(r.ok()) << r.status();
  for (const Article& a : articles) {
    ASSERT_TRUE(store_->Delete(a.id()).ok()) << a.id();
    EXPECT_TRUE(KeysOf(a.id()).empty()) << a.id();
  }
  EXPECT_EQ(*reader_->CountArticles(), 0);
  std::vector<std::string> now;
  for (const std::string& k : AllKeys(dir_.Sub("db"), dir_.Sub("scan1"))) {
    if (!absl::StartsWith(k, "names:")) now.push_back(k);
  }
  std::vector<std::string> expected = keys_empty;
  expected.push_back("meta:article_count");
  expected.push_back("meta:extractor_version");
  std::sort(expected.begin(), expected.end());
  std::sort(now.begin(), now.end());
  EXPECT_EQ(now, expected);
}

}  // namespace
}  // namespace vnnews::store
