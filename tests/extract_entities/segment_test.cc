// The article out of the page: title, body, source, byline and photo credits, and the page
// furniture that is dropped before extraction.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"

namespace vnnews::extract::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(SegmentTest, TitleGluedToLeadWithSourceInParentheses) {
  Result r = Extract(
      "Nhật Bản tái khẳng định cam kết hỗ trợ thiết bị, vật tư y tế cho Việt Nam(Chinhphu.vn) - "
      "Ngoài các khoản viện trợ trước đây, Bộ trưởng Ngoại giao Motegi Toshimitsu khẳng định "
      "Nhật Bản sẽ tiếp tục hỗ trợ Việt Nam.\n\nHai bên nhất trí tăng cường hợp tác.");
  EXPECT_EQ(r.seg.title,
            "Nhật Bản tái khẳng định cam kết hỗ trợ thiết bị, vật tư y tế cho Việt Nam");
  EXPECT_EQ(r.seg.source, "Chinhphu.vn");
  EXPECT_TRUE(r.seg.body.rfind("Ngoài các khoản viện trợ", 0) == 0) << r.seg.body;
  EXPECT_THAT(r.seg.body, Not(HasSubstr("Chinhphu.vn")));
}

TEST(SegmentTest, SourceTagAtTheStartOfTheLead) {
  Result r = Extract(
      "Phối hợp chặt chẽ, đưa quan hệ Việt Nam-Nhật Bản lên tầm cao mới\n\n"
      "NDO - Ngày 6/9, Thủ tướng Phạm Minh Chính đã gặp Thủ tướng Nhật Bản Kishida Fumio tại "
      "Jakarta, Indonesia.\n");
  EXPECT_EQ(r.seg.title, "Phối hợp chặt chẽ, đưa quan hệ Việt Nam-Nhật Bản lên tầm cao mới");
  EXPECT_EQ(r.seg.source, "NDO");
  EXPECT_TRUE(r.seg.body.rfind("Ngày 6/9, Thủ tướng", 0) == 0) << r.seg.body;
}

TEST(SegmentTest, DatelineKeptAndAgencyTagRemoved) {
  Result r = Extract(
      "Lũ quét tại Lào Cai làm nhiều người mất tích\n"
      "HÀ NỘI (TTXVN) - Sáng 10/9, lực lượng cứu hộ đã tiếp cận thôn Làng Nủ, xã Phúc Khánh, "
      "huyện Bảo Yên, tỉnh Lào Cai.");
  EXPECT_EQ(r.seg.source, "TTXVN");
  EXPECT_TRUE(r.seg.body.rfind("HÀ NỘI - Sáng 10/9", 0) == 0) << r.seg.body;
}

TEST(SegmentTest, NoTitleWhenTheFirstLineIsASentence) {
  Result r = Extract(
      "Thủ tướng Phạm Minh Chính đánh giá cao sự hợp tác của Nhật Bản trong nhiều năm qua.\n"
      "Thủ tướng Suga Yoshihide khẳng định chính sách nhất quán của Nhật Bản.");
  EXPECT_EQ(r.seg.title, "");
  EXPECT_TRUE(r.seg.body.rfind("Thủ tướng Phạm Minh Chính", 0) == 0);
}

TEST(SegmentTest, ImageLinksAndTableRowsAreDropped) {
  Result r = Extract(
      "Việt Nam-Nhật Bản thống nhất thúc đẩy hợp tác kinh tế\n"
      "![]() |\n![]() |\n"
      "Bộ trưởng Mai Tiến Dũng và Đại sứ Yamada Takio (Ảnh: VGP) |\n"
      "Sáng 4/5, Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ Mai Tiến Dũng đã tiếp Đại sứ Yamada "
      "Takio tại Hà Nội.\n"
      "![]() Báo cáo ngày 27/3 của Cơ quan Quản lý xuất nhập cảnh Nhật Bản cho biết ... |\n"
      "![[Video] Người truyền cảm hứng](https://thoidai.com.vn/stores/2025/042025/29/a.jpg)\n"
      "[Xem chi tiết](https://example.vn/bai-viet-20250429.html)\n"
      "https://example.vn/anh/20250101.jpg\n");
  EXPECT_THAT(r.seg.body, HasSubstr("Bộ trưởng Mai Tiến Dũng và Đại sứ Yamada Takio (Ảnh: VGP)\n"));
  EXPECT_THAT(r.seg.body, Not(HasSubstr("![")));
  EXPECT_THAT(r.seg.body, Not(HasSubstr("27/3")));
  EXPECT_THAT(r.seg.body, Not(HasSubstr("http")));
  EXPECT_THAT(r.seg.body, Not(HasSubstr("|")));
}

