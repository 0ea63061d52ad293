#include "vnnews/text/text.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace vnnews::text {
namespace {

std::string Norm(std::string_view s) {
  auto r = Normalize(s);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : std::string();
}

TEST(ValidateUtf8, AcceptsVietnamese) {
  EXPECT_TRUE(ValidateUtf8("Phạm Bình Minh – Nhật Bản").ok());
  EXPECT_TRUE(ValidateUtf8("").ok());
}

TEST(ValidateUtf8, NamesTheByteOffset) {
  absl::Status st = ValidateUtf8(std::string("Hà Nội \xC3\x28 x"));
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("byte offset 10"), std::string::npos) << st.message();
}

TEST(ValidateUtf8, RejectsOverlongSurrogatesAndTooLarge) {
  EXPECT_FALSE(ValidateUtf8("\xC0\xAF").ok());          // overlong '/'
  EXPECT_FALSE(ValidateUtf8("\xE0\x80\xAF").ok());      // overlong
  EXPECT_FALSE(ValidateUtf8("\xED\xA0\x80").ok());      // surrogate D800
  EXPECT_FALSE(ValidateUtf8("\xF4\x90\x80\x80").ok());  // > U+10FFFF
  EXPECT_FALSE(ValidateUtf8("abc\xE1\xBA").ok());       // truncated at the end
  EXPECT_FALSE(ValidateUtf8("\xFF").ok());
}

TEST(Normalize, NfdBecomesNfc) {
  // "Phạm" with a combining dot below, "Bình" with a combining grave.
  EXPECT_EQ(Norm("Pha\xCC\xA3m Bi\xCC\x80nh Minh"), "Phạm Bình Minh");
}

TEST(Normalize, OneToneMarkPlacement) {
  EXPECT_EQ(Norm("hoà bình"), "hòa bình");
  EXPECT_EQ(Norm("hòa bình"), "hòa bình");
  EXPECT_EQ(Norm("thuỷ sản, Thuỵ Sĩ"), "thủy sản, Thụy Sĩ");
  EXPECT_EQ(Norm("khoẻ mạnh"), "khỏe mạnh");
  EXPECT_EQ(Norm("HOÀ BÌNH"), "HÒA BÌNH");
  // Tone on the second vowel is right in both styles when a consonant follows, or after q.
  EXPECT_EQ(Norm("hoàn thành, quý 3, thuyền, khuỷu tay, quỳ"), "hoàn thành, quý 3, thuyền, khuỷu tay, quỳ");
}

TEST(Normalize, NfdInOtherPlacementGivesTheSameText) {
  // "hoà" in NFD: o, a, combining grave.
  EXPECT_EQ(Norm("Ho\x61\xCC\x80 Bi\xCC\x80nh"), Norm("Hòa Bình"));
}

TEST(Normalize, WhitespaceAndInvisibles) {
  EXPECT_EQ(Norm("\xEF\xBB\xBFXin\xC2\xA0" "chào\tbạn\r\nDòng   hai  \r\n"), "Xin chào bạn\nDòng hai");
  EXPECT_EQ(Norm("Việt\xE2\x80\x8BNam"), "ViệtNam");
  EXPECT_EQ(Norm("a\r\rb"), "a\n\nb");
  EXPECT_EQ(Norm("a\n\n\n\n\nb"), "a\n\nb");
  EXPECT_EQ(Norm("  \n\n lead"), "lead");
}

// Normalize copies long runs of plain text eight bytes at a time: what it must still see
// (a second space, a line break, a no-break space, a character NFC changes, a bad byte) is
// found at every offset in and across those eight bytes.
TEST(Normalize, FindsWhatMattersAtEveryOffset) {
  for (size_t k = 0; k < 20; ++k) {
    const std::string lead(k, 'a');
    SCOPED_TRACE(k);
    EXPECT_EQ(Norm(lead + "ữ  Đông\t\tb"), lead + "ữ Đông b");
    EXPECT_EQ(Norm(lead + "ấy \n hòa"), lead + "ấy\nhòa");
    EXPECT_EQ(Norm(lead + "ờ\xC2\xA0 ơ x"), lead + "ờ ơ x");
    EXPECT_EQ(Norm(lead + "a\xCC\x80 hoà bình"), lead + "à hòa bình");
    EXPECT_EQ(Norm(lead + "ĩ\xE2\x80\x8B"
                          "ỹ\xE1\xBA\x9Fz"),
              lead + "ĩỹ\xE1\xBA\x9Fz");
    auto bad = Normalize(lead + "ệ\xE1\xBBz ok");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find(absl::StrCat("byte offset ", k + 3)), std::string::npos)
        << bad.status();
  }
}

