// Unit tests of content filtering (X.1240 7.9 (derived-from-heading)): decoding (RFC 2045 6.7,
// 6.8, RFC 2047, HTML, URL hosts), the tokeniser and its limits, Robinson's f(w) and Fisher's
// combining against hand-computed values, training and classifying the corpus in testdata/,
// mbox and maildir reading, the SQLite model across close, reopen and process end, damaged
// files, concurrency, and the keyword and regex rules.
#include "content/tokenizer.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "content/classifier.hpp"
#include "content/corpus.hpp"
#include "content/memory_model.hpp"
#include "content/rules.hpp"
#include "content/sqlite_model.hpp"
#include "content/text.hpp"
#include "core/base64.hpp"

namespace ascot::content {
namespace {

namespace fs = std::filesystem;

const std::string kTestdata = std::string(ASCOT_SOURCE_DIR) + "/reference/content/testdata";
// The training corpus (ham/ and spam/ maildirs), which the reference MTA of the e-mail suite
// is also trained on.
const std::string kTraining = std::string(ASCOT_SOURCE_DIR) + "/profiles/bayes-training";

// message parses |text| written with LF line ends as the CRLF message it stands for.
mail::Message message(std::string_view text) {
  auto m = mail::Message::parse(to_crlf(text));
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().to_string());
  return m ? std::move(*m) : *mail::Message::parse("X: y\r\n\r\n");
}

bool has(const TokenList& list, std::string_view token) {
  return std::find(list.tokens.begin(), list.tokens.end(), token) != list.tokens.end();
}

// A directory removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "ascot-content-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

void write(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// The held-out messages: not in testdata/, written to share vocabulary with it.
constexpr std::string_view kHeldOutSpam =
    "From: promo@prize-claim.example\n"
    "To: you@example.org\n"
    "Subject: Claim your free cash prize now\n"
    "\n"
    "Congratulations winner! Click here to claim your guaranteed cash prize:\n"
    "http://prize-claim.example/win\n"
    "Limited offer, act now. Unsubscribe here.\n";
constexpr std::string_view kHeldOutHam =
    "From: bob@example.org\n"
    "To: alice@example.org\n"
    "Subject: Agenda for the project meeting\n"
    "\n"
    "Hi Alice,\n"
    "\n"
    "For tomorrow's project meeting: the review of the quarterly report, the\n"
    "database migration and the release. Please bring the draft.\n"
    "\n"
    "Bob\n";

// --- decoding: RFC 2045 6.7 quoted-printable ------------------------------------------------

TEST(QuotedPrintable, DecodesOctetsSoftBreaksAndKeepsStrayEquals) {
  EXPECT_EQ(decode_quoted_printable("caf=C3=A9 =3d 100=25"), "caf\xc3\xa9 = 100%");
  EXPECT_EQ(decode_quoted_printable("lower =c3=a9 case"), "lower \xc3\xa9 case")
      << "6.7 note: robust decoders accept lower-case hex";
  EXPECT_EQ(decode_quoted_printable("par=\r\nser"), "parser");
  EXPECT_EQ(decode_quoted_printable("par=  \r\nser"), "parser") << "transport padding";
  EXPECT_EQ(decode_quoted_printable("par=\nser"), "parser") << "a bare LF soft break";
  EXPECT_EQ(decode_quoted_printable("a=b =Z9 end="), "a=b =Z9 end") << "stray = kept";
  EXPECT_EQ(decode_quoted_printable("trailing   \r\nnext=20\r\n"), "trailing\r\nnext \r\n")
      << "rule 3: literal white space before a line break goes, =20 stays";
  EXPECT_EQ(decode_quoted_printable("abcdef", 3), "abc");
}

// --- decoding: RFC 2045 6.8 base64 ----------------------------------------------------------

TEST(MimeBase64, DecodesLenientlyAndRefusesWhatIsNotBase64) {
  EXPECT_EQ(decode_base64("aGVsbG8g\r\nd29ybGQ=\r\n"), "hello world");
  EXPECT_EQ(decode_base64("aGVsbG8g!d29ybGQ="), "hello world")
      << "6.8: characters outside the alphabet are ignored";
  EXPECT_EQ(decode_base64("aGVsbG8g \r\nd29ybGQ=\t\r\n"), "hello world")
      << "white space at the end of a line is transport padding";
  EXPECT_EQ(decode_base64("aGk=IGlnbm9yZWQ="), "hi") << "the first = ends the data";
  EXPECT_EQ(decode_base64("aGk"), "hi") << "missing padding";
  EXPECT_EQ(decode_base64("aGVsbG8gd29ybGQ=", 4), "hell");
  EXPECT_FALSE(decode_base64("aGVsb")) << "one character left over: 6 bits make no octet";
  EXPECT_FALSE(decode_base64("This is plain text, mislabelled as base64"))
      << "white space inside lines: running text, not base64";
  EXPECT_FALSE(decode_base64("aGVs!bG8!"));
  EXPECT_EQ(decode_base64(""), "");
}

// --- decoding: RFC 2047 encoded words -------------------------------------------------------

TEST(EncodedWords, DecodesBAndQAndJoinsAdjacentWords) {
  EXPECT_EQ(decode_encoded_words("=?UTF-8?B?RnJlZSBwcml6ZQ==?="), "Free prize");
  EXPECT_EQ(decode_encoded_words("=?iso-8859-1?q?caf=E9_au_lait?= now"), "caf\xe9 au lait now");
  EXPECT_EQ(decode_encoded_words("=?UTF-8?Q?Fr?= \r\n =?UTF-8?Q?ee?= offer"), "Free offer")
      << "6.2: white space between adjacent encoded words is dropped";
  EXPECT_EQ(decode_encoded_words("a =?UTF-8?Q?b?= c"), "a b c");
  EXPECT_EQ(decode_encoded_words("=?UTF-8?X?abc?="), "=?UTF-8?X?abc?=") << "unknown encoding";
  EXPECT_EQ(decode_encoded_words("=?UTF-8?B?!!!?="), "=?UTF-8?B?!!!?=") << "bad base64";
  EXPECT_EQ(decode_encoded_words("=?UTF-8?Q?unterminated"), "=?UTF-8?Q?unterminated");
  EXPECT_EQ(decode_encoded_words("=?=?=?"), "=?=?=?");
}

// --- decoding: HTML -------------------------------------------------------------------------

TEST(StripHtml, KeepsTextRemovesMarkupCommentsScriptsAndDecodesReferences) {
  EXPECT_EQ(strip_html("<b>Buy</b>now"), " Buy now");
  EXPECT_EQ(strip_html("fr<!-- hidden -->ee"), "free") << "comments join, as Graham does";
  EXPECT_EQ(strip_html("a<br>b<p>c</p>"), "a\nb\nc\n");
  EXPECT_EQ(strip_html("x<script>var y = '<b>';</script>z"), "x  z");
  EXPECT_EQ(strip_html("<STYLE>p { color: red }</Style>text"), "  text");
  EXPECT_EQ(strip_html("&#86;iagra &amp; &lt;b&gt; caf&#xE9;&nbsp;ok"),
            "Viagra & <b> caf\xc3\xa9 ok");
  EXPECT_EQ(strip_html("&unknown; & &#xZZ; &#99999999;"), "&unknown; & &#xZZ; &#99999999;");
  EXPECT_EQ(strip_html("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2") << "not tags";
  EXPECT_EQ(strip_html("visible <a href='x"), "visible ") << "an unclosed tag ends the text";
  EXPECT_EQ(strip_html("<!-- never closed"), "");
}

// --- decoding: URL hosts --------------------------------------------------------------------

TEST(UrlHosts, FindsHostsAsABrowserWould) {
  std::vector<std::string> hosts;
  EXPECT_TRUE(append_url_hosts(
      "See HTTP://Shop.Example.COM/x?y, https://user:pw@bank.example@evil.example:8080/login "
      "and www.plain.example. Also <a href=\"http://192.0.2.7/p\">here</a> and "
      "http://shop.example.com/again",
      hosts));
  EXPECT_EQ(hosts, (std::vector<std::string>{"shop.example.com", "evil.example",
                                             "www.plain.example", "192.0.2.7"}));
}

TEST(UrlHosts, RefusesWhatIsNoHostAndStopsAtTheLimit) {
  std::vector<std::string> hosts;
  append_url_hosts(
      "http://localhost/ http://example.123/ http://exa%6dple.com/ http://a..b/ "
      "awww.glued.example http://" +
          std::string(300, 'a') + ".example/",
      hosts);
  EXPECT_TRUE(hosts.empty()) << hosts.front();
  hosts.clear();
  std::string many;
  for (int i = 0; i < 5; ++i) many += "http://h" + std::to_string(i) + ".example/ ";
  EXPECT_FALSE(append_url_hosts(many, hosts, 3));
  EXPECT_EQ(hosts.size(), 3u);
}

// --- read_text ------------------------------------------------------------------------------

TEST(ReadText, DecodesEveryTextPartAndRecordsTheRest) {
  std::string html_b64 =
      base64_encode("<p>Visit <a href=\"http://deal.example/x\">our shop</a></p>");
  auto m = message(
      "From: a@example.com\n"
      "Subject: =?UTF-8?Q?Caf=C3=A9?= news\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\n"
      "\n"
      "--b\n"
      "Content-Type: text/plain\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "\n"
      "soft=\n"
      "break\n"
      "--b\n"
      "Content-Type: text/html\n"
      "Content-Transfer-Encoding: base64\n"
      "\n" +
      html_b64 +
      "\n"
      "--b\n"
      "Content-Type: image/gif\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "R0lGODlhAQABAAAAACw=\n"
      "--b\n"
      "Content-Type: message/rfc822\n"
      "\n"
      "Subject: inner\n"
      "\n"
      "inner text\n"
      "--b--\n");
  MessageText t = read_text(m);
  EXPECT_TRUE(t.mime_ok);
  EXPECT_EQ(t.subject(), "Caf\xc3\xa9 news");
  EXPECT_EQ(t.part_types,
            (std::vector<std::string>{"text/plain", "text/html", "image/gif", "text/plain"}));
  EXPECT_NE(t.body.find("softbreak"), std::string::npos) << t.body;
  EXPECT_NE(t.body.find("Visit  our shop"), std::string::npos) << t.body;
  EXPECT_NE(t.body.find("inner text"), std::string::npos) << "message/rfc822 is walked";
  EXPECT_EQ(t.body.find("R0lGOD"), std::string::npos) << "images are not text";
  EXPECT_EQ(t.url_hosts, std::vector<std::string>{"deal.example"}) << "href counts";
  EXPECT_EQ(t.raw_parts, 0u);
  EXPECT_FALSE(t.truncated);
}

TEST(ReadText, ReadsRawWhatCannotBeDecoded) {
  auto bad_b64 = message(
      "Content-Type: text/plain\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "This was never base64, whatever the header says!!! ??? ...\n");
  MessageText t = read_text(bad_b64);
  EXPECT_EQ(t.raw_parts, 1u);
  EXPECT_NE(t.body.find("never base64"), std::string::npos);

  auto no_close = message(
      "Content-Type: multipart/mixed; boundary=\"b\"\n"
      "\n"
      "--b\n"
      "\n"
      "the close delimiter never comes\n");
  t = read_text(no_close);
  EXPECT_FALSE(t.mime_ok);
  EXPECT_NE(t.body.find("never comes"), std::string::npos) << "the raw body is read";
}

TEST(ReadText, BoundsTheDecodedText) {
  std::string body;
  while (body.size() < kMaxTextBytes + 4096) body += "filler words here\n";
  auto m = message("Subject: big\n\n" + body);
  MessageText t = read_text(m);
  EXPECT_TRUE(t.truncated);
  EXPECT_LE(t.body.size(), kMaxTextBytes + 1);
}

// --- the tokeniser --------------------------------------------------------------------------

TEST(Tokenizer, PrefixesHeaderWordsAndKeepsWordsOfTheRightShape) {
  auto m = message(
      "From: \"Prize Team\" <winner@prize-claim.example>\n"
      "To: you@example.org\n"
      "Received: from relay.example by mx.example\n"
      "Subject: FREE Offer!!\n"
      "\n"
      "ok an the Don't --dash-- 12345 $100 r\xc3\xa9sum\xc3\xa9 " +
      std::string(40, 'x') + " " + std::string(41, 'y') + "\n");
  TokenList list = tokenize(m);
  EXPECT_TRUE(has(list, "subject:free"));
  EXPECT_TRUE(has(list, "subject:offer"));
  EXPECT_TRUE(has(list, "from:prize"));
  EXPECT_TRUE(has(list, "from:prize-claim"));
  EXPECT_TRUE(has(list, "to:you"));
  EXPECT_FALSE(has(list, "received:relay")) << "trace fields are not tokenised";
  EXPECT_TRUE(has(list, "part:text/plain"));
  EXPECT_TRUE(has(list, "the"));
  EXPECT_TRUE(has(list, "don't"));
  EXPECT_TRUE(has(list, "dash")) << "dashes trimmed from the ends";
  EXPECT_TRUE(has(list, "$100"));
  EXPECT_TRUE(has(list, "r\xc3\xa9sum\xc3\xa9")) << "UTF-8 words stay whole";
  EXPECT_TRUE(has(list, std::string(40, 'x')));
  EXPECT_FALSE(has(list, std::string(41, 'y'))) << "longer than kMaxWordLength";
  EXPECT_FALSE(has(list, "ok")) << "shorter than kMinWordLength";
  EXPECT_FALSE(has(list, "12345")) << "all digits";
  EXPECT_FALSE(has(list, "r"));
  // Distinct, in order of first appearance.
  auto sorted = list.tokens;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  EXPECT_EQ(list.tokens.front(), "from:prize");
}

TEST(Tokenizer, ReadsThroughEncodingsAndHtml) {
  auto m = message(
      "Subject: =?UTF-8?B?Q2hlYXAgcGlsbHM=?=\n"
      "Content-Type: text/html\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "\n"
      "<p>Vi<!-- x -->agra for sale at <a href=3D\"http://www.Cheap-Pharma.example/o\">th=\n"
      "is shop</a></p>\n");
  TokenList list = tokenize(m);
  EXPECT_TRUE(has(list, "subject:cheap"));
  EXPECT_TRUE(has(list, "subject:pills"));
  EXPECT_TRUE(has(list, "viagra")) << "a comment does not split a word";
  EXPECT_TRUE(has(list, "this")) << "a soft line break does not split a word";
  EXPECT_TRUE(has(list, "url:www.cheap-pharma.example"));
  EXPECT_TRUE(has(list, "url:cheap-pharma.example"));
  EXPECT_FALSE(has(list, "url:example")) << "parents keep at least two labels";
  EXPECT_FALSE(has(list, "href")) << "markup is not text";
  EXPECT_TRUE(has(list, "part:text/html"));
}

TEST(Tokenizer, StopsAtKMaxTokens) {
  std::string body;
  for (std::size_t i = 0; i < kMaxTokens + 500; ++i) body += "w" + std::to_string(i) + "x ";
  TokenList list = tokenize(message("Subject: many\n\n" + body));
  EXPECT_EQ(list.tokens.size(), kMaxTokens);
  EXPECT_TRUE(list.truncated);
  EXPECT_EQ(list.tokens.front(), "subject:many") << "header tokens come first";
}

TEST(Tokenizer, NeverFailsOnHostileInput) {
  // Structures that hurt naive parsers; each must tokenise quickly and without a crash.
  std::vector<std::string> bodies = {
      std::string(2 << 20, '<'),       "<a " + std::string(2 << 20, 'x'),
      std::string(1 << 20, '&') + "#", "=?" + std::string(1 << 20, '?'),
      std::string(1 << 20, '='),       "http://" + std::string(1 << 20, 'a'),
      std::string(1 << 20, '\xff'),
  };
  for (const auto& body : bodies) {
    auto start = std::chrono::steady_clock::now();
    auto m = mail::Message::parse("Subject: " + body.substr(0, 1000) +
                                  "\r\nContent-Type: text/html\r\n\r\n" + body);
    ASSERT_TRUE(m.has_value());
    TokenList list = tokenize(*m);
    EXPECT_LE(list.tokens.size(), kMaxTokens);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  }
}

// --- Robinson's f(w) ------------------------------------------------------------------------

TEST(TokenProbability, MatchesHandComputedValues) {
  const MessageCounts ten_ten{10, 10};
  // Unseen: x.
  EXPECT_DOUBLE_EQ(token_probability({0, 0}, ten_ten), 0.5);
  // 3 of 10 spam, 1 of 10 ham: b = 0.3, g = 0.1, p = 0.75, n = 4;
  // f = (1 * 0.5 + 4 * 0.75) / (1 + 4) = 3.5 / 5 = 0.7.
  EXPECT_DOUBLE_EQ(token_probability({3, 1}, ten_ten), 0.7);
  // Only in spam, 5 times: p = 1, f = (0.5 + 5) / 6 = 0.91666...
  EXPECT_DOUBLE_EQ(token_probability({5, 0}, ten_ten), 5.5 / 6.0);
  // Only in ham, 4 times: p = 0, f = 0.5 / 5 = 0.1.
  EXPECT_DOUBLE_EQ(token_probability({0, 4}, ten_ten), 0.1);
  // Unbalanced corpus, 2 of 20 spam and 1 of 5 ham: b = 0.1, g = 0.2, p = 1/3, n = 3;
  // f = (0.5 + 3 * 1/3) / 4 = 0.375. The ratios, not the raw counts, decide.
  EXPECT_DOUBLE_EQ(token_probability({2, 1}, {20, 5}), 0.375);
  // s = 0: no prior, the counts are believed fully (SpamBayes's "disaster" setting).
  EXPECT_DOUBLE_EQ(token_probability({5, 0}, ten_ten, {.s = 0.0}), 1.0);
  // A damaged model (a token in more messages than were trained) stays in [0, 1].
  EXPECT_DOUBLE_EQ(token_probability({50, 0}, {10, 0}), 10.5 / 11.0);
}

// --- Fisher's combining ---------------------------------------------------------------------

TEST(ChiSquare, SurvivalMatchesClosedFormsAndTables) {
  // 2 degrees: Q = exp(-chi2 / 2).
  EXPECT_NEAR(chi2_survival(2.0, 2), std::exp(-1.0), 1e-12);
  // 4 degrees: Q = exp(-m)(1 + m), m = 2: 3 e^-2 = 0.4060058.
  EXPECT_NEAR(chi2_survival(4.0, 4), 3.0 * std::exp(-2.0), 1e-12);
  // The 5% critical value of chi-square with 4 degrees of freedom is 9.4877 (statistical
  // tables).
  EXPECT_NEAR(chi2_survival(9.4877, 4), 0.05, 1e-5);
  EXPECT_EQ(chi2_survival(0.0, 10), 1.0);
  EXPECT_EQ(chi2_survival(INFINITY, 10), 0.0);
  EXPECT_EQ(chi2_survival(NAN, 10), 1.0);
  // Large arguments do not underflow the first term into a wrong zero.
  EXPECT_NEAR(chi2_survival(1500.0, 2000), 1.0, 1e-9);
  EXPECT_GE(chi2_survival(3000.0, 300), 0.0);
  EXPECT_LT(chi2_survival(3000.0, 300), 1e-100);
}

TEST(Combine, MatchesHandComputedValues) {
  // One token: H = Q(-2 ln f, 2) = f, S = 1 - f, so I = f.
  std::vector<double> one = {0.9};
  Combined c = combine(one);
  EXPECT_NEAR(c.h, 0.9, 1e-12);
  EXPECT_NEAR(c.s, 0.1, 1e-12);
  EXPECT_NEAR(c.indicator, 0.9, 1e-12);
  // Two tokens at 0.9: prod f = 0.81, m = -ln 0.81 = 0.210721, H = 0.81 (1 + m) = 0.980684;
  // prod (1 - f) = 0.01, m = 4.605170, S = 0.01 (1 + m) = 0.056052;
  // I = (1 + 0.980684 - 0.056052) / 2 = 0.962316.
  std::vector<double> two = {0.9, 0.9};
  c = combine(two);
  EXPECT_NEAR(c.h, 0.980684, 1e-6);
  EXPECT_NEAR(c.s, 0.056052, 1e-6);
  EXPECT_NEAR(c.indicator, 0.962316, 1e-6);
  // Three mixed tokens: prod f = 0.9 * 0.2 * 0.7 = 0.126, m = 2.071473,
  // H = 0.126 (1 + m + m^2 / 2) = 0.657339.
  std::vector<double> three = {0.9, 0.2, 0.7};
  EXPECT_NEAR(combine(three).h, 0.657339, 1e-6);
}

TEST(Combine, ExtremesAndSymmetry) {
  std::vector<double> spammy(20, 0.99), hammy(20, 0.01), torn = {0.99, 0.01}, none;
  EXPECT_GT(combine(spammy).indicator, 0.999) << "all tokens at 0.99: I close to 1";
  EXPECT_LT(combine(hammy).indicator, 0.001);
  EXPECT_NEAR(combine(torn).indicator, 0.5, 1e-12) << "evidence both ways: unsure";
  EXPECT_EQ(combine(none).indicator, 0.5);
  // 150 tokens at 0.01 would underflow a product of doubles; the logarithms do not.
  std::vector<double> many(150, 0.01);
  EXPECT_LT(combine(many).indicator, 1e-9);
  std::vector<double> certain = {1.0, 1.0};
  EXPECT_EQ(combine(certain).indicator, 1.0);
}

TEST(ClassifierScore, UsesOnlyTheMostInterestingTokens) {
  std::vector<std::string> tokens;
  Evidence e{{100, 100}, {}};
  // 200 spammy tokens at f = (0.5 + 10) / 11 = 0.9545, one neutral, one weak.
  for (int i = 0; i < 200; ++i) {
    tokens.push_back("spam" + std::to_string(1000 + i));
    e.tokens.push_back({10, 0});
  }
  tokens.push_back("neutral");
  e.tokens.push_back({5, 5});  // f = 0.5: not interesting
  tokens.push_back("weak");
  e.tokens.push_back({6, 4});  // f = (0.5 + 6) / 11 = 0.5909: |f - 0.5| < 0.1
  tokens.push_back("hammy");
  e.tokens.push_back({0, 20});  // f = 0.5 / 21 = 0.0238: the most extreme
  Score s = score(tokens, e);
  EXPECT_EQ(s.tokens, 203u);
  ASSERT_EQ(s.clues.size(), kMaxDiscriminators);
  EXPECT_EQ(s.clues.front().token, "hammy");
  EXPECT_EQ(s.clues[1].token, "spam1000") << "ties broken by the token";
  for (const auto& clue : s.clues) {
    EXPECT_NE(clue.token, "neutral");
    EXPECT_NE(clue.token, "weak");
  }
  EXPECT_EQ(s.verdict, Verdict::spam);
  // With nothing interesting the message is unsure at exactly 0.5.
  std::vector<std::string> plain = {"neutral"};
  Score u = score(plain, Evidence{{100, 100}, {{5, 5}}});
  EXPECT_EQ(u.indicator, 0.5);
  EXPECT_EQ(u.verdict, Verdict::unsure);
  EXPECT_TRUE(u.clues.empty());
}

// --- training and classifying ---------------------------------------------------------------

void train_testdata(Model& model) {
  auto ham = train_corpus(model, kTraining + "/ham", Label::ham);
  ASSERT_TRUE(ham.has_value()) << ham.error().to_string();
  EXPECT_EQ(ham->read, 12u);
  EXPECT_EQ(ham->skipped, 0u);
  auto spam = train_corpus(model, kTraining + "/spam", Label::spam);
  ASSERT_TRUE(spam.has_value()) << spam.error().to_string();
  EXPECT_EQ(spam->read, 12u) << "cur/ and new/";
}

TEST(Classifier, LearnsTheTestCorpusAndSortsHeldOutMail) {
  MemoryModel model;
  train_testdata(model);
  auto counts = model.lookup({});
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->messages, (MessageCounts{12, 12}));

  auto spam = classify(message(kHeldOutSpam), model);
  ASSERT_TRUE(spam.has_value());
  EXPECT_EQ(spam->verdict, Verdict::spam) << spam->indicator;
  EXPECT_GT(spam->indicator, 0.95);
  auto ham = classify(message(kHeldOutHam), model);
  ASSERT_TRUE(ham.has_value());
  EXPECT_EQ(ham->verdict, Verdict::ham) << ham->indicator;
  EXPECT_LT(ham->indicator, 0.05);

  // Every training message lands on its own side.
  for (auto [dir, want] : {std::pair{"/ham", Verdict::ham}, std::pair{"/spam", Verdict::spam}}) {
    auto r = read_corpus(kTraining + dir, [&](const mail::Message& m, std::string_view where) {
      auto s = classify(m, model);
      EXPECT_TRUE(s.has_value());
      if (s) {
        EXPECT_EQ(s->verdict, want) << where << " " << s->indicator;
      }
      return Expected<void>{};
    });
    EXPECT_TRUE(r.has_value());
  }
}

TEST(Classifier, AnUntrainedModelIsUnsure) {
  MemoryModel model;
  auto s = classify(message(kHeldOutSpam), model);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->indicator, 0.5);
  EXPECT_EQ(s->verdict, Verdict::unsure);
}

TEST(Training, UnlearnTakesBackAndAFailedTrainChangesNothing) {
  MemoryModel model;
  std::vector<std::string> tokens = {"alpha", "beta", "alpha"};
  ASSERT_TRUE(model.train([&](Trainer& t) { return t.learn(tokens, Label::spam); }));
  auto e = model.lookup(std::vector<std::string>{"alpha", "beta", "gamma"});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->messages, (MessageCounts{1, 0}));
  EXPECT_EQ(e->tokens[0], (TokenCounts{1, 0})) << "a repeated token counts once";
  EXPECT_EQ(e->tokens[2], (TokenCounts{0, 0}));

  auto failed = model.train([&](Trainer& t) -> Expected<void> {
    if (auto r = t.learn(tokens, Label::spam); !r) return r;
    return fail(Errc::io_error, "the corpus went away");
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().message, "the corpus went away");
  EXPECT_EQ(model.lookup({})->messages, (MessageCounts{1, 0})) << "nothing kept";

  ASSERT_TRUE(model.train([&](Trainer& t) { return t.unlearn(tokens, Label::spam); }));
  EXPECT_EQ(model.lookup({})->messages, (MessageCounts{0, 0}));
  EXPECT_EQ(model.size(), 0u);
  // Unlearning what was never learnt cannot make a count negative.
  ASSERT_TRUE(model.train([&](Trainer& t) { return t.unlearn(tokens, Label::ham); }));
  EXPECT_EQ(model.lookup({})->messages, (MessageCounts{0, 0}));
}

// --- corpora --------------------------------------------------------------------------------

TEST(Mbox, SplitsUnquotesAndCountsSkippedMessages) {
  std::vector<std::string> subjects, bodies, wheres;
  auto stats = read_mbox(kTestdata + "/corpus.mbox",
                         [&](const mail::Message& m, std::string_view where) -> Expected<void> {
                           subjects.emplace_back(m.first("Subject").value_or(""));
                           bodies.emplace_back(m.body());
                           wheres.emplace_back(where);
                           return {};
                         });
  ASSERT_TRUE(stats.has_value()) << stats.error().to_string();
  EXPECT_EQ(stats->read, 3u);
  EXPECT_EQ(stats->skipped, 1u);
  ASSERT_EQ(stats->problems.size(), 1u);
  EXPECT_NE(stats->problems[0].find("corpus.mbox: message 3 (line 19)"), std::string::npos)
      << stats->problems[0];
  ASSERT_EQ(subjects.size(), 3u);
  EXPECT_EQ(subjects[2], " The last message");
  EXPECT_NE(bodies[1].find("\r\nFrom here on the line was quoted once.\r\n"), std::string::npos)
      << bodies[1];
  EXPECT_NE(bodies[1].find("\r\n>From here it was quoted twice.\r\n"), std::string::npos);
  EXPECT_NE(bodies[1].find("\r\nFrom here it is body text"), std::string::npos);
  EXPECT_TRUE(bodies[0].ends_with("/final\r\n")) << "the separating empty line is dropped";
  EXPECT_TRUE(bodies[2].ends_with("without an empty line.\r\n"));
  EXPECT_NE(wheres[0].find("message 1 (line 1)"), std::string::npos);
}

TEST(Mbox, ErrorsNameTheFile) {
  TempDir dir;
  auto missing = read_mbox(dir.file("nope.mbox"), nullptr);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, Errc::not_found);
  EXPECT_NE(missing.error().where.find("nope.mbox"), std::string::npos);

  write(dir.file("single.eml"), "Subject: not an mbox\n\nbody\n");
  auto single = read_mbox(dir.file("single.eml"), nullptr);
  ASSERT_FALSE(single.has_value());
  EXPECT_EQ(single.error().code, Errc::parse_error);
  EXPECT_NE(single.error().to_string().find("single.eml: is not an mbox file: line 1"),
            std::string::npos)
      << single.error().to_string();

  write(dir.file("empty.mbox"), "");
  auto empty = read_mbox(dir.file("empty.mbox"), nullptr);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, Errc::parse_error);

