// Persons and their roles on short Vietnamese snippets of every kind of news: diplomacy, world
// news, sports, provinces, the military, courts, economy, disasters, health.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "vnnews/extract/ner.h"

namespace vnnews::extract::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

TEST(PersonsTest, TitleWithCountryBeforeAJapaneseName) {
  Result r = Extract(
      "Bộ trưởng Ngoại giao Nhật Bản Motegi Toshimitsu chúc mừng thành tích của Việt Nam.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Motegi Toshimitsu"));
  EXPECT_THAT(r.Roles("Motegi Toshimitsu"), ElementsAre("Bộ trưởng Ngoại giao"));
}

TEST(PersonsTest, ChainedTitles) {
  Result r = Extract(
      "Chiều ngày 01/6/2020, Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao Phạm Bình Minh đã có cuộc "
      "điện đàm với người đồng cấp.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Phạm Bình Minh"));
  EXPECT_THAT(r.Roles("Phạm Bình Minh"), ElementsAre("Phó Thủ tướng", "Bộ trưởng Bộ Ngoại giao"));
}

TEST(PersonsTest, ChainedTitlesWithAnAcronymInParentheses) {
  Result r = Extract(
      "Sáng 4/5, Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ (VPCP) Mai Tiến Dũng đã tiếp tân Đại "
      "sứ.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Mai Tiến Dũng"));
  EXPECT_THAT(r.Roles("Mai Tiến Dũng"),
              ElementsAre("Bộ trưởng", "Chủ nhiệm Văn phòng Chính phủ"));
}

TEST(PersonsTest, TitleThenHonorificBeforeTheName) {
  Result r = Extract(
      "Bộ trưởng đã tiếp tân Đại sứ Đặc mệnh toàn quyền Nhật Bản tại Việt Nam, ông Yamada "
      "Takio.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Yamada Takio"));
  ASSERT_EQ(r.Roles("Yamada Takio").size(), 1u);
  EXPECT_EQ(r.Roles("Yamada Takio")[0].rfind("Đại sứ", 0), 0u);
}

TEST(PersonsTest, RoleWrittenAfterTheName) {
  Result r = Extract(
      "Ông Nguyễn Đức Trung, Chủ tịch UBND tỉnh Nghệ An, cho biết tỉnh đã sơ tán hơn 3.000 hộ "
      "dân.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Nguyễn Đức Trung"));
  EXPECT_THAT(r.Roles("Nguyễn Đức Trung"), ElementsAre("Chủ tịch UBND tỉnh Nghệ An"));
}

TEST(PersonsTest, FormerOfficialRoleAfterTheName) {
  Result r = Extract(
      "Cơ quan điều tra đã bắt tạm giam ông Nguyễn Văn Hải, nguyên Giám đốc Sở Y tế tỉnh Quảng "
      "Ninh, về tội vi phạm quy định về đấu thầu. Bị can Hải khai nhận hành vi.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Nguyễn Văn Hải"));
  EXPECT_THAT(r.Roles("Nguyễn Văn Hải"),
              UnorderedElementsAre("nguyên Giám đốc Sở Y tế tỉnh Quảng Ninh", "Bị can"));
  EXPECT_EQ(r.Person("Nguyễn Văn Hải")->mentions_size(), 2);
}

TEST(PersonsTest, ShortLaterMentionsResolveToTheFullName) {
  Result r = Extract(
      "Phó Thủ tướng Phạm Bình Minh điện đàm với Bộ trưởng Ngoại giao Nhật Bản Motegi "
      "Toshimitsu. Bộ trưởng Motegi bày tỏ cảm ơn. Thủ tướng Nhật Bản Kishida Fumio cũng gửi "
      "lời chúc. Thủ tướng Kishida cảm ơn Việt Nam.");
  EXPECT_THAT(r.PersonNames(),
              ElementsAre("Phạm Bình Minh", "Motegi Toshimitsu", "Kishida Fumio"));
  EXPECT_EQ(r.Person("Motegi Toshimitsu")->mentions_size(), 2);
  EXPECT_EQ(r.Person("Motegi Toshimitsu")->mentions(1).text(), "Motegi");
  EXPECT_EQ(r.Person("Kishida Fumio")->mentions_size(), 2);
}

TEST(PersonsTest, ShortMentionBeforeTheFullNameAndVietnameseGivenName) {
  Result r = Extract(
      "Bộ trưởng Mai Tiến Dũng tiếp Đại sứ. Theo ông Dũng, hai bên cần hợp tác chặt chẽ hơn.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Mai Tiến Dũng"));
  EXPECT_EQ(r.Person("Mai Tiến Dũng")->mentions_size(), 2);
}

