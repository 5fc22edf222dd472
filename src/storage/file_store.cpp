#include "storage/file_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

#include "core/crypto/primitives.hpp"

namespace linli::storage {

namespace {

class FileSystemStore final : public core::FileStore {
 public:
  explicit FileSystemStore(std::filesystem::path folder) : folder_(std::move(folder)) {}

  core::Result<std::string> Save(std::string_view bytes) override {
    std::error_code error;
    std::filesystem::create_directories(folder_, error);
    if (error) return core::Error::Internal("无法创建文件存储目录");
    std::filesystem::permissions(folder_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
    ASSIGN_OR_RETURN(std::string random, crypto::RandomBytes(16));
    const std::string name = crypto::HexEncode(random);
    const std::filesystem::path temporary = folder_ / (name + ".part");
    const std::filesystem::path target = folder_ / name;
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return core::Error::Internal("无法保存文件");
    size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        std::filesystem::remove(temporary, error);
        return core::Error::Internal("无法保存文件");
      }
      written += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      std::filesystem::remove(temporary, error);
      return core::Error::Internal("无法保存文件");
    }
    std::filesystem::rename(temporary, target, error);
    if (error) {
      std::filesystem::remove(temporary, error);
      return core::Error::Internal("无法保存文件");
    }
    return name;
  }

  core::Result<std::string> Read(std::string_view storage_name) override {
    if (storage_name.size() != 32 ||
        storage_name.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
      return core::Error::NotFound("文件不存在");
    }
    std::ifstream in(folder_ / std::string(storage_name), std::ios::binary);
    if (!in) return core::Error::NotFound("文件不存在");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  void Remove(std::string_view storage_name) override {
    std::error_code ignored;
    std::filesystem::remove(folder_ / std::string(storage_name), ignored);
  }

 private:
  std::filesystem::path folder_;
};

}  // namespace

std::unique_ptr<core::FileStore> MakeFileStore(std::filesystem::path folder) {
  return std::make_unique<FileSystemStore>(std::move(folder));
}

}  // namespace linli::storage
