// The extractor facade: one record for one article whatever its encoding details, character
// offsets and sentences for every mention, and bad input answered with a clear error.
#include "vnnews/extract/extractor.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "vnnews/record/record.h"
#include "vnnews/text/text.h"

namespace vnnews::extract {
namespace {

std::string ReadSeed(const std::string& name) {
  std::ifstream in(std::string(VNNEWS_TEST_SEEDS_DIR) + "/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Nfd(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString u = nfd->normalize(icu::UnicodeString::fromUTF8(s), status);
  EXPECT_TRUE(U_SUCCESS(status));
  std::string out;
  u.toUTF8String(out);
  return out;
}

// The "modern" tone-mark placement: "hòa" → "hoà", "thủy" → "thuỷ".
std::string ModernTones(std::string s) {
  const std::vector<std::pair<std::string, std::string>> swaps = {
      {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
      {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"},
      {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"}};
  for (const auto& [from, to] : swaps) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
      // Only at a word's end, where the two placements differ ("hòa", not "hoàng").
      const size_t after = pos + from.size();
      if (after < s.size() && text::IsLetter(static_cast<unsigned char>(s[after]))) {
        pos = after;
        continue;
      }
      s.replace(pos, from.size(), to);
      pos += to.size();
    }
  }
  return s;
}

std::string Crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

// The code points [begin, end) of valid UTF-8 `s`.
std::string CodePointSubstr(const std::string& s, int begin, int end) {
  size_t pos = 0;
  int cp = 0;
  size_t b = std::string::npos;
  while (pos <= s.size()) {
    if (cp == begin && b == std::string::npos) b = pos;
    if (cp == end) return s.substr(b, pos - b);
    if (pos == s.size()) break;
    text::DecodeAt(s, &pos);
    ++cp;
  }
  return "<out of range>";
}

class ExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto x = Extractor::Load(VNNEWS_TEST_LEXICON_DIR);
    ASSERT_TRUE(x.ok()) << x.status();
    extractor_ = x->release();
  }
  static void TearDownTestSuite() {
    delete extractor_;
    extractor_ = nullptr;
  }
  static absl::StatusOr<vnnews::v1::Article> Extract(const std::string& text,
                                                     const ExtractOptions& o = {}) {
    return extractor_->Extract(text, o);
  }
  static Extractor* extractor_;
};

Extractor* ExtractorTest::extractor_ = nullptr;

const char* const kSeeds[] = {"000_c3244db55ca1ddb1.txt", "001_93a0f1bc865b336c.txt",
                              "002_9c5ac50cd31e12ef.txt", "003_74f52d3c09a29191.txt",
                              "004_c82e87f4fc8404aa.txt"};

TEST_F(ExtractorTest, SameRecordInNfdOtherTonePlacementAndCrlf) {
  for (const char* name : kSeeds) {
    const std::string raw = ReadSeed(name);
    ASSERT_FALSE(raw.empty()) << name;
    auto base = Extract(raw);
    ASSERT_TRUE(base.ok()) << name << ": " << base.status();
    ASSERT_NE(Nfd(raw), raw);
    for (const std::string& variant : {Nfd(raw), ModernTones(raw), Crlf(raw),
                                       Crlf(Nfd(ModernTones(raw))), "\xEF\xBB\xBF" + raw}) {
      auto other = Extract(variant);
      ASSERT_TRUE(other.ok()) << name << ": " << other.status();
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*base, *other))
          << name << ": the records differ";
    }
  }
}

TEST_F(ExtractorTest, AlreadyNormalizedTextGivesTheSameRecord) {
  // The ingestor normalizes a text to compute its id and hands that to Extract with
  // text_is_normalized: the record must be the one the raw text gives, in every variant.
  for (const char* name : kSeeds) {
    const std::string raw = ReadSeed(name);
    for (const std::string& variant :
         {raw, Nfd(raw), ModernTones(raw), Crlf(Nfd(ModernTones(raw))), "\xEF\xBB\xBF" + raw}) {
      auto base = Extract(variant);
      ASSERT_TRUE(base.ok()) << name << ": " << base.status();
      absl::StatusOr<std::string> normalized = text::Normalize(variant);
      ASSERT_TRUE(normalized.ok()) << normalized.status();
      ExtractOptions o;
      o.text_is_normalized = true;
      auto other = Extract(*normalized, o);
      ASSERT_TRUE(other.ok()) << name << ": " << other.status();
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*base, *other))
          << name << ": the records differ";
    }
  }
}

TEST_F(ExtractorTest, ModernTonesChangesTheSeedText) {
  // The tone-placement variant above must really differ from the seed text it comes from.
  const std::string raw = ReadSeed("001_93a0f1bc865b336c.txt");
  EXPECT_NE(ModernTones(raw), raw);
}

