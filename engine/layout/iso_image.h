// IsoImage: the ISO 9660 + Joliet image of a staged FileTree, laid out once and produced block by
// block on demand. Only metadata lives in memory (descriptors, path tables, directory records);
// file data is read from the source files when its blocks are asked for, so an image of any size
// can be burned or written without being built first.
//
// Image layout, in LBAs of 2048 bytes (ECMA-119 §6):
//   0–15   system area, zeros (§6.2.1)
//   16     Primary Volume Descriptor (§8.4)
//   (17)   El Torito Boot Record, when a boot image is given
//   17/18  Joliet Supplementary Volume Descriptor, escape "%/E" = UCS-2 level 3 (§8.5)
//   …      Volume Descriptor Set Terminator (§8.3)
//   …      path tables: ISO L, ISO M, Joliet L, Joliet M (§9.4), each on whole blocks
//   …      ISO 9660 directory extents in path table order, their Rock Ridge Continuation Areas,
//          then the Joliet directory extents
//   …      El Torito boot catalog and boot image, when given
//   …      file data, one extent per non-empty file in FileTree depth-first order, each starting
//          on a block boundary and zero-padded to it; both hierarchies point at the same extents;
//          then the extents of files an overwrite replaced (IMAPI still writes them, §1.4)
// No trailing padding: totalBlocks() is the PVD's volume space size and the size of writeTo's file.
//
// Zero-byte files have no extent. Their records carry data length 0 and, so that the location is
// still a block inside the volume, the first block of the file data area (the last block of the
// image if no file has data). genisoimage points them at the next free block, xorriso at a shared
// block; readers never read a zero-length extent.
//
// Dates: the volume creation/modification dates and the root directory's recording date are
// IsoOptions::creation_time; every other record has its node's mtime (UTC, GMT offset 0), and
// Rock Ridge TF entries carry the node's ctime, mtime and atime (the root's: creation_time). The
// layout never reads the wall clock: the same tree, sources and options give the same bytes.
//
// Rock Ridge (on by default) lives in the ISO 9660 hierarchy only; Joliet carries the names it
// can hold and unique stand-ins for the others (cut to 64 characters, '_' for what UCS-2 or
// Joliet refuses), and leaves symbolic links out.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"
#include "engine/layout/ecma119_fields.h"
#include "engine/layout/el_torito.h"
#include "engine/layout/hierarchy.h"
#include "engine/stage/file_tree.h"

namespace dm::layout {

struct IsoOptions {
  // The volume label (IMAPI's VolumeName, imapi.md §2.2), UTF-8. Joliet carries it as written
  // (≤ 16 UCS-2 characters, no control characters, BMP only); the PVD carries its d-character
  // mapping (iso_names.h rules, ≤ 32). Empty: IMAPI's default, the date — "YYYY_MM_DD" of
  // creation_time.
  std::string volume_name;
  // The volume's creation and modification date. Passed in, never read from the clock here.
  // REQUIRES a year in 1900…2155 (the range of a directory record date, §9.1.5).
  std::chrono::sys_seconds creation_time{};
  std::string publisher;                   // UTF-8, ≤ 64 characters; a-characters in the PVD
  std::string application = "DISCMASTER";  // UTF-8, ≤ 64 characters; a-characters in the PVD
  // Rock Ridge in the ISO 9660 hierarchy (rock_ridge.h): POSIX names, attributes, symlinks, deep
  // folders. Without it a tree with symlinks leaves them out; deeper than 8 levels is refused.
  bool rock_ridge = true;
  // ECMA-119 §10 interchange level: 1 (8.3 names), 2 (31-character names), 3 (as 2, and files
  // larger than 4 GiB − 2048 bytes as multi-extent records — readable on DVD/BD-sized media).
  int iso_level = 2;
  // El Torito: a bootable image when set.
  std::optional<BootOptions> boot;
  // Data written without a directory record: files an overwriting addData replaced (IMAPI keeps
  // their blocks on the disc, imapi.md §1.4). Only source and size are used.
  std::vector<FileExtent> unreachable_files;
  // Multisession: the disc block where this image will be written (the next writable address
  // after the earlier sessions). Every address in the image counts from the disc's first block,
  // and the volume space size includes the blocks before; files imported from the earlier
  // session (FileTree::Node::disc_lba) keep their extents and no data is written for them.
  uint32_t session_start = 0;
};

// IMAPI's default volume name, the date of `t` (UTC) as "YYYY_MM_DD".
std::string defaultVolumeName(std::chrono::sys_seconds t);

class IsoImage {
 public:
  static constexpr uint32_t kBlockSize = kBlockBytes;