  // A sink's error stops the reading and comes back as it was.
  auto stopped = read_mbox(kTestdata + "/corpus.mbox", [](const mail::Message&, std::string_view) {
    return Expected<void>(fail(Errc::internal, "stop"));
  });
  ASSERT_FALSE(stopped.has_value());
  EXPECT_EQ(stopped.error().message, "stop");
}

TEST(Mbox, CrlfFilesAndOversizedLinesAreHandled) {
  TempDir dir;
  write(dir.file("crlf.mbox"),
        "From a\r\nSubject: one\r\n\r\nbody one\r\n\r\nFrom b\r\nSubject: two\r\n\r\nbody two\r\n");
  std::vector<std::string> bodies;
  auto stats = read_mbox(dir.file("crlf.mbox"),
                         [&](const mail::Message& m, std::string_view) -> Expected<void> {
                           bodies.emplace_back(m.body());
                           return {};
                         });
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(bodies, (std::vector<std::string>{"body one\r\n", "body two\r\n"}));
}

TEST(CorpusMaildir, ReadsCurAndNewSkipsDotFilesAndBadMessages) {
  TempDir dir;
  fs::create_directories(dir.file("box/cur"));
  fs::create_directories(dir.file("box/new"));
  fs::create_directories(dir.file("box/tmp"));
  write(dir.file("box/cur/1"), "Subject: one\n\nfirst\n");
  write(dir.file("box/new/2"), "Subject: two\r\n\r\nsecond\r\n");
  write(dir.file("box/new/.hidden"), "Subject: hidden\n\nnot a message\n");
  write(dir.file("box/tmp/3"), "Subject: in delivery\n\nnot yet\n");
  write(dir.file("box/new/4"), "no header here\n\n");
  write(dir.file("box/new/5"), "");
  std::vector<std::string> subjects;
  auto stats = read_maildir(dir.file("box"),
                            [&](const mail::Message& m, std::string_view) -> Expected<void> {
                              subjects.emplace_back(m.first("Subject").value_or(""));
                              return {};
                            });
  ASSERT_TRUE(stats.has_value()) << stats.error().to_string();
  EXPECT_EQ(subjects, (std::vector<std::string>{" one", " two"}));
  EXPECT_EQ(stats->read, 2u);
  EXPECT_EQ(stats->skipped, 2u);
  ASSERT_EQ(stats->problems.size(), 2u);
  EXPECT_NE(stats->problems[0].find("box/new/4"), std::string::npos) << stats->problems[0];

  auto not_maildir = read_maildir(dir.file("box/cur"), nullptr);
  ASSERT_FALSE(not_maildir.has_value());
  EXPECT_EQ(not_maildir.error().code, Errc::not_found);
  EXPECT_NE(not_maildir.error().to_string().find("box/cur: is not a maildir"), std::string::npos);
}