TEST_F(ExtractorTest, RecordOfASeed) {
  ExtractOptions o;
  o.source_uri = "seeds/000_c3244db55ca1ddb1.txt";
  auto a = Extract(ReadSeed("000_c3244db55ca1ddb1.txt"), o);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->title(),
            "Nhật Bản tái khẳng định cam kết hỗ trợ thiết bị, vật tư y tế cho Việt Nam");
  EXPECT_EQ(a->source_uri(), "seeds/000_c3244db55ca1ddb1.txt");
  EXPECT_EQ(a->extractor_version(), kExtractorVersion);
  EXPECT_EQ(a->publication_date(), "");
  ASSERT_TRUE(a->has_event_date());
  EXPECT_EQ(a->event_date().value(), "2020-06-01");
  EXPECT_EQ(a->event_date().first_day(), 20200601);
  ASSERT_GE(a->dates_size(), 2);
  EXPECT_GT(a->topics_size(), 0);
  EXPECT_TRUE(a->id().empty());
}

TEST_F(ExtractorTest, SpansAreCodePointOffsetsWithTheirSentence) {
  for (const char* name : kSeeds) {
    auto a = Extract(ReadSeed(name));
    ASSERT_TRUE(a.ok()) << a.status();
    const std::string& body = a->body();
    std::vector<const vnnews::v1::Span*> spans;
    for (const auto& d : a->dates()) spans.push_back(&d.span());
    for (const auto& m : a->money()) spans.push_back(&m.span());
    for (const auto& p : a->persons()) {
      for (const auto& m : p.mentions()) spans.push_back(&m);
    }
    for (const auto& e : a->locations()) {
      for (const auto& m : e.mentions()) spans.push_back(&m);
    }
    for (const auto& e : a->organizations()) {
      for (const auto& m : e.mentions()) spans.push_back(&m);
    }
    for (const auto* s : spans) {
      EXPECT_LE(s->begin(), s->end());
      EXPECT_EQ(CodePointSubstr(body, s->begin(), s->end()), s->text()) << name;
      // The record says where the sentence stands; it keeps no copy of it.
      EXPECT_EQ(s->sentence(), "") << name;
      EXPECT_LE(s->sentence_begin(), s->begin()) << name << ": " << s->text();
      EXPECT_GE(s->sentence_end(), s->end()) << name << ": " << s->text();
      const std::string sentence = CodePointSubstr(body, s->sentence_begin(), s->sentence_end());
      EXPECT_NE(sentence.find(s->text()), std::string::npos)
          << name << ": \"" << s->text() << "\" not in \"" << sentence << "\"";
      EXPECT_EQ(sentence.find('\n'), std::string::npos);
    }
    // FillSentences gives every span the text of its sentence.
    vnnews::v1::Article filled = *a;
    record::FillSentences(&filled);
    record::ForEachSpan(filled, [&](const vnnews::v1::Span& s) {
      EXPECT_EQ(s.sentence(), CodePointSubstr(body, s.sentence_begin(), s.sentence_end())) << name;
      EXPECT_FALSE(s.sentence().empty()) << name << ": " << s.text();
    });
  }
}

TEST_F(ExtractorTest, DateSpanAndSentence) {
  auto a = Extract("Tiêu đề\n\nHà Nội - Sáng 4/5, Bộ trưởng tiếp Đại sứ. Hai bên trao đổi.");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->dates_size(), 1);
  const auto& s = a->dates(0).span();
  EXPECT_EQ(s.text(), "4/5");
  EXPECT_EQ(CodePointSubstr(a->body(), s.begin(), s.end()), "4/5");
  const std::string sentence = CodePointSubstr(a->body(), s.sentence_begin(), s.sentence_end());
  EXPECT_EQ(sentence.find("Hai bên"), std::string::npos) << sentence;
  EXPECT_NE(sentence.find("Sáng 4/5, Bộ trưởng tiếp Đại sứ."), std::string::npos) << sentence;
}

TEST_F(ExtractorTest, PublicationDateGivesYearsAndRelativeDates) {
  ExtractOptions o;
  o.publication_date = "2020-05-05";
  auto a = Extract("Sáng 4/5, Bộ trưởng tiếp Đại sứ. Hôm qua, hai bên đã điện đàm.", o);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->publication_date(), "2020-05-05");
  ASSERT_TRUE(a->has_event_date());
  EXPECT_EQ(a->event_date().value(), "--05-04");
  EXPECT_EQ(a->event_date().inferred_value(), "2020-05-04");
  EXPECT_TRUE(a->event_date().year_inferred());
  bool relative = false;
  for (const auto& d : a->dates())
    relative = relative || (d.relative() && d.value() == "2020-05-04");
  EXPECT_TRUE(relative);
}

