#include "engine/container/names.hpp"

#include <sys/random.h>

#include <cctype>

namespace mydocker::engine {

Result<std::string> validate_name(const std::string& raw) {
  std::string name = !raw.empty() && raw[0] == '/' ? raw.substr(1) : raw;
  auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  };
  bool ok = name.size() >= 2 && std::isalnum(static_cast<unsigned char>(name[0]));
  for (char c : name)
    ok = ok && allowed(c);
  if (!ok)
    return invalid_argument("Invalid container name (" + raw +
                            "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  return name;
}

std::string generate_name() {
  static const char* adjectives[] = {"brave", "calm",   "eager",  "fervent", "gallant",
                                     "happy", "jolly",  "keen",   "lucid",   "modest",
                                     "nifty", "quirky", "serene", "vibrant"};
  static const char* surnames[] = {"babbage",  "curie",   "darwin", "euler",   "hopper",
                                   "lovelace", "noether", "pascal", "ritchie", "shannon",
                                   "turing",   "wozniak", "yonath", "zuse"};
  unsigned short r[2] = {0, 0};
  (void)::getrandom(r, sizeof r, 0);
  return std::string(adjectives[r[0] % 14]) + "_" + surnames[r[1] % 14];
}

} // namespace mydocker::engine
