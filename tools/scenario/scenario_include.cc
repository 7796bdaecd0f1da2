// Resolving `include:` in scenario files (see scenario_include.h).
#include "tools/scenario/scenario_include.h"

#include <fmt/format.h>

#include "tools/scenario/scenario_values.h"

namespace dm::scenario {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxIncludeDepth = 16;

std::string chainText(const std::vector<fs::path>& chain) {
  std::string out;
  for (const fs::path& p : chain) out += (out.empty() ? "" : " -> ") + p.string();
  return out;
}

// `over` deep-merged over `base`: maps merge key by key, anything else is `over`.
YAML::Node merge(const YAML::Node& base, const YAML::Node& over, SourceMap& sources) {
  if (!base.IsMap() || !over.IsMap()) return over;
  YAML::Node merged(YAML::NodeType::Map);
  for (const auto& kv : base) {
    const std::string key = kv.first.Scalar();
    merged[key] = over[key] ? merge(kv.second, over[key], sources) : kv.second;
  }
  for (const auto& kv : over) {
    const std::string key = kv.first.Scalar();
    if (!base[key]) merged[key] = kv.second;
  }
  sources.addAlias(merged, over, sources.fileOf(over));
  return merged;
}

YAML::Node resolve(const YAML::Node& root, const fs::path& file, SourceMap& sources, const ValidateFile& validate,
                   std::vector<fs::path>& chain) {
  validate(root);
  const YAML::Node include = root["include"];
  if (!include) return root;
  const fs::path target = (file.parent_path() / include.Scalar()).lexically_normal();
  std::vector<fs::path> tried = chain;
  tried.push_back(target);
  for (const fs::path& earlier : chain) {
    std::error_code ec;
    if (fs::equivalent(earlier, target, ec))
      failAt(include, fmt::format("include: a cycle: {}", chainText(tried)));
  }
  if (chain.size() >= kMaxIncludeDepth)
    failAt(include, fmt::format("include: more than {} files deep: {}", kMaxIncludeDepth, chainText(tried)));
  std::error_code ec;
  if (!fs::is_regular_file(target, ec))
    failAt(include, fmt::format("include: no file {} (included by {})", target.string(), chainText(chain)));
  YAML::Node included;
  try {
    included = YAML::LoadFile(target.string());
  } catch (const YAML::Exception& e) {
    throw LoadFailure{e.mark, e.msg, YAML::Node(), target.string(), false};
  }
  if (!included.IsMap()) throw LoadFailure{included.Mark(), "include: an included file holds a mapping of keys", YAML::Node(), target.string(), false};
  sources.addTree(included, target);
  if (included["name"]) failAt(included["name"], "name: belongs to each scenario, not to an included file");
  chain.push_back(target);
  const YAML::Node base = resolve(included, target, sources, validate, chain);
  chain.pop_back();
  YAML::Node own(YAML::NodeType::Map);
  for (const auto& kv : root)
    if (kv.first.Scalar() != "include") own[kv.first.Scalar()] = kv.second;
  sources.addAlias(own, root, sources.fileOf(root));
  return merge(base, own, sources);
}

}  // namespace

void failAt(const YAML::Node& node, std::string what) { throw LoadFailure{node.Mark(), std::move(what), node, "", false}; }

void SourceMap::addTree(const YAML::Node& root, const fs::path& file) {
  entries_.push_back({root, root.Mark(), file});
  if (root.IsMap()) {
    for (const auto& kv : root) {
      entries_.push_back({kv.first, kv.first.Mark(), file});
      addTree(kv.second, file);
    }
  } else if (root.IsSequence()) {
    for (const auto& item : root) addTree(item, file);
  }
}

void SourceMap::addAlias(const YAML::Node& merged, const YAML::Node& like, const fs::path& file) {
  const Entry* e = find(like);
  entries_.push_back({merged, e != nullptr ? e->mark : like.Mark(), file});
}

const SourceMap::Entry* SourceMap::find(const YAML::Node& node) const {
  if (!node.IsDefined()) return nullptr;
  // Latest first: an alias added for a merged map outranks the tree it was built from.
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    if (it->node.IsDefined() && it->node.is(node)) return &*it;
  return nullptr;
}

fs::path SourceMap::fileOf(const YAML::Node& node) const {
  const Entry* e = find(node);
  return e != nullptr ? e->file : scenario_file_;
}

std::string SourceMap::message(const LoadFailure& f) const {
  if (f.located) return f.what;
  if (!f.file.empty()) return locatedMessage(f.file, f.mark.line, f.mark.column, f.what);
  const Entry* e = find(f.node);
  if (e != nullptr) return locatedMessage(e->file.string(), e->mark.line, e->mark.column, f.what);
  return locatedMessage(scenario_file_.string(), f.mark.line, f.mark.column, f.what);
}

YAML::Node resolveIncludes(const YAML::Node& root, const fs::path& file, SourceMap& sources, const ValidateFile& validate) {
  std::vector<fs::path> chain{file};
  return resolve(root, file, sources, validate, chain);
}

}  // namespace dm::scenario
