// Building one directory hierarchy from a FileTree (see hierarchy.h): the directory list in path
// table order, names, record order, multi-extent records, and — for ISO 9660 with Rock Ridge —
// the System Use entries, the relocation of deep directories and the Continuation Areas.
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engine/layout/hierarchy.h"
#include "engine/layout/iso_names.h"
#include "engine/layout/rock_ridge.h"
#include "engine/layout/susp_packing.h"
#include "engine/stage/joliet_name.h"

namespace dm::layout {
namespace {

using Node = stage::FileTree::Node;

// §9.4.4: the parent directory number is a 16-bit field, so at most 65535 directories.
constexpr size_t kMaxDirectories = 0xFFFF;
constexpr std::string_view kRelocationName = "rr_moved";

// A child as one hierarchy shows it.
struct Child {
  enum class Role : uint8_t { kPlain, kPlaceholder, kMoved, kRelocationDir };
  const Node* node = nullptr;  // nullptr for the relocation directory
  Role role = Role::kPlain;
  bool isDirectory() const {
    return role == Role::kRelocationDir || (role != Role::kPlaceholder && node->isDirectory());
  }
};

// A directory to lay out, in path table order.
struct Pending {
  const Node* node = nullptr;  // nullptr: the relocation directory
  const Node* rr_parent = nullptr;  // the parent in the Rock Ridge view (relocated: the original)
  std::string path;
};

class Builder {
 public:
  Builder(const stage::FileTree& tree, Flavor flavor, const FileIndex& files, const HierarchyOptions& o)
      : tree_(tree), files_(files), options_(o) {
    h_.flavor = flavor;
    rock_ridge_ = o.rock_ridge && flavor == Flavor::kIso9660;
  }

  Result<Hierarchy> build();

 private:
  Status planRelocations(const Node& dir, int level);
  std::vector<Child> childrenOf(const Pending& p) const;
  Result<std::vector<std::string>> identifiers(const std::vector<Child>& children, const std::string& path) const;
  rr::Attributes attributes(const Node* node) const;
  std::string rrName(const Child& c) const { return c.node ? c.node->name : relocation_name_; }
  Status addChildRecords(uint32_t dir, const Child& c, std::string id, std::vector<DirectoryRecord>& out);
  void finishSystemUse(uint32_t dir, uint32_t record, std::vector<rr::Entry> entries) {
    packSystemUse(h_, dir, record, std::move(entries), continuation_used_);
  }
  uint32_t directoryOf(const Node* node) const { return node ? dir_index_.at(node) : relocation_dir_; }

