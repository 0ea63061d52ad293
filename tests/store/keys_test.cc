// Key encoding: newer days sort first, one word's entries never mix with another's, values
// round-trip, and an article's index entries are deterministic.
#include "vnnews/store/keys.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "vnnews/store/codec.h"
#include "vnnews/store/store.h"

namespace vnnews::store {
namespace {

TEST(KeysTest, NewerDaySortsFirstAndUnknownDayLast) {
  std::string newer = keys::WordKey("minh", 20240101, "a");
  std::string older = keys::WordKey("minh", 20200601, "a");
  std::string unknown = keys::WordKey("minh", 0, "a");
  EXPECT_LT(newer, older);
  EXPECT_LT(older, unknown);
  EXPECT_LT(keys::ListKey(20240101, "zzz"), keys::ListKey(20231231, "aaa"));
  EXPECT_LT(keys::DateKey(kDateFieldEvent, 20200602, "x"),
            keys::DateKey(kDateFieldEvent, 20200601, "x"));
}

TEST(KeysTest, WordPrefixSeparatesWordsThatPrefixEachOther) {
  std::string prefix = keys::WordPrefix("minh");
  std::string minh = keys::WordKey("minh", 20200101, "doc1");
  std::string minhx = keys::WordKey("minhx", 20200101, "doc1");
  std::string minh_old = keys::WordKey("minh", 19000101, "doc1");
  EXPECT_EQ(minh.compare(0, prefix.size(), prefix), 0);
  EXPECT_EQ(minh_old.compare(0, prefix.size(), prefix), 0);
  EXPECT_NE(minhx.compare(0, prefix.size(), prefix), 0);
  // Every "minh" entry sorts before every "minhx" entry, whatever the days.
  EXPECT_LT(minh_old, minhx);
  EXPECT_LT(keys::WordKey("minh", 0, "\xff\xff"), keys::WordKey("minhx", 99991231, ""));
}

TEST(KeysTest, ParseRoundTrips) {
  std::string_view word, id;
  int32_t day = 0;
  ASSERT_TRUE(keys::ParseWordKey(keys::WordKey("pham", 20200601, "id-1"), &word, &day, &id));
  EXPECT_EQ(word, "pham");
  EXPECT_EQ(day, 20200601);
  EXPECT_EQ(id, "id-1");
  char field = 0;
  ASSERT_TRUE(keys::ParseDateKey(keys::DateKey(kDateFieldAny, 20230501, "x"), &field, &day, &id));
  EXPECT_EQ(field, kDateFieldAny);
  EXPECT_EQ(day, 20230501);
  EXPECT_EQ(id, "x");
  ASSERT_TRUE(keys::ParseListKey(keys::ListKey(0, "y"), &day, &id));
  EXPECT_EQ(day, 0);
  EXPECT_EQ(id, "y");
  EXPECT_FALSE(keys::ParseWordKey("no-separator", &word, &day, &id));
}

TEST(KeysTest, ValuesRoundTrip) {
  std::vector<PersonRef> persons = {{"pham binh minh", {3, 17, "Ông Phạm Bình Minh nói."}},
                                    {"minh", {-1, -1, ""}}};
  std::vector<PersonRef> back;
  ASSERT_TRUE(DecodePersonValue(EncodePersonValue(persons), &back));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].key, "pham binh minh");
  EXPECT_EQ(back[0].mention.begin, 3);
  EXPECT_EQ(back[0].mention.end, 17);
  EXPECT_EQ(back[0].mention.sentence, "Ông Phạm Bình Minh nói.");
  EXPECT_EQ(back[1].mention.begin, -1);
  EXPECT_FALSE(DecodePersonValue("\x05", &back));

  AnyDateValue v{{20200101, 20200601}, {1, 2, "s"}};
  AnyDateValue v2;
  ASSERT_TRUE(DecodeAnyDateValue(EncodeAnyDateValue(v), &v2));
  EXPECT_EQ(v2.days, v.days);
  EXPECT_EQ(v2.mention.sentence, "s");
}

