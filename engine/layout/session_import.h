// Importing the last session of a multisession data disc: its volume descriptors, its directory
// tree (the primary ISO 9660 tree with its Rock Ridge entries when present, else the Joliet tree,
// else plain ISO 9660 names), read block by block through a BlockReader, become a FileTree whose
// files point at the extents already on the disc (FileTree::Node::disc_lba). A new session laid
// out from that tree (IsoOptions::session_start) keeps the old files reachable (imapi.md §5.3).
//
// Rock Ridge relocation (RRIP §4.1.5) is undone: a CL placeholder becomes the directory it points
// to, RE directories are skipped where they were moved, and the relocation directory is dropped
// once it holds nothing else. Entries a FileTree cannot hold (devices, fifos, sockets) are left out.
// Multi-extent files (§6.5.1) import when their parts lie end to end, as ISO 9660 writers place
// them; other layouts are refused.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/layout/susp_reader.h"
#include "engine/stage/file_tree.h"

namespace dm::layout {

struct ImportedSession {
  stage::FileTree tree;
  uint32_t session_start = 0;        // the disc block of the session's first track
  uint32_t volume_space_blocks = 0;  // the PVD's volume space size
  // The PVD's 2048 bytes, which identify the session (volume id, dates, root location).
  std::vector<uint8_t> primary_descriptor;
  std::string volume_id;  // the Joliet volume identifier when there is one, else the PVD's
  bool rock_ridge = false;
  bool joliet = false;
};

// Reads the session whose first track starts at `session_start` (its descriptors at +16).
// Errors: IMAPI_E_CANNOT_WRITE_TO_MEDIA when the session holds no ISO 9660 file system (nothing
// we can append to), IMAPI_E_INVALIDIMAGE for damaged structures (named, with the block), and the
// reader's own errors.
Result<ImportedSession> importSession(const BlockReader& read, uint32_t session_start);

// A reader of an image file whose first block is disc block `first_lba` (an exported session,
// or a whole multisession image with first_lba 0). Blocks past the file's end are an error.
BlockReader imageFileReader(std::filesystem::path image, uint32_t first_lba = 0);

}  // namespace dm::layout
