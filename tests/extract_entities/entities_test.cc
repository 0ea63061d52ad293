// Organizations and locations: dictionaries, patterns, glued words, acronyms, and what is not
// an organization or a place.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"

namespace vnnews::extract::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

TEST(EntitiesTest, CountriesWithVariantsAreOneLocation) {
  Result r = Extract(
      "Cùng dự có Bộ trưởng Ngoại giao các nước Campuchia, Lào, Mianma, Thái Lan. Myanmar cam "
      "kết hợp tác với khu vực Mê Công và Mekong - Nhật Bản.");
  ASSERT_THAT(r.Locations(),
              ElementsAre("Campuchia", "Lào", "Mianma", "Thái Lan", "Mê Công", "Nhật Bản"));
  const auto& mianma = r.article.locations(2);
  EXPECT_EQ(mianma.key(), "mianma");
  ASSERT_EQ(mianma.mentions_size(), 2);
  EXPECT_EQ(mianma.mentions(1).text(), "Myanmar");
  EXPECT_EQ(r.article.locations(4).mentions_size(), 2) << "Mê Công and Mekong";
}

TEST(EntitiesTest, GluedPlacesAreFound) {
  Result r = Extract("Dự án đường sắt đô thị tại Hà NộiThành phố Hồ Chí Minh được đẩy nhanh.");
  EXPECT_THAT(r.Locations(), ElementsAre("Hà Nội", "Thành phố Hồ Chí Minh"));
  EXPECT_THAT(r.PersonNames(), IsEmpty());
}

TEST(EntitiesTest, AdministrativeWordsBeforePlaces) {
  Result r = Extract(
      "Lũ quét đã cuốn trôi thôn Làng Nủ, xã Phúc Khánh, huyện Bảo Yên, tỉnh Lào Cai. Tỉnh Nghệ "
      "An và TP Hồ Chí Minh gửi hàng cứu trợ. Trận động đất xảy ra tại tỉnh Ishikawa.");
  EXPECT_THAT(r.Locations(), ElementsAre("Làng Nủ", "Phúc Khánh", "Bảo Yên", "Lào Cai",
                                         "Nghệ An", "TP Hồ Chí Minh", "Ishikawa"));
}

TEST(EntitiesTest, WorldPlaces) {
  Result r = Extract(
      "Ngày 20/3, tại Moskva, lãnh đạo Nga và Trung Quốc thảo luận về Ukraine, Biển Đông và "
      "tình hình Trung Đông. Hội nghị diễn ra tại Jakarta, Indonesia.");
  EXPECT_THAT(r.Locations(), ElementsAre("Moskva", "Nga", "Trung Quốc", "Ukraine", "Biển Đông",
                                         "Trung Đông", "Jakarta", "Indonesia"));
}

TEST(EntitiesTest, DictionaryOrganizationsAndAcronyms) {
  Result r = Extract(
      "Việt Nam tích cực hợp tác tại Liên hiệp quốc, ASEAN, G7 và Tổ chức Y tế Thế giới (WHO). "
      "WHO khuyến cáo các nước tăng cường giám sát. JICA và Bộ Ngoại giao phối hợp.");
  ASSERT_THAT(r.Organizations(), ElementsAre("Liên hiệp quốc", "ASEAN", "G7",
                                             "Tổ chức Y tế Thế giới", "JICA", "Bộ Ngoại giao"));
  EXPECT_EQ(r.article.organizations(3).mentions_size(), 3);
}

TEST(EntitiesTest, AcronymDefinedInTheArticle) {
  Result r = Extract(
      "Liên minh Hợp tác xã Việt Nam (VCA) tổ chức hội nghị. Theo VCA, số hợp tác xã tăng mạnh.");
  ASSERT_THAT(r.Organizations(), ElementsAre("Liên minh Hợp tác xã Việt Nam"));
  EXPECT_EQ(r.article.organizations(0).mentions_size(), 3);
}

