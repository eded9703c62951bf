#include "dns/name.hpp"

#include "core/ascii.hpp"

namespace ascot::dns {

std::string canonical(std::string_view name) {
  if (name.ends_with('.') && name.size() > 1) name.remove_suffix(1);
  return ascii::lower(name);
}

bool is_valid_name(std::string_view name) {
  if (name.ends_with('.')) name.remove_suffix(1);
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (auto label : ascii::split(name, '.')) {
    if (label.empty() || label.size() > kMaxLabelLength) return false;
  }
  return true;
}

bool is_at_or_below(std::string_view name, std::string_view ancestor) {
  if (name.ends_with('.')) name.remove_suffix(1);
  if (ancestor.ends_with('.')) ancestor.remove_suffix(1);
  if (ancestor.empty()) return true;
  if (name.size() < ancestor.size()) return false;
  if (!ascii::iequals(name.substr(name.size() - ancestor.size()), ancestor)) return false;
  return name.size() == ancestor.size() || name[name.size() - ancestor.size() - 1] == '.';
}

std::string_view parent(std::string_view name) {
  auto dot = name.find('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

}  // namespace ascot::dns