TEST(Corpus, ToCrlfOnlyAddsMissingCarriageReturns) {
  EXPECT_EQ(to_crlf("a\nb\r\nc\n\n"), "a\r\nb\r\nc\r\n\r\n");
  EXPECT_EQ(to_crlf("\n"), "\r\n");
  EXPECT_EQ(to_crlf("bare\rcr"), "bare\rcr");
}

TEST(Corpus, AFailedReadLeavesTheModelUnchanged) {
  TempDir dir;
  MemoryModel model;
  auto r = train_corpus(model, dir.file("missing.mbox"), Label::spam);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().where.find("missing.mbox"), std::string::npos);
  EXPECT_EQ(model.lookup({})->messages, (MessageCounts{0, 0}));
}

// --- the SQLite model -----------------------------------------------------------------------

std::vector<double> scores_of(const Model& model) {
  std::vector<double> out;
  for (auto text : {kHeldOutSpam, kHeldOutHam}) {
    auto s = classify(message(text), model);
    EXPECT_TRUE(s.has_value());
    out.push_back(s ? s->indicator : -1.0);
  }
  return out;
}

TEST(SqliteModel, StateSurvivesCloseAndReopen) {
  TempDir dir;
  std::vector<double> before;
  MemoryModel memory;
  train_testdata(memory);
  {
    auto model = SqliteModel::open(dir.file("model.db"));
    ASSERT_TRUE(model.has_value()) << model.error().to_string();
    train_testdata(**model);
    before = scores_of(**model);
    EXPECT_EQ(before, scores_of(memory)) << "the same counts give the same scores";
    EXPECT_EQ(*(*model)->size(), memory.size());
  }
  auto reopened = SqliteModel::open(dir.file("model.db"));
  ASSERT_TRUE(reopened.has_value()) << reopened.error().to_string();
  EXPECT_EQ((*reopened)->lookup({})->messages, (MessageCounts{12, 12}));
  EXPECT_EQ(scores_of(**reopened), before);
}

