// Amounts of money in Vietnamese news: Vietnamese number grouping, scale words, currencies
// written after or before the amount, and the look-alikes that are not money.
#include "vnnews/extract/money.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace vnnews::extract {
namespace {

using Amounts = std::vector<std::pair<double, std::string>>;

class MoneyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto m = MoneyExtractor::Load(VNNEWS_TEST_LEXICON_DIR);
    ASSERT_TRUE(m.ok()) << m.status();
    money_ = m->release();
  }
  static void TearDownTestSuite() {
    delete money_;
    money_ = nullptr;
  }

  static vnnews::v1::Article Run(const std::string& body) {
    Segmented seg;
    seg.body = body;
    vnnews::v1::Article a;
    money_->Extract(seg, &a);
    return a;
  }

  static Amounts Of(const std::string& body) {
    Amounts out;
    const vnnews::v1::Article a = Run(body);
    for (const auto& m : a.money()) out.emplace_back(m.amount(), m.currency());
    return out;
  }

  static MoneyExtractor* money_;
};

MoneyExtractor* MoneyTest::money_ = nullptr;

TEST_F(MoneyTest, SeedForms) {
  EXPECT_EQ(Of("tổng giá trị khoảng 2 triệu USD"), (Amounts{{2e6, "USD"}}));
  EXPECT_EQ(Of("Nhật hỗ trợ Việt Nam cùng 4 nước hơn 100 triệu USD chống Covid-19"),
            (Amounts{{1e8, "USD"}}));
  EXPECT_EQ(Of("sẽ tài trợ 56 triệu USD thiết bị y tế, cung cấp ít nhất 50 triệu USD cho các nước"),
            (Amounts{{56e6, "USD"}, {50e6, "USD"}}));
  EXPECT_EQ(Of("với tổng kinh phí là 1 tỷ Yên Nhật viện trợ không hoàn lại"),
            (Amounts{{1e9, "JPY"}}));
}

TEST_F(MoneyTest, VietnameseNumberGrouping) {
  EXPECT_EQ(Of("Dự án có tổng vốn 5.000 tỷ đồng."), (Amounts{{5e12, "VND"}}));
  EXPECT_EQ(Of("Khoản vay 1,5 tỷ USD được giải ngân."), (Amounts{{1.5e9, "USD"}}));
  EXPECT_EQ(Of("Mỗi người được hỗ trợ 300.000 đồng."), (Amounts{{3e5, "VND"}}));
  EXPECT_EQ(Of("Thu ngân sách đạt 10 nghìn tỷ đồng."), (Amounts{{1e13, "VND"}}));
  EXPECT_EQ(Of("Doanh thu 1.234,5 tỷ đồng."), (Amounts{{1234.5e9, "VND"}}));
  EXPECT_EQ(Of("Giá vé 150.000đ một người."), (Amounts{{15e4, "VND"}}));
  EXPECT_EQ(Of("Lương tối thiểu 4.960.000 đồng/tháng."), (Amounts{{4.96e6, "VND"}}));
  EXPECT_EQ(Of("Hợp đồng trị giá 90 tỷ AUD bị hủy."), (Amounts{{9e10, "AUD"}}));
}

TEST_F(MoneyTest, OtherCurrenciesAndPrefixes) {
  EXPECT_EQ(Of("EU cam kết 2 triệu euro cho dự án."), (Amounts{{2e6, "EUR"}}));
  EXPECT_EQ(Of("Công ty thu về $3 triệu trong quý."), (Amounts{{3e6, "USD"}}));
  EXPECT_EQ(Of("The deal is worth USD 5 million."), (Amounts{{5e6, "USD"}}));
  EXPECT_EQ(Of("Trung Quốc chi 500 triệu nhân dân tệ."), (Amounts{{5e8, "CNY"}}));
  EXPECT_EQ(Of("Giá trị 3,2 tỷ đô la Mỹ."), (Amounts{{3.2e9, "USD"}}));
  EXPECT_EQ(Of("Cầu thủ được mua với giá 80 triệu bảng Anh."), (Amounts{{8e7, "GBP"}}));
  EXPECT_EQ(Of("Khoản đầu tư 1.000 tỷ won."), (Amounts{{1e12, "KRW"}}));
}

