// Dates in Vietnamese news: every form of issue 2, the numbers that are not dates, relative
// expressions, inferred years and the date of the main event, over articles of every kind.
#include "vnnews/extract/dates.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace vnnews::extract {
namespace {

class DatesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto d = DateExtractor::Load(VNNEWS_TEST_LEXICON_DIR);
    ASSERT_TRUE(d.ok()) << d.status();
    dates_ = d->release();
  }
  static void TearDownTestSuite() {
    delete dates_;
    dates_ = nullptr;
  }

  static vnnews::v1::Article Run(const std::string& body, const std::string& pub = "") {
    Segmented seg;
    seg.body = body;
    std::optional<absl::CivilDay> day;
    if (!pub.empty()) {
      auto p = ParsePublicationDate(pub);
      EXPECT_TRUE(p.ok()) << p.status();
      if (p.ok()) day = *p;
    }
    vnnews::v1::Article a;
    dates_->Extract(seg, day, &a);
    return a;
  }

  // The values of every date of `body`, in body order.
  static std::vector<std::string> Values(const std::string& body, const std::string& pub = "") {
    std::vector<std::string> out;
    const vnnews::v1::Article a = Run(body, pub);
    for (const auto& d : a.dates()) out.push_back(d.value());
    return out;
  }

  // The event date as the evaluation format reports it, or "null".
  static std::string Event(const std::string& body, const std::string& pub = "") {
    auto a = Run(body, pub);
    return a.has_event_date() ? DateExtractor::EvalValue(a.event_date()) : "null";
  }

  static DateExtractor* dates_;
};

DateExtractor* DatesTest::dates_ = nullptr;

using V = std::vector<std::string>;

TEST_F(DatesTest, DayMonthYearForms) {
  EXPECT_EQ(Values("Chiều ngày 01/6/2020, hai bên đã điện đàm."), V{"2020-06-01"});
  EXPECT_EQ(Values("tại Hội nghị cấp cao ASEAN + 3 ngày 14/4/2020./."), V{"2020-04-14"});
  EXPECT_EQ(Values("Ngày 5-6-2023, công an đã bắt giữ."), V{"2023-06-05"});
  EXPECT_EQ(Values("Văn bản ký ngày 1.10.2019 tại Hà Nội."), V{"2019-10-01"});
  EXPECT_EQ(Values("Ngày 3 tháng 3 năm 2017, Quốc hội thông qua."), V{"2017-03-03"});
  EXPECT_EQ(Values("Sinh ngày 19 tháng 5 năm 1890 tại Nghệ An."), V{"1890-05-19"});
}

TEST_F(DatesTest, DayMonthWithoutYearIsNotGivenOne) {
  auto a = Run("Sáng 4/5, tại trụ sở Văn phòng Chính phủ, Bộ trưởng đã tiếp Đại sứ.");
  ASSERT_EQ(a.dates_size(), 1);
  const auto& d = a.dates(0);
  EXPECT_EQ(d.value(), "--05-04");
  EXPECT_EQ(d.granularity(), vnnews::v1::DATE_GRANULARITY_DAY);
  EXPECT_FALSE(d.year_inferred());
  EXPECT_EQ(d.inferred_value(), "");
  EXPECT_EQ(d.first_day(), 0);
  EXPECT_EQ(d.last_day(), 0);
  EXPECT_EQ(d.span().text(), "4/5");
}

TEST_F(DatesTest, HyphenAndDotDayMonth) {
  EXPECT_EQ(Values("Ngày 22-9, Bộ Quốc phòng tổ chức lễ xuất quân."), V{"--09-22"});
  EXPECT_EQ(Values("Tối 17.9, tuyển Việt Nam thắng Thái Lan 2-1 trên sân Mỹ Đình."), V{"--09-17"});
  EXPECT_EQ(Values("Thứ Hai (22-9), giá vàng tăng mạnh."), V{"--09-22"});
  EXPECT_EQ(Values("Ngày mai (11.5), đoàn tiếp tục thi đấu."), V{"--05-11"});
  EXPECT_EQ(Values("Rạng sáng 10/9, bão số 3 đổ bộ vào Quảng Ninh."), V{"--09-10"});
}

