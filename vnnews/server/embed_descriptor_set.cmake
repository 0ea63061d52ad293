# cmake -DIN=vnnews.desc -DOUT=vnnews_desc.cc -P embed_descriptor_set.cmake: the descriptor set
# reflection serves, as a C++ array.
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "// Generated from ${IN}: the descriptor set reflection serves.\n#include <cstddef>\nnamespace vnnews::server {\nextern const unsigned char kDescriptorSet[];\nextern const std::size_t kDescriptorSetSize;\nconst unsigned char kDescriptorSet[] = {${bytes}};\nconst std::size_t kDescriptorSetSize = sizeof(kDescriptorSet);\n}  // namespace vnnews::server\n")
