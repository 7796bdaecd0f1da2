// FileTree: lookup, counters and the validate-then-apply merge (see file_tree.h). Scanning a
// folder lives in file_tree_scan.cc.
#include "engine/stage/file_tree.h"

#include <fmt/format.h>

#include <algorithm>

namespace dm::stage {
namespace {

using Node = FileTree::Node;

bool nameLess(const Node& node, std::string_view name) { return node.name < name; }

std::vector<Node>::iterator findChild(std::vector<Node>& children, std::string_view name) {
  auto it = std::lower_bound(children.begin(), children.end(), name, nameLess);
  return (it != children.end() && it->name == name) ? it : children.end();
}

std::string joinTreePath(const std::string& parent, const std::string& name) {
  return parent + "/" + name;
}

Status clash(const std::string& tree_path, std::string_view what) {
  Status status(ResultCode::kFileExists, fmt::format("'{}' is already staged{}", tree_path, what));
  status.context().file = tree_path;
  return status;
}

// Pass 1 of merge: finds the first clash that would make the merge fail, touching nothing.
Status checkMerge(const Node& into, const Node& from, bool overwrite, const std::string& at) {
  for (const Node& incoming : from.children) {
    const Node* existing = into.child(incoming.name);
    if (existing == nullptr) continue;
    const std::string path = joinTreePath(at, incoming.name);
    if (existing->isDirectory() && incoming.isDirectory()) {
      DM_TRY(checkMerge(*existing, incoming, overwrite, path));
    } else if (existing->isDirectory() != incoming.isDirectory()) {
      return clash(path, existing->isDirectory() ? " as a folder; a file cannot replace it"
                                                 : " as a file; a folder cannot replace it");
    } else if (!overwrite) {
      return clash(path, "; pass overwrite to replace it");
    }
  }
  return Status::Ok();
}

// Pass 2 of merge: applies `from`, which checkMerge has accepted.
void applyMerge(Node& into, const Node& from, std::vector<Node>* replaced) {
  for (const Node& incoming : from.children) {
    auto it = findChild(into.children, incoming.name);
    if (it == into.children.end()) {
      auto pos =
          std::lower_bound(into.children.begin(), into.children.end(), incoming.name, nameLess);
      into.children.insert(pos, incoming);
    } else if (it->isDirectory()) {
      applyMerge(*it, incoming, replaced);
    } else {
      if (replaced != nullptr) replaced->push_back(std::move(*it));
      *it = incoming;  // file over file with overwrite: the newest add wins (imapi.md §1.4)
    }
  }
}

void countNodes(const Node& dir, size_t& files, size_t& links, size_t& dirs, uint64_t& bytes) {
  for (const Node& c : dir.children) {
    if (c.isDirectory()) {
      ++dirs;
      countNodes(c, files, links, dirs, bytes);
    } else if (c.isSymlink()) {
      ++links;
    } else {
      ++files;
      bytes += c.size_bytes;
    }
  }
}

Status visitFileNodes(Node& dir, const std::function<Status(Node&)>& visit) {
  for (Node& child : dir.children) {
    if (child.isSymlink()) continue;
    DM_TRY(child.isDirectory() ? visitFileNodes(child, visit) : visit(child));
  }
  return Status::Ok();
}

}  // namespace

Status FileTree::visitFiles(const std::function<Status(Node&)>& visit) {
  Status s = visitFileNodes(root_, visit);
  recount();
  return s;
}

const FileTree::Node* FileTree::Node::child(std::string_view child_name) const {
  auto it = std::lower_bound(children.begin(), children.end(), child_name, nameLess);
  return (it != children.end() && it->name == child_name) ? &*it : nullptr;
}

FileTree::FileTree() {
  root_.kind = Kind::kDirectory;
  root_.mode = kDefaultDirectoryMode;
}

FileTree FileTree::fromRoot(Node root) {
  FileTree tree;
  tree.root_ = std::move(root);
  tree.root_.name.clear();
  tree.root_.kind = Kind::kDirectory;
  tree.recount();
  return tree;
}

const FileTree::Node* FileTree::find(std::string_view tree_path) const {
  const Node* node = &root_;
  while (!tree_path.empty() && node != nullptr) {
    const size_t slash = tree_path.find('/');
    const std::string_view part = tree_path.substr(0, slash);
    tree_path = slash == std::string_view::npos ? std::string_view() : tree_path.substr(slash + 1);
    if (part.empty()) continue;  // tolerate "/a" and "a//b"
    node = node->isDirectory() ? node->child(part) : nullptr;
  }
  return node;
}

Status FileTree::merge(const FileTree& other, bool overwrite, std::vector<Node>* replaced) {
  if (&other == this) {
    const FileTree copy = other;  // merging a tree into itself: read from a stable copy
    return merge(copy, overwrite, replaced);
  }
  DM_TRY(checkMerge(root_, other.root_, overwrite, ""));
  applyMerge(root_, other.root_, replaced);
  recount();
  return Status::Ok();
}

void FileTree::recount() {
  file_count_ = 0;
  symlink_count_ = 0;
  directory_count_ = 0;
  total_bytes_ = 0;
  countNodes(root_, file_count_, symlink_count_, directory_count_, total_bytes_);
}

}  // namespace dm::stage
