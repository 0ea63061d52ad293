// Helpers over a stored record: code-point offsets into a body, every span of a record, and
// the sentence text a record keeps only as offsets.
#include "vnnews/record/record.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace vnnews::record {
namespace {

// The byte offset of code point `cp`, counted the slow way.
size_t SlowByte(const std::string& s, int64_t cp) {
  size_t pos = 0;
  for (int64_t i = 0; i < cp && pos < s.size(); ++i) {
    ++pos;
    while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
  }
  return pos;
}

TEST(CharOffsetsTest, EveryCodePointOfAMixedText) {
  // One-, two-, three- and four-byte characters, long enough for several marks.
  std::string text;
  for (int i = 0; i < 50; ++i) text += "Nguyễn Thị Ánh – 東京 😀 ";
  const CharOffsets offsets(text);
  for (int64_t cp = 0; cp <= 2000; ++cp) {
    ASSERT_EQ(offsets.Byte(cp), SlowByte(text, cp)) << cp;
  }
}

TEST(CharOffsetsTest, ClampsToTheText) {
  const std::string text = "Hà Nội";
  const CharOffsets offsets(text);
  EXPECT_EQ(offsets.Byte(-5), 0u);
  EXPECT_EQ(offsets.Byte(6), text.size());
  EXPECT_EQ(offsets.Byte(1000), text.size());
  EXPECT_EQ(offsets.Slice(3, 6), "Nội");
  EXPECT_EQ(offsets.Slice(3, 100), "Nội");
  EXPECT_EQ(offsets.Slice(5, 2), "");
  const CharOffsets empty("");
  EXPECT_EQ(empty.Byte(0), 0u);
  EXPECT_EQ(empty.Slice(0, 10), "");
}

vnnews::v1::Article TwoSentences() {
  vnnews::v1::Article a;
  // "Ông Lê Văn Tám đến Hà Nội." is characters 0..26, "Bà Mai ở lại." 27..40.
  a.set_body("Ông Lê Văn Tám đến Hà Nội. Bà Mai ở lại.");
  vnnews::v1::Person* p = a.add_persons();
  p->set_name("Lê Văn Tám");
  vnnews::v1::Span* m = p->add_mentions();
  m->set_begin(4);
  m->set_end(14);
  m->set_sentence_begin(0);
  m->set_sentence_end(26);
  vnnews::v1::Entity* l = a.add_locations();
  l->set_name("Hà Nội");
  m = l->add_mentions();
  m->set_begin(19);
  m->set_end(25);
  m->set_sentence_begin(0);
  m->set_sentence_end(26);
  vnnews::v1::Span* e = a.mutable_event_date()->mutable_span();
  e->set_begin(30);
  e->set_end(33);
  e->set_sentence_begin(27);
  e->set_sentence_end(40);
  return a;
}

TEST(RecordTest, ForEachSpanVisitsEverySpan) {
  vnnews::v1::Article a = TwoSentences();
  a.add_dates()->mutable_span()->set_text("d");
  a.add_organizations()->add_mentions()->set_text("o");
  a.add_money()->mutable_span()->set_text("m");
  int n = 0;
  ForEachSpan(static_cast<const vnnews::v1::Article&>(a), [&](const vnnews::v1::Span&) { ++n; });
  EXPECT_EQ(n, 6);
  ForEachSpan(a, [&](vnnews::v1::Span& s) { s.set_text("x"); });
  EXPECT_EQ(a.persons(0).mentions(0).text(), "x");
  EXPECT_EQ(a.money(0).span().text(), "x");
}

TEST(RecordTest, FillSentencesFromOffsets) {
  vnnews::v1::Article a = TwoSentences();
  FillSentences(&a);
  EXPECT_EQ(a.persons(0).mentions(0).sentence(), "Ông Lê Văn Tám đến Hà Nội.");
  EXPECT_EQ(a.locations(0).mentions(0).sentence(), "Ông Lê Văn Tám đến Hà Nội.");
  EXPECT_EQ(a.event_date().span().sentence(), "Bà Mai ở lại.");
}

TEST(RecordTest, SentenceTextGivenIsKeptAndNoOffsetsMeansNoSentence) {
  vnnews::v1::Article a = TwoSentences();
  a.mutable_persons(0)->mutable_mentions(0)->set_sentence("given");
  a.mutable_locations(0)->mutable_mentions(0)->clear_sentence_begin();
  a.mutable_locations(0)->mutable_mentions(0)->clear_sentence_end();
  const CharOffsets body(a.body());
  EXPECT_EQ(SentenceOf(a.persons(0).mentions(0), body), "given");
  EXPECT_EQ(SentenceOf(a.locations(0).mentions(0), body), "");
  FillSentences(&a);
  EXPECT_EQ(a.persons(0).mentions(0).sentence(), "given");
  EXPECT_EQ(a.locations(0).mentions(0).sentence(), "");
}

TEST(RecordTest, OffsetsPastTheBodyAreClamped) {
  vnnews::v1::Article a = TwoSentences();
  a.mutable_event_date()->mutable_span()->set_sentence_end(1000);
  FillSentences(&a);
  EXPECT_EQ(a.event_date().span().sentence(), "Bà Mai ở lại.");
}

}  // namespace
}  // namespace vnnews::record
