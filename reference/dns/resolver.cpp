#include "dns/resolver.hpp"

namespace ascot::dns {

Answer Resolver::query(std::string_view name, RRType type) {
  ++count_;
  Answer answer = do_query(name, type);
  if (observer_ != nullptr) observer_->on_query(name, type, answer);
  return answer;
}

}  // namespace ascot::dns
