// Topics: the taxonomy file, folded matching, and what articles of every kind are about (not
// every word they mention in passing).
#include "vnnews/extract/topics.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace vnnews::extract {
namespace {

class TopicsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto t = TopicClassifier::Load(VNNEWS_TEST_LEXICON_DIR);
    ASSERT_TRUE(t.ok()) << t.status();
    topics_ = t->release();
  }
  static void TearDownTestSuite() {
    delete topics_;
    topics_ = nullptr;
  }

  static std::vector<std::string> Of(const std::string& body, const std::string& title = "") {
    Segmented seg;
    seg.title = title;
    seg.body = body;
    vnnews::v1::Article a;
    topics_->Classify(seg, &a);
    std::vector<std::string> ids;
    for (const auto& t : a.topics()) ids.push_back(t.id());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static bool Has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  static TopicClassifier* topics_;
};

TopicClassifier* TopicsTest::topics_ = nullptr;

using Ids = std::vector<std::string>;

TEST_F(TopicsTest, TaxonomyHasEveryEvaluationId) {
  for (const char* id : {"diplomacy", "covid19", "public_health", "economy", "trade_investment",
                         "oda_aid", "infrastructure_transport", "labor_migration", "education",
                         "technology_digital", "energy_environment", "agriculture",
                         "security_defense", "maritime_sovereignty", "multilateral_asean",
                         "culture_sports", "society_crime", "politics_party", "disaster_weather"}) {
    EXPECT_TRUE(topics_->HasTopic(id)) << id;
  }
  EXPECT_FALSE(topics_->HasTopic("weather"));
  const auto& all = topics_->topics();
  auto it =
      std::find_if(all.begin(), all.end(), [](const auto& t) { return t.id() == "diplomacy"; });
  ASSERT_NE(it, all.end());
  EXPECT_EQ(it->label(), "Ngoại giao");
  EXPECT_EQ(it->score(), 0);
}

TEST_F(TopicsTest, FoldedMatchingIgnoresCaseAndDiacritics) {
  const std::string with = "Đại dịch COVID-19 đã được kiểm soát. Tiêm vaccine Covid-19 mũi 4.";
  const std::string without = "dai dich covid 19 da duoc kiem soat. tiem vaccine COVID 19 mui 4.";
  EXPECT_TRUE(Has(Of(with), "covid19"));
  EXPECT_EQ(Of(with), Of(without));
}

TEST_F(TopicsTest, ScoresAreInZeroOneAndBestFirst) {
  Segmented seg;
  seg.title = "Bão số 3 đổ bộ, mưa lũ gây sạt lở";
  seg.body = "Cơn bão số 3 gây mưa lớn, lũ quét và sạt lở đất. Lực lượng cứu hộ đã sơ tán dân.";
  vnnews::v1::Article a;
  topics_->Classify(seg, &a);
  ASSERT_GT(a.topics_size(), 0);
  EXPECT_EQ(a.topics(0).id(), "disaster_weather");
  EXPECT_EQ(a.topics(0).label(), "Thiên tai và thời tiết");
  for (int i = 0; i < a.topics_size(); ++i) {
    EXPECT_GT(a.topics(i).score(), 0);
    EXPECT_LE(a.topics(i).score(), 1);
    if (i > 0) {
      EXPECT_LE(a.topics(i).score(), a.topics(i - 1).score());
    }
  }
}

TEST_F(TopicsTest, Sports) {
  const Ids ids =
      Of("Tối 29/12, đội tuyển Việt Nam thắng Thái Lan 3-2 trong trận chung kết lượt về ASEAN Cup "
         "trên sân Rajamangala. Cầu thủ Nguyễn Xuân Son ghi bàn mở tỷ số.\n"
         "Huấn luyện viên Kim Sang-sik cho biết các cầu thủ đã thi đấu kiên cường. Đây là chức vô "
         "địch thứ ba của bóng đá Việt Nam tại giải đấu.",
         "Đánh bại Thái Lan, tuyển Việt Nam vô địch ASEAN Cup");
  EXPECT_TRUE(Has(ids, "culture_sports"));
  EXPECT_FALSE(Has(ids, "diplomacy"));
  EXPECT_FALSE(Has(ids, "security_defense"));
}

