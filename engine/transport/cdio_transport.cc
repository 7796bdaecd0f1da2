// CdioTransport: opening checks, then mmc_run_cmd with its sense (see header).
#include "engine/transport/cdio_transport.h"

#include <cdio/cdio.h>
#include <cdio/mmc.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "engine/base/unique_fd.h"

namespace dm {
namespace {

// libcdio's access mode for burning on Linux: O_RDWR | O_EXCL | O_NONBLOCK.
constexpr const char* kAccessMode = "MMC_RDWR_EXCL";
constexpr int kScsiCdromMajor = 11;  // sr (Documentation/admin-guide/devices.txt)

std::string groupOf(gid_t gid) {
  if (const struct group* g = ::getgrgid(gid)) return g->gr_name;
  return std::to_string(gid);
}

// What libcdio cannot tell apart (it returns NULL for every failure), found out first.
Status checkDeviceNode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status(ResultCode::kDeviceNotPresent, fmt::format("{}: no such device", path));
    return Status(ResultCode::kDeviceNotAccessible, fmt::format("{}: {}", path, std::strerror(errno)));
  }
  if (!S_ISBLK(st.st_mode)) {
    return Status(ResultCode::kDeviceNotPresent,
                  fmt::format("{}: not a block device, so not an optical drive (use /dev/srN)", path));
  }
  const UniqueFd fd(::open(path.c_str(), O_RDWR | O_EXCL | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    const int err = errno;
    if (err == EACCES || err == EPERM) {
      return Status(ResultCode::kDeviceNotAccessible,
                    fmt::format("{}: permission denied; members of the group '{}' may use it (sudo adduser $USER "
                                "{}, then log in again)",
                                path, groupOf(st.st_gid), groupOf(st.st_gid)));
    }
    if (err == EBUSY) {
      return Status(ResultCode::kDeviceStillInUse,
                    fmt::format("{}: busy: another program has it open exclusively or it is mounted", path));
    }
    if (err == ENOMEDIUM || err == ENXIO || err == ENODEV) {
      return Status(ResultCode::kDeviceNotPresent, fmt::format("{}: {}", path, std::strerror(err)));
    }
    return Status(ResultCode::kDeviceNotAccessible, fmt::format("{}: {}", path, std::strerror(err)));
  }
  // An sr device is an optical drive; other block devices (a disk, a loop device) are refused
  // before a single CDB reaches them.
  if (major(st.st_rdev) != kScsiCdromMajor) {
    return Status(ResultCode::kDeviceNotPresent,
                  fmt::format("{}: block device {}:{} is not an optical drive (sr devices are major 11)", path,
                              major(st.st_rdev), minor(st.st_rdev)));
  }
  return Status::Ok();
}

cdio_mmc_direction_t toCdio(Direction d) {
  switch (d) {
    case Direction::kToDevice: return SCSI_MMC_DATA_WRITE;
    case Direction::kFromDevice: return SCSI_MMC_DATA_READ;
    case Direction::kNone: break;
  }
  return SCSI_MMC_DATA_NONE;
}

}  // namespace

struct CdioTransport::Handle {
  CdIo_t* cdio = nullptr;
  ~Handle() {
    if (cdio != nullptr) cdio_destroy(cdio);
  }
};

CdioTransport::CdioTransport(std::string path, std::unique_ptr<Handle> handle)
    : path_(std::move(path)), handle_(std::move(handle)) {}

CdioTransport::~CdioTransport() = default;

Result<std::unique_ptr<CdioTransport>> CdioTransport::open(const std::string& path) {
  DM_TRY(checkDeviceNode(path));
  auto handle = std::make_unique<Handle>();
  handle->cdio = cdio_open_am(path.c_str(), DRIVER_LINUX, kAccessMode);
  if (handle->cdio == nullptr) {
    return Status(ResultCode::kDeviceNotAccessible, fmt::format("{}: libcdio could not open it", path));
  }
  return std::unique_ptr<CdioTransport>(new CdioTransport(path, std::move(handle)));
}

Result<CommandResult> CdioTransport::execute(const Cdb& cdb, Direction direction, std::span<uint8_t> data,
                                             Duration timeout) {
  mmc_cdb_t raw{};
  std::copy_n(cdb.bytes.begin(), std::min<size_t>(cdb.length, sizeof raw.field), raw.field);
  const auto timeout_ms = static_cast<unsigned>(
      std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()));
  const Duration began = clock_.now();
  const driver_return_code_t rc = mmc_run_cmd_len(handle_->cdio, timeout_ms, &raw, cdb.length, toCdio(direction),
                                                  static_cast<unsigned>(data.size()), data.data());
  CommandResult result;
  result.took = clock_.now() - began;
  if (rc == DRIVER_OP_SUCCESS) {
    result.transferred = data.size();  // CDROM_SEND_PACKET reports no residual count
    return result;
  }
  // libcdio keeps the sense of the last command; a failed command with fixed-format sense
  // (response code 70h/71h) is a CHECK CONDITION, anything else never reached the drive.
  cdio_mmc_request_sense_t* sense = nullptr;
  const int length = mmc_last_cmd_sense(handle_->cdio, &sense);
  const auto* bytes = reinterpret_cast<const uint8_t*>(sense);
  const bool has_sense = sense != nullptr && length >= 14 && ((bytes[0] & 0x7F) == 0x70 || (bytes[0] & 0x7F) == 0x71);
  if (has_sense) {
    result.status = kScsiStatusCheckCondition;
    result.sense.length = static_cast<uint8_t>(std::min<int>(length, static_cast<int>(result.sense.raw.size())));
    std::copy_n(bytes, result.sense.length, result.sense.raw.begin());
    result.sense.triple = SenseTriple{static_cast<uint8_t>(bytes[2] & 0x0F), bytes[12], bytes[13]};
  }
  cdio_free(sense);
  if (has_sense) return result;
  return Status(ResultCode::kDeviceNotAccessible,
                fmt::format("{}: command {:02X}h did not reach the drive ({})", path_, cdb.opcode(),
                            rc == DRIVER_OP_NOT_PERMITTED ? "not permitted"
                            : rc == DRIVER_OP_BAD_PARAMETER ? "bad parameter"
                                                            : "I/O error"));
}

}  // namespace dm