  const stage::FileTree& tree_;
  const FileIndex& files_;
  HierarchyOptions options_;
  Hierarchy h_;
  bool rock_ridge_ = false;
  std::unordered_set<const Node*> relocated_;
  std::vector<const Node*> moved_;  // relocated directories, in tree order
  std::string relocation_name_;
  uint32_t relocation_dir_ = 0;
  std::unordered_map<const Node*, uint32_t> dir_index_;
  std::unordered_map<const Node*, uint32_t> ino_;
  uint32_t relocation_ino_ = 0;
  size_t continuation_used_ = 0;  // bytes used in the last continuation block
  // CL/PL targets, by node: resolved to directory indices once every directory has one.
  std::vector<const Node*> fixup_nodes_;
  std::unordered_map<const Node*, const Node*> original_parent_;  // of relocated directories
  uint32_t fixupNode(const Node* node) {
    fixup_nodes_.push_back(node);
    return static_cast<uint32_t>(fixup_nodes_.size() - 1);
  }
};

Status Builder::planRelocations(const Node& dir, int level) {
  for (const Node& c : dir.children) {
    if (!c.isDirectory()) continue;
    int child_level = level + 1;
    if (child_level > stage::kMaxDirectoryLevels && h_.flavor == Flavor::kIso9660) {
      if (!rock_ridge_)
        return Status(ResultCode::kInvalidArgument,
                      fmt::format("'{}' is nested {} levels deep; ISO 9660 allows 8 (ECMA-119 §6.8.2.1) "
                                  "and only Rock Ridge can relocate deeper folders",
                                  c.name, child_level));
      relocated_.insert(&c);
      moved_.push_back(&c);
      original_parent_[&c] = &dir;
      child_level = 3;  // under the relocation directory, itself at level 2
    }
    DM_TRY(planRelocations(c, child_level));
  }
  return Status::Ok();
}

std::vector<Child> Builder::childrenOf(const Pending& p) const {
  std::vector<Child> out;
  if (p.node == nullptr) {
    for (const Node* m : moved_) out.push_back({m, Child::Role::kMoved});
    return out;
  }
  for (const Node& c : p.node->children) {
    if (c.isSymlink() && !rock_ridge_) continue;  // only Rock Ridge can show a link
    out.push_back({&c, relocated_.contains(&c) ? Child::Role::kPlaceholder : Child::Role::kPlain});
  }
  if (p.node == &tree_.root() && !moved_.empty()) out.push_back({nullptr, Child::Role::kRelocationDir});
  return out;
}

Result<std::vector<std::string>> Builder::identifiers(const std::vector<Child>& children,
                                                      const std::string& path) const {
  if (h_.flavor == Flavor::kIso9660) {
    std::vector<IsoNameRequest> requests;
    std::vector<std::string> names;
    names.reserve(children.size());
    for (const Child& c : children) names.push_back(rrName(c));
    for (size_t i = 0; i < children.size(); ++i)
      requests.push_back({names[i], children[i].isDirectory() || children[i].role == Child::Role::kPlaceholder});
    return isoIdentifiers(requests, options_.iso_level);
  }
  // Joliet: the staged name where Joliet holds it, else a stand-in made unique in the directory.
  std::vector<std::string> ids;
  std::set<std::u16string> taken;
  std::vector<size_t> stand_ins;
  std::vector<std::u16string> units(children.size());
  for (size_t i = 0; i < children.size(); ++i) {
    Result<std::u16string> exact = stage::jolietName(children[i].node->name);
    if (!exact.ok() && !options_.rock_ridge)
      return exact.error().withPrefix(fmt::format("'{}/{}'", path, children[i].node->name));
    if (exact.ok() && taken.insert(*exact).second) {
      units[i] = *exact;
    } else {
      stand_ins.push_back(i);
    }
  }
  for (size_t i : stand_ins) {
    const std::u16string base = stage::jolietStandIn(children[i].node->name);
    std::u16string candidate = base;
    for (unsigned n = 1; !taken.insert(candidate).second; ++n) {
      const std::string suffix = fmt::format("_{}", n);
      candidate = base.substr(0, stage::kJolietMaxNameUnits - suffix.size()) +
                  std::u16string(suffix.begin(), suffix.end());
    }
    units[i] = candidate;
  }
  for (const std::u16string& u : units) ids.push_back(stage::ucs2BigEndian(u));
  return ids;
}

rr::Attributes Builder::attributes(const Node* node) const {
  rr::Attributes a;
  if (node == nullptr) {  // the relocation directory: the root's owner and times
    node = &tree_.root();
    a.mode = S_IFDIR | stage::FileTree::kDefaultDirectoryMode;
    a.links = 2 + static_cast<uint32_t>(moved_.size());
    a.ino = relocation_ino_;
  } else {
    const uint32_t type = node->isDirectory() ? S_IFDIR : node->isSymlink() ? S_IFLNK : S_IFREG;
    a.mode = type | (node->mode & 07777);
    a.links = 1;
    if (node->isDirectory()) {
      a.links = 2;
      for (const Node& c : node->children) a.links += c.isDirectory() ? 1 : 0;
      if (node == &tree_.root() && !moved_.empty()) ++a.links;
    }
    a.ino = ino_.at(node);
  }
  a.uid = node->uid;
  a.gid = node->gid;
  a.ctime = node->ctime;
  a.mtime = node->mtime;
  a.atime = node->atime;
  if (node == &tree_.root()) a.ctime = a.mtime = a.atime = options_.root_date;  // as its record date
  return a;
}

Status Builder::addChildRecords(uint32_t dir, const Child& c, std::string id, std::vector<DirectoryRecord>& out) {
  const Node* node = c.node;
  const RecordDate date = recordDate(node ? node->mtime : options_.root_date);
  std::vector<rr::Entry> su;
  if (rock_ridge_) {
    // PX and TF first: fixed sizes that always fit the record, so readers that do not follow
    // Continuation Areas still get the attributes; long names and links may continue in a CE.
    su.push_back(rr::px(attributes(node)));
    su.push_back(rr::tf(attributes(node)));
    for (rr::Entry& e : rr::nm(rrName(c))) su.push_back(std::move(e));
    if (c.role == Child::Role::kMoved) su.push_back(rr::re());
    if (c.role == Child::Role::kPlaceholder) su.push_back(rr::cl(fixupNode(node)));
    if (node && node->isSymlink())
      for (rr::Entry& e : rr::sl(node->link_target)) su.push_back(std::move(e));
  }
  auto add = [&](DirectoryRecord r) {
    out.push_back(std::move(r));
    if (rock_ridge_) {
      finishSystemUse(dir, static_cast<uint32_t>(out.size() - 1), su);
    }
  };
  DirectoryRecord r;
  r.identifier = std::move(id);
  r.date = date;
  if (c.isDirectory()) {
    r.kind = DirectoryRecord::Kind::kDirectory;  // target set once the directory has its index
    add(std::move(r));
    return Status::Ok();
  }
  if (c.role == Child::Role::kPlaceholder || node->isSymlink()) {
    r.kind = DirectoryRecord::Kind::kEmpty;
    add(std::move(r));
    return Status::Ok();
  }
  r.kind = DirectoryRecord::Kind::kFile;
  r.target = files_.at(node);
  const uint64_t size = node->size_bytes;
  if (size > 0xFFFFFFFFull && options_.iso_level < 3)
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("'{}' is {} bytes; files over 4 GiB need interchange level 3 (multi-extent "
                              "records, ECMA-119 §10.3)",
                              node->name, size));
  const uint64_t parts = options_.iso_level >= 3 && size > kMaxExtentBytes ? (size + kMaxExtentBytes - 1) / kMaxExtentBytes : 1;
  for (uint64_t k = 0; k < parts; ++k) {
    DirectoryRecord part = r;
    part.part = static_cast<uint32_t>(k);
    part.last_part = k + 1 == parts;
    add(std::move(part));
  }
  return Status::Ok();
}

Result<Hierarchy> Builder::build() {
  if (h_.flavor == Flavor::kIso9660) DM_TRY(planRelocations(tree_.root(), 1));
  if (rock_ridge_) {
    uint32_t next_ino = 1;
    std::function<void(const Node&)> number = [&](const Node& n) {
      ino_[&n] = next_ino++;
      for (const Node& c : n.children) number(c);
    };
    number(tree_.root());
    relocation_ino_ = next_ino;
    relocation_name_ = std::string(kRelocationName);
    for (unsigned k = 1; tree_.root().child(relocation_name_) != nullptr; ++k)
      relocation_name_ = fmt::format("{}_{}", kRelocationName, k);
  }
  std::vector<Pending> pending{{&tree_.root(), &tree_.root(), ""}};
  h_.directories.push_back(Directory{std::string(1, '\0'), 0, recordDate(options_.root_date), {}, {}, 0});
  dir_index_[&tree_.root()] = 0;

  // Breadth first, each directory's subdirectories appended in identifier order: that is the
  // §6.9.1 path table order (by level, then parent number, then identifier).
  for (uint32_t i = 0; i < pending.size(); ++i) {
    const Pending p = pending[i];
    const std::vector<Child> children = childrenOf(p);
    DM_ASSIGN_OR_RETURN(std::vector<std::string> ids, identifiers(children, p.path));
    std::vector<size_t> order(ids.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return compareIdentifiers(ids[a], children[a].isDirectory(), ids[b], children[b].isDirectory(),
                                h_.unitBytes()) < 0;
    });

    const uint32_t parent = h_.directories[i].parent;
    std::vector<DirectoryRecord>& records = h_.directories[i].records;  // until directories grow
    records.push_back({std::string(1, '\0'), DirectoryRecord::Kind::kDirectory, i, 0, true, h_.directories[i].date, {}});
    records.push_back({std::string(1, '\1'), DirectoryRecord::Kind::kDirectory, parent, 0, true,
                       h_.directories[parent].date, {}});
    if (rock_ridge_) {
      std::vector<rr::Entry> dot;
      if (i == 0) dot.push_back(rr::sp());
      dot.push_back(rr::px(attributes(p.node)));
      dot.push_back(rr::tf(attributes(p.node)));
      if (i == 0) dot.push_back(rr::er());
      finishSystemUse(i, 0, std::move(dot));
      std::vector<rr::Entry> dotdot;
      const bool moved = p.node != nullptr && relocated_.contains(p.node);
      if (moved) dotdot.push_back(rr::pl(fixupNode(p.rr_parent)));
      dotdot.push_back(rr::px(attributes(i == 0 ? p.node : p.rr_parent)));
      dotdot.push_back(rr::tf(attributes(i == 0 ? p.node : p.rr_parent)));
      finishSystemUse(i, 1, std::move(dotdot));
    }
    for (size_t k : order) {
      const Child& c = children[k];
      const std::string id = ids[k];
      const size_t first = h_.directories[i].records.size();
      DM_TRY(addChildRecords(i, c, ids[k], h_.directories[i].records));
      if (!c.isDirectory()) continue;
      if (h_.directories.size() >= kMaxDirectories)
        return Status(ResultCode::kInvalidArgument,
                      fmt::format("more than {} folders: the path table's parent numbers are 16-bit (ECMA-119 §9.4.4)",
                                  kMaxDirectories));
      const auto index = static_cast<uint32_t>(h_.directories.size());
      h_.directories[i].records[first].target = index;
      const RecordDate date = h_.directories[i].records[first].date;
      h_.directories.push_back(Directory{id, i, date, {}, {}, 0});
      if (c.node == nullptr) {
        relocation_dir_ = index;
        pending.push_back({nullptr, &tree_.root(), "/" + relocation_name_});
      } else {
        dir_index_[c.node] = index;
        const Node* rr_parent = c.role == Child::Role::kMoved ? original_parent_.at(c.node) : p.node;
        pending.push_back({c.node, rr_parent, p.path + "/" + c.node->name});
      }
    }
    packBlocks(h_.directories[i]);
  }
  for (AddressFixup& f : h_.fixups)
    if (f.target == AddressFixup::Target::kDirectory) f.value = directoryOf(fixup_nodes_[f.value]);
  uint64_t table_bytes = 0;
  for (const Directory& d : h_.directories) table_bytes += 8 + d.identifier.size() + (d.identifier.size() % 2);
  h_.path_table_bytes = static_cast<uint32_t>(table_bytes);  // ≤ 65535 × 138 bytes: fits
  return std::move(h_);
}

}  // namespace

Result<Hierarchy> buildHierarchy(const stage::FileTree& tree, Flavor flavor, const FileIndex& file_index,
                                 const HierarchyOptions& options) {
  Builder builder(tree, flavor, file_index, options);
  return builder.build();
}

}  // namespace dm::layout