TEST(PersonsTest, MentionOffsetsAreBytesIntoTheBody) {
  Result r = Extract("Hôm qua, Thủ tướng Phạm Minh Chính đã gặp Đại sứ Yamada Takio.");
  const auto* p = r.Person("Phạm Minh Chính");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->mentions_size(), 1);
  const auto& m = p->mentions(0);
  EXPECT_EQ(r.seg.body.substr(m.begin(), m.end() - m.begin()), "Phạm Minh Chính");
  EXPECT_EQ(m.text(), "Phạm Minh Chính");
  EXPECT_EQ(p->key(), "pham minh chinh");
  EXPECT_EQ(m.sentence(), "") << "the facade fills the sentence";
}

TEST(PersonsTest, NamesFromDecomposedInputAreNfc) {
  // "Phạm Bình Minh" with combining marks (NFD).
  Result r = Extract(
      "Pho\xCC\x81 Thu\xCC\x89 t\xC6\xB0\xC6\xA1\xCC\x81ng Pha\xCC\xA3m Bi\xCC\x80nh Minh pha\xCC\x81t bi\xC3\xAA\xCC\x89u.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Phạm Bình Minh"));
  EXPECT_THAT(r.Roles("Phạm Bình Minh"), ElementsAre("Phó Thủ tướng"));
}

TEST(PersonsTest, PlacesAndThingsNamedAfterPeopleAreNotPersons) {
  Result r = Extract(
      "Dự án đường sắt đô thị tại Hà NộiThành phố Hồ Chí Minh được đẩy nhanh. Tại TP Hồ Chí "
      "Minh, đường Nguyễn Huệ được cấm xe. Tàu Đinh Tiên Hoàng và tàu Lý Thái Tổ cập cảng Cam "
      "Ranh. Học sinh trường THPT Lê Quý Đôn và Trường Đại học Tôn Đức Thắng tham gia. Giải "
      "thưởng Hồ Chí Minh được trao tại Lăng Chủ tịch Hồ Chí Minh.");
  EXPECT_THAT(r.PersonNames(), IsEmpty());
}

TEST(PersonsTest, PresidentHoChiMinhInTheStoryIsAPerson) {
  Result r = Extract("Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập ngày 2/9/1945 tại Quảng trường Ba "
                 "Đình.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Hồ Chí Minh"));
  EXPECT_THAT(r.Roles("Hồ Chí Minh"), ElementsAre("Chủ tịch"));
}

TEST(PersonsTest, CountriesOrganizationsAndSentenceStartsAreNotPersons) {
  Result r = Extract(
      "Nhật Bản là đối tác quan trọng. Trong khi đó, Bộ Ngoại giao và Văn phòng Chính phủ phối "
      "hợp. Hai Thủ tướng nhất trí tăng cường hợp tác. Các bộ trưởng tái khẳng định cam kết. Cùng"
      " dự có Bộ trưởng Ngoại giao các nước Campuchia, Lào, Mianma, Thái Lan. Phó Thủ tướng khẳng"
      " định tính đúng đắn của chính sách.");
  EXPECT_THAT(r.PersonNames(), IsEmpty());
}

TEST(PersonsTest, WesternNamesParticlesAndHyphens) {
  Result r = Extract(
      "Tổng thống Nga Vladimir Putin hội đàm với Chủ tịch Trung Quốc Tập Cận Bình. Chủ tịch Ủy "
      "ban châu Âu Ursula von der Leyen và Tổng thống Hàn Quốc Yoon Suk-yeol cùng dự. Bà von der "
      "Leyen nhấn mạnh vai trò của EU. Thủ tướng Pháp Jean-Pierre Raffarin phát biểu. Tổng thống "
      "Putin cảm ơn. Ông Tập cho biết Bắc Kinh sẵn sàng hợp tác.");
  EXPECT_THAT(r.PersonNames(),
              ElementsAre("Vladimir Putin", "Tập Cận Bình", "Ursula von der Leyen", "Yoon Suk-yeol",
                          "Jean-Pierre Raffarin"));
  EXPECT_THAT(r.Roles("Ursula von der Leyen"), ElementsAre("Chủ tịch Ủy ban châu Âu"));
  EXPECT_EQ(r.Person("Vladimir Putin")->mentions_size(), 2);
  EXPECT_EQ(r.Person("Tập Cận Bình")->mentions_size(), 2);
}

TEST(PersonsTest, SoutheastAsianAndSingleWordNames) {
  Result r = Extract(
      "Thủ tướng Thái Lan Srettha Thavisin điện đàm với Thủ tướng Campuchia Hun Manet. Tổng "
      "thống Jokowi cho biết Indonesia sẵn sàng. Bộ trưởng Ngoại giao Lào Saleumxay Kommasith "
      "cũng tham dự. Ông Saleumxay khẳng định quan hệ đặc biệt. Thủ tướng Suga cảm ơn.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Srettha Thavisin", "Hun Manet", "Jokowi",
                                           "Saleumxay Kommasith", "Suga"));
  EXPECT_THAT(r.Locations(), Contains("Campuchia"));
}