TEST(EntitiesTest, OrganizationPatterns) {
  Result r = Extract(
      "Bộ Công an, Sở Y tế Hà Nội, Ủy ban nhân dân tỉnh Quảng Ninh và Công an tỉnh Nghệ An phối "
      "hợp. Tòa án nhân dân TP Hà Nội xét xử vụ án tại Công ty Cổ phần Công nghệ Việt Á. Tập "
      "đoàn Vingroup và Ngân hàng Thương mại Cổ phần Ngoại thương tài trợ. Sinh viên Trường Đại "
      "học Bách khoa Hà Nội tham gia. Đại sứ quán Nhật Bản tại Việt Nam gửi lời chúc.");
  EXPECT_THAT(r.Organizations(),
              ElementsAre("Bộ Công an", "Sở Y tế Hà Nội", "Ủy ban nhân dân tỉnh Quảng Ninh",
                          "Công an tỉnh Nghệ An", "Tòa án nhân dân TP Hà Nội",
                          "Công ty Cổ phần Công nghệ Việt Á", "Tập đoàn Vingroup",
                          "Ngân hàng Thương mại Cổ phần Ngoại thương",
                          "Trường Đại học Bách khoa Hà Nội", "Đại sứ quán Nhật Bản tại Việt Nam"));
  EXPECT_THAT(r.Locations(), Contains("Quảng Ninh"));
  EXPECT_THAT(r.Locations(), Contains("Nghệ An"));
}

TEST(EntitiesTest, TitlesEventsAndTermsAreNotOrganizations) {
  Result r = Extract(
      "Bộ trưởng Ngoại giao các nước dự Hội nghị cấp cao ASEAN lần thứ 43. Hội nghị Thượng đỉnh "
      "G7 bàn về COVID-19, ODA và FDI. Đề xuất thành lập Trung tâm ASEAN về dịch bệnh mới nổi "
      "được hoan nghênh. Phó Chủ tịch nước dự Hội thảo.");
  EXPECT_THAT(r.Organizations(), ElementsAre("ASEAN", "G7"));
}

TEST(EntitiesTest, GovernmentIsNotExtendedByTheCountry) {
  Result r = Extract("Chính phủ Nhật Bản đã hỗ trợ Việt Nam 2 triệu USD.");
  EXPECT_THAT(r.Organizations(), ElementsAre("Chính phủ"));
  EXPECT_THAT(r.Locations(), ElementsAre("Nhật Bản", "Việt Nam"));
}

TEST(EntitiesTest, PlacesInsideNamesAreNotPlaces) {
  Result r = Extract(
      "Ông Phạm Minh Đức và Thượng tướng Nguyễn Tân Cương thăm sân Mỹ Đình. Đức và Anh ủng hộ "
      "Ukraine.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Phạm Minh Đức", "Nguyễn Tân Cương"));
  EXPECT_THAT(r.Locations(), ElementsAre("Đức", "Anh", "Ukraine"));
}

TEST(EntitiesTest, EntitiesInPageFurnitureAreNotTheArticles) {
  Result r = Extract(
      "Sáng 4/5, Bộ trưởng Mai Tiến Dũng đã tiếp Đại sứ Nhật Bản tại Văn phòng Chính phủ.\n"
      "Tin bài liên quan\n"
      "Tỉnh Nghệ An và Thủ đô Vientiane (Lào) ký kết thỏa thuận hợp tác giai đoạn 2025–2028\n"
      "Nhiều tờ báo uy tín tại Algeria đã có bài viết ca ngợi thành tựu Việt Nam\n");
  EXPECT_THAT(r.Locations(), ElementsAre("Nhật Bản"));
  EXPECT_THAT(r.Organizations(), ElementsAre("Văn phòng Chính phủ"));
}

TEST(EntitiesTest, EntityKeysAreFolded) {
  Result r = Extract("Đoàn công tác đến Đắk Lắk và làm việc với Bộ Giáo dục và Đào tạo.");
  ASSERT_EQ(r.article.locations_size(), 1);
  EXPECT_EQ(r.article.locations(0).key(), "dak lak");
  ASSERT_EQ(r.article.organizations_size(), 1);
  EXPECT_EQ(r.article.organizations(0).key(), "bo giao duc va dao tao");
  const auto& m = r.article.organizations(0).mentions(0);
  EXPECT_EQ(r.seg.body.substr(m.begin(), m.end() - m.begin()), "Bộ Giáo dục và Đào tạo");
}

}  // namespace
}  // namespace vnnews::extract::testing
