// The real DeviceMounter: mount(2) of the local driver's type/device/o on a volume's _data.
#include <sys/mount.h>

#include <sstream>
#include <utility>

#include "volumes/volume_service.hpp"

namespace mydocker::volumes {

namespace {

// mount(8)-style flags inside `o`; everything else goes to the filesystem as data.
std::pair<unsigned long, std::string> split_options(const std::string& o) {
  static const std::map<std::string, unsigned long> flags = {
      {"ro", MS_RDONLY},       {"rw", 0},
      {"nosuid", MS_NOSUID},   {"nodev", MS_NODEV},
      {"noexec", MS_NOEXEC},   {"sync", MS_SYNCHRONOUS},
      {"noatime", MS_NOATIME}, {"relatime", MS_RELATIME},
      {"bind", MS_BIND},       {"rbind", MS_BIND | MS_REC}};
  unsigned long mask = 0;
  std::string data;
  std::istringstream in(o);
  for (std::string item; std::getline(in, item, ',');) {
    if (auto it = flags.find(item); it != flags.end())
      mask |= it->second;
    else if (!item.empty())
      data += (data.empty() ? "" : ",") + item;
  }
  return {mask, data};
}

class KernelMounter : public DeviceMounter {
public:
  Result<void> mount(const std::map<std::string, std::string>& options,
                     const std::string& target) override {
    auto value = [&](const char* key) {
      auto it = options.find(key);
      return it == options.end() ? std::string() : it->second;
    };
    auto [mask, data] = split_options(value("o"));
    std::string type = value("type"), device = value("device");
    if (::mount(device.c_str(), target.c_str(), type.c_str(), mask,
                data.empty() ? nullptr : data.c_str()) != 0)
      return sys_error("mount " + device + " on " + target);
    return {};
  }
  Result<void> unmount(const std::string& target) override {
    if (::umount2(target.c_str(), MNT_DETACH) != 0 && errno != EINVAL)
      return sys_error("unmount " + target);
    return {};
  }
};

} // namespace

std::unique_ptr<DeviceMounter> make_kernel_mounter() {
  return std::make_unique<KernelMounter>();
}

} // namespace mydocker::volumes