TEST_F(TopicsTest, Courts) {
  const Ids ids =
      Of("Ngày 12/3, TAND TP Hà Nội mở phiên tòa xét xử sơ thẩm bị cáo Nguyễn Văn A về tội lừa đảo "
         "chiếm đoạt tài sản.\n"
         "Theo cáo trạng của Viện kiểm sát, bị cáo đã lập các trang web giả mạo ngân hàng để chiếm "
         "đoạt hơn 12 tỷ đồng của 30 bị hại. Tòa tuyên phạt bị cáo 20 năm tù.");
  EXPECT_TRUE(Has(ids, "society_crime"));
  EXPECT_FALSE(Has(ids, "security_defense"));
  EXPECT_FALSE(Has(ids, "economy"));
}

TEST_F(TopicsTest, Disasters) {
  const Ids ids = Of(
      "Rạng sáng 10/9, mưa lớn kéo dài sau bão số 3 gây lũ quét tại thôn Làng Nủ, tỉnh Lào Cai.\n"
      "Lực lượng cứu hộ, cứu nạn cùng bộ đội đã tìm kiếm người mất tích. Trung tâm Dự báo khí "
      "tượng thủy văn quốc gia cảnh báo nguy cơ sạt lở đất tiếp tục ở các tỉnh miền núi.");
  EXPECT_TRUE(Has(ids, "disaster_weather"));
  EXPECT_FALSE(Has(ids, "culture_sports"));
}

TEST_F(TopicsTest, Economy) {
  const Ids ids =
      Of("Tổng cục Thống kê cho biết GDP quý I/2024 tăng 5,66% so với cùng kỳ, cao nhất trong 4 "
         "năm.\nLạm phát được kiểm soát, chỉ số giá tiêu dùng tăng 3,77%. Tăng trưởng kinh tế được "
         "dẫn dắt bởi công nghiệp chế biến và xuất khẩu, trong khi lãi suất ngân hàng giảm.");
  EXPECT_TRUE(Has(ids, "economy"));
  EXPECT_FALSE(Has(ids, "diplomacy"));
}

TEST_F(TopicsTest, Health) {
  const Ids ids =
      Of("Bộ Y tế cho biết từ đầu năm đến nay cả nước ghi nhận hơn 50.000 ca sốt xuất huyết, 10 "
         "ca tử vong.\nCác bệnh viện tuyến cuối quá tải bệnh nhân. Bác sĩ khuyến cáo người dân "
         "diệt lăng quăng và đến cơ sở y tế khi sốt cao.");
  EXPECT_TRUE(Has(ids, "public_health"));
  EXPECT_FALSE(Has(ids, "society_crime"));
  EXPECT_FALSE(Has(ids, "covid19"));
}

TEST_F(TopicsTest, Military) {
  const Ids ids = Of(
      "Ngày 22/12, Bộ Quốc phòng tổ chức lễ kỷ niệm 80 năm Ngày thành lập Quân đội nhân dân Việt "
      "Nam.\nCác lực lượng Hải quân, Không quân và Bộ đội Biên phòng tham gia diễu binh. Đại "
      "tướng Phan Văn Giang nhấn mạnh nhiệm vụ bảo vệ Tổ quốc và hiện đại hóa vũ khí, khí tài.");
  EXPECT_TRUE(Has(ids, "security_defense"));
  EXPECT_FALSE(Has(ids, "culture_sports"));
}

TEST_F(TopicsTest, WorldNewsAndDiplomacy) {
  const Ids ids =
      Of("Ngày 13/3, Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng Australia tại Canberra.\n"
         "Hai bên nhất trí nâng cấp quan hệ lên Đối tác chiến lược toàn diện, thúc đẩy thương mại "
         "song phương và hợp tác trong khuôn khổ ASEAN. Bộ trưởng Bộ Ngoại giao cùng tham dự.");
  EXPECT_TRUE(Has(ids, "diplomacy"));
  EXPECT_FALSE(Has(ids, "society_crime"));
}