TEST(SqliteModel, StateSurvivesTheEndOfTheProcess) {
  TempDir dir;
  std::string path = dir.file("model.db");
  // The child trains and ends at once, without closing the database or running destructors:
  // what train() committed must be on disk already.
  EXPECT_EXIT(
      {
        auto model = SqliteModel::open(path);
        if (!model) std::_Exit(2);
        auto r = train_corpus(**model, kTraining + "/spam", Label::spam);
        std::_Exit(r ? 0 : 3);
      },
      ::testing::ExitedWithCode(0), "");
  auto model = SqliteModel::open(path);
  ASSERT_TRUE(model.has_value()) << model.error().to_string();
  EXPECT_EQ((*model)->lookup({})->messages, (MessageCounts{12, 0}));
  auto e = (*model)->lookup(std::vector<std::string>{"url:prize-claim.example"});
  EXPECT_EQ(e->tokens[0], (TokenCounts{1, 0}));
}

TEST(SqliteModel, TokensAreOctetsNotText) {
  TempDir dir;
  auto model = SqliteModel::open(dir.file("model.db"));
  ASSERT_TRUE(model.has_value());
  std::vector<std::string> tokens = {std::string("a\0b", 3), "\xff\xfe", "", "caf\xc3\xa9"};
  ASSERT_TRUE((*model)->train([&](Trainer& t) { return t.learn(tokens, Label::ham); }));
  auto e = (*model)->lookup(tokens);
  ASSERT_TRUE(e.has_value());
  for (const auto& c : e->tokens) EXPECT_EQ(c, (TokenCounts{0, 1}));
  auto other = (*model)->lookup(std::vector<std::string>{"a"});
  EXPECT_EQ(other->tokens[0], (TokenCounts{0, 0})) << "\"a\\0b\" is not \"a\"";
}