TEST(PersonsTest, ForeignFullNameWithoutTitleCompletesAShortMention) {
  Result r = Extract(
      "Trước đó, người tiền nhiệm Philippe Troussier đã bị sa thải. Ông Troussier từng dẫn dắt "
      "đội tuyển Nhật Bản.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Philippe Troussier"));
}

TEST(PersonsTest, DescriptiveNounsOpenNames) {
  Result r = Extract(
      "Chuyên gia kinh tế Cấn Văn Lực nhận định thị trường sẽ phục hồi. Nghệ sĩ Nhân dân Lan "
      "Hương và ca sĩ Mỹ Tâm tham gia chương trình. Phu nhân Iriana Joko Widodo thăm trường học."
      " Nhà văn Nguyễn Nhật Ánh ra mắt sách mới.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Cấn Văn Lực", "Lan Hương", "Mỹ Tâm",
                                           "Iriana Joko Widodo", "Nguyễn Nhật Ánh"));
  EXPECT_THAT(r.Roles("Lan Hương"), ElementsAre("Nghệ sĩ Nhân dân"));
  EXPECT_THAT(r.Roles("Mỹ Tâm"), ElementsAre("ca sĩ"));
  EXPECT_THAT(r.Locations(), Not(Contains("Mỹ")));
}

TEST(PersonsTest, SportsNames) {
  Result r = Extract(
      "HLV Park Hang-seo triệu tập tiền đạo Nguyễn Tiến Linh và thủ môn Đặng Văn Lâm. Tiền vệ "
      "Nguyễn Quang Hải trở lại sau chấn thương. Trọng tài Ahmed Al-Kaf điều khiển trận đấu trên "
      "sân Mỹ Đình.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Park Hang-seo", "Nguyễn Tiến Linh", "Đặng Văn Lâm",
                                           "Nguyễn Quang Hải", "Ahmed Al-Kaf"));
  EXPECT_THAT(r.Roles("Park Hang-seo"), ElementsAre("HLV"));
  EXPECT_THAT(r.Roles("Đặng Văn Lâm"), ElementsAre("thủ môn"));
  EXPECT_THAT(r.Locations(), Not(Contains("Mỹ")));
}

TEST(PersonsTest, MilitaryRanksAndPositions) {
  Result r = Extract(
      "Đại tướng Phan Văn Giang, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Quốc phòng đã tiếp Bộ trưởng"
      " Quốc phòng Nhật Bản Minoru Kihara. Tham dự có Thượng tướng Hoàng Xuân Chiến, Thứ trưởng "
      "Bộ Quốc phòng và Thiếu tá Lê Văn Nam, thuyền trưởng tàu.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Phan Văn Giang", "Minoru Kihara", "Hoàng Xuân Chiến",
                                           "Lê Văn Nam"));
  EXPECT_THAT(r.Roles("Phan Văn Giang"),
              ElementsAre("Đại tướng", "Ủy viên Bộ Chính trị", "Bộ trưởng Bộ Quốc phòng"));
  EXPECT_THAT(r.Roles("Hoàng Xuân Chiến"),
              ElementsAre("Thượng tướng", "Thứ trưởng Bộ Quốc phòng"));
  EXPECT_THAT(r.Roles("Lê Văn Nam"), ElementsAre("Thiếu tá", "thuyền trưởng"));
}

TEST(PersonsTest, CourtsDefendantsLawyersJudges) {
  Result r = Extract(
      "Tòa án nhân dân TP Hà Nội xét xử bị cáo Phan Quốc Việt, Tổng Giám đốc Công ty Việt Á. "
      "Luật sư Nguyễn Hồng Bách bào chữa cho bị cáo Việt. Chủ tọa là Thẩm phán Vũ Quang Huy. Đối "
      "tượng Trần Văn Tâm (SN 1990, trú tại phường Hàng Bạc) bị bắt.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Phan Quốc Việt", "Nguyễn Hồng Bách", "Vũ Quang Huy",
                                           "Trần Văn Tâm"));
  EXPECT_THAT(r.Roles("Phan Quốc Việt"),
              ElementsAre("bị cáo", "Tổng Giám đốc Công ty Việt Á"));
  EXPECT_EQ(r.Person("Phan Quốc Việt")->mentions_size(), 2);
}