TEST(KeysTest, BodyFilterIsTheFilterOfTheDistinctWords) {
  std::string many;
  for (int i = 0; i < 300; ++i) many += "từ" + std::to_string(i) + " Từ" + std::to_string(i % 7) + " ";
  for (const std::string& text :
       {std::string(""), std::string("..."), std::string("Đà Nẵng, đà nẵng và Hà Nội-2020."),
        std::string("Hoà hòa HOÀ hoa a\xCC\x81 x"), many,
        // Letters that fold to more than one letter, to none, or to no ASCII letter; other
        // scripts; digits of other scripts; a combining mark alone and one after a letter.
        std::string("Straße ĳssel ﬁnal Œuvre İstanbul Ωmega Москва 東京タワー ١٢٣ ５月 x²"),
        std::string("\xCC\x81 a\xCC\x81" "b Ðức Đức ǅ ǈ Æ æ ø Ł ł ħ ı"),
        std::string("Hà Nội: 14/4/2020 – Nguyễn Phú Trọng, Tổng Bí thư; COVID-19 (SARS-CoV-2).")}) {
    std::vector<std::string> words;
    for (WordOccurrence& w : DistinctWords(text)) words.push_back(std::move(w.word));
    EXPECT_EQ(EncodeBodyFilter(text), EncodeWordFilter(words)) << text;
  }
  // Random texts over a mix of ASCII, Vietnamese, other Latin letters, marks, other scripts and
  // punctuation.
  const std::vector<std::string> pieces = {
      "a", "Z", "7", " ", ".", "-", "ệ", "Ẫ", "đ", "Đ", "ß", "ﬁ", "Œ", "İ", "\xCC\x81", "\xCC\xA3",
      "Ω", "ж", "東", "١", "５", "²", "ǅ", "\xE2\x80\x8B", "\n", "ƀ", "ɐ", "ʰ", "ͅ", "Ꭰ"};
  uint64_t seed = 42;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = static_cast<int>(seed % 40);
    for (int i = 0; i < n; ++i) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      text += pieces[(seed >> 33) % pieces.size()];
    }
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    std::vector<std::string> words;
    for (WordOccurrence& w : DistinctWords(text)) words.push_back(std::move(w.word));
    ASSERT_EQ(EncodeBodyFilter(text), EncodeWordFilter(words)) << text;
  }
}

TEST(KeysTest, DistinctWordsHaveCodePointOffsets) {
  // "Đà" is 2 code points but 4 bytes: offsets count code points.
  std::vector<WordOccurrence> words = DistinctWords("Đà Nẵng, đà nẵng và Hà Nội-2020.");
  std::vector<std::string> got;
  for (const auto& w : words) got.push_back(w.word);
  EXPECT_EQ(got, (std::vector<std::string>{"da", "nang", "va", "ha", "noi", "2020"}));
  EXPECT_EQ(words[0].begin, 0);
  EXPECT_EQ(words[0].end, 2);
  EXPECT_EQ(words[1].begin, 3);
  EXPECT_EQ(words[1].end, 7);
  EXPECT_EQ(words[5].begin, 27);
  EXPECT_EQ(words[5].end, 31);
}

TEST(KeysTest, BuildIndexIsDeterministicAndCoversEveryAxis) {
  vnnews::v1::Article a = testing::MakeArticle(
      "doc", "Ông Phạm Bình Minh gặp Motegi Toshimitsu.", 20200601,
      {{"Phạm Bình Minh", 4, 18}, {"Motegi Toshimitsu", 23, 40}}, {20200501}, {"diplomacy"});
  auto* org = a.add_organizations();
  org->set_name("Bộ Ngoại giao");
  org->set_key("bo ngoai giao");
  auto* loc = a.add_locations();
  loc->set_name("Nhật Bản");
  ArticleIndex x = BuildIndex(a);
  ArticleIndex y = BuildIndex(a);
  ASSERT_EQ(x.entries.size(), y.entries.size());
  for (size_t i = 0; i < x.entries.size(); ++i) {
    EXPECT_EQ(x.entries[i].key, y.entries[i].key);
    EXPECT_EQ(x.entries[i].value, y.entries[i].value);
  }
  auto has = [&](Cf cf, const std::string& key) {
    return std::any_of(x.entries.begin(), x.entries.end(),
                       [&](const IndexEntry& e) { return e.cf == cf && e.key == key; });
  };
  EXPECT_TRUE(has(kList, keys::ListKey(20200601, "doc")));
  EXPECT_TRUE(has(kPerson, keys::WordKey("pham", 20200601, "doc")));
  EXPECT_TRUE(has(kPerson, keys::WordKey("motegi", 20200601, "doc")));
  // One entry per person under the whole folded key, kept apart from the word entries.
  EXPECT_TRUE(has(kPerson, keys::WordKey(keys::FullNameWord("pham binh minh"), 20200601, "doc")));
  EXPECT_TRUE(
      has(kPerson, keys::WordKey(keys::FullNameWord("motegi toshimitsu"), 20200601, "doc")));
  EXPECT_FALSE(absl::StartsWith(keys::FullNameWord("pham"), keys::WordPrefix("pham")));
  EXPECT_FALSE(absl::StartsWith(keys::WordKey("pham", 20200601, "doc"),
                                keys::WordPrefix(keys::FullNameWord("pham"))));
  EXPECT_TRUE(has(kDate, keys::DateKey(kDateFieldEvent, 20200601, "doc")));
  EXPECT_TRUE(has(kDate, keys::DateKey(kDateFieldAny, 20200601, "doc")));
  EXPECT_TRUE(has(kDate, keys::DateKey(kDateFieldAny, 20200501, "doc")));
  EXPECT_FALSE(has(kDate, keys::DateKey(kDateFieldEvent, 20200501, "doc")));
  EXPECT_TRUE(has(kTopic, keys::WordKey("diplomacy", 20200601, "doc")));
  EXPECT_TRUE(has(kOrganization, keys::WordKey("bo ngoai giao", 20200601, "doc")));
  EXPECT_TRUE(has(kLocation, keys::WordKey("nhat ban", 20200601, "doc")));
  EXPECT_EQ(x.names.size(), 5u);  // pham, binh, minh, motegi, toshimitsu
  // One full-text entry per article: a filter of its body's folded words.
  auto terms = std::find_if(x.entries.begin(), x.entries.end(),
                            [](const IndexEntry& e) { return e.cf == kTerms; });
  ASSERT_NE(terms, x.entries.end());
  EXPECT_EQ(terms->key, keys::ListKey(20200601, "doc"));
  for (const char* w : {"ong", "pham", "binh", "minh", "gap", "motegi", "toshimitsu"}) {
    EXPECT_TRUE(WordFilterMayContain(terms->value, w)) << w;
  }
  // The list entry carries the facet values.
  auto list = std::find_if(x.entries.begin(), x.entries.end(),
                           [](const IndexEntry& e) { return e.cf == kList; });
  ASSERT_NE(list, x.entries.end());
  std::vector<FacetRef> facets;
  ASSERT_TRUE(DecodeFacets(list->value, &facets));
  std::vector<std::string> values;
  for (const FacetRef& f : facets) values.push_back(std::string(1, f.facet) + ":" + f.display);
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<std::string>{"l:Nhật Bản", "o:Bộ Ngoại giao", "p:Motegi Toshimitsu",
                                              "p:Phạm Bình Minh", "t:diplomacy", "y:2020"}));
}