TEST_F(TopicsTest, Provinces) {
  const Ids ids =
      Of("UBND tỉnh Đắk Lắk cho biết niên vụ cà phê năm nay nông dân trúng mùa, giá cà phê tăng "
         "cao.\nNgành nông nghiệp tỉnh khuyến khích chuyển đổi cây trồng, phát triển chăn nuôi và "
         "thủy sản; nhiều hộ nông dân đã có thu nhập ổn định.");
  EXPECT_TRUE(Has(ids, "agriculture"));
  EXPECT_FALSE(Has(ids, "security_defense"));
}

TEST_F(TopicsTest, Education) {
  const Ids ids =
      Of("Kỳ thi tốt nghiệp THPT năm 2024 có hơn 1 triệu thí sinh đăng ký.\nBộ Giáo dục và Đào tạo "
         "yêu cầu các trường đại học công bố phương án tuyển sinh sớm. Giáo viên và học sinh đang "
         "trong giai đoạn ôn tập cuối cùng.");
  EXPECT_TRUE(Has(ids, "education"));
}

TEST_F(TopicsTest, Politics) {
  const Ids ids =
      Of("Sáng 21/10, Quốc hội khai mạc kỳ họp thứ 8. Tổng Bí thư Tô Lâm dự phiên khai mạc.\n"
         "Các đại biểu Quốc hội sẽ xem xét 15 dự án luật và công tác cán bộ. Ban Chấp hành Trung "
         "ương Đảng đã thống nhất giới thiệu nhân sự để Quốc hội bầu.");
  EXPECT_TRUE(Has(ids, "politics_party"));
}

TEST_F(TopicsTest, MaritimeNamedOnceIsATopic) {
  const Ids ids =
      Of("Hai bên trao đổi về tình hình khu vực và quốc tế, trong đó có vấn đề Biển Đông; nhất trí "
         "hợp tác tại các diễn đàn đa phương.");
  EXPECT_TRUE(Has(ids, "maritime_sovereignty"));
}

TEST_F(TopicsTest, AMentionInPassingIsNoTopic) {
  // A culture story that names a museum once in passing is still not about economy or sports,
  // and an economy story that names a bank once is not about crime.
  const Ids ids = Of(
      "Giá xăng dầu trong nước giảm lần thứ ba liên tiếp, theo thông báo của liên Bộ Công Thương "
      "- Tài chính.\nTăng trưởng kinh tế quý III đạt 7,4%, lạm phát được kiểm soát. Sáng cùng "
      "ngày, đoàn công tác thăm bảo tàng tỉnh.");
  EXPECT_TRUE(Has(ids, "economy"));
  EXPECT_FALSE(Has(ids, "culture_sports"));
  EXPECT_FALSE(Has(ids, "society_crime"));
}

TEST_F(TopicsTest, FoldingCollisionsDoNotFire) {
  // "về tình" folds like "vệ tinh", "cao sự" like "cao su", "đang" like "Đảng", "do Bộ" like
  // "đổ bộ": none of these sentences is about technology, agriculture, politics or storms.
  const Ids ids =
      Of("Bộ trưởng đánh giá cao sự tham gia của doanh nghiệp về tình hình thị trường, do Bộ Công "
         "Thương chủ trì. Hai bên đang trao đổi, đang tăng cường hợp tác.");
  EXPECT_FALSE(Has(ids, "technology_digital"));
  EXPECT_FALSE(Has(ids, "agriculture"));
  EXPECT_FALSE(Has(ids, "politics_party"));
  EXPECT_FALSE(Has(ids, "disaster_weather"));
}

TEST(TopicsLoadTest, BadFileNamesFileAndLine) {
  const std::string dir = ::testing::TempDir() + "/vnnews_topics_bad";
  std::string mk = "mkdir -p " + dir;
  ASSERT_EQ(std::system(mk.c_str()), 0);
  FILE* f = std::fopen((dir + "/topics.tsv").c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("topic\tx\tX\nphrase\ty\t3\tabc\n", f);
  std::fclose(f);
  auto t = TopicClassifier::Load(dir);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("topics.tsv:2"), std::string::npos) << t.status();
  EXPECT_NE(t.status().message().find("unknown topic \"y\""), std::string::npos) << t.status();
}

}  // namespace
}  // namespace vnnews::extract
