// The Dockerfile syntax of Docker's classic builder: directives, comments, line
// continuations, one instruction per logical line with its flags and its exec (JSON) or
// shell form. Variable expansion is apart (builder/shell_words.hpp): it depends on the step.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace mydocker::builder {

struct Instruction {
  std::string keyword;            // upper case: "RUN"
  std::string original;           // as Docker's "Step" lines show it: "RUN echo hi"
  std::vector<std::string> flags; // leading "--name=value" words, as written
  std::string rest;               // the arguments after the flags, trimmed
  bool exec_form = false;         // `rest` is a JSON array of strings
  std::vector<std::string> exec_args;
  int line = 0; // the first line of the instruction (1-based)
};

struct Dockerfile {
  std::vector<Instruction> instructions;
  std::vector<std::string> warnings; // "# syntax=" ignored, empty continuation lines
  char escape = '\\';
};

// InvalidArgument with Docker's text: "dockerfile parse error line 3: unknown instruction: FOO".
Result<Dockerfile> parse_dockerfile(std::string_view text);

// ONBUILD's trigger (and ONBUILD in --change) is one more instruction line.
Result<Instruction> parse_instruction_line(const std::string& line, int line_number);

// The value of a flag "--name=value" of `in`, or nullopt-like "" with found=false.
bool find_flag(const Instruction& in, std::string_view name, std::string& value);

} // namespace mydocker::builder
