// JolietFormat: IMAPI's IJolietDiscMaster (imapi.md §1.4, §2.2) — a data disc staged folder by
// folder into the stash and written as ISO 9660 + Joliet. Obtained from
// DiscMaster::joliet() once setActiveFormat(Format::kJoliet) chose it; every call while Red Book is
// active is IMAPI_E_WRONGFORMAT.
//
// addData semantics: the folder's contents go to the root; overlapping adds merge; a file name
// already staged is IMAPI_E_FILEEXISTS unless overwrite is set; content that would not fit the
// medium is IMAPI_E_DISCFULL; in every failure — a clash, no room, a bad name, an unreadable
// file, a cancel — nothing of that call is added. Staged files are frozen in the stash at the
// moment they are added.
//
// Multi-session mode (imapi.md §5.3): on an appendable disc holding an ISO 9660 session, the
// staged tree starts as that session's tree; added files merge over it, and the new session's
// directories point at the old files' extents. usedDataBlocks is then the new session's size.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "engine/base/result.h"
#include "engine/layout/iso_image.h"
#include "engine/stage/file_tree.h"

namespace dm::api {

class DiscMaster;

using JolietPropertyValue = std::variant<std::string, bool, int32_t>;
using JolietPropertySet = std::map<std::string, JolietPropertyValue>;

class JolietFormat {
 public:
  static constexpr uint32_t kDataBlockSize = 2048;

  // Blocks the medium in the active recorder can take for this image, and blocks the staged
  // image uses (exactly the image's size). IMAPI_E_NOACTIVERECORDER before a recorder is chosen.
  Result<uint32_t> totalDataBlocks() const;
  Result<uint32_t> usedDataBlocks() const;
  uint32_t dataBlockSize() const { return kDataBlockSize; }

  Status addData(const std::filesystem::path& folder, bool overwrite);

  // VolumeName (default: the date, as IMAPI does); the El Torito set of imapi.md §2.2 —
  // PlaceBootImageOnDisc (bool), BootImageManufacturerIDString (≤ 24 bytes), BootImagePlatform
  // (0 x86, 1 PowerPC, 2 Mac, 0xEF EFI), BootImageEmulationType (0–4), BootImage (the image
  // file's path; its bytes are read, frozen, when set); and RockRidge (bool, default true: POSIX
  // names, modes, symlinks and deep folders beside Joliet). Unknown properties are ignored with
  // IMAPI_S_PROPERTIESIGNORED; a bad value is E_INVALIDARG and changes nothing. A boot image on a
  // disc that is not blank is IMAPI_E_BOOTIMAGE_AND_NONBLANK_DISC (here, at addData and at
  // recordDisc). Turning RockRidge off while a staged name (or one on the disc being continued)
  // only Rock Ridge can hold is IMAPI_E_BADJOLIETNAME naming it, and changes nothing.
  JolietPropertySet properties() const;
  Status setProperties(const JolietPropertySet& changes);

  // The tree the next session shows: in multi-session mode the last session's files (on the
  // disc already) with the added ones merged over them.
  const stage::FileTree& stagedTree() const { return tree_; }
  // Something was added since the image was started (imported files do not count).
  bool hasStagedContent() const { return added_; }
  // Multi-session mode (DiscMaster::setActiveRecorder on an appendable disc): the disc block
  // where the new session starts; 0 in single-session mode.
  uint32_t sessionStart() const { return session_start_; }
  // The image the staged tree gives now (REQUIRES something staged or an empty tree is laid out).
  Result<layout::IsoImage> layOut() const;

 private:
  friend class DiscMaster;
  explicit JolietFormat(DiscMaster& master) : master_(master) {}
  void clear();
  // Enters multi-session mode: `imported` (the last session's tree) becomes the base and what was
  // already staged is merged over it. On a clash nothing changes.
  Status startAppend(const stage::FileTree& imported, uint32_t session_start);

  layout::IsoOptions isoOptions() const;
  // IMAPI_E_BADJOLIETNAME naming the first name under `dir` Joliet cannot hold unchanged.
  Status checkJolietNames(const stage::FileTree::Node& dir, const std::string& path) const;
  Status checkBootMedium() const;

  DiscMaster& master_;
  stage::FileTree tree_;
  // Files an overwriting addData replaced: no longer reachable, still written (imapi.md §1.4).
  std::vector<layout::FileExtent> unreachable_;
  bool added_ = false;
  uint32_t session_start_ = 0;
  std::string volume_name_;  // empty: the date
  bool rock_ridge_ = true;
  bool place_boot_image_ = false;
  layout::BootOptions boot_;
};

}  // namespace dm::api