TEST(KeysTest, LongSentencesAreCutAroundTheMention) {
  std::string before(600, 'a');
  std::string after(600, 'b');
  vnnews::v1::Article a = testing::MakeArticle("doc", "x", 20200101, {{"Lê Văn Tám", 0, 10}});
  a.mutable_persons(0)->mutable_mentions(0)->set_sentence(before + " Lê Văn Tám " + after);
  ArticleIndex index = BuildIndex(a);
  auto person = std::find_if(index.entries.begin(), index.entries.end(),
                             [](const IndexEntry& e) { return e.cf == kPerson; });
  ASSERT_NE(person, index.entries.end());
  std::vector<PersonRef> refs;
  ASSERT_TRUE(DecodePersonValue(person->value, &refs));
  const std::string& snippet = refs[0].mention.sentence;
  EXPECT_NE(snippet.find("Lê Văn Tám"), std::string::npos) << snippet;
  EXPECT_LE(snippet.size(), kMaxSnippetBytes + 2 * std::string("…").size());
  EXPECT_EQ(snippet.rfind("…", 0), 0u);
  EXPECT_EQ(snippet.substr(snippet.size() - std::string("…").size()), "…");
}

TEST(KeysTest, WordFilterHasNoFalseNegativesAndFewFalsePositives) {
  std::vector<std::string> words;
  for (int i = 0; i < 500; ++i) words.push_back("w" + std::to_string(i));
  std::string filter = EncodeWordFilter(words);
  for (const std::string& w : words) EXPECT_TRUE(WordFilterMayContain(filter, w)) << w;
  int false_positives = 0;
  for (int i = 0; i < 10000; ++i) {
    false_positives += WordFilterMayContain(filter, "x" + std::to_string(i));
  }
  EXPECT_LT(false_positives, 500) << "about 1% expected";
  EXPECT_FALSE(WordFilterMayContain(EncodeWordFilter({}), "anything"));
}

TEST(CodecTest, SipHashMatchesTheReferenceVector) {
  // SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e.
  codec::SipKey key = {0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  std::string msg;
  for (int i = 0; i < 15; ++i) msg.push_back(static_cast<char>(i));
  EXPECT_EQ(codec::SipHash24(key, msg), 0xa129ca6149be45e5ULL);
}

TEST(CodecTest, VarintRoundTripsAndRejectsTruncation) {
  std::string buf;
  codec::PutVarint(0, &buf);
  codec::PutVarint(300, &buf);
  codec::PutVarint(~0ULL, &buf);
  std::string_view in = buf;
  uint64_t v = 1;
  ASSERT_TRUE(codec::GetVarint(&in, &v));
  EXPECT_EQ(v, 0u);
  ASSERT_TRUE(codec::GetVarint(&in, &v));
  EXPECT_EQ(v, 300u);
  ASSERT_TRUE(codec::GetVarint(&in, &v));
  EXPECT_EQ(v, ~0ULL);
  EXPECT_TRUE(in.empty());
  std::string_view cut = "\x80\x80";
  EXPECT_FALSE(codec::GetVarint(&cut, &v));
}

TEST(ContentIdTest, StableSixteenHexDigits) {
  std::string id = ContentId("Hà Nội");
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(id, ContentId("Hà Nội"));
  EXPECT_NE(id, ContentId("Hà Nội."));
}

}  // namespace
}  // namespace vnnews::store