TEST(Normalize, CrLfGivesTheSameText) {
  EXPECT_EQ(Norm("Dòng một\r\nDòng hai\r\n"), Norm("Dòng một\nDòng hai\n"));
}

TEST(Normalize, RejectsInvalidUtf8) {
  auto r = Normalize("ab\x80");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("byte offset 2"), std::string::npos);
}

TEST(Fold, FoldsCaseDiacriticsAndD) {
  EXPECT_EQ(Fold("Phạm Bình Minh"), "pham binh minh");
  EXPECT_EQ(Fold("PHẠM BÌNH MINH"), "pham binh minh");
  EXPECT_EQ(Fold("Đà Nẵng"), "da nang");
  EXPECT_EQ(Fold("  Hồ   Chí\nMinh "), "ho chi minh");
  EXPECT_EQ(Fold("Mê Công – Nhật Bản"), "me cong - nhat ban");
  EXPECT_EQ(Fold("Pha\xCC\xA3m"), "pham");  // NFD input folds the same
}

TEST(Fold, LongTextsFoldAsTheirWords) {
  // Past the size Fold folds in one piece, with a run of spaces at every offset of the seams.
  for (size_t lead = 0; lead < 8; ++lead) {
    std::string text(lead, ' '), want;
    for (int k = 0; k < 120; ++k) {
      text += k % 3 == 0 ? "Nguyễn  " : k % 3 == 1 ? "ĐỨC\t" : "Ω ";
      want += k % 3 == 0 ? "nguyen " : k % 3 == 1 ? "duc " : "ω ";
    }
    want.pop_back();
    EXPECT_EQ(Fold(text), want) << "lead " << lead;
  }
}

TEST(FoldedWords, SplitsOnNonAlnum) {
  EXPECT_EQ(FoldedWords("Mê Công – Nhật Bản, COVID-19"),
            (std::vector<std::string>{"me", "cong", "nhat", "ban", "covid", "19"}));
}

TEST(Case, TitleCaseOfAnAllCapsByline) {
  EXPECT_EQ(ToTitleCase("THÀNH NAM"), "Thành Nam");
  EXPECT_EQ(ToTitleCase("ĐỖ HÙNG"), "Đỗ Hùng");
  EXPECT_EQ(ToTitleCase("JEAN-PIERRE"), "Jean-Pierre");
  EXPECT_EQ(ToLower("ĐẠI SỨ"), "đại sứ");
  EXPECT_EQ(ToUpper("đại sứ"), "ĐẠI SỨ");
  EXPECT_TRUE(IsAllUpper("VPCP"));
  EXPECT_FALSE(IsAllUpper("Vpcp"));
  EXPECT_FALSE(IsAllUpper("19"));
  EXPECT_TRUE(StartsUpper("Đại"));
  EXPECT_FALSE(StartsUpper("đại"));
}

TEST(Utf8, CodePointsRoundTrip) {
  std::string s = "Đà Nẵng 😀";
  EXPECT_EQ(CodePointCount(s), 9u);
  // Counted eight bytes at a time, then byte by byte: every length and alignment.
  const std::string long_text = "Thủ tướng Phạm Minh Chính 😀 – Hà Nội, Ω";
  for (size_t b = 0; b < long_text.size(); ++b) {
    for (size_t e = b; e <= long_text.size(); ++e) {
      size_t want = 0;
      for (size_t i = b; i < e; ++i) {
        want += (static_cast<unsigned char>(long_text[i]) & 0xC0) != 0x80;
      }
      ASSERT_EQ(CodePointCount(std::string_view(long_text).substr(b, e - b)), want)
          << b << " " << e;
    }
  }
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) AppendUtf8(DecodeAt(s, &pos), &out);
  EXPECT_EQ(out, s);
}

}  // namespace
}  // namespace vnnews::text