TEST_F(DatesTest, MonthsYearsQuartersHalves) {
  EXPECT_EQ(Values("Hội nghị Thượng đỉnh G7 vào tháng 5/2023 vừa qua."), V{"2023-05"});
  EXPECT_EQ(Values("Dự án khởi công tháng 5 năm 2023."), V{"2023-05"});
  EXPECT_EQ(Values("Lễ hội diễn ra vào tháng 8 hằng năm."), V{"--08"});
  EXPECT_EQ(Values("nhất là trong năm 2023 vào dịp kỷ niệm 50 năm thiết lập quan hệ."), V{"2023"});
  EXPECT_EQ(Values("GDP quý 3/2017 tăng 7,46%."), V{"2017-Q3"});
  EXPECT_EQ(Values("Quý III/2017, xuất khẩu tăng."), V{"2017-Q3"});
  EXPECT_EQ(Values("Lợi nhuận quý II năm 2020 giảm."), V{"2020-Q2"});
  EXPECT_EQ(Values("Kim ngạch 6 tháng đầu năm 2017 đạt 100 tỷ USD."), V{"2017-H1"});
  EXPECT_EQ(Values("6 tháng cuối năm 2020, thu ngân sách giảm."), V{"2020-H2"});
  EXPECT_EQ(Values("Nửa đầu năm 2024, du lịch phục hồi."), V{"2024-H1"});
  EXPECT_EQ(Values("9 tháng đầu năm 2023, FDI đạt 20 tỷ USD."), V{"2023-01/2023-09"});
  EXPECT_EQ(Values("Mục tiêu đến năm 2030 là 50% dân số đô thị."), V{"2030"});
  EXPECT_EQ(Values("Tầm nhìn đến 2045 của Đảng."), V{"2045"});
  EXPECT_EQ(Values("Chiến lược đến năm 2030, tầm nhìn 2045."), (V{"2030", "2045"}));
  EXPECT_EQ(Values("Số ca mắc lên đến 2000 người, từ 1500-1800 ca mỗi ngày."), V{});
}

TEST_F(DatesTest, Ranges) {
  EXPECT_EQ(Values("Tỉnh Nghệ An ký thỏa thuận hợp tác giai đoạn 2025–2028."), V{"2025/2028"});
  EXPECT_EQ(Values("Kế hoạch giai đoạn 2021 - 2025 đã hoàn thành."), V{"2021/2025"});
  EXPECT_EQ(Values("Nhiệm kỳ 2021-2026, Quốc hội có 499 đại biểu."), V{"2021/2026"});
  EXPECT_EQ(Values("Hội chợ diễn ra từ 10 đến 15/5 tại Hà Nội."), V{"--05-10/--05-15"});
  EXPECT_EQ(Values("Chương trình áp dụng từ ngày 1/4 đến 15/4/2020."), V{"2020-04-01/2020-04-15"});
  EXPECT_EQ(Values("SEA Games 32 diễn ra từ 5.5 đến 17.5."), V{"--05-05/--05-17"});
  EXPECT_EQ(Values("Đợt cao điểm từ ngày 15/12/2023 đến 15/1."), V{"2023-12-15/2024-01-15"});
  EXPECT_EQ(Values("Từ 15 đến 10/5 không là khoảng nào."), V{"--05-10"});
  EXPECT_EQ(Values("Triển lãm mở cửa ngày 10-15/5 tại Bảo tàng."), V{"--05-10/--05-15"});
  EXPECT_EQ(Values("Từ năm 2020 đến năm 2025, tỉnh trồng mới 1.000 ha rừng."), V{"2020/2025"});
  EXPECT_EQ(Values("Từ tháng 3 đến tháng 5/2023, giá điện tăng."), V{"2023-03/2023-05"});
  auto a = Run("Lễ hội diễn ra từ ngày 14 đến 17/12/2024.");
  ASSERT_EQ(a.dates_size(), 1);
  EXPECT_EQ(a.dates(0).span().text(), "từ ngày 14 đến 17/12/2024");
  EXPECT_EQ(a.dates(0).granularity(), vnnews::v1::DATE_GRANULARITY_RANGE);
  EXPECT_EQ(a.dates(0).first_day(), 20241214);
  EXPECT_EQ(a.dates(0).last_day(), 20241217);
}