TEST(SqliteModel, AFailedTrainIsRolledBackEvenAfterAFlush) {
  TempDir dir;
  auto model = SqliteModel::open(dir.file("model.db"));
  ASSERT_TRUE(model.has_value());
  // More distinct tokens than kTrainFlushTokens, so part of the work has been written into
  // the open transaction before the work fails.
  auto r = (*model)->train([&](Trainer& t) -> Expected<void> {
    for (std::size_t m = 0; m * 10000 < kTrainFlushTokens + 10000; ++m) {
      std::vector<std::string> tokens;
      for (std::size_t i = 0; i < 10000; ++i) tokens.push_back(std::to_string(m * 10000 + i));
      if (auto l = t.learn(tokens, Label::spam); !l) return l;
    }
    return fail(Errc::io_error, "failed late");
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "failed late");
  EXPECT_EQ((*model)->lookup({})->messages, (MessageCounts{0, 0}));
  EXPECT_EQ(*(*model)->size(), 0u);
}

TEST(SqliteModel, UnlearnRemovesEmptyRows) {
  TempDir dir;
  auto model = SqliteModel::open(dir.file("model.db"));
  ASSERT_TRUE(model.has_value());
  std::vector<std::string> tokens = {"one", "two"};
  ASSERT_TRUE((*model)->train([&](Trainer& t) { return t.learn(tokens, Label::spam); }));
  ASSERT_TRUE((*model)->train([&](Trainer& t) { return t.unlearn(tokens, Label::spam); }));
  EXPECT_EQ(*(*model)->size(), 0u);
  EXPECT_EQ((*model)->lookup({})->messages, (MessageCounts{0, 0}));
}

TEST(SqliteModel, RefusesFilesItCannotUse) {
  TempDir dir;
  auto in_missing_dir = SqliteModel::open(dir.file("no/such/dir/model.db"));
  ASSERT_FALSE(in_missing_dir.has_value());
  EXPECT_EQ(in_missing_dir.error().code, Errc::io_error);
  EXPECT_NE(in_missing_dir.error().where.find("no/such/dir/model.db"), std::string::npos);

  fs::create_directories(dir.file("a-directory"));
  auto directory = SqliteModel::open(dir.file("a-directory"));
  ASSERT_FALSE(directory.has_value());
  EXPECT_EQ(directory.error().code, Errc::io_error);

  auto memory = SqliteModel::open(":memory:");
  ASSERT_FALSE(memory.has_value());
  EXPECT_EQ(memory.error().code, Errc::invalid_argument);

  write(dir.file("text.db"), "This is a text file, not a database. " + std::string(4096, 'x'));
  auto text = SqliteModel::open(dir.file("text.db"));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, Errc::parse_error);
  EXPECT_NE(text.error().to_string().find("text.db: cannot read the content model"),
            std::string::npos)
      << text.error().to_string();
}