TEST(SegmentTest, VideoPlayerLabelsAndTheRepeatedTitleAreDropped) {
  Result r = Extract(
      "Phối hợp chặt chẽ, đưa quan hệ Việt Nam-Nhật Bản lên tầm cao mới\n\n"
      "NDO - Ngày 6/9, Thủ tướng Phạm Minh Chính đã gặp Thủ tướng Nhật Bản Kishida Fumio.\n"
      "0:00 / 0:00\n0:00\n"
      "Phối hợp chặt chẽ, đưa quan hệ Việt Nam-Nhật Bản lên tầm cao mới\n\n"
      "Tại cuộc gặp, Thủ tướng Phạm Minh Chính chúc mừng Nhật Bản.");
  EXPECT_EQ(r.seg.body,
            "Ngày 6/9, Thủ tướng Phạm Minh Chính đã gặp Thủ tướng Nhật Bản Kishida Fumio.\n"
            "Tại cuộc gặp, Thủ tướng Phạm Minh Chính chúc mừng Nhật Bản.");
}

TEST(SegmentTest, RelatedArticleListsAndTaggedTeasersAreDropped) {
  Result r = Extract(
      "Việt Nam-Nhật Bản thống nhất thúc đẩy hợp tác kinh tế\n"
      "Sáng 4/5, Bộ trưởng Mai Tiến Dũng đã tiếp Đại sứ Yamada Takio tại trụ sở Văn phòng Chính "
      "phủ.\n"
      "Tin bài liên quan\n\n"
      "Dấu ấn nhiệm kỳ của Đại sứ Yamada Takio: tổ chức hơn 500 hoạt động văn hóa\n"
      "Các tin bài khác\n\n"
      "Tổng Bí thư Tô Lâm hội đàm với Tổng thống Nga Vladimir Putin\n"
      "Đọc nhiều\n\n"
      "Kỷ niệm 135 năm ngày sinh Chủ tịch Hồ Chí Minh tại Thái Lan\n"
      "[Video] Tổng giám đốc UNESCO Audrey Azoulay chúc mừng Đại lễ Phật đản Vesak 2025\n"
      "[Infographics] Thí điểm thực hiện dự án nhà ở thương mại từ 1/4/2025\n");
  EXPECT_THAT(r.seg.body, Not(HasSubstr("Tô Lâm")));
  EXPECT_THAT(r.seg.body, Not(HasSubstr("Dấu ấn")));
  EXPECT_THAT(r.seg.body, Not(HasSubstr("Azoulay")));
  EXPECT_THAT(r.PersonNames(), ElementsAre("Mai Tiến Dũng", "Yamada Takio"));
  EXPECT_THAT(r.Locations(), IsEmpty());
}