TEST_F(DatesTest, HolidaysAndFarEndsOfRanges) {
  EXPECT_EQ(Values("Nhân Ngày Quốc tế Phụ nữ 8/3, công đoàn tặng quà."), V{"--03-08"});
  EXPECT_EQ(Values("Kỷ niệm Ngày Nhà giáo Việt Nam 20/11."), V{"--11-20"});
  EXPECT_EQ(Values("Dịp nghỉ lễ 30/4-1/5 năm nay kéo dài 5 ngày."), V{"--04-30/--05-01"});
  EXPECT_EQ(Values("Chương trình diễn ra từ ngày 22-9 đến 25-9."), V{"--09-22/--09-25"});
  EXPECT_EQ(Values("Hai ngày 5 và 6/6, thí sinh làm thủ tục."), (V{"--06-05", "--06-06"}));
}

TEST_F(DatesTest, ListsOfDays) {
  EXPECT_EQ(Values("Mưa lớn kéo dài trong ngày 4/5, 5/5 và 6/5."),
            (V{"--05-04", "--05-05", "--05-06"}));
  EXPECT_EQ(Values("Kỳ thi diễn ra ngày 27 và 28/6/2024."), (V{"2024-06-27", "2024-06-28"}));
}

TEST_F(DatesTest, DecreeNumbersAreNotDates) {
  EXPECT_EQ(Values("Theo Nghị định 04/2016/NĐ-CP của Chính phủ."), V{});
  EXPECT_EQ(Values("Luật số 36/2024/QH15 có hiệu lực."), V{});
  EXPECT_EQ(Values("Thông tư 15/2020/TT-BTC hướng dẫn."), V{});
  EXPECT_EQ(Values("Quyết định số 123/QĐ-UBND ngày 5/6/2023 của UBND tỉnh."), V{"2023-06-05"});
}

TEST_F(DatesTest, ScoresClocksAndNumbersAreNotDates) {
  EXPECT_EQ(Values("Việt Nam thắng 2-1 trước Indonesia."), V{});
  EXPECT_EQ(Values("Chung cuộc, tỷ số 3-0 nghiêng về đội khách."), V{});
  EXPECT_EQ(Values("0:00 / 0:00\n0:00"), V{});
  EXPECT_EQ(Values("Lúc 10h30, đám cháy được dập tắt."), V{});
  EXPECT_EQ(Values("Trận đấu bắt đầu lúc 19:30 tối nay."), V{});
  EXPECT_EQ(Values("Gọi đường dây nóng 0912.345.678 hoặc 1900 9095."), V{});
  EXPECT_EQ(Values("Người dùng nên cập nhật phiên bản 17.1 của iOS."), V{});
  EXPECT_EQ(Values("Khoảng 1/3 dân số sống ở nông thôn."), V{});
  EXPECT_EQ(Values("Hơn 2/3 số đại biểu tán thành."), V{});
  EXPECT_EQ(Values("Tỷ lệ 3/5 thành viên đồng ý."), V{});
  EXPECT_EQ(Values("Ngôi nhà số 12/5 đường Lê Lợi bị cháy."), V{});
  EXPECT_EQ(Values("Mỗi ngày có khoảng 10-15 người nhập viện."), V{});
  EXPECT_EQ(Values("Dịch COVID-19 và nhóm G7 cùng ASEAN+3."), V{});
  EXPECT_EQ(Values("Lãi suất 7.5% một năm."), V{});
  EXPECT_EQ(Values("Cao 1,75 m, nặng 70,5 kg."), V{});
}

TEST_F(DatesTest, DigitsInUrlsAreNotDates) {
  EXPECT_EQ(Values("Nguồn: https://vnexpress.net/2023/03/14/aukus-1678754123.html xem thêm."), V{});
  EXPECT_EQ(Values("![ảnh](https://thoidai.com.vn/stores/2025/042025/29/09/a-20250429.jpg)"), V{});
  EXPECT_EQ(Values("Liên hệ www.site.vn/25/4/2025 hoặc thư ban.bientap@site.vn"), V{});
}

TEST_F(DatesTest, InvalidDaysAndMonthsAreRejected) {
  EXPECT_EQ(Values("Ngày 31/2/2020 không có thật."), V{});
  EXPECT_EQ(Values("Ngày 32/5, không có."), V{});
  EXPECT_EQ(Values("Ngày 15/13/2020 sai tháng."), V{});
  EXPECT_EQ(Values("Ngày 29/2/2023 không có."), V{});
  EXPECT_EQ(Values("Ngày 29/2/2024, năm nhuận."), V{"2024-02-29"});
  EXPECT_EQ(Values("Tháng 13 không tồn tại."), V{});
}