TEST(PersonsTest, ProvincialOfficialsAndDisasters) {
  Result r = Extract(
      "Chủ tịch UBND tỉnh Cao Tường Huy cho biết bão đã làm 10 người chết. Thị trưởng thành phố "
      "Wajima Shigeru Sakaguchi kêu gọi sơ tán. Bà Nguyễn Thị Lan, người dân phường Bãi Cháy, kể "
      "lại sự việc.");
  EXPECT_THAT(r.PersonNames(),
              ElementsAre("Cao Tường Huy", "Shigeru Sakaguchi", "Nguyễn Thị Lan"));
  EXPECT_THAT(r.Roles("Shigeru Sakaguchi"), ElementsAre("Thị trưởng thành phố Wajima"));
  EXPECT_THAT(r.Locations(), ElementsAre("Wajima", "Bãi Cháy"));
}

TEST(PersonsTest, HealthAcademicTitles) {
  Result r = Extract(
      "Theo PGS.TS Đào Xuân Cơ, Giám đốc Bệnh viện Bạch Mai, số ca bệnh tăng. GS.TS Trần Văn "
      "Thuấn, Thứ trưởng Bộ Y tế, yêu cầu tăng cường giám sát. Bác sĩ Chuyên khoa II Phạm Văn "
      "Phúc khuyến cáo người dân.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Đào Xuân Cơ", "Trần Văn Thuấn", "Phạm Văn Phúc"));
  EXPECT_THAT(r.Roles("Đào Xuân Cơ"), ElementsAre("PGS.TS", "Giám đốc Bệnh viện Bạch Mai"));
  EXPECT_THAT(r.Roles("Trần Văn Thuấn"), ElementsAre("GS.TS", "Thứ trưởng Bộ Y tế"));
}

TEST(PersonsTest, EconomyOfficials) {
  Result r = Extract(
      "Thống đốc Ngân hàng Nhà nước Nguyễn Thị Hồng cho biết lạm phát được kiểm soát. Theo bà "
      "Hồng, lãi suất sẽ giảm. Giám đốc quốc gia WB tại Việt Nam Mariam Sherman đánh giá cao "
      "nỗ lực của Chính phủ.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Nguyễn Thị Hồng", "Mariam Sherman"));
  EXPECT_THAT(r.Roles("Nguyễn Thị Hồng"), ElementsAre("Thống đốc Ngân hàng Nhà nước"));
  EXPECT_EQ(r.Person("Nguyễn Thị Hồng")->mentions_size(), 2);
}

TEST(PersonsTest, LoneVietnameseWordAfterATitleIsNotAPerson) {
  Result r = Extract(
      "Theo Thượng tá Trần Quang Huy, Phó Trưởng phòng Cảnh sát kinh tế Công an tỉnh Quảng Ninh,"
      " vụ án rất phức tạp. Trưởng phòng Cảnh sát hình sự cho biết đã bắt giữ nghi phạm.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Trần Quang Huy"));
}

TEST(PersonsTest, WifeSharingHerHusbandsNameIsAnotherPerson) {
  Result r = Extract(
      "Tổng thống Indonesia Joko Widodo và Phu nhân Iriana Joko Widodo thăm Hà Nội.");
  EXPECT_THAT(r.PersonNames(), ElementsAre("Joko Widodo", "Iriana Joko Widodo"));
}

// What tells a Vietnamese given name ("Dũng", "Nghiêng") from a foreign one ("Trump").
TEST(PersonsTest, VietnameseSyllableShape) {
  for (const char* w : {"Nghiêng", "Nguyễn", "Quốc", "Gi", "A", "Ương", "Khuyến", "Trường",
                        "Thuỷ", "Yến", "Đặng", "Nghìn", "Xi" /* the shape, not the origin */}) {
    EXPECT_TRUE(ner::IsVietnameseSyllable(w)) << w;
  }
  for (const char* w : {"Trump", "Ngh", "Biden", "Motegi", "Kishida", "Strauss", "Ngoaii",
                        "O'Brien", "Ω", ""}) {
    EXPECT_FALSE(ner::IsVietnameseSyllable(w)) << w;
  }
  EXPECT_TRUE(ner::IsVietnameseFoldedSyllable("nghieng"));
  EXPECT_FALSE(ner::IsVietnameseFoldedSyllable("nghiengg"));
  EXPECT_FALSE(ner::IsVietnameseFoldedSyllable("aaaaaaaaaaaaaaaaa"));  // seventeen letters
}

// The lower case that names and titles are compared in, over texts longer than the buffer it
// is made in, at every offset of its seams.
TEST(PersonsTest, LowerCaseOfLongTexts) {
  for (size_t lead = 0; lead < 9; ++lead) {
    std::string text(lead, 'X');
    for (int k = 0; k < 90; ++k) text += k % 2 ? "THỦ TƯỚNG Đ " : "ABCDEFGHIJ Ω ";
    EXPECT_EQ(ner::LowerCase(text), text::ToLower(text)) << lead;
  }
}

}  // namespace
}  // namespace vnnews::extract::testing