TEST(SegmentTest, TeaserAfterTheBylineIsNotTheArticle) {
  Result r = Extract(
      "Cùng dự có Bộ trưởng Ngoại giao các nước Campuchia, Lào, Mianma, Thái Lan.\n\n"
      "Phó Thủ tướng Phạm Bình Minh nhấn mạnh sự cần thiết có cách tiếp cận toàn diện, vừa ứng "
      "phó dịch bệnh, vừa khôi phục kinh tế.\n\n"
      "Thành Nam\n\n"
      "Ông Trần Quốc Vượng: Bảo vệ an ninh quốc gia và an ninh kinh tế\n\n"
      "Ông Trần Quốc Vượng: Bảo vệ an ninh quốc gia và an ninh kinh tế\n\n"
      "Trong tình hình mới, an ninh quốc gia đang đứng trước nguy cơ, thách thức mới rất phức "
      "tạp, đòi hỏi phải có chiến lược với tầm nhìn mới.");
  ASSERT_EQ(r.seg.credits.size(), 1u);
  EXPECT_EQ(r.seg.credits[0].name, "Thành Nam");
  EXPECT_EQ(r.seg.credits[0].role, "byline");
  EXPECT_EQ(r.seg.body.substr(r.seg.credits[0].begin,
                              r.seg.credits[0].end - r.seg.credits[0].begin),
            "Thành Nam");
  EXPECT_THAT(r.seg.body, Not(HasSubstr("Trần Quốc Vượng")));
  EXPECT_THAT(r.seg.body, Not(HasSubstr("tầm nhìn mới")));
  EXPECT_EQ(r.Person("Trần Quốc Vượng"), nullptr);
  EXPECT_THAT(r.Roles("Thành Nam"), ElementsAre("byline"));
}

TEST(SegmentTest, AllCapsBylineInProperCase) {
  Result r = Extract(
      "Đội tuyển Việt Nam thắng Thái Lan 3-2\n"
      "Tối 5/1, tiền đạo Nguyễn Tiến Linh ghi bàn quyết định giúp đội tuyển Việt Nam giành chiến "
      "thắng trên sân Rajamangala.\n"
      "HOÀNG TÙNG");
  ASSERT_EQ(r.seg.credits.size(), 1u);
  EXPECT_EQ(r.seg.credits[0].name, "Hoàng Tùng");
  const auto* p = r.Person("Hoàng Tùng");
  ASSERT_NE(p, nullptr);
  EXPECT_THAT(r.Roles("Hoàng Tùng"), ElementsAre("byline"));
  ASSERT_EQ(p->mentions_size(), 1);
  EXPECT_EQ(p->mentions(0).text(), "HOÀNG TÙNG");
}

TEST(SegmentTest, PhotoCreditsWithAPersonAndWithoutOne) {
  Result r = Extract(
      "Phó Thủ tướng Phạm Bình Minh điện đàm với Bộ trưởng Ngoại giao Nhật Bản Motegi Toshimitsu"
      " - Ảnh: VGP/Hải Minh\n"
      "Bộ trưởng Mai Tiến Dũng và Đại sứ Yamada Takio (Ảnh: VGP)\n"
      "Lực lượng cứu hộ tìm kiếm người mất tích tại hiện trường vụ sạt lở. Ảnh: TTXVN\n");
  ASSERT_EQ(r.seg.credits.size(), 1u);
  EXPECT_EQ(r.seg.credits[0].name, "Hải Minh");
  EXPECT_EQ(r.seg.credits[0].role, "photo_credit");
  EXPECT_THAT(r.Roles("Hải Minh"), ElementsAre("photo_credit"));
  EXPECT_EQ(r.Person("VGP"), nullptr);
}

TEST(SegmentTest, BylineFollowedByAPhotoCredit) {
  Result r = Extract(
      "Tàu ngầm Hà Nội và Thành phố Hồ Chí Minh diễn tập tại vùng biển Cam Ranh trong nhiều ngày"
      " liên tiếp.\n"
      "Tuấn Anh - Ảnh: Trọng Hải");
  ASSERT_EQ(r.seg.credits.size(), 2u);
  EXPECT_EQ(r.seg.credits[0].name, "Tuấn Anh");
  EXPECT_EQ(r.seg.credits[0].role, "byline");
  EXPECT_EQ(r.seg.credits[1].name, "Trọng Hải");
  EXPECT_EQ(r.seg.credits[1].role, "photo_credit");
  EXPECT_THAT(r.Locations(), Not(::testing::Contains("Anh")));
}

