// IsoImage::build: options, the shared file table, both hierarchies, block locations and the
// metadata blocks (see iso_image.h). Producing blocks is in iso_image_io.cc.
#include "engine/layout/iso_image.h"

#include <fmt/format.h>

#include "engine/layout/volume_descriptors.h"
#include "engine/stage/joliet_name.h"

namespace dm::layout {
namespace {

using Node = stage::FileTree::Node;

constexpr uint32_t kFirstDescriptorLba = 16;   // §6.2.1: after the 16-block system area
constexpr size_t kIsoVolumeIdChars = 32;       // §8.4.6
constexpr size_t kIdentifierFieldChars = 128;  // §8.4.20, §8.4.22 (a-characters)
constexpr size_t kJolietIdentifierUnits = 64;  // the same 128-byte fields in UCS-2
constexpr std::string_view kSystemId = "LINUX";

Status invalidOption(std::string message) {
  return Status(ResultCode::kInvalidArgument, std::move(message));
}

// Text for a descriptor field: valid UTF-8 in the BMP, no control characters, at most
// `max_units` UCS-2 units. Returns the UCS-2 units.
Result<std::u16string> checkFieldText(std::string_view what, std::string_view utf8,
                                      size_t max_units) {
  Result<std::u16string> units = stage::utf8ToUcs2(utf8);
  if (!units.ok())
    return invalidOption(fmt::format("{} '{}': {}", what, utf8, units.error().message()));
  if (units->size() > max_units)
    return invalidOption(fmt::format("{} '{}' has {} characters; at most {} fit", what, utf8,
                                     units->size(), max_units));
  for (char16_t c : *units)
    if (c < 0x20) return invalidOption(fmt::format("{} contains a control character", what));
  return units;
}

// §8.4.20/§8.4.22: an identifier field starting with (5F) '_' names a file in the root instead of
// holding text, so leading underscores are dropped from free text.
std::string_view withoutLeadingUnderscores(std::string_view s) {
  while (!s.empty() && s.front() == '_') s.remove_prefix(1);
  return s;
}

// The file table in depth-first FileTree order: the order file data is laid out in.
void collectFiles(const Node& dir, std::vector<FileExtent>& files, FileIndex& index) {
  for (const Node& child : dir.children) {
    if (child.isDirectory()) {
      collectFiles(child, files, index);
    } else if (child.isFile()) {
      index.emplace(&child, static_cast<uint32_t>(files.size()));
      files.push_back(FileExtent{child.source, child.size_bytes, child.disc_lba.value_or(0), child.disc_lba.has_value()});
    }
  }
}

}  // namespace

std::string defaultVolumeName(std::chrono::sys_seconds t) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
  return fmt::format("{:04}_{:02}_{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}


Result<IsoImage> IsoImage::build(const stage::FileTree& tree, const IsoOptions& options) {
  if (!fitsRecordDate(options.creation_time))
    return invalidOption(
        "creation_time is outside 1900-01-01 … 2155-12-31, the range of an "
        "ISO 9660 directory record date (ECMA-119 §9.1.5)");
  IsoImage image;
  image.volume_name_ =
      options.volume_name.empty() ? defaultVolumeName(options.creation_time) : options.volume_name;
  DM_ASSIGN_OR_RETURN(std::u16string volume_units, checkFieldText("volume name", image.volume_name_,
                                                                  stage::kJolietMaxVolumeUnits));
  image.joliet_volume_id_ = stage::ucs2BigEndian(volume_units);
  image.iso_volume_id_ = toDCharacters(image.volume_name_, kIsoVolumeIdChars);
  DM_TRY(checkFieldText("publisher", options.publisher, kJolietIdentifierUnits).status());
  DM_TRY(checkFieldText("application", options.application, kJolietIdentifierUnits).status());
  if (options.iso_level < 1 || options.iso_level > 3)
    return invalidOption(fmt::format("ISO 9660 interchange level {}: use 1, 2 or 3", options.iso_level));
  image.session_start_ = options.session_start;
  if (options.boot) {
    DM_TRY(checkBootOptions(*options.boot));
    image.boot_ = options.boot;
  }

  FileIndex file_index;
  collectFiles(tree.root(), image.files_, file_index);
  for (const FileExtent& hidden : options.unreachable_files) image.files_.push_back({hidden.source, hidden.size_bytes, 0, false});
  HierarchyOptions hierarchy;
  hierarchy.root_date = options.creation_time;
  hierarchy.rock_ridge = options.rock_ridge;
  hierarchy.iso_level = options.iso_level;
  DM_ASSIGN_OR_RETURN(image.iso_, buildHierarchy(tree, Flavor::kIso9660, file_index, hierarchy));
  DM_ASSIGN_OR_RETURN(image.joliet_, buildHierarchy(tree, Flavor::kJoliet, file_index, hierarchy));
  DM_TRY(image.assignLocations());
  resolveAddresses(image.iso_);
  image.renderMetadata(options);
  image.file_count_ = tree.fileCount();
  image.directory_count_ = image.iso_.directories.size() - 1;
  image.file_bytes_ = tree.totalBytes();
  return image;
}

Status IsoImage::assignLocations() {
  regions_.clear();
  regions_.push_back(Region{0, kFirstDescriptorLba, RegionKind::kZeros, 0});
  const uint32_t descriptor_blocks = boot_ ? 4 : 3;  // PVD, (boot record), Joliet SVD, terminator
  uint64_t lba = kFirstDescriptorLba + descriptor_blocks;
  const uint32_t iso_table = iso_.pathTableBlocks();
  const uint32_t joliet_table = joliet_.pathTableBlocks();
  // Regions count from the image's first block; every address written into the image counts
  // from the disc's first block, session_start_ before it (ECMA-119 §6.2: one volume space).
  const uint32_t base = session_start_;
  path_table_lbas_ = {static_cast<uint32_t>(lba), static_cast<uint32_t>(lba + iso_table),
                      static_cast<uint32_t>(lba + 2 * iso_table),
                      static_cast<uint32_t>(lba + 2 * iso_table + joliet_table)};
  lba += 2 * uint64_t{iso_table} + 2 * uint64_t{joliet_table};
  regions_.push_back(Region{kFirstDescriptorLba, static_cast<uint32_t>(lba - kFirstDescriptorLba),
                            RegionKind::kMetadata, 0});

  auto place = [&](uint32_t blocks, RegionKind kind, uint32_t index) {
    const auto first = static_cast<uint32_t>(lba);  // checked against overflow below
    regions_.push_back(Region{first, blocks, kind, index});
    lba += blocks;
    return first + base;
  };
  for (uint32_t i = 0; i < iso_.directories.size(); ++i)
    iso_.directories[i].lba = place(iso_.directories[i].blocks(), RegionKind::kIsoDirectory, i);
  if (iso_.continuationBlocks() > 0)
    iso_.continuation_lba = place(iso_.continuationBlocks(), RegionKind::kIsoContinuation, 0);
  for (uint32_t i = 0; i < joliet_.directories.size(); ++i)
    joliet_.directories[i].lba =
        place(joliet_.directories[i].blocks(), RegionKind::kJolietDirectory, i);
  if (boot_) {
    boot_catalog_lba_ = place(1, RegionKind::kBootCatalog, 0);
    const auto image_blocks = static_cast<uint32_t>((boot_->image->size() + kBlockBytes - 1) / kBlockBytes);
    boot_image_lba_ = place(image_blocks, RegionKind::kBootImage, 0);
  }
  const uint64_t file_area = lba;
  for (uint32_t i = 0; i < files_.size(); ++i)
    if (files_[i].size_bytes > 0 && !files_[i].on_disc) files_[i].lba = place(files_[i].blocks(), RegionKind::kFile, i);

  // §8.4.8: the volume space size and every location are 32-bit block numbers.
  if (lba + base > 0xFFFFFFFFull)
    return invalidOption(
        fmt::format("the image would need {} blocks; ISO 9660 addresses at most "
                    "{}",
                    lba, 0xFFFFFFFFull));
  total_blocks_ = static_cast<uint32_t>(lba);
  const auto empty_lba = static_cast<uint32_t>((file_area < lba ? file_area : lba - 1) + base);
  for (FileExtent& f : files_)
    if (f.size_bytes == 0) f.lba = empty_lba;
  iso_.empty_lba = empty_lba;
  joliet_.empty_lba = empty_lba;
  return Status::Ok();
}

void IsoImage::renderMetadata(const IsoOptions& options) {
  // From the PVD to the end of the last (Joliet M) path table.
  const uint32_t blocks = path_table_lbas_[3] + joliet_.pathTableBlocks() - kFirstDescriptorLba;
  // The metadata blocks are placed relative to the image; the path tables' addresses are
  // absolute once rendered.
  const uint32_t base = session_start_;
  metadata_.assign(size_t{blocks} * kBlockBytes, 0);
  auto blockAt = [&](uint32_t lba, size_t count) {
    return std::span<uint8_t>(metadata_.data() + size_t{lba - kFirstDescriptorLba} * kBlockBytes,
                              count * kBlockBytes);
  };

  // §8.4.8: the volume space of a later session spans the sessions before it too.
  const VolumeFacts facts{base + total_blocks_, options.creation_time};
  const std::string_view publisher = withoutLeadingUnderscores(options.publisher);
  const std::string_view application = withoutLeadingUnderscores(options.application);

  DescriptorFields primary;
  primary.system_id = std::string(kSystemId);
  primary.volume_id = iso_volume_id_;
  primary.publisher_id = toACharacters(publisher, kIdentifierFieldChars);
  primary.application_id = toACharacters(application, kIdentifierFieldChars);
  primary.path_table_bytes = iso_.path_table_bytes;
  primary.l_path_table_lba = base + path_table_lbas_[0];
  primary.m_path_table_lba = base + path_table_lbas_[1];
  primary.root_record = rootDirectoryRecord(iso_);
  writePrimaryVolumeDescriptor(facts, primary, blockAt(kFirstDescriptorLba, 1));
  uint32_t next_descriptor = kFirstDescriptorLba + 1;
  if (boot_) {
    writeBootRecord(boot_catalog_lba_, blockAt(next_descriptor++, 1));
    boot_catalog_.assign(kBlockBytes, 0);
    writeBootCatalog(*boot_, boot_image_lba_, boot_catalog_);
  }

  auto ucs2 = [](std::string_view utf8) {
    Result<std::u16string> units = stage::utf8ToUcs2(utf8);  // checked in build()
    return units.ok() ? stage::ucs2BigEndian(*units) : std::string();
  };
  DescriptorFields joliet;
  joliet.system_id = ucs2(kSystemId);
  joliet.volume_id = joliet_volume_id_;
  joliet.publisher_id = ucs2(publisher);
  joliet.application_id = ucs2(application);
  joliet.path_table_bytes = joliet_.path_table_bytes;
  joliet.l_path_table_lba = base + path_table_lbas_[2];
  joliet.m_path_table_lba = base + path_table_lbas_[3];
  joliet.root_record = rootDirectoryRecord(joliet_);
  writeJolietVolumeDescriptor(facts, joliet, blockAt(next_descriptor, 1));
  writeVolumeDescriptorSetTerminator(blockAt(next_descriptor + 1, 1));

  const Hierarchy* owners[4] = {&iso_, &iso_, &joliet_, &joliet_};
  for (size_t k = 0; k < 4; ++k) {
    const std::vector<uint8_t> table = renderPathTable(*owners[k], /*big_endian=*/k % 2 == 1);
    std::copy(table.begin(), table.end(),
              blockAt(path_table_lbas_[k], owners[k]->pathTableBlocks()).begin());
  }
}

}  // namespace dm::layout
