// docker cp's side of the engine: GET/HEAD/PUT /containers/{id}/archive. Every path is
// resolved inside the container's root (openat2 RESOLVE_IN_ROOT from the root's fd; see
// container_root.hpp for how that fd is had for running and stopped containers), so a
// symlink planted in the container (to /etc, ../../..) never reaches the host.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "api/types/container_path_stat.hpp"
#include "common/result.hpp"
#include "engine/container_root.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

struct ArchiveDownload {
  api::ContainerPathStat stat;
  std::function<Result<void>(int out_fd)> write; // the tar, streamed (blocking)
};

struct ArchiveUploadOptions {
  bool no_overwrite_dir_non_dir = false;
  bool copy_uid_gid = false; // members owned by the container's User (docker cp -a)
};

class ContainerArchive {
public:
  ContainerArchive(ContainerService& containers, layers::ImageService& images,
                   volumes::VolumeService* volumes, std::string data_root)
      : m_containers(containers), m_images(images), m_volumes(volumes),
        m_data_root(std::move(data_root)) {}

  // HEAD: 404 "Could not find the file /x in container c" when missing.
  Result<api::ContainerPathStat> stat(const std::string& ref, const std::string& path);
  // GET: the stat is known (or the 404 given) before the first byte of the tar.
  Result<ArchiveDownload> download(const std::string& ref, const std::string& path);
  // PUT: `tar` (uncompressed) unpacked into the directory `path` (symlinks followed inside
  // the root); nothing lands outside that directory.
  Result<void> upload(const std::string& ref, const std::string& path, std::string_view tar,
                      const ArchiveUploadOptions& options);

private:
  Result<ContainerRoot> root_of(const ContainerRecord& r);
  // The container, held (a stopped one stays busy: a start waits) until the copy is done.
  Result<HeldContainer> held(const std::string& ref, const std::string& path);
  Result<api::ContainerPathStat> stat_of(const ContainerRecord& r, const std::string& ref,
                                         const std::string& path);

  ContainerService& m_containers;
  layers::ImageService& m_images;
  volumes::VolumeService* m_volumes;
  std::string m_data_root;
};

} // namespace mydocker::engine