TEST(SqliteModel, RefusesADamagedFile) {
  TempDir dir;
  std::string path = dir.file("model.db");
  {
    auto model = SqliteModel::open(path);
    ASSERT_TRUE(model.has_value());
    train_testdata(**model);
  }
  // Overwrite the middle of the file (past the header page) with garbage.
  auto size = fs::file_size(path);
  ASSERT_GT(size, 8192u);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    std::string junk(static_cast<std::size_t>(size) - 4096, '\xa5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto damaged = SqliteModel::open(path);
  ASSERT_FALSE(damaged.has_value());
  EXPECT_EQ(damaged.error().code, Errc::parse_error) << damaged.error().to_string();
  EXPECT_NE(damaged.error().where.find("model.db"), std::string::npos);
}

TEST(SqliteModel, RefusesOtherDatabasesAndOtherVersions) {
  TempDir dir;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("other.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE triplets (key TEXT)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto other = SqliteModel::open(dir.file("other.db"));
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, Errc::parse_error);
  EXPECT_NE(other.error().message.find("not an ASCOT content model"), std::string::npos);

  { ASSERT_TRUE(SqliteModel::open(dir.file("v2.db")).has_value()); }
  ASSERT_EQ(sqlite3_open(dir.file("v2.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto v2 = SqliteModel::open(dir.file("v2.db"));
  ASSERT_FALSE(v2.has_value());
  EXPECT_EQ(v2.error().code, Errc::unsupported);
}

// --- concurrency ----------------------------------------------------------------------------

// Readers classify while one thread trains; every lookup must see a whole training or none.
void classify_while_training(Model& model) {
  std::atomic<bool> done{false};
  std::atomic<int> lookups{0}, torn{0}, errors{0};
  std::vector<std::string> probe = {"url:prize-claim.example", "subject:meeting"};
  auto reader = [&]() {
    auto held_out = message(kHeldOutSpam);
    while (!done.load()) {
      auto e = model.lookup(probe);
      auto s = classify(held_out, model);
      if (!e || !s) {
        ++errors;
        continue;
      }
      // Each corpus is one transaction: message counts are 0 or 12 on each side, and a
      // token never counts more messages than were trained.
      if ((e->messages.spam != 0 && e->messages.spam != 12) ||
          (e->messages.ham != 0 && e->messages.ham != 12) || e->tokens[0].spam > e->messages.spam ||
          e->tokens[1].ham > e->messages.ham) {
        ++torn;
      }
      ++lookups;
    }
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) readers.emplace_back(reader);
  // Training is quick; let the readers get going first, so that they overlap it.
  while (lookups.load() + errors.load() < 3) std::this_thread::yield();
  train_testdata(model);
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(lookups.load(), 0);
}

TEST(ModelConcurrency, MemoryModelClassifiesWhileTraining) {
  MemoryModel model;
  classify_while_training(model);
}

TEST(ModelConcurrency, SqliteModelClassifiesWhileTraining) {
  TempDir dir;
  auto model = SqliteModel::open(dir.file("model.db"));
  ASSERT_TRUE(model.has_value());
  classify_while_training(**model);
}

// --- rules ----------------------------------------------------------------------------------

std::vector<std::string> hit_ids(const RuleResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id + "@" + h.where);
  return out;
}

TEST(Rules, LoadFromJsonAndHitDecodedText) {
  auto rules = RuleSet::load(kTestdata + "/rules.json");
  ASSERT_TRUE(rules.has_value()) << rules.error().to_string();
  EXPECT_EQ(rules->size(), 5u);
  EXPECT_EQ(rules->spec(3).header, "X-Mailer");

  auto spam = message(
      "Subject: =?UTF-8?Q?Your_PRIZE?=\n"
      "X-Mailer: BulkMail 2.0\n"
      "Content-Type: text/plain\n"
      "Content-Transfer-Encoding: base64\n"
      "\n" +
      base64_encode("CLICK HERE to get $1,000,000 now\n") + "\n");
  RuleResult r = evaluate(spam, *rules);
  EXPECT_EQ(hit_ids(r), (std::vector<std::string>{"subject-prize@subject", "body-click-here@body",
                                                  "money-amount@body", "mailer-bulk@x-mailer"}));
  EXPECT_DOUBLE_EQ(r.total, 2.0 + 1.5 + 1.0 + 3.0);
  EXPECT_TRUE(r.failed.empty());

  RuleResult ham = evaluate(message(kHeldOutHam), *rules);
  EXPECT_EQ(hit_ids(ham), std::vector<std::string>{"meeting-notes@subject"})
      << "any: the first place it hits";
  EXPECT_DOUBLE_EQ(ham.total, -1.0);
}

TEST(Rules, KeywordsReadThroughHtmlAndRegexesAreBounded) {
  auto rules = RuleSet::compile({
      {.id = "kw", .target = Target::body, .kind = RuleKind::keyword, .pattern = "Viagra"},
      {.id = "rx-late", .target = Target::body, .kind = RuleKind::regex, .pattern = "needle"},
      {.id = "kw-late", .target = Target::body, .kind = RuleKind::keyword, .pattern = "needle"},
      {.id = "rx-slow", .target = Target::body, .kind = RuleKind::regex, .pattern = "a.*z"},
  });
  ASSERT_TRUE(rules.has_value()) << rules.error().to_string();
  std::string filler;
  while (filler.size() < kMaxRegexInput + 1024) filler += "ordinary words on a line\n";
  auto m = message("Content-Type: text/html\n\n<p>vi<!-- -->AGRA</p>\n" + filler + "needle\n");
  EXPECT_EQ(hit_ids(evaluate(m, *rules)), (std::vector<std::string>{"kw@body", "kw-late@body"}))
      << "a regex reads at most kMaxRegexInput octets; a keyword reads everything";

  // A megabyte on one line: cut into pieces, so std::regex neither recurses deeply nor takes
  // quadratic time over the whole line.
  auto hostile = message("Subject: x\n\n" + std::string(1 << 20, 'a') + "\n");
  auto start = std::chrono::steady_clock::now();
  RuleResult r = evaluate(hostile, *rules);
  EXPECT_TRUE(r.hits.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST(Rules, AnchorsKeepTheirMeaningAcrossPieces) {
  // A 504-octet line is cut after the space at offset 200: "zzz" starts the second piece, but
  // not the line, and the first piece ends with "a ", but the line does not.
  auto rules = RuleSet::compile({
      {.id = "line-start", .target = Target::body, .kind = RuleKind::regex, .pattern = "^a+ "},
      {.id = "piece-start", .target = Target::body, .kind = RuleKind::regex, .pattern = "^zzz"},
      {.id = "piece-end", .target = Target::body, .kind = RuleKind::regex, .pattern = "a $"},
      {.id = "boundary", .target = Target::body, .kind = RuleKind::regex, .pattern = "\\bzzz"},
      {.id = "line-end", .target = Target::body, .kind = RuleKind::regex, .pattern = "b$"},
  });
  ASSERT_TRUE(rules.has_value()) << rules.error().to_string();
  auto m =
      message("Subject: x\n\n" + std::string(200, 'a') + " zzz" + std::string(300, 'b') + "\n");
  EXPECT_EQ(hit_ids(evaluate(m, *rules)),
            (std::vector<std::string>{"line-start@body", "boundary@body", "line-end@body"}));
}

TEST(Rules, KeywordSearchIsLinear) {
  auto rules = RuleSet::compile(
      {{.id = "kw", .target = Target::body, .pattern = std::string(999, 'a') + "b"}});
  ASSERT_TRUE(rules.has_value());
  auto m = message("Subject: x\n\n" + std::string(1 << 20, 'a') + "\n");
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(evaluate(m, *rules).hits.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5))
      << "a naive search would take about 10^9 comparisons";
}

TEST(Rules, RefusesPatternsThatBacktrackExponentially) {
  for (std::string p : {"(a+)+", "(\\w+\\s*)*b", "((ab)*c)+", "(?:x|y+){2,}", "(a*)*?"}) {
    auto r = RuleSet::compile({{.id = "r", .kind = RuleKind::regex, .pattern = p}});
    ASSERT_FALSE(r.has_value()) << p;
    EXPECT_NE(r.error().message.find("nests unbounded repeats"), std::string::npos) << p;
  }
  for (std::string p : {"(ab)+", "(a+){1,5}", "[(a+)]+", "\\(a+\\)+", "a+b*c?", "(a|b)*c",
                        "\\w+(\\s+\\w+){0,10}"}) {
    EXPECT_TRUE(RuleSet::compile({{.id = "r", .kind = RuleKind::regex, .pattern = p}})) << p;
  }
}

TEST(Rules, CompileErrorsNameTheRule) {
  auto check = [](std::vector<RuleSpec> specs, std::string_view want) {
    auto r = RuleSet::compile(std::move(specs));
    ASSERT_FALSE(r.has_value()) << want;
    EXPECT_NE(r.error().to_string().find(want), std::string::npos) << r.error().to_string();
  };
  check({{.id = "", .pattern = "x"}}, "rules[0]: the id is empty");
  check({{.id = "a", .pattern = "x"}, {.id = "a", .pattern = "y"}},
        "rule \"a\": rules[1]: the id is used by an earlier rule");
  check({{.id = "a", .pattern = ""}}, "the pattern is empty");
  check({{.id = "a", .pattern = std::string(kMaxPatternLength + 1, 'x')}}, "longer than");
  check({{.id = "a", .target = Target::header, .pattern = "x"}}, "needs a header field name");
  check({{.id = "a", .target = Target::body, .header = "X-Foo", .pattern = "x"}},
        "only for target");
  check({{.id = "a", .pattern = "x", .ignore_case = true}}, "ignore_case is for regex rules");
  check({{.id = "a", .pattern = "x", .score = NAN}}, "not a finite number");
  check({{.id = "bad", .kind = RuleKind::regex, .pattern = "(unclosed"}},
        "rule \"bad\": rules[0]: not a valid ECMAScript regular expression");
}

TEST(Rules, JsonErrorsNameTheFileAndTheRule) {
  auto check = [](std::string_view json, std::string_view want) {
    auto r = RuleSet::parse(json, "my-rules.json");
    ASSERT_FALSE(r.has_value()) << json;
    EXPECT_NE(r.error().to_string().find(want), std::string::npos) << r.error().to_string();
  };
  check("{", "my-rules.json");
  check("{}", "my-rules.json: rules: required key is missing");
  check("{\"rules\": [], \"extra\": 1}", "unknown key(s) 'extra'");
  check(R"({"rules": [{"id": "r1", "target": "bodyy", "kind": "keyword", "pattern": "x",
            "score": 1}]})",
        "my-rules.json: rule \"r1\": rules[0].target: unknown target \"bodyy\"");
  check(R"({"rules": [{"id": "r1", "target": "body", "kind": "glob", "pattern": "x",
            "score": 1}]})",
        "rules[0].kind: unknown kind");
  check(R"({"rules": [{"id": "r1", "target": "body", "kind": "keyword", "pattern": "x",
            "score": "high"}]})",
        "rule \"r1\": rules[0].score: expected a number, found string");
  check(R"({"rules": [{"id": "r1", "target": "body", "kind": "keyword", "pattern": "x"}]})",
        "rules[0].score: required key is missing");
  check(R"({"rules": [{"id": "r1", "target": "body", "kind": "keyword", "pattern": "x",
            "score": 1, "weight": 2}]})",
        "rule \"r1\": rules[0]: unknown key(s) 'weight'");
  check(R"({"rules": [{"target": "body"}]})", "rules[0].id: required key is missing");
  check(R"({"rules": [{"id": "r1", "target": "header", "kind": "keyword", "pattern": "x",
            "score": 1}]})",
        "my-rules.json: rule \"r1\": rules[0]: target \"header\" needs a header field name");

  auto missing = RuleSet::load("/nonexistent/rules.json");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().where.find("/nonexistent/rules.json"), std::string::npos);
}

}  // namespace
}  // namespace ascot::content
