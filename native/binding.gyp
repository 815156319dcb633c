# node-gyp build of the optlab native addon (see docs/native.md).
# Every native/src/*.cc is compiled, so a new kernel file needs no edit here.
# No -march=native: the x86 micro-kernels carry per-function target
# attributes and are chosen at run time from CPUID, so one binary runs on any
# x86-64 (and the portable C kernels everywhere else).
{
  "targets": [
    {
      "target_name": "optlab_native",
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('src').filter((f) => f.endsWith('.cc')).sort().map((f) => 'src/' + f).join(' ')\")"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-pthread"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_OPTIMIZATION_LEVEL": "3",
        "OTHER_CPLUSPLUSFLAGS": ["-fno-math-errno"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "Optimization": 2, "AdditionalOptions": ["/std:c++17"] }
      }
    }
  ]
}