TEST_F(DatesTest, RelativeOnlyWithPublicationDate) {
  EXPECT_EQ(Values("Hôm qua, bão số 3 đổ bộ vào Quảng Ninh."), V{});
  auto a = Run("Hôm qua, bão số 3 đổ bộ vào Quảng Ninh.", "2024-09-08");
  ASSERT_EQ(a.dates_size(), 1);
  EXPECT_EQ(a.dates(0).value(), "2024-09-07");
  EXPECT_TRUE(a.dates(0).relative());
  EXPECT_EQ(a.dates(0).span().text(), "Hôm qua");
  EXPECT_EQ(Event("Sáng nay, Quốc hội khai mạc kỳ họp.", "2024-10-21"), "2024-10-21");
  EXPECT_EQ(Values("Năm ngoái, xuất khẩu gạo đạt kỷ lục.", "2024-03-01"), V{"2023"});
  EXPECT_EQ(Values("Tháng trước, lạm phát giảm.", "2024-01-15"), V{"2023-12"});
  EXPECT_EQ(Values("Tuần trước, giá xăng tăng.", "2024-03-13"), V{"2024-03-04/2024-03-10"});
  EXPECT_EQ(Values("Ông ra đi cách đây 2 năm trước.", "2024-03-13"), V{});
  EXPECT_EQ(Values("Kế hoạch tháng 5 năm nay được duyệt.", "2024-03-13"), V{"2024-05"});
}

TEST_F(DatesTest, YearInferredFromTheOnlyYearOfTheText) {
  const std::string text =
      "NDO - Ngày 6/9, Thủ tướng đã gặp Thủ tướng Nhật Bản.\n"
      "Thủ tướng chúc mừng Nhật Bản chủ trì thành công Hội nghị G7 vào tháng 5/2023 vừa qua; "
      "các chuyến thăm cấp cao sắp tới, nhất là trong năm 2023.";
  auto a = Run(text);
  ASSERT_EQ(a.dates_size(), 3);
  EXPECT_EQ(a.dates(0).value(), "--09-06");
  EXPECT_EQ(a.dates(0).inferred_value(), "2023-09-06");
  EXPECT_TRUE(a.dates(0).year_inferred());
  EXPECT_EQ(a.dates(0).first_day(), 20230906);
  EXPECT_EQ(Event(text), "2023-09-06");
}

TEST_F(DatesTest, NoYearInferredWhenTheTextNamesSeveral) {
  const std::string text =
      "Ngày 13/3, lãnh đạo ba nước công bố kế hoạch. Từ năm 2032, Mỹ sẽ bán tàu ngầm. "
      "Liên minh được công bố ngày 15 tháng 9 năm 2021.";
  EXPECT_EQ(Event(text), "--03-13");
  const vnnews::v1::Article a = Run(text);
  ASSERT_GT(a.dates_size(), 0);
  EXPECT_EQ(a.dates(0).first_day(), 0);
}

TEST_F(DatesTest, NoYearInferredFromAYearNamedAlone) {
  // A year named alone is often a plan or an anniversary, not the year of the event.
  EXPECT_EQ(Event("Tối 14/12, lễ hội khai mạc, hướng tới kỷ niệm 50 năm vào năm 2025."), "--12-14");
}

TEST_F(DatesTest, YearInferredFromPublicationDate) {
  auto a = Run("Sáng 4/5, Bộ trưởng tiếp Đại sứ.", "2020-05-05");
  ASSERT_EQ(a.dates_size(), 1);
  EXPECT_EQ(a.dates(0).value(), "--05-04");
  EXPECT_EQ(a.dates(0).inferred_value(), "2020-05-04");
  EXPECT_EQ(Event("Ngày 30/12, giá vàng lập đỉnh.", "2021-01-03"), "2020-12-30");
}

