// Only the real headers: this target exists so Swift can import libyaml.
#include <yaml.h>