TEST_F(ExtractorTest, BadPublicationDateNamesTheField) {
  ExtractOptions o;
  o.publication_date = "2020-13-45";
  auto a = Extract("Sáng 4/5, Bộ trưởng tiếp Đại sứ.", o);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("publication_date"), std::string::npos) << a.status();
  EXPECT_NE(a.status().message().find("2020-13-45"), std::string::npos) << a.status();
}

TEST_F(ExtractorTest, TitleGivenByTheCallerWins) {
  ExtractOptions o;
  o.title = "Tiêu đề do người gửi đặt";
  auto a = Extract("Sáng 4/5, Bộ trưởng tiếp Đại sứ.", o);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->title(), "Tiêu đề do người gửi đặt");
}

TEST_F(ExtractorTest, InvalidUtf8NamesTheByteOffset) {
  const std::string before = "Hà Nội ";  // 10 bytes
  auto a = Extract(before + "\xFF ngày 4/5");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("byte offset 10"), std::string::npos) << a.status();
  EXPECT_EQ(a.status().message().rfind("text:", 0), 0u) << a.status();
}

TEST_F(ExtractorTest, EmptyTextIsAClearError) {
  for (const std::string& empty : {std::string(), std::string("   \n\t\r\n  ")}) {
    auto a = Extract(empty);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(a.status().message().rfind("text:", 0), 0u) << a.status();
  }
}

TEST_F(ExtractorTest, PunctuationOnlyIsAClearError) {
  auto a = Extract("... !!! --- ??? “” ,,, ;;; … – — ***");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("no words"), std::string::npos) << a.status();
}

TEST_F(ExtractorTest, BinaryGarbageIsAnErrorOrARecordNeverACrash) {
  std::string garbage;
  uint32_t x = 12345;
  for (int i = 0; i < 1 << 20; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 16));
  }
  auto a = Extract(garbage);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("invalid UTF-8 at byte offset"), std::string::npos);

  // Garbage that happens to be valid UTF-8: control characters, NULs, symbols, other scripts.
  std::string valid;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    text::AppendUtf8(static_cast<char32_t>((x >> 8) % 0xD000), &valid);
  }
  ASSERT_TRUE(text::ValidateUtf8(valid).ok());
  auto b = Extract(valid);
  if (!b.ok()) {
    EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST_F(ExtractorTest, FiftyMebibyteTextGivesARecord) {
  // One long report: 50 MiB of distinct paragraphs, each with a date and an amount.
  std::string big = "Báo cáo tổng hợp tình hình các địa phương\n\n";
  big.reserve(50u << 20);
  for (int i = 0; big.size() < (50u << 20) - 400; ++i) {
    big += "Ngày " + std::to_string(i % 28 + 1) + "/" + std::to_string(i % 12 + 1) + "/" +
           std::to_string(2000 + i % 25) + ", xã số " + std::to_string(i) +
           " báo cáo thu ngân sách đạt " + std::to_string(i % 977 + 1) +
           " tỷ đồng, tăng trưởng kinh tế ổn định, người dân phấn khởi.\n\n";
  }
  auto a = Extract(big);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_GT(a->body().size(), 40u << 20);
  EXPECT_GT(a->dates_size(), 1000);
  EXPECT_GT(a->money_size(), 1000);
}

TEST_F(ExtractorTest, ThreadSafe) {
  const std::string raw = ReadSeed("002_9c5ac50cd31e12ef.txt");
  auto expected = Extract(raw);
  ASSERT_TRUE(expected.ok());
  std::vector<int> same(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto a = Extract(raw);
        same[t] += a.ok() && google::protobuf::util::MessageDifferencer::Equals(*a, *expected);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(same[t], 20);
}

TEST_F(ExtractorTest, Taxonomy) {
  EXPECT_GE(extractor_->topics().size(), 19u);
  EXPECT_TRUE(extractor_->HasTopic("covid19"));
  EXPECT_FALSE(extractor_->HasTopic("no_such_topic"));
}

TEST(LoadTest, MissingDirectoryNamesTheFile) {
  auto x = Extractor::Load("/nonexistent/lexicon");
  ASSERT_FALSE(x.ok());
  EXPECT_NE(x.status().message().find("/nonexistent/lexicon"), std::string::npos) << x.status();
}

TEST(DefaultLexiconDirTest, EnvironmentWins) {
  ASSERT_EQ(setenv("VNNEWS_LEXICON_DIR", "/some/where", 1), 0);
  EXPECT_EQ(DefaultLexiconDir(), "/some/where");
  ASSERT_EQ(unsetenv("VNNEWS_LEXICON_DIR"), 0);
  EXPECT_FALSE(DefaultLexiconDir().empty());
}

}  // namespace
}  // namespace vnnews::extract