TEST(SegmentTest, SourceLineAtTheEnd) {
  Result r = Extract(
      "Ngày 20/3, tại Moskva, Tổng thống Nga Vladimir Putin đã hội đàm với Chủ tịch Trung Quốc "
      "Tập Cận Bình về tình hình khu vực.\n"
      "Theo TTXVN\n"
      "Tin liên quan\n"
      "Tổng thống Mỹ Joe Biden điện đàm với Thủ tướng Anh");
  EXPECT_EQ(r.seg.source, "TTXVN");
  EXPECT_THAT(r.seg.body, Not(HasSubstr("Theo TTXVN")));
  EXPECT_EQ(r.Person("Joe Biden"), nullptr);
}

TEST(SegmentTest, NavigationMenuAtTheTopIsDropped) {
  Result r = Extract(
      "Trang chủ\nThời sự\nThế giới\nKinh tế\nThể thao\n"
      "Bệnh viện Bạch Mai tiếp nhận nhiều ca sốt xuất huyết\n"
      "Chia sẻ\n"
      "Theo PGS.TS Đào Xuân Cơ, Giám đốc Bệnh viện Bạch Mai, trong tuần qua bệnh viện tiếp nhận "
      "hơn 200 ca sốt xuất huyết.\n");
  EXPECT_EQ(r.seg.title, "Bệnh viện Bạch Mai tiếp nhận nhiều ca sốt xuất huyết");
  EXPECT_TRUE(r.seg.body.rfind("Theo PGS.TS Đào Xuân Cơ", 0) == 0) << r.seg.body;
}

TEST(SegmentTest, LongParagraphAfterAnInlineRelatedBoxResumesTheStory) {
  std::string para =
      "Theo Bộ Y tế, số ca mắc sốt xuất huyết trên cả nước tăng mạnh trong những tuần gần đây, "
      "đặc biệt tại các tỉnh phía Nam và khu vực Tây Nguyên, nơi thời tiết nắng mưa thất thường "
      "tạo điều kiện cho muỗi sinh sản; các địa phương được yêu cầu tổ chức chiến dịch diệt lăng "
      "quăng, phun hóa chất tại các ổ dịch và tăng cường truyền thông để người dân chủ động phòng "
      "bệnh cho bản thân và gia đình mình.";
  Result r = Extract(
      "Bộ Y tế yêu cầu các địa phương tăng cường phòng chống sốt xuất huyết trong mùa mưa năm "
      "nay.\n"
      "Tin liên quan\n"
      "Hà Nội ghi nhận thêm 500 ca sốt xuất huyết\n" +
      para);
  EXPECT_THAT(r.seg.body, Not(HasSubstr("500 ca")));
  EXPECT_THAT(r.seg.body, HasSubstr("Tây Nguyên"));
}

TEST(SegmentTest, EmptyAndPunctuationOnlyTexts) {
  Segmented empty = Get().segmenter->Split("");
  EXPECT_EQ(empty.body, "");
  EXPECT_EQ(empty.title, "");
  Segmented punct = Get().segmenter->Split("... !!! ---\n|||\n:::");
  EXPECT_EQ(punct.title, "");
  vnnews::v1::Article a;
  Get().persons->Extract(punct, &a);
  Get().entities->Extract(punct, &a);
  EXPECT_EQ(a.persons_size(), 0);
  EXPECT_EQ(a.organizations_size(), 0);
}

TEST(SegmentTest, HugeRepetitiveTextStaysLinear) {
  // Not a timing test: it checks that a long document is segmented whole.
  std::string para =
      "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Nghệ An, cho biết tỉnh đã hỗ trợ người dân.\n";
  std::string text;
  for (int i = 0; i < 20000; ++i) text += para;
  Result r = Extract(text);
  EXPECT_EQ(r.seg.body.size(), para.size() - 1) << "repeated lines are kept once";
  EXPECT_THAT(r.PersonNames(), ElementsAre("Nguyễn Văn An"));
}

}  // namespace
}  // namespace vnnews::extract::testing
