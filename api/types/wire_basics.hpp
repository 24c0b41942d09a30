// The vocabulary of wire structs: a struct lists its fields once, in
// `template <class S, class V> static void fields(S& s, V& v)` calling v("Key", s.member[, Empty]),
// and names its Go type in `go_name`; json_decode.hpp and json_encode.hpp walk that list.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace mydocker::api {

// How a zero field is written: Go's nil (null), an empty []/{} (Docker sends these for some
// fields), or left out (Go's `omitempty`).
enum class Empty { Null, Value, Omit };

// Go's strslice.StrSlice: a string or an array of strings (Cmd, Entrypoint, Shell, CapAdd...).
struct StrSlice : std::vector<std::string> {
  using std::vector<std::string>::vector;
};

template <class T>
concept WireStruct = requires {
  T::go_name;
};

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class T> struct IsMap : std::false_type {};
template <class T> struct IsMap<std::map<std::string, T>> : std::true_type {};
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};

} // namespace mydocker::api
