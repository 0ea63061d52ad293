// The dictionaries are data: a user's mistake in one is reported with the file and the line,
// and a user's addition takes effect without recompiling.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"

namespace vnnews::extract::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A fresh directory, removed at the end of the test.
struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/vnnews_lexicon_XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

// Copies of the real dictionaries in `dir`, which a test may then edit.
std::string CopyLexicon(const TempDir& tmp) {
  const std::string& dir = tmp.path;
  for (const char* f : {"titles.txt", "surnames.txt", "locations.txt", "organizations.txt",
                        "furniture.txt"}) {
    std::ifstream in(std::string(VNNEWS_TEST_LEXICON_DIR) + "/" + f, std::ios::binary);
    std::ofstream out(dir + "/" + f, std::ios::binary);
    out << in.rdbuf();
  }
  return dir;
}

void Append(const std::string& path, const std::string& line) {
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << line << "\n";
}

int LineCount(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  int n = 0;
  std::string line;
  while (std::getline(in, line)) ++n;
  return n;
}

TEST(LexiconTest, UnknownKindNamesTheFileAndTheLine) {
  TempDir tmp;
  std::string dir = CopyLexicon(tmp);
  Append(dir + "/titles.txt", "modifer\tnguyên");
  int line = LineCount(dir + "/titles.txt");
  auto p = PersonExtractor::Load(dir);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr(dir + "/titles.txt:" + std::to_string(line) + ": unknown kind \"modifer\""));
}

TEST(LexiconTest, LineWithoutKindIsAnError) {
  TempDir tmp;
  std::string dir = CopyLexicon(tmp);
  Append(dir + "/furniture.txt", "Tin bài liên quan");
  auto s = Segmenter::Load(dir);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("furniture.txt:"));
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("expected KIND<TAB>TEXT"));
}

TEST(LexiconTest, MissingFileIsNotFound) {
  TempDir tmp;
  const std::string& dir = tmp.path;
  auto e = EntityExtractor::Load(dir);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(e.status().message()), HasSubstr(dir + "/titles.txt"));
}

TEST(LexiconTest, AUsersAdditionsTakeEffect) {
  TempDir tmp;
  std::string dir = CopyLexicon(tmp);
  Append(dir + "/titles.txt", "title\tTrưởng lão");
  Append(dir + "/surnames.txt", "Xa");
  Append(dir + "/locations.txt", "city\tXứ Wakanda|Wakanda");
  Append(dir + "/organizations.txt", "org\tHội Những Người Bạn Mèo|HNNBM");
  auto seg = Segmenter::Load(dir);
  auto persons = PersonExtractor::Load(dir);
  auto entities = EntityExtractor::Load(dir);
  ASSERT_TRUE(seg.ok() && persons.ok() && entities.ok());
  auto text = text::Normalize(
      "Trưởng lão Zuri tiếp đoàn tại Wakanda. Ông Xa Văn Cường và HNNBM cùng dự.");
  ASSERT_TRUE(text.ok());
  Segmented s = (*seg)->Split(*text);
  vnnews::v1::Article a;
  (*persons)->Extract(s, &a);
  (*entities)->Extract(s, &a);
  ASSERT_EQ(a.persons_size(), 2);
  EXPECT_EQ(a.persons(0).name(), "Zuri");
  EXPECT_THAT(std::vector<std::string>(a.persons(0).roles().begin(), a.persons(0).roles().end()),
              ElementsAre("Trưởng lão"));
  EXPECT_EQ(a.persons(1).name(), "Xa Văn Cường");
  ASSERT_EQ(a.locations_size(), 1);
  EXPECT_EQ(a.locations(0).name(), "Wakanda");
  ASSERT_EQ(a.organizations_size(), 1);
  EXPECT_EQ(a.organizations(0).name(), "HNNBM");
}

}  // namespace
}  // namespace vnnews::extract::testing
