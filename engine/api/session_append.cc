// Reading an appendable disc for a new session, and recognising it again (see session_append.h).
#include "engine/api/session_append.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/layout/ecma119_fields.h"

namespace dm::api {
namespace {

constexpr uint32_t kReadChunkBlocks = 32;  // 64 KiB per READ(10)
constexpr uint32_t kDescriptorLbaOffset = 16;

Status wrongDisc(std::string why) {
  return Status(ResultCode::kWrongDisc,
                fmt::format("the image was staged to append a session to another disc: {}; insert that disc", why));
}

}  // namespace

layout::BlockReader driveBlockReader(mmc::Drive& drive) {
  return [&drive](uint32_t lba, uint32_t count, std::span<uint8_t> out) -> Status {
    for (uint32_t done = 0; done < count;) {
      const uint32_t n = std::min(kReadChunkBlocks, count - done);
      DM_TRY(drive.read(lba + done, static_cast<uint16_t>(n),
                        out.subspan(size_t{done} * layout::kBlockBytes, size_t{n} * layout::kBlockBytes)));
      done += n;
    }
    return Status::Ok();
  };
}

Result<AppendTarget> readAppendTarget(mmc::Drive& drive) {
  DM_ASSIGN_OR_RETURN(mmc::SessionInfo info, drive.sessionInfo());
  DM_ASSIGN_OR_RETURN(mmc::TrackInformation next,
                      drive.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
  AppendTarget target;
  target.next_writable = static_cast<uint32_t>(next.writableStart());
  DM_ASSIGN_OR_RETURN(target.session, layout::importSession(driveBlockReader(drive),
                                                            static_cast<uint32_t>(info.first_track_start_lba)));
  return target;
}

Status checkSameDisc(mmc::Drive& drive, const AppendTarget& target) {
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  if (disc.status != mmc::DiscStatus::kAppendable)
    return wrongDisc(fmt::format("the disc in the drive is {}", mmc::discStatusName(disc.status)));
  DM_ASSIGN_OR_RETURN(mmc::SessionInfo info, drive.sessionInfo());
  if (static_cast<uint32_t>(info.first_track_start_lba) != target.session.session_start)
    return wrongDisc(fmt::format("its last session starts at block {}, this one's at {}", target.session.session_start,
                                 info.first_track_start_lba));
  DM_ASSIGN_OR_RETURN(mmc::TrackInformation next,
                      drive.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
  if (static_cast<uint32_t>(next.writableStart()) != target.next_writable)
    return wrongDisc(fmt::format("its next writable block was {}, this one's is {}", target.next_writable,
                                 next.writableStart()));
  std::vector<uint8_t> pvd(layout::kBlockBytes);
  DM_TRY(drive.read(target.session.session_start + kDescriptorLbaOffset, 1, pvd));
  if (pvd != target.session.primary_descriptor)
    return wrongDisc("the primary volume descriptor of this disc's last session differs");
  return Status::Ok();
}

}  // namespace dm::api