  // Lays out `tree`. The image keeps copies of what it needs (source paths, sizes, names), not
  // a reference to the tree. Errors: E_INVALIDARG for an unusable option (named in the message)
  // or a tree beyond ISO 9660's limits (more than 65535 folders, more than 2^32 blocks, a file
  // over 4 GiB below level 3, deeper than 8 levels without Rock Ridge); IMAPI_E_BADJOLIETNAME for
  // a name only Rock Ridge can carry when it is off.
  static Result<IsoImage> build(const stage::FileTree& tree, const IsoOptions& options);

  uint32_t blockSize() const { return kBlockSize; }
  // The exact number of 2048-byte blocks of the image (the PVD's volume space size, less
  // sessionStart()). readBlocks counts from the image's first block.
  uint32_t totalBlocks() const { return total_blocks_; }
  uint32_t sessionStart() const { return session_start_; }

  // Fills `out` with blocks [lba, lba + count). File data is read from the source files now.
  // Errors: E_INVALIDARG if the range is outside the image or `out` is smaller than
  // count × 2048 bytes; IMAPI_E_FILEACCESS, naming the file, if a source file cannot be read,
  // has disappeared, or no longer has the size it had when staged.
  // Thread-safe: const and without shared mutable state.
  Status readBlocks(uint32_t lba, uint32_t count, std::span<uint8_t> out) const;

  // Streams the whole image to `iso` (created or truncated). On error the partial file is
  // removed. Errors: those of readBlocks; IMAPI_E_FILEACCESS if `iso` cannot be written.
  Status writeTo(const std::filesystem::path& iso) const;

  size_t fileCount() const { return file_count_; }
  size_t directoryCount() const { return directory_count_; }  // not counting the root
  uint64_t fileBytes() const { return file_bytes_; }          // sum of file sizes
  // The volume name used: IsoOptions::volume_name or the default (UTF-8, as in the Joliet SVD).
  const std::string& volumeName() const { return volume_name_; }
  // The PVD's volume identifier (d-characters).
  const std::string& isoVolumeId() const { return iso_volume_id_; }
  // El Torito: where the boot catalog and the boot image are (0 without a boot image).
  uint32_t bootCatalogLba() const { return boot_catalog_lba_; }
  uint32_t bootImageLba() const { return boot_image_lba_; }

 private:
  enum class RegionKind : uint8_t {
    kZeros, kMetadata, kIsoDirectory, kIsoContinuation, kJolietDirectory, kBootCatalog, kBootImage, kFile
  };
  // A run of blocks produced by one source; regions_ tile [0, total_blocks_) in LBA order.
  struct Region {
    uint32_t first_lba = 0;
    uint32_t blocks = 0;
    RegionKind kind = RegionKind::kZeros;
    uint32_t index = 0;  // kIsoDirectory/kJolietDirectory: directory; kFile: file table
  };

  IsoImage() = default;
  Status assignLocations();
  void renderMetadata(const IsoOptions& options);
  Status renderRegion(const Region& region, uint32_t lba, uint32_t count, uint8_t* out) const;
  Status readFileBlocks(const FileExtent& file, uint32_t first_block, uint32_t count,
                        uint8_t* out) const;
  // IMAPI_E_FILEACCESS unless `fd` is still the regular file of the size that was staged.
  Status checkStaged(const FileExtent& file, int fd) const;
  // Appends the file's blocks to `out` by copy_file_range (regular image) or sendfile; false when
  // the kernel cannot copy between these files or the source is sparse (nothing written then).
  Result<bool> copyFileInKernel(const FileExtent& file, int out, bool out_regular,
                                const std::filesystem::path& iso) const;

  Hierarchy iso_;
  Hierarchy joliet_;
  std::vector<FileExtent> files_;
  // Volume descriptors and the four path tables, contiguous from LBA 16 (all metadata that is
  // not a directory extent), rendered once at build time.
  std::vector<uint8_t> metadata_;
  std::vector<Region> regions_;
  std::array<uint32_t, 4> path_table_lbas_{};  // ISO L, ISO M, Joliet L, Joliet M
  std::optional<BootOptions> boot_;
  std::vector<uint8_t> boot_catalog_;
  uint32_t boot_catalog_lba_ = 0;
  uint32_t boot_image_lba_ = 0;
  uint32_t total_blocks_ = 0;
  uint32_t session_start_ = 0;
  size_t file_count_ = 0;
  size_t directory_count_ = 0;
  uint64_t file_bytes_ = 0;
  std::string volume_name_;
  std::string iso_volume_id_;
  std::string joliet_volume_id_;  // UCS-2 BE
};

}  // namespace dm::layout
