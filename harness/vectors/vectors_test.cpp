#include <gtest/gtest.h>

#include "vectors/json_schema.hpp"
#include "vectors/spf_vectors.hpp"
#include "vectors/vector_file.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "core/json.hpp"

namespace ascot::vectors {
namespace {

boost::json::value parse(std::string_view text) {
  return *json::parse(text, "test");
}

TEST(JsonSchema, ChecksTypesKeysEnumsPatternsAndRefs) {
  SchemaStore store;
  ASSERT_TRUE(store.add(parse(R"({"$id": "t.json", "type": "object", "additionalProperties": false,
      "required": ["a"], "properties": {
        "a": {"type": "integer", "minimum": 1},
        "b": {"enum": ["x", "y"]},
        "c": {"type": "array", "items": {"$ref": "#/$defs/word"}, "uniqueItems": true},
        "d": {"oneOf": [{"type": "string"}, {"type": "array", "minItems": 1}]},
        "e": {"type": ["string", "null"]}},
      "$defs": {"word": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 5}}})"),
                        "t"));
  EXPECT_TRUE(
      store.validate("t.json", parse(R"({"a": 2, "b": "x", "c": ["ab"], "d": "s", "e": null})"))
          .empty());
  auto errors = store.validate(
      "t.json", parse(R"({"a": 0, "b": "z", "c": ["AB", "toolong", "AB"], "d": [], "f": 1})"));
  std::string all;
  for (const auto& e : errors) all += e + "\n";
  for (const char* expected :
       {"a: below the minimum", "b: \"z\" is not one of", "c[0]: 'AB' does not match",
        "c[1]: longer than 5", "items 0 and 2 are equal", "d: [] matches none",
        "unknown key 'f'"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\nin:\n" << all;
  }
  EXPECT_FALSE(store.validate("t.json", parse(R"({"b": "x"})")).empty()) << "a is required";
}

TEST(JsonSchema, RefusesUnsupportedKeywords) {
  auto dir = std::filesystem::temp_directory_path() / "ascot_schema_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "x.schema.json") << R"({"$id": "x.schema.json", "if": {"type": "string"}})";
  SchemaStore store;
  auto r = store.load_directory(dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("'if'"), std::string::npos);
}

class ShippedVectors : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = schemas.load_directory(std::string(ASCOT_SOURCE_DIR) + "/vectors/schemas");
    ASSERT_TRUE(r) << r.error().to_string();
  }
  SchemaStore schemas;
};

TEST_F(ShippedVectors, LoadAndLintCleanly) {
  auto files = find_vector_files(std::string(ASCOT_SOURCE_DIR) + "/vectors");
  ASSERT_FALSE(files.empty());
  auto vectors = load_all_spf_vectors(files, schemas);
  ASSERT_TRUE(vectors) << vectors.error().to_string();
  EXPECT_GE(vectors->size(), 150u);
}

TEST_F(ShippedVectors, LintFindsDuplicateIdsCountsAndFlags) {
  auto dir = std::filesystem::temp_directory_path() / "ascot_lint_test";
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const char* text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  const char* vector =
      R"({"id": "dup", "comment": "c", "clause": "7208:5.1", "level": "MUST", "identity": "mailfrom",
      "ip": "192.0.2.1", "sender": "a@example.com", "helo": "h.example.com", "expected": ["pass"], "flags": ["UNDEFINED"]})";
  std::string body =
      std::string(R"({"schema": "spf-check.schema.json", "title": "t", "spec": "RFC 7208",
      "numberOfVectors": 3, "notes": {"UNUSED": {"bugType": "BASIC", "description": "d"}},
      "groups": [{"comment": "g", "zone": {}, "vectors": [)") +
      vector + "]}]}";
  auto a = load_vector_file(write("a.json", body.c_str()), schemas);
  auto b = load_vector_file(write("b.json", body.c_str()), schemas);
  std::string choice = body;
  choice.replace(choice.find("\"dup\""), 5, "\"choice\"");
  choice.replace(choice.find("[\"pass\"]"), 8, "[\"pass\", \"none\"]");
  auto c = load_vector_file(write("c.json", choice.c_str()), schemas);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_TRUE(b);
  ASSERT_TRUE(c) << c.error().to_string();
  std::string all;
  for (const auto& p : lint({*a, *b, *c})) all += p + "\n";
  EXPECT_NE(all.find("c.json: groups[0].vectors[0]: more than one expected, but no flag of "
                     "bug type AMBIGUOUS"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("numberOfVectors is 3 but the file holds 1"), std::string::npos) << all;
  EXPECT_NE(all.find("id 'dup' is also used"), std::string::npos) << all;
  EXPECT_NE(all.find("flag 'UNDEFINED' is not defined"), std::string::npos) << all;
  EXPECT_NE(all.find("flag 'UNUSED' is defined but no vector uses it"), std::string::npos) << all;
}

TEST_F(ShippedVectors, SchemaViolationsNameTheirPath) {
  auto dir = std::filesystem::temp_directory_path() / "ascot_schema_violation";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.json")
      << R"({"schema": "spf-check.schema.json", "title": "t", "spec": "RFC 7208",
      "numberOfVectors": 1, "notes": {}, "groups": [{"comment": "g", "zone": {"example.com": [{"MX": "x"}]},
      "vectors": [{"id": "Bad Id", "comment": "c", "clause": "7208:5.1", "level": "OFTEN", "identity": "mailfrom",
      "ip": "192.0.2.1", "sender": "", "helo": "h", "expected": ["maybe"], "typo": 1}]}]})";
  auto file = load_vector_file((dir / "bad.json").string(), schemas);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(file);
  const std::string& m = file.error().message;
  for (const char* expected :
       {"groups[0].vectors[0].id", "groups[0].vectors[0].level", "groups[0].vectors[0].expected[0]",
        "unknown key 'typo'", "groups[0].zone.example.com[0]"}) {
    EXPECT_NE(m.find(expected), std::string::npos) << expected << "\nin:\n" << m;
  }
}

}  // namespace
}  // namespace ascot::vectors
