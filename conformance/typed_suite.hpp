// conformance/typed_suite.hpp: the bookkeeping every Suite shares, for vectors of type V
// (which has a member `meta`).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "conformance/suite.hpp"

namespace ascot::conformance {

template <class V>
class TypedSuite : public Suite {
 public:
  std::vector<const vectors::VectorMeta*> metas() const override {
    std::vector<const vectors::VectorMeta*> out;
    for (const auto& v : vectors_) out.push_back(&v.meta);
    return out;
  }

  const vectors::VectorMeta* meta(const std::string& id) const override {
    const V* v = find(id);
    return v == nullptr ? nullptr : &v->meta;
  }

 protected:
  Expected<void> add(V vector) {
    if (index_.contains(vector.meta.id)) {
      return fail(Errc::parse_error, "vector id '" + vector.meta.id + "' is used twice",
                  vector.meta.file);
    }
    index_[vector.meta.id] = vectors_.size();
    vectors_.push_back(std::move(vector));
    return {};
  }

  // add_all adds every vector a loader read from one file, or returns the loader's error.
  Expected<void> add_all(Expected<std::vector<V>> loaded) {
    if (!loaded) return std::unexpected(loaded.error());
    for (auto& v : *loaded) {
      auto r = add(std::move(v));
      if (!r) return r;
    }
    return {};
  }

  const V* find(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &vectors_[it->second];
  }

  CaseOutcome unknown(const std::string& id) const {
    CaseOutcome out;
    out.verdict = Verdict::error;
    out.reason = "no " + std::string(name()) + " vector '" + id + "'";
    return out;
  }

 private:
  std::vector<V> vectors_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace ascot::conformance