TEST_F(DatesTest, EventDateIsTheDateThatOpensTheLead) {
  EXPECT_EQ(Event("Ngoài các khoản viện trợ, Nhật Bản sẽ tiếp tục hỗ trợ.\n"
                  "Phó Thủ tướng điện đàm với Bộ trưởng - Ảnh: VGP\n"
                  "Chiều ngày 01/6/2020, Phó Thủ tướng đã có cuộc điện đàm.\n"
                  "Hội nghị cấp cao đặc biệt ASEAN + 3 ngày 14/4/2020./."),
            "2020-06-01");
  EXPECT_EQ(Event("NDO - Ngày 6/9, Thủ tướng gặp Thủ tướng Nhật Bản."), "--09-06");
  EXPECT_EQ(Event("(Chinhphu.vn) - Sáng 4/5, tại trụ sở, Bộ trưởng tiếp Đại sứ."), "--05-04");
  EXPECT_EQ(Event("HÀ NỘI - Tối 17.9, tuyển Việt Nam thắng 2-1."), "--09-17");
  EXPECT_EQ(Event("Bộ Y tế cho biết, ngày 12/3/2024 ghi nhận 100 ca mắc mới."), "2024-03-12");
}

TEST_F(DatesTest, NoEventDateWhenTheTextGivesNone) {
  EXPECT_EQ(Event("Hai bên tổ chức kỷ niệm 50 năm thiết lập quan hệ (vào năm 2023)."), "null");
  EXPECT_EQ(Event("Các bộ trưởng đánh giá cao hợp tác của Nhật Bản."), "null");
  // A bound is no event: the rule takes effect then, nothing happened.
  EXPECT_EQ(Event("Quy định mới có hiệu lực từ ngày 1/7/2024."), "null");
}

TEST_F(DatesTest, ArticlesOfEveryKind) {
  // Courts.
  EXPECT_EQ(Values("Ngày 12/3, TAND TP Hà Nội mở phiên xét xử sơ thẩm bị cáo Nguyễn Văn A "
                   "về tội lừa đảo theo Điều 174. Bị cáo bị bắt tạm giam từ ngày 5/10/2023."),
            (V{"--03-12", "2023-10-05"}));
  // Disasters.
  EXPECT_EQ(Values("Đêm 9/9 đến sáng 10/9, mưa lớn gây sạt lở tại Lào Cai, 3 người chết."),
            (V{"--09-09", "--09-10"}));
  // Economy.
  EXPECT_EQ(Values("Quý I/2024, GDP tăng 5,66% so với cùng kỳ; cả năm 2023 tăng 5,05%."),
            (V{"2024-Q1", "2023"}));
  // Health.
  EXPECT_EQ(Values("Từ đầu năm 2024 đến nay, thành phố ghi nhận 1.234 ca sốt xuất huyết, "
                   "tăng 2,5 lần."),
            V{"2024"});
  // Military.
  EXPECT_EQ(Values("Ngày 22/12/1944, Đội Việt Nam Tuyên truyền Giải phóng quân ra đời; "
                   "Sư đoàn 312 diễn tập ngày 15-16/8."),
            (V{"1944-12-22", "--08-15/--08-16"}));
  // Sports.
  EXPECT_EQ(Values("Trận lượt về diễn ra tối 29/12 trên sân Rajamangala, tỷ số 3-2."),
            V{"--12-29"});
  // World news.
  EXPECT_EQ(Values("Ngày 13/3 (giờ địa phương), Tổng thống Mỹ gặp Thủ tướng Anh tại San Diego."),
            V{"--03-13"});
  // Provinces.
  EXPECT_EQ(Values("Ngày 20/11, UBND tỉnh Đắk Lắk ban hành Quyết định 2345/QĐ-UBND về "
                   "giai đoạn 2021-2025."),
            (V{"--11-20", "2021/2025"}));
}

TEST_F(DatesTest, SpansAreByteOffsetsIntoTheBody) {
  const std::string body = "Chiều ngày 01/6/2020, hai bên điện đàm.";
  auto a = Run(body);
  ASSERT_EQ(a.dates_size(), 1);
  const auto& s = a.dates(0).span();
  EXPECT_EQ(body.substr(s.begin(), s.end() - s.begin()), "01/6/2020");
}

TEST(PublicationDateTest, ParsesOnlyRealDays) {
  EXPECT_TRUE(ParsePublicationDate("2024-02-29").ok());
  for (const char* bad : {"", "2024-2-29", "2023-02-29", "2024/02/28", "24-02-28", "2024-13-01",
                          "2024-00-10", "abcd-ef-gh", "2024-02-28x"}) {
    auto p = ParsePublicationDate(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(p.status().message().find("publication_date"), std::string::npos);
  }
}

}  // namespace
}  // namespace vnnews::extract