TEST_F(MoneyTest, LookAlikesAreNotMoney) {
  EXPECT_EQ(Of("Có 3 đồng chí Ủy viên Bộ Chính trị dự."), Amounts{});
  EXPECT_EQ(Of("Đội tuyển đứng đầu 2 bảng đấu."), Amounts{});
  EXPECT_EQ(Of("Hơn 5 triệu người đã tiêm vaccine."), Amounts{});
  EXPECT_EQ(Of("Đón 2,5 triệu lượt khách quốc tế."), Amounts{});
  EXPECT_EQ(Of("Dịch COVID-19 lan rộng tại 200 quốc gia."), Amounts{});
  EXPECT_EQ(Of("Giành 3 huy chương đồng và 2 huy chương bạc."), Amounts{});
  EXPECT_EQ(Of("Ngày 01/6/2020 hai bên điện đàm."), Amounts{});
  EXPECT_EQ(Of("Năm 2023 Việt Nam xuất khẩu 8 triệu tấn gạo."), Amounts{});
}

TEST_F(MoneyTest, ArticlesOfEveryKind) {
  // Courts: the money defrauded.
  EXPECT_EQ(Of("Bị cáo chiếm đoạt hơn 12 tỷ đồng của 30 bị hại, bị tuyên phạt 20 năm tù."),
            (Amounts{{12e9, "VND"}}));
  // Disasters: the damage.
  EXPECT_EQ(Of("Bão số 3 gây thiệt hại ước tính 81.500 tỷ đồng, làm 300 người chết."),
            (Amounts{{81.5e12, "VND"}}));
  // Sports: a transfer and a bonus.
  EXPECT_EQ(Of("Đội tuyển được thưởng nóng 3 tỷ đồng sau trận thắng 2-1."),
            (Amounts{{3e9, "VND"}}));
  // Economy: exports.
  EXPECT_EQ(Of("Kim ngạch xuất khẩu đạt 355,5 tỷ USD, tăng 14%."), (Amounts{{355.5e9, "USD"}}));
}

TEST_F(MoneyTest, SpanIsTheAmountAsWritten) {
  const std::string body = "Chính phủ Nhật Bản sẽ tài trợ 56 triệu USD thiết bị y tế.";
  const vnnews::v1::Article a = Run(body);
  ASSERT_EQ(a.money_size(), 1);
  const auto& s = a.money(0).span();
  EXPECT_EQ(s.text(), "56 triệu USD");
  EXPECT_EQ(body.substr(s.begin(), s.end() - s.begin()), "56 triệu USD");
}

TEST(VietnameseNumberTest, Grouping) {
  auto parse = [](const std::string& s) {
    size_t end = 0;
    return ParseVietnameseNumber(s, 0, &end);
  };
  EXPECT_EQ(parse("5.000"), 5000);
  EXPECT_EQ(parse("1,5"), 1.5);
  EXPECT_EQ(parse("1.234.567"), 1234567);
  EXPECT_EQ(parse("1.234,75"), 1234.75);
  EXPECT_EQ(parse("1,500,000"), 1500000);
  EXPECT_EQ(parse("2.5"), 2.5);
  EXPECT_EQ(parse("42"), 42);
  EXPECT_EQ(parse("007"), 7);
  EXPECT_EQ(parse("999999999999999"), 999999999999999.0);  // 15 digits: summed as an integer
  // Longer ones are rounded as a double parse rounds them (past 2^53 not every integer is a
  // double: 9007199254740993 is not).
  EXPECT_EQ(parse("9007199254740993"), 9007199254740992.0);
  EXPECT_EQ(parse("123.456.789.012.345.678"), 123456789012345678.0);
  size_t end = 0;
  const std::string nine_groups = "1.000.000.000.000.000.000.000.000 USD";
  EXPECT_FALSE(ParseVietnameseNumber(nine_groups, 0, &end).has_value());
  EXPECT_FALSE(parse("1.2.3").has_value());
  EXPECT_FALSE(parse("abc").has_value());
}

}  // namespace
}  // namespace vnnews::extract
